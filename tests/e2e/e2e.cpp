// End-to-end tests: the real mofa-index and mofa-search on corpus/ and on temporary folders,
// checking exit codes, stderr messages and JSON output.
#include <mofa/error.hpp>
#include <mofa/index.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <set>

using mofa::test::RunResult;
using mofa::test::TempDir;
using mofa::test::write_file;
using nlohmann::json;

namespace {

RunResult index(const std::filesystem::path& db, std::vector<std::string> inputs, const std::string& stdin_text = {}) {
    std::vector<std::string> argv{MOFA_INDEX_BIN, "--db", db.string()};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return mofa::test::run(argv, stdin_text);
}

RunResult search(const std::filesystem::path& db, std::vector<std::string> args) {
    std::vector<std::string> argv{MOFA_SEARCH_BIN, "--db", db.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return mofa::test::run(argv);
}

json search_json(const std::filesystem::path& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    const auto r = search(db, args);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return json::parse(r.out);
}

std::vector<std::string> hit_ids(const json& result) {
    std::vector<std::string> ids;
    for (const auto& hit : result["hits"]) ids.push_back(hit["id"]);
    return ids;
}

// corpus/, indexed for the tests that only read.
struct CorpusIndex {
    TempDir dir;
    std::filesystem::path db = dir / "db";
    CorpusIndex() {
        const auto r = index(db, {MOFA_CORPUS_DIR});
        REQUIRE_MESSAGE(r.status == 0, r.err);
        CHECK(r.err.empty());
        CHECK(r.out.empty()); // quiet on a pipe when all is well
    }
};

} // namespace

TEST_SUITE("e2e") {

TEST_CASE_FIXTURE(CorpusIndex, "every hit has every documented key; absent values are null") {
    const json result = search_json(db, {"-n", "50", "--any", "security", "cooperation"});
    for (const char* key : {"format_version", "query", "total", "total_exact", "offset", "hits", "facets", "suggestion"})
        CHECK_MESSAGE(result.contains(key), key);
    CHECK(result["hits"].size() > 5);
    for (const auto& hit : result["hits"]) {
        for (const char* key : {"id", "rank", "score", "date", "title", "dateline", "source", "url", "language",
                                "snippet", "participants"})
            CHECK_MESSAGE(hit.contains(key), key);
        for (const char* key : {"people", "countries", "organizations"}) CHECK(hit["participants"][key].is_array());
    }
}

TEST_CASE_FIXTURE(CorpusIndex, "paging and sorting") {
    const json all = search_json(db, {"-n", "6", "security"});
    const json page = search_json(db, {"-n", "3", "--offset", "3", "security"});
    CHECK(page["offset"] == 3);
    REQUIRE(page["hits"].size() == 3);
    CHECK(page["hits"][0]["id"] == all["hits"][3]["id"]);
    CHECK(page["hits"][0]["rank"] == 4);
    const json newest = search_json(db, {"--sort", "newest", "-n", "100"});
    std::string previous = "9999";
    for (const auto& hit : newest["hits"]) {
        if (hit["date"].is_null()) continue;
        CHECK(hit["date"].get<std::string>() <= previous);
        previous = hit["date"];
    }
}

TEST_CASE_FIXTURE(CorpusIndex, "other languages and partial dates of corpus/") {
    CHECK(search_json(db, {"lang:ru"})["total"] >= 2);
    CHECK(search_json(db, {"lang:fr"})["total"] >= 2);
    CHECK(search_json(db, {"lang:es"})["total"] >= 2);
    CHECK(search_json(db, {"Лавров"})["total"] >= 1);
    const json year = search_json(db, {"date:2015"});
    const auto ids = hit_ids(year);
    CHECK(std::find(ids.begin(), ids.end(), "text/ru-mid/2015-iran-nuclear-agreement-comment.txt") != ids.end());
    CHECK(hit_ids(search_json(db, {"date:2015-01..2015-06", "iran"})).empty() == true);
    const json month = search_json(db, {"date:2016-05"});
    CHECK(month["hits"][0]["date"] == "2016-05");
}

TEST_CASE_FIXTURE(CorpusIndex, "participants: extracted, canonical across spellings and scripts, searchable") {
    // "Sergey Lavrov", "Sergei Lavrov" and "Сергей Лавров" are one person.
    const json lavrov = search_json(db, {"-n", "50", "person:\"Sergey Lavrov\""});
    std::set<std::string> languages;
    for (const auto& hit : lavrov["hits"]) {
        languages.insert(hit["language"].is_null() ? "" : hit["language"].get<std::string>());
        bool named = false;
        for (const auto& p : hit["participants"]["people"]) named = named || p["name"] == "Sergey Lavrov";
        CHECK_MESSAGE(named, hit["id"]);
    }
    CHECK(lavrov["total"] >= 3);
    CHECK(languages.count("ru") == 1);
    CHECK(search_json(db, {"person:lavrov"})["total"] == lavrov["total"]);
    // A country by code, name or adjective.
    const auto by_code = search_json(db, {"country:PK"})["total"];
    CHECK(by_code >= 5);
    CHECK(search_json(db, {"country:pakistan"})["total"] == by_code);
    CHECK(search_json(db, {"country:pakistani"})["total"] == by_code);
    CHECK(search_json(db, {"org:SCO"})["total"] >= 2);
    const auto unknown = search(db, {"country:atlantis"});
    CHECK(unknown.status == mofa::exit_usage);
    CHECK(unknown.err.find("country:atlantis") != std::string::npos);
}

TEST_CASE_FIXTURE(CorpusIndex, "zero hits is success") {
    const auto r = search(db, {"--format", "json", "zzzyxxq"});
    CHECK(r.status == 0);
    CHECK(json::parse(r.out)["total"] == 0);
    CHECK(search(db, {"zzzyxxq"}).out.find("No statements match") != std::string::npos);
}

TEST_CASE("indexing again replaces and never duplicates") {
    TempDir dir;
    REQUIRE(index(dir / "db", {MOFA_CORPUS_DIR}).status == 0);
    const auto count = search_json(dir / "db", {})["total"];
    const auto again = mofa::test::run({MOFA_INDEX_BIN, "--db", (dir / "db").string(), "--summary", MOFA_CORPUS_DIR});
    CHECK(again.status == 0);
    CHECK(again.out.find("0 added") != std::string::npos);
    CHECK(search_json(dir / "db", {})["total"] == count);
    CHECK(count >= 40);
}

TEST_CASE_FIXTURE(CorpusIndex, "text output: rank, date, dateline, heading, snippet, id") {
    const auto r = search(db, {"indus", "date:2016-05"});
    CHECK(r.status == 0);
    CHECK(r.out.find("  1. 2016-05  ISLAMABAD") != std::string::npos);
    CHECK(r.out.find("id: text/pk-mofa/2016-05-indus-waters-treaty.txt") != std::string::npos);
    CHECK(r.out.find("\033[") == std::string::npos); // no colour on a pipe
    const auto coloured = search(db, {"--color", "always", "indus", "-n", "1"});
    CHECK(coloured.out.find("\033[") != std::string::npos);
}

TEST_CASE_FIXTURE(CorpusIndex, "show ID prints one statement, body included") {
    const std::string id = "text/pk-mofa/2016-05-indus-waters-treaty.txt";
    const auto r = search(db, {"show", id, "--format", "json"});
    REQUIRE(r.status == 0);
    const json j = json::parse(r.out);
    CHECK(j["format_version"] == 1);
    CHECK(j["statement"]["id"] == id);
    CHECK(j["statement"]["date"] == "2016-05");
    CHECK(j["statement"]["body"].get<std::string>().find("Indus") != std::string::npos);
    const auto text = search(db, {"show", id});
    CHECK(text.out.find("dateline: ISLAMABAD") != std::string::npos);
    const auto missing = search(db, {"show", "no-such-id"});
    CHECK(missing.status == mofa::exit_usage);
    CHECK(missing.err.find("no statement with id 'no-such-id'") != std::string::npos);
}

TEST_CASE("bad input is skipped with its own message; the rest is indexed; exit code 1") {
    TempDir dir;
    write_file(dir / "in/good.txt", " date 2018-03-15 ISLAMABAD - A good statement about water.");
    write_file(dir / "in/empty.txt", "");
    write_file(dir / "in/latin1.txt", " date 2018-03-15 PARIS - Caf\xe9 diplomacy.");
    write_file(dir / "in/nodate.txt", "Pakistan and Russia met.");
    write_file(dir / "in/impossible.txt", " date 2018-02-30 ISLAMABAD - Text.");
    write_file(dir / "in/binary.txt", std::string("\x7f" "ELF\0\0\0", 7));
    write_file(dir / "in/feed.jsonl", "{\"id\":\"j1\",\"body\":\"Good water record.\"}\n"
                                      "{\"id\":\"j2\",\"body\":\"truncated\n"
                                      "{\"id\":\"j3\",\"date\":\"2018-02-30\",\"body\":\"x\"}\n"
                                      "{\"id\":\"j4\"}\n"
                                      "{\"id\":\"j5\",\"body\":\"Another good water record.\"}\n");
    const auto r = index(dir / "db", {(dir / "in").string()});
    CHECK(r.status == mofa::exit_partial);
    for (const std::string expected :
         {"empty.txt: empty file", "latin1.txt:1: invalid UTF-8", "nodate.txt:1: missing date",
          "impossible.txt:1: impossible date 2018-02-30", "binary.txt:1: NUL byte", "feed.jsonl:2: invalid JSON",
          "feed.jsonl:3: impossible date 2018-02-30", "feed.jsonl:4: no \"body\""})
        CHECK_MESSAGE(r.err.find(expected) != std::string::npos, expected, "\n", r.err);
    CHECK(search_json(dir / "db", {"water"})["total"] == 3);
}

TEST_CASE("JSON Lines on standard input") {
    TempDir dir;
    const auto r = index(dir / "db", {"-"}, "{\"id\":\"s1\",\"body\":\"From a pipe.\",\"language\":\"en\"}\n");
    CHECK(r.status == 0);
    CHECK(hit_ids(search_json(dir / "db", {"pipe"})) == std::vector<std::string>{"s1"});
}

TEST_CASE("exit codes: usage 2, locked 3, index missing 4") {
    TempDir dir;
    CHECK(mofa::test::run({MOFA_INDEX_BIN}).status == mofa::exit_usage);                 // no input
    CHECK(mofa::test::run({MOFA_INDEX_BIN, "--no-such-option", "x"}).status == mofa::exit_usage);
    CHECK(mofa::test::run({MOFA_SEARCH_BIN, "--format", "xml", "x"}).status == mofa::exit_usage);
    CHECK(mofa::test::run({MOFA_INDEX_BIN, "--help"}).status == 0);
    CHECK(mofa::test::run({MOFA_SEARCH_BIN, "--help"}).out.find("Exit codes") != std::string::npos);

    const auto missing = search(dir / "nothing", {"russia"});
    CHECK(missing.status == mofa::exit_index);
    CHECK(missing.err.find("no index at") != std::string::npos);
    CHECK(missing.err.find("hint:") != std::string::npos);

    write_file(dir / "in/a.txt", " date 2018-01-01 Text about rivers.");
    REQUIRE(index(dir / "db", {(dir / "in").string()}).status == 0);
    const auto bad_query = search(dir / "db", {"date:2018-02-30"});
    CHECK(bad_query.status == mofa::exit_usage);
    CHECK(bad_query.err.find("2018-02-30") != std::string::npos);
    CHECK(search(dir / "db", {"--format", "json", "\"unbalanced"}).status == 0);

    mofa::IndexWriter holder(dir / "db"); // this process holds the lock
    const auto locked = index(dir / "db", {(dir / "in").string()});
    CHECK(locked.status == mofa::exit_locked);
    CHECK(locked.err.find("is locked") != std::string::npos);
    CHECK(search(dir / "db", {"rivers"}).status == 0); // readers are never locked out

    write_file(dir / "notes/mine.txt", "my own file");
    const auto not_index = index(dir / "notes", {(dir / "in").string()});
    CHECK(not_index.status == mofa::exit_index);
    CHECK(not_index.err.find("is not an index") != std::string::npos);
}

}
