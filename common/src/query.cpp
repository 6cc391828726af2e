#include "query.hpp"

#include <mofa/date.hpp>
#include <mofa/error.hpp>
#include <mofa/participants.hpp>

#include "document.hpp"
#include "schema.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <array>
#include <fstream>
#include <utility>

namespace mofa {
namespace {

using query::Node;
using query::Sign;

// Fresh match-all and match-nothing queries. Never Xapian::Query::MatchAll or MatchNothing:
// they are global objects whose reference counts are not atomic, and copying them from several
// threads corrupted the heap (a server's threads, each with its own Searcher; ThreadSanitizer).
Xapian::Query everything() { return Xapian::Query(std::string()); }

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
}

[[noreturn]] void usage(std::string message, std::string hint) {
    throw Error(ErrorCategory::usage, std::move(message), std::move(hint));
}

constexpr std::string_view date_hint = "dates are YYYY, YYYY-MM or YYYY-MM-DD, today, yesterday, or a time ago (30d, 2w, "
                                       "6m, 1y); ranges are FROM..TO with either end optional";

// date:VALUE, year:VALUE and month:VALUE. A single date is a term of its precision (Y, M or D),
// so that a statement dated only "1963" matches date:1963 but not date:1963-09. A range A..B
// (either end may be left open) matches statements whose whole period lies inside it.
// `where` says where the value stands ("at character 7 of the query"), or is empty.
Xapian::Query date_query(const schema::Field& field, const std::string& value, std::string_view where) {
    const auto fail = [&](std::string_view why) {
        usage(fmt::format("{}:{}{}: {}", field.name, value, where, why), std::string(date_hint));
    };
    const auto date = [&](const std::string& text) {
        std::string why;
        const auto d = parse_query_date(text, today(), &why);
        if (!d) usage(fmt::format("{}:{}{}: {}", field.name, text, where, why), std::string(date_hint));
        return *d;
    };
    if (const auto dots = value.find(".."); dots != std::string::npos && field.name == schema::date.name) {
        const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
        if (from.empty() && to.empty()) fail("a range needs at least one end");
        Xapian::Query query = everything();
        std::string first, last;
        if (!from.empty()) {
            first = date(from).first_day_key();
            query = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot_date_first, first);
        }
        if (!to.empty()) {
            last = date(to).last_day_key();
            const Xapian::Query until(Xapian::Query::OP_VALUE_LE, schema::slot_date_last, last);
            query = from.empty() ? until : Xapian::Query(Xapian::Query::OP_FILTER, query, until);
        }
        if (!first.empty() && !last.empty() && first > last) fail("the range ends before it begins");
        return query;
    }
    const Date d = date(value);
    if (field.name == schema::year.name && d.precision() != Date::Precision::year)
        fail("year: takes a year (year:2018); use date: for months and days");
    if (field.name == schema::month.name && d.precision() != Date::Precision::month)
        fail("month: takes a month (month:2018-03); use date: for years and days");
    const std::string key = d.first_day_key();
    switch (d.precision()) {
    // (fmt, not operator+: g++ 12 -O3 warns falsely of an overlapping memcpy in the latter)
    case Date::Precision::year: return Xapian::Query(fmt::format("{}{}", schema::year_prefix, key.substr(0, 4)));
    case Date::Precision::month: return Xapian::Query(fmt::format("{}{}", schema::month_prefix, key.substr(0, 6)));
    case Date::Precision::day: break;
    }
    return Xapian::Query(std::string(schema::day_prefix) + key);
}

// Whether Xapian's parser would stem a term: one that starts with a letter (not a digit).
bool stems(const std::string& term) {
    constexpr unsigned mask = (1u << Xapian::Unicode::LOWERCASE_LETTER) | (1u << Xapian::Unicode::TITLECASE_LETTER) |
                              (1u << Xapian::Unicode::MODIFIER_LETTER) | (1u << Xapian::Unicode::OTHER_LETTER);
    const unsigned c = *Xapian::Utf8Iterator(term);
    return (mask >> Xapian::Unicode::get_category(c)) & 1u;
}

