#include <mofa/error.hpp>
#include <mofa/json.hpp>

#include "json_mapping.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <cstring>

namespace mofa {
namespace {

ordered_json string_or_null(const std::string& s) { return s.empty() ? ordered_json() : ordered_json(s); }

Error input_error(std::string message) { return Error(ErrorCategory::input, std::move(message)); }

// A string value of a record, trimmed; empty when the key is missing or null.
std::string optional_string(const nlohmann::json& record, const char* key) {
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) return {};
    if (it->is_string()) return std::string(text::trim(it->get_ref<const std::string&>()));
    if (std::strcmp(key, "id") == 0 && it->is_number_integer()) return it->dump();
    throw input_error(fmt::format("\"{}\" must be a string or null, not {}", key, it->type_name()));
}

} // namespace

void put_statement_fields(ordered_json& out, const Statement& s, Absent absent) {
    const auto value = [absent](const std::string& v) { return absent == Absent::null ? string_or_null(v) : ordered_json(v); };
    out["date"] = value(s.date ? s.date->to_string() : std::string());
    out["title"] = value(s.title);
    out["dateline"] = value(s.dateline);
    out["source"] = value(s.source);
    out["url"] = value(s.url);
    out["language"] = value(s.language);
}

void to_json(ordered_json& out, const Person& person) { out = {{"name", person.name}, {"role", string_or_null(person.role)}}; }

void to_json(ordered_json& out, const Country& country) { out = {{"code", country.code}, {"name", country.name}}; }

void to_json(ordered_json& out, const Organization& organization) { out = {{"name", organization.name}}; }

void to_json(ordered_json& out, const Issuer& issuer) {
    out = {{"country", string_or_null(issuer.country)}, {"speaker", string_or_null(issuer.speaker)}};
}

void to_json(ordered_json& out, const Participants& p) {
    out = {{"people", p.people}, {"countries", p.countries}, {"organizations", p.organizations}};
}

void from_json(const nlohmann::json& json, Participants& p) {
    p = {};
    if (json.contains("people"))
        for (const auto& person : json.at("people"))
            p.people.push_back({.name = person.at("name").get<std::string>(),
                                .role = string_or_empty(person, "role"),
                                .key = string_or_empty(person, "key"),
                                .mentions = {}});
    if (json.contains("countries"))
        for (const auto& country : json.at("countries"))
            p.countries.push_back({country.at("code").get<std::string>(), string_or_empty(country, "name"), {}});
    if (json.contains("organizations"))
        for (const auto& org : json.at("organizations"))
            p.organizations.push_back(
                {.name = org.at("name").get<std::string>(), .key = string_or_empty(org, "key"), .mentions = {}});
}

void to_json(ordered_json& out, const Statement& s) {
    out = {{"id", s.id}};
    put_statement_fields(out, s, Absent::null);
    ordered_json& participants = out["participants"] = s.participants;
    // Why mofa thinks so: the words that named each participant.
    const auto mentions = [&participants](const char* list, const auto& of) {
        for (std::size_t i = 0; i < of.size(); ++i) participants[list][i]["mentions"] = of[i].mentions;
    };
    mentions("people", s.participants.people);
    mentions("countries", s.participants.countries);
    mentions("organizations", s.participants.organizations);
    out["issuer"] = s.issuer.empty() ? ordered_json() : ordered_json(s.issuer);
    out["body"] = s.body;
}

void from_json(const nlohmann::json& record, Statement& s) {
    s = {};
    get_statement_strings(s, [&record](const char* key) { return optional_string(record, key); });
    s.body = optional_string(record, "body");
    if (s.body.empty()) throw input_error("no \"body\": a record needs a non-empty body");
    if (const std::string date = optional_string(record, "date"); !date.empty()) {
        std::string why;
        s.date = Date::parse(date, &why);
        if (!s.date) throw input_error(why);
    }
    if (const auto it = record.find("participants"); it != record.end() && !it->is_null()) {
        if (!it->is_object())
            throw input_error(fmt::format("\"participants\" must be an object ({{\"people\": [...], \"countries\": [...], "
                                          "\"organizations\": [...]}}), not {}",
                                          it->type_name()));
        try {
            it->get_to(s.participants);
        } catch (const nlohmann::json::exception& e) {
            throw input_error("\"participants\": " + describe_json_error(e));
        }
    }
    if (const auto it = record.find("issuer"); it != record.end() && !it->is_null()) {
        if (!it->is_object())
            throw input_error(fmt::format("\"issuer\" must be an object ({{\"country\": ..., \"speaker\": ...}}), not {}", it->type_name()));
        s.issuer.country = optional_string(*it, "country");
        s.issuer.speaker = optional_string(*it, "speaker");
    }
    if (const auto it = record.find("entities"); it != record.end() && !it->is_null()) {
        if (!it->is_array()) throw input_error(fmt::format("\"entities\" must be a list of strings, not {}", it->type_name()));
        for (const auto& entity : *it) {
            if (!entity.is_string())
                throw input_error(fmt::format("\"entities\" must be a list of strings, not of {}", entity.type_name()));
            if (const auto e = text::trim(entity.get_ref<const std::string&>()); !e.empty()) s.entities.emplace_back(e);
        }
    }
}

