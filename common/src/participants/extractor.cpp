// Participant extraction with rules over gazetteers, in four parts (docs/design.md,
// "Participants"):
//   - tokenizer: the text as tokens (words with their case, initials such as "M.M.",
//     punctuation, sentence starts, headings);
//   - gazetteer: the data files of common/data and ICU's country names, loaded into tables;
//   - scanner: one pass from left to right that finds, at each token, the longest gazetteer
//     phrase (country, organisation, office, title, word that is never a name, place) or a run
//     of capitalised words, and decides what it is:
//       - countries: ICU's English region names plus our aliases, official names, abbreviations
//         (case-sensitive) and adjectives/demonyms; ambiguous ones ("Chad", "Jordan") only after
//         a preposition or article;
//       - organisations: gazetteer names and acronyms, or a capitalised phrase with a head word
//         ("Ministry of ...", "... Authority of Singapore"), stopping before "of the <country>";
//       - offices: a role phrase ("Deputy Secretary", "Minister for Foreign Affairs") grows over
//         organisations, countries and connectors; the capitalised run after it (past
//         honorifics and ranks such as "Dr", "Lt Gen (retd)") is a person with that role;
//       - people: a capitalised run after an office or honorific, before ", <office>", or before
//         a verb of speech or action, or of two or more words none of which the gazetteers know;
//   - resolver: mentions inside the statement are merged: "M.M. Popov", "Mr Popov" and "Popov"
//     join "Mikhail Popov" when their surname and initials agree; an acronym of a person's
//     office ("NSA" after "National Security Adviser ...") names that person, not a new one.
//     Canonical keys fold case, accents and scripts (ICU Any-Latin; Latin-ASCII), and the
//     people aliases map spellings of one person to one key.
// This file is the public face (mofa/participants.hpp) over them.
//
// Loading is in two parts, each on first use: the key tables that the lookups of a query need
// (country_code, person_key...), and the phrase tables that only extraction needs. Neither
// creates ICU's transliterator for the gazetteers of common/data: their non-ASCII names were
// folded at build time (gazetteer_keys.inc, made by common/tools/gazetteer_keys.cpp).
#include <mofa/participants.hpp>

#include "participants/gazetteer.hpp"
#include "participants/resolver.hpp"
#include "participants/scanner.hpp"
#include "text.hpp"

#include <algorithm>
#include <mutex>

namespace fs = std::filesystem;

namespace mofa {

using participants::Gazetteers;
using participants::KeyTables;

// Each part is loaded once, on first use, by whichever thread needs it first; a part whose
// loading threw is tried again at its next use.
struct ParticipantExtractor::Impl {
    explicit Impl(fs::path data_dir) : data_dir_(std::move(data_dir)) {}

    const KeyTables& keys() { return loaded_once(keys_loaded_, keys_); }
    const Gazetteers& gazetteers() { return loaded_once(gazetteers_loaded_, gazetteers_); }

private:
    // `part`, loaded from data_dir_ once under `loaded` (a load that throws leaves it for the next use).
    template <typename Part> const Part& loaded_once(std::once_flag& loaded, Part& part) {
        std::call_once(loaded, [&] {
            Part fresh;
            fresh.load(data_dir_);
            part = std::move(fresh);
        });
        return part;
    }

