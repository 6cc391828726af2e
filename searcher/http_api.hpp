// The HTTP API of `mofa-search serve` without the network: a request's method, path and
// parameters in (as the HTTP library decoded them), a status and a JSON body out. The server
// (serve.cpp) only carries them; tests and the fuzzer call it directly.
#pragma once

#include <mofa/error.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace mofa::cli {

/// Decoded query parameters, in order; a name may repeat (`facet=country&facet=org`).
using HttpParams = std::multimap<std::string, std::string>;

/// What the server sends back: a status and one JSON document (errors included).
struct HttpAnswer {
    int status = 200;
    std::string body;  ///< JSON, ending with a newline
    std::string allow; ///< the Allow header of a 405, else empty
};

/// Answers GET /search, /statements/ID, /statements/ID/similar, /network, /health and /fields
/// over the index at one path. Thread-safe: any number of threads may call answer() at once;
/// they share a pool of Searchers (each reopened before use, so commits are seen) and run at
/// most one search per core at a time, first come first served.
class HttpApi {
public:
    /// Opens nothing yet: an index that is missing or unreadable is a 503 per request.
    explicit HttpApi(std::filesystem::path index);
    ~HttpApi();
    HttpApi(const HttpApi&) = delete;
    HttpApi& operator=(const HttpApi&) = delete;

    /// The answer to one request. Never throws: what goes wrong is an error document with its
    /// status (400 bad input, 404 unknown id or path, 405 not GET/HEAD, 503 no index; 500 only
    /// for a bug).
    HttpAnswer answer(std::string_view method, const std::string& path, const HttpParams& params);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// An answer other than 200: an error of the library's kind (its message and hint) with the
/// status and the `code` the API documents (README: bad_parameter, not_found, ...). Errors the
/// library throws get theirs from their category, in http_api.cpp only.
struct HttpError {
    int status = 500;
    std::string_view code; ///< a literal
    Error error;
};

/// The answer of an error: its status, and the library's error_json with its code.
HttpAnswer answer_of(const HttpError& error);

/// Well-formed UTF-8 without control characters (C0, DEL, C1): all a path or parameter may hold.
bool is_clean_text(std::string_view s);

} // namespace mofa::cli
