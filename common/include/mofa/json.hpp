// mofa's machine-readable output, `format_version` 1 (documented in the README). Later
// versions add keys; they never remove or change the meaning of one.
//
// Public because these documents are mofa's machine interface (`mofa-search --format json`
// and the HTTP API print them): a program that serves mofa's results writes the same ones.
#pragma once

#include <mofa/export.hpp>
#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace mofa {

/// The format_version of every JSON document mofa writes.
inline constexpr int json_format_version = 1;

/// `{"format_version":1, "query":..., "total":N, "total_exact":..., "offset":K, "hits":[...],
/// "facets":{"country":[{"value":"RU","label":"Russia","count":12}, ...], ...},
/// "timeline":[{"period":"2018-03","count":4}, ...] (null unless `with_timeline`),
/// "suggestion":"..." or null}`, on one line.
MOFA_EXPORT std::string search_result_json(const SearchResult& result, bool with_timeline = false);

/// One hit as in `hits` of search_result_json, on one line (JSON Lines output).
MOFA_EXPORT std::string hit_json(const SearchHit& hit);

/// `{"format_version":1, "statement":{...}}` with the body, on one line.
MOFA_EXPORT std::string statement_json(const Statement& statement);

/// `{"format_version":1, "query":..., "field":"country", "statements":N,
/// "directed":false, "multigraph":false, "nodes":[{"id":"RU","label":"Russia","count":N}, ...],
/// "edges":[{"source":"RU","source_label":"Russia","target":"UA","target_label":"Ukraine",
/// "count":N,"query":"country:\"RU\" country:\"UA\""}, ...]}`, on one line: networkx's node-link
/// form (`networkx.node_link_graph(document, edges="edges")` reads it).
MOFA_EXPORT std::string network_json(const NetworkResult& result);

/// One edge as in `edges` of network_json, on one line (JSON Lines output).
MOFA_EXPORT std::string edge_json(const NetworkEdge& edge);

/// `{"format_version":1, "fields":[{"name":"person","description":...,"facet":true}, ...]}`,
/// on one line.
MOFA_EXPORT std::string fields_json(const std::vector<QueryField>& fields);

/// One field as in `fields` of fields_json, on one line (JSON Lines output).
MOFA_EXPORT std::string field_json(const QueryField& field);

/// `{"error":{"code":..., "message":..., "hint":...}}`, on one line: `code` is the
/// category_name() unless one is given (the HTTP API's codes), `hint` null when there is none.
MOFA_EXPORT std::string error_json(const class Error& error, std::string_view code = {});

} // namespace mofa
