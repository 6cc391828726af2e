#include "query.hpp"

#include <mofa/date.hpp>
#include <mofa/error.hpp>

#include "document.hpp"

#include <mofa/participants.hpp>
#include "schema.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>
#include <utility>

namespace mofa {
namespace {

// Fresh match-all and match-nothing queries. Never Xapian::Query::MatchAll or MatchNothing:
// they are global objects whose reference counts are not atomic, and copying them from several
// threads corrupted the heap (a server's threads, each with its own Searcher; ThreadSanitizer).
Xapian::Query everything() { return Xapian::Query(std::string()); }
Xapian::Query nothing() { return Xapian::Query(); }

// `field:` with nothing after it: recorded as the error of the query, matching nothing.
Xapian::Query missing_value(const schema::Field& field, std::string& error) {
    if (error.empty()) error = fmt::format("{}: needs a value ({}:VALUE, or {}:\"several words\")", field.name, field.name, field.name);
    return nothing();
}

// Runs the lookups of a field processor so that nothing is thrown through Xapian's parser,
// which leaks when something is (72 bytes each time person:'s lookup of its term met a writer's
// commit, DatabaseModifiedError; found running the unit tests in the fuzz build). What was
// thrown is kept, and QueryBuilder::parse rethrows it after parsing.
template <typename F> Xapian::Query guarded(std::exception_ptr& thrown, F&& lookups) {
    try {
        return lookups();
    } catch (...) {
        if (!thrown) thrown = std::current_exception();
        return nothing();
    }
}

// field:value for boolean and exact fields: the same term the document builder writes.
class FilterProcessor : public Xapian::FieldProcessor {
public:
    FilterProcessor(const schema::Field& field, std::shared_ptr<std::string> error) : field_(field), error_(std::move(error)) {}
    Xapian::Query operator()(const std::string& value) override {
        if (text::trim(value).empty()) return missing_value(field_, *error_);
        return Xapian::Query(schema::filter_term(field_, value));
    }

private:
    const schema::Field& field_;
    std::shared_ptr<std::string> error_;
};

// date:VALUE and year:VALUE. A single date is a term of its precision (Y, M or D), so that a
// statement dated only "1963" matches date:1963 but not date:1963-09. A range A..B (either
// end may be left open) matches statements whose whole period lies inside it.
//
// A value that is not a date is recorded in `error` and matches nothing; the builder turns it
// into an error after parsing. (An exception thrown through Xapian's parser leaks its state.)
class DateProcessor : public Xapian::FieldProcessor {
public:
    DateProcessor(const schema::Field& field, std::shared_ptr<std::string> error) : field_(field), error_(std::move(error)) {}

    Xapian::Query operator()(const std::string& value) override {
        if (text::trim(value).empty()) return missing_value(field_, *error_);
        try {
            return parse(value);
        } catch (const Invalid& invalid) {
            if (error_->empty()) *error_ = invalid.message;
            return nothing();
        }
    }

private:
    struct Invalid {
        std::string message;
    };

    Xapian::Query parse(const std::string& value) const {
        if (const auto dots = value.find(".."); dots != std::string::npos && field_.name == schema::date.name) {
            const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
            if (from.empty() && to.empty()) fail(value, "a range needs at least one end");
            Xapian::Query query = everything();
            std::string first, last;
            if (!from.empty()) {
                first = date(from).first_day_key();
                query = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot_date_first, first);
            }
            if (!to.empty()) {
                last = date(to).last_day_key();
                query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                                      Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::slot_date_last, last));
            }
            if (!first.empty() && !last.empty() && first > last) fail(value, "the range ends before it begins");
            return query;
        }
        const Date d = date(value);
        if (field_.name == schema::year.name && d.precision() != Date::Precision::year)
            fail(value, "year: takes a year (year:2018); use date: for months and days");
        if (field_.name == schema::month.name && d.precision() != Date::Precision::month)
            fail(value, "month: takes a month (month:2018-03); use date: for years and days");
        const std::string key = d.first_day_key();
        switch (d.precision()) {
        case Date::Precision::year: return Xapian::Query(std::string(schema::year_prefix) + key.substr(0, 4));
        case Date::Precision::month: return Xapian::Query(std::string(schema::month_prefix) + key.substr(0, 6));
        case Date::Precision::day: break;
        }
        return Xapian::Query(std::string(schema::day_prefix) + key);
    }

    [[noreturn]] void fail(const std::string& value, const std::string& why) const {
        throw Invalid{fmt::format("{}:{}: {}", field_.name, value, why)};
    }

    Date date(const std::string& text) const {
        std::string why;
        const auto d = parse_query_date(text, today(), &why);
        if (!d) fail(text, why);
        return *d;
    }

    const schema::Field& field_;
    std::shared_ptr<std::string> error_;
};