// Control characters (C0 but tab and line ends, DEL, C1) are not text anyone searches for:
// they would be glued to a word that then matches nothing.
void check_no_controls(std::string_view text, std::string_view what) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        unsigned code = 0x100;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) code = c;
        else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f)
            code = static_cast<unsigned char>(text[i + 1]);
        if (code == 0x100) continue;
        usage(fmt::format("{} has a control character (U+{:04X}) at byte {}", what, code, i + 1),
              "type the query as text: control characters cannot be searched for");
    }
}

// `a OP b` where either may be empty (an empty group): the other alone.
std::optional<Xapian::Query> combine(Xapian::Query::op op, std::optional<Xapian::Query> a, std::optional<Xapian::Query> b) {
    if (!a) return b;
    if (!b) return a;
    return Xapian::Query(op, *a, *b);
}

} // namespace

Synonyms::Synonyms(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) return;
        throw Error(ErrorCategory::io, fmt::format("cannot read {}", file.string()));
    }
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::vector<std::string>> group;
        std::size_t start = 0;
        while (start <= line.size()) {
            const std::size_t tab = std::min(line.find('\t', start), line.size());
            auto words = Synonyms::words(text::normalize(line.substr(start, tab - start)));
            if (!words.empty() && !lookup_.count(words)) {
                lookup_.emplace(words, groups_.size());
                longest_ = std::max(longest_, words.size());
                group.push_back(std::move(words));
            }
            start = tab + 1;
        }
        if (group.size() > 1) groups_.push_back(std::move(group));
        else if (group.size() == 1) lookup_.erase(group[0]);
    }
}

const Synonyms& Synonyms::shared() {
    static const Synonyms synonyms(default_data_dir() / "synonyms.tsv");
    return synonyms;
}

std::vector<std::string> Synonyms::words(std::string_view expression) {
    std::vector<std::string> words;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
    };
    // "u.s." and "u.k.": letters with periods are one word, as Xapian's term generator has it.
    bool acronym = expression.size() >= 4;
    for (std::size_t i = 0; acronym && i < expression.size(); i += 2)
        acronym = i + 1 < expression.size() && expression[i] >= 'a' && expression[i] <= 'z' && expression[i + 1] == '.';
    if (acronym) {
        for (std::size_t i = 0; i < expression.size(); i += 2) word += expression[i];
        flush();
        return words;
    }
    for (std::size_t i = 0; i < expression.size(); ++i) {
        const char c = expression[i];
        if (is_word_byte(c)) {
            word += c;
        } else if (c == '\'' && !word.empty() && i + 1 < expression.size() && is_word_byte(expression[i + 1])) {
            word += c; // "people's" is one word
        } else {
            flush();
        }
    }
    flush();
    return words;
}

std::optional<std::size_t> Synonyms::group_of(const std::vector<std::string>& words) const {
    const auto it = lookup_.find(words);
    if (it == lookup_.end()) return std::nullopt;
    return it->second;
}

struct QueryBuilder::Context {
    DefaultOperator default_operator = DefaultOperator::all;
    /// Building the partial matches of DefaultOperator::all_first: words are joined by OR, but
    /// quoted phrases and NEAR/ADJ stay required (every hit of a phrase query has the phrase).
    bool relaxed = false;
    bool synonyms = true;
    const std::string* text = nullptr; ///< the query as read: node positions are in it
    Xapian::termpos position = 1; ///< of the next term, as Xapian's parser numbers them
    bool ranked = false;          ///< a weighted part has been built outside a negation
    int negated = 0;              ///< depth of negations (-x, NOT x) around the node being built
};

QueryBuilder::QueryBuilder(const Xapian::Database& db) : db_(db), stemmer_(query_language) {}

