// Participant extraction with rules over gazetteers.
//
// The text is split into tokens (words with their case, initials such as "M.M.", punctuation,
// sentence starts). One pass from left to right finds, at each token, the longest gazetteer
// phrase (country, organisation, office, title, word that is never a name, place) or a run of
// capitalised words, and decides what it is:
//   - countries: ICU's English region names plus our aliases, official names, abbreviations
//     (case-sensitive) and adjectives/demonyms; ambiguous ones ("Chad", "Jordan") only after a
//     preposition or article;
//   - organisations: gazetteer names and acronyms, or a capitalised phrase with a head word
//     ("Ministry of ...", "... Authority of Singapore"), stopping before "of the <country>";
//   - offices: a role phrase ("Deputy Secretary", "Minister for Foreign Affairs") grows over
//     organisations, countries and connectors; the capitalised run after it (past honorifics
//     and ranks such as "Dr", "Lt Gen (retd)") is a person with that role;
//   - people: a capitalised run after an office or honorific, before ", <office>", or before a
//     verb of speech or action, or of two or more words none of which the gazetteers know.
// A second step resolves mentions inside the statement: "M.M. Popov", "Mr Popov" and "Popov"
// join "Mikhail Popov" when their surname and initials agree; an acronym of a person's office
// ("NSA" after "National Security Adviser ...") names that person, not a new one.
// Canonical keys fold case, accents and scripts (ICU Any-Latin; Latin-ASCII), and the people
// aliases map spellings of one person to one key.
//
// Loading is in two parts, each on first use: the key tables that the lookups of a query need
// (country_code, person_key...), and the phrase tables that only extraction needs. Neither
// creates ICU's transliterator for the gazetteers of common/data: their non-ASCII names were
// folded at build time (gazetteer_keys.inc, made by common/tools/gazetteer_keys.cpp).
#include <mofa/error.hpp>
#include <mofa/participants.hpp>

#include "text.hpp"

#include <fmt/format.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <dlfcn.h>

namespace fs = std::filesystem;

namespace mofa {

fs::path default_data_dir() {
    if (const char* env = std::getenv("MOFA_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    // Installed: share/mofa beside the lib folder libmofa was loaded from, wherever the prefix
    // was moved; then the configured prefix; then the source tree (a build that is not installed).
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(&default_data_dir), &info) && info.dli_fname) {
        const fs::path here = fs::path(info.dli_fname).parent_path() / ".." / "share" / "mofa";
        if (fs::exists(here / "countries.tsv", ec)) return fs::weakly_canonical(here, ec);
    }
    if (fs::exists(fs::path(MOFA_INSTALLED_DATA_DIR) / "countries.tsv", ec)) return MOFA_INSTALLED_DATA_DIR;
    return MOFA_SOURCE_DATA_DIR;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Folding

// Case-folds a word for gazetteer lookups (accents kept), and strips a possessive 's.
std::string fold_word(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    bool ascii = true;
    for (char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        for (char c : word) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
        out = text::normalize(word);
    }
    if (out.size() > 2 && out.ends_with("'s")) out.resize(out.size() - 2);
    else if (out.size() > 1 && out.ends_with("'")) out.resize(out.size() - 1);
    return out;
}

#include "gazetteer_keys.inc"

// A canonical key (text::fold_key), from the build's table when the gazetteers hold the text.
std::string fold_key(std::string_view name) {
    if (text::is_ascii(name)) return text::fold_key(name);
    const auto it = std::lower_bound(gazetteer_keys.begin(), gazetteer_keys.end(), name,
                                     [](const auto& entry, std::string_view text) { return entry.first < text; });
    if (it != gazetteer_keys.end() && it->first == name) return std::string(it->second);
    return text::fold_key(name);
}

// ---------------------------------------------------------------------------------------------
// Tokens

struct Token {
    std::string_view text; // as written
    std::string fold;      // for lookups
    std::size_t begin = 0, end = 0;
    bool word = false;
    bool cap = false;       // starts with an upper-case letter
    bool all_caps = false;  // two or more letters, none lower case
    bool initials = false;  // "M.M.", "J.", "A"
    bool possessive = false; // "Biden’s": a name ends here
    bool sentence_start = false;
    bool heading = false;    // in a sentence of capitalised words (a title or heading)
};

bool is_initials(std::string_view w) {
    // ([A-Z]\.)+ or a single capital letter
    if (w.size() == 1) return w[0] >= 'A' && w[0] <= 'Z';
    if (w.size() % 2 != 0) return false;
    for (std::size_t i = 0; i < w.size(); i += 2)
        if (!(w[i] >= 'A' && w[i] <= 'Z') || w[i + 1] != '.') return false;
    return true;
}

// Abbreviations whose period does not end a sentence.
bool keeps_period(std::string_view w) {
    static const std::unordered_set<std::string_view> abbreviations{
        "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj", "Brig", "Capt", "Adm", "Sgt", "Cdr", "Sen",
        "Rep", "Gov", "Hon", "Rev", "Jr", "Sr", "St", "No", "Mt", "Ft", "Messrs", "Amb", "Sec", "Pres", "Dep"};
    if (abbreviations.count(w)) return true;
    // Initials: "M.M" or "J" before the final period, and "U.S".
    bool ok = !w.empty();
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (i % 2 == 0) ok = ok && w[i] >= 'A' && w[i] <= 'Z';
        else ok = ok && w[i] == '.';
    }
    return ok;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> tokens;
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(s.size());
    bool sentence_start = true;
    int32_t i = 0;
    auto peek = [&](int32_t at) -> UChar32 {
        if (at >= length) return -1;
        UChar32 c;
        U8_NEXT(bytes, at, length, c);
        return c;
    };
    while (i < length) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) continue;
        if (u_isUWhiteSpace(c)) {
            if (c == '\n' && peek(i) == '\n') sentence_start = true;
            continue;
        }
        if (u_isalnum(c)) {
            // A word: letters and digits, with ' ’ - . & inside when a letter or digit follows.
            int32_t end = i;
            for (;;) {
                int32_t next = end;
                UChar32 d;
                if (next >= length) break;
                U8_NEXT(bytes, next, length, d);
                if (d >= 0 && u_isalnum(d)) {
                    end = next;
                    continue;
                }
                if (d == '\'' || d == 0x2019 || d == '-' || d == '.' || d == '&' || d == 0x2010) {
                    const UChar32 after = peek(next);
                    // A period joins initials ("U.S", "M.M") and numbers ("1.5"), not sentences
                    // that lack a space ("Delhi.Singapore").
                    bool joins = after >= 0 && u_isalnum(after);
                    if (joins && d == '.') {
                        std::size_t segment = static_cast<std::size_t>(end);
                        while (segment > static_cast<std::size_t>(start) && s[segment - 1] != '.') --segment;
                        const bool digits = u_isdigit(after) && s[static_cast<std::size_t>(end) - 1] >= '0' &&
                                            s[static_cast<std::size_t>(end) - 1] <= '9';
                        joins = digits || static_cast<std::size_t>(end) - segment == 1;
                    }
                    if (joins) {
                        end = next;
                        continue;
                    }
                }
                break;
            }
            i = end;
            Token t;
            std::string_view w = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
            // A period right after an abbreviation or initials belongs to it.
            if (i < length && s[static_cast<std::size_t>(i)] == '.' && keeps_period(w)) {
                ++i;
                w = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
            }
            t.text = w;
            t.begin = static_cast<std::size_t>(start);
            t.end = static_cast<std::size_t>(i);
            t.word = true;
            t.fold = fold_word(w);
            t.possessive = t.fold.size() + 1 < w.size() && (w.ends_with("'s") || w.ends_with("\u2019s"));
            t.cap = u_isupper(c) || u_istitle(c);
            int letters = 0;
            bool lower = false;
            for (int32_t k = 0; k < static_cast<int32_t>(w.size());) {
                UChar32 d;
                U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), k, static_cast<int32_t>(w.size()), d);
                if (u_isalpha(d)) ++letters;
                if (u_islower(d)) lower = true;
            }
            t.all_caps = letters >= 2 && !lower;
            t.initials = is_initials(w);
            t.sentence_start = sentence_start;
            sentence_start = false;
            tokens.push_back(std::move(t));
            continue;
        }
        Token t;
        t.text = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        t.fold = std::string(t.text);
        t.begin = static_cast<std::size_t>(start);
        t.end = static_cast<std::size_t>(i);
        t.sentence_start = sentence_start;
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';') sentence_start = true;
        else if (c != 0x201C && c != '"' && c != 0x2018 && c != '\'' && c != '(') sentence_start = false;
        tokens.push_back(std::move(t));
    }
    // A sentence whose words are nearly all capitalised is a title or heading ("Secretary
    // Blinken’s Travel to Phnom Penh"): capitals there say nothing about names.
    for (std::size_t first = 0; first < tokens.size();) {
        std::size_t last = first + 1;
        while (last < tokens.size() && !tokens[last].sentence_start) ++last;
        std::size_t words = 0, capitalised = 0;
        for (std::size_t k = first; k < last; ++k) {
            if (!tokens[k].word || tokens[k].text.size() <= 3) continue; // "of", "the", "and", "to"
            ++words;
            if (tokens[k].cap) ++capitalised;
        }
        if (words >= 3 && capitalised * 10 >= words * 8)
            for (std::size_t k = first; k < last; ++k) tokens[k].heading = true;
        first = last;
    }
    return tokens;
}

