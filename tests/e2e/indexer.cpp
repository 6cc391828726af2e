// End-to-end tests of mofa-index as a cron job: kills at any moment, interrupts, locks,
// readers beside the writer.
#include <mofa/error.hpp>
#include <mofa/index.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <thread>

#include <sys/wait.h>

using mofa::test::search_json;
using mofa::test::TempDir;
using mofa::test::write_feed;
using mofa::test::xapian_check_passes;
using nlohmann::json;

namespace {

// What must be equal between an interrupted-then-finished run and a clean run.
struct EndState {
    std::size_t documents = 0;
    std::vector<std::string> ids;
    std::vector<std::size_t> frequencies;
    bool operator==(const EndState&) const = default;
};

EndState end_state(const std::filesystem::path& db) {
    EndState s;
    const json all = search_json(db, {"-n", "10000", "--sort", "oldest"});
    s.documents = all["total"];
    for (const auto& hit : all["hits"]) s.ids.push_back(hit["id"]);
    std::sort(s.ids.begin(), s.ids.end());
    for (const char* word : {"security", "topic7", "maritime", "person:rahimova", "country:PK", "date:2020-01-05"})
        s.frequencies.push_back(search_json(db, {word})["total"]);
    return s;
}

// The index of a job that finished: it checks, it holds what `expected` holds, and another run
// over `in` changes nothing, finding its `statements` unchanged.
void check_finished(const std::filesystem::path& db, const std::filesystem::path& in, const EndState& expected,
                    std::size_t statements) {
    CHECK(xapian_check_passes(db));
    CHECK(end_state(db) == expected);
    const auto again = mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), "--summary=json", in.string()});
    CHECK(json::parse(again.out)["unchanged"] == statements);
}

} // namespace

TEST_SUITE("indexer") {

TEST_CASE("a kill -9 at any moment leaves an index that opens and checks; the next run finishes the job") {
    TempDir dir;
    write_feed(dir / "in/feed.jsonl", 1500);
    const auto clean = dir / "clean";
    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", clean.string(), "--batch-size", "50", (dir / "in").string()}).status == 0);
    const EndState expected = end_state(clean);
    CHECK(expected.documents == 1500);

    const auto db = dir / "killed";
    int killed_midway = 0;
    for (int delay_ms : {50, 150, 300, 500, 800, 1200, 2000}) {
        CAPTURE(delay_ms);
        const auto child = mofa::test::start(
            {MOFA_INDEX_BIN, "--db", db.string(), "--batch-size", "50", (dir / "in").string()}, dir.path());
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
        kill(child.pid, SIGKILL);
        const int status = mofa::test::wait_for(child);
        if (status == 128 + SIGKILL) ++killed_midway;
        if (std::filesystem::exists(db / "iamglass")) {
            CHECK(xapian_check_passes(db));
            search_json(db, {"security"}); // opens and answers
        }
        // Another run, killed or not, never loses what was committed: it only adds.
    }
    CHECK(killed_midway >= 2);
    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), "--batch-size", "50", (dir / "in").string()}).status == 0);
    check_finished(db, dir / "in", expected, 1500);
}

TEST_CASE("SIGINT and SIGTERM stop at a clean commit, print the summary and exit 130") {
    TempDir dir;
    write_feed(dir / "in/feed.jsonl", 1500);
    for (int signal : {SIGINT, SIGTERM}) {
        CAPTURE(signal);
        const auto db = dir / ("db" + std::to_string(signal));
        const auto child = mofa::test::start(
            {MOFA_INDEX_BIN, "--db", db.string(), "--batch-size", "50", "--summary", (dir / "in").string()}, dir.path());
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        kill(child.pid, signal);
        const int status = mofa::test::wait_for(child);
        if (status == mofa::exit_interrupted) {
            CHECK(mofa::test::read_file(child.out).find("(interrupted)") != std::string::npos);
        } else {
            CHECK(status == 0); // it finished before the signal came
        }
        CHECK(xapian_check_passes(db));
        REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), (dir / "in").string()}).status == 0);
        CHECK(search_json(db, {})["total"] == 1500);
    }
}

