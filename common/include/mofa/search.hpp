// Searching an index: a request in, ranked hits out.
//
// Public because searching is the other half of what an embedder does: Searcher, its request
// and result, and the fields and facets of the query language (for help texts and forms).
#pragma once

#include <mofa/error.hpp>
#include <mofa/export.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mofa {

/// How hits are ordered.
enum class SortOrder {
    relevance, ///< best score first
    /// Latest date first (a partial date counts as its first day), then by score; undated
    /// statements last.
    newest,
    oldest, ///< earliest date first, then by score; undated statements last
};

/// How a query's words combine when no operator is written between them.
enum class DefaultOperator {
    /// The statements with every word first (they are the `total` that facets and timelines
    /// count), then, ranked after them, those with some of the words (`partial_total`).
    all_first,
    all, ///< a statement must have every word (AND)
    any, ///< a statement must have at least one of them (OR)
};

/// Markers around matched words in snippets.
struct Highlight {
    std::string start = "<b>"; ///< written before each matched word (not escaped)
    std::string end = "</b>";  ///< written after each matched word (not escaped)
    /// Escape `& < > "` in the snippet text as HTML (for JSON and web clients); when false the
    /// snippet is plain text (for terminals).
    bool html_escape = true;
};

/// The period of a timeline's buckets; `none` asks for no timeline.
enum class TimelineUnit { none, year, month, day };

/// A search: the query in mofa's query language, and what to return.
struct SearchRequest {
    /// The query (see `mofa-search --help`); empty or blank matches every statement.
    std::string query;
    std::size_t offset = 0; ///< hits to skip: the first hit returned has rank offset + 1
    std::size_t limit = 10; ///< hits to return at most; 0 returns none but still counts
    /// Relevance ranks by BM25; a query of filters only (no words) is listed newest first.
    SortOrder sort = SortOrder::relevance;
    /// How words with no operator between them combine.
    DefaultOperator default_operator = DefaultOperator::all_first;
    /// Only statements dated within [since, until] (either may be empty): values as in
    /// `date:`, e.g. "2018-03", "30d", "today". Same as adding `date:SINCE..UNTIL`.
    std::string since, until;
    /// Fields to count the values of over all matches: person, country, org, place, source,
    /// lang, year, month (see default_facets). An unknown name is Error{usage}.
    std::vector<std::string> facets;
    std::size_t facet_size = 10; ///< values per facet, the most frequent first
    TimelineUnit timeline = TimelineUnit::none; ///< count matches per year, month or day
    /// Apply the synonyms of the data file to the words they list (`~word` always does).
    bool synonyms = true;
    /// Look for a better spelling of words the index does not know.
    bool suggest = true;
    /// Count every match so that `total` is exact. False: Xapian's estimate once more than
    /// max(1000, offset + limit) statements match, which saves most on phrase queries of
    /// common words. Facets and timelines always count every match.
    bool exact_total = true;
    std::size_t snippet_bytes = 240; ///< about how many bytes of text a snippet has; 0: no snippets
    Highlight highlight;             ///< how snippets mark the matched words
};

/// A field of the query language (`person:`), as listed by `mofa-search fields`.
struct QueryField {
    std::string name;        ///< as written before the colon: `person`
    std::string description; ///< what it matches, with examples, for people
    bool facet = false;      ///< whether it can be asked for as a facet
};

/// Every field of the query language, in a stable order.
MOFA_EXPORT std::vector<QueryField> query_fields();

/// The facets `--facets` shows: person, country, org, year.
MOFA_EXPORT const std::vector<std::string>& default_facets();

/// Every field a facet can be asked for, in a stable order.
MOFA_EXPORT const std::vector<std::string>& facet_fields();

/// The fields whose values a network pairs: person, country, org (those a statement has several
/// values of).
MOFA_EXPORT const std::vector<std::string>& network_fields();

/// The filter of one value of a field, as the query language reads it back: `FIELD:"VALUE"`, a
/// `"` inside doubled (`country:"RU"`, `person:"sergey lavrov"`). Added to a query, a facet
/// value's filter matches exactly the value's count.
MOFA_EXPORT std::string filter_query(std::string_view field, std::string_view value);

