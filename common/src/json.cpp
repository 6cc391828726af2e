#include <mofa/error.hpp>
#include <mofa/json.hpp>

#include "stored.hpp"

#include <nlohmann/json.hpp>

namespace mofa {
namespace {

using ordered = nlohmann::ordered_json;

ordered string_or_null(const std::string& s) { return s.empty() ? ordered() : ordered(s); }

// The fields every rendering of a statement shares after its id, in the documented order.
void put_statement_fields(ordered& out, const Statement& s) {
    out["date"] = s.date ? ordered(s.date->to_string()) : ordered();
    out["title"] = string_or_null(s.title);
    out["dateline"] = string_or_null(s.dateline);
    out["source"] = string_or_null(s.source);
    out["url"] = string_or_null(s.url);
    out["language"] = string_or_null(s.language);
}

std::string dump(const ordered& json) {
    return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}


ordered hit_object(const SearchHit& hit) {
    ordered out{{"id", hit.statement.id}, {"rank", hit.rank}, {"score", hit.score}};
    put_statement_fields(out, hit.statement);
    out["snippet"] = string_or_null(hit.snippet);
    out["participants"] = stored::participants_to_json(hit.statement.participants);
    return out;
}

} // namespace

std::string search_result_json(const SearchResult& result, bool with_timeline) {
    ordered hits = ordered::array();
    for (const auto& hit : result.hits) hits.push_back(hit_object(hit));
    ordered facets = ordered::object();
    for (const auto& facet : result.facets) {
        ordered values = ordered::array();
        for (const auto& v : facet.values) values.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
        facets[facet.field] = std::move(values);
    }
    ordered timeline;
    if (with_timeline) {
        timeline = ordered::array();
        for (const auto& point : result.timeline) timeline.push_back({{"period", point.period}, {"count", point.count}});
    }
    return dump(ordered{
        {"format_version", json_format_version},
        {"query", result.query},
        {"total", result.total},
        {"total_exact", result.total_exact},
        {"offset", result.offset},
        {"hits", std::move(hits)},
        {"facets", std::move(facets)},
        {"timeline", std::move(timeline)},
        {"suggestion", result.suggestion ? ordered(*result.suggestion) : ordered()},
    });
}

std::string hit_json(const SearchHit& hit) { return dump(hit_object(hit)); }

std::string statement_json(const Statement& s) {
    ordered statement{{"id", s.id}};
    put_statement_fields(statement, s);
    statement["participants"] = stored::participants_to_json(s.participants);
    statement["body"] = s.body;
    return dump(ordered{{"format_version", json_format_version}, {"statement", std::move(statement)}});
}

std::string error_json(const Error& error) {
    return dump(ordered{{"error",
                         {{"code", category_name(error.category())},
                          {"message", error.what()},
                          {"hint", string_or_null(error.hint())}}}});
}

} // namespace mofa