// Read when first needed, not by the constructor: a read can throw DatabaseModifiedError, which
// the searcher's retry loop handles around a search but not around its reopen.
const std::vector<QueryBuilder::LanguageStemmer>& QueryBuilder::index_stemmers() {
    if (index_stemmers_) return *index_stemmers_;
    std::vector<LanguageStemmer> stemmers;
    // The languages of the index: the values of its lang terms ("en", "ru", "es-mx").
    const std::string prefix(schema::lang.prefix);
    std::vector<std::string> seen{query_language};
    std::map<std::string, std::vector<std::string>> terms; // primary code → its lang terms
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
        std::string code = (*t).substr(prefix.size());
        terms[code.substr(0, code.find_first_of("-_"))].push_back(*t);
    }
    for (const auto& [code, lang_terms] : terms) {
        if (code.empty() || std::find(seen.begin(), seen.end(), code) != seen.end()) continue;
        seen.push_back(code);
        Xapian::Stem stem = stemmer_for(code);
        if (stem.is_none()) continue;
        LanguageStemmer language{{}, std::move(stem), Xapian::Query(Xapian::Query::OP_OR, lang_terms.begin(), lang_terms.end())};
        std::array<UScriptCode, 8> scripts{};
        UErrorCode status = U_ZERO_ERROR;
        const int n = uscript_getCode(code.c_str(), scripts.data(), static_cast<int32_t>(scripts.size()), &status);
        if (U_FAILURE(status) || n <= 0) continue;
        language.scripts.assign(scripts.begin(), scripts.begin() + n);
        stemmers.push_back(std::move(language));
    }
    return index_stemmers_.emplace(std::move(stemmers));
}

std::string QueryBuilder::with_suffix(const std::string& term, const std::string& suffix) const {
    // "c++": as typed when the index has it, or when it has neither spelling.
    if (suffix.empty()) return term;
    const std::string suffixed = term + suffix;
    if (db_.term_exists(suffixed) || !db_.term_exists(term)) return suffixed;
    return term;
}

namespace {

// The terms a term of the query is indexed as, in order, each at its own position: its pieces
// apart from Chinese, Japanese and Korean, and each character of those (the index has them as
// characters at positions, and as pairs of characters without).
std::vector<std::string> positional_terms(const std::string& term) {
    std::vector<std::string> out;
    for (const auto& run : text::script_runs(term)) {
        if (!run.cjk) {
            // Thai and friends: the words of ICU's dictionary, as the index has them.
            const std::string words = text::separate_unspaced_words(std::string(run.text), " ");
            for (std::size_t start = 0; start < words.size();) {
                const std::size_t space = std::min(words.find(' ', start), words.size());
                if (space > start) out.push_back(words.substr(start, space - start));
                start = space + 1;
            }
            continue;
        }
        for (Xapian::Utf8Iterator it(run.text.data(), run.text.size()); it != Xapian::Utf8Iterator(); ++it) {
            std::string character;
            Xapian::Unicode::append_utf8(character, *it);
            out.push_back(std::move(character));
        }
    }
    return out;
}

std::vector<std::string> positional_terms(const std::vector<std::string>& terms) {
    std::vector<std::string> out;
    for (const auto& term : terms)
        for (auto& t : positional_terms(term)) out.push_back(std::move(t));
    return out;
}

} // namespace

// A word of Chinese or Japanese (or Korean): its words by ICU's dictionary, with a run of
// single characters (a name the dictionary splits: 库|雷|希) taken as one word; each a phrase of
// its characters, all required. So a run typed without spaces ("朝鲜半岛无核化") finds what its
// words typed apart find, and a name is matched as written. The weight comes from the pairs of
// characters of the whole run (the index has them without positions): rarer than single
// characters, and those across the words reward the run as typed. On the Chinese known-item
// queries of ../shared/eval: MRR@10 0.85 with the characters' weights, 0.99 with the pairs'.
Xapian::Query QueryBuilder::cjk_word(const std::string& prefix, const std::string& word, Context& c) {
    std::vector<std::vector<std::string>> words; // each word as its characters
    bool after_single = false;
    for (const auto& w : text::cjk_words(word)) {
        std::vector<std::string> characters = positional_terms(w);
        const bool single = characters.size() == 1;
        if (single && after_single) words.back().push_back(std::move(characters[0]));
        else words.push_back(std::move(characters));
        after_single = single;
    }
    if (words.empty()) words.push_back(positional_terms(word));
    std::vector<Xapian::Query> parts;
    for (const auto& characters : words) {
        std::vector<Xapian::Query> terms;
        for (const auto& t : characters) terms.emplace_back(prefix + t, 1, c.position++);
        if (terms.size() == 1) parts.push_back(terms[0]);
        else parts.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
    }
    const Xapian::Query all(Xapian::Query::OP_AND, parts.begin(), parts.end());
    const std::vector<std::string> characters = positional_terms(word);
    std::vector<Xapian::Query> pairs;
    for (std::size_t i = 0; i + 1 < characters.size(); ++i) pairs.emplace_back(prefix + characters[i] + characters[i + 1]);
    if (pairs.empty()) return all;
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, all, 0.0),
                         Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end()));
}

