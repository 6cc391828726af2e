#include <mofa/error.hpp>
#include <mofa/json.hpp>

#include "json_mapping.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace mofa;
using nlohmann::json;

TEST_SUITE("json") {

TEST_CASE("search results: format_version 1, every documented key, null for absent values") {
    SearchResult result;
    result.query = "russia";
    result.total = 12;
    result.total_exact = false;
    result.offset = 10;
    SearchHit hit;
    hit.rank = 11;
    hit.score = 1.5;
    hit.statement.id = "seed.txt";
    hit.statement.date = Date::parse("1963");
    hit.statement.dateline = "ISLAMABAD";
    hit.statement.participants.people.push_back({.name = "Mikhail Popov", .role = "", .key = "", .mentions = {}});
    hit.statement.participants.countries.push_back({"RU", "Russia", {}});
    hit.snippet = "<b>Russia</b> &amp; Pakistan";
    result.hits.push_back(hit);

    const json j = json::parse(search_result_json(result));
    CHECK(j["format_version"] == 1);
    CHECK(j["query"] == "russia");
    CHECK(j["total"] == 12);
    CHECK(j["total_exact"] == false);
    CHECK(j["offset"] == 10);
    CHECK(j["facets"] == json::object());
    CHECK(j["suggestion"].is_null());
    const json& h = j["hits"][0];
    for (const char* key : {"id", "rank", "score", "date", "title", "dateline", "source", "url", "language", "snippet",
                            "participants"})
        CHECK_MESSAGE(h.contains(key), key);
    CHECK(h["date"] == "1963");
    CHECK(h["title"].is_null());
    CHECK(h["url"].is_null());
    CHECK(h["rank"] == 11);
    CHECK(h["participants"]["people"][0]["name"] == "Mikhail Popov");
    CHECK(h["participants"]["people"][0]["role"].is_null());
    CHECK(h["participants"]["countries"][0] == json{{"code", "RU"}, {"name", "Russia"}});
    CHECK(h["participants"]["organizations"] == json::array());
}

TEST_CASE("a statement: the hit's fields plus its body") {
    Statement s;
    s.id = "a";
    s.body = "Text \"quoted\"\n\nand more.";
    s.language = "fr";
    const json j = json::parse(statement_json(s));
    CHECK(j["format_version"] == 1);
    CHECK(j["statement"]["id"] == "a");
    CHECK(j["statement"]["date"].is_null());
    CHECK(j["statement"]["language"] == "fr");
    CHECK(j["statement"]["body"] == s.body);
    CHECK(j["statement"]["participants"]["people"] == json::array());
    // Each participant with the words that named it.
    s.participants.people.push_back({.name = "Mikhail Popov", .role = "", .key = "mikhail popov", .mentions = {"M.M. Popov", "Popov"}});
    s.participants.countries.push_back({"RU", "Russia", {"Russian"}});
    s.participants.organizations.push_back({.name = "United Nations", .key = "united nations", .mentions = {}});
    const json p = json::parse(statement_json(s))["statement"]["participants"];
    CHECK(p["people"][0]["mentions"] == json{"M.M. Popov", "Popov"});
    CHECK(p["countries"][0] == json{{"code", "RU"}, {"name", "Russia"}, {"mentions", {"Russian"}}});
    CHECK(p["organizations"][0]["mentions"] == json::array());
    CHECK(p["people"][0].find("key") == p["people"][0].end());
}

TEST_CASE("errors") {
    const json j = json::parse(error_json(Error(ErrorCategory::usage, "bad query", "quote it")));
    CHECK(j["error"]["code"] == "usage");
    CHECK(j["error"]["message"] == "bad query");
    CHECK(j["error"]["hint"] == "quote it");
    CHECK(json::parse(error_json(Error(ErrorCategory::index, "x")))["error"]["hint"].is_null());
    // The HTTP API gives its own codes.
    CHECK(error_json(Error(ErrorCategory::usage, "bad query"), "bad_query") ==
          R"({"error":{"code":"bad_query","message":"bad query","hint":null}})");
}

TEST_CASE("fields: a document, and one object per field") {
    const json j = json::parse(fields_json(query_fields()));
    CHECK(j["format_version"] == 1);
    REQUIRE(j["fields"].size() == query_fields().size());
    CHECK(j["fields"][0] == json::parse(field_json(query_fields().front())));
    CHECK(field_json({"person", "a person", true}) == R"({"name":"person","description":"a person","facet":true})");
}

TEST_CASE("participants: to_json without keys, from_json with them when given") {
    Participants p;
    p.people.push_back({.name = "Sergey Lavrov", .role = "Foreign Minister", .key = "sergey lavrov", .mentions = {"Lavrov"}});
    p.countries.push_back({"RU", "Russia", {}});
    p.organizations.push_back({.name = "United Nations", .key = "united nations", .mentions = {}});
    const ordered_json out = p;
    CHECK(dump(out) == R"({"people":[{"name":"Sergey Lavrov","role":"Foreign Minister"}],"countries":[{"code":"RU",)"
                       R"("name":"Russia"}],"organizations":[{"name":"United Nations"}]})");
    json with_keys = json::parse(dump(out));
    with_keys["people"][0]["key"] = "sergey lavrov";
    const auto back = with_keys.get<Participants>();
    CHECK(back.people[0].key == "sergey lavrov");
    CHECK(back.people[0].role == "Foreign Minister");
    CHECK(back.countries == p.countries);
    CHECK(back.organizations[0].key.empty());
}

}
