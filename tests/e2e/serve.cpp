// End-to-end tests of `mofa-search serve`: the real mofa-index builds an index of corpus/, the
// real mofa-search serves it on a port the system picks, and an HTTP client checks the answers.
// Timeouts are generous and waits poll: a loaded 2-core machine and ASan builds are slow.
#include <mofa/error.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <fmt/chrono.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <regex>
#include <thread>

using namespace mofa::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string some_id = "mofa-sample/in-mea/2018-10-05-india-russia-annual-summit";

RunResult index(const std::filesystem::path& db, const std::vector<std::string>& inputs) {
    std::vector<std::string> argv{MOFA_INDEX_BIN, "--db", db.string()};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return mofa::test::run(argv);
}

// The child's exit code, or nothing if it is still running after `timeout`.
std::optional<int> wait_with_timeout(const Child& child, std::chrono::seconds timeout) {
    const auto give_up = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < give_up) {
        int status = 0;
        if (waitpid(child.pid, &status, WNOHANG) == child.pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
}

// `mofa-search serve` on an index folder (a copy of corpus/'s unless told otherwise), killed at
// the end if a test has not stopped it.
struct Server {
    TempDir dir;
    std::filesystem::path db = dir / "db";
    Child child;
    int port = 0;

    explicit Server(bool with_index = true, const std::vector<std::string>& options = {}) {
        if (with_index) mofa::test::copy_corpus_index(db);
        std::vector<std::string> argv{MOFA_SEARCH_BIN, "serve", "--db", db.string(), "--listen", "127.0.0.1:0"};
        argv.insert(argv.end(), options.begin(), options.end());
        child = mofa::test::start(argv, dir.path());
        // The port the system picked is announced on stderr.
        const std::regex announced(R"(on http://127\.0\.0\.1:(\d+)/)");
        const auto give_up = std::chrono::steady_clock::now() + 60s;
        while (port == 0 && std::chrono::steady_clock::now() < give_up) {
            std::smatch m;
            const auto err = mofa::test::read_file(child.err);
            if (std::regex_search(err, m, announced)) port = std::stoi(m[1]);
            else std::this_thread::sleep_for(20ms);
        }
        REQUIRE_MESSAGE(port != 0, mofa::test::read_file(child.err));
        // Wait until it answers.
        auto c = client();
        bool answered = false;
        while (!answered && std::chrono::steady_clock::now() < give_up) {
            answered = static_cast<bool>(c.Get("/health"));
            if (!answered) std::this_thread::sleep_for(50ms);
        }
        REQUIRE(answered);
    }
    ~Server() {
        if (child.pid > 0) {
            kill(child.pid, SIGKILL);
            mofa::test::wait_for(child);
        }
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_connection_timeout(30s);
        c.set_read_timeout(60s);
        c.set_write_timeout(30s);
        c.set_url_encode(false); // the tests write paths exactly as sent
        return c;
    }

    // GET a path; the status and the body parsed as JSON (every answer is JSON).
    std::pair<int, json> get(const std::string& path) const {
        auto c = client();
        const auto res = c.Get(path);
        REQUIRE_MESSAGE(res, path << ": " << httplib::to_string(res.error()));
        CHECK_MESSAGE(res->get_header_value("Content-Type") == "application/json", path);
        const auto body = json::parse(res->body, nullptr, false);
        CHECK_MESSAGE(!body.is_discarded(), path << ": " << res->body);
        return {res->status, body};
    }

    // Stops the server with a signal; its exit code.
    int stop(int signal = SIGTERM) {
        kill(child.pid, signal);
        const auto code = wait_with_timeout(child, 60s);
        if (code) child.pid = -1;
        REQUIRE_MESSAGE(code, "the server did not stop");
        return *code;
    }

    std::string log() const { return mofa::test::read_file(child.err); }
};

void check_error(const Server& server, const std::string& path, int status, const std::string& code) {
    const auto response = server.get(path); // not a structured binding: clang 14 cannot capture one
    const int got = response.first;
    const auto& body = response.second;
    CHECK_MESSAGE(got == status, path << " " << body.dump());
    CHECK_MESSAGE(body["error"]["code"] == code, path << " " << body.dump());
    CHECK_MESSAGE(body["error"]["message"].is_string(), path);
}

} // namespace

