// mofa's query language on Xapian's QueryParser, configured from the schema.
#pragma once

#include <mofa/search.hpp>

#include <xapian.h>

#include <filesystem>
#include <exception>
#include <map>
#include <memory>
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

/// Parses queries against one database. One per thread.
class QueryBuilder {
public:
    explicit QueryBuilder(const Xapian::Database& db);

    /// The Xapian query for a request's query text, `since` and `until`. Throws Error{usage}
    /// when the text cannot be understood (syntax Xapian rejects, an impossible date, ...).
    Xapian::Query parse(const SearchRequest& request);

    /// The query with words the index does not know (or knows only as a rare misspelling)
    /// replaced by the spelling it suggests; nothing when there is no better spelling.
    std::optional<std::string> suggest(const std::string& query);

    const Xapian::Stem& stemmer() const { return stemmer_; }

private:
    Xapian::Database db_;
    Xapian::QueryParser parser_;
    Xapian::Stem stemmer_;
    std::shared_ptr<std::string> field_error_; ///< set by field processors that met a bad value
    /// What a field processor's lookups threw (DatabaseModifiedError, Error{io}), rethrown after
    /// parsing: nothing may be thrown through Xapian's parser.
    std::shared_ptr<std::exception_ptr> field_exception_;
};

} // namespace mofa
