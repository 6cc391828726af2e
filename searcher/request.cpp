#include "request.hpp"

#include "names.hpp"

#include <mofa/error.hpp>

#include <algorithm>

namespace mofa::cli {

std::optional<SortOrder> sort_order(std::string_view name) { return value_named(sort_orders, name); }

SearchRequest make_request(const RequestOptions& o) {
    SearchRequest request;
    request.query = o.query;
    request.limit = o.limit;
    request.offset = o.offset;
    request.sort = o.sort;
    request.default_operator = o.any ? DefaultOperator::any : o.all ? DefaultOperator::all : DefaultOperator::all_first;
    request.since = o.since;
    request.until = o.until;
    if (o.default_facets) request.facets = default_facets();
    for (const auto& f : o.facets)
        if (std::find(request.facets.begin(), request.facets.end(), f) == request.facets.end()) request.facets.push_back(f);
    request.facet_size = o.facet_size;
    if (!o.timeline.empty()) {
        const auto unit = value_named(timeline_units, o.timeline);
        if (!unit)
            throw Error(ErrorCategory::usage,
                        "a timeline is " + either(names(timeline_units)) + ", not '" + o.timeline + "'");
        request.timeline = *unit;
    }
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