void to_json(ordered_json& out, const SearchHit& hit) {
    out = {{"id", hit.statement.id}, {"rank", hit.rank}, {"score", hit.score}, {"partial", hit.partial}};
    put_statement_fields(out, hit.statement, Absent::null);
    out["snippet"] = string_or_null(hit.snippet);
    out["participants"] = hit.statement.participants;
    out["issuer"] = hit.statement.issuer.empty() ? ordered_json() : ordered_json(hit.statement.issuer);
}

void to_json(ordered_json& out, const FacetValue& v) { out = {{"value", v.value}, {"label", v.label}, {"count", v.count}}; }

void to_json(ordered_json& out, const NetworkNode& node) {
    out = {{"id", node.value}, {"label", node.label}, {"count", node.count}};
}

void to_json(ordered_json& out, const NetworkEdge& edge) {
    out = {{"source", edge.source}, {"source_label", edge.source_label}, {"target", edge.target},
           {"target_label", edge.target_label}, {"count", edge.count}, {"query", edge.query}};
}

void to_json(ordered_json& out, const TimelinePoint& point) { out = {{"period", point.period}, {"count", point.count}}; }

void to_json(ordered_json& out, const QueryField& field) {
    out = {{"name", field.name}, {"description", field.description}, {"facet", field.facet}};
}

std::string string_or_empty(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? std::string() : it->get<std::string>();
}

std::string dump(const ordered_json& json) { return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string describe_json_error(const std::exception& e) {
    std::string what = e.what();
    if (const auto close = what.find("] "); what.starts_with("[json.exception") && close != std::string::npos)
        what.erase(0, close + 2);
    if (const auto at = what.find("at line 1, "); at != std::string::npos) what.erase(at, std::strlen("at line 1, "));
    return what;
}

std::string search_result_json(const SearchResult& result, bool with_timeline) {
    ordered_json facets = ordered_json::object();
    for (const auto& facet : result.facets) facets[facet.field] = facet.values;
    return dump({
        {"format_version", json_format_version},
        {"query", result.query},
        {"total", result.total},
        {"total_exact", result.total_exact},
        {"partial_total", result.partial_total},
        {"partial_total_exact", result.partial_total_exact},
        {"offset", result.offset},
        {"hits", result.hits},
        {"facets", std::move(facets)},
        {"timeline", with_timeline ? ordered_json(result.timeline) : ordered_json()},
        {"suggestion", result.suggestion ? ordered_json(*result.suggestion) : ordered_json()},
    });
}

std::string hit_json(const SearchHit& hit) { return dump(hit); }

// "directed" and "multigraph" are networkx's keys: without them, node_link_graph makes a
// multigraph.
std::string network_json(const NetworkResult& result) {
    return dump({
        {"format_version", json_format_version},
        {"query", result.query},
        {"field", result.field},
        {"statements", result.statements},
        {"directed", false},
        {"multigraph", false},
        {"nodes", result.nodes},
        {"edges", result.edges},
    });
}

std::string edge_json(const NetworkEdge& edge) { return dump(edge); }

std::string statement_json(const Statement& s) {
    return dump({{"format_version", json_format_version}, {"statement", s}});
}

std::string fields_json(const std::vector<QueryField>& fields) {
    return dump({{"format_version", json_format_version}, {"fields", fields}});
}

std::string field_json(const QueryField& field) { return dump(field); }

std::string error_json(const Error& error, std::string_view code) {
    return dump({{"error",
                  {{"code", code.empty() ? std::string_view(category_name(error.category())) : code},
                   {"message", error.what()},
                   {"hint", string_or_null(error.hint())}}}});
}

} // namespace mofa