// person:VALUE and org:VALUE: the participant whose canonical key the value names (any
// spelling the aliases know), else the participants with all the value's words in their names.
class ParticipantProcessor : public Xapian::FieldProcessor {
public:
    ParticipantProcessor(const schema::Field& field, const Xapian::Database& db, std::shared_ptr<std::string> error,
                         std::shared_ptr<std::exception_ptr> thrown)
        : field_(field), db_(db), error_(std::move(error)), thrown_(std::move(thrown)) {}
    Xapian::Query operator()(const std::string& value) override {
        if (text::trim(value).empty()) return missing_value(field_, *error_);
        return guarded(*thrown_, [&] { return lookup(value); });
    }

private:
    Xapian::Query lookup(const std::string& value) const {
        const auto& extractor = ParticipantExtractor::shared();
        const std::string key = field_.name == schema::person.name ? extractor.person_key(value) : extractor.organization_key(value);
        const std::string term = schema::filter_term(field_, key);
        if (db_.term_exists(term)) return Xapian::Query(term);
        std::vector<Xapian::Query> words;
        std::size_t start = 0;
        while (start < key.size()) {
            const std::size_t space = std::min(key.find(' ', start), key.size());
            if (space > start) words.emplace_back(schema::boolean_term(field_.words_prefix, key.substr(start, space - start)));
            start = space + 1;
        }
        if (words.empty()) return nothing();
        return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
    }

    const schema::Field& field_;
    Xapian::Database db_;
    std::shared_ptr<std::string> error_;
    std::shared_ptr<std::exception_ptr> thrown_;
};

// country:VALUE: a code, a name or an adjective; an unknown country is an error, not an
// empty result.
class CountryProcessor : public Xapian::FieldProcessor {
public:
    CountryProcessor(std::shared_ptr<std::string> error, std::shared_ptr<std::exception_ptr> thrown)
        : error_(std::move(error)), thrown_(std::move(thrown)) {}
    Xapian::Query operator()(const std::string& value) override {
        if (text::trim(value).empty()) return missing_value(schema::country, *error_);
        return guarded(*thrown_, [&] {
            const auto code = ParticipantExtractor::shared().country_code(value); // loads the data on first use
            if (!code) {
                if (error_->empty()) *error_ = fmt::format("country:{}: not a country code, name or adjective known to mofa", value);
                return nothing();
            }
            return Xapian::Query(schema::filter_term(schema::country, *code));
        });
    }

private:
    std::shared_ptr<std::string> error_;
    std::shared_ptr<std::exception_ptr> thrown_;
};