// A word that names a country or its people ("kenyan", "hungary's", "US" in capitals): the
// other one-word names and adjectives the data has for it ("kenya", "kenyans", "kenia"), as
// alternatives of the word, where the index has them. Two letters are a country only as typed
// in capitals: "us" and "in" are words.
void QueryBuilder::add_country_names(const std::string& word, const std::string& typed, const std::string& own,
                                     Xapian::termpos position, std::vector<Xapian::Query>& alternatives) {
    std::string name = word;
    if (name.ends_with("'s")) name.resize(name.size() - 2);
    const bool capitals = typed.size() >= 2 && std::all_of(typed.begin(), typed.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    const auto& extractor = ParticipantExtractor::shared();
    // An organisation's acronym typed in capitals ("NAM", "ILO"): its name, as a phrase.
    if (capitals) {
        if (const auto organization = extractor.organization_name(typed)) {
            std::vector<Xapian::Query> terms;
            for (const auto& w : Synonyms::words(text::normalize(*organization))) terms.emplace_back(w);
            if (terms.size() > 1 && Synonyms::words(text::normalize(typed)) != std::vector<std::string>{word})
                terms.clear(); // not an acronym of the name
            if (terms.size() > 1)
                alternatives.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
        }
    }
    if (name.size() < 3 && !(capitals && typed.size() == 2)) return;
    const auto country = extractor.country_code(name);
    if (!country) return;
    std::vector<std::string> seen{own};
    for (const auto& alias : extractor.country_aliases(*country)) {
        if (alias.find(' ') != std::string::npos || !text::is_ascii(alias)) continue;
        std::string term = text::stemmed_term("", stemmer_(alias));
        if (std::find(seen.begin(), seen.end(), term) != seen.end() || !db_.term_exists(term)) continue;
        seen.push_back(term);
        alternatives.emplace_back(std::move(term), 1, position);
    }
}

Xapian::Query QueryBuilder::word(const Node& n, Context& c) {
    const std::string prefix(n.field ? n.field->prefix : std::string_view());
    if (std::any_of(n.terms.begin(), n.terms.end(), [](const std::string& t) { return text::needs_segmenting(t); })) {
        if (n.terms.size() == 1 && text::script_runs(n.terms[0]).size() == 1 && text::has_cjk(n.terms[0]))
            return cjk_word(prefix, n.terms[0], c);
        // Thai and friends, mixed scripts ("a股", "G20峰会"), or joined by punctuation: a phrase.
        std::vector<Xapian::Query> terms;
        for (const auto& t : positional_terms(n.terms)) terms.emplace_back(prefix + t, 1, c.position++);
        if (terms.size() == 1) return terms[0];
        return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
    }
    if (n.terms.size() == 1) {
        const std::string term = with_suffix(n.terms[0], n.suffix);
        if (!stems(term)) return Xapian::Query(prefix + term, 1, c.position++);
        // Stemmed in the query language, and in each language of the index written in the
        // word's script where that stem is indexed ("пакистан" → "пакиста" in Russian, which
        // "Пакистана" has too), as one word (OP_SYNONYM).
        // The other languages' stems match in their own statements only: the French stem of
        // "agreement" is "agre", which English statements have for "agree".
        // Two languages may give one stem (Russian and Ukrainian "україн"): it matches in both.
        const Xapian::termpos position = c.position++;
        const std::string own = text::stemmed_term(prefix, stemmer_(term));
        std::vector<std::pair<std::string, std::vector<Xapian::Query>>> others; // stem → its languages' statements
        for (const auto& language : index_stemmers()) {
            if (std::find(language.scripts.begin(), language.scripts.end(), n.script) == language.scripts.end()) continue;
            std::string other = text::stemmed_term(prefix, language.stem(term));
            if (other == own) continue;
            auto it = std::find_if(others.begin(), others.end(), [&](const auto& o) { return o.first == other; });
            if (it == others.end()) {
                if (!db_.term_exists(other)) continue;
                it = others.insert(others.end(), {std::move(other), {}});
            }
            it->second.push_back(language.statements);
        }
        std::vector<Xapian::Query> alternatives{Xapian::Query(own, 1, position)};
        for (const auto& [other, statements] : others)
            alternatives.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(other, 1, position),
                                      Xapian::Query(Xapian::Query::OP_OR, statements.begin(), statements.end()));
        // A word that names a country or its people also finds the country's other names.
        if (prefix.empty() && c.negated == 0 && c.synonyms && n.script == USCRIPT_LATIN) {
            std::string typed = c.text->substr(n.position, n.length); // "US", not "us"
            while (!typed.empty() && (typed[0] == '+' || typed[0] == '~')) typed.erase(0, 1);
            add_country_names(term, typed, own, position, alternatives);
        }
        return alternatives.size() == 1 ? alternatives[0]
                                        : Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
    }
    // Words joined by punctuation ("cease-fire"): a phrase of them as written.
    std::vector<Xapian::Query> terms;
    for (std::size_t i = 0; i < n.terms.size(); ++i)
        terms.emplace_back(prefix + (i + 1 == n.terms.size() ? with_suffix(n.terms[i], n.suffix) : n.terms[i]), 1, c.position++);
    Xapian::Query phrase(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
    // "counter-terrorism": also the joined word, which statements have for either spelling
    // (DocumentBuilder::add_joined_words).
    const std::string joined = n.hyphenated && n.suffix.empty() ? text::joined_word(n.terms) : std::string();
    if (joined.empty()) return phrase;
    const Xapian::termpos first = c.position - static_cast<Xapian::termpos>(n.terms.size());
    const std::string term = stems(joined) ? text::stemmed_term(prefix, stemmer_(joined)) : prefix + joined;
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(term, 1, first), phrase);
}

