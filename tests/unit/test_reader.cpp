#include <mofa/error.hpp>
#include <mofa/reader.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <zlib.h>

#include <sstream>

using namespace mofa;
using mofa::test::TempDir;
using mofa::test::write_file;

namespace {

struct Collected {
    std::vector<Statement> statements;
    std::vector<std::string> problems;
    ReadHandler handler() {
        return {[this](Statement&& s) { statements.push_back(std::move(s)); },
                [this](const InputProblem& p) { problems.push_back(p.to_string()); }};
    }
};

std::string error_of(std::string_view content) {
    try {
        parse_text_statement(content, "x", "f.txt");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::input);
        return e.what();
    }
    return "no error";
}

void write_gzip(const std::filesystem::path& path, const std::string& content) {
    std::filesystem::create_directories(path.parent_path());
    gzFile f = gzopen(path.c_str(), "wb");
    REQUIRE(f);
    gzwrite(f, content.data(), static_cast<unsigned>(content.size()));
    gzclose(f);
}

} // namespace

TEST_SUITE("reader") {

TEST_CASE("plain text: date, dateline, paragraphs") {
    const auto s = parse_text_statement(
        " date 2018-03-15 ISLAMABAD - Pakistan and Russia met.\n\nSecond paragraph\nwrapped here.\n\n\nThird.\n",
        "pk/seed.txt", "seed.txt");
    CHECK(s.id == "pk/seed.txt");
    CHECK(s.date->to_string() == "2018-03-15");
    CHECK(s.dateline == "ISLAMABAD");
    CHECK(s.body == "Pakistan and Russia met.\n\nSecond paragraph wrapped here.\n\nThird.");
}

TEST_CASE("plain text: the dateline is optional and may be accented or several words") {
    CHECK(parse_text_statement("date 2019-06-02 The Ministry said - nothing.", "x", "f").dateline.empty());
    CHECK(parse_text_statement("date 2019-06-02 The Ministry said - nothing.", "x", "f").body ==
          "The Ministry said - nothing.");
    CHECK(parse_text_statement("date 2019-06-02 BOGOTÁ – Texto.", "x", "f").dateline == "BOGOTÁ");
    CHECK(parse_text_statement("date 2019-06-02 WASHINGTON, D.C. - Text.", "x", "f").dateline == "WASHINGTON, D.C.");
}

TEST_CASE("plain text: partial dates, CRLF, leading blank lines") {
    const auto s = parse_text_statement("\r\n  date 1963 Mr. President,\r\nwe meet.\r\n", "x", "f");
    CHECK(s.date->to_string() == "1963");
    CHECK(s.body == "Mr. President, we meet.");
    CHECK(parse_text_statement(" date 2016-05 ISLAMABAD - Text.", "x", "f").date->to_string() == "2016-05");
}

TEST_CASE("plain text: each bad input has its own message with file and line") {
    CHECK(error_of("") == "f.txt: empty file");
    CHECK(error_of(" \n\n ") == "f.txt: empty file");
    CHECK(error_of("\n\nPakistan and Russia met.") ==
          "f.txt:3: missing date: the first line must start with 'date YYYY-MM-DD'");
    CHECK(error_of(" date 2018-02-30 ISLAMABAD - Text.") == "f.txt:1: impossible date 2018-02-30: month 2 has no day 30");
    CHECK(error_of(" date yesterday Text.").starts_with("f.txt:1: 'yesterday' is not a date"));
    CHECK(error_of(" date 2018-03-15 ISLAMABAD - Text.\n\nbad \xff byte") == "f.txt:3: invalid UTF-8 (byte 40)");
    CHECK(error_of(std::string(" date 2018-03-15 A\0B", 20)) == "f.txt:1: NUL byte: not a text file");
    CHECK(error_of(" date 2018-03-15\n\n") == "f.txt: empty body: nothing after the date line");
}

TEST_CASE("JSON Lines: every key, null for absent values, participants") {
    const auto s = parse_json_statement(
        R"({"id":"sg/1","date":"2021-01","title":" T ","source":"MFA","language":"en","url":null,)"
        R"("dateline":"SINGAPORE","body":"Body.","entities":["x"],)"
        R"("participants":{"people":[{"name":"Vivian Balakrishnan","role":null}],"countries":[{"code":"SG","name":"Singapore"}]}})",
        "fallback");
    CHECK(s.id == "sg/1");
    CHECK(s.date->to_string() == "2021-01");
    CHECK(s.title == "T");
    CHECK(s.url.empty());
    CHECK(s.dateline == "SINGAPORE");
    REQUIRE(s.participants.people.size() == 1);
    CHECK(s.participants.people[0].name == "Vivian Balakrishnan");
    CHECK(s.participants.people[0].role.empty());
    CHECK(s.participants.countries[0].code == "SG");
    CHECK(s.entities == std::vector<std::string>{"x"});
    CHECK(parse_json_statement(R"({"body":"only a body"})", "file.jsonl:3").id == "file.jsonl:3");
    const auto issued = parse_json_statement(R"({"body":"b","issuer":{"country":"Singapore","speaker":" Mr. X "},"entities":null})", "f");
    CHECK(issued.issuer == Issuer{"Singapore", "Mr. X"});
    CHECK(issued.entities.empty());
}

TEST_CASE("JSON Lines: bad records are refused with a reason") {
    struct Row {
        const char* line;
        const char* reason;
    };
    for (const Row& row : {Row{R"({"id":"a","body":"x)", "invalid JSON"}, Row{R"([1,2])", "must be a JSON object"},
                           Row{R"({"id":"a"})", "no \"body\""}, Row{R"({"body":"  "})", "no \"body\""},
                           Row{R"({"body":"x","date":"2018-02-30"})", "impossible date 2018-02-30"},
                           Row{R"({"body":"x","title":5})", "\"title\" must be a string or null"},
                           Row{"{\"body\":\"bad \xff\"}", "invalid JSON"},
                           Row{R"({"body":"x","participants":{"people":[{"role":"r"}]}})", "\"participants\""},
                           Row{R"({"body":"x","issuer":"SG"})", "\"issuer\" must be an object"},
                           Row{R"({"body":"x","issuer":{"country":1}})", "\"country\" must be a string"},
                           Row{R"({"body":"x","entities":"SG"})", "\"entities\" must be a list of strings"},
                           Row{R"({"body":"x","entities":["SG",2]})", "\"entities\" must be a list of strings"}}) {
        CAPTURE(row.line);
        try {
            parse_json_statement(row.line, "f");
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find(row.reason) != std::string::npos);
        }
    }
}