// ---------------------------------------------------------------------------------------------
// Gazetteers

enum class Kind { country, adjective, ambiguous, organization, role, role_prefix, honorific, rank, not_name, place };

struct Entry {
    Kind kind;
    std::string value; // country code, organisation canonical name, or the phrase itself
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

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        fields.emplace_back(text::trim(std::string_view(line).substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return fields;
}

// Calls `row` with the fields of every data line of a TSV file; `#` lines are comments.
template <typename F> void read_tsv(const fs::path& path, std::size_t min_fields, F&& row) {
    std::ifstream in(path);
    if (!in)
        throw Error(ErrorCategory::io, fmt::format("cannot read gazetteer {}", path.string()),
                    "set MOFA_DATA_DIR to the folder with mofa's data files (common/data in the sources)");
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (text::trim(line).empty() || text::trim(line).starts_with('#')) continue;
        auto fields = split_tabs(line);
        if (fields.size() < min_fields)
            throw Error(ErrorCategory::io, fmt::format("{}:{}: expected {} tab-separated fields", path.string(), number, min_fields));
        row(fields);
    }
}

bool is_acronym(std::string_view s) {
    bool upper = false;
    for (char c : s) {
        if (c >= 'a' && c <= 'z') return false;
        if (c >= 'A' && c <= 'Z') upper = true;
    }
    return upper;
}

// ICU's English names of the ISO 3166-1 countries, by code, in ICU's order.
std::vector<std::pair<std::string, std::string>> icu_countries() {
    std::vector<std::pair<std::string, std::string>> countries;
    for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code) {
        icu::UnicodeString name;
        icu::Locale("", *code).getDisplayCountry(icu::Locale::getEnglish(), name);
        std::string display;
        name.toUTF8String(display);
        // ICU also lists codes that are not ISO 3166-1 countries (DG, EA, IC).
        if (display.empty() || display == *code || std::string_view(*code) == "DG" || std::string_view(*code) == "EA" ||
            std::string_view(*code) == "IC")
            continue;
        countries.emplace_back(*code, std::move(display));
    }
    return countries;
}

// "Myanmar (Burma)" → "Myanmar" and "Burma"; "Congo - Kinshasa" is left to the aliases.
std::vector<std::string> parts_of_icu_name(const std::string& display) {
    std::vector<std::string> parts;
    if (const auto paren = display.find(" ("); paren != std::string::npos) {
        parts.push_back(display.substr(0, paren));
        const auto close = display.find(')', paren);
        if (close != std::string::npos) parts.push_back(display.substr(paren + 2, close - paren - 2));
    }
    return parts;
}

// What the lookups of a query need: countries' codes and names, and the keys of organisations
// and people.
struct KeyTables {
    std::map<std::string, std::string, std::less<>> country_names;   // code → display name
    std::unordered_map<std::string, std::string> country_lookup;       // folded name/adjective/code → code
    std::unordered_map<std::string, std::string> organization_names;   // key → canonical name
    std::unordered_map<std::string, std::string> organization_alias;   // folded alias → key
    std::unordered_map<std::string, std::string> person_alias;         // key of a variant → canonical name

    void load(const fs::path& dir);
};