// MOFASYN:N, written by the synonym rewriting below: any expression of synonym group N, as one
// term for ranking (OP_SYNONYM): a word as the parser would stem it, a phrase word for word.
class SynonymProcessor : public Xapian::FieldProcessor {
public:
    SynonymProcessor(const Synonyms& synonyms, const Xapian::Stem& stemmer) : synonyms_(synonyms), stemmer_(stemmer) {}
    Xapian::Query operator()(const std::string& value) override {
        std::size_t index = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
        if (ec != std::errc() || end != value.data() + value.size()) return nothing();
        std::vector<Xapian::Query> expressions;
        try {
            for (const auto& words : synonyms_.group(index)) {
                if (words.size() == 1) {
                    std::string term(1, 'Z'); // (not "Z" + stem: GCC 12 warns wrongly of overlap)
                    term += stemmer_(words[0]);
                    expressions.emplace_back(term);
                } else {
                    std::vector<Xapian::Query> terms(words.begin(), words.end());
                    expressions.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                             static_cast<Xapian::termcount>(terms.size()));
                }
            }
        } catch (const std::out_of_range&) {
            return nothing();
        }
        return Xapian::Query(Xapian::Query::OP_SYNONYM, expressions.begin(), expressions.end());
    }

private:
    const Synonyms& synonyms_;
    Xapian::Stem stemmer_;
};

// In capitals, so that no query can name it: normalize_query folds the case of everything but
// operators and id: values. Typed as "mofasyn:" it was Xapian's field, and `x +mofasyn:"r"`
// crashed Xapian's parser (a quoted phrase in a field without term prefixes is a null query it
// then dereferences; found by fuzzing).
constexpr std::string_view synonym_field = "MOFASYN";

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || u >= 0x80;
}

// A query split into tokens at white space; a quoted phrase is one token.
struct QueryToken {
    std::string_view text;  ///< as written
    std::string_view open;  ///< leading '(' characters
    std::string_view core;  ///< without parentheses and a leading '~'
    std::string_view close; ///< trailing ')' characters
    char sign = 0;          ///< a leading '+' or '-' (must, must not)
    bool tilde = false;
    bool bare = false; ///< a plain word: only letters, digits, ' - . (no field, quote, operator)
};

std::vector<QueryToken> tokenize(std::string_view q) {
    std::vector<QueryToken> tokens;
    std::size_t i = 0;
    while (i < q.size()) {
        if (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
            ++i;
            continue;
        }
        std::size_t end = i;
        bool quoted = false;
        while (end < q.size() && (quoted || (q[end] != ' ' && q[end] != '\t' && q[end] != '\n' && q[end] != '\r'))) {
            if (q[end] == '"') quoted = !quoted;
            ++end;
        }
        QueryToken t;
        t.text = q.substr(i, end - i);
        std::string_view core = t.text;
        std::size_t open = 0;
        while (open < core.size() && core[open] == '(') ++open;
        t.open = core.substr(0, open);
        core.remove_prefix(open);
        std::size_t close = 0;
        while (close < core.size() && core[core.size() - 1 - close] == ')') ++close;
        t.close = core.substr(core.size() - close);
        core.remove_suffix(close);
        if (core.size() > 1 && (core.front() == '+' || core.front() == '-')) {
            t.sign = core.front();
            core.remove_prefix(1);
        }
        if (!core.empty() && core.front() == '~') {
            t.tilde = true;
            core.remove_prefix(1);
        }
        t.core = core;
        bool has_word = false, upper = false, ok = !core.empty();
        for (char c : core) {
            has_word = has_word || is_word_byte(c);
            upper = upper || (c >= 'A' && c <= 'Z'); // after case folding, only operators are upper case
            ok = ok && (is_word_byte(c) || c == '\'' || c == '-' || c == '.');
        }
        t.bare = ok && has_word && !upper;
        tokens.push_back(t);
        i = end;
    }
    return tokens;
}

bool is_proximity_operator(const QueryToken& t) {
    return t.core == "NEAR" || t.core == "ADJ" || t.core.starts_with("NEAR/") || t.core.starts_with("ADJ/");
}

