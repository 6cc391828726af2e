// End-to-end tests of mofa-search's interactive mode: on a real terminal (a tmux pane), with
// lines piped in, and beside an indexer that commits while the prompt is open.
#include "support.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <thread>

using mofa::test::RunResult;
using mofa::test::TempDir;
using mofa::test::write_file;
using nlohmann::json;

namespace {

using namespace std::chrono_literals;

// The program's full path from PATH, or empty.
std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream folders(path ? path : "/usr/bin:/bin");
    for (std::string folder; std::getline(folders, folder, ':');) {
        const auto candidate = std::filesystem::path(folder) / name;
        if (!folder.empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

// Polls until `done` holds; false after the timeout (generous: tests share loaded machines).
template <typename Predicate> bool eventually(Predicate done, std::chrono::seconds timeout = 60s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
    return true;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

// corpus/, indexed once with the real mofa-index (the tests only read it), and a folder of the
// test's own.
struct CorpusIndex {
    TempDir dir;
    const std::filesystem::path& db = mofa::test::corpus_index();

    // Hit `rank` of a query, as `mofa-search --format json` gives it, and its full statement.
    json statement_at(const std::string& query, int rank) const {
        const json hits = mofa::test::search_json(db, {"-n", "1", "--offset", std::to_string(rank - 1), query});
        const std::string id = hits["hits"].at(0)["id"];
        return mofa::test::search_json(db, {"show", id}).at("statement");
    }
};

// The beginning of a statement's body, up to the first line break or non-ASCII character, to
// recognise the statement on a screen whatever the terminal makes of other characters.
std::string ascii_start(const std::string& body) {
    std::string start;
    for (char c : body) {
        if (c == '\n' || static_cast<unsigned char>(c) >= 0x80 || start.size() == 50) break;
        start += c;
    }
    return start;
}

// A tmux server of its own (its socket in a temporary folder, no user configuration) with one
// 120×40 session running a command; the server goes with everything in it at the end. The pane
// stays after the command ends, so that the screen can still be read. The exit status is
// written to a file by a shell around the command: tmux 3.3 does not always collect it (under
// load its server was seen to leave the command a zombie, its pane_dead_status empty). That shell
// outlives a Ctrl-C as an interactive shell does (a trap, which the command does not inherit).
class Tmux {
public:
    Tmux(const std::string& tmux, const TempDir& dir, const std::vector<std::string>& environment,
         const std::vector<std::string>& command)
        : tmux_(tmux), socket_((dir / "tmux.sock").string()), status_(dir / "tmux-command.status") {
        write_file(dir / "tmux.conf", "set -g remain-on-exit on\nset -g history-limit 10000\n");
        std::vector<std::string> argv{tmux_, "-u", "-S", socket_, "-f", (dir / "tmux.conf").string(),
                                      "new-session", "-d", "-s", "mofa", "-x", "120", "-y", "40"};
        for (const auto& variable : environment) argv.insert(argv.end(), {"-e", variable});
        argv.insert(argv.end(), {"/bin/sh", "-c", R"(trap : INT; status=$1; shift; "$@"; echo $? > "$status")", "sh", status_.string()});
        argv.insert(argv.end(), command.begin(), command.end());
        const auto r = mofa::test::run(argv);
        REQUIRE_MESSAGE(r.status == 0, r.err);
    }
    ~Tmux() { mofa::test::run({tmux_, "-S", socket_, "kill-server"}); }
    Tmux(const Tmux&) = delete;
    Tmux& operator=(const Tmux&) = delete;

    // Everything the pane showed, wrapped lines joined.
    std::string screen() const { return tmux({"capture-pane", "-p", "-J", "-S", "-", "-t", "mofa"}).out; }

    // Types text, without Enter; presses a key ("C-c").
    void type_only(const std::string& text) const { tmux({"send-keys", "-t", "mofa", "-l", text}); }
    void press(const std::string& key) const { tmux({"send-keys", "-t", "mofa", key}); }

    // Types a line and presses Enter.
    void type(const std::string& line) const {
        tmux({"send-keys", "-t", "mofa", "-l", line});
        tmux({"send-keys", "-t", "mofa", "Enter"});
    }

    // The number of prompts shown so far; the last one is waiting for input when it ends the screen.
    static std::size_t prompts(const std::string& screen) { return count("\n" + screen, "\nmofa> "); }
    static bool waiting(const std::string& screen) {
        const auto end = screen.find_last_not_of(" \n");
        if (end == std::string::npos) return false;
        const auto newline = screen.rfind('\n', end);
        const auto start = newline == std::string::npos ? 0 : newline + 1;
        return screen.compare(start, end + 1 - start, "mofa>") == 0;
    }

    // Waits for the first prompt; returns the screen.
    std::string ready() const {
        std::string shown;
        const bool ok = eventually([&] { return waiting(shown = screen()); });
        REQUIRE_MESSAGE(ok, "no prompt; the screen shows:\n" << shown);
        return shown;
    }

    // Types a line at the prompt and returns what it printed, once the next prompt waits.
    std::string command(const std::string& line) const {
        const std::size_t before = prompts(screen());
        type(line);
        std::string shown;
        const bool ok = eventually([&] {
            shown = screen();
            return prompts(shown) == before + 1 && waiting(shown);
        });
        REQUIRE_MESSAGE(ok, "no new prompt after '" << line << "'; the screen shows:\n" << shown);
        shown = "\n" + shown;
        const auto typed = shown.rfind("\nmofa> " + line);
        REQUIRE_MESSAGE(typed != std::string::npos, shown);
        const auto from = shown.find('\n', typed + 1);
        return shown.substr(from, shown.rfind("\nmofa>") - from);
    }

    // The command's exit status once it has ended.
    std::optional<std::string> exit_status() const {
        const std::string status = mofa::test::read_file(status_);
        if (status.empty() || status.back() != '\n') return std::nullopt;
        return status.substr(0, status.size() - 1);
    }

private:
    RunResult tmux(std::vector<std::string> args) const {
        args.insert(args.begin(), {tmux_, "-S", socket_});
        return mofa::test::run(args);
    }

    std::string tmux_, socket_;
    std::filesystem::path status_;
};

} // namespace

TEST_SUITE("interactive") {

TEST_CASE_FIXTURE(CorpusIndex, "on a terminal: a query, paging, a hit opened, an error, :quit; the history is saved") {
    const std::string tmux = find_program("tmux");
    if (tmux.empty()) {
        MESSAGE("SKIPPED: tmux not found (scripts/setup installs it); the terminal test of the interactive mode needs it");
        return;
    }
    const auto state = dir / "state";
    const json fifth = statement_at("security", 5);
    Tmux session(tmux, dir, {"HOME=" + (dir / "home").string(), "XDG_STATE_HOME=" + state.string(), "NO_COLOR=1", "PAGER=cat"},
                 {MOFA_SEARCH_BIN, "--db", db.string(), "-n", "3"}); // no query on a terminal: the prompt

    CHECK(session.ready().find("65 statements") != std::string::npos);

    const std::string first = session.command("security");
    CHECK(first.find("statements match") != std::string::npos);
    CHECK(first.find("\n  1. ") != std::string::npos);
    CHECK(first.find("\n  3. ") != std::string::npos);
    CHECK(first.find("\n  4. ") == std::string::npos);

    const std::string second = session.command("n");
    CHECK(second.find("\n  4. ") != std::string::npos);
    CHECK(second.find("\n  6. ") != std::string::npos);
    CHECK(second.find("\n  1. ") == std::string::npos);

    const std::string back = session.command("p");
    CHECK(back.find("\n  1. ") != std::string::npos);
    CHECK(back.find("\n  4. ") == std::string::npos);
    CHECK(session.command("n").find("\n  4. ") != std::string::npos);

    const std::string opened = session.command("5");
    CHECK(opened.find("id:       " + fifth["id"].get<std::string>()) != std::string::npos);
    const std::string body_start = ascii_start(fifth["body"]);
    REQUIRE(body_start.size() >= 20);
    CHECK_MESSAGE(opened.find(body_start) != std::string::npos, opened);

    const std::string error = session.command("date:2018-02-30"); // the session goes on
    CHECK(error.find("impossible date") != std::string::npos);

    // Ctrl-C drops a half-typed line, and the session goes on.
    const std::size_t before = Tmux::prompts(session.screen());
    session.type_only("halftyped");
    session.press("C-c");
    CHECK_MESSAGE(eventually([&] { return Tmux::prompts(session.screen()) == before + 1 && Tmux::waiting(session.screen()); }),
                  session.screen());
    CHECK(session.screen().find("mofa> halftyped^C\n") != std::string::npos);
    CHECK(session.command("pakistan").find("statements match") != std::string::npos);

    session.type(":quit");
    CHECK_MESSAGE(eventually([&] { return session.exit_status().has_value(); }), session.screen());
    CHECK(session.exit_status() == "0");

    const std::string history = mofa::test::read_file(state / "mofa/history");
    CHECK(history.find("security") != std::string::npos);
    CHECK(history.find("date:2018-02-30") != std::string::npos);
    CHECK(history.find("pakistan") != std::string::npos);
    CHECK(history.find("halftyped") == std::string::npos);
    // Paging and opening hits are steps, not history.
    for (const char* step : {"\nn\n", "\np\n", "\n5\n"}) CHECK_MESSAGE(("\n" + history).find(step) == std::string::npos, step);
}

TEST_CASE_FIXTURE(CorpusIndex, "on a terminal a hit opens in the pager, at its first match; show pages too") {
    const std::string tmux = find_program("tmux");
    const std::string less = find_program("less");
    if (tmux.empty() || less.empty()) {
        MESSAGE("SKIPPED: tmux or less not found (scripts/setup installs them); the pager test needs them");
        return;
    }
    const json hit = statement_at("jaishankar", 1);
    {
        // LESS without F and X: less keeps the screen (its own) however short the text.
        TempDir place;
        Tmux session(tmux, place, {"HOME=" + (dir / "home").string(), "PAGER=less", "LESS=R", "TERM=xterm"},
                     {MOFA_SEARCH_BIN, "--db", db.string(), "--color", "always"});
        session.ready();
        session.command("jaishankar");
        session.type("1");
        // less shows the statement from the first match in its body: the screen's top line has
        // the word, and is not the heading (which has it too, but is followed by the id).
        std::string shown;
        const bool at_match = eventually([&] {
            shown = session.screen();
            const auto first_end = shown.find('\n');
            return shown.find("mofa>") == std::string::npos && shown.substr(0, first_end).find("Jaishankar") != std::string::npos &&
                   shown.compare(first_end + 1, 3, "id:") != 0;
        });
        CHECK_MESSAGE(at_match, shown);
        session.press("q");
        CHECK_MESSAGE(eventually([&] { return Tmux::waiting(shown = session.screen()); }), shown);
        session.type(":quit");
        CHECK(eventually([&] { return session.exit_status() == "0"; }));
    }
    // show on a terminal: through $PAGER.
    TempDir place;
    const auto paged = place / "paged.txt";
    Tmux show(tmux, place, {"PAGER=cat > " + paged.string()}, {MOFA_SEARCH_BIN, "--db", db.string(), "show", hit["id"].get<std::string>()});
    CHECK(eventually([&] { return show.exit_status() == "0"; }));
    CHECK(mofa::test::read_file(paged).find("id:       " + hit["id"].get<std::string>()) != std::string::npos);
}

TEST_CASE_FIXTURE(CorpusIndex, "lines piped into -i: queries, paging, a hit, settings; errors do not end the session") {
    const std::string env = "/usr/bin/env"; // to set the environment of the one child
    const json fifth = statement_at("security", 5);
    const auto r = mofa::test::run(
        {env, "HOME=" + (dir / "home").string(), "XDG_STATE_HOME=" + (dir / "state").string(), MOFA_SEARCH_BIN, "--db",
         db.string(), "-i", "-n", "3"},
        "security\nn\n5\ndate:2018-02-30\n:nonsense\n:facet nonsense\n:sort newest\n:facets on\n:timeline year\n"
        ":similar 1\n:help\n:q\npakistan\n");
    CHECK(r.status == mofa::exit_usage); // the worst status the lines met
    CHECK(r.out.find("mofa>") == std::string::npos); // no prompt on a pipe
    CHECK(r.out.find("showing 1–3") != std::string::npos);
    CHECK(r.out.find("showing 4–6") != std::string::npos);
    CHECK(r.out.find("id:       " + fifth["id"].get<std::string>()) != std::string::npos);
    CHECK(r.err.find("impossible date") != std::string::npos);
    CHECK(r.err.find("unknown command ':nonsense'") != std::string::npos);
    CHECK(r.err.find("no facet 'nonsense'") != std::string::npos);
    CHECK(r.out.find("\nperson  (") != std::string::npos);   // facets on
    CHECK(r.out.find("\ntimeline\n") != std::string::npos);   // timeline year
    CHECK(r.out.find("Statements like ") != std::string::npos);
    CHECK(r.out.find(":sort relevance|newest|oldest") != std::string::npos); // :help
    // Two pages of "security", its first page again after each of three settings, :similar;
    // nothing after :q.
    CHECK(count(r.out, "; showing ") == 2 + 3 + 1);
    CHECK(!std::filesystem::exists(dir / "state")); // piped lines are no history

    // Lines without an error end with 0; a failed query among them makes the status 2.
    CHECK(mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "-i"}, "russia\nn\n").status == 0);
    CHECK(mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "-i"}, "x\n\"bad\nrussia\n").status == mofa::exit_usage);

