// The fourth part of participant extraction: a statement's mentions merged into participants
// ("M.M. Popov", "Mr Popov" and "Popov" join "Mikhail Popov"; "NSA" names the National
// Security Adviser found), and the canonical keys of people, countries and organisations.
#pragma once

#include "participants/gazetteer.hpp"
#include "participants/scanner.hpp"

#include <mofa/statement.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mofa::participants {

// The participants of one scan, each once, with keys and names.
Participants resolve(const Scan& scan, const KeyTables& keys);

// The lookups of ParticipantExtractor (see there).
std::optional<std::string> country_code(const KeyTables& keys, std::string_view text);
std::string country_name(const KeyTables& keys, std::string_view code);
std::string person_key(const KeyTables& keys, std::string_view name);
std::string organization_key(const KeyTables& keys, std::string_view name);

} // namespace mofa::participants
