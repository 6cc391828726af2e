// The HTTP backend. Requests are checked here (sizes, numbers, UTF-8) and turned into the same
// SearchRequest as the command line's (request.hpp); the answers are the library's JSON.
#include "serve.hpp"

#include "request.hpp"

#include <mofa/error.hpp>
#include <mofa/json.hpp>
#include <mofa/search.hpp>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <thread>
#include <vector>

namespace mofa::cli {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t max_query_bytes = 4096;
constexpr std::size_t max_limit = 1000;
constexpr std::size_t max_offset = 1'000'000;
constexpr std::size_t max_facet_size = 1000;
constexpr std::size_t max_id_bytes = 1024;
constexpr auto io_timeout = std::chrono::seconds(10);

constexpr const char* known_paths = "GET /search, /statements/ID, /statements/ID/similar, /health or /fields";
constexpr const char* search_parameters[] = {"q",        "sort",     "offset", "limit", "any",   "facet",     "facets",
                                             "facet_size", "timeline", "since",  "until", "synonyms", "highlight"};

// An answer other than 200, raised while checking a request.
struct HttpError {
    int status = 400;
    std::string code, message, hint;
};

void set_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
               const std::string& hint = {}) {
    const Json body{{"error", {{"code", code}, {"message", message}, {"hint", hint.empty() ? Json(nullptr) : Json(hint)}}}};
    res.status = status;
    res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n", "application/json");
}

// Well-formed UTF-8 without control characters (C0, DEL, C1): all a parameter may contain.
bool is_clean_text(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return false;
            ++i;
            continue;
        }
        std::size_t extra = 0;
        char32_t cp = 0;
        if (c >= 0xc2 && c <= 0xdf) extra = 1, cp = c & 0x1fU;
        else if (c >= 0xe0 && c <= 0xef) extra = 2, cp = c & 0x0fU;
        else if (c >= 0xf0 && c <= 0xf4) extra = 3, cp = c & 0x07U;
        else return false;
        if (i + extra >= s.size()) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xc0U) != 0x80U) return false;
            cp = (cp << 6) | (b & 0x3fU);
        }
        const bool overlong = (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000);
        if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f)) return false;
        i += extra + 1;
    }
    return true;
}

std::optional<std::string> single(const httplib::Request& req, const std::string& key) {
    const auto count = req.get_param_value_count(key);
    if (count == 0) return std::nullopt;
    if (count > 1) throw HttpError{400, "bad_parameter", fmt::format("'{}' is given {} times", key, count), "give it once"};
    return req.get_param_value(key);
}

std::size_t number(const httplib::Request& req, const std::string& key, std::size_t fallback, std::size_t min,
                   std::size_t max) {
    const auto text = single(req, key);
    if (!text) return fallback;
    std::size_t n = 0;
    const char* end = text->data() + text->size();
    const auto [stop, ec] = std::from_chars(text->data(), end, n);
    if (text->empty() || ec != std::errc() || stop != end || n < min || n > max)
        throw HttpError{400, "bad_parameter", fmt::format("'{}' must be a whole number from {} to {}", key, min, max), {}};
    return n;
}

bool flag(const httplib::Request& req, const std::string& key, bool fallback = false) {
    const auto text = single(req, key);
    if (!text) return fallback;
    if (text->empty() || *text == "1" || *text == "true" || *text == "yes") return true;
    if (*text == "0" || *text == "false" || *text == "no") return false;
    throw HttpError{400, "bad_parameter", fmt::format("'{}' is 1 or 0", key), {}};
}