// Replaces expressions of synonym groups by MOFASYN:N, the longest first. Only plain words are
// rewritten: not phrases, fields, +/- words, or the operands of NEAR and ADJ.
std::string apply_synonyms(const std::string& query, const Synonyms& synonyms, bool by_default) {
    const auto tokens = tokenize(query);
    std::string out;
    for (std::size_t i = 0; i < tokens.size();) {
        const QueryToken& t = tokens[i];
        std::size_t matched = 0, group = 0;
        const bool applies = t.bare && (by_default || t.tilde) && (i == 0 || !is_proximity_operator(tokens[i - 1]));
        std::vector<std::string> words;
        // A sign belongs to one word: "+fm" is rewritten, "+foreign minister" is not.
        const std::size_t longest = t.sign ? 1 : synonyms.longest();
        for (std::size_t j = i; applies && j < tokens.size() && j - i < longest; ++j) {
            const QueryToken& u = tokens[j];
            if (!u.bare || (j > i && (!u.open.empty() || u.tilde || u.sign)) || (j > i && !tokens[j - 1].close.empty())) break;
            for (auto& w : Synonyms::words(u.core)) words.push_back(std::move(w));
            const bool next_is_proximity = j + 1 < tokens.size() && is_proximity_operator(tokens[j + 1]);
            if (const auto g = synonyms.group_of(words); g && !next_is_proximity) {
                matched = j - i + 1;
                group = *g;
            }
        }
        if (!out.empty()) out += ' ';
        if (matched == 0) {
            out += t.text;
            ++i;
            continue;
        }
        out += fmt::format("{}{}{}:{}{}", t.open, t.sign ? std::string(1, t.sign) : "", synonym_field, group,
                           tokens[i + matched - 1].close);
        i += matched;
    }
    return out;
}

// A "-" word with nothing to be taken from ("-pakistan", "a OR -b", "(-a -b)"): Xapian's
// parser fails such a group ("can't just hate"), parses the query again without operators and
// found the statements about Pakistan for "-pakistan". A group of "-" words only (the whole
// query, a parenthesis, or one side of AND, OR, XOR or NOT; filters, "+" words, phrases and
// parentheses give a group something to take from) means "everything but": its "-WORD"s are
// written "NOT WORD", which the parser reads as that (FLAG_PURE_NOT). Other queries unchanged.
std::string negate_lone_exclusions(const std::string& query) {
    const auto tokens = tokenize(query);
    struct Group {
        bool has_positive = false;
        std::vector<std::size_t> exclusions;
    };
    std::vector<bool> negate(tokens.size(), false);
    std::vector<Group> open(1);
    bool changed = false;
    const auto end_group = [&] {
        Group& g = open.back();
        if (!g.has_positive)
            for (std::size_t i : g.exclusions) negate[i] = changed = true;
        g = Group{};
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const QueryToken& t = tokens[i];
        for (std::size_t k = 0; k < t.open.size(); ++k) {
            open.back().has_positive = true; // a parenthesis is something to take from
            open.emplace_back();
        }
        const bool word = std::any_of(t.core.begin(), t.core.end(), is_word_byte) || t.core.starts_with('"');
        // A parenthesis inside a word ("-(a", "a(b"): left as it is, as something to take from.
        const bool inner_parenthesis = t.core.find_first_of("()") != std::string_view::npos;
        if (t.core == "AND" || t.core == "OR" || t.core == "XOR" || t.core == "NOT") {
            if (t.sign == 0 && !t.tilde) end_group();
        } else if (t.sign == '-' && word && !inner_parenthesis) {
            open.back().exclusions.push_back(i);
        } else if ((word && !is_proximity_operator(t)) || inner_parenthesis) {
            open.back().has_positive = true;
        }
        for (std::size_t k = 0; k < t.close.size(); ++k) {
            end_group();
            if (open.size() > 1) open.pop_back();
        }
    }
    end_group();
    if (!changed) return query;
    std::string out;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!out.empty()) out += ' ';
        const QueryToken& t = tokens[i];
        if (!negate[i]) {
            out += t.text;
            continue;
        }
        out += fmt::format("{}NOT {}{}{}", t.open, t.tilde ? "~" : "", t.core, t.close);
    }
    return out;
}

