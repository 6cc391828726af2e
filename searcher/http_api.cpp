#include "http_api.hpp"

#include "names.hpp"
#include "output.hpp"
#include "request.hpp"

#include <mofa/error.hpp>
#include <mofa/json.hpp>
#include <mofa/search.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
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

constexpr std::string_view statements_path = "/statements/";
constexpr std::string_view similar_suffix = "/similar";
constexpr const char* known_paths = "GET /search, /statements/ID, /statements/ID/similar, /network, /health or /fields";

HttpError bad_parameter(std::string message, std::string hint = {}) {
    return {400, "bad_parameter", Error(ErrorCategory::usage, std::move(message), std::move(hint))};
}

// The status and code of an error of the library, by its category: usage → 400, index → 503,
// anything else → 500 (a bug, never what a client sent).
HttpError http_error(const Error& e) {
    switch (e.category()) {
    case ErrorCategory::usage: return {400, "bad_query", e};
    case ErrorCategory::index: return {503, "index_unavailable", e};
    default: return {500, "internal_error", e};
    }
}

std::optional<std::string> single(const HttpParams& params, const std::string& key) {
    const auto count = params.count(key);
    if (count == 0) return std::nullopt;
    if (count > 1) throw bad_parameter(fmt::format("'{}' is given {} times", key, count), "give it once");
    return params.find(key)->second;
}

std::size_t number(const HttpParams& params, const std::string& key, std::size_t fallback, std::size_t min,
                   std::size_t max) {
    const auto text = single(params, key);
    if (!text) return fallback;
    std::size_t n = 0;
    const char* end = text->data() + text->size();
    const auto [stop, ec] = std::from_chars(text->data(), end, n);
    if (text->empty() || ec != std::errc() || stop != end || n < min || n > max)
        throw bad_parameter(fmt::format("'{}' must be a whole number from {} to {}", key, min, max));
    return n;
}

bool flag(const HttpParams& params, const std::string& key, bool fallback = false) {
    const auto text = single(params, key);
    if (!text) return fallback;
    if (text->empty() || *text == "1" || *text == "true" || *text == "yes") return true;
    if (*text == "0" || *text == "false" || *text == "no") return false;
    throw bad_parameter(fmt::format("'{}' is 1 or 0", key));
}

