#include "request.hpp"

#include <mofa/error.hpp>

#include <algorithm>

namespace mofa::cli {

std::optional<SortOrder> sort_order(std::string_view name) {
    if (name == "relevance") return SortOrder::relevance;
    if (name == "newest") return SortOrder::newest;
    if (name == "oldest") return SortOrder::oldest;
    return std::nullopt;
}

SearchRequest make_request(const RequestOptions& o) {
    SearchRequest request;
    request.query = o.query;
    request.limit = o.limit;
    request.offset = o.offset;
    request.sort = o.sort;
    request.default_operator = o.any ? DefaultOperator::any : DefaultOperator::all;
    request.since = o.since;
    request.until = o.until;
    if (o.default_facets) request.facets = default_facets();
    for (const auto& f : o.facets)
        if (std::find(request.facets.begin(), request.facets.end(), f) == request.facets.end()) request.facets.push_back(f);
    request.facet_size = o.facet_size;
    if (o.timeline == "year") request.timeline = TimelineUnit::year;
    else if (o.timeline == "month") request.timeline = TimelineUnit::month;
    else if (o.timeline == "day") request.timeline = TimelineUnit::day;
    else if (!o.timeline.empty())
        throw Error(ErrorCategory::usage, "a timeline is by year, month or day, not '" + o.timeline + "'");
    request.synonyms = !o.no_synonyms;
    if (!o.highlight_markers.empty()) {
        const auto comma = o.highlight_markers.find(',');
        if (comma == std::string::npos)
            throw Error(ErrorCategory::usage, "highlight markers are START,END",
                        "for example --highlight-markers '<mark>,</mark>'");
        request.highlight.start = o.highlight_markers.substr(0, comma);
        request.highlight.end = o.highlight_markers.substr(comma + 1);
    }
    return request;
}

} // namespace mofa::cli