/// One ranked result.
struct SearchHit {
    std::size_t rank = 0; ///< 1-based, counting from the first hit of the whole result
    /// BM25 weight, higher is better; comparable only within one result, and 0 for a query of
    /// filters only.
    double score = 0;
    /// The statement as stored: `body` is always empty (Searcher::get gives it), people and
    /// organisations have no `mentions` and `signature` is 0.
    Statement statement;
    std::string heading; ///< the title, or the first sentence of the body when there is none
    /// A passage of the body with the query's words (the body's opening when the query has no
    /// words for the body), about `snippet_bytes` long, on one line: matched words between the
    /// highlight markers, "…" where the text is cut. Empty when `snippet_bytes` is 0.
    std::string snippet;
    /// Whether the statement has only some of the query's words (DefaultOperator::all_first:
    /// such hits come after every statement with all of them).
    bool partial = false;
};

/// One value of a facet. `value` works as a filter: `FIELD:"VALUE"` added to the query
/// matches exactly `count` statements.
struct FacetValue {
    /// A person's or organisation's key, a country's ISO code, a year (`2018`), a month
    /// (`2018-03`), a place's key (`geneva` for GENÈVE and Женева), or a source or language as
    /// normalised for its filter.
    std::string value;
    /// How to show it: the display name for people and organisations ("Mikhail Popov"), a
    /// place's name in the data ("Geneva") or the dateline as a statement writes it, the source
    /// as written, the English name for countries and languages, else the value itself.
    std::string label;
    std::size_t count = 0; ///< matching statements with this value
};

/// The most frequent values of one field over all matches.
struct Facet {
    std::string field; ///< the field's name, as in SearchRequest::facets
    /// At most `facet_size` values, the most frequent first (equal counts in value order).
    std::vector<FacetValue> values;
    /// Number of different values among the matches. People hidden as tentative (named by one
    /// statement, by the look of the name alone) are not counted when every value is listed, and
    /// only those met while listing are left out otherwise: then it may count a few too many.
    std::size_t distinct = 0;
};

/// Matches in one period of a timeline ("2018", "2018-03" or "2018-03-15").
struct TimelinePoint {
    std::string period;    ///< in the form of the timeline's unit
    std::size_t count = 0; ///< matching statements dated within it (0 for an empty period)
};

/// The answer to a SearchRequest.
struct SearchResult {
    std::string query;           ///< the request's query, as given
    /// Number of matching statements (estimated unless total_exact): with
    /// DefaultOperator::all_first, those with all the words. Facets and the timeline count
    /// exactly these.
    std::size_t total = 0;
    bool total_exact = true;     ///< whether `total` is exact (see SearchRequest::exact_total)
    /// With DefaultOperator::all_first, the statements with some but not all of the words,
    /// ranked after the `total` ones (0 in the other modes, and for queries whose words are all
    /// required anyway). Xapian's estimate unless partial_total_exact.
    std::size_t partial_total = 0;
    bool partial_total_exact = true;
    std::size_t offset = 0;      ///< the request's offset
    std::vector<SearchHit> hits; ///< at most `limit`, in the order asked for
    std::vector<Facet> facets;   ///< in the order asked for, each field once
    /// Periods from the first to the last with a match, empty ones included (only those with
    /// matches when that would be more than 20000 periods); empty without a timeline unit.
    /// Undated statements, and those whose date is less precise than the unit (a month-only
    /// date in a daily timeline), are left out and counted in `timeline_imprecise`.
    std::vector<TimelinePoint> timeline;
    std::size_t timeline_imprecise = 0; ///< matches left out of the timeline
    /// The query with misspelt words corrected, when the index suggests a better spelling.
    std::optional<std::string> suggestion;
};

/// What Searcher::network counts: the pairs of values of one field that statements name together.
struct NetworkRequest {
    /// The statements counted: those search() counts in `total` for this request (its query,
    /// default_operator, since, until and synonyms; with DefaultOperator::all_first, those with
    /// all the words). Its paging, order, facets, timeline and snippets do not apply.
    SearchRequest search;
    /// Whose pairs: person, country or org (network_fields()); another name is Error{usage}.
    std::string field;
    std::size_t limit = 20; ///< pairs to return at most, the most frequent first; 0 returns none but still counts
};

