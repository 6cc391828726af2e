// The HTTP server: cpp-httplib carries requests to the API (http_api.hpp), which checks and
// answers them; here are the address, the threads, the access log and the signals.
#include "serve.hpp"

#include "http_api.hpp"

#include <mofa/error.hpp>

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <cstdio>
#include <optional>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include <thread>

namespace mofa::cli {
namespace {

constexpr auto io_timeout = std::chrono::seconds(10);

void set_error(httplib::Response& res, int status, std::string_view code, ErrorCategory category, std::string message,
               std::string hint = {}) {
    const HttpAnswer answer = answer_of({status, code, Error(category, std::move(message), std::move(hint))});
    res.status = answer.status;
    res.set_content(answer.body, "application/json");
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

// "*" or an origin as browsers send it: SCHEME://HOST[:PORT], nothing after.
void check_origin(const std::string& origin) {
    if (origin == "*") return;
    const auto scheme_end = origin.find("://");
    const bool scheme_ok = scheme_end != std::string::npos && scheme_end > 0 &&
                           std::all_of(origin.begin(), origin.begin() + static_cast<std::ptrdiff_t>(scheme_end),
                                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; });
    const std::string host = scheme_ok ? origin.substr(scheme_end + 3) : "";
    const bool host_ok = !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
    });
    if (!host_ok)
        throw Error(ErrorCategory::usage, fmt::format("--cors takes an origin (SCHEME://HOST[:PORT]) or *, not '{}'", origin),
                    "for example --cors https://newsroom.example.org");
}

// Why the address cannot be listened on: httplib says only that it failed, so bind a socket of
// our own to it and take the system's reason (address in use, not available, permission
// denied, unknown host).
std::string bind_failure(const Address& address) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(address.host.c_str(), std::to_string(address.port).c_str(), &hints, &found); rc != 0)
        return ::gai_strerror(rc);
    std::string reason = "unknown reason";
    for (const addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            reason = std::strerror(errno);
            continue;
        }
        const int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        const bool bound = ::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 1) == 0;
        if (!bound) reason = std::strerror(errno);
        ::close(fd);
        if (bound) {
            reason = "it was free again when tried a second time";
            break;
        }
    }
    ::freeaddrinfo(found);
    return reason;
}

// A hint for the reason bind gave.
std::string bind_hint(const std::string& reason) {
    if (reason == std::strerror(EADDRINUSE)) return "another server uses the port: choose another with --listen HOST:PORT";
    if (reason == std::strerror(EADDRNOTAVAIL))
        return "the host is not an address of this machine: use one of its addresses, 127.0.0.1, or 0.0.0.0 for all";
    if (reason == std::strerror(EACCES)) return "ports below 1024 need privileges: choose a port from 1024 up";
    return "check the address: --listen HOST:PORT";
}

bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// A field of a log line between double quotes: printable, its quotes and backslashes escaped.
std::string log_quoted(std::string_view text) {
    std::string out;
    for (char c : printable(text)) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out;
}

// The local time as the combined log format writes it: 10/Oct/2026:13:55:36 +0200 (English
// month names, whatever the locale).
std::string log_time() {
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    const long offset = local.tm_gmtoff / 60;
    return fmt::format("{:02}/{}/{}:{:02}:{:02}:{:02} {}{:02}{:02}", local.tm_mday, months[local.tm_mon], local.tm_year + 1900,
                       local.tm_hour, local.tm_min, local.tm_sec, offset < 0 ? '-' : '+', std::labs(offset) / 60,
                       std::labs(offset) % 60);
}

// A line of the access log in the combined log format (as Apache's and nginx's, read by log
// analysers), with the time taken in milliseconds added: client, time, request line (with its
// query), status, body bytes, referrer, user agent. A request httplib refused before parsing
// it (a URI too long) has "-" for what it lacks.
std::string access_log_line(const httplib::Request& req, const httplib::Response& res, std::optional<double> milliseconds) {
    const auto header = [&](const char* name) {
        const std::string value = req.get_header_value(name);
        return value.empty() ? std::string("-") : log_quoted(value);
    };
    const std::string request_line =
        req.method.empty() ? std::string("-") : log_quoted(fmt::format("{} {} {}", req.method, req.target.empty() ? req.path : req.target, req.version));
    return fmt::format("{} - - [{}] \"{}\" {} {} \"{}\" \"{}\" {}", req.remote_addr.empty() ? std::string("-") : log_quoted(req.remote_addr),
                       log_time(), request_line, res.status, res.body.empty() ? "-" : std::to_string(res.body.size()),
                       header("Referer"), header("User-Agent"),
                       milliseconds ? fmt::format("{:.1f}", *milliseconds) : std::string("-"));
}

// When the request being answered on this thread was read (unset for a request httplib rejects
// before routing it: those are logged without a duration).
thread_local std::optional<std::chrono::steady_clock::time_point> request_started;

} // namespace

int serve(const std::filesystem::path& index, const ServeOptions& options) {
    const Address address = parse_address(options.listen);
    if (!options.cors.empty()) check_origin(options.cors);
    HttpApi api(index);
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

    // Every request is answered here, before httplib's routing: the API routes itself.
    server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
        request_started = std::chrono::steady_clock::now();
        if (!options.cors.empty()) {
            res.set_header("Access-Control-Allow-Origin", options.cors);
            if (options.cors != "*") res.set_header("Vary", "Origin");
            if (req.method == "OPTIONS") { // a browser's preflight
                res.status = 204;
                res.set_header("Access-Control-Allow-Methods", "GET, HEAD");
                res.set_header("Access-Control-Max-Age", "86400");
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        const HttpAnswer answer = api.answer(req.method, req.path, req.params);
        res.status = answer.status;
        res.set_content(answer.body, "application/json");
        if (!answer.allow.empty()) res.set_header("Allow", answer.allow);
        return httplib::Server::HandlerResponse::Handled;
    });

    // Statuses set by httplib itself before the API sees a request (a malformed request, a URI
    // too long) get a JSON body too.
    server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 414)
            set_error(res, 414, "uri_too_long", ErrorCategory::usage, "the request's URI is too long", "a query is at most 4096 bytes");
        else if (res.status < 500) set_error(res, res.status, "bad_request", ErrorCategory::usage, "malformed request");
        else set_error(res, res.status, "internal_error", ErrorCategory::internal, "the server failed");
        return httplib::Server::HandlerResponse::Handled;
    }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        set_error(res, 500, "internal_error", ErrorCategory::internal, "unexpected exception");
    });
    if (!options.quiet)
        server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
            std::optional<double> milliseconds;
            if (request_started)
                milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *request_started).count();
            request_started.reset();
            fmt::print(stderr, "{}\n", access_log_line(req, res, milliseconds));
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
    if (port < 0) {
        const std::string reason = bind_failure(address);
        throw Error(ErrorCategory::io, fmt::format("cannot listen on {}: {}", options.listen, reason), bind_hint(reason));
    }

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