// Xapian's parser reads an unclosed quote or parenthesis as if it were closed at the end, or
// drops it; a user who typed one meant something else, so say where it is.
void check_balance(std::string_view q) {
    std::vector<std::size_t> open;
    std::optional<std::size_t> quote;
    for (std::size_t i = 0; i < q.size(); ++i) {
        if (q[i] == '"') {
            quote = quote ? std::nullopt : std::optional<std::size_t>(i);
        } else if (!quote && q[i] == '(') {
            open.push_back(i);
        } else if (!quote && q[i] == ')') {
            if (open.empty())
                throw Error(ErrorCategory::usage, fmt::format("the ')' at character {} of the query closes nothing", i + 1),
                            "remove it, or quote the text: \"...\"");
            open.pop_back();
        }
    }
    if (quote)
        throw Error(ErrorCategory::usage, fmt::format("the quote at character {} of the query is never closed", *quote + 1),
                    "a phrase is \"words in quotes\"");
    if (!open.empty())
        throw Error(ErrorCategory::usage, fmt::format("the '(' at character {} of the query is never closed", open.back() + 1),
                    "close it with ')'");
}

// `person:` with nothing after it (the end, a space, a ')'): Xapian's parser takes it for the
// word "person", and the user forgot the value (or put a space after the colon).
void check_field_values(std::string_view q) {
    for (const QueryToken& t : tokenize(q)) {
        if (!t.core.ends_with(':')) continue;
        const std::string_view name = t.core.substr(0, t.core.size() - 1);
        const schema::Field* field = schema::field_named(name);
        if (!field || (field->kind == schema::Kind::text && field->prefix.empty())) continue; // not a field of the parser
        std::string error;
        missing_value(*field, error);
        throw Error(ErrorCategory::usage, error, "'mofa-search fields' lists the fields");
    }
}

// Control characters (C0 but tab and line ends, DEL, C1) are not text anyone searches for:
// Xapian would glue them to a word that then matches nothing.
void check_no_controls(std::string_view text, std::string_view what) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        unsigned code = 0x100;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) code = c;
        else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9f)
            code = static_cast<unsigned char>(text[i + 1]);
        if (code == 0x100) continue;
        throw Error(ErrorCategory::usage, fmt::format("{} has a control character (U+{:04X}) at byte {}", what, code, i + 1),
                    "type the query as text: control characters cannot be searched for");
    }
}

// AND, OR and XOR join two expressions; with nothing before them (at the start of the query or
// of a parenthesis, punctuation aside) Xapian's parser reports the error only after reading the
// expression that follows, and leaks the object of the token that ended it (Xapian 1.4.22:
// "AND y,s NEAR 2\x01e", ". OR a\0@a NEAR A\x01i"; found by fuzzing). Said here first, for words
// as Xapian's lexer splits them (at its white space, quoted phrases left alone). normalize_query
// has lowered operators glued to anything but parentheses, so only such words are operators
// here; NOT alone is "everything but".
void check_leading_operators(std::string_view q) {
    bool group_start = true; // nothing but '(' and punctuation since the start or the last '('
    bool quoted = false;
    for (Xapian::Utf8Iterator it(q.data(), q.size()), end; it != end;) {
        if (Xapian::Unicode::is_whitespace(*it)) {
            ++it;
            continue;
        }
        const std::size_t start = static_cast<std::size_t>(it.raw() - q.data());
        bool had_quote = false, had_word = false;
        while (it != end && (quoted || !Xapian::Unicode::is_whitespace(*it))) {
            if (*it == '"') {
                quoted = !quoted;
                had_quote = true;
            }
            had_word = had_word || Xapian::Unicode::is_wordchar(*it);
            ++it;
        }
        const std::string_view word = q.substr(start, static_cast<std::size_t>(it.raw() - q.data()) - start);
        if (had_quote) {
            group_start = false;
            continue;
        }
        std::size_t opens = 0;
        while (opens < word.size() && word[opens] == '(') ++opens;
        std::string_view core = word.substr(opens);
        while (!core.empty() && core.back() == ')') core.remove_suffix(1);
        if (opens > 0) group_start = true;
        if (group_start && (core == "AND" || core == "OR" || core == "XOR"))
            throw Error(ErrorCategory::usage,
                        fmt::format("the {} at character {} of the query has nothing before it", core, start + opens + 1),
                        fmt::format("{} joins two expressions (a {} b); to search the word, write it in lower case",
                                    core, core));
        // Punctuation alone is skipped; a word, or the end of a group, stands before what follows.
        if (had_word || core.size() + opens < word.size()) group_start = false;
    }
}

