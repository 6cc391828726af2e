// The third part of participant extraction: one pass from left to right over a statement's
// tokens that finds, at each token, the longest gazetteer phrase or a run of capitalised words
// and decides by rules what it is (an office, a person, an organisation, a country).
#pragma once

#include "participants/gazetteer.hpp"
#include "participants/tokenizer.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mofa::participants {

struct PersonMention {
    std::vector<std::size_t> tokens; // indexes of the name's tokens
    std::string text;                // as written
    std::string role;
    std::string canonical;           // the people data's name, for a name found by it ("王毅")
    bool strong = false;             // named after an office or honorific, or before a verb
    bool tentative = false;          // nothing but its capitals makes it a name (Person::tentative)
};

struct OrgMention {
    std::string text;
    std::string canonical; // empty for a phrase found by its head word
};

struct CountryMention {
    std::string code;
    std::vector<std::string> words; // the words that named it, as written, each once
};

// What the pass found in one text, in the order of the text; a person or an organisation is
// there once per mention (the resolver merges them).
struct Scan {
    std::vector<Token> tokens; // views into the text scanned
    std::vector<PersonMention> people;
    std::vector<OrgMention> organizations;
    std::vector<CountryMention> countries; // in order of first mention
};

// Scans `text`, which must outlive the result.
Scan scan(const Gazetteers& gazetteers, std::string_view text);

} // namespace mofa::participants
