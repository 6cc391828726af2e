// Searching an index: a request in, ranked hits out.
#pragma once

#include <mofa/statement.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mofa {

/// How hits are ordered.
enum class SortOrder { relevance, newest, oldest };

/// How a query's words combine when no operator is written between them.
enum class DefaultOperator { all, any };

/// Markers around matched words in snippets.
struct Highlight {
    std::string start = "<b>";
    std::string end = "</b>";
    /// Escape `& < > "` in the snippet text as HTML (for JSON and web clients); when false the
    /// snippet is plain text (for terminals).
    bool html_escape = true;
};

/// A search: the query in mofa's query language, and what to return.
struct SearchRequest {
    std::string query;
    std::size_t offset = 0;
    std::size_t limit = 10;
    SortOrder sort = SortOrder::relevance;
    DefaultOperator default_operator = DefaultOperator::all;
    std::size_t snippet_bytes = 240; ///< 0: no snippets
    Highlight highlight;
};

/// One ranked result. `statement.body` is left empty unless asked for (see Searcher::get).
struct SearchHit {
    std::size_t rank = 0; ///< 1-based, counting from the first hit of the whole result
    double score = 0;
    Statement statement;
    std::string heading; ///< the title, or the first sentence of the body when there is none
    std::string snippet;
};

/// The answer to a SearchRequest.
struct SearchResult {
    std::string query;
    std::size_t total = 0;    ///< number of matching statements (estimated unless total_exact)
    bool total_exact = true;
    std::size_t offset = 0;
    std::vector<SearchHit> hits;
    std::optional<std::string> suggestion;
};

/// A read-only view of an index. Not thread-safe: use one Searcher per thread.
class Searcher {
public:
    /// Opens the index at `path`. Throws Error{index} when it is missing, unreadable or of an
    /// incompatible schema.
    explicit Searcher(const std::filesystem::path& path);
    ~Searcher();
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;

    /// Runs a search. Throws Error{usage} for a query that cannot be understood.
    SearchResult search(const SearchRequest& request);

    /// The statement with this id, body included, or nothing.
    std::optional<Statement> get(const std::string& id);

    /// Number of statements in the index.
    std::size_t document_count();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace mofa