TEST_SUITE("serve") {

TEST_CASE("/search answers exactly what --format json prints, facets included") {
    Server server;
    const auto [status, body] = server.get("/search?q=russia&facet=country");
    CHECK(status == 200);
    const json cli = search_json(server.db, {"russia", "--facet", "country"});
    CHECK(body["hits"].size() > 1);
    CHECK(body["facets"]["country"].size() > 1);
    CHECK(body == cli);

    // Paging, sorting, facets repeated or comma-separated, the default facets, a timeline.
    CHECK(server.get("/search?q=security&limit=3&offset=2&sort=newest").second ==
          search_json(server.db, {"-n", "3", "--offset", "2", "--sort", "newest", "security"}));
    CHECK(server.get("/search?q=security&facet=country&facet=org,year").second ==
          search_json(server.db, {"security", "--facet", "country,org,year"}));
    CHECK(server.get("/search?q=security+cooperation&any=1&facets=1&timeline=year").second ==
          search_json(server.db, {"--any", "--facets", "--timeline", "year", "security", "cooperation"}));
    CHECK(server.get("/search?q=russia&since=2018&until=2020&highlight=%3Cmark%3E,%3C/mark%3E").second ==
          search_json(server.db, {"--since", "2018", "--until", "2020", "--highlight-markers", "<mark>,</mark>", "russia"}));

    CHECK(server.stop() == 0);
    const auto log = server.log();
    CHECK(log.find("\"GET /search?q=security") != std::string::npos);
    CHECK(log.find(" HTTP/1.1\" 200 ") != std::string::npos);
}

TEST_CASE("/network answers what network --format json prints; bad parameters are 400s") {
    Server server;
    const auto [status, body] = server.get("/network?q=russia&field=country");
    CHECK(status == 200);
    CHECK(body["edges"].size() > 2);
    CHECK(body == search_json(server.db, {"network", "--field", "country", "russia"}));
    CHECK(server.get("/network?field=person&limit=3").second == search_json(server.db, {"network", "--field", "person", "-n", "3"}));
    CHECK(server.get("/network?q=security+cooperation&field=org&any=1&since=2018&until=2022&synonyms=0&limit=0").second ==
          search_json(server.db, {"network", "--field", "org", "--any", "--since", "2018", "--until", "2022", "--no-synonyms",
                                  "-n", "0", "security", "cooperation"}));
    // Each edge's query, with the same parameters, finds exactly its count.
    for (const auto& e : body["edges"]) {
        httplib::Params params{{"q", e["query"].get<std::string>()}, {"limit", "0"}};
        const auto res = server.client().Get("/search?" + httplib::detail::params_to_query_str(params));
        REQUIRE(res);
        CHECK(json::parse(res->body)["total"] == e["count"]);
    }

    check_error(server, "/network?q=russia", 400, "bad_parameter");
    check_error(server, "/network?q=russia&field=colour", 400, "bad_parameter");
    check_error(server, "/network?q=russia&field=year", 400, "bad_parameter");
    check_error(server, "/network?q=russia&field=country&field=org", 400, "bad_parameter");
    check_error(server, "/network?q=russia&field=country&limit=1001", 400, "bad_parameter");
    check_error(server, "/network?q=russia&field=country&limit=-1", 400, "bad_parameter");
    check_error(server, "/network?q=russia&field=country&sort=newest", 400, "bad_parameter");
    check_error(server, "/network?q=russia&field=country&facet=org", 400, "bad_parameter");
    check_error(server, "/network?q=" + std::string(5000, 'a') + "&field=country", 400, "bad_parameter");
    check_error(server, "/network?q=%FF%FE&field=country", 400, "bad_parameter");
    check_error(server, "/network?q=%22russia&field=country", 400, "bad_query");
    check_error(server, "/network?q=russia&field=country&since=tomorrow", 400, "bad_query");
    CHECK(server.get("/network?q=russia").second["error"]["message"] == "'field' is missing");
    CHECK(server.get("/network?q=russia&field=colour").second["error"]["message"] == "'field' is person, country or org");
    CHECK(server.get("/network?q=russia&field=country&sort=newest").second["error"]["hint"] ==
          "parameters: q, field, limit, any, all, since, until, synonyms");
    const auto [none_status, none] = server.get("/network?q=zzzyxxq&field=country");
    CHECK(none_status == 200);
    CHECK(none["statements"] == 0);
    CHECK(none["edges"].empty());
    CHECK(server.stop() == 0);
}

TEST_CASE("/statements/ID, /similar, /health and /fields") {
    Server server;
    const auto [status, shown] = server.get("/statements/" + some_id);
    CHECK(status == 200);
    CHECK(shown["statement"]["id"] == some_id);
    CHECK(shown["statement"]["body"].get<std::string>().size() > 100);
    // With the words that named each participant (India and Russia, at least).
    REQUIRE(shown["statement"]["participants"]["countries"].size() >= 2);
    for (const auto& country : shown["statement"]["participants"]["countries"]) CHECK_FALSE(country["mentions"].empty());
    // The same id with its '/' escaped.
    CHECK(server.get("/statements/mofa-sample%2Fin-mea%2F2018-10-05-india-russia-annual-summit").second == shown);

    const auto [similar_status, similar] = server.get("/statements/" + some_id + "/similar?limit=3");
    CHECK(similar_status == 200);
    CHECK(!similar["hits"].empty());
    CHECK(similar["hits"].size() <= 3);
    for (const auto& hit : similar["hits"]) CHECK(hit["id"] != some_id);

    // An id that itself ends in "/similar" (indexed while the server runs: it reopens).
    mofa::test::write_file(server.dir / "odd.jsonl",
                           R"({"id":"odd/similar","date":"2020-01-01","body":"India and Russia held talks."})" "\n");
    REQUIRE(index(server.db, {(server.dir / "odd.jsonl").string()}).status == 0);
    const auto [odd_status, odd] = server.get("/statements/odd/similar");
    CHECK(odd_status == 200);
    CHECK(odd["statement"]["id"] == "odd/similar");
    const auto [odd_similar_status, odd_similar] = server.get("/statements/odd/similar/similar");
    CHECK(odd_similar_status == 200);
    CHECK(!odd_similar["hits"].empty());

    const auto [health_status, health] = server.get("/health");
    CHECK(health_status == 200);
    CHECK(health["status"] == "ok");
    CHECK(health["documents"].get<int>() > 10);
    CHECK(health["revision"].get<int>() > 0);
    // Written by the fixture's indexer moments ago (ISO 8601 in UTC sorts as text).
    const std::string last_change = health["last_change"].get<std::string>();
    CHECK(std::regex_match(last_change, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    const auto utc = [](std::time_t t) { return fmt::format("{:%FT%TZ}", fmt::gmtime(t)); };
    CHECK(last_change <= utc(std::time(nullptr)));
    CHECK(last_change >= utc(std::time(nullptr) - 600));

    const auto [fields_status, fields] = server.get("/fields");
    CHECK(fields_status == 200);
    bool has_country = false;
    for (const auto& f : fields["fields"]) has_country = has_country || (f["name"] == "country" && f["facet"] == true);
    CHECK(has_country);
    CHECK(server.stop() == 0);
}

TEST_CASE("bad requests get a JSON error with a 4xx status, and the server goes on") {
    Server server;
    check_error(server, "/search?q=" + std::string(5000, 'a'), 400, "bad_parameter");
    check_error(server, "/search?q=russia&limit=1001", 400, "bad_parameter");
    check_error(server, "/search?q=russia&limit=ten", 400, "bad_parameter");
    check_error(server, "/search?q=russia&limit=10x", 400, "bad_parameter");
    check_error(server, "/search?q=russia&offset=-1", 400, "bad_parameter");
    check_error(server, "/search?q=russia&limit=1&limit=2", 400, "bad_parameter");
    check_error(server, "/search?q=russia&sort=sideways", 400, "bad_parameter");
    check_error(server, "/search?q=russia&any=maybe", 400, "bad_parameter");
    check_error(server, "/search?query=russia", 400, "bad_parameter");
    check_error(server, "/search?q=%FF%FE", 400, "bad_parameter");     // not UTF-8
    check_error(server, "/search?q=%C0%AF", 400, "bad_parameter");     // overlong
    check_error(server, "/search?q=rus%00sia", 400, "bad_parameter");  // control characters
    check_error(server, "/search?q=rus%0Asia", 400, "bad_parameter");
    check_error(server, "/search?q=%22russia", 400, "bad_query");      // an unclosed quote
    check_error(server, "/search?q=russia&facet=colour", 400, "bad_query");
    check_error(server, "/search?q=russia&timeline=week", 400, "bad_query");
    check_error(server, "/search?q=russia&highlight=mark", 400, "bad_query");
    // The messages name what is allowed, from the tables of mofa-search (names.hpp).
    CHECK(server.get("/search?q=russia&sort=sideways").second["error"]["message"] == "'sort' is relevance, newest or oldest");
    CHECK(server.get("/search?q=russia&timeline=week").second["error"]["message"] ==
          "a timeline is year, month, day or off, not 'week'");
    CHECK(server.get("/search?query=russia").second["error"]["hint"] ==
          "parameters: q, limit, offset, sort, any, all, facet, facets, facet_size, timeline, since, until, synonyms, highlight");
    CHECK(server.get("/search?q=russia&timeline=off").second["timeline"].is_null());
    // all=1 is --all: no partial matches; any and all exclude each other.
    const auto some = server.get("/search?q=lavrov+wang").second;
    CHECK(some["total"] == 0);
    CHECK(some["partial_total"] == 5);
    CHECK(some["hits"].size() == 5);
    const auto strict = server.get("/search?q=lavrov+wang&all=1").second;
    CHECK(strict["partial_total"] == 0);
    CHECK(strict["hits"].empty());
    check_error(server, "/search?q=russia&any=1&all=1", 400, "bad_parameter");
    check_error(server, "/statements/no-such-id", 404, "not_found");
    check_error(server, "/statements/no/such/id/similar", 404, "not_found");
    check_error(server, "/statements/../../etc/passwd", 404, "not_found");
    check_error(server, "/statements/" + std::string(2000, 'x'), 400, "bad_parameter");
    check_error(server, "/statements/", 404, "not_found");
    check_error(server, "/nowhere", 404, "not_found");
    check_error(server, "/", 404, "not_found");
    {
        auto c = server.client();
        const auto res = c.Post("/search", "q=russia", "application/x-www-form-urlencoded");
        REQUIRE(res);
        CHECK(res->status == 405);
        CHECK(json::parse(res->body)["error"]["code"] == "method_not_allowed");
    }
    // Still serving.
    const auto [status, body] = server.get("/search?q=russia");
    CHECK(status == 200);
    CHECK(!body["hits"].empty());
    CHECK(server.stop(SIGINT) == 0);
    CHECK(server.log().find(" 400 ") != std::string::npos);
}

TEST_CASE("503 while there is no index; what an indexer commits is seen without a restart") {
    Server server(false);
    check_error(server, "/health", 503, "index_unavailable");
    check_error(server, "/search?q=russia", 503, "index_unavailable");

    const auto statements = std::filesystem::path(MOFA_CORPUS_DIR) / "statements.jsonl";
    const auto r = index(server.db, {statements.string()});
    REQUIRE_MESSAGE(r.status == 0, r.err);
    const auto [status, health] = server.get("/health");
    CHECK(status == 200);
    const auto revision = health["revision"].get<int>();
    const auto documents = health["documents"].get<int>();
    CHECK(documents > 0);

    const auto more = index(server.db, {MOFA_CORPUS_DIR});
    REQUIRE_MESSAGE(more.status == 0, more.err);
    const auto [later_status, later] = server.get("/health");
    CHECK(later_status == 200);
    CHECK(later["revision"].get<int>() > revision);
    CHECK(later["documents"].get<int>() >= documents);
    CHECK(server.get("/search?q=russia").second == search_json(server.db, {"russia"}));
    CHECK(server.stop() == 0);
}

TEST_CASE("concurrent requests each get their own searcher and the same answers") {
    Server server;
    const json expected = server.get("/search?q=security&facets=1").second;
    std::vector<std::thread> clients;
    std::atomic<int> same{0};
    for (int t = 0; t < 4; ++t)
        clients.emplace_back([&] {
            auto c = server.client();
            for (int i = 0; i < 10; ++i) {
                const auto res = c.Get(i % 2 ? "/search?q=security&facets=1" : "/statements/" + some_id);
                if (!res || res->status != 200) continue;
                if (i % 2 == 0 || json::parse(res->body) == expected) ++same;
            }
        });
    for (auto& t : clients) t.join();
    CHECK(same == 40);
    CHECK(server.stop() == 0);
}

TEST_CASE("a port in use is an error with exit code 1") {
    Server first(false);
    const auto second = mofa::test::start({MOFA_SEARCH_BIN, "serve", "--db", first.db.string(), "--listen",
                                           "127.0.0.1:" + std::to_string(first.port)},
                                          first.dir.path());
    const auto status = wait_with_timeout(second, 60s);
    if (!status) {
        kill(second.pid, SIGKILL);
        mofa::test::wait_for(second);
    }
    CHECK(status == mofa::exit_partial);
    const auto err = mofa::test::read_file(second.err);
    CHECK_MESSAGE(err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port) + ": Address already in use") !=
                      std::string::npos,
                  err);
    CHECK(err.find("hint: another server uses the port") != std::string::npos);
    CHECK(first.stop() == 0);
}

TEST_CASE("an address that is not this machine's is an error that says so") {
    TempDir dir;
    // 192.0.2.0/24 is kept for documentation (RFC 5737): no machine has it.
    const auto r = mofa::test::run({MOFA_SEARCH_BIN, "serve", "--db", (dir / "db").string(), "--listen", "192.0.2.1:18080"});
    CHECK(r.status == mofa::exit_partial);
    CHECK_MESSAGE(r.err.find("cannot listen on 192.0.2.1:18080: Cannot assign requested address") != std::string::npos, r.err);
    CHECK(r.err.find("hint: the host is not an address of this machine") != std::string::npos);
}

TEST_CASE("every path refuses the parameters it does not take") {
    Server server;
    check_error(server, "/health?x=1", 400, "bad_parameter");
    check_error(server, "/fields?verbose=1", 400, "bad_parameter");
    check_error(server, "/statements/" + some_id + "?format=csv", 400, "bad_parameter");
    CHECK(server.get("/health?x=1").second["error"]["hint"] == "/health takes no parameters");
    CHECK(server.get("/statements/" + some_id + "/similar?limit=2").first == 200);
    CHECK(server.get("/statements/" + some_id).first == 200);
}

TEST_CASE("the access log: a line per request in the combined log format, with the milliseconds it took") {
    Server server;
    {
        auto c = server.client();
        const auto res = c.Get("/search?q=russia&limit=1", {{"User-Agent", "tester/1.0"}, {"Referer", "http://example.org/"}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    check_error(server, "/search?q=" + std::string(9000, 'a'), 414, "uri_too_long");
    CHECK(server.stop() == 0);
    const std::string log = server.log();
    const std::string time = R"(\[\d\d/[A-Z][a-z][a-z]/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\])";
    CHECK_MESSAGE(std::regex_search(log, std::regex(R"(\n127\.0\.0\.1 - - )" + time +
                                                    R"( "GET /search\?q=russia&limit=1 HTTP/1\.1" 200 \d+ "http://example\.org/" "tester/1\.0" \d+\.\d\n)")),
                  log);
    // A request refused before it was read has "-" for what it lacks, not a line of dashes.
    CHECK_MESSAGE(std::regex_search(log, std::regex(R"(\n[-0-9.]+ - - )" + time + R"( "-" 414 \d+ "-" "-" -\n)")), log);
}

TEST_CASE("--cors ORIGIN lets a browser's pages of that origin read the answers; none by default") {
    {
        Server plain;
        auto c = plain.client();
        const auto res = c.Get("/health");
        REQUIRE(res);
        CHECK_FALSE(res->has_header("Access-Control-Allow-Origin"));
    }
    Server server(true, {"--cors", "https://news.example.org"});
    auto c = server.client();
    const auto res = c.Get("/search?q=russia");
    REQUIRE(res);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "https://news.example.org");
    CHECK(res->get_header_value("Vary") == "Origin");
    const auto preflight = c.Options("/search");
    REQUIRE(preflight);
    CHECK(preflight->status == 204);
    CHECK(preflight->get_header_value("Access-Control-Allow-Methods") == "GET, HEAD");

    TempDir dir;
    const auto bad = mofa::test::run({MOFA_SEARCH_BIN, "serve", "--db", (dir / "db").string(), "--cors", "news.example.org/path"});
    CHECK(bad.status == mofa::exit_usage);
    CHECK(bad.err.starts_with("mofa-search: --cors takes an origin"));
}

TEST_CASE("--listen: loopback unless asked; malformed addresses are usage errors") {
    for (const char* bad : {"127.0.0.1:", "127.0.0.1:99999", "::1:8080", "[::1]8080", ":8080", "host:port"}) {
        const auto r = mofa::test::run({MOFA_SEARCH_BIN, "serve", "--listen", bad});
        CHECK_MESSAGE(r.status == mofa::exit_usage, bad);
        CHECK_MESSAGE(r.err.find("--listen") != std::string::npos, r.err);
    }
}

} // TEST_SUITE