    const fs::path data_dir_;
    std::once_flag keys_loaded_, gazetteers_loaded_;
    KeyTables keys_;
    Gazetteers gazetteers_;
};

// An extractor made by hand loads everything at once, so that a missing or malformed file
// throws here; shared() waits for first use.
ParticipantExtractor::ParticipantExtractor(const fs::path& data_dir) : impl_(std::make_unique<Impl>(data_dir)) {
    impl_->gazetteers();
    impl_->keys();
}

ParticipantExtractor::ParticipantExtractor(const fs::path& data_dir, Lazily) : impl_(std::make_unique<Impl>(data_dir)) {}
ParticipantExtractor::~ParticipantExtractor() = default;
ParticipantExtractor::ParticipantExtractor(ParticipantExtractor&&) noexcept = default;
ParticipantExtractor& ParticipantExtractor::operator=(ParticipantExtractor&&) noexcept = default;

const ParticipantExtractor& ParticipantExtractor::shared() {
    static const ParticipantExtractor instance(default_data_dir(), Lazily{});
    return instance;
}

namespace {

// Extraction keeps some 100 bytes of tokens and lookups per word: about 18 times the text (a
// 50 MB statement took 900 MB). The longest statements of the shared corpora are 165 kB (White
// House briefings, UN General Debate speeches), so people, countries and organisations are
// looked for in the first MiB of a statement, cut at a space: at most some 20 MB per thread.
constexpr std::size_t max_extraction_bytes = std::size_t{1} << 20;

std::string_view extraction_text(std::string_view text) { return text::prefix_at_space(text, max_extraction_bytes); }

} // namespace

Participants ParticipantExtractor::extract(const Statement& statement) const {
    std::string text;
    if (!statement.title.empty()) (text += extraction_text(statement.title)) += ".\n\n";
    text += extraction_text(statement.body);
    text.resize(extraction_text(text).size());
    const KeyTables& keys = impl_->keys();
    return participants::resolve(participants::scan(impl_->gazetteers(), text), keys);
}

void ParticipantExtractor::merge(Participants& into, const Participants& extra) const {
    for (Person p : extra.people) {
        if (p.key.empty()) p.key = person_key(p.name);
        auto it = std::find_if(into.people.begin(), into.people.end(), [&](const Person& q) { return q.key == p.key; });
        if (it == into.people.end()) into.people.push_back(std::move(p));
        else if (it->role.empty()) it->role = p.role;
    }
    for (Country c : extra.countries) {
        const auto code = country_code(c.code.empty() ? c.name : c.code);
        if (!code) continue;
        if (std::none_of(into.countries.begin(), into.countries.end(), [&](const Country& x) { return x.code == *code; }))
            into.countries.push_back({*code, country_name(*code), {}});
    }
    for (Organization o : extra.organizations) {
        if (o.key.empty()) o.key = organization_key(o.name);
        if (std::none_of(into.organizations.begin(), into.organizations.end(), [&](const Organization& x) { return x.key == o.key; }))
            into.organizations.push_back(std::move(o));
    }
}

std::optional<std::string> ParticipantExtractor::country_code(std::string_view text) const {
    return participants::country_code(impl_->keys(), text);
}

std::vector<std::string> ParticipantExtractor::country_aliases(std::string_view code) const {
    std::vector<std::string> out;
    for (const auto& [alias, of] : impl_->keys().country_lookup)
        if (of == code && alias.size() > 2) out.push_back(alias);
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::string> ParticipantExtractor::organization_name(std::string_view name) const {
    const auto& keys = impl_->keys();
    const auto it = keys.organization_names.find(participants::organization_key(keys, name));
    if (it == keys.organization_names.end()) return std::nullopt;
    return it->second;
}

std::string ParticipantExtractor::country_name(std::string_view code) const {
    return participants::country_name(impl_->keys(), code);
}

std::string ParticipantExtractor::person_key(std::string_view name) const {
    return participants::person_key(impl_->keys(), name);
}

std::string ParticipantExtractor::organization_key(std::string_view name) const {
    return participants::organization_key(impl_->keys(), name);
}

std::string ParticipantExtractor::place_key(std::string_view name) const {
    const KeyTables& keys = impl_->keys();
    std::string key = participants::place_key(name);
    if (const auto it = keys.place_alias.find(key); it != keys.place_alias.end()) return it->second;
    return key;
}

std::optional<std::string> ParticipantExtractor::place_name(std::string_view key) const {
    const KeyTables& keys = impl_->keys();
    if (const auto it = keys.place_names.find(std::string(key)); it != keys.place_names.end()) return it->second;
    return std::nullopt;
}

} // namespace mofa