void KeyTables::load(const fs::path& dir) {
    // Countries: ICU's names, then our aliases (ambiguous ones are never looked up).
    for (const auto& [code, display] : icu_countries()) {
        country_names[code] = display;
        country_lookup.emplace(fold_key(display), code);
        for (const auto& part : parts_of_icu_name(display)) country_lookup.emplace(fold_key(part), code);
        country_lookup.emplace(fold_key(code), code);
    }
    read_tsv(dir / "countries.tsv", 3, [&](const std::vector<std::string>& f) {
        const std::string& code = f[0];
        if (f[1] != "ambiguous") country_lookup.emplace(fold_key(f[2]), code);
        if (!country_names.count(code)) country_names[code] = f[2];
    });
    read_tsv(dir / "organizations.tsv", 1, [&](const std::vector<std::string>& f) {
        const std::string key = fold_key(f[0]);
        organization_names.emplace(key, f[0]);
        for (const auto& alias : f)
            if (!alias.empty()) organization_alias.emplace(fold_key(alias), key);
    });
    read_tsv(dir / "people.tsv", 1, [&](const std::vector<std::string>& f) {
        for (const auto& variant : f)
            if (!variant.empty()) person_alias.emplace(fold_key(variant), f[0]);
    });
}

// What extraction needs besides: phrases and the word lists of the rules.
struct Gazetteers {
    PhraseTable phrases;
    std::unordered_set<std::string> org_heads, event_heads, speech_verbs, particles, connectors;
    std::unordered_set<std::string> vocabulary; // folded words of offices, ranks and non-names
    std::unordered_set<std::string> common_words; // ordinary words that are never names

    bool is_event_head(const std::string& fold) const {
        return event_heads.count(fold) || (fold.size() > 3 && fold.back() == 's' && event_heads.count(fold.substr(0, fold.size() - 1)));
    }

    bool is_known_word(const std::string& fold) const {
        if (vocabulary.count(fold) || common_words.count(fold) || org_heads.count(fold) || event_heads.count(fold)) return true;
        // Plurals of offices and the like: "Presidents", "Ministers".
        return fold.size() > 3 && fold.back() == 's' && vocabulary.count(fold.substr(0, fold.size() - 1));
    }

    void add_phrase(std::string_view phrase, Entry entry, bool case_sensitive) {
        const auto tokens = tokenize(phrase);
        std::string key;
        auto& prefixes = case_sensitive ? phrases.exact_prefixes : phrases.folded_prefixes;
        for (const auto& t : tokens) {
            if (!key.empty()) {
                prefixes.insert(key);
                key += ' ';
            }
            key += case_sensitive ? std::string(t.text) : t.fold;
            // Words of offices and of things that are never names; not of organisations or
            // places, whose names hold personal names ("Khan Research Laboratories", "Lawrence").
            if (t.word && (entry.kind == Kind::role || entry.kind == Kind::role_prefix || entry.kind == Kind::rank ||
                           entry.kind == Kind::not_name))
                vocabulary.insert(t.fold);
        }
        if (key.empty()) return;
        phrases.max_words = std::max(phrases.max_words, tokens.size());
        auto& table = case_sensitive ? phrases.exact : phrases.folded;
        auto& entries = table[key];
        for (const auto& e : entries)
            if (e.kind == entry.kind && e.value == entry.value) return;
        entries.push_back(std::move(entry));
    }

    void add_country(const std::string& code, const std::string& text, Kind kind, bool case_sensitive) {
        if (kind == Kind::ambiguous) {
            // An ambiguous name ("Jordan", "Chad") replaces ICU's plain entry for it.
            std::string key;
            for (const auto& t : tokenize(text)) key += (key.empty() ? "" : " ") + t.fold;
            if (auto it = phrases.folded.find(key); it != phrases.folded.end())
                std::erase_if(it->second, [&](const Entry& e) { return e.kind == Kind::country && e.value == code; });
        }
        add_phrase(text, {kind, code}, case_sensitive);
    }

    void load(const fs::path& dir);
};

void Gazetteers::load(const fs::path& dir) {
    // Countries: ICU's English names of ISO 3166 regions, then our aliases.
    for (const auto& [code, display] : icu_countries()) {
        add_country(code, display, Kind::country, false);
        for (const auto& part : parts_of_icu_name(display)) add_country(code, part, Kind::country, false);
    }
    read_tsv(dir / "countries.tsv", 3, [&](const std::vector<std::string>& f) {
        const std::string& code = f[0];
        const std::string& kind = f[1];
        if (kind == "abbr") add_country(code, f[2], Kind::country, true);
        else if (kind == "adjective") add_country(code, f[2], Kind::adjective, false);
        else if (kind == "ambiguous") add_country(code, f[2], Kind::ambiguous, false);
        else add_country(code, f[2], Kind::country, false);
    });
    read_tsv(dir / "organizations.tsv", 1, [&](const std::vector<std::string>& f) {
        for (const auto& alias : f)
            if (!alias.empty()) add_phrase(alias, {Kind::organization, f[0]}, is_acronym(alias));
    });
    read_tsv(dir / "titles.tsv", 2, [&](const std::vector<std::string>& f) {
        static const std::map<std::string, Kind, std::less<>> kinds{
            {"honorific", Kind::honorific}, {"rank", Kind::rank},         {"role", Kind::role},
            {"role-prefix", Kind::role_prefix}, {"not-a-name", Kind::not_name}, {"place", Kind::place}};
        const auto it = kinds.find(f[0]);
        if (it == kinds.end()) return;
        add_phrase(f[1], {it->second, f[1]}, it->second == Kind::not_name && is_acronym(f[1]) && f[1].size() <= 3);
    });
    if (fs::exists(dir / "places.tsv"))
        read_tsv(dir / "places.tsv", 1, [&](const std::vector<std::string>& f) { add_phrase(f.back(), {Kind::place, f.back()}, false); });
    if (fs::exists(dir / "common-words.txt"))
        read_tsv(dir / "common-words.txt", 1, [&](const std::vector<std::string>& f) { common_words.insert(fold_word(f[0])); });
    read_tsv(dir / "patterns.tsv", 2, [&](const std::vector<std::string>& f) {
        const std::string word = fold_word(f[1]);
        if (f[0] == "org-head") org_heads.insert(word);
        else if (f[0] == "event-head") event_heads.insert(word);
        else if (f[0] == "speech-verb") speech_verbs.insert(word);
        else if (f[0] == "particle") particles.insert(word);
        else if (f[0] == "connector") connectors.insert(word);
        if (f[0] == "org-head" || f[0] == "event-head") vocabulary.insert(word);
    });
}

// ---------------------------------------------------------------------------------------------
// One statement