TEST_CASE("a second writer fails at once with exit code 3, or waits with --wait") {
    TempDir dir;
    mofa::test::write_file(dir / "in/a.txt", " date 2018-01-01 One statement about rivers.");
    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", (dir / "db").string(), (dir / "in").string()}).status == 0);
    {
        mofa::IndexWriter holder(dir / "db");
        const auto locked = mofa::test::run({MOFA_INDEX_BIN, "--db", (dir / "db").string(), (dir / "in").string()});
        CHECK(locked.status == mofa::exit_locked);
        CHECK(locked.err.find((dir / "db").string()) != std::string::npos);
        CHECK(locked.err.find("hint:") != std::string::npos);
        CHECK(locked.err.find("--wait") != std::string::npos);
        const auto waited = mofa::test::run({MOFA_INDEX_BIN, "--db", (dir / "db").string(), "--wait", "0.5", (dir / "in").string()});
        CHECK(waited.status == mofa::exit_locked);
    }
    // The lock is released while the second writer waits: it goes on.
    auto holder = std::make_unique<mofa::IndexWriter>(dir / "db");
    const auto child = mofa::test::start({MOFA_INDEX_BIN, "--db", (dir / "db").string(), "--wait", "30", (dir / "in").string()},
                                         dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    holder.reset();
    CHECK(mofa::test::wait_for(child) == 0);
}

TEST_CASE("after editing 10 files and deleting 5, --prune reports exactly 10 replaced and 5 removed") {
    TempDir dir;
    std::filesystem::copy(std::string(MOFA_CORPUS_DIR) + "/text", dir / "in", std::filesystem::copy_options::recursive);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir / "in"))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 20);
    const auto db = dir / "db";
    const std::vector<std::string> run{MOFA_INDEX_BIN, "--db", db.string(), "--prune", "--summary=json", (dir / "in").string()};
    REQUIRE(mofa::test::run(run).status == 0);
    for (std::size_t i = 0; i < 10; ++i) mofa::test::write_file(files[i], mofa::test::read_file(files[i]) + "\nAn added paragraph.\n");
    for (std::size_t i = 10; i < 15; ++i) std::filesystem::remove(files[i]);
    // A file touched without a change counts as unchanged.
    std::filesystem::last_write_time(files[15], std::filesystem::file_time_type::clock::now());
    const auto r = mofa::test::run(run);
    CHECK(r.status == 0);
    const json s = json::parse(r.out);
    CHECK(s["replaced"] == 10);
    CHECK(s["removed"] == 5);
    CHECK(s["added"] == 0);
    CHECK(s["unchanged"] == files.size() - 15);
    CHECK(s["documents"] == files.size() - 5);
    // And the next run changes nothing.
    const auto again = json::parse(mofa::test::run(run).out);
    CHECK(again["unchanged"] == files.size() - 5);
}

TEST_CASE("--compact compacts in place; the index still answers the same") {
    TempDir dir;
    write_feed(dir / "in/feed.jsonl", 300);
    const auto db = dir / "db";
    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), "--batch-size", "10", (dir / "in").string()}).status == 0);
    const EndState before = end_state(db);
    const auto r = mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), "--compact"});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.empty()); // quiet on a pipe, as a cron job wants
    const auto told = mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), "--compact", "--summary"});
    CHECK_MESSAGE(told.status == 0, told.err);
    CHECK(told.out.starts_with("compacted "));
    CHECK_FALSE(std::filesystem::exists(db.string() + ".compacting"));
    check_finished(db, dir / "in", before, 300); // and incremental runs go on as before
}

