#include "participants/gazetteer.hpp"

#include "participants/icu_countries.hpp"
#include "text.hpp"

#include <mofa/error.hpp>
#include <mofa/participants.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <mutex>
#include <utility>

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

namespace participants {

namespace {

#include "gazetteer_keys.inc"

} // namespace

std::string fold_key(std::string_view name) {
    if (text::is_ascii(name)) return text::fold_key(name);
    const auto it = std::lower_bound(gazetteer_keys.begin(), gazetteer_keys.end(), name,
                                     [](const auto& entry, std::string_view text) { return entry.first < text; });
    if (it != gazetteer_keys.end() && it->first == name) return std::string(it->second);
    return text::fold_key(name);
}

std::string place_key(std::string_view name) { return fold_key(text::normalize_value(name)); }

std::string phrase_key(std::string_view phrase) {
    static const Tokenizer tokenizer;
    std::string key;
    for (const auto& t : tokenizer.tokenize(phrase)) {
        if (!t.word) continue;
        if (!key.empty()) key += ' ';
        key += t.fold;
    }
    return key;
}

namespace {

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

// Whether a name is written in Latin letters (with accents), where a foreign name can be an
// English word ("Island" is Iceland in German).
bool is_latin(std::string_view s) {
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0xCA) return false; // past Latin Extended, IPA
    return true;
}

bool is_acronym(std::string_view s) {
    bool upper = false;
    for (char c : s) {
        if (c >= 'a' && c <= 'z') return false;
        if (c >= 'A' && c <= 'Z') upper = true;
    }
    return upper;
}

// Whether an alias of organizations.tsv is matched as written: acronyms in capitals ("NATO") and
// one-word names with a capital inside ("LeT", "AfDB", "TikTok"), whose case tells them from
// words ("Let’s"); names with a capital after a hyphen ("Al-Qaeda") are not.
bool cased_alias(std::string_view s) {
    if (is_acronym(s)) return true;
    if (s.find_first_of(" -") != std::string_view::npos) return false;
    return std::any_of(s.begin() + (s.empty() ? 0 : 1), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

} // namespace

// What KeyTables::load keeps for other_scripts(), and what that makes of it once.
struct KeyTables::Lazy {
    std::vector<std::pair<std::string, std::string>> countries, people; // (name, code or canonical) of the data
    std::once_flag once;
    OtherScripts tables;
};

const KeyTables::OtherScripts& KeyTables::other_scripts() const {
    static const OtherScripts none;
    if (!other_scripts_) return none;
    Lazy& lazy = *other_scripts_;
    std::call_once(lazy.once, [&] {
        // ICU's names in other languages, without transliterating them (fold_key would).
        for (const char* locale : country_name_locales)
            for (const auto& [code, display] : icu_countries(locale))
                if (const std::string name = main_part_of_local_name(display); !name.empty() && !is_latin(name))
                    lazy.tables.countries.emplace(phrase_key(name), code);
        for (const auto& [name, code] : lazy.countries) lazy.tables.countries.emplace(phrase_key(name), code);
        for (const auto& [name, canonical] : lazy.people) lazy.tables.people.emplace(phrase_key(name), canonical);
    });
    return lazy.tables;
}

void KeyTables::load(const fs::path& dir) {
    // Countries: ICU's names, then our aliases (ambiguous ones are never looked up).
    for (const auto& [code, display] : icu_countries()) {
        country_names[code] = display;
        country_lookup.emplace(fold_key(display), code);
        for (const auto& part : parts_of_icu_name(display)) country_lookup.emplace(fold_key(part), code);
        country_lookup.emplace(fold_key(code), code);
    }
    other_scripts_ = std::make_shared<Lazy>();
    read_tsv(dir / "countries.tsv", 3, [&](const std::vector<std::string>& f) {
        const std::string& code = f[0];
        if (code.find('+') != std::string::npos) return; // two countries in one word ("中美")
        if (f[1] != "ambiguous") {
            if (is_latin(f[2])) country_lookup.emplace(fold_key(f[2]), code);
            else other_scripts_->countries.emplace_back(f[2], code);
        }
        if (!country_names.count(code)) {
            country_names[code] = f[2];
            // A historical state's code (ISO 3166-3, "SUHH") is a name of it too.
            if (code.size() > 2) country_lookup.emplace(fold_key(code), code);
        }
    });
    read_tsv(dir / "organizations.tsv", 1, [&](const std::vector<std::string>& f) {
        const std::string key = fold_key(f[0]);
        organization_names.emplace(key, f[0]);
        for (const auto& alias : f)
            if (!alias.empty()) organization_alias.emplace(fold_key(alias), key);
    });
    std::unordered_set<std::string> shared_surnames;
    read_tsv(dir / "people.tsv", 1, [&](const std::vector<std::string>& f) {
        if (is_latin(f[0])) {
            const std::string key = fold_key(f[0]);
            const std::string surname = key.substr(key.rfind(' ') + 1);
            if (surname.size() >= 4 && surname.size() < key.size() && !person_by_surname.emplace(surname, f[0]).second)
                shared_surnames.insert(surname);
            // A Chinese or Korean name (one the data also writes in Han or Hangul) puts the
            // family name first: "Xi" alone is Xi Jinping.
            if (const std::size_t space = key.find(' ');
                space != std::string::npos && space >= 2 &&
                std::any_of(f.begin() + 1, f.end(), [](const std::string& variant) { return text::has_cjk(variant); })) {
                const std::string family = key.substr(0, space);
                if (family != surname && !person_by_surname.emplace(family, f[0]).second) shared_surnames.insert(family);
            }
        }
        for (const auto& variant : f) {
            if (variant.empty()) continue;
            person_alias.emplace(fold_key(variant), f[0]);
            // "Лаврова", "С.В.Лавровым": case forms of Cyrillic names, by their stems.
            if (!is_latin(variant)) other_scripts_->people.emplace_back(variant, f[0]);
        }
    });
    for (const auto& surname : shared_surnames) person_by_surname.erase(surname);
    if (fs::exists(dir / "places.tsv"))
        read_tsv(dir / "places.tsv", 1, [&](const std::vector<std::string>& f) {
            const std::string key = place_key(f[0]);
            place_names.emplace(key, f[0]);
            for (const auto& name : f)
                if (!name.empty()) place_alias.emplace(place_key(name), key);
        });
    if (fs::exists(dir / "issuers.tsv"))
        read_tsv(dir / "issuers.tsv", 2, [&](const std::vector<std::string>& f) { issuer_names.emplace_back(phrase_key(f[0]), f[1]); });
}

void Gazetteers::add_phrase(std::string_view phrase, Entry entry, bool case_sensitive) {
    const auto tokens = tokenizer.tokenize(phrase);
    std::string key;
    auto& prefixes = case_sensitive ? phrases.exact_prefixes : phrases.folded_prefixes;
    for (const auto& t : tokens) {
        if (!key.empty()) {
            prefixes.insert(key);
            key += ' ';
        }
        key += case_sensitive ? std::string(t.text) : t.fold;
        // Words of offices and of things that are never names; not of organisations or
        // places, whose names hold personal names ("Khan Research Laboratories", "Lawrence"),
        // nor an office's acronyms ("UN Secretary-General": "Kim Jong Un").
        if (t.word && (entry.kind == Kind::role || entry.kind == Kind::role_prefix || entry.kind == Kind::rank ||
                       entry.kind == Kind::not_name) &&
            !(entry.kind != Kind::not_name && t.all_caps && t.text.size() >= 2))
            vocabulary.insert(t.fold);
    }
    if (key.empty()) return;
    // An adjective the data writes in lower case ("российской") is matched in lower case too.
    // So is an organisation's name, a rank or an honorific that the data writes in lower case
    // ("al-Qaida", "retd").
    if (entry.kind == Kind::adjective || entry.kind == Kind::organization || entry.kind == Kind::rank ||
        entry.kind == Kind::honorific)
        entry.any_case = !tokens.front().cap && !tokens.front().caseless;
    phrases.max_words = std::max(phrases.max_words, tokens.size());
    auto& table = case_sensitive ? phrases.exact : phrases.folded;
    auto& entries = table[key];
    for (auto& e : entries)
        if (e.kind == entry.kind && e.value == entry.value) {
            e.any_case = e.any_case || entry.any_case;
            return;
        }
    entries.push_back(std::move(entry));
}

void Gazetteers::add_country(const std::string& code, const std::string& text, Kind kind, bool case_sensitive) {
    if (kind == Kind::ambiguous) {
        // An ambiguous name ("Jordan", "Chad") replaces ICU's plain entry for it.
        std::string key;
        for (const auto& t : tokenizer.tokenize(text)) key += (key.empty() ? "" : " ") + t.fold;
        if (auto it = phrases.folded.find(key); it != phrases.folded.end())
            std::erase_if(it->second, [&](const Entry& e) { return e.kind == Kind::country && e.value == code; });
    }
    add_phrase(text, {kind, code}, case_sensitive);
}


void Gazetteers::load(const fs::path& dir) {
    // countries.tsv is read first, so that a folder without the data files is reported by its
    // first file, as the key tables report it; the phrases need the tokenizer's abbreviations.
    std::vector<std::vector<std::string>> country_rows;
    read_tsv(dir / "countries.tsv", 3, [&](const std::vector<std::string>& f) { country_rows.push_back(f); });
    std::vector<std::string> abbreviations;
    read_tsv(dir / "abbreviations.txt", 1, [&](const std::vector<std::string>& f) { abbreviations.push_back(f[0]); });
    tokenizer = Tokenizer(std::move(abbreviations));
    if (fs::exists(dir / "common-words.txt"))
        read_tsv(dir / "common-words.txt", 1, [&](const std::vector<std::string>& f) { common_words.insert(fold_word(f[0])); });
    // Countries: ICU's English names of ISO 3166 regions, its names in the languages of other
    // ministries (but not those that are English words: "Island" is Iceland in German), then
    // our aliases.
    for (const auto& [code, display] : icu_countries()) {
        add_country(code, display, Kind::country, false);
        for (const auto& part : parts_of_icu_name(display)) add_country(code, part, Kind::country, false);
    }
    for (const char* locale : country_name_locales)
        for (const auto& [code, display] : icu_countries(locale)) {
            const std::string name = main_part_of_local_name(display);
            if (name.empty() || (is_latin(name) && common_words.count(fold_word(name)))) continue;
            add_country(code, name, Kind::country, false);
        }
    for (const auto& f : country_rows) {
        const std::string& code = f[0];
        const std::string& kind = f[1];
        if (kind == "abbr") add_country(code, f[2], Kind::country, true);
        else if (kind == "adjective") add_country(code, f[2], Kind::adjective, false);
        else if (kind == "ambiguous") add_country(code, f[2], Kind::ambiguous, false);
        else add_country(code, f[2], Kind::country, false);
    }
    read_tsv(dir / "organizations.tsv", 1, [&](const std::vector<std::string>& f) {
        for (const auto& alias : f)
            if (!alias.empty()) add_phrase(alias, {Kind::organization, f[0]}, cased_alias(alias));
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
        read_tsv(dir / "places.tsv", 1, [&](const std::vector<std::string>& f) {
            for (const auto& name : f)
                if (!name.empty()) add_phrase(name, {Kind::place, f[0]}, false);
        });
    // Cities of several words (made by scripts/make-cities): places to the extractor only.
    if (fs::exists(dir / "cities.tsv"))
        read_tsv(dir / "cities.tsv", 1, [&](const std::vector<std::string>& f) { add_phrase(f[0], {Kind::place, f[0]}, false); });
    // People written in scripts without capitals ("王毅", "سيرغي لافروف") are found by name, as
    // no capital can mark them; the others by the rules.
    read_tsv(dir / "people.tsv", 1, [&](const std::vector<std::string>& f) {
        for (const auto& variant : f)
            if (starts_caseless(variant)) add_phrase(variant, {Kind::person, f[0]}, false);
            else
                for (const auto& t : tokenizer.tokenize(variant))
                    if (t.word && !t.initials) name_words.insert(t.fold);
    });
    if (fs::exists(dir / "given-names.txt"))
        read_tsv(dir / "given-names.txt", 1, [&](const std::vector<std::string>& f) { given_names.insert(fold_word(f[0])); });
    if (fs::exists(dir / "surnames.txt"))
        read_tsv(dir / "surnames.txt", 1, [&](const std::vector<std::string>& f) { word_surnames.insert(fold_word(f[0])); });
    dictionaries = std::make_shared<const Dictionaries>(Dictionaries::default_dir());
    read_tsv(dir / "patterns.tsv", 2, [&](const std::vector<std::string>& f) {
        const std::string word = fold_word(f[1]);
        if (f[0] == "org-head") org_heads.insert(word);
        else if (f[0] == "company-suffix") org_heads.insert(word), company_suffixes.insert(word);
        else if (f[0] == "event-head") event_heads.insert(word);
        else if (f[0] == "speech-verb") speech_verbs.insert(word);
        else if (f[0] == "particle") particles.insert(word);
        else if (f[0] == "connector") connectors.insert(word);
        else if (f[0] == "country-context") country_contexts.insert(word);
        else if (f[0] == "government-head") government_heads.insert(word);
        else if (f[0] == "place-prefix") place_prefixes.insert(word);
        else if (f[0] == "place-start") place_starts.insert(word);
        else if (f[0] == "name-suffix" && is_acronym(f[1])) exact_name_suffixes.insert(f[1]);
        else if (f[0] == "name-suffix") name_suffixes.insert(word);
        if (f[0] == "org-head" || f[0] == "company-suffix" || f[0] == "event-head" || f[0] == "place-prefix") vocabulary.insert(word);
    });
}

} // namespace participants

} // namespace mofa
