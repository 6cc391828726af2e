// End-to-end tests of the real binaries against hostile input and a damaged, read-only or full
// index: a run must finish, name each problem, keep what is good and what was committed, and
// exit with the documented code. Every file is generated here, at test time.
#include <mofa/error.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <sstream>

#include <sys/mount.h>

namespace fs = std::filesystem;
using namespace mofa::test;
using nlohmann::json;
using namespace std::string_literals;

namespace {

// Options of run_with (set by name: designated initializers that leave some out are warned about).
RunOptions options(double timeout_seconds, bool unprivileged = false, std::uintmax_t max_file_bytes = 0) {
    RunOptions o;
    o.timeout_seconds = timeout_seconds;
    o.unprivileged = unprivileged;
    o.max_file_bytes = max_file_bytes;
    return o;
}

// Options for a run that meets Xapian's own leak on a failed commit of a damaged table: the
// suppression of tests/lsan.supp added to LeakSanitizer's options (in the sanitizer build; the
// variable means nothing elsewhere). Only such runs get it, so no other leak is hidden.
RunOptions with_xapian_leak_suppressed() {
    RunOptions o;
    const char* own = std::getenv("LSAN_OPTIONS");
    o.environment.push_back(std::string("LSAN_OPTIONS=") + (own && *own ? std::string(own) + ":" : "") +
                            "suppressions=" MOFA_LSAN_SUPPRESSIONS);
    return o;
}

RunResult index_run(const fs::path& db, std::vector<std::string> args, RunOptions options = {}) {
    std::vector<std::string> argv{MOFA_INDEX_BIN, "--db", db.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return mofa::test::run_with(argv, options);
}

RunResult search_run(const fs::path& db, std::vector<std::string> args, RunOptions options = {}) {
    std::vector<std::string> argv{MOFA_SEARCH_BIN, "--db", db.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return mofa::test::run_with(argv, options);
}

// Every statement's id, sorted.
std::vector<std::string> all_ids(const fs::path& db) {
    std::vector<std::string> ids;
    const json all = search_json(db, {"-n", "10000", "--", ""}); // not in the for: the temporary would be gone
    for (const auto& hit : all["hits"]) ids.push_back(hit["id"]);
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool found(const fs::path& db, const std::string& id) { return search_run(db, {"show", id}).status == 0; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Each file of an index folder and its bytes: what a failed run must leave as it was.
std::map<std::string, std::string> snapshot(const fs::path& db) {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(db)) files[entry.path().filename().string()] = mofa::test::read_file(entry.path());
    return files;
}

// A copy of the index of corpus/ in DIR/db, for the tests of a damaged index.
struct CorpusIndex {
    TempDir dir;
    fs::path db = dir / "db";
    std::vector<std::string> ids;
    CorpusIndex() {
        mofa::test::copy_corpus_index(db);
        ids = all_ids(db);
        REQUIRE(ids.size() > 20);
        write_file(dir / "new/new.txt", " date 2024-02-02 A new statement about forests and rivers.\n");
    }
};

// ---------------------------------------------------------------------------------------------
// The hostile folder

// A problem the indexer must name: a line of stderr with `where` (a file name, with the line
// for records) and a telling word.
struct ExpectedProblem {
    std::string where;
    std::string word;
};

struct HostileFolder {
    fs::path root;
    std::vector<ExpectedProblem> problems;
    std::vector<std::string> good_ids; // every statement that must be indexed
};

constexpr std::size_t huge_bytes = std::size_t{50} << 20;

// Deterministic bytes that look like a binary file: an ELF header (a NUL on the first line),
// then pseudo-random bytes.
std::string binary_bytes(std::size_t size) {
    std::string out("\x7f" "ELF\x02\x01\x01\x00\x00\x00", 10);
    std::uint32_t x = 2463534242U;
    while (out.size() < size) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out += static_cast<char>(x & 0xff);
    }
    return out;
}

HostileFolder make_hostile_folder(const fs::path& root, bool with_unreadable_file) {
    HostileFolder h;
    h.root = root;
    auto problem = [&](std::string where, std::string word) { h.problems.push_back({std::move(where), std::move(word)}); };
    auto file = [&](const std::string& name, const std::string& content) { write_file(root / name, content); };

    // Good files.
    file("good/statement.txt", " date 2021-03-04 ISLAMABAD - A good statement about glaciers and hostilegoodtext.\n\n"
                               "A second paragraph.\n");
    h.good_ids.push_back("good/statement.txt");
    file("good/feed.jsonl", json{{"id", "good/1"}, {"date", "2021-03-05"}, {"body", "A good record about deserts and hostilegoodjsonl."}}.dump() +
                                "\n" + json{{"id", "good/2"}, {"body", "Another good record, undated."}}.dump() + "\n");
    h.good_ids.insert(h.good_ids.end(), {"good/1", "good/2"});

    // Empty and binary files.
    file("empty.txt", "");
    problem("empty.txt: ", "empty file");
    file("empty.jsonl", "");
    problem("empty.jsonl: ", "empty file");
    file("binary.txt", binary_bytes(64 << 10));
    problem("binary.txt:", "NUL byte");
    file("binary.jsonl", binary_bytes(64 << 10));
    problem("binary.jsonl:1: ", "binary file");

    // Invalid UTF-8 in a text file, and in each field of a JSON Lines record.
    file("bad-utf8.txt", " date 2020-01-01 A statement with an invalid byte \xff here.\n");
    problem("bad-utf8.txt:1: ", "invalid UTF-8");
    {
        const std::string bad = "bad \xff\xfe value";
        const std::string base = R"({"id":"utf8/ID","date":"2020-01-01","body":"A body.")";
        std::string lines;
        int line = 0;
        auto record = [&](const std::string& text) {
            lines += text + "\n";
            problem("bad-utf8.jsonl:" + std::to_string(++line) + ": ", "UTF-8");
        };
        for (const char* field : {"id", "title", "body", "date", "dateline", "source", "url", "language"})
            record(R"({"id":"utf8/)" + std::string(field) + R"(","body":"A body.",")" + field + R"(":")" + bad + "\"}");
        record(base + R"(,"participants":{"people":[{"name":")" + bad + R"("}]}})");
        record(base + R"(,"participants":{"people":[{"name":"Ann Lee","role":")" + bad + R"("}]}})");
        record(base + R"(,"participants":{"organizations":[{"name":")" + bad + R"("}]}})");
        record(base + R"(,"participants":{"countries":[{"code":")" + bad + R"("}]}})");
        lines += base + R"(,"title":"a lone surrogate \ud800"})" "\n";
        problem("bad-utf8.jsonl:" + std::to_string(++line) + ": ", "surrogate");
        file("bad-utf8.jsonl", lines);
    }

    // NUL bytes: a text file is not text; a JSON Lines record is not JSON (the good records
    // around it are kept).
    file("nul.txt", " date 2020-01-01 A NUL \0 inside.\n"s);
    problem("nul.txt:1: ", "NUL byte");
    file("nul.jsonl", json{{"id", "nul/before"}, {"body", "Before the NUL."}}.dump() + "\n" +
                          "{\"id\":\"nul/raw\",\"body\":\"a raw \0 NUL\"}\n"s +
                          json{{"id", "nul/after"}, {"body", "After the NUL."}}.dump() + "\n");
    problem("nul.jsonl:2: ", "NUL byte");
    h.good_ids.insert(h.good_ids.end(), {"nul/before", "nul/after"});

    // Deeply nested JSON: 100,000 '[' (unclosed, then closed), as participants, and in a key
    // mofa does not read (accepted).
    {
        const std::string open(100000, '['), close(100000, ']');
        std::string deep_object;
        for (int i = 0; i < 100000; ++i) deep_object += "{\"a\":";
        deep_object += "1" + std::string(100000, '}');
        file("nested.jsonl", open + "\n" + open + close + "\n" + R"({"body":"x","participants":)" + open + close + "}\n" +
                                 R"({"id":"nested/extra","body":"Deep but fine.","extra":)" + deep_object + "}\n");
        problem("nested.jsonl:1: ", "invalid JSON");
        problem("nested.jsonl:2: ", "must be a JSON object");
        problem("nested.jsonl:3: ", "\"participants\" must be an object");
        h.good_ids.push_back("nested/extra");
    }

    // Dates of year 0 and of year 99999.
    file("dates.jsonl", R"({"id":"dates/0","date":"0000-01-01","body":"Year zero."})" "\n"
                        R"({"id":"dates/99999","date":"99999-01-01","body":"Year 99999."})" "\n");
    problem("dates.jsonl:1: ", "no year 0");
    problem("dates.jsonl:2: ", "not a date");
    file("year-0.txt", " date 0000-05-05 Year zero.\n");
    problem("year-0.txt:1: ", "no year 0");
    file("year-99999.txt", " date 99999-05-05 Year 99999.\n");
    problem("year-99999.txt:1: ", "not a date");

    // A body of punctuation only: a statement without words, indexed.
    file("punctuation.txt", " date 2020-02-02 ... !!! ??? ;;; --- *** ((( ))) \u2014 \u00ab \u00bb\n");
    h.good_ids.push_back("punctuation.txt");

    // 10,000 participants in a record, a name of 1,000 letters, and a body naming 10,000 people.
    {
        json people = json::array();
        for (int i = 0; i < 10000; ++i)
            people.push_back({{"name", "Person" + std::to_string(i) + " Surname" + std::to_string(i)}, {"role", "Minister"}});
        file("participants.jsonl",
             json{{"id", "many/participants"}, {"body", "Ten thousand people met."}, {"participants", {{"people", people}}}}.dump() +
                 "\n" +
                 json{{"id", "many/long-name"}, {"body", "A very long name."},
                      {"participants", {{"people", {{{"name", "Abc " + std::string(1000, 'q')}}}}}}}
                     .dump() +
                 "\n");
        h.good_ids.insert(h.good_ids.end(), {"many/participants", "many/long-name"});
        std::string names = " date 2019-01-01 The meeting was attended by ";
        for (int i = 0; i < 10000; ++i) names += "Minister Ahmad" + std::to_string(i) + " Khan" + std::to_string(i) + ", ";
        file("names.txt", names + "and nobody else.\n");
        h.good_ids.push_back("names.txt");
    }

    // A statement of 50 MB (a sentence repeated, in paragraphs), a JSON Lines line of 1 MB, and
    // a file too large to be a statement (sparse: 100 MB that take no space).
    {
        const std::string sentence = "The minister discussed regional security and cooperation with the delegation. ";
        std::string paragraph;
        for (int i = 0; i < 50; ++i) paragraph += sentence;
        paragraph += "\n\n";
        std::string huge = " date 2019-09-09 GENEVA - An enormous statement.\n";
        huge.reserve(huge_bytes + paragraph.size() + 100);
        while (huge.size() < huge_bytes) huge += paragraph;
        huge += "It ends with hostilehugeend.\n";
        file("huge.txt", huge);
        h.good_ids.push_back("huge.txt");
        std::string body;
        while (body.size() < (1 << 20)) body += "Talks on water and energy were held. ";
        file("one-mb-line.jsonl", json{{"id", "one-mb-line"}, {"body", body + "hostileonembend"}}.dump() + "\n");
        h.good_ids.push_back("one-mb-line");
        write_file(root / "too-large.txt", "");
        fs::resize_file(root / "too-large.txt", std::uintmax_t{100} << 20);
        problem("too-large.txt: ", "too large");
    }

    // A duplicate id with a control sequence in it: named, without the sequence reaching stderr.
    file("duplicate-id.jsonl", R"({"id":"dup\u001b[2J","body":"First."})" "\n" R"({"id":"dup\u001b[2J","body":"Second."})" "\n");
    problem("duplicate-id.jsonl:2: ", "duplicate id 'dup\\x1b[2J'");
    h.good_ids.push_back("dup\x1b[2J");

    // Symbolic links: one that leads to itself (a problem), and a folder that links back to its
    // parent (no problem: each folder is walked once).
    fs::create_symlink("loop", root / "loop");
    problem("loop: ", "symbolic link loop");
    file("cycle/inner.txt", " date 2020-03-03 Inside a folder with a link back up.\n");
    fs::create_directory_symlink("..", root / "cycle/up");
    h.good_ids.push_back("cycle/inner.txt");

    // A file this user may not read (see the test for root).
    if (with_unreadable_file) {
        file("unreadable.txt", " date 2020-01-01 A statement nobody may read.\n");
        fs::permissions(root / "unreadable.txt", fs::perms::none);
        problem("unreadable.txt: ", "Permission denied");
    }
    return h;
}

// The problem lines of an indexing run's stderr ("mofa-index: skipped ..."), sorted.
std::vector<std::string> problem_lines(const std::string& err) {
    std::vector<std::string> lines;
    for (const auto& line : lines_of(err))
        if (line.starts_with("mofa-index: skipped ")) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

// How much memory a run may take. The 50 MB statement is held whole, at its peak, as the parsed
// body, as the document's data, normalised for the term generator, and twice by Xapian while
// it compresses the data on add_document, with 4 bytes per word position on top: some 6 times
// its size (measured: 265 MB, against 970 MB before extraction was limited to the first MiB).
// 8 times leaves room for allocator slack and a second analysis thread's small statements.
constexpr long max_rss_kb = 8 * static_cast<long>(huge_bytes >> 10);

} // namespace

TEST_SUITE("hostile") {

TEST_CASE("a folder of hostile files: each problem is named, the good files are indexed, memory stays bounded") {
    TempDir dir;
    // As root, file permissions do not apply: the run drops the capabilities that let root
    // ignore them, so that the unreadable file is unreadable. Where root may not do that, that
    // one file is left out.
    const bool unprivileged = mofa::test::can_run_unprivileged();
    if (!unprivileged)
        MESSAGE("SKIPPED: the unreadable file: running as root, and this system does not let root drop its privileges");
    const HostileFolder h = make_hostile_folder(dir / "in", unprivileged);
    const fs::path db = dir / "db";
    const RunOptions as_user = options(600, unprivileged);

    const auto first = index_run(db, {"--summary=json", h.root.string()}, as_user);
    MESSAGE("first run: exit " << first.status << ", " << first.seconds << " s, peak RSS " << first.peak_rss_kb / 1024 << " MB");
    CHECK_MESSAGE(first.status == mofa::exit_partial, first.err);
    // Each problem named once, with its file (and line) and a telling word; no other problem.
    const auto problems = problem_lines(first.err);
    for (const auto& expected : h.problems) {
        CAPTURE(expected.where);
        CAPTURE(expected.word);
        const auto n = std::count_if(problems.begin(), problems.end(), [&](const std::string& line) {
            return line.find("/" + expected.where) != std::string::npos && line.find(expected.word) != std::string::npos;
        });
        CHECK(n == 1);
    }
    CHECK_MESSAGE(problems.size() == h.problems.size(), first.err);
    // Nothing but the problems: no other message, and no control character on stderr.
    CHECK(lines_of(first.err).size() == problems.size());
    CHECK(std::none_of(first.err.begin(), first.err.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }));
    const json summary = json::parse(first.out);
    CHECK(summary["added"] == h.good_ids.size());
    CHECK(summary["skipped"] == h.problems.size());

    // The good statements are there, and found by their words.
    for (const auto& id : h.good_ids) CHECK_MESSAGE(found(db, id), id);
    CHECK(all_ids(db).size() == h.good_ids.size());
    for (const char* word : {"hostilegoodtext", "hostilegoodjsonl", "hostilehugeend", "hostileonembend"})
        CHECK_MESSAGE(search_json(db, {"--", word})["total"] == 1, word);
    CHECK(search_json(db, {"--", "person:\"Person9999 Surname9999\""})["total"] == 1);

    // Memory: bounded by what the 50 MB statement needs (see max_rss_kb). Sanitizers keep freed
    // memory in quarantine and shadow all of it, so the figure means nothing there.
#if defined(__SANITIZE_ADDRESS__)
    MESSAGE("the peak RSS is not checked under AddressSanitizer");
#else
    CHECK(first.peak_rss_kb < max_rss_kb);
#endif

    // A second run: nothing new, the same problems and exit code.
    const auto second = index_run(db, {"--summary=json", h.root.string()}, as_user);
    MESSAGE("second run: exit " << second.status << ", " << second.seconds << " s, peak RSS " << second.peak_rss_kb / 1024 << " MB");
    CHECK(second.status == mofa::exit_partial);
    CHECK(problem_lines(second.err) == problems);
    const json again = json::parse(second.out);
    CHECK(again["added"] == 0);
    CHECK(again["replaced"] == 0);
    CHECK(again["unchanged"] == h.good_ids.size());
    CHECK(again["skipped"] == h.problems.size());
#if !defined(__SANITIZE_ADDRESS__)
    CHECK(second.peak_rss_kb < max_rss_kb);
#endif
}

TEST_CASE("the 50 MB statement into an index that has statements (one writer, analysis threads) stays bounded too") {
    TempDir dir;
    const auto db = dir / "db";
    write_file(dir / "seed/seed.txt", " date 2020-01-01 A first statement.\n");
    REQUIRE(index_run(db, {(dir / "seed").string()}).status == 0);
    std::string huge = " date 2019-09-09 An enormous statement.\n";
    while (huge.size() < huge_bytes) huge += "The minister discussed regional security and cooperation with the delegation.\n";
    write_file(dir / "in/huge.txt", huge + "hostilehugeend\n");
    const auto r = index_run(db, {"--jobs", "2", (dir / "in").string()});
    MESSAGE("incremental run: " << r.seconds << " s, peak RSS " << r.peak_rss_kb / 1024 << " MB");
    CHECK_MESSAGE(r.status == 0, r.err);
#if !defined(__SANITIZE_ADDRESS__)
    CHECK(r.peak_rss_kb < max_rss_kb);
#endif
    CHECK(search_json(db, {"--", "hostilehugeend"})["total"] == 1);
}

TEST_CASE("an index folder named with a trailing slash (as shells complete it): the first load and later runs work") {
    TempDir dir;
    const std::string db = (dir / "db").string() + "/";
    const auto first = index_run(db, {MOFA_CORPUS_DIR});
    CHECK_MESSAGE(first.status == 0, first.err); // was "cannot swap in the new index DIR/: Invalid argument"
    const auto ids = all_ids(dir / "db");
    CHECK(ids.size() > 20);
    const auto again = index_run(db, {"--summary=json", MOFA_CORPUS_DIR});
    CHECK_MESSAGE(again.status == 0, again.err);
    CHECK(json::parse(again.out)["unchanged"] == ids.size());
    for (const auto& entry : fs::directory_iterator(dir.path())) CHECK(entry.path().filename() == "db");
    for (const auto& entry : fs::directory_iterator(dir / "db"))
        CHECK_MESSAGE(!entry.path().filename().string().starts_with("."), entry.path().string());
}

TEST_CASE("hostile queries: exit 0 with results or 2 with a message, never a crash, 1 or 4, and quickly") {
    TempDir dir;
    const auto db = dir / "db";
    REQUIRE(index_run(db, {MOFA_CORPUS_DIR}).status == 0);
    std::string ten_kb, thousand_terms, wildcards, deep(10000, '(');
    while (ten_kb.size() < 10000) ten_kb += "security cooperation ";
    for (int i = 0; i < 1000; ++i) thousand_terms += "term" + std::to_string(i) + " ";
    for (int i = 0; i < 200; ++i) wildcards += "s* ";
    deep += "security" + std::string(10000, ')');
    struct Case {
        const char* name;
        std::string query;
        int status; // the exit code expected
    };
    const std::vector<Case> cases{
        {"10 kB of text", ten_kb, 0},
        {"1,000 terms", thousand_terms, 0},
        {"an unbalanced quote", "\"security situation", 2},
        {"an unbalanced parenthesis", "(security OR trade", 2},
        {"a closing parenthesis alone", "security)", 2},
        {"a lone *", "*", 0},
        {"date:..", "date:..", 2},
        {"control characters", "security\x01\x1b[2J\x7f", 2},
        {"a C1 control character", "security\xc2\x85", 2},
        {"invalid UTF-8", "security \xff\xfe", 2},
        {"an empty query", "", 0},
        {"only operators", "AND OR NOT", 2},
        {"a 10,000-deep nest of parentheses (100 at most)", deep, 2},
        {"10,000 unclosed parentheses", std::string(10000, '('), 2},
        {"a field without a value", "person:", 2},
        {"fields without values", "person: country: date: title: place:", 2},
        {"a field with an empty value", "person:\"\"", 2},
        {"a field and a space", "date: 2018", 2},
        {"a year 0", "date:0000", 2},
        {"a year 99999", "date:99999", 2},
        {"an id of 5,000 bytes", "id:" + std::string(5000, 'x'), 0},
        {"a person of 5,000 bytes", "person:" + std::string(5000, 'x'), 0},
        {"a country of 5,000 bytes", "country:" + std::string(5000, 'x'), 2},
        {"a trailing NEAR", "security NEAR", 2},
        {"a lone tilde, plus, minus and colon", "~ + - :", 0},
        {"200 wildcards", wildcards, 0},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const auto r = search_run(db, {"--format", "json", "--", c.query}, options(60));
        CHECK_MESSAGE(r.status == c.status, r.err);
        CHECK(r.seconds < 10);
        if (r.status == 0) {
            CHECK(json::parse(r.out).contains("hits"));
        } else {
            CHECK(r.err.starts_with("mofa-search: "));
            CHECK(r.out.empty());
        }
    }
}

TEST_CASE_FIXTURE(CorpusIndex, "a truncated index file: exit 4 with a hint, and the failed run commits nothing") {
    const fs::path table = db / "postlist.glass";
    const std::string whole = mofa::test::read_file(table);
    fs::resize_file(table, whole.size() / 2);
    const auto searched = search_run(db, {"--format", "json", "security"});
    CHECK(searched.status == mofa::exit_index);
    CHECK_MESSAGE(searched.err.find("cannot read index") != std::string::npos, searched.err);
    CHECK(searched.err.find("hint: check it with 'xapian-check") != std::string::npos);
    const std::string revision = mofa::test::read_file(db / "iamglass");
    const auto indexed = index_run(db, {(dir / "new").string()}, with_xapian_leak_suppressed());
    CHECK(indexed.status == mofa::exit_index);
    CHECK_MESSAGE(indexed.err.starts_with("mofa-index: cannot read index"), indexed.err);
    CHECK(indexed.err.find("hint:") != std::string::npos);
    // The damage is met only when the run reads that part of the file, after it has analysed
    // statements: its commit fails, and the committed revision (iamglass) stays the one before.
    // (Xapian may have written blocks that revision does not use.) So the file restored from a
    // backup brings back every statement.
    CHECK(mofa::test::read_file(db / "iamglass") == revision);
    write_file(table, whole);
    CHECK(all_ids(db) == ids);
    CHECK(xapian_check_passes(db));
}

TEST_CASE_FIXTURE(CorpusIndex, "a deleted index file: exit 4 naming it; the index is not taken for a new one") {
    const fs::path pristine = dir / "pristine";
    fs::copy(db, pristine);
    // postlist and termlist are created with the database; document data and positions when
    // first written to (Xapian reads a missing one as empty); iamglass is the version file.
    for (const char* name : {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass", "iamglass"}) {
        CAPTURE(name);
        fs::remove_all(db);
        fs::copy(pristine, db);
        fs::remove(db / name);
        const auto searched = search_run(db, {"--format", "json", "security"});
        CHECK(searched.status == mofa::exit_index);
        CHECK_MESSAGE(searched.err.find(std::string("its file ") + name + " is missing") != std::string::npos, searched.err);
        CHECK(searched.err.find("hint:") != std::string::npos);
        const auto before = snapshot(db);
        const auto indexed = index_run(db, {(dir / "new").string()});
        CHECK(indexed.status == mofa::exit_index);
        CHECK_MESSAGE(indexed.err.find(std::string("its file ") + name + " is missing") != std::string::npos, indexed.err);
        CHECK(snapshot(db) == before);
        fs::copy_file(pristine / name, db / name);
        CHECK(all_ids(db) == ids);
    }
}

TEST_CASE("a creation killed before Xapian wrote its version file: the next run creates the index") {
    // What Xapian leaves when killed between creating its lock file and renaming v.tmp to
    // iamglass (the kill test of the indexer suite met it under load): not a database, not empty.
    TempDir dir;
    const auto db = dir / "db";
    for (const char* name : {"flintlock", "termlist.glass", "postlist.glass"}) write_file(db / name, "");
    write_file(db / "v.tmp", "half a version file");
    const auto r = index_run(db, {MOFA_CORPUS_DIR});
    CHECK_MESSAGE(r.status == 0, r.err); // was 4, "exists and is not an index", on every run
    CHECK(all_ids(db).size() > 20);
    // A folder with anything else in it is still refused.
    write_file(dir / "other/notes.txt", "mine");
    write_file(dir / "other/flintlock", "");
    const auto refused = index_run(dir / "other", {MOFA_CORPUS_DIR});
    CHECK(refused.status == mofa::exit_index);
    CHECK(refused.err.find("exists and is not an index") != std::string::npos);
    CHECK(fs::exists(dir / "other/notes.txt"));
}

TEST_CASE_FIXTURE(CorpusIndex, "a read-only index: mofa-index exits 4 naming the permission, mofa-search still reads it") {
    if (!mofa::test::can_run_unprivileged()) {
        MESSAGE("SKIPPED: running as root, and this system does not let root drop its privileges; root ignores permissions");
        return;
    }
    const RunOptions as_user = options(300, true);
    struct Case {
        const char* name;
        std::function<void()> make_read_only;
        const char* says;
    };
    const std::vector<Case> cases{
        {"the folder and its files read-only",
         [&] {
             for (const auto& entry : fs::directory_iterator(db))
                 fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
             fs::permissions(db, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
         },
         "cannot write to index"},
        {"only the lock file read-only",
         [&] {
             fs::permissions(db / "flintlock", fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
         },
         "cannot lock index"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        c.make_read_only();
        const auto before = snapshot(db);
        const auto indexed = index_run(db, {(dir / "new").string()}, as_user);
        CHECK(indexed.status == mofa::exit_index);
        CHECK_MESSAGE(indexed.err.find(c.says) != std::string::npos, indexed.err);
        CHECK(indexed.err.find("Permission denied") != std::string::npos);
        CHECK(indexed.err.find("hint:") != std::string::npos);
        CHECK(indexed.err.find("locked by another") == std::string::npos);
        CHECK(snapshot(db) == before);
        const auto searched = search_run(db, {"--format", "json", "-n", "10000", ""}, as_user);
        CHECK_MESSAGE(searched.status == 0, searched.err);
        CHECK(json::parse(searched.out)["total"] == ids.size());
        fs::permissions(db, fs::perms::owner_all, fs::perm_options::add);
        for (const auto& entry : fs::directory_iterator(db)) fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
    }
    // An index folder this user may not even read: mofa-search says so (Xapian only "couldn't
    // detect the type of database").
    fs::permissions(db, fs::perms::none);
    const auto unreadable = search_run(db, {"security"}, as_user);
    CHECK(unreadable.status == mofa::exit_index);
    CHECK_MESSAGE(unreadable.err.find("cannot read index") != std::string::npos, unreadable.err);
    CHECK(unreadable.err.find("Permission denied") != std::string::npos);
    fs::permissions(db, fs::perms::owner_all);
    CHECK(all_ids(db) == ids);
}

// A full disk, simulated without root: RLIMIT_FSIZE set in the child before exec, with SIGXFSZ
// ignored, makes every write that would grow a file past the limit fail with EFBIG, as a full
// disk makes it fail with ENOSPC (Xapian reports both the same way). The limit is a little
// above the largest file of the index, so that the run fails part way, after some commits.
TEST_CASE_FIXTURE(CorpusIndex, "a full disk (RLIMIT_FSIZE): exit 1, nothing committed is lost, a later run with space completes") {
    write_feed(dir / "feed/feed.jsonl", 3000);
    std::uintmax_t largest = 0;
    for (const auto& entry : fs::directory_iterator(db)) largest = std::max(largest, entry.file_size());
    const auto full = index_run(db, {"--batch-size", "100", (dir / "feed").string()},
                                options(120, false, largest + (100 << 10)));
    CHECK(full.status == mofa::exit_partial);
    CHECK_MESSAGE(full.err.starts_with("mofa-index: cannot write to index"), full.err);
    CHECK(full.err.find("File too large") != std::string::npos);
    CHECK(full.err.find("terminate called") == std::string::npos);
    CHECK(full.err.find("hint: free some space") != std::string::npos);
    // Every statement committed before is there, and the index checks.
    const auto after = all_ids(db);
    CHECK(std::includes(after.begin(), after.end(), ids.begin(), ids.end()));
    CHECK(xapian_check_passes(db));
    // With space, the next run completes.
    const auto later = index_run(db, {"--batch-size", "100", (dir / "feed").string()});
    CHECK_MESSAGE(later.status == 0, later.err);
    CHECK(all_ids(db).size() == ids.size() + 3000);
    CHECK(xapian_check_passes(db));
}

TEST_CASE("a full disk during the first load (parts in parallel): exit 1 at once, no part left behind") {
    TempDir dir;
    write_feed(dir / "feed/feed.jsonl", 3000);
    const auto db = dir / "db";
    // The first load writes one part per job and merges them: a part that could not write
    // used to leave the reading thread waiting for it for ever.
    const auto full = index_run(db, {"--jobs", "2", "--batch-size", "100", (dir / "feed").string()},
                                options(60, false, 400 << 10));
    CHECK_MESSAGE(full.status == mofa::exit_partial, full.err);
    CHECK(full.err.starts_with("mofa-index: cannot write to index"));
    CHECK(full.err.find("File too large") != std::string::npos);
    CHECK(full.err.find("hint: free some space") != std::string::npos);
    CHECK(full.err.find("terminate called") == std::string::npos);
    // The parts are removed by the run when it can, else (Xapian ended it through
    // std::terminate) by the next one, before it writes anything.
    const auto later = index_run(db, {"--jobs", "2", (dir / "feed").string()});
    CHECK_MESSAGE(later.status == 0, later.err);
    CHECK(all_ids(db).size() == 3000);
    for (const auto& entry : fs::directory_iterator(dir.path()))
        CHECK_MESSAGE(!entry.path().filename().string().starts_with("db."), entry.path().string());
}

// A real full disk, where the system allows it: a small tmpfs (root, and a system that lets
// it mount), grown afterwards with a remount.
TEST_CASE("a full disk (a small tmpfs, as root): exit 1, nothing committed is lost, a later run with space completes") {
    TempDir dir;
    const fs::path mount_point = dir / "small";
    fs::create_directory(mount_point);
    if (!mofa::test::running_as_root() || ::mount("mofa-test", mount_point.c_str(), "tmpfs", 0, "size=1m") != 0) {
        MESSAGE("SKIPPED: the tmpfs case needs root and a system that lets it mount (the RLIMIT_FSIZE case covers a full disk)");
        return;
    }
    struct Unmount {
        fs::path at;
        ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
    } unmount{mount_point};
    // The index is made outside (a first load needs room for its parts) and copied in.
    REQUIRE(index_run(dir / "db", {MOFA_CORPUS_DIR}).status == 0);
    const auto db = mount_point / "db";
    fs::copy(dir / "db", db);
    const auto ids = all_ids(db);
    write_feed(dir / "feed/feed.jsonl", 3000);
    const auto full = index_run(db, {"--batch-size", "100", (dir / "feed").string()}, options(120));
    CHECK(full.status == mofa::exit_partial);
    CHECK_MESSAGE(full.err.find("No space left on device") != std::string::npos, full.err);
    const auto after = all_ids(db);
    CHECK(std::includes(after.begin(), after.end(), ids.begin(), ids.end()));
    CHECK(xapian_check_passes(db));
    REQUIRE(::mount("mofa-test", mount_point.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0);
    const auto later = index_run(db, {"--batch-size", "100", (dir / "feed").string()});
    CHECK_MESSAGE(later.status == 0, later.err);
    CHECK(all_ids(db).size() == ids.size() + 3000);
}

}
