// `mofa-search serve`: an HTTP JSON backend over an index (documented in the README, "HTTP
// backend"). GET only; every answer, errors included, is one JSON document.
#pragma once

#include <filesystem>
#include <string>

namespace mofa::cli {

/// Options of `mofa-search serve`.
struct ServeOptions {
    /// HOST:PORT, [IPV6]:PORT or PORT. Loopback unless another address is asked for here.
    std::string listen = "127.0.0.1:8080";
    bool quiet = false; ///< no access log on stderr
    /// The origin allowed to read answers from a browser (Access-Control-Allow-Origin): "*" or
    /// SCHEME://HOST[:PORT]; empty: none (browsers keep other sites' pages from reading them).
    std::string cors;
};

/// Serves the index at `index` until SIGTERM or SIGINT, then returns exit_ok. Throws Error{usage}
/// for a malformed address and Error{io} when it cannot listen there.
int serve(const std::filesystem::path& index, const ServeOptions& options);

} // namespace mofa::cli