    // A query given with -i is run first.
    const auto given = mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "-i", "-n", "3", "security"}, "n\n");
    CHECK(given.status == 0);
    CHECK(given.out.find("showing 1–3") != std::string::npos);
    CHECK(given.out.find("showing 4–6") != std::string::npos);
}

TEST_CASE_FIXTURE(CorpusIndex, "the prompt's :help and its messages name the settings from the tables") {
    const auto r = mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "-i"},
                                   ":sort new\n:timeline week\n:timeline off\n:sort oldest\n:help\n");
    CHECK(r.status == mofa::exit_usage);
    CHECK(r.err.find("mofa-search: :sort is relevance, newest or oldest, not 'new'\n") != std::string::npos);
    CHECK(r.err.find("mofa-search: :timeline is year, month, day or off, not 'week'\n") != std::string::npos);
    CHECK(r.out.find("sort oldest, all of the words first, then some, facets off, timeline off") != std::string::npos);
    for (const char* line : {":sort relevance|newest|oldest ", ":timeline year|month|day|off ",
                             "the default facets: person, country, org and year",
                             "these facets: lang, place, source, month, year, person, country, org, from or speaker"})
        CHECK_MESSAGE(r.out.find(line) != std::string::npos, line);
}

TEST_CASE_FIXTURE(CorpusIndex, "the prompt's settings count hits a page in words that agree") {
    CHECK(mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "-n", "1", "-i"}, ":sort\n").out.find(", 1 hit a page") !=
          std::string::npos);
    CHECK(mofa::test::run({MOFA_SEARCH_BIN, "--db", db.string(), "-n", "2", "-i"}, ":sort\n").out.find(", 2 hits a page") !=
          std::string::npos);
}