// The statements whose value of `field` has all these words (its words terms); nothing for none.
Xapian::Query QueryBuilder::all_words(const schema::Field& field, const std::vector<std::string>& words) {
    std::vector<Xapian::Query> terms;
    for (const auto& word : words) terms.emplace_back(schema::boolean_term(field.words_prefix, word));
    if (terms.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end());
}

Xapian::Query QueryBuilder::filter(const Node& n, const Context& c) {
    const schema::Field& field = *n.field;
    const std::string where = fmt::format(" at character {} of the query", query::character_at(*c.text, n.position));
    switch (field.kind) {
    case schema::Kind::boolean: {
        // The value in full, else (for a field with words terms: source) the values with all
        // its words ("source:singapore").
        const std::string term = schema::filter_term(field, n.value);
        if (field.words_prefix.empty() || db_.term_exists(term)) return Xapian::Query(term);
        return all_words(field, schema::value_words(n.value));
    }
    case schema::Kind::place:
    case schema::Kind::exact: return Xapian::Query(schema::filter_term(field, n.value));
    case schema::Kind::date: return date_query(field, n.value, where);
    case schema::Kind::country: {
        const auto code = ParticipantExtractor::shared().country_code(n.value);
        if (!code)
            usage(fmt::format("{}:{}{}: not a country code, name or adjective known to mofa", field.name, n.value, where),
                  fmt::format("use an ISO 3166 code ({0}:RU), a name ({0}:russia) or an adjective ({0}:russian)", field.name));
        return Xapian::Query(schema::filter_term(field, *code));
    }
    case schema::Kind::participant: {
        // The participant whose canonical key the value names (any spelling the aliases know),
        // else the participants with all the value's words in their names. One word unquoted
        // is always a word of names: person:schumer finds "Chuck Schumer" and a statement that
        // only says "Schumer" (a surname key), person:"schumer" only the latter, as its facet.
        const auto& extractor = ParticipantExtractor::shared();
        const std::string key = field.name == schema::org.name ? extractor.organization_key(n.value) : extractor.person_key(n.value);
        const std::string term = schema::filter_term(field, key);
        const bool one_word = key.find(' ') == std::string::npos;
        if ((n.quoted || !one_word) && db_.term_exists(term)) return Xapian::Query(term);
        return all_words(field, schema::key_words(key));
    }
    case schema::Kind::text: break;
    }
    return Xapian::Query();
}