// "LDCs", "SDGs"
bool is_acronym_plural(std::string_view w) {
    if (w.size() < 3 || w.back() != 's') return false;
    return std::all_of(w.begin(), w.end() - 1, [](char c) { return c >= 'A' && c <= 'Z'; });
}

struct Match {
    std::size_t length = 0; // in tokens
    const Entry* entry = nullptr;
};

struct PersonMention {
    std::vector<std::size_t> tokens; // indexes of the name's tokens
    std::string text;                // as written
    std::string role;
    bool strong = false;             // named after an office or honorific, or before a verb
};

struct OrgMention {
    std::string text;
    std::string canonical; // empty for a phrase found by its head word
};

class Pass {
public:
    Pass(const Gazetteers& g, std::string_view text)
        : g_(g), text_(text), tokens_(tokenize(text)), matched_(tokens_.size()) {}

    void run() {
        std::size_t i = 0;
        while (i < tokens_.size()) i = step(i);
    }

    std::vector<PersonMention> people;
    std::vector<OrgMention> organizations;
    std::vector<std::string> countries; // codes in order of first mention

private:
    const Gazetteers& g_;
    std::string_view text_;
    std::vector<Token> tokens_;
    mutable std::vector<std::optional<Match>> matched_;

    const Token* at(std::size_t i) const { return i < tokens_.size() ? &tokens_[i] : nullptr; }
    bool is_punct(std::size_t i, std::string_view p) const { return i < tokens_.size() && !tokens_[i].word && tokens_[i].text == p; }
    std::string span(std::size_t first, std::size_t last_exclusive) const {
        if (first >= last_exclusive) return {};
        return std::string(text_.substr(tokens_[first].begin, tokens_[last_exclusive - 1].end - tokens_[first].begin));
    }

    // The longest gazetteer phrase at i. Country and organisation names need a capital letter.
    // Memoised: the rules ask about the same token several times.
    Match match(std::size_t i) const {
        if (i >= tokens_.size() || !tokens_[i].word) return {};
        if (!matched_[i]) matched_[i] = lookup(i);
        return *matched_[i];
    }

    Match lookup(std::size_t i) const {
        const std::size_t max = std::min(g_.phrases.max_words, tokens_.size() - i);
        std::string folded, exact;
        bool folded_open = true, exact_open = true;
        Match best;
        for (std::size_t n = 1; n <= max && (folded_open || exact_open); ++n) {
            const Token& t = tokens_[i + n - 1];
            if (n > 1) {
                folded_open = folded_open && g_.phrases.folded_prefixes.count(folded);
                exact_open = exact_open && g_.phrases.exact_prefixes.count(exact);
                folded += ' ';
                exact += ' ';
            }
            folded += t.fold;
            exact += t.possessive ? t.text.substr(0, t.text.size() - (t.text.ends_with("'s") ? 2 : 4)) : t.text;
            if (auto it = exact_open ? g_.phrases.exact.find(exact) : g_.phrases.exact.end(); it != g_.phrases.exact.end())
                best = {n, &it->second.front()};
            if (auto it = folded_open ? g_.phrases.folded.find(folded) : g_.phrases.folded.end(); it != g_.phrases.folded.end()) {
                for (const Entry& e : it->second) {
                    const bool needs_capital = e.kind == Kind::country || e.kind == Kind::adjective || e.kind == Kind::ambiguous ||
                                               e.kind == Kind::organization || e.kind == Kind::place;
                    if (needs_capital && !tokens_[i].cap) continue;
                    best = {n, &e};
                    break;
                }
            }
        }
        return best;
    }

    void add_country(const std::string& code) {
        if (std::find(countries.begin(), countries.end(), code) == countries.end()) countries.push_back(code);
    }

    // Countries named inside an organisation's name ("Security Council of the Russian Federation").
    void countries_within(std::size_t first, std::size_t last) {
        for (std::size_t k = first; k < last; ++k) {
            const Match m = match(k);
            if (!m.entry || k + m.length > last) continue;
            if (m.entry->kind == Kind::country || m.entry->kind == Kind::adjective) {
                add_country(m.entry->value);
                k += m.length - 1;
            }
        }
    }

    // An organisation found by its head word.
    std::size_t pattern_organization(std::size_t i, std::size_t end) {
        organizations.push_back({name_text(i, end), std::string()});
        countries_within(i, end);
        return end;
    }

    bool is_connector(std::size_t i) const { return i < tokens_.size() && tokens_[i].word && g_.connectors.count(tokens_[i].fold); }

    // Records what a gazetteer match names (countries, organisations).
    void note(const Match& m, std::size_t i) {
        switch (m.entry->kind) {
        case Kind::country:
        case Kind::adjective: add_country(m.entry->value); break;
        case Kind::ambiguous: {
            // Only in a context that makes it a place: after a preposition, article or comma.
            static const std::unordered_set<std::string> before{"in", "to", "of", "with", "and", "the", "from",
                                                                 "between", "by", "for", "on", ","};
            if (i > 0 && before.count(tokens_[i - 1].fold) && !(at(i + m.length) && at(i + m.length)->cap))
                add_country(m.entry->value);
            break;
        }
        case Kind::organization:
            organizations.push_back({name_text(i, i + m.length), m.entry->value});
            countries_within(i, i + m.length);
            break;
        default: break;
        }
    }

    // An office: the role phrase at i grows over organisations, countries, other offices,
    // connectors and words of the gazetteers' vocabulary. Returns its end.
    std::size_t role_end(std::size_t end) {
        for (;;) {
            std::size_t j = end;
            if (j < tokens_.size() && tokens_[j].sentence_start) return end;
            // "... for Civilian Security, Democracy, and Human Rights": a list inside an office.
            if (is_punct(j, ",") && j + 1 < tokens_.size() && tokens_[j + 1].word &&
                (tokens_[j + 1].fold == "and" || (tokens_[j + 1].cap && g_.is_known_word(tokens_[j + 1].fold))))
                ++j;
            while (is_connector(j)) ++j;
            if (j >= tokens_.size() || !tokens_[j].word || tokens_[j].sentence_start) return end;
            const Match m = match(j);
            // "Minister of the International Department of the Communist Party of China": an
            // organisation inside an office is recorded too.
            const bool office_word = m.entry && (m.entry->kind == Kind::role || m.entry->kind == Kind::role_prefix ||
                                                 m.entry->kind == Kind::honorific || m.entry->kind == Kind::rank);
            if (const std::size_t org = office_word ? j : organization_end(j); org > j + (m.entry ? m.length : 0)) {
                organizations.push_back({name_text(j, org), std::string()});
                countries_within(j, org);
                end = org;
                continue;
            }
            if (m.entry && (m.entry->kind == Kind::role || m.entry->kind == Kind::organization ||
                            m.entry->kind == Kind::country || m.entry->kind == Kind::adjective)) {
                note(m, j);
                end = j + m.length;
                continue;
            }
            if (tokens_[j].cap && !tokens_[j].initials && g_.is_known_word(tokens_[j].fold) &&
                !(m.entry && (m.entry->kind == Kind::honorific || m.entry->kind == Kind::rank))) {
                end = j + 1;
                continue;
            }
            return end;
        }
    }

