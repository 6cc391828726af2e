// The second part of participant extraction: the data files of common/data (and ICU's country
// names) loaded into tables, in two parts that load separately: the key tables that the
// lookups of a query need, and the phrase tables and word lists that only extraction needs.
#pragma once

#include "participants/dictionary.hpp"
#include "participants/tokenizer.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace mofa::participants {

// A canonical key (text::fold_key), from the build's table when the gazetteers hold the text:
// their non-ASCII names were folded at build time (gazetteer_keys.inc, made by
// common/tools/gazetteer_keys.cpp), so that loading creates no ICU transliterator.
std::string fold_key(std::string_view name);

// The folded key of a place's name as written (case, accents and scripts folded: "GENÈVE" →
// "geneve"), before places.tsv maps it to the key of the place's first name.
std::string place_key(std::string_view name);

// The key of a phrase in another script for the lookups of KeyTables: its tokens' folds
// (fold_word: case folded, Russian, Ukrainian and Arabic words light-stemmed, CJK one character
// each) joined by spaces. Needs no ICU transliterator, unlike fold_key.
std::string phrase_key(std::string_view phrase);

enum class Kind { country, adjective, ambiguous, organization, role, role_prefix, honorific, rank, not_name, place, person };

struct Entry {
    Kind kind;
    // Country codes (several joined by '+' for a word that names two: "中美" is "CN+US"), an
    // organisation's or a person's canonical name, or the phrase itself.
    std::string value;
    // Matched in lower case too: adjectives the data writes in lower case (French, Spanish,
    // Russian and Ukrainian ones: "российской", "український"), not English ones ("American").
    bool any_case = false;
};

// Phrases keyed by their folded words joined with spaces (case-insensitive), and by their words
// as written (case-sensitive: abbreviations and acronyms).
struct PhraseTable {
    std::unordered_map<std::string, std::vector<Entry>> folded;
    std::unordered_map<std::string, std::vector<Entry>> exact;
    // Every proper prefix (in words) of a phrase, so that a lookup stops as soon as no phrase
    // can continue.
    std::unordered_set<std::string> folded_prefixes, exact_prefixes;
    std::size_t max_words = 1;
};

// What the lookups of a query need: countries' codes and names, and the keys of organisations
// and people.
struct KeyTables {
    std::map<std::string, std::string, std::less<>> country_names;   // code → display name
    std::unordered_map<std::string, std::string> country_lookup;       // folded name/adjective/code → code
    std::unordered_map<std::string, std::string> organization_names;   // key → canonical name
    std::unordered_map<std::string, std::string> organization_alias;   // folded alias → key
    std::unordered_map<std::string, std::string> person_alias;         // key of a variant → canonical name
    // The folded surname (last word, of four letters or more; also the first word of a Chinese
    // or Korean name, which the data writes in Han or Hangul too) of the people data's Latin
    // names → the canonical name, for surnames that one person of the data has ("lavrov", "xi").
    std::unordered_map<std::string, std::string> person_by_surname;
    std::unordered_map<std::string, std::string> place_alias;          // place_key of a name → key of its first name
    std::unordered_map<std::string, std::string> place_names;          // key of a first name → that name
    // issuers.tsv: the phrase_key of a name that stands for a country's government → the code.
    std::vector<std::pair<std::string, std::string>> issuer_names;

    // Names in scripts other than Latin, by phrase_key: ICU's country names in
    // country_name_locales and the data's ("Пакистана", "巴基斯坦" → PK), and people's
    // ("Лаврова" → Sergey Lavrov). Made at their first use, from what load() kept: few lookups
    // need them, and they cost some 20 ms (a query's lookups take 3 ms without them).
    struct OtherScripts {
        std::unordered_map<std::string, std::string> countries; // → code
        std::unordered_map<std::string, std::string> people;    // → canonical name
    };
    const OtherScripts& other_scripts() const;