// Any expression of a synonym group, as one term for ranking (OP_SYNONYM): a word stemmed as a
// query word is, a phrase word for word.
Xapian::Query QueryBuilder::synonym_group(std::size_t group) const {
    std::vector<Xapian::Query> expressions;
    for (const auto& words : Synonyms::shared().group(group)) {
        if (words.size() == 1) {
            expressions.emplace_back(text::stemmed_term("", stemmer_(words[0])));
        } else {
            std::vector<Xapian::Query> terms(words.begin(), words.end());
            expressions.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
        }
    }
    return Xapian::Query(Xapian::Query::OP_SYNONYM, expressions.begin(), expressions.end());
}

// Clauses joined by the default operator, as Xapian's parser joins them: "+" clauses are
// required (with OR, the others only rank), "-" clauses excluded, filters restrict. Two filters
// of one multi-valued field (person, country, org) must both hold; of a single-valued field
// (lang, place, source, date, year, month, id) either may. With nothing but "-" clauses, the
// clauses mean everything but them.
std::optional<Xapian::Query> QueryBuilder::clauses(const Node& list, Context& c) {
    const bool all = c.default_operator != DefaultOperator::any;
    std::optional<Xapian::Query> query, love, hate;
    std::vector<std::pair<const schema::Field*, Xapian::Query>> filters; // in the order written
    const auto add = [](std::optional<Xapian::Query>& to, Xapian::Query q, bool conjunction) {
        if (!to) to = std::move(q);
        else if (conjunction) *to &= q;
        else *to |= q;
    };
    const auto& kids = list.children;
    for (std::size_t i = 0; i < kids.size();) {
        const Node& n = kids[i];
        if (n.sign == Sign::must_not) ++c.negated;
        std::optional<Xapian::Query> q;
        std::size_t used = 1;
        if (n.type == Node::Type::filter) {
            const Xapian::Query f = filter(n, c);
            if (n.sign == Sign::must_not) add(hate, f, false);
            else filters.emplace_back(n.field, f);
            if (n.sign == Sign::must_not) --c.negated;
            ++i;
            continue;
        }
        // The longest run of plain words from here that is an expression of a synonym group.
        // A sign belongs to one word: "+fm" is rewritten, "+foreign minister" is not.
        if (n.type == Node::Type::word && n.bare && (c.synonyms || n.synonyms)) {
            const auto& synonyms = Synonyms::shared();
            std::vector<std::string> words;
            const std::size_t longest = n.sign != Sign::none ? 1 : synonyms.longest();
            std::size_t matched = 0, group = 0;
            for (std::size_t j = i; j < kids.size() && j - i < longest; ++j) {
                const Node& u = kids[j];
                if (u.type != Node::Type::word || !u.bare || (j > i && (u.sign != Sign::none || u.synonyms))) break;
                for (auto& w : Synonyms::words(u.source)) words.push_back(std::move(w));
                if (const auto g = synonyms.group_of(words)) {
                    matched = j - i + 1;
                    group = *g;
                }
            }
            if (matched > 0) {
                q = synonym_group(group);
                ++c.position;
                used = matched;
                if (c.negated == 0) c.ranked = true;
            }
        }
        if (!q) q = node(n, c);
        if (n.sign == Sign::must_not) --c.negated;
        i += used;
        if (!q) continue;
        Sign sign = n.sign;
        if (c.relaxed && sign == Sign::none && (n.type == Node::Type::phrase || n.type == Node::Type::proximity)) sign = Sign::must;
        switch (sign) {
        case Sign::must: add(all ? query : love, *q, true); break;
        case Sign::must_not: add(hate, *q, false); break;
        case Sign::none: add(query, *q, all); break;
        }
    }
    std::optional<Xapian::Query> e = query;
    if (love) e = e ? Xapian::Query(Xapian::Query::OP_AND_MAYBE, *love, *e) : *love;
    if (!filters.empty()) {
        // One query per field, the fields' queries together.
        std::optional<Xapian::Query> f;
        for (std::size_t i = 0; i < filters.size(); ++i) {
            const schema::Field* field = filters[i].first;
            if (std::find_if(filters.begin(), filters.begin() + static_cast<std::ptrdiff_t>(i),
                             [&](const auto& p) { return p.first == field; }) != filters.begin() + static_cast<std::ptrdiff_t>(i))
                continue; // done with its first value
            std::optional<Xapian::Query> values;
            for (std::size_t k = i; k < filters.size(); ++k)
                if (filters[k].first == field) add(values, filters[k].second, field->facet == schema::Facet::multi);
            add(f, *values, true);
        }
        e = e ? Xapian::Query(Xapian::Query::OP_FILTER, *e, *f) : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, *f, 0.0);
    }
    if (hate) e = Xapian::Query(Xapian::Query::OP_AND_NOT, e ? *e : everything(), *hate);
    return e;
}