    // Skips honorifics, ranks and "(retd)"; returns the first token after them.
    std::size_t skip_titles(std::size_t i) const {
        for (;;) {
            if (is_punct(i, "(") && i + 2 < tokens_.size() && is_punct(i + 2, ")")) {
                const Match m = match(i + 1);
                if (m.entry && (m.entry->kind == Kind::rank || m.entry->kind == Kind::honorific)) {
                    i += 3;
                    continue;
                }
            }
            if (i >= tokens_.size() || !tokens_[i].word) return i;
            const Match m = match(i);
            if (m.entry && (m.entry->kind == Kind::honorific || m.entry->kind == Kind::rank)) {
                i += m.length;
                continue;
            }
            return i;
        }
    }

    // Places ("Lawrence", "Park") and ambiguous country names ("Jordan") may be parts of names.
    bool stops_name(std::size_t j) const {
        const Match m = match(j);
        if (!m.entry) return false;
        return m.entry->kind != Kind::place && (m.entry->kind != Kind::ambiguous || !tokens_[j].cap);
    }

    // A run of capitalised words and initials (with particles inside) that could be a name.
    std::size_t name_end(std::size_t i) const {
        std::size_t j = i;
        while (j < tokens_.size()) {
            const Token& t = tokens_[j];
            if (!t.word || (j > i && t.sentence_start)) break;
            if ((t.cap || t.initials) && (j == i || !stops_name(j))) {
                if (j > i && t.all_caps && t.text.size() >= 2 && !t.initials) break; // an acronym after a name
                ++j;
                if (t.possessive) break; // "Biden’s Call"
                continue;
            }
            if (j > i && g_.particles.count(t.fold) && j + 1 < tokens_.size() && tokens_[j + 1].cap) {
                ++j;
                continue;
            }
            break;
        }
        return j;
    }

