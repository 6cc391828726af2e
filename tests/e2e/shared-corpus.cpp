// Tests on the real corpora in ../shared/corpus (skipped, visibly, where they are absent).
#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <map>
#include <set>

using mofa::test::TempDir;
using nlohmann::json;

namespace {

// The lines of a gzip'd JSON Lines file that are valid JSON objects with a non-empty body,
// counted independently of mofa's reader.
std::size_t valid_records(const std::filesystem::path& path) {
    gzFile f = gzopen(path.c_str(), "rb");
    REQUIRE(f);
    std::string content;
    char buffer[1 << 16];
    for (int n; (n = gzread(f, buffer, sizeof buffer)) > 0;) content.append(buffer, static_cast<std::size_t>(n));
    gzclose(f);
    std::size_t count = 0, pos = 0;
    while (pos < content.size()) {
        std::size_t end = content.find('\n', pos);
        if (end == std::string::npos) end = content.size();
        const auto record = json::parse(content.begin() + static_cast<std::ptrdiff_t>(pos),
                                        content.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
        if (record.is_object() && record.contains("body") && record["body"].is_string() &&
            record["body"].get<std::string>().find_first_not_of(" \t\n") != std::string::npos)
            ++count;
        pos = end + 1;
    }
    return count;
}

json search_json(const std::filesystem::path& db, std::vector<std::string> args) {
    std::vector<std::string> argv{MOFA_SEARCH_BIN, "--db", db.string(), "--format", "json", "-n", "100"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = mofa::test::run(argv);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return json::parse(r.out);
}

bool has_hit(const json& result, const std::string& id) {
    for (const auto& hit : result["hits"])
        if (hit["id"] == id) return true;
    return false;
}

// corpus/ plus the statement this project was started from (../shared/eval/seed.txt), saved
// as a .txt file, as the foundation issue's acceptance asks.
struct SeedIndex {
    TempDir dir;
    std::filesystem::path db = dir / "db";
    SeedIndex() {
        std::filesystem::create_directories(dir / "in");
        std::filesystem::copy_file(mofa::test::shared_dir() / "eval/seed.txt", dir / "in/seed.txt");
        const auto r = mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), MOFA_CORPUS_DIR, (dir / "in/seed.txt").string()});
        REQUIRE_MESSAGE(r.status == 0, r.err);
    }
};

} // namespace

TEST_SUITE("shared-corpus") {

TEST_CASE_FIXTURE(SeedIndex, "the seed statement is the top hit for 'russia pakistan defence'") {
    const json result = search_json(db, {"russia", "pakistan", "defence"});
    REQUIRE(result["hits"].size() >= 1);
    const json& top = result["hits"][0];
    CHECK(top["id"] == "seed.txt");
    CHECK(top["rank"] == 1);
    CHECK(top["date"] == "2018-03-15");
    CHECK(top["dateline"] == "ISLAMABAD");
    CHECK(top["title"].is_null());
    CHECK(top["snippet"].get<std::string>().find("<b>") != std::string::npos);
}

TEST_CASE_FIXTURE(SeedIndex, "the seed's participants: exactly its people and countries; its council") {
    const auto r = mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "show", "seed.txt", "--format", "json"});
    REQUIRE(r.status == 0);
    const json p = json::parse(r.out)["statement"]["participants"];
    std::map<std::string, std::string> people;
    for (const auto& person : p["people"]) people[person["name"]] = person["role"].is_null() ? "" : person["role"].get<std::string>();
    REQUIRE(people.size() == 3);
    REQUIRE(people.count("Mikhail Popov"));
    CHECK(people["Mikhail Popov"].find("Deputy Secretary") != std::string::npos);
    CHECK(people["Mikhail Popov"].find("National Security Council") != std::string::npos);
    CHECK(people["Tehmina Janjua"] == "Foreign Secretary");
    CHECK(people["Nasser Khan Janjua"] == "National Security Adviser");
    std::set<std::string> countries;
    for (const auto& c : p["countries"]) countries.insert(c["code"]);
    CHECK(countries == std::set<std::string>{"PK", "RU"});
    bool council = false;
    for (const auto& o : p["organizations"]) council = council || o["name"] == "National Security Council";
    CHECK(council);
    for (const char* query : {"person:popov", "country:RU", "country:russia", "country:russian", "person:\"Tehmina Janjua\"",
                              "org:\"national security council\" pakistan"}) {
        CAPTURE(query);
        CHECK(has_hit(search_json(db, {query}), "seed.txt"));
    }
}

TEST_CASE_FIXTURE(SeedIndex, "stemming and phrases find the seed; a phrase keeps its order") {
    CHECK(has_hit(search_json(db, {"consultation"}), "seed.txt"));
    CHECK(has_hit(search_json(db, {"\"security situation\""}), "seed.txt"));
    CHECK_FALSE(has_hit(search_json(db, {"\"situation security\""}), "seed.txt"));
    const auto text = mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "russia", "pakistan", "defence", "-n", "1"});
    CHECK(text.out.find("  1. 2018-03-15  ISLAMABAD") != std::string::npos);
    CHECK(text.out.find("Pakistan and Russia Wednesday showed satisfaction") != std::string::npos);
}

TEST_CASE("every valid line of every shared corpus is indexed; a second run adds nothing") {
    std::vector<std::string> inputs;
    std::size_t expected = 0;
    for (const auto& entry : std::filesystem::directory_iterator(mofa::test::shared_dir() / "corpus")) {
        const auto file = entry.path() / "statements.jsonl.gz";
        if (!std::filesystem::exists(file)) continue;
        inputs.push_back(file.string());
        expected += valid_records(file);
    }
    REQUIRE(inputs.size() >= 5);
    TempDir dir;
    std::vector<std::string> argv{MOFA_INDEX_BIN, "--db", (dir / "db").string(), "--summary=json"};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    const auto first = mofa::test::run(argv);
    CHECK_MESSAGE(first.status == 0, first.err);
    const json one = json::parse(first.out);
    CHECK(one["added"] == expected);
    CHECK(one["documents"] == expected);

    // Nothing changed: every statement is unchanged, nothing is added or replaced.
    const auto second = mofa::test::run(argv);
    CHECK(second.status == 0);
    const json two = json::parse(second.out);
    CHECK(two["added"] == 0);
    CHECK(two["replaced"] == 0);
    CHECK(two["unchanged"] == expected);
    CHECK(two["documents"] == expected);

    const auto hits = mofa::test::run({MOFA_SEARCH_BIN, "--db", (dir / "db").string(), "--format", "json",
                                       "date:1963", "afghan"});
    CHECK(json::parse(hits.out)["total"] >= 1);
}

}