// Xapian 1.4's parser leaks the width of a NEAR/n or ADJ/n operator (a 96-byte object) when
// the operator is a syntax error, as right after AND, OR, NOT or XOR ("a OR NEAR/2 b"; found by
// fuzzing). The query with those widths blanked out has the same tokens for the same grammar
// (NEAR/n and NEAR are one token) but nothing to leak: the caller parses it first, and parses
// the query itself only when that succeeds. Blanked are the widths Xapian's lexer would take:
// digits after "NEAR/" or "ADJ/", with a value other than 0, followed by white space or the end.
// Nothing when there is no such width.
std::optional<std::string> without_proximity_widths(const std::string& q) {
    std::optional<std::string> blanked;
    for (std::string_view op : {"NEAR/", "ADJ/"}) {
        for (std::size_t at = q.find(op); at != std::string::npos; at = q.find(op, at + 1)) {
            const std::size_t digits = at + op.size();
            std::size_t end = digits;
            std::size_t width = 0; // wrapped around as Xapian's lexer does
            while (end < q.size() && q[end] >= '0' && q[end] <= '9') width = width * 10 + static_cast<std::size_t>(q[end++] - '0');
            if (width == 0) continue;
            if (end < q.size() && !Xapian::Unicode::is_whitespace(*Xapian::Utf8Iterator(q.data() + end, q.size() - end)))
                continue;
            if (!blanked) blanked = q;
            blanked->replace(digits - 1, end - digits + 1, end - digits + 1, ' ');
        }
    }
    return blanked;
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

QueryBuilder::QueryBuilder(const Xapian::Database& db)
    : db_(db), stemmer_(query_language), field_error_(std::make_shared<std::string>()),
      field_exception_(std::make_shared<std::exception_ptr>()) {
    parser_.set_database(db);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    for (const auto& field : schema::fields) {
        switch (field.kind) {
        case schema::Kind::text:
            if (!field.prefix.empty()) parser_.add_prefix(std::string(field.name), std::string(field.prefix));
            break;
        case schema::Kind::boolean:
        case schema::Kind::exact:
            parser_.add_boolean_prefix(std::string(field.name), (new FilterProcessor(field, field_error_))->release());
            break;
        case schema::Kind::date:
            parser_.add_boolean_prefix(std::string(field.name), (new DateProcessor(field, field_error_))->release());
            break;
        case schema::Kind::participant:
            parser_.add_boolean_prefix(std::string(field.name), (new ParticipantProcessor(field, db, field_error_, field_exception_))->release());
            break;
        case schema::Kind::country:
            parser_.add_boolean_prefix(std::string(field.name), (new CountryProcessor(field_error_, field_exception_))->release());
            break;
        }
    }
    parser_.add_prefix(std::string(synonym_field), (new SynonymProcessor(Synonyms::shared(), stemmer_))->release());
}

Xapian::Query QueryBuilder::parse(const SearchRequest& request) {
    if (const auto bad = text::invalid_utf8_offset(request.query))
        throw Error(ErrorCategory::usage, fmt::format("the query is not valid UTF-8 (byte {})", *bad));
    check_no_controls(request.query, "the query");
    const std::string folded = text::normalize_query(request.query);
    check_balance(folded);
    check_field_values(folded);
    check_leading_operators(folded);
    const std::string normalized =
        negate_lone_exclusions(apply_synonyms(folded, Synonyms::shared(), request.synonyms));
    parser_.set_default_op(request.default_operator == DefaultOperator::all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    constexpr unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                               Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                               Xapian::QueryParser::FLAG_PURE_NOT;
    field_error_->clear();
    *field_exception_ = nullptr;
    // What a field processor's lookups threw, now that Xapian's parser is out of the way.
    const auto rethrow_field_exception = [&] {
        if (*field_exception_) std::rethrow_exception(std::exchange(*field_exception_, nullptr));
    };
    Xapian::Query parsed = everything();
    if (!text::trim(normalized).empty()) {
        try {
            if (const auto blanked = without_proximity_widths(normalized)) {
                parser_.parse_query(*blanked, flags); // throws where the query would leak
                rethrow_field_exception();
                field_error_->clear();
            }
            parsed = parser_.parse_query(normalized, flags);
        } catch (const Xapian::QueryParserError& e) {
            rethrow_field_exception();
            throw Error(ErrorCategory::usage, fmt::format("cannot understand the query: {}", e.get_msg()),
                        "see 'mofa-search --help' for the query language; quote words to search them literally");
        }
        rethrow_field_exception();
    }
    if (!request.since.empty() || !request.until.empty()) {
        if (const auto bad = text::invalid_utf8_offset(request.since + request.until))
            throw Error(ErrorCategory::usage, fmt::format("--since/--until are not valid UTF-8 (byte {})", *bad));
        check_no_controls(request.since + request.until, "--since/--until");
        DateProcessor range(schema::date, field_error_);
        const Xapian::Query dates = range(request.since + ".." + request.until);
        parsed = parsed.get_type() == Xapian::Query::LEAF_MATCH_ALL ? dates
                                                                     : Xapian::Query(Xapian::Query::OP_FILTER, parsed, dates);
    }
    if (!field_error_->empty())
        throw Error(ErrorCategory::usage, *field_error_,
                    field_error_->find(": needs a value") != std::string::npos ? "'mofa-search fields' lists the fields"
                    : field_error_->starts_with("country:")
                        ? "use an ISO 3166 code (country:RU), a name (country:russia) or an adjective (country:russian)"
                        : "dates are YYYY, YYYY-MM or YYYY-MM-DD, today, yesterday, or a time ago (30d, 2w, 6m, 1y); "
                          "ranges are FROM..TO with either end optional");
    return parsed;
}

std::optional<std::string> QueryBuilder::suggest(const std::string& query) {
    if (text::invalid_utf8_offset(query)) return std::nullopt;
    const std::string normalized = text::normalize_query(query);
    const auto tokens = tokenize(normalized);
    const Xapian::doccount rare = std::max<Xapian::doccount>(2, db_.get_doccount() / 5000);
    bool changed = false;
    std::string out;
    for (const auto& t : tokens) {
        std::string word(t.core);
        const bool letters_only = t.bare && word.size() >= 3 &&
                                  std::all_of(word.begin(), word.end(), [](char c) { return is_word_byte(c) && !(c >= '0' && c <= '9'); });
        if (letters_only) {
            // A word the index does not know, or knows only a few times while a spelling one or
            // two edits away is a hundred times as common ("secuirty" beside "security").
            // Known as typed or by its stem ("consultation" beside "consultations").
            std::string stem(1, 'Z');
            stem += stemmer_(word);
            const Xapian::doccount freq = std::max(db_.get_termfreq(word), db_.get_termfreq(stem));
            if (freq <= rare) {
                const std::string better = db_.get_spelling_suggestion(word, 2);
                if (!better.empty() && better != word && (freq == 0 || db_.get_termfreq(better) >= 100 * freq)) {
                    word = better;
                    changed = true;
                }
            }
        }
        if (!out.empty()) out += ' ';
        if (t.bare)
            out += fmt::format("{}{}{}{}{}", t.open, t.sign ? std::string(1, t.sign) : "", t.tilde ? "~" : "", word, t.close);
        else out += t.text;
    }
    if (!changed) return std::nullopt;
    return out;
}

} // namespace mofa