    bool looks_like_name(std::size_t first, std::size_t last) const {
        std::size_t words = 0;
        for (std::size_t k = first; k < last; ++k) {
            const Token& t = tokens_[k];
            if (g_.particles.count(t.fold) && !t.cap) continue;
            if ((t.all_caps || is_acronym_plural(t.text)) && !t.initials) return false;
            if (g_.is_known_word(t.fold)) return false;
            if (!t.initials) ++words;
            // Digits are not in names.
            if (std::any_of(t.text.begin(), t.text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
        }
        return words >= 1;
    }

    // An organisation named by its head word: "Ministry of Trade and Industry", "Maritime and
    // Port Authority of Singapore", "S. Rajaratnam School of International Studies".
    std::size_t organization_end(std::size_t i) const {
        if (is_connector(i)) return i; // "AND MINISTRY OF ..." in a line of capitals
        std::size_t j = i, head = SIZE_MAX;
        bool complement = false; // past the "of"/"for" after the head ("Ministry of ...")
        while (j < tokens_.size() && tokens_[j].word && (j == i || !tokens_[j].sentence_start)) {
            const Token& t = tokens_[j];
            if (j > i && is_connector(j) && t.fold != "in" && t.fold != "to") {
                // "of the <country>" ends an organisation whose head came before it; "and the"
                // starts another one.
                std::size_t k = j;
                while (is_connector(k)) ++k;
                if (k >= tokens_.size() || !tokens_[k].cap || tokens_[k].sentence_start) break;
                // Before the head only "and", "&" join words ("Maritime and Port Authority");
                // "Joe Biden on the Passing of ..." is no organisation.
                if (head == SIZE_MAX && (k > j + 1 || (tokens_[j].fold != "and" && tokens_[j].fold != "&"))) break;
                if (tokens_[j].fold == "and" && (k > j + 1 || (head != SIZE_MAX && g_.org_heads.count(tokens_[k].fold)))) break;
                const Match m = match(k);
                // "National Security Council of the Russian Federation" is the council; the
                // "International Department of the Communist Party of China" is one body.
                if (head != SIZE_MAX && head != i && tokens_[j].fold == "of" && tokens_[j + 1].fold == "the" &&
                    m.entry && (m.entry->kind == Kind::country || m.entry->kind == Kind::place))
                    break;
                if (head != SIZE_MAX && head != i && tokens_[j].fold == "of" && tokens_[j + 1].fold == "the" &&
                    !(m.entry && m.entry->kind == Kind::organization) && !g_.org_heads.count(tokens_[k].fold)) {
                    std::size_t h = k;
                    while (h < tokens_.size() && tokens_[h].cap && !g_.org_heads.count(tokens_[h].fold)) ++h;
                    if (h >= tokens_.size() || !g_.org_heads.count(tokens_[h].fold)) break;
                }
                if (m.entry && (m.entry->kind == Kind::role || m.entry->kind == Kind::honorific || m.entry->kind == Kind::rank)) break;
                if (m.entry && m.entry->kind == Kind::organization) {
                    // "... and National Security Council" is another body; "... of the Communist
                    // Party of China" is part of this one.
                    if (tokens_[j].fold == "and") break;
                    if (head != SIZE_MAX && (tokens_[j].fold == "of" || tokens_[j].fold == "for")) complement = true;
                    j = k + m.length;
                    continue;
                }
                // After the head, only words of offices and organisations, or countries, go on
                // ("Department of Energy Jennifer Granholm", "Domestic Policy Council and Mala Adiga").
                if (head != SIZE_MAX && !(m.entry && (m.entry->kind == Kind::country || m.entry->kind == Kind::organization)) &&
                    !g_.is_known_word(tokens_[k].fold))
                    break;
                if (head != SIZE_MAX && (tokens_[j].fold == "of" || tokens_[j].fold == "for")) complement = true;
                j = k;
                continue;
            }
            if (!(t.cap || t.initials)) break;
            if (j > i) {
                const Match m = match(j);
                // An office before a name is not part of the organisation before it
                // ("Communist Party of Vietnam General Secretary Nguyen Phu Trong"); an office
                // ending the phrase is ("Office of Global Criminal Justice").
                // An office right after the organisation's own words ("European Union
                // Commissioner", "Senate Majority Leader") is not part of it; inside its
                // complement it is ("Office of Global Criminal Justice"), unless a name follows.
                if (m.entry && (m.entry->kind == Kind::role || m.entry->kind == Kind::role_prefix)) {
                    const std::size_t after = j + m.length;
                    const Match next = match(after);
                    const bool name_follows = after < tokens_.size() && (tokens_[after].cap || tokens_[after].initials) &&
                                              !(next.entry && (next.entry->kind == Kind::role || next.entry->kind == Kind::organization));
                    if (head != SIZE_MAX && (!complement || name_follows)) break;
                    if (head == SIZE_MAX && name_follows) break;
                }
                if (m.entry && (m.entry->kind == Kind::honorific || m.entry->kind == Kind::rank)) break;
                if (head != SIZE_MAX && !complement && !g_.is_known_word(t.fold) && !g_.org_heads.count(t.fold) &&
                    !(m.entry && (m.entry->kind == Kind::organization || m.entry->kind == Kind::country)))
                    break; // a name after "Parliament", "National Assembly"
                if (head != SIZE_MAX) {
                    // "Ministry of Foreign Affairs Singapore" (a sign-off), "... Resolutions".
                    if (m.entry && (m.entry->kind == Kind::country || m.entry->kind == Kind::place) && !is_connector(j - 1)) break;
                    if (!complement && g_.is_event_head(t.fold)) break;
                    if (complement && !g_.is_known_word(t.fold) && !(m.entry && m.entry->kind == Kind::country)) break;
                    // A second head that opens its own "X of ..." after a complete "Head of Y"
                    // is another organisation ("Department of State Office of Global Criminal Justice").
                    if (complement && g_.org_heads.count(t.fold) && is_connector(j + 1) &&
                        (tokens_[j + 1].fold == "of" || tokens_[j + 1].fold == "for"))
                        break;
                }
            }
            if (g_.org_heads.count(t.fold) && head == SIZE_MAX) head = j;
            ++j;
            if (t.possessive) break;
        }
        if (head == SIZE_MAX || j - i < 2) return i;
        // "the Biden Administration": a name and "Administration" is a government, not a body.
        if (j - i == 2 && tokens_[head].fold == "administration") return i;
        return j;
    }

    std::size_t step(std::size_t i) {
        const Token& t = tokens_[i];
        if (!t.word) return i + 1;
        const Match m = match(i);
        // An ordinary word capitalised because it starts a sentence ("If Congress ...").
        if (!m.entry && t.sentence_start && g_.common_words.count(t.fold) && !g_.org_heads.count(t.fold)) return i + 1;
        if (m.entry) {
            switch (m.entry->kind) {
            case Kind::role:
            case Kind::role_prefix: return office(i, m);
            case Kind::honorific:
            case Kind::rank: return titled_name(i, i, std::string());
            case Kind::organization: {
                const std::size_t pattern = organization_end(i);
                if (pattern > i + m.length) return pattern_organization(i, pattern);
                note(m, i);
                return i + m.length;
            }
            case Kind::country:
            case Kind::adjective:
            case Kind::ambiguous: {
                const std::size_t pattern = organization_end(i);
                note(m, i);
                if (pattern > i + m.length) return pattern_organization(i, pattern);
                return i + m.length;
            }
            case Kind::not_name: return i + m.length;
            case Kind::place: {
                // "Peking University", "Tashkent State University"
                if (const std::size_t pattern = organization_end(i); pattern > i + m.length) return pattern_organization(i, pattern);
                // A place that is also a name ("Lawrence Wong") goes on as a name.
                const std::size_t end = name_end(i);
                if (end > i + m.length) return consider_person(i, end, std::string(), false);
                return i + m.length;
            }
            }
        }
        if (!t.cap && !t.initials) return i + 1;
        if (const std::size_t org = organization_end(i); org > i) return pattern_organization(i, org);
        const std::size_t end = name_end(i);
        if (end == i) return i + 1;
        return consider_person(i, end, std::string(), false);
    }

    // An office at i, then maybe titles and a name.
    std::size_t office(std::size_t i, const Match& m) {
        std::size_t end = role_end(i + m.length);
        std::string role = name_text(i, end);
        if (m.entry->kind == Kind::role_prefix && end == i + m.length) return end; // "former" alone
        return titled_name(i, end, role);
    }

    std::size_t titled_name(std::size_t role_start, std::size_t at_title, const std::string& role) {
        std::size_t j = skip_titles(at_title);
        if (j >= tokens_.size() || !tokens_[j].word || !(tokens_[j].cap || tokens_[j].initials)) return std::max(j, role_start + 1);
        const Match m = match(j);
        if (m.entry && m.entry->kind != Kind::ambiguous) {
            // "Mr President", "the Foreign Secretary of Pakistan": no name follows.
            return std::max(j, role_start + 1);
        }
        const std::size_t end = name_end(j);
        if (end == j) return j + 1;
        return consider_person(j, end, role, true);
    }

    // The text of a name as written, without a possessive, on one line.
    std::string name_text(std::size_t first, std::size_t last) const {
        std::string text = text::one_line(span(first, last));
        for (std::string_view suffix : {"'s", "\u2019s"})
            if (text.ends_with(suffix)) text.resize(text.size() - suffix.size());
        std::string out;
        for (std::size_t k = 0; k < text.size(); ++k) {
            if (text.compare(k, 2, "\u00A0") == 0) { // no-break space
                out += ' ';
                ++k;
                continue;
            }
            out += text[k];
        }
        return out;
    }

    // `vouched`: an office or honorific stands right before the name.
    // Returns the end of what it consumed (the run, or a ", Jr." after it).
    std::size_t consider_person(std::size_t first, std::size_t last, std::string role, bool vouched) {
        const std::size_t run_end = last;
        // Ordinary words at the edges of a run are not part of the name ("Policies Heng Swee
        // Keat", "Human Rights Uzra Zeya").
        while (last - first > 1 && !tokens_[first].initials && g_.is_known_word(tokens_[first].fold)) ++first;
        while (last - first > 1 && !tokens_[last - 1].initials && g_.is_known_word(tokens_[last - 1].fold)) --last;
        // A place or a country before a name is not part of it ("North America James Cleverly").
        for (Match m = match(first); last - first > 1 && m.entry && first + m.length < last &&
                                     (m.entry->kind == Kind::place || m.entry->kind == Kind::country ||
                                      m.entry->kind == Kind::adjective);
             m = match(first)) {
            if (m.entry->kind != Kind::place) note(m, first);
            first += m.length;
        }
        // Known words alone are nobody, whatever stands before them ("Mr President").
        bool all_known = true;
        for (std::size_t k = first; k < last; ++k) all_known = all_known && !tokens_[k].initials && g_.is_known_word(tokens_[k].fold);
        if (all_known) return run_end;
        // A single acronym is not a name.
        if (last - first == 1 && (tokens_[first].all_caps || is_acronym_plural(tokens_[first].text)) && !tokens_[first].initials) return run_end;
        // "Joseph R. Biden, Jr."
        std::size_t end = last;
        if (!tokens_[last - 1].possessive) {
            std::size_t k = last + (is_punct(last, ",") ? 1 : 0);
            if (k < tokens_.size() && tokens_[k].word && (tokens_[k].fold == "jr." || tokens_[k].fold == "jr" || tokens_[k].fold == "sr." ||
                                                           tokens_[k].text == "II" || tokens_[k].text == "III"))
                end = k + 1;
        }
        // ", Minister for Foreign Affairs" (or ", Department Spokesperson", ", Indian Foreign
        // Secretary") after the name gives the office.
        bool appositive = false;
        if (is_punct(end, ",") && end + 1 < tokens_.size()) {
            std::size_t k = end + 1;
            while (k < tokens_.size() && tokens_[k].word && (tokens_[k].fold == "the" || tokens_[k].fold == "a")) ++k;
            for (std::size_t lead = 0; lead < 3 && k < tokens_.size() && tokens_[k].word && tokens_[k].cap; ++lead) {
                const Match m = match(k);
                if (m.entry && (m.entry->kind == Kind::role || m.entry->kind == Kind::role_prefix)) {
                    if (role.empty()) role = name_text(k, role_end(k + m.length));
                    appositive = true;
                    break;
                }
                if (m.entry && (m.entry->kind == Kind::adjective || m.entry->kind == Kind::country)) {
                    note(m, k);
                    k += m.length;
                    continue;
                }
                if (!g_.is_known_word(tokens_[k].fold)) break;
                ++k;
            }
        }
        const bool verb = end < tokens_.size() && tokens_[end].word && g_.speech_verbs.count(tokens_[end].fold);
        const bool name_like = looks_like_name(first, last);
        // Capitals in a heading vouch for nothing; known words are a name only when an office
        // or title vouches for them.
        if (appositive) vouched = true;
        if (!vouched && tokens_[first].heading) return run_end;
        // A run cut short by a capitalised word is part of a longer name of something else
        // ("Dodd-Frank Wall Street Reform").
        if (!vouched && run_end < tokens_.size() && tokens_[run_end].word && tokens_[run_end].cap && !tokens_[run_end].sentence_start)
            return run_end;
        if (!name_like && !vouched) return run_end;
        if (!name_like) {
            for (std::size_t k = first; k < last; ++k)
                if (g_.org_heads.count(tokens_[k].fold) || g_.event_heads.count(tokens_[k].fold)) return run_end;
        }
        const std::size_t words = last - first;
        if (words == 1 && tokens_[first].sentence_start && !vouched && !appositive) return run_end;
        PersonMention p;
        for (std::size_t k = first; k < last; ++k) p.tokens.push_back(k);
        p.text = name_text(first, end);
        p.role = std::move(role);
        p.strong = vouched || appositive || verb || words >= 2;
        people.push_back(std::move(p));
        return std::max(run_end, end);
    }

public:
    const std::vector<Token>& tokens() const { return tokens_; }
};

// The initial letters of an office's capitalised words: "National Security Adviser" → "NSA".
std::string acronym_of(std::string_view role) {
    std::string out;
    bool start = true;
    for (char c : role) {
        if (c == ' ' || c == '-') {
            start = true;
            continue;
        }
        if (start && c >= 'A' && c <= 'Z') out += c;
        start = false;
    }
    return out;
}

struct NameParts {
    std::vector<std::string> words;    // folded, without initials
    std::vector<char> initials;        // first letters of initials, in order
    std::vector<char> first_letters;   // of every part, in order
};

NameParts parts_of(const PersonMention& p, const std::vector<Token>& tokens) {
    NameParts parts;
    for (std::size_t k : p.tokens) {
        const Token& t = tokens[k];
        if (t.initials) {
            for (char c : t.text)
                if (c >= 'A' && c <= 'Z') {
                    parts.initials.push_back(static_cast<char>(c - 'A' + 'a'));
                    parts.first_letters.push_back(static_cast<char>(c - 'A' + 'a'));
                }
        } else {
            const std::string key = fold_key(t.fold);
            if (key.empty()) continue;
            parts.words.push_back(key);
            parts.first_letters.push_back(key[0]);
        }
    }
    return parts;
}

// Whether the short form `s` can name the person with the fuller form `f`: its words are words
// of f (the last one being f's last or first word: "Popov", "Hayashi") and its initials are
// first letters of f's other words, in order.
bool names_same_person(const NameParts& s, const NameParts& f) {
    if (s.words.empty() || f.words.empty()) return false;
    if (s.words.size() > f.words.size()) return false;
    const std::string& surname = s.words.back();
    if (surname != f.words.back() && !(s.words.size() == 1 && surname == f.words.front())) return false;
    for (const auto& w : s.words)
        if (std::find(f.words.begin(), f.words.end(), w) == f.words.end()) return false;
    // The first initial is the given name's; more initials may stand for a patronymic or
    // middle name the fuller form leaves out ("M.M. Popov" is "Mikhail Popov").
    if (!s.initials.empty() && s.words.size() == 1 && s.initials.front() != f.first_letters.front()) return false;
    return true;
}

} // namespace

// Each part is loaded once, on first use, by whichever thread needs it first; a part whose
// loading threw is tried again at its next use.
struct ParticipantExtractor::Impl {
    explicit Impl(fs::path data_dir) : data_dir_(std::move(data_dir)) {}