std::optional<Xapian::Query> QueryBuilder::node(const Node& n, Context& c) {
    const std::string prefix(n.field ? n.field->prefix : std::string_view());
    const auto ranked = [&] {
        if (c.negated == 0) c.ranked = true;
    };
    switch (n.type) {
    case Node::Type::word: ranked(); return word(n, c);
    case Node::Type::wildcard:
        ranked();
        ++c.position;
        // The words it expands to count as one (OP_SYNONYM, as Xapian's parser has it).
        return Xapian::Query(Xapian::Query::OP_WILDCARD, prefix + n.terms[0]);
    case Node::Type::phrase:
    case Node::Type::proximity: {
        ranked();
        std::vector<Xapian::Query> terms;
        for (const auto& t : positional_terms(n.terms)) terms.emplace_back(prefix + t, 1, c.position++);
        if (n.type == Node::Type::phrase)
            return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
        // "a NEAR b": within 10 words (a window of 11), one more for each further word.
        const auto window = static_cast<Xapian::termcount>((n.width ? n.width : 10) - 1 + terms.size());
        return Xapian::Query(n.adjacent ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR, terms.begin(), terms.end(), window);
    }
    case Node::Type::filter: return filter(n, c);
    case Node::Type::clauses: return clauses(n, c);
    case Node::Type::op_and: {
        // The operands, but not those after NOT.
        std::optional<Xapian::Query> positive, negative;
        for (const Node& operand : n.children) {
            if (operand.sign == Sign::must_not) {
                ++c.negated;
                if (auto q = node(operand, c)) negative = negative ? *negative | *q : *q;
                --c.negated;
            } else if (auto q = node(operand, c)) {
                positive = positive ? *positive & *q : *q;
            }
        }
        if (!negative) return positive;
        return Xapian::Query(Xapian::Query::OP_AND_NOT, positive ? *positive : everything(), *negative);
    }
    case Node::Type::op_or:
    case Node::Type::op_xor: {
        std::optional<Xapian::Query> q;
        for (const Node& operand : n.children)
            q = combine(n.type == Node::Type::op_or ? Xapian::Query::OP_OR : Xapian::Query::OP_XOR, std::move(q), node(operand, c));
        return q;
    }
    case Node::Type::everything: return everything();
    }
    return std::nullopt;
}

