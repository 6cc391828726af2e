#include "participants/resolver.hpp"

#include "text.hpp"

#include <algorithm>
#include <unordered_set>
#include <utility>
#include <vector>

namespace mofa::participants {

namespace {

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
            // "M.M." → m, m; "С.В." → s, v
            const std::string letters = fold_key(t.text);
            for (std::size_t at = 0; at < letters.size(); at = letters.find(' ', at) + 1) {
                parts.initials.push_back(letters[at]);
                parts.first_letters.push_back(letters[at]);
                if (letters.find(' ', at) == std::string::npos) break;
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

namespace {

// A name in a heading runs on into the words after it ("Secretary Blinken Selects Members"):
// cut it after the longest first words that the people data knows as a person or a surname.
PersonMention cut_in_heading(const PersonMention& m, const std::vector<Token>& tokens, const KeyTables& keys) {
    if (m.tokens.size() < 2 || !m.canonical.empty() || !tokens[m.tokens.front()].heading) return m;
    if (keys.person_alias.count(fold_key(m.text))) return m;
    for (std::size_t n = m.tokens.size() - 1; n >= 1; --n) {
        std::string text;
        for (std::size_t k = 0; k < n; ++k) (text += k ? " " : "") += tokens[m.tokens[k]].text;
        const std::string key = fold_key(text);
        if (keys.person_alias.count(key) || (n == 1 && keys.person_by_surname.count(key))) {
            PersonMention cut = m;
            cut.tokens.resize(n);
            cut.text = std::move(text);
            return cut;
        }
    }
    return m;
}

} // namespace

Participants resolve(const Scan& scan, const KeyTables& keys) {
    Participants result;
    const auto& tokens = scan.tokens;
    std::vector<PersonMention> people;
    for (const auto& m : scan.people) people.push_back(cut_in_heading(m, tokens, keys));

    // People: full forms first (most words), then shorter forms join them or stand alone.
    std::vector<std::size_t> order(people.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::vector<NameParts> parts;
    for (const auto& p : people) parts.push_back(parts_of(p, tokens));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (parts[a].words.size() != parts[b].words.size()) return parts[a].words.size() > parts[b].words.size();
        return parts[a].initials.size() > parts[b].initials.size();
    });
    struct Found {
        std::size_t first_mention;
        NameParts parts;
        Person person;
        std::string canonical; // found by the people data's name
    };
    std::vector<Found> found;
    for (std::size_t k : order) {
        const PersonMention& m = people[k];
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
            p.tentative = p.tentative && m.tentative;
            if (p.role.empty()) p.role = m.role;
            if (found[best].canonical.empty()) found[best].canonical = m.canonical;
            found[best].first_mention = std::min(found[best].first_mention, m.tokens.front());
            continue;
        }
        // A lone capitalised word names nobody, unless it is the surname of one person of the
        // people data ("Lavrov").
        if (!m.strong && !(parts[k].words.size() == 1 && keys.person_by_surname.count(parts[k].words.front()))) continue;
        Person p;
        p.mentions.push_back(m.text);
        p.tentative = m.tentative && m.canonical.empty();
        p.role = m.role;
        found.push_back({m.tokens.front(), parts[k], std::move(p), m.canonical});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.first_mention < b.first_mention; });

    // An acronym of a found person's office names that person ("NSA").
    std::unordered_set<std::string> office_acronyms;
    for (const auto& f : found)
        if (const auto a = acronym_of(f.person.role); a.size() >= 2) office_acronyms.insert(a);

    for (auto& f : found) {
        Person& p = f.person;
        const std::string key = fold_key(p.mentions.front());
        const std::string* canonical = f.canonical.empty() ? nullptr : &f.canonical;
        if (const auto alias = keys.person_alias.find(key); !canonical && alias != keys.person_alias.end()) canonical = &alias->second;
        // A surname alone ("Blinken", "Mr Blinken", "S. Lavrov") that one person of the people
        // data has is that person (the initial, if any, must be the given name's).
        if (!canonical && f.parts.words.size() == 1) {
            if (const auto it = keys.person_by_surname.find(f.parts.words.front()); it != keys.person_by_surname.end() &&
                (f.parts.initials.empty() || f.parts.initials.front() == fold_key(it->second).front()))
                canonical = &it->second;
        }
        // A name in another script in a case form ("Лаврова", "С.В.Лавровым").
        if (!canonical && !text::is_ascii(p.mentions.front())) {
            const auto& other = keys.other_scripts().people;
            if (const auto it = other.find(phrase_key(p.mentions.front())); it != other.end()) canonical = &it->second;
        }
        if (canonical) {
            p.name = *canonical;
            p.key = fold_key(*canonical);
            p.tentative = false; // the people data knows them
        } else {
            p.name = p.mentions.front();
            p.key = key;
        }
        // A trailing comma or period of an office is not part of it.
        while (!p.role.empty() && (p.role.back() == ',' || p.role.back() == '.')) p.role.pop_back();
        if (p.key.empty()) continue;
        const auto same = std::find_if(result.people.begin(), result.people.end(), [&](const Person& q) { return q.key == p.key; });
        if (same == result.people.end()) result.people.push_back(std::move(p));
        else same->tentative = same->tentative && p.tentative;
    }

    for (const auto& c : scan.countries) result.countries.push_back({c.code, country_name(keys, c.code), c.words});

    for (const auto& o : scan.organizations) {
        if (office_acronyms.count(o.text)) continue;
        const std::string key = o.canonical.empty() ? organization_key(keys, o.text) : fold_key(o.canonical);
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

std::optional<std::string> country_code(const KeyTables& keys, std::string_view text) {
    // Names in other scripts first, which fold_key would transliterate.
    if (!text::is_ascii(text)) {
        const auto& other = keys.other_scripts().countries;
        if (const auto it = other.find(phrase_key(text)); it != other.end()) return it->second;
    }
    const std::string key = fold_key(text);
    if (key.size() == 2) {
        std::string upper = key;
        for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
        if (keys.country_names.count(upper)) return upper;
    }
    if (const auto it = keys.country_lookup.find(key); it != keys.country_lookup.end()) return it->second;
    return std::nullopt;
}

std::string country_name(const KeyTables& keys, std::string_view code) {
    const auto& names = keys.country_names;
    const auto it = names.find(code);
    return it == names.end() ? std::string(code) : it->second;
}

std::string person_key(const KeyTables& keys, std::string_view name) {
    const auto& aliases = keys.person_alias;
    const std::string key = fold_key(name);
    if (const auto it = aliases.find(key); it != aliases.end()) return fold_key(it->second);
    return key;
}

std::string organization_key(const KeyTables& keys, std::string_view name) {
    const auto& aliases = keys.organization_alias;
    const std::string key = fold_key(name);
    if (const auto it = aliases.find(key); it != aliases.end()) return it->second;
    return key;
}

} // namespace mofa::participants