TEST_CASE("--dry-run lists what it would add, replace and remove, a line each, and creates and changes nothing") {
    TempDir dir;
    mofa::test::write_file(dir / "in/a.jsonl", "{\"id\":\"x1\",\"body\":\"One.\"}\n{\"id\":\"x2\",\"body\":\"Two.\"}\n"
                                               "{\"id\":\"x1\",\"body\":\"Again.\"}\n");
    const auto db = dir / "db";
    const auto first = mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), "--dry-run", "--summary=json", (dir / "in").string()});
    CHECK(first.status == mofa::exit_partial); // the duplicate
    CHECK(first.out.find("would add x1 (" + (dir / "in/a.jsonl").string() + ":1)\n") != std::string::npos);
    CHECK(first.out.find("would add x2 (" + (dir / "in/a.jsonl").string() + ":2)\n") != std::string::npos);
    CHECK(first.err.find((dir / "in/a.jsonl").string() + ":3: duplicate id 'x1'") != std::string::npos);
    const json summary = json::parse(first.out.substr(first.out.rfind("{")));
    CHECK(summary["added"] == 2);
    CHECK(summary["documents"] == 2);
    CHECK(summary["dry_run"] == true);
    CHECK_FALSE(std::filesystem::exists(db)); // nothing created

    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), (dir / "in").string()}).status == mofa::exit_partial);
    mofa::test::write_file(dir / "in/a.jsonl", "{\"id\":\"x1\",\"body\":\"One, changed.\"}\n");
    mofa::test::write_file(dir / "in/b.jsonl", "{\"id\":\"x3\",\"body\":\"Three.\"}\n");
    const auto before = mofa::test::read_file(db / "iamglass");
    const auto second = mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), "--dry-run", "--prune", (dir / "in").string()});
    CHECK_MESSAGE(second.status == 0, second.err);
    CHECK(second.out.find("would replace x1 (") != std::string::npos);
    CHECK(second.out.find("would add x3 (") != std::string::npos);
    CHECK(second.out.find("would remove x2 (") != std::string::npos);
    CHECK(std::count(second.out.begin(), second.out.end(), '\n') == 3);
    CHECK(mofa::test::read_file(db / "iamglass") == before); // no commit
    CHECK(search_json(db, {"id:x2"})["total"] == 1);
}

TEST_CASE("an input that does not exist, or --compact of no index, creates nothing") {
    TempDir dir;
    const auto missing = mofa::test::run({MOFA_INDEX_BIN, "--db", (dir / "new").string(), (dir / "nonexistent").string()});
    CHECK(missing.status == mofa::exit_usage);
    CHECK(missing.err.starts_with("mofa-index: no such file or folder: " + (dir / "nonexistent").string()));
    CHECK_FALSE(std::filesystem::exists(dir / "new"));
    const auto compact = mofa::test::run({MOFA_INDEX_BIN, "--db", (dir / "new").string(), "--compact"});
    CHECK(compact.status == mofa::exit_index);
    CHECK(compact.err.starts_with("mofa-index: no index at " + (dir / "new").string() + " to compact"));
    CHECK_FALSE(std::filesystem::exists(dir / "new"));
}

TEST_CASE("searches beside a running index job never fail") {
    TempDir dir;
    write_feed(dir / "in/feed.jsonl", 1500);
    const auto db = dir / "db";
    mofa::test::write_file(dir / "seed/a.txt", " date 2018-01-01 A first statement about security.");
    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), (dir / "seed").string()}).status == 0);
    const auto child = mofa::test::start({MOFA_INDEX_BIN, "--db", db.string(), "--batch-size", "20", (dir / "in").string()},
                                         dir.path());
    int searches = 0, failures = 0;
    for (;;) {
        int status = 0;
        const bool running = waitpid(child.pid, &status, WNOHANG) == 0;
        const auto r = mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "--format", "json", "security", "cooperation"});
        ++searches;
        if (r.status != 0) {
            ++failures;
            MESSAGE(r.err);
        }
        if (!running) {
            CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
            break;
        }
    }
    CHECK(failures == 0);
    CHECK(searches >= 2);
}

}
