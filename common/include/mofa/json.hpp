// mofa's machine-readable output, `format_version` 1 (documented in the README). Later
// versions add keys; they never remove or change the meaning of one.
#pragma once

#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <string>

namespace mofa {

/// The format_version of every JSON document mofa writes.
inline constexpr int json_format_version = 1;

/// `{"format_version":1, "query":..., "total":N, "total_exact":..., "offset":K, "hits":[...],
/// "facets":{}, "suggestion":null}`, on one line.
std::string search_result_json(const SearchResult& result);

/// `{"format_version":1, "statement":{...}}` with the body, on one line.
std::string statement_json(const Statement& statement);

/// `{"error":{"code":..., "message":..., "hint":...}}`, on one line.
std::string error_json(const class Error& error);

} // namespace mofa