QueryBuilder::Built QueryBuilder::build(const SearchRequest& request) {
    if (const auto bad = text::invalid_utf8_offset(request.query))
        usage(fmt::format("the query is not valid UTF-8 (byte {})", *bad), "type the query as text");
    check_no_controls(request.query, "the query");
    Built built;
    try {
        built.parsed = query::parse(request.query);
    } catch (const query::SyntaxError& e) {
        usage(e.message, e.hint);
    }
    const auto make = [&](DefaultOperator op, bool relaxed) {
        Context c;
        c.text = &built.parsed.text;
        c.default_operator = op;
        c.relaxed = relaxed;
        c.synonyms = request.synonyms;
        const auto q = node(built.parsed.root, c);
        built.ranked = c.ranked;
        return q;
    };
    const auto strict = make(request.default_operator == DefaultOperator::any ? DefaultOperator::any : DefaultOperator::all, false);
    built.query = strict ? *strict : everything();
    if (request.default_operator == DefaultOperator::all_first && built.ranked) {
        // The same query with OR: when it is the strict one (one word, all words required,
        // explicit operators only), there are no partial matches.
        if (const auto relaxed = make(DefaultOperator::any, true); relaxed && relaxed->get_description() != built.query.get_description())
            built.relaxed = *relaxed;
    }
    if (!request.since.empty() || !request.until.empty()) {
        if (const auto bad = text::invalid_utf8_offset(request.since + request.until))
            usage(fmt::format("--since/--until are not valid UTF-8 (byte {})", *bad), "type dates as text");
        check_no_controls(request.since + request.until, "--since/--until");
        const Xapian::Query dates = date_query(schema::date, request.since + ".." + request.until, " (--since/--until)");
        built.query = strict ? Xapian::Query(Xapian::Query::OP_FILTER, built.query, dates) : dates;
        if (built.relaxed) built.relaxed = Xapian::Query(Xapian::Query::OP_FILTER, *built.relaxed, dates);
    }
    return built;
}

std::optional<std::string> QueryBuilder::suggest(const std::string& query) {
    if (text::invalid_utf8_offset(query)) return std::nullopt;
    query::Parsed parsed;
    try {
        parsed = query::parse(query);
    } catch (const query::SyntaxError&) {
        return std::nullopt;
    }
    // A word in more than one statement in a hundred can have no spelling a hundred times as
    // common: only rarer ones are looked up (each lookup takes 0.3-1.5 ms on 29,000 statements).
    const Xapian::doccount rare = db_.get_doccount() / 100;
    // The words to correct, by their place in the query: plain words of letters only.
    std::vector<std::pair<const Node*, std::string>> corrections;
    const auto visit = [&](const auto& self, const Node& n) -> void {
        for (const Node& child : n.children) self(self, child);
        if (n.type != Node::Type::word || !n.bare || n.terms.size() != 1 || n.source != n.terms[0]) return;
        const std::string& word = n.terms[0];
        if (word.size() < 3 || text::has_cjk(word) || !std::all_of(word.begin(), word.end(), [](char c) { return is_word_byte(c) && !(c >= '0' && c <= '9'); }))
            return;
        // A word the index does not know, or knows only a few times while a spelling one or
        // two edits away is a hundred times as common ("secuirty" beside "security").
        // Known as typed or by its stem ("consultation" beside "consultations").
        std::string stem(1, 'Z');
        stem += stemmer_(word);
        const Xapian::doccount freq = std::max(db_.get_termfreq(word), db_.get_termfreq(stem));
        if (freq > rare) return;
        const std::string better = db_.get_spelling_suggestion(word, 2);
        if (!better.empty() && better != word && (freq == 0 || db_.get_termfreq(better) >= 100 * freq))
            corrections.emplace_back(&n, better);
    };
    visit(visit, parsed.root);
    if (corrections.empty()) return std::nullopt;
    // The query as typed, each corrected word replaced.
    std::sort(corrections.begin(), corrections.end(), [](const auto& a, const auto& b) { return a.first->position > b.first->position; });
    std::string out = parsed.text;
    // A plain word ends its node's text (which starts with its sign, if any).
    for (const auto& [n, better] : corrections) out.replace(n->position + n->length - n->terms[0].size(), n->terms[0].size(), better);
    return out;
}

} // namespace mofa
