// How mofa's types map to JSON and back: nlohmann's to_json/from_json, found by ADL, so that
// `ordered_json j = statement;` and `record.get<Statement>()` work. Every JSON form of a
// statement is written here once: mofa's output (json.cpp), the header the index stores
// (stored.cpp) and JSON Lines records read as input (reader.cpp). Internal: the public headers
// do not include nlohmann.
#pragma once

#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <nlohmann/json.hpp>

#include <exception>
#include <string>

namespace mofa {

using ordered_json = nlohmann::ordered_json;

/// How a statement's absent values (empty strings, no date) are written: `null` in mofa's
/// output, `""` in the index's headers (as they always were).
enum class Absent { null, empty_string };

/// Puts `date`, `title`, `dateline`, `source`, `url` and `language` of a statement into
/// `out`, in this order: the keys every JSON form of a statement has after its `id`.
void put_statement_fields(ordered_json& out, const Statement& statement, Absent absent);

/// Reads `id`, `title`, `source`, `language`, `url` and `dateline` of a statement, in this
/// order, each as `read(key)` gives it: the keys put_statement_fields and to_json write, read
/// back by from_json (checked and trimmed) and by the index (stored.cpp, as stored).
template <typename Read> void get_statement_strings(Statement& statement, Read&& read) {
    statement.id = read("id");
    statement.title = read("title");
    statement.source = read("source");
    statement.language = read("language");
    statement.url = read("url");
    statement.dateline = read("dateline");
}

/// `{"name":..., "role":...}`, `role` null when the statement gives none.
void to_json(ordered_json& out, const Person& person);
/// `{"code":"RU", "name":"Russia"}`.
void to_json(ordered_json& out, const Country& country);
/// `{"name":...}`.
void to_json(ordered_json& out, const Organization& organization);
/// `{"country":"SG", "speaker":"Vivian Balakrishnan"}`, null for what is unknown.
void to_json(ordered_json& out, const Issuer& issuer);
/// `{"people":[...], "countries":[...], "organizations":[...]}`, without the canonical keys.
void to_json(ordered_json& out, const Participants& participants);
/// The inverse, lenient about missing keys (`key` is read when present, as the index stores
/// it); throws nlohmann::json::exception on wrong types.
void from_json(const nlohmann::json& json, Participants& participants);

/// A statement as mofa prints it: `id`, the fields of put_statement_fields (null when
/// absent), `participants` (each with its `mentions`), `issuer` (null when nothing is known) and
/// `body`.
void to_json(ordered_json& out, const Statement& statement);
/// A statement from a JSON Lines record: the keys id (a string or an integer), title, source,
/// language, url, dateline, body (required, not blank), date, participants, issuer (an object
/// with the strings country and speaker) and entities (strings), checked in this order; strings are trimmed, null is absent. Throws Error{input} with a message that names
/// the key but not the record's place.
void from_json(const nlohmann::json& record, Statement& statement);

/// A hit as in `hits` of search_result_json: `id`, `rank`, `score`, the fields of
/// put_statement_fields, `snippet`, `participants` and `issuer`.
void to_json(ordered_json& out, const SearchHit& hit);
/// `{"value":..., "label":..., "count":N}`.
void to_json(ordered_json& out, const FacetValue& value);
/// `{"id":..., "label":..., "count":N}`: a node of networkx's node-link form.
void to_json(ordered_json& out, const NetworkNode& node);
/// `{"source":..., "source_label":..., "target":..., "target_label":..., "count":N, "query":...}`.
void to_json(ordered_json& out, const NetworkEdge& edge);
/// `{"period":"2018-03", "count":N}`.
void to_json(ordered_json& out, const TimelinePoint& point);
/// `{"name":..., "description":..., "facet":true|false}`.
void to_json(ordered_json& out, const QueryField& field);

/// The string at `key` of a JSON object; empty when the key is missing or null. Throws
/// nlohmann::json::exception when it is something else.
std::string string_or_empty(const nlohmann::json& object, const char* key);

/// A JSON value on one line as mofa writes it: no spaces, invalid UTF-8 replaced by U+FFFD.
std::string dump(const ordered_json& json);

/// nlohmann's message without its "[json.exception...] " prefix and without "at line 1, " (a
/// record is one line), for messages about input.
std::string describe_json_error(const std::exception& e);

} // namespace mofa