    // Reads countries.tsv, organizations.tsv, people.tsv, places.tsv and issuers.tsv (if there)
    // of `dir`.
    // Throws Error{io}.
    void load(const std::filesystem::path& dir);

private:
    struct Lazy;
    std::shared_ptr<Lazy> other_scripts_;
};

// What extraction needs besides: the tokenizer (with its abbreviations), phrases and the word
// lists of the rules.
struct Gazetteers {
    Tokenizer tokenizer;
    PhraseTable phrases;
    std::unordered_set<std::string> org_heads, event_heads, speech_verbs, particles, connectors;
    std::unordered_set<std::string> vocabulary; // folded words of offices, ranks and non-names
    std::unordered_set<std::string> common_words; // ordinary words that are never names
    std::unordered_set<std::string> country_contexts; // folded words after which an ambiguous name is the country
    std::unordered_set<std::string> government_heads; // folded: "the Biden Administration" is no body
    std::unordered_set<std::string> place_prefixes;   // folded: "Cape Erimo", "Mount Kenya" are places
    std::unordered_set<std::string> place_starts;     // folded: "East Kentucky" is a place; "West" may end a name
    std::unordered_set<std::string> company_suffixes; // folded: "Ltd", "Pte" end a company's name
    std::unordered_set<std::string> name_suffixes;       // folded ("jr.")
    std::unordered_set<std::string> exact_name_suffixes; // as written ("II")
    // Folded words of the people data's names, and given names (given-names.txt): a run of
    // ordinary words with one of the first anywhere, or one of the second first, may be a name
    // ("Chuck Schumer", "Mark Rutte"; not "Guardia Nacional y Sembrando Vida").
    std::unordered_set<std::string> name_words, given_names;
    // Folded common surnames that are ordinary words (surnames.txt): an office vouches for one
    // alone ("Secretary Rice").
    std::unordered_set<std::string> word_surnames;
    // Hunspell's dictionaries: which capitalised words are ordinary words.
    std::shared_ptr<const Dictionaries> dictionaries;

    // Whether the word is an ordinary word of its language and no name that people go by (as a
    // given name when `first` in the name).
    bool is_ordinary_word(const Token& t, bool first) const {
        return !name_words.count(t.fold) && !(first && given_names.count(t.fold)) && dictionaries && dictionaries->ordinary(t.text);
    }

    // The same in English only (not "Mota", "Rico"): a word of the Latin script's first
    // dictionary (a word whose first letter is ASCII is of the Latin script); `even_in_names`:
    // also when a name of the people data has it ("Park").
    bool is_english_word(const Token& t, bool even_in_names = false) const {
        return !t.initials && (even_in_names || !name_words.count(t.fold)) && !t.text.empty() &&
               static_cast<unsigned char>(t.text[0]) < 0x80 && dictionaries && dictionaries->ordinary_in_first_language(t.text);
    }

    // "Jr.", "II": a word after a name that belongs to it.
    bool is_name_suffix(const Token& t) const {
        return t.word && (name_suffixes.count(t.fold) || exact_name_suffixes.count(std::string(t.text)));
    }

    bool is_event_head(const std::string& fold) const {
        return event_heads.count(fold) || (fold.size() > 3 && fold.back() == 's' && event_heads.count(fold.substr(0, fold.size() - 1)));
    }

    bool is_known_word(const std::string& fold) const {
        if (vocabulary.count(fold) || common_words.count(fold) || org_heads.count(fold) || event_heads.count(fold)) return true;
        // Plurals of offices and the like: "Presidents", "Ministers".
        return fold.size() > 3 && fold.back() == 's' && vocabulary.count(fold.substr(0, fold.size() - 1));
    }

    // Reads the data files of `dir` that extraction needs (of people.tsv only the names in
    // scripts without capitals), and ICU's country names. Throws Error{io}.
    void load(const std::filesystem::path& dir);

private:
    void add_phrase(std::string_view phrase, Entry entry, bool case_sensitive);
    void add_country(const std::string& code, const std::string& text, Kind kind, bool case_sensitive);
};

} // namespace mofa::participants