// The query parameters of /search and /statements/ID/similar, as the command line's options.
RequestOptions request_options(const httplib::Request& req) {
    for (const auto& [key, value] : req.params)
        if (std::find(std::begin(search_parameters), std::end(search_parameters), key) == std::end(search_parameters))
            throw HttpError{400, "bad_parameter", fmt::format("unknown parameter '{}'", key),
                            "parameters: q, sort, offset, limit, any, facet, facets, facet_size, timeline, since, until, "
                            "synonyms, highlight"};
    RequestOptions o;
    o.query = single(req, "q").value_or("");
    if (o.query.size() > max_query_bytes)
        throw HttpError{400, "bad_parameter", fmt::format("the query is longer than {} bytes", max_query_bytes), {}};
    if (const auto sort = single(req, "sort")) {
        const auto order = sort_order(*sort);
        if (!order) throw HttpError{400, "bad_parameter", "'sort' is relevance, newest or oldest", {}};
        o.sort = *order;
    }
    o.offset = number(req, "offset", 0, 0, max_offset);
    o.limit = number(req, "limit", 10, 0, max_limit);
    o.any = flag(req, "any");
    o.since = single(req, "since").value_or("");
    o.until = single(req, "until").value_or("");
    o.default_facets = flag(req, "facets");
    for (std::size_t i = 0; i < req.get_param_value_count("facet"); ++i) {
        const auto value = req.get_param_value("facet", i);
        for (std::size_t start = 0; start <= value.size();) {
            const auto comma = std::min(value.find(',', start), value.size());
            if (comma > start) o.facets.push_back(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    o.facet_size = number(req, "facet_size", 10, 1, max_facet_size);
    if (const auto timeline = single(req, "timeline")) o.timeline = timeline->empty() ? "month" : *timeline;
    o.no_synonyms = !flag(req, "synonyms", true);
    o.highlight_markers = single(req, "highlight").value_or("");
    return o;
}

std::string statement_id(const httplib::Request& req) {
    std::string id = req.matches[1];
    if (id.size() > max_id_bytes)
        throw HttpError{400, "bad_parameter", fmt::format("an id is at most {} bytes long", max_id_bytes), {}};
    return id;
}

HttpError unknown_id(const std::string& id) {
    return {404, "not_found", fmt::format("no statement with id '{}'", id),
            "ids are in the hits of /search; the id's '/' need no escaping"};
}

// Lets N threads through at a time, the others in the order they came. A search takes a core
// from start to end: more searches at once than cores only share the cores, each taking longer,
// and thrash the caches (scripts/bench-serve: +18% CPU time a request with 16 at once on 2 cores);
// first come, first served keeps a request from waiting behind later ones (the wake-up order of
// a semaphore is unspecified).
class FairGate {
public:
    explicit FairGate(unsigned width) : width_(width) {}

    class Pass {
    public:
        explicit Pass(FairGate& gate) : gate_(gate) {
            std::unique_lock lock(gate_.mutex_);
            const std::uint64_t ticket = gate_.next_ticket_++;
            gate_.moved_.wait(lock, [&] { return ticket < gate_.served_ + gate_.width_; });
        }
        ~Pass() {
            {
                const std::lock_guard lock(gate_.mutex_);
                ++gate_.served_;
            }
            gate_.moved_.notify_all();
        }
        Pass(const Pass&) = delete;
        Pass& operator=(const Pass&) = delete;

    private:
        FairGate& gate_;
    };

private:
    std::mutex mutex_;
    std::condition_variable moved_;
    std::uint64_t next_ticket_ = 0, served_ = 0; ///< tickets below served_ + width_ may run
    unsigned width_;
};

// Searchers are not thread-safe: a request borrows one and gives it back. Each is reopened before
// use, so that what an indexer committed is seen. There are never more than the server's
// threads; one is opened when none is free.
class SearcherPool {
public:
    explicit SearcherPool(std::filesystem::path index)
        : index_(std::move(index)), gate_(std::max(1U, std::thread::hardware_concurrency())) {}

    template <typename F> auto with_searcher(F&& f) {
        const FairGate::Pass pass(gate_);
        auto searcher = take();
        try {
            searcher.reopen();
            auto result = f(searcher);
            give_back(std::move(searcher));
            return result;
        } catch (const Error& e) {
            if (e.category() == ErrorCategory::usage) give_back(std::move(searcher));
            throw;
        }
    }

private:
    Searcher take() {
        {
            const std::lock_guard lock(mutex_);
            if (!idle_.empty()) {
                auto searcher = std::move(idle_.back());
                idle_.pop_back();
                return searcher;
            }
        }
        return Searcher(index_); // Error{index} when it cannot be opened: 503
    }
    void give_back(Searcher searcher) {
        const std::lock_guard lock(mutex_);
        idle_.push_back(std::move(searcher));
    }

    std::filesystem::path index_;
    std::mutex mutex_;
    std::vector<Searcher> idle_;
    FairGate gate_;
};

// Runs a handler's work; every failure becomes a JSON error with its status.
template <typename F> void answer(httplib::Response& res, F&& work) {
    try {
        res.set_content(work() + "\n", "application/json");
        res.status = 200;
    } catch (const HttpError& e) {
        set_error(res, e.status, e.code, e.message, e.hint);
    } catch (const Error& e) {
        switch (e.category()) {
        case ErrorCategory::usage: set_error(res, 400, "bad_query", e.what(), e.hint()); break;
        case ErrorCategory::index: set_error(res, 503, "index_unavailable", e.what(), e.hint()); break;
        default: set_error(res, 500, "internal_error", e.what(), e.hint()); break;
        }
    } catch (const std::exception& e) {
        set_error(res, 500, "internal_error", e.what());
    } catch (...) {
        set_error(res, 500, "internal_error", "unknown exception");
    }
}

struct Address {
    std::string host;
    int port = 0;
};

Address parse_address(const std::string& text) {
    const Error malformed(ErrorCategory::usage, fmt::format("--listen takes HOST:PORT, [IPV6]:PORT or PORT, not '{}'", text),
                          "for example --listen 127.0.0.1:8080 (0.0.0.0:8080 to be reachable from other machines)");
    Address address{"127.0.0.1", 0};
    std::string port = text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') throw malformed;
        address.host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
        address.host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (address.host.find(':') != std::string::npos) throw malformed;
    }
    const char* end = port.data() + port.size();
    const auto [stop, ec] = std::from_chars(port.data(), end, address.port);
    if (address.host.empty() || port.empty() || ec != std::errc() || stop != end || address.port < 0 || address.port > 65535)
        throw malformed;
    return address;
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// For the access log: the path with control characters shown as '?'.
std::string printable(std::string s) {
    for (auto& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return s;
}

// When the request being answered on this thread was read (unset for a request httplib rejects
// before routing it: those are logged without a duration).
thread_local std::optional<std::chrono::steady_clock::time_point> request_started;

} // namespace

int serve(const std::filesystem::path& index, const ServeOptions& options) {
    const Address address = parse_address(options.listen);
    SearcherPool pool(index);
    httplib::Server server;
    // A thread serves one connection at a time, for as long as it is kept alive: enough threads
    // for the clients of a backend (each borrows one Searcher), whatever the cores. With 4, wrk's
    // 16 connections queued for seconds (scripts/bench-serve).
    const unsigned threads = std::max(32U, 4 * std::thread::hardware_concurrency());
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed ACK held each answer on a kept-alive connection for ~40 ms.
    server.set_tcp_nodelay(true);
    server.set_keep_alive_max_count(1000);
    server.set_read_timeout(io_timeout);
    server.set_write_timeout(io_timeout);
    server.set_payload_max_length(64 * 1024); // GET only: no body is needed
    // httplib's default also sets SO_REUSEPORT, with which a second server on the same port
    // would silently share its connections: an address in use must be an error.
    server.set_socket_options([](socket_t sock) {
        const int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });

    server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        request_started = std::chrono::steady_clock::now();
        if (req.method != "GET" && req.method != "HEAD") {
            set_error(res, 405, "method_not_allowed", fmt::format("{} is not supported", req.method), "the API is read-only: use GET");
            res.set_header("Allow", "GET, HEAD");
            return httplib::Server::HandlerResponse::Handled;
        }
        bool clean = is_clean_text(req.path);
        for (const auto& [key, value] : req.params) clean = clean && is_clean_text(key) && is_clean_text(value);
        if (!clean) {
            set_error(res, 400, "bad_parameter", "the path and parameters must be UTF-8 text without control characters");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    server.Get("/search", [&](const httplib::Request& req, httplib::Response& res) {
        answer(res, [&] {
            const auto request = make_request(request_options(req));
            const auto result = pool.with_searcher([&](Searcher& s) { return s.search(request); });
            return search_result_json(result, request.timeline != TimelineUnit::none);
        });
    });
    // Ids contain '/': the longest match wins, so /similar is tried first.
    server.Get(R"(/statements/(.+)/similar)", [&](const httplib::Request& req, httplib::Response& res) {
        answer(res, [&] {
            const auto id = statement_id(req);
            const auto request = make_request(request_options(req));
            const auto json = pool.with_searcher([&](Searcher& s) -> std::optional<std::string> {
                if (const auto result = s.similar(id, request))
                    return search_result_json(*result, request.timeline != TimelineUnit::none);
                // An id may itself end in "/similar".
                if (const auto statement = s.get(id + "/similar")) return statement_json(*statement);
                return std::nullopt;
            });
            if (!json) throw unknown_id(id);
            return *json;
        });
    });
    server.Get(R"(/statements/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
        answer(res, [&] {
            const auto id = statement_id(req);
            const auto statement = pool.with_searcher([&](Searcher& s) { return s.get(id); });
            if (!statement) throw unknown_id(id);
            return statement_json(*statement);
        });
    });
    server.Get("/health", [&](const httplib::Request&, httplib::Response& res) {
        answer(res, [&] {
            return pool.with_searcher([&](Searcher& s) {
                const std::string last_change = s.last_change();
                return Json{{"format_version", json_format_version},
                            {"status", "ok"},
                            {"index", index.string()},
                            {"documents", s.document_count()},
                            {"revision", s.revision()},
                            {"last_change", last_change.empty() ? Json(nullptr) : Json(last_change)}}
                    .dump(-1, ' ', false, Json::error_handler_t::replace);
            });
        });
    });
    server.Get("/fields", [](const httplib::Request&, httplib::Response& res) {
        answer(res, [] {
            Json fields = Json::array();
            for (const auto& f : query_fields())
                fields.push_back({{"name", f.name}, {"description", f.description}, {"facet", f.facet}});
            return Json{{"format_version", json_format_version}, {"fields", fields}}.dump();
        });
    });

    // Statuses set by httplib itself (unknown path, malformed request, URI too long) get a JSON body too.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404) set_error(res, 404, "not_found", "no such resource", known_paths);
        else if (res.status == 414) set_error(res, 414, "uri_too_long", "the request's URI is too long", "a query is at most 4096 bytes");
        else if (res.status < 500) set_error(res, res.status, "bad_request", "malformed request");
        else set_error(res, res.status, "internal_error", "the server failed");
        return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        set_error(res, 500, "internal_error", "unexpected exception");
    });
    if (!options.quiet)
        server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            std::string duration = "-";
            if (request_started)
                duration = fmt::format(
                    "{:.1f}ms", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *request_started).count());
            request_started.reset();
            fmt::print(stderr, "{} {} {} {}\n", req.method.empty() ? "-" : printable(req.method),
                       req.path.empty() ? "-" : printable(req.path), res.status, duration);
        });

    // SIGTERM and SIGINT are blocked in every thread (the server's inherit the mask) and taken by
    // one waiting thread, which stops the server: no work in a signal handler.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    const int port = address.port == 0 ? server.bind_to_any_port(address.host)
                                       : (server.bind_to_port(address.host, address.port) ? address.port : -1);
    if (port < 0)
        throw Error(ErrorCategory::io, fmt::format("cannot listen on {}", options.listen),
                    "is another server using the port? Choose another with --listen HOST:PORT");

    std::atomic<bool> signalled{false}, finished{false};
    std::thread watcher([&] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        signalled = true;
        // stop() does nothing before the server runs: repeat it until listening has ended.
        while (!finished) {
            server.stop();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    const bool host_is_ipv6 = address.host.find(':') != std::string::npos;
    fmt::print(stderr, "mofa-search: serving {} on http://{}{}{}:{}/ (SIGTERM or Ctrl-C stops)\n", index.string(),
               host_is_ipv6 ? "[" : "", address.host, host_is_ipv6 ? "]" : "", port);
    if (!is_loopback(address.host))
        fmt::print(stderr, "mofa-search: listening beyond this machine, without authentication or encryption\n");
    std::fflush(stderr);

    const bool stopped_cleanly = server.listen_after_bind();
    finished = true;
    if (!signalled) pthread_kill(watcher.native_handle(), SIGTERM);
    watcher.join();
    if (!stopped_cleanly) throw Error(ErrorCategory::io, fmt::format("the server on {} failed", options.listen));
    if (!options.quiet) fmt::print(stderr, "mofa-search: stopped\n");
    return exit_ok;
}

} // namespace mofa::cli