    const KeyTables& keys() {
        std::call_once(keys_loaded_, [&] {
            KeyTables loaded;
            loaded.load(data_dir_);
            keys_ = std::move(loaded);
        });
        return keys_;
    }

    const Gazetteers& gazetteers() {
        std::call_once(gazetteers_loaded_, [&] {
            Gazetteers loaded;
            loaded.load(data_dir_);
            gazetteers_ = std::move(loaded);
        });
        return gazetteers_;
    }

private:
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
    Participants result;
    std::string text;
    if (!statement.title.empty()) (text += extraction_text(statement.title)) += ".\n\n";
    text += extraction_text(statement.body);
    text.resize(extraction_text(text).size());
    const KeyTables& keys = impl_->keys();
    Pass pass(impl_->gazetteers(), text);
    pass.run();
    const auto& tokens = pass.tokens();

    // People: full forms first (most words), then shorter forms join them or stand alone.
    std::vector<std::size_t> order(pass.people.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::vector<NameParts> parts;
    for (const auto& p : pass.people) parts.push_back(parts_of(p, tokens));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (parts[a].words.size() != parts[b].words.size()) return parts[a].words.size() > parts[b].words.size();
        return parts[a].initials.size() > parts[b].initials.size();
    });
    struct Found {
        std::size_t first_mention;
        NameParts parts;
        Person person;
    };
    std::vector<Found> found;
    for (std::size_t k : order) {
        const PersonMention& m = pass.people[k];
        std::vector<std::size_t> candidates;
        for (std::size_t f = 0; f < found.size(); ++f)
            if (names_same_person(parts[k], found[f].parts)) candidates.push_back(f);
        if (!candidates.empty()) {
            // Two people with one surname ("Tehmina Janjua", "Nasser Khan Janjua"): "Janjua" is
            // one of them, not a third; it goes to the nearest full form before it.
            std::size_t best = candidates.front();
            for (std::size_t f : candidates)
                if (found[f].first_mention < m.tokens.front() &&
                    (found[best].first_mention > m.tokens.front() || found[f].first_mention > found[best].first_mention))
                    best = f;
            Person& p = found[best].person;
            if (std::find(p.mentions.begin(), p.mentions.end(), m.text) == p.mentions.end()) p.mentions.push_back(m.text);
            if (p.role.empty()) p.role = m.role;
            found[best].first_mention = std::min(found[best].first_mention, m.tokens.front());
            continue;
        }
        if (!m.strong) continue; // a lone capitalised word that names nobody known
        Person p;
        p.mentions.push_back(m.text);
        p.role = m.role;
        found.push_back({m.tokens.front(), parts[k], std::move(p)});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.first_mention < b.first_mention; });

    // An acronym of a found person's office names that person ("NSA").
    std::unordered_set<std::string> office_acronyms;
    for (const auto& f : found)
        if (const auto a = acronym_of(f.person.role); a.size() >= 2) office_acronyms.insert(a);

    for (auto& f : found) {
        Person& p = f.person;
        const std::string key = fold_key(p.mentions.front());
        if (const auto it = keys.person_alias.find(key); it != keys.person_alias.end()) {
            p.name = it->second;
            p.key = fold_key(it->second);
        } else {
            p.name = p.mentions.front();
            p.key = key;
        }
        // A trailing comma or period of an office is not part of it.
        while (!p.role.empty() && (p.role.back() == ',' || p.role.back() == '.')) p.role.pop_back();
        if (p.key.empty()) continue;
        const bool duplicate = std::any_of(result.people.begin(), result.people.end(), [&](const Person& q) { return q.key == p.key; });
        if (!duplicate) result.people.push_back(std::move(p));
    }

    for (const auto& code : pass.countries) result.countries.push_back({code, country_name(code)});

    for (const auto& o : pass.organizations) {
        if (office_acronyms.count(o.text)) continue;
        const std::string key = o.canonical.empty() ? organization_key(o.text) : fold_key(o.canonical);
        if (key.empty()) continue;
        auto it = std::find_if(result.organizations.begin(), result.organizations.end(),
                               [&](const Organization& x) { return x.key == key; });
        if (it == result.organizations.end()) {
            const auto known = keys.organization_names.find(key);
            result.organizations.push_back({known != keys.organization_names.end() ? known->second : o.text, key, {o.text}});
        } else if (std::find(it->mentions.begin(), it->mentions.end(), o.text) == it->mentions.end()) {
            it->mentions.push_back(o.text);
            std::stable_sort(it->mentions.begin(), it->mentions.end(),
                             [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
        }
    }
    return result;
}

void ParticipantExtractor::merge(Participants& into, const Participants& extra) const {
    for (Person p : extra.people) {
        if (p.key.empty()) p.key = person_key(p.name);
        if (p.mentions.empty()) p.mentions.push_back(p.name);
        auto it = std::find_if(into.people.begin(), into.people.end(), [&](const Person& q) { return q.key == p.key; });
        if (it == into.people.end()) into.people.push_back(std::move(p));
        else if (it->role.empty()) it->role = p.role;
    }
    for (Country c : extra.countries) {
        const auto code = country_code(c.code.empty() ? c.name : c.code);
        if (!code) continue;
        if (std::none_of(into.countries.begin(), into.countries.end(), [&](const Country& x) { return x.code == *code; }))
            into.countries.push_back({*code, country_name(*code)});
    }
    for (Organization o : extra.organizations) {
        if (o.key.empty()) o.key = organization_key(o.name);
        if (o.mentions.empty()) o.mentions.push_back(o.name);
        if (std::none_of(into.organizations.begin(), into.organizations.end(), [&](const Organization& x) { return x.key == o.key; }))
            into.organizations.push_back(std::move(o));
    }
}

std::optional<std::string> ParticipantExtractor::country_code(std::string_view text) const {
    const KeyTables& keys = impl_->keys();
    const std::string key = fold_key(text);
    if (key.size() == 2) {
        std::string upper = key;
        for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
        if (keys.country_names.count(upper)) return upper;
    }
    if (const auto it = keys.country_lookup.find(key); it != keys.country_lookup.end()) return it->second;
    return std::nullopt;
}

std::string ParticipantExtractor::country_name(std::string_view code) const {
    const auto& names = impl_->keys().country_names;
    const auto it = names.find(code);
    return it == names.end() ? std::string(code) : it->second;
}

std::string ParticipantExtractor::person_key(std::string_view name) const {
    const auto& aliases = impl_->keys().person_alias;
    const std::string key = fold_key(name);
    if (const auto it = aliases.find(key); it != aliases.end()) return fold_key(it->second);
    return key;
}

std::string ParticipantExtractor::organization_key(std::string_view name) const {
    const auto& aliases = impl_->keys().organization_alias;
    const std::string key = fold_key(name);
    if (const auto it = aliases.find(key); it != aliases.end()) return it->second;
    return key;
}

} // namespace mofa