// The query parameters of /search and /statements/ID/similar (or of another path that takes
// `known`, some of them), as the command line's options.
RequestOptions request_options(const HttpParams& params, std::span<const HttpParameter> known = http_parameters,
                               std::size_t default_limit = 10) {
    for (const auto& param : params) {
        const std::string& key = param.first; // (clang 14 cannot capture a structured binding)
        if (std::none_of(known.begin(), known.end(), [&](const auto& p) { return p.name == key; }))
            throw bad_parameter(fmt::format("unknown parameter '{}'", key), "parameters: " + http_parameter_names(known));
    }
    RequestOptions o;
    o.query = single(params, "q").value_or("");
    if (o.query.size() > max_query_bytes)
        throw bad_parameter(fmt::format("the query is longer than {} bytes", max_query_bytes));
    if (const auto sort = single(params, "sort")) {
        const auto order = sort_order(*sort);
        if (!order) throw bad_parameter("'sort' is " + either(names(sort_orders)));
        o.sort = *order;
    }
    o.offset = number(params, "offset", 0, 0, max_offset);
    o.limit = number(params, "limit", default_limit, 0, max_limit);
    o.any = flag(params, "any");
    o.all = flag(params, "all");
    if (o.any && o.all) throw bad_parameter("'any' and 'all' exclude each other");
    o.since = single(params, "since").value_or("");
    o.until = single(params, "until").value_or("");
    o.default_facets = flag(params, "facets");
    const auto [first_facet, end_facets] = params.equal_range("facet");
    for (auto it = first_facet; it != end_facets; ++it) {
        const std::string& value = it->second;
        for (std::size_t start = 0; start <= value.size();) {
            const auto comma = std::min(value.find(',', start), value.size());
            if (comma > start) o.facets.push_back(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    o.facet_size = number(params, "facet_size", 10, 1, max_facet_size);
    if (const auto timeline = single(params, "timeline")) o.timeline = timeline->empty() ? "month" : *timeline;
    o.no_synonyms = !flag(params, "synonyms", true);
    o.highlight_markers = single(params, "highlight").value_or("");
    return o;
}

// The parameters of /network: the statements as for /search, `field` and `limit` (pairs).
NetworkRequest network_request(const HttpParams& params) {
    NetworkRequest request;
    const RequestOptions o = request_options(params, network_parameters, request.limit);
    request.search = make_request(o);
    request.limit = o.limit;
    const auto& fields = network_fields();
    request.field = single(params, "field").value_or("");
    if (std::find(fields.begin(), fields.end(), request.field) == fields.end())
        throw bad_parameter(request.field.empty() ? "'field' is missing" : fmt::format("'field' is {}", either(fields)),
                            fmt::format("'field' is {}: /network?q=country:RU&field=country", either(fields)));
    return request;
}

HttpError unknown_id(const std::string& id) {
    return {404, "not_found",
            Error(ErrorCategory::usage, fmt::format("no statement with id '{}'", id),
                  "ids are in the hits of /search; the id's '/' need no escaping")};
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

} // namespace

// mofa::printable leaves exactly such text unchanged (it escapes C0, DEL, C1 and every byte of
// a sequence that is not well-formed UTF-8: overlong, surrogate, cut short or out of range).
bool is_clean_text(std::string_view s) { return printable(s) == s; }

HttpAnswer answer_of(const HttpError& error) {
    return {.status = error.status, .body = error_json(error.error, error.code) + "\n", .allow = {}};
}

struct HttpApi::Impl {
    std::filesystem::path index;
    SearcherPool pool;

    explicit Impl(std::filesystem::path path) : index(path), pool(std::move(path)) {}

    // The answers are what `--format json` prints: the JSON writer's.
    std::string search(const HttpParams& params) {
        const auto request = make_request(request_options(params));
        const auto result = pool.with_searcher([&](Searcher& s) { return s.search(request); });
        std::string body;
        json_writer(body)->result(result, request.timeline != TimelineUnit::none);
        return body;
    }

    std::string network(const HttpParams& params) {
        const auto request = network_request(params);
        const auto result = pool.with_searcher([&](Searcher& s) { return s.network(request); });
        std::string body;
        json_writer(body)->network(result);
        return body;
    }

    std::string statement(const std::string& id) {
        const auto statement = pool.with_searcher([&](Searcher& s) { return s.get(id); });
        if (!statement) throw unknown_id(id);
        std::string body;
        json_writer(body)->statement(*statement);
        return body;
    }

    std::string similar(const std::string& id, const HttpParams& params) {
        const auto request = make_request(request_options(params));
        std::string body;
        const bool found = pool.with_searcher([&](Searcher& s) {
            if (const auto result = s.similar(id, request)) {
                json_writer(body)->result(*result, request.timeline != TimelineUnit::none);
                return true;
            }
            // An id may itself end in "/similar".
            if (const auto statement = s.get(id + std::string(similar_suffix))) {
                json_writer(body)->statement(*statement);
                return true;
            }
            return false;
        });
        if (!found) throw unknown_id(id);
        return body;
    }

    std::string health() {
        return pool.with_searcher([&](Searcher& s) {
            const std::string last_change = s.last_change();
            return Json{{"format_version", json_format_version},
                        {"status", "ok"},
                        {"index", index.string()},
                        {"documents", s.document_count()},
                        {"revision", s.revision()},
                        {"last_change", last_change.empty() ? Json(nullptr) : Json(last_change)}}
                       .dump(-1, ' ', false, Json::error_handler_t::replace) +
                   "\n";
        });
    }

    static std::string fields() {
        std::string body;
        json_writer(body)->fields(query_fields());
        return body;
    }

    // The paths that take no parameters refuse them, as /search refuses those it does not know.
    static void no_parameters(const std::string& path, const HttpParams& params) {
        if (!params.empty())
            throw bad_parameter(fmt::format("unknown parameter '{}'", params.begin()->first),
                                fmt::format("{} takes no parameters", path.starts_with(statements_path) ? "/statements/ID" : path));
    }

    std::string route(const std::string& path, const HttpParams& params) {
        if (path == "/search") return search(params);
        if (path == "/network") return network(params);
        if (path == "/health") {
            no_parameters(path, params);
            return health();
        }
        if (path == "/fields") {
            no_parameters(path, params);
            return fields();
        }
        if (path.starts_with(statements_path) && path.size() > statements_path.size()) {
            std::string id = path.substr(statements_path.size());
            if (id.size() > max_id_bytes)
                throw bad_parameter(fmt::format("an id is at most {} bytes long", max_id_bytes));
            if (id.size() > similar_suffix.size() && id.ends_with(similar_suffix)) {
                id.resize(id.size() - similar_suffix.size());
                return similar(id, params);
            }
            no_parameters(path, params);
            return statement(id);
        }
        throw HttpError{404, "not_found", Error(ErrorCategory::usage, "no such resource", known_paths)};
    }
};

HttpApi::HttpApi(std::filesystem::path index) : impl_(std::make_unique<Impl>(std::move(index))) {}
HttpApi::~HttpApi() = default;

HttpAnswer HttpApi::answer(std::string_view method, const std::string& path, const HttpParams& params) {
    if (method != "GET" && method != "HEAD") {
        HttpAnswer answer = answer_of({405, "method_not_allowed",
                                       Error(ErrorCategory::usage,
                                             fmt::format("{} is not supported", is_clean_text(method) ? method : "the method"),
                                             "the API is read-only: use GET")});
        answer.allow = "GET, HEAD";
        return answer;
    }
    bool clean = is_clean_text(path);
    for (const auto& [key, value] : params) clean = clean && is_clean_text(key) && is_clean_text(value);
    if (!clean) return answer_of(bad_parameter("the path and parameters must be UTF-8 text without control characters"));
    try {
        return {.status = 200, .body = impl_->route(path, params), .allow = {}};
    } catch (const HttpError& e) {
        return answer_of(e);
    } catch (const Error& e) {
        return answer_of(http_error(e));
    } catch (const std::exception& e) {
        return answer_of(http_error(Error(ErrorCategory::internal, e.what())));
    } catch (...) {
        return answer_of(http_error(Error(ErrorCategory::internal, "unknown exception")));
    }
}

} // namespace mofa::cli