/// One value of a network's field: a node of the graph.
struct NetworkNode {
    std::string value;     ///< as a facet's value (a key, an ISO code): filter_query(field, value) finds it
    std::string label;     ///< as a facet's label: "Russia", "Sergey Lavrov"
    std::size_t count = 0; ///< matching statements that name it: its facet count
};

/// Two values that statements name together: an undirected edge of the graph.
struct NetworkEdge {
    /// The more frequent of the two among the matches (equal counts: the first in value order),
    /// with its label; `target` is the other.
    std::string source, source_label;
    std::string target, target_label;
    std::size_t count = 0; ///< matching statements that name both
    /// The request's query (in parentheses when it has operators) with the filters of both values
    /// added: `country:RU country:"RU" country:"UA"`. Searched with the request's other options
    /// (default operator, since, until, synonyms), its `total` is exactly `count`.
    std::string query;
};

/// The answer to a NetworkRequest.
struct NetworkResult {
    std::string query;          ///< the request's query, as given
    std::string field;          ///< the request's field
    std::size_t statements = 0; ///< the statements counted: what search() gives as `total`, exact
    /// At most `limit` pairs, the most frequent first; equal counts: the pair of more frequent
    /// values first (their sources, then their targets, compared as `nodes` are ordered).
    std::vector<NetworkEdge> edges;
    /// The values of `edges`, each once, the most frequent first (equal counts in value order).
    std::vector<NetworkNode> nodes;
};

/// A read-only view of an index.
///
/// Threads: a Searcher is not thread-safe; give each thread its own (they are cheap to open,
/// and a server keeps a pool). Any number of Searchers, in threads or processes, may read an
/// index while one IndexWriter writes it: each sees the last commit as of its opening or its
/// last reopen(), and retries by itself when a commit discards the revision it was reading.
/// The gazetteers and synonyms they share are loaded once, thread-safely.
///
/// Errors: every method that reads the index throws Error{index} when it cannot.
class MOFA_EXPORT Searcher {
public:
    /// Opens the index at `path`. Throws Error{index} when it is missing, unreadable or of an
    /// incompatible schema.
    explicit Searcher(const std::filesystem::path& path);
    /// Closes the index.
    ~Searcher();
    /// Movable, not copyable. A moved-from Searcher may only be destroyed or assigned to.
    Searcher(Searcher&&) noexcept;
    /// Takes over `other`'s index, closing this Searcher's own.
    Searcher& operator=(Searcher&&) noexcept;

    /// Runs a search. Throws Error{usage} for a query that cannot be understood or an unknown
    /// facet.
    SearchResult search(const SearchRequest& request);

    /// The statement with this id, body included (people and organisations without
    /// `mentions`), or nothing.
    std::optional<Statement> get(const std::string& id);

    /// The same, with the words that `request`'s query matches marked in the body as
    /// `request.highlight` says (for reading a hit in full). Throws as search() does.
    std::optional<Statement> get(const std::string& id, const SearchRequest& request);

    /// Statements like the one with this id (Xapian's relevance-set expansion of its terms),
    /// the statement itself left out; `request.query`, `since` and `until` filter them; its
    /// other fields apply as to search (no suggestion is made). Nothing when there is no such
    /// id. Throws as search() does.
    std::optional<SearchResult> similar(const std::string& id, const SearchRequest& request);

    /// The most frequent pairs of values of one field (person, country, org) that the matching
    /// statements name together: a statement naming n values counts once for each of its
    /// n(n-1)/2 pairs. Throws Error{usage} for a query that cannot be understood or a field that
    /// is not one of network_fields().
    NetworkResult network(const NetworkRequest& request);

    /// How a request's query is understood, for people (the format may change). Throws
    /// Error{usage} for a query that cannot be understood.
    std::string explain(const SearchRequest& request);

    /// Picks up what an indexer committed since the index was opened (or last reopened).
    /// Returns true if there was something new.
    bool reopen();

    /// Number of statements in the index.
    std::size_t document_count();

    /// The revision of the index as last opened or reopened: it grows with every commit of an
    /// indexer (for health checks and caches; the numbering is the engine's).
    std::uint64_t revision();

    /// When an indexer last committed a change to the statements, as of the last (re)opening:
    /// UTC in ISO 8601 ("2026-11-29T03:17:42Z"); empty when unknown (an index last changed by
    /// a mofa that did not record it).
    std::string last_change();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace mofa
