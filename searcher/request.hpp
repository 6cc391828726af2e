// What a search asks for, as the command line and the HTTP backend both take it, and the one
// place that turns it into a mofa::SearchRequest.
#pragma once

#include <mofa/search.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mofa::cli {

/// The search options of `mofa-search` and of `GET /search`, as given (strings unparsed).
struct RequestOptions {
    std::string query;
    std::size_t limit = 10;
    std::size_t offset = 0;
    SortOrder sort = SortOrder::relevance;
    bool any = false; ///< --any: statements with any of the words
    bool all = false; ///< --all: statements with all of them only (the default ranks them first, then partial matches)
    std::string since, until;
    std::vector<std::string> facets;
    bool default_facets = false; ///< the default facets, before `facets`
    std::size_t facet_size = 10;
    std::string timeline;          ///< "" or a name of timeline_units (names.hpp)
    bool no_synonyms = false;
    std::string highlight_markers; ///< "START,END", or empty for the default
};

/// The sort order of this name in sort_orders (names.hpp), or nothing.
std::optional<SortOrder> sort_order(std::string_view name);

/// The request these options describe. Throws Error{usage} for a malformed timeline or
/// highlight markers; the library checks the rest (query, facets, dates) when it runs.
SearchRequest make_request(const RequestOptions& options);

} // namespace mofa::cli
