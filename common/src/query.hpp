// mofa's query language to Xapian queries: the tree of query_syntax.hpp, built from the schema.
#pragma once

#include <mofa/search.hpp>

#include "query_syntax.hpp"

#include <xapian.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mofa {

/// Groups of expressions that mean the same (synonyms.tsv in the data folder). Immutable once
/// loaded; shared between threads.
class Synonyms {
public:
    /// Loads `file`; a missing file gives no synonyms. Throws Error{io} when it is unreadable.
    explicit Synonyms(const std::filesystem::path& file);

    /// The synonyms of the default data folder, loaded on first use.
    static const Synonyms& shared();

    /// The words of an expression as the query parser and term generator see them
    /// ("Cease-fire" → cease fire, "U.S." → us).
    static std::vector<std::string> words(std::string_view expression);

    /// The group of a sequence of words, if it is one of the expressions.
    std::optional<std::size_t> group_of(const std::vector<std::string>& words) const;

    /// The expressions of a group, each as its words.
    const std::vector<std::vector<std::string>>& group(std::size_t index) const { return groups_.at(index); }

    std::size_t longest() const { return longest_; }

private:
    std::vector<std::vector<std::vector<std::string>>> groups_;
    std::map<std::vector<std::string>, std::size_t> lookup_;
    std::size_t longest_ = 0;
};

/// Makes Xapian queries of mofa's query language (query_syntax.hpp) against one database: the
/// terms of words as the index has them, synonyms, filters, dates. One per thread.
class QueryBuilder {
public:
    explicit QueryBuilder(const Xapian::Database& db);

    /// A request's query, `since` and `until`, read and built.
    struct Built {
        query::Parsed parsed;
        Xapian::Query query;
        /// DefaultOperator::all_first: the query with its words joined by OR (`+` words still
        /// required, `-` words excluded); matches of it that `query` lacks are the partial
        /// matches. Nothing in the other modes, or when it would be `query` itself.
        std::optional<Xapian::Query> relaxed;
        /// Whether the query has words to rank by (else it holds filters only and is listed by date).
        bool ranked = false;
    };

    /// Throws Error{usage} when the text cannot be understood (bad syntax, an unknown field, an
    /// impossible date, an unknown country, ...), with the position in the message.
    Built build(const SearchRequest& request);

    /// The Xapian query of build().
    Xapian::Query parse(const SearchRequest& request) { return build(request).query; }

    /// The query with words the index does not know (or knows only as a rare misspelling)
    /// replaced by the spelling it suggests; nothing when there is no better spelling.
    std::optional<std::string> suggest(const std::string& query);

private:
    struct Context;
    std::optional<Xapian::Query> node(const query::Node& n, Context& c);
    std::optional<Xapian::Query> clauses(const query::Node& n, Context& c);
    Xapian::Query word(const query::Node& n, Context& c);
    Xapian::Query cjk_word(const std::string& prefix, const std::string& word, Context& c);
    Xapian::Query filter(const query::Node& n, const Context& c);
    static Xapian::Query all_words(const schema::Field& field, const std::vector<std::string>& words);
    void add_country_names(const std::string& word, const std::string& typed, const std::string& own, Xapian::termpos position,
                           std::vector<Xapian::Query>& alternatives);
    Xapian::Query synonym_group(std::size_t group) const;
    std::string with_suffix(const std::string& term, const std::string& suffix) const;

    Xapian::Database db_;
    Xapian::Stem stemmer_;
    /// The stemmers of the index's languages other than the query language (those Xapian or
    /// mofa has one for), with the scripts each is written in: a word is also stemmed by those
    /// of its script, that stem matching in statements of that language only.
    struct LanguageStemmer {
        std::vector<UScriptCode> scripts;
        Xapian::Stem stem;
        Xapian::Query statements; ///< the statements in that language (its `L` terms, "es", "es-mx")
    };
    std::optional<std::vector<LanguageStemmer>> index_stemmers_;
    const std::vector<LanguageStemmer>& index_stemmers();
};

} // namespace mofa
