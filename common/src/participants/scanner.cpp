#include "participants/scanner.hpp"

#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace mofa::participants {

namespace {

// "LDCs", "SDGs"
bool is_acronym_plural(std::string_view w) {
    if (w.size() < 3 || w.back() != 's') return false;
    return std::all_of(w.begin(), w.end() - 1, [](char c) { return c >= 'A' && c <= 'Z'; });
}

struct Match {
    std::size_t length = 0; // in tokens
    const Entry* entry = nullptr;
};

class Pass {
public:
    Pass(const Gazetteers& g, std::string_view text)
        : g_(g), text_(text), tokens_(g.tokenizer.tokenize(text)), matched_(tokens_.size()) {}

    void run() {
        std::size_t i = 0;
        while (i < tokens_.size()) i = step(i);
    }

    std::vector<PersonMention> people;
    std::vector<OrgMention> organizations;
    std::vector<CountryMention> countries; // in order of first mention

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
        // A name starts a word: not inside "沿海地区" (coastal areas: no Haiti, 海地), nor
        // inside a Korean word, which ends in particles ("파키스탄과", with Pakistan).
        if (tokens_[i].joined) return {};
        Match best = lookup_from(i, tokens_[i].fold);
        // "ومصر" (and Egypt): a conjunction or preposition the light stemmer leaves on a short word.
        if (!tokens_[i].unclitic.empty())
            if (const Match m = lookup_from(i, tokens_[i].unclitic); m.length > best.length) best = m;
        // One Chinese character names a country in a list of such characters ("中、俄、美、英、
        // 韩记者"), not alone (美 is also "beautiful", 日 "day"), nor inside a word ("、加强"), nor
        // after another name ("多米尼加、圭亚那").
        if (best.entry && best.length == 1 && tokens_[i].cjk &&
            !(one_character_country(i) && ((is_punct(i + 1, "\u3001") && one_character_country(i + 2)) ||
                                           (i >= 2 && is_punct(i - 1, "\u3001") && one_character_country(i - 2)))))
            return {};
        return best;
    }

    // Whether token k is a character that the data names a country by, and a word of its own.
    bool one_character_country(std::size_t k) const {
        if (k >= tokens_.size() || !tokens_[k].cjk || (at(k + 1) && at(k + 1)->joined)) return false;
        const auto it = g_.phrases.exact.find(std::string(tokens_[k].text));
        return it != g_.phrases.exact.end() && it->second.front().kind == Kind::country;
    }