TEST_CASE("the prompt sees what an indexer committed while it was open") {
    TempDir dir;
    const auto db = dir / "db";
    write_file(dir / "first/a.txt", " date 2018-01-01 A statement about rivers.");
    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), (dir / "first").string()}).status == 0);
    const auto input = dir / "input";
    REQUIRE(mkfifo(input.c_str(), 0600) == 0);
    // Our end first: opening a FIFO waits for the other end, and posix_spawn waits for the
    // child's file actions. O_RDWR does not wait; O_CLOEXEC keeps the child from holding a
    // writer itself, which would hide the end of input from it.
    const int lines = open(input.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(lines >= 0);
    const auto child = mofa::test::start({MOFA_SEARCH_BIN, "--db", db.string(), "-i"}, dir.path(), input);
    auto say = [&](const std::string& line) { REQUIRE(write(lines, line.data(), line.size()) == static_cast<ssize_t>(line.size())); };
    auto output = [&] { return mofa::test::read_file(child.out); };

    say("rivers\n");
    CHECK_MESSAGE(eventually([&] { return output().find("1 statement matches") != std::string::npos; }), output());
    write_file(dir / "second/b.txt", " date 2019-01-01 Another statement about rivers.");
    REQUIRE(mofa::test::run({MOFA_INDEX_BIN, "--db", db.string(), (dir / "second").string()}).status == 0);
    say("rivers\n");
    CHECK_MESSAGE(eventually([&] { return output().find("2 statements match") != std::string::npos; }), output());
    CHECK(output().find("index updated: 2 statements") != std::string::npos);
    close(lines); // end of input ends the session
    CHECK(mofa::test::wait_for(child) == 0);
    CHECK(mofa::test::read_file(child.err).empty());
}

}