TEST_CASE("JSON Lines: a stream goes on after a bad line and names it") {
    std::istringstream in("{\"id\":\"1\",\"body\":\"one\"}\n\n{\"id\":\"2\",\"bo\n{\"id\":\"3\",\"body\":\"three\"}\n");
    Collected c;
    CHECK(read_jsonl(in, "feed.jsonl", c.handler()) == 4);
    REQUIRE(c.statements.size() == 2);
    CHECK(c.statements[1].id == "3");
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].starts_with("feed.jsonl:3: invalid JSON"));
}

TEST_CASE("folders are walked in order; ids are relative paths; hidden entries and other files are skipped") {
    TempDir dir;
    write_file(dir / "root/b/two.txt", " date 2019-01-01 Two.");
    write_file(dir / "root/a.txt", " date 2018-01-01 One.");
    write_file(dir / "root/notes.md", "not a statement");
    write_file(dir / "root/.hidden/three.txt", " date 2018-01-01 Hidden.");
    write_file(dir / "root/feed.jsonl", "{\"body\":\"no id\"}\n");
    write_gzip(dir / "root/c/feed.jsonl.gz", "{\"id\":\"gz-1\",\"body\":\"zipped\"}\n");
    write_file(dir / "root/bad.txt", "no date here");
    Collected c;
    read_input(dir / "root", c.handler());
    std::vector<std::string> ids;
    for (const auto& s : c.statements) ids.push_back(s.id);
    CHECK(ids == std::vector<std::string>{"a.txt", "b/two.txt", "gz-1", "feed.jsonl:1"});
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].find("bad.txt:1: missing date") != std::string::npos);
    CHECK(c.statements[0].path == (dir / "root/a.txt").string());
}

TEST_CASE("a single file's id is its name; a missing input is a problem") {
    TempDir dir;
    write_file(dir / "x/seed.txt", " date 2018-03-15 ISLAMABAD - Text.");
    Collected c;
    read_input(dir / "x/seed.txt", c.handler());
    read_input(dir / "missing", c.handler());
    REQUIRE(c.statements.size() == 1);
    CHECK(c.statements[0].id == "seed.txt");
    REQUIRE(c.problems.size() == 1);
    CHECK(c.problems[0].find("no such file or folder") != std::string::npos);
}

TEST_CASE("a symbolic link loop ends") {
    TempDir dir;
    write_file(dir / "root/a.txt", " date 2018-01-01 One.");
    std::filesystem::create_directory_symlink(dir / "root", dir / "root/loop");
    Collected c;
    read_input(dir / "root", c.handler());
    CHECK(c.statements.size() == 1);
}

}