    // The longest phrase at i when the first token's fold is `first`.
    Match lookup_from(std::size_t i, const std::string& first) const {
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
            folded += n == 1 ? first : t.fold;
            exact += t.possessive ? t.text.substr(0, t.text.size() - (t.text.ends_with("'s") ? 2 : 4)) : t.text;
            if (auto it = exact_open ? g_.phrases.exact.find(exact) : g_.phrases.exact.end(); it != g_.phrases.exact.end())
                best = {n, &it->second.front()};
            if (auto it = folded_open ? g_.phrases.folded.find(folded) : g_.phrases.folded.end(); it != g_.phrases.folded.end()) {
                for (const Entry& e : it->second) {
                    // ...and so do ranks and honorifics: "major Powers" has no Major in it.
                    const bool needs_capital = e.kind == Kind::country || e.kind == Kind::adjective || e.kind == Kind::ambiguous ||
                                               e.kind == Kind::organization || e.kind == Kind::place || e.kind == Kind::rank ||
                                               e.kind == Kind::honorific;
                    if (needs_capital && !e.any_case && !tokens_[i].cap && !tokens_[i].caseless) continue;
                    best = {n, &e};
                    break;
                }
            }
        }
        return best;
    }

    // A country's code, or several joined by '+' ("CN+US" for "中美"), named by the tokens
    // [first, last).
    void add_country(const std::string& codes, std::size_t first, std::size_t last) {
        std::string_view named = text_.substr(tokens_[first].begin, tokens_[last - 1].end - tokens_[first].begin);
        if (tokens_[last - 1].possessive) named.remove_suffix(named.ends_with("'s") ? 2 : named.ends_with("\u2019s") ? 4 : 0);
        add_country(codes, std::string(named));
    }

    // The same, named by `words`.
    void add_country(const std::string& codes, const std::string& words) {
        for (std::size_t start = 0; start <= codes.size();) {
            std::size_t plus = codes.find('+', start);
            if (plus == std::string::npos) plus = codes.size();
            const std::string code = codes.substr(start, plus - start);
            auto it = std::find_if(countries.begin(), countries.end(), [&](const CountryMention& c) { return c.code == code; });
            if (it == countries.end()) it = countries.insert(countries.end(), {code, {}});
            if (std::find(it->words.begin(), it->words.end(), words) == it->words.end()) it->words.push_back(words);
            start = plus + 1;
        }
    }

    // Countries named inside an organisation's name ("Security Council of the Russian Federation").
    void countries_within(std::size_t first, std::size_t last) {
        for (std::size_t k = first; k < last; ++k) {
            const Match m = match(k);
            if (!m.entry || k + m.length > last) continue;
            if (m.entry->kind == Kind::country || m.entry->kind == Kind::adjective) {
                add_country(m.entry->value, k, k + m.length);
                k += m.length - 1;
            }
        }
    }

    // Organisations the data names after "the" inside an office's phrase ("President of the
    // Senate"; not "Member of Parliament").
    void organizations_within(std::size_t first, std::size_t last) {
        for (std::size_t k = first + 1; k < last; ++k) {
            const Match m = tokens_[k].cap && tokens_[k - 1].fold == "the" ? match(k) : Match{};
            if (!m.entry || m.entry->kind != Kind::organization || k + m.length > last) continue;
            organizations.push_back({name_text(k, k + m.length), m.entry->value});
            k += m.length - 1;
        }
    }

    // An organisation found by its head word.
    std::size_t pattern_organization(std::size_t i, std::size_t end) {
        organizations.push_back({organization_text(i, end), std::string()});
        countries_within(i, end);
        return defined_acronym(end);
    }

    // "September", "Sept." (in English, where headings write dates after names).
    static bool is_month(const Token& t) {
        static const std::unordered_set<std::string_view> months{
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
            "december", "jan.", "feb.", "mar.", "apr.", "aug.", "sept.", "sep.", "oct.", "nov.", "dec."};
        return t.word && t.cap && months.count(t.fold);
    }

    // The name of an organisation found by its head word, without the articles, function words,
    // connectors, letters and months that a heading's capitals or a sentence glued to its ends
    // ("An American Army", "Special Committee Against", "the General Assembly I would like").
    std::string organization_text(std::size_t i, std::size_t end) const {
        static const std::unordered_set<std::string_view> function_words{
            "a", "an", "the", "against", "with", "without", "by", "aboard", "their", "its", "his", "her", "our", "certain", "other"};
        auto loose = [&](std::size_t k) {
            const Token& t = tokens_[k];
            return !t.word || is_connector(k) || function_words.count(t.fold) || is_month(t) ||
                   (t.text.size() == 1 && std::isalpha(static_cast<unsigned char>(t.text[0])));
        };
        std::size_t first = i, last = end;
        while (last - first > 1 && loose(last - 1)) --last;
        while (last - first > 1 && tokens_[first].word && function_words.count(tokens_[first].fold)) ++first;
        return name_text(first, last);
    }

    // "Center for Immigration Studies (CIS)": an acronym in brackets right after an organisation
    // is that organisation's here, whatever else the data knows by it. Returns the end of what
    // it took.
    std::size_t defined_acronym(std::size_t end) {
        if (organizations.empty() || !is_punct(end, "(") || end + 2 >= tokens_.size() || !is_punct(end + 2, ")")) return end;
        const Token& t = tokens_[end + 1];
        if (!t.word || !(t.all_caps || is_acronym_plural(t.text))) return end;
        const OrgMention& named = organizations.back();
        OrgMention acronym{std::string(t.text), named.canonical.empty() ? named.text : named.canonical};
        defined_[acronym.text] = acronym.canonical;
        organizations.push_back(std::move(acronym));
        return end + 3;
    }

    // Acronyms the statement defined in brackets, and what they stand for.
    std::unordered_map<std::string, std::string> defined_;

    // The parts of a word written with hyphens that name countries or organisations ("UK-EU",
    // "Pakistan-India", "ASEAN-US"), when the word as a whole names nothing.
    void hyphenated_names(std::size_t i) {
        const Token& t = tokens_[i];
        if (t.text.find('-') == std::string_view::npos && t.text.find("\u2010") == std::string_view::npos) return;
        std::size_t start = 0;
        while (start < t.text.size()) {
            const std::size_t hyphen = std::min(t.text.find('-', start), t.text.size());
            const std::size_t end = std::min(hyphen, std::min(t.text.find("\u2010", start), t.text.size()));
            const std::string part(t.text.substr(start, end - start));
            start = end + (end == hyphen ? 1 : 3);
            if (part.size() < 2 || !(part[0] >= 'A' && part[0] <= 'Z')) continue;
            const Entry* entry = nullptr;
            const auto wanted = [](const Entry& e) {
                return e.kind == Kind::country || e.kind == Kind::adjective || e.kind == Kind::organization;
            };
            if (const auto it = g_.phrases.exact.find(part); it != g_.phrases.exact.end() && wanted(it->second.front()))
                entry = &it->second.front();
            else if (const auto f = g_.phrases.folded.find(fold_word(part)); f != g_.phrases.folded.end())
                for (const Entry& e : f->second)
                    if (wanted(e)) {
                        entry = &e;
                        break;
                    }
            if (!entry) continue;
            if (entry->kind == Kind::organization) organizations.push_back({part, entry->value});
            else add_country(entry->value, part);
        }
    }

    bool is_connector(std::size_t i) const { return i < tokens_.size() && tokens_[i].word && g_.connectors.count(tokens_[i].fold); }

    // Records what a gazetteer match names (countries, organisations).
    void note(const Match& m, std::size_t i) {
        switch (m.entry->kind) {
        case Kind::country:
        case Kind::adjective: add_country(m.entry->value, i, i + m.length); break;
        case Kind::ambiguous: {
            // Only in a context that makes it a place: after a preposition, article or comma.
            if (i > 0 && g_.country_contexts.count(tokens_[i - 1].fold) && !(at(i + m.length) && at(i + m.length)->cap))
                add_country(m.entry->value, i, i + m.length);
            break;
        }
        case Kind::organization: {
            std::string text = name_text(i, i + m.length);
            const auto defined = defined_.find(text);
            organizations.push_back({std::move(text), defined != defined_.end() ? defined->second : m.entry->value});
            countries_within(i, i + m.length);
            break;
        }
        default: break;
        }
    }

    // An office: the role phrase at i grows over organisations, countries, other offices,
    // connectors and words of the gazetteers' vocabulary. Returns its end.
    std::size_t role_end(std::size_t end) {
        office_word_last_ = true;
        for (;;) {
            std::size_t j = end;
            if (j < tokens_.size() && tokens_[j].sentence_start) return end;
            if (tokens_[end - 1].possessive) return end; // "the President’s State of the Union"
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
                organizations.push_back({organization_text(j, org), std::string()});
                countries_within(j, org);
                end = org;
                office_word_last_ = false;
                continue;
            }
            if (m.entry && (m.entry->kind == Kind::role || m.entry->kind == Kind::organization ||
                            m.entry->kind == Kind::country || m.entry->kind == Kind::adjective)) {
                note(m, j);
                end = j + (m.entry->kind == Kind::role ? office_length(j, m) : m.length);
                if (m.entry->kind == Kind::role) organizations_within(j, end);
                office_word_last_ = m.entry->kind == Kind::role && end == j + m.length;
                continue;
            }
            if (tokens_[j].cap && !tokens_[j].initials && g_.is_known_word(tokens_[j].fold) &&
                !(m.entry && (m.entry->kind == Kind::honorific || m.entry->kind == Kind::rank))) {
                end = j + 1;
                office_word_last_ = false;
                continue;
            }
            return end;
        }
    }

    // Whether the last office role_end() grew ends in a word of an office ("Vice President"),
    // not in an organisation, a country or another known word it grew over ("Secretary of State
    // for Western", "the Vice President, and the Second").
    bool office_word_last_ = true;

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
        // ...but a place of several words is a place ("the President Aboard Air Force One").
        if (m.entry->kind == Kind::place) return m.length > 1;
        return m.entry->kind != Kind::ambiguous || !tokens_[j].cap;
    }

    // "d’Escoto", "d'Estaing": a particle elided before a capitalised surname.
    static bool elided_particle(const Token& t) {
        for (std::string_view p : {"d'", "d\u2019"})
            if (t.text.size() > p.size() && t.text.starts_with(p) && t.text[p.size()] >= 'A' && t.text[p.size()] <= 'Z') return true;
        return false;
    }

    // A run of capitalised words and initials (with particles inside) that could be a name.
    std::size_t name_end(std::size_t i) const {
        std::size_t j = i;
        while (j < tokens_.size()) {
            const Token& t = tokens_[j];
            if (!t.word || (j > i && t.sentence_start)) break;
            if ((t.cap || t.initials || (j > i && elided_particle(t))) && (j == i || !stops_name(j))) {
                if (j > i && t.all_caps && t.text.size() >= 2 && !t.initials) break; // an acronym after a name
                ++j;
                if (t.possessive) break; // "Biden’s Call"
                continue;
            }
            // Particles, one or more ("bin", "von der"), before a capitalised word.
            std::size_t k = j;
            while (k > i && k < tokens_.size() && tokens_[k].word && !tokens_[k].cap && g_.particles.count(tokens_[k].fold)) ++k;
            if (k > j && k < tokens_.size() && tokens_[k].word && tokens_[k].cap) {
                j = k;
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
    // The end of a run of capitalised words from j that ends in a company's suffixes ("Power
    // Company Ltd.", "Energy Pte. Ltd."); j when it does not.
    std::size_t company_end(std::size_t j) const {
        std::size_t k = j;
        while (k < tokens_.size() && k < j + 6 && tokens_[k].word && tokens_[k].cap && (k == j || !tokens_[k].sentence_start) &&
               !g_.company_suffixes.count(tokens_[k].fold))
            ++k;
        if (k >= tokens_.size() || !tokens_[k].word || !g_.company_suffixes.count(tokens_[k].fold) || (k > j && tokens_[k].sentence_start))
            return j;
        while (k < tokens_.size() && tokens_[k].word && g_.company_suffixes.count(tokens_[k].fold)) ++k;
        return k;
    }

    std::size_t organization_end(std::size_t i) const {
        if (is_connector(i)) return i; // "AND MINISTRY OF ..." in a line of capitals
        std::size_t j = i, head = SIZE_MAX;
        bool complement = false; // past the "of"/"for" after the head ("Ministry of ...")
        bool complement_the = false; // ...and that complement opened with "the" ("of the Communist Party")
        std::size_t subject = SIZE_MAX; // an English word that opened the complement ("of Peace")
        while (j < tokens_.size() && tokens_[j].word && (j == i || !tokens_[j].sentence_start)) {
            const Token& t = tokens_[j];
            // "NATO Mission in Iraq", "Embassy in Kabul": a country or place right after the head.
            if (j > i + 1 && t.fold == "in" && head == j - 1) {
                const Match where = match(j + 1);
                if (where.entry && (where.entry->kind == Kind::country || where.entry->kind == Kind::place) &&
                    !(j + 1 + where.length < tokens_.size() && tokens_[j + 1 + where.length].cap)) {
                    j += 1 + where.length;
                    break;
                }
            }
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
                // "the Senate on April 5": a date after "on" is no part of the name.
                if (tokens_[j].fold == "on" && m.entry && m.entry->kind == Kind::not_name) break;
                // "University of New York", "Bank of Tokyo": a place right after "of" or "for" is
                // taken whole.
                if (head != SIZE_MAX && k == j + 1 && (tokens_[j].fold == "of" || tokens_[j].fold == "for") && m.entry &&
                    m.entry->kind == Kind::place) {
                    complement = true;
                    j = k + m.length;
                    continue;
                }
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
                // An English word right after "of" or "for" is the body's subject ("Institute of
                // Peace"; "Department of Energy Jennifer Granholm" still ends at the name).
                if (head != SIZE_MAX && !(m.entry && (m.entry->kind == Kind::country || m.entry->kind == Kind::organization)) &&
                    !g_.is_known_word(tokens_[k].fold)) {
                    if (complement || !(tokens_[j].fold == "of" || tokens_[j].fold == "for") || !g_.is_english_word(tokens_[k])) break;
                    subject = k;
                }
                if (head != SIZE_MAX && (tokens_[j].fold == "of" || tokens_[j].fold == "for")) {
                    if (!complement) complement_the = k > j + 1 && tokens_[j + 1].fold == "the";
                    complement = true;
                }
                j = k;
                continue;
            }
            if (!(t.cap || t.initials)) break;
            if (j > i) {
                const Match m = match(j);
                // A phrase that names no body ends one ("United Nations Programme of Action").
                if (m.entry && m.entry->kind == Kind::not_name && m.length > 1) break;
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
                // People after the body's own words are not part of it ("Administration Officials
                // on Russia", "Islands Forum Leaders", "Administration Participants Included"): words
                // for people, and plurals of an office's word, which no head is.
                static const std::unordered_set<std::string_view> people_words{
                    "official", "officials", "officer", "officers", "member", "members", "participants", "representatives",
                    "delegates", "staff", "employees", "personnel"};
                if (head != SIZE_MAX && !complement && people_words.count(t.fold)) break;
                if (head != SIZE_MAX && !complement && t.fold.size() > 4 && t.fold.back() == 's' && !g_.org_heads.count(t.fold)) {
                    const auto single = g_.phrases.folded.find(t.fold.substr(0, t.fold.size() - 1));
                    if (single != g_.phrases.folded.end() &&
                        std::any_of(single->second.begin(), single->second.end(), [](const Entry& e) { return e.kind == Kind::role; }))
                        break;
                }
                if (head != SIZE_MAX && !complement && !g_.is_known_word(t.fold) && !g_.org_heads.count(t.fold) &&
                    !(m.entry && (m.entry->kind == Kind::organization || m.entry->kind == Kind::country))) {
                    // ...unless the words go on to a company's suffix ("Royal Group Power Company Ltd.").
                    j = company_end(j);
                    break; // a name after "Parliament", "National Assembly"
                }
                if (head != SIZE_MAX) {
                    // "Ministry of Foreign Affairs Singapore" (a sign-off), "... Resolutions".
                    if (m.entry && (m.entry->kind == Kind::country || m.entry->kind == Kind::place) && !is_connector(j - 1)) break;
                    // "South Court Auditorium", "Supreme Court Building": the run names a
                    // building or an event, not the body.
                    if (!complement && g_.is_event_head(t.fold)) return i;
                    if (complement && j != subject && !g_.is_known_word(t.fold) && !(m.entry && m.entry->kind == Kind::country)) break;
                    // A possessive inside the complement opens another name ("Department of Labor
                    // Women’s Bureau").
                    if (complement && t.possessive && !is_connector(j - 1)) break;
                    // A second head that opens its own "X of ..." after a complete "Head of Y"
                    // is another organisation ("Department of State Office of Global Criminal Justice").
                    // ("Central Committee of the Communist Party of ..." is one: "the" opened its
                    // complement).
                    if (complement && !complement_the && g_.org_heads.count(t.fold) && is_connector(j + 1) &&
                        (tokens_[j + 1].fold == "of" || tokens_[j + 1].fold == "for"))
                        break;
                }
            }
            // A place of several words before any head is what the run names ("Aboard Air Force
            // One"), not an organisation's first words.
            if (head == SIZE_MAX && j > i) {
                const Match place = match(j);
                if (place.entry && place.entry->kind == Kind::place && place.length > 1) return i;
            }
            if (g_.org_heads.count(t.fold) && head == SIZE_MAX) head = j;
            // A country of several words is taken whole ("Embassy of the People’s Republic of
            // China", "... of the Russian Federation", "Republic of Singapore Air Force"), and so is
            // an organisation inside.
            if (const Match whole = match(j); whole.entry && whole.length > 1 &&
                                               (whole.entry->kind == Kind::country || (j > i && whole.entry->kind == Kind::organization))) {
                j += whole.length;
                continue;
            }
            ++j;
            if (t.possessive) break;
            // A company's suffix ends its name ("Keppel Energy Pte. Ltd. and ...").
            if (g_.company_suffixes.count(t.fold) && !(j < tokens_.size() && tokens_[j].word && g_.company_suffixes.count(tokens_[j].fold)))
                break;
        }
        if (head == SIZE_MAX || j - i < 2) return i;
        // "the Biden Administration": a name and "Administration" is a government, not a body.
        // So is it before more capitals of a heading ("Biden Administration Delivers on ...").
        if (head == i + 1 && g_.government_heads.count(tokens_[head].fold) && (j - i == 2 || !is_connector(head + 1))) return i;
        return j;
    }

    std::size_t step(std::size_t i) {
        const Token& t = tokens_[i];
        if (!t.word) return i + 1;
        const Match m = match(i);
        if (!m.entry && t.cap) hyphenated_names(i);
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
                return defined_acronym(i + m.length);
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
            case Kind::person: {
                PersonMention p;
                for (std::size_t k = i; k < i + m.length; ++k) p.tokens.push_back(k);
                p.text = name_text(i, i + m.length);
                p.canonical = m.entry->value;
                p.strong = true;
                people.push_back(std::move(p));
                return i + m.length;
            }
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

    // The length of the office phrase `m` at i: shorter when its last words start a longer
    // organisation's name ("Speaker of the House" in "Speaker of the House of Representatives"
    // is the Speaker of that House).
    std::size_t office_length(std::size_t i, const Match& m) const {
        for (std::size_t k = i + 1; k < i + m.length; ++k) {
            const Match inner = tokens_[k].cap ? match(k) : Match{};
            if (inner.entry && inner.entry->kind == Kind::organization && k + inner.length > i + m.length) {
                std::size_t length = k - i;
                while (length > 1 && is_connector(i + length - 1)) --length;
                return length;
            }
        }
        return m.length;
    }

    // An office at i, then maybe titles and a name.
    std::size_t office(std::size_t i, const Match& m) {
        const std::size_t length = office_length(i, m);
        organizations_within(i, i + length);
        std::size_t end = role_end(i + length);
        std::string role = name_text(i, end);
        if (m.entry->kind == Kind::role_prefix && end == i + m.length) return end; // "former" alone
        // "the President’s State of the Union Promise": what follows an office's possessive is
        // the office's, not a name.
        if (tokens_[end - 1].possessive) return end;
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
        // A rank alone vouches for no run of ordinary words ("a Major Non-NATO Ally", "Major
        // County Sheriffs"; an office does: "Senior Minister of State Sim Ann"). Neither vouches
        // for one such word alone that a run of capitals goes on after ("Major Economies Forum",
        // "Secretary for Western Hemisphere Affairs"); a rank vouches for a common surname
        // ("General Brown said"), an office for a word right after its own words ("Vice President
        // Pence", not "the Vice President, and the Second Gentleman"): else such a word stays a
        // name only as the surname of someone the statement or the people data names in full.
        // An honorific vouches for any ("Mr. Young").
        bool honorific = false;
        for (std::size_t k = at_title; !honorific && k < j; ++k)
            if (const Match t = match(k); t.entry && t.entry->kind == Kind::honorific) honorific = true;
        std::size_t core = end; // without the office's words after it ("Hemisphere Affairs")
        while (core - j > 1 && !tokens_[core - 1].initials && g_.is_known_word(tokens_[core - 1].fold)) --core;
        const bool run_goes_on = core < end || (end < tokens_.size() && tokens_[end].word && tokens_[end].cap);
        const bool office_word = !role.empty() && office_word_last_;
        const bool vouched = honorific || !ordinary_words(j, core) ||
                             (core - j > 1 ? !role.empty() : (office_word || g_.word_surnames.count(tokens_[j].fold)) && !run_goes_on);
        return consider_person(j, end, role, vouched);
    }

    // Whether the words [first, last) are all ordinary words of their language (the first no
    // given name of a name of several words); an initial before a word stands for a given name
    // ("J. Smith"; not "Part D").
    bool ordinary_words(std::size_t first, std::size_t last) const {
        for (std::size_t k = first; k < last; ++k) {
            const Token& t = tokens_[k];
            if (t.initials) {
                if (k + 1 < last) return false;
            } else if (!(g_.particles.count(t.fold) && !t.cap) && !g_.is_ordinary_word(t, k == first && last - first > 1)) {
                return false;
            }
        }
        return true;
    }

    // Whether a token of [from, to) is an initial, or a given name.
    bool has_initial(std::size_t from, std::size_t to) const {
        return std::any_of(tokens_.begin() + static_cast<std::ptrdiff_t>(from), tokens_.begin() + static_cast<std::ptrdiff_t>(to),
                           [](const Token& t) { return t.initials; });
    }
    bool has_given_name(std::size_t from, std::size_t to) const {
        return std::any_of(tokens_.begin() + static_cast<std::ptrdiff_t>(from), tokens_.begin() + static_cast<std::ptrdiff_t>(to),
                           [&](const Token& t) { return g_.given_names.count(t.fold) > 0; });
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

    // Whether the tokens [first, last) end in a country's name or a place's of several words
    // ("South West Africa"): a place, not a person. (A place of one word may be a surname:
    // "George Washington".)
    bool ends_in_country(std::size_t first, std::size_t last) const {
        for (std::size_t k = first + 1; k < last; ++k) {
            const Match m = match(k);
            if (m.entry && k + m.length == last &&
                (m.entry->kind == Kind::country || (m.entry->kind == Kind::place && m.length > 1)))
                return true;
        }
        return false;
    }

    // `vouched`: an office or honorific stands right before the name.
    // Returns the end of what it consumed (the run, or a ", Jr." after it).
    std::size_t consider_person(std::size_t first, std::size_t last, std::string role, bool vouched) {
        const std::size_t run_end = last;
        // A run that ends in the head word of an organisation or of an event, place, building or
        // newspaper names that ("Nobel Peace Prize", "New York Times", "Symphony Orchestra"),
        // and one that opens with "Cape", "Mount" a place: neither is a person, whatever the
        // words before or after the head.
        if (!vouched && last - first > 1 &&
            ((!tokens_[last - 1].initials && (g_.org_heads.count(tokens_[last - 1].fold) || g_.is_event_head(tokens_[last - 1].fold))) ||
             g_.place_prefixes.count(tokens_[first].fold) || ends_in_country(first, last)))
            return run_end;
        // A run that opens with a point of the compass and has no given name is a place or its
        // people ("East Kentucky", "West Berliners", "Upper Midwest"; not "Central Asian Affairs
        // Donald Lu", whose office the rules cut off below).
        if (!vouched && last - first > 1 && g_.place_starts.count(tokens_[first].fold) && !has_given_name(first + 1, last)) return run_end;
        // Ordinary words at the edges of a run are not part of the name ("Policies Heng Swee
        // Keat", "Human Rights Uzra Zeya").
        // A word after an article or another determiner, or after ordinary words, is a noun
        // ("the Powers agreed", "the Western Powers said"): a verb after it makes no name of it.
        const std::size_t run_start = first;
        static const std::unordered_set<std::string_view> determiners{"the", "a", "an", "this", "these", "those", "our",
                                                                      "their", "its", "all", "both", "such", "other", "some",
                                                                      "many", "several", "two", "three"};
        // Before a name stands a sentence's start, punctuation, a capital or a word that links
        // (a preposition, a conjunction, a verb of speech); another word in lower case makes a
        // noun phrase of it ("major Powers has").
        static const std::unordered_set<std::string_view> links{
            "and", "or", "but", "nor", "that", "with", "by", "to", "from", "for", "of", "between", "as", "when", "while", "after",
            "before", "if", "because", "since", "where", "whom", "who", "than", "like", "on", "in", "at", "about", "against",
            "among", "under", "via", "during", "including", "whereas", "although", "though", "then", "also", "until"};
        const Token* previous = first > 0 ? &tokens_[first - 1] : nullptr;
        bool determined = previous && previous->word &&
                          (determiners.count(previous->fold) ||
                           (!previous->cap && !previous->caseless && !links.count(previous->fold) && !g_.speech_verbs.count(previous->fold)));
        while (last - first > 1 && !tokens_[first].initials && g_.is_known_word(tokens_[first].fold)) ++first;
        if (first > run_start) determined = true;
        while (last - first > 1 && !tokens_[last - 1].initials && g_.is_known_word(tokens_[last - 1].fold)) --last;
        // A particle ends no name ("Al-Quds Al").
        while (last - first > 1 && g_.particles.count(tokens_[last - 1].fold)) --last;
        // A letter alone is no name ("Generation Z").
        if (last - first == 1 && tokens_[first].text.size() == 1) return run_end;
        // An ordinary word inside ends the name ("President Biden Announces Key Nominees").
        for (std::size_t k = first + 1; k < last; ++k)
            if (!tokens_[k].initials && g_.common_words.count(tokens_[k].fold)) {
                last = k;
                break;
            }
        // A place or a country before a name is not part of it ("North America James Cleverly").
        for (Match m = match(first); last - first > 1 && m.entry && first + m.length < last &&
                                     (m.entry->kind == Kind::place || m.entry->kind == Kind::country ||
                                      m.entry->kind == Kind::adjective);
             m = match(first)) {
            if (m.entry->kind != Kind::place) note(m, first);
            first += m.length;
        }
        // English words, and any ordinary word that starts a sentence, before a given name that is
        // no word itself are no part of the name ("So Lauren Underwood", "Crazy Bernie Sanders",
        // "Entonces Carlos Slim"; not "President Haya Rashed Al-Khalifa", "Partido Verde").
        bool given_name_found = false;
        {
            std::size_t k = first;
            while (k + 2 < last && !tokens_[k].initials && !g_.given_names.count(tokens_[k].fold) &&
                   (g_.is_english_word(tokens_[k]) || (tokens_[k].sentence_start && g_.is_ordinary_word(tokens_[k], true))))
                ++k;
            if (k > first && g_.given_names.count(tokens_[k].fold) && !g_.is_ordinary_word(tokens_[k], false) && !match(k).entry) {
                first = k;
                given_name_found = true;
            }
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
            if (k < tokens_.size() && g_.is_name_suffix(tokens_[k])) end = k + 1;
        }
        // ", Minister for Foreign Affairs" (or ", Department Spokesperson", ", Indian Foreign
        // Secretary") after the name gives the office.
        bool appositive = false;
        if (is_punct(end, ",") && end + 1 < tokens_.size()) {
            std::size_t k = end + 1;
            while (k < tokens_.size() && tokens_[k].word && (tokens_[k].fold == "the" || tokens_[k].fold == "a")) ++k;
            for (std::size_t lead = 0; lead < 3 && k < tokens_.size() && tokens_[k].word && tokens_[k].cap; ++lead) {
                const Match m = match(k);
                // ", Mr. President," addresses someone (an honorific, or a form of address the
                // data lists as no name): no apposition ("So, Mr. Vice President, ...").
                if (m.entry && (m.entry->kind == Kind::honorific || m.entry->kind == Kind::not_name)) break;
                if (m.entry && (m.entry->kind == Kind::role || m.entry->kind == Kind::role_prefix)) {
                    // An office followed by a name is that name's ("So, President Trump says").
                    const std::size_t office_end = role_end(k + m.length);
                    if (office_end < tokens_.size() && tokens_[office_end].word && tokens_[office_end].cap &&
                        !g_.is_known_word(tokens_[office_end].fold))
                        break;
                    // An apposition is set off: a comma, the end of a sentence or a bracket closes
                    // it ("So, the President was encouraged" is no apposition).
                    if (office_end < tokens_.size() && !tokens_[office_end].sentence_start &&
                        !(is_punct(office_end, ",") || is_punct(office_end, ".") || is_punct(office_end, ";") ||
                          is_punct(office_end, ":") || is_punct(office_end, ")")))
                        break;
                    if (role.empty()) role = name_text(k, office_end);
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
        // Ordinary words of the language ("Middle Ages", "Guardia Nacional", "Part D") name
        // something, not someone, unless an office, a title or an apposition vouches for them, the
        // first is a given name or one is a word of the people data's names; alone ("Look", "So"),
        // such a word is at most the surname of someone the people data knows (the resolver's
        // rule for a weak mention).
        const bool ordinary = !vouched && ordinary_words(first, last);
        if (ordinary && words > 1) return run_end;
        // Nor does a run that ends in an English word after a first word that is no given name
        // ("Pell Grant", "Fulbright Scholar", "Lehman Brothers", "Toyota Motor"): surnames that are
        // words ("Susan Rice", "J. Brown") follow a given name or an initial, or the people data
        // knows them. (Spanish surnames are often words, "Vázquez Mota", and come first.)
        // An initial inside is a person's ("Gershwin A. Drain"). The run as found counts too, its
        // last word even when a name of the people data has it: a thing's name is no person's once
        // its first words are cut ("Great Basin National Park", "National Park").
        const auto names_a_thing = [&](std::size_t from, std::size_t to, bool whole) {
            return to - from > 1 && !g_.given_names.count(tokens_[from].fold) && !g_.name_words.count(tokens_[from].fold) &&
                   g_.is_english_word(tokens_[to - 1], /*even_in_names*/ whole) && !has_initial(from, to);
        };
        if (!vouched && (names_a_thing(first, last, false) ||
                         (first > run_start && !given_name_found && names_a_thing(run_start, run_end, true))))
            return run_end;
        // A name does not start with an English verb's -ing form ("Making America Safe Again",
        // "Advancing Racial Equity"), unless it is a given name ("Sterling").
        if (!vouched && words > 1 && !tokens_[first].initials && tokens_[first].fold.size() > 5 &&
            tokens_[first].fold.ends_with("ing") && g_.is_ordinary_word(tokens_[first], true))
            return run_end;
        // A word that starts a sentence is capitalised anyway: alone, it is a name only as the
        // surname of someone the statement or the people data knows ("Lavrov and Blinken
        // spoke"), which the resolver decides.
        const bool capital_of_sentence = words == 1 && tokens_[first].sentence_start;
        // ...and only where a name stands: before a verb of speech or action, as a possessive, or
        // in a list of names ("Price increases" and "Gang violence" name nobody).
        // An auxiliary ("Austin is", "Price has") is no verb of speech here.
        const bool auxiliary = verb && (tokens_[end].fold == "is" || tokens_[end].fold == "was" || tokens_[end].fold == "has" ||
                                        tokens_[end].fold == "had" || tokens_[end].fold == "will" || tokens_[end].fold == "would");
        if (capital_of_sentence && !vouched && !appositive && (!verb || auxiliary) && !tokens_[first].possessive &&
            !((is_punct(end, ",") || (end < tokens_.size() && tokens_[end].word && tokens_[end].fold == "and")) &&
              end + 1 < tokens_.size() && tokens_[end + 1].word && tokens_[end + 1].cap))
            return run_end;
        PersonMention p;
        for (std::size_t k = first; k < last; ++k) p.tokens.push_back(k);
        p.text = name_text(first, end);
        p.role = std::move(role);
        // An auxiliary after a lone word says nothing of a person ("Asheville is underwater",
        // "Buddhism was established"): such a word stands as the surname of someone named in
        // full in the statement or known to the people data.
        p.strong = vouched || appositive || (verb && !auxiliary && !capital_of_sentence && !determined && !ordinary) || words >= 2;
        p.tentative = !vouched && !appositive && !g_.given_names.count(tokens_[first].fold) && !g_.name_words.count(tokens_[first].fold) &&
                      !has_initial(first, last);
        people.push_back(std::move(p));
        return std::max(run_end, end);
    }

public:
    // The tokens, for the resolver; the pass is done with them.
    std::vector<Token> take_tokens() && { return std::move(tokens_); }
};

} // namespace

Scan scan(const Gazetteers& gazetteers, std::string_view text) {
    Pass pass(gazetteers, text);
    pass.run();
    return {std::move(pass).take_tokens(), std::move(pass.people), std::move(pass.organizations), std::move(pass.countries)};
}

} // namespace mofa::participants
