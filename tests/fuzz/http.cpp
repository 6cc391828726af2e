// Fuzz target `http`: the HTTP API of `mofa-search serve` (searcher/http_api.hpp) over the
// corpus index, without sockets. An input is a request as the server receives it: the first
// line the method (empty: GET), the rest the request target `PATH?QUERY` as sent on the wire,
// decoded by cpp-httplib's own functions as its server decodes it. Besides crashes, the target
// checks the API's promise: every answer is one JSON document, and never a 500 (a bug) for
// what a client sent.
#include "corpus_index.hpp"

#include "http_api.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mofa::fuzz::over_corpus_index<mofa::cli::HttpApi>();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t line_end = input.find('\n');
    std::string method(input.substr(0, line_end));
    if (method.empty()) method = "GET";
    const std::string target(line_end == std::string_view::npos ? std::string_view() : input.substr(line_end + 1));
    const std::size_t question = target.find('?');
    const std::string path = httplib::detail::decode_url(target.substr(0, question), false);
    mofa::cli::HttpParams params;
    if (question != std::string::npos) httplib::detail::parse_query_text(target.substr(question + 1), params);

    mofa::cli::HttpApi& api = mofa::fuzz::over_corpus_index<mofa::cli::HttpApi>();
    const mofa::cli::HttpAnswer answer = api.answer(method, path, params);
    if (answer.status == 500 || !nlohmann::json::accept(answer.body)) {
        std::fprintf(stderr, "mofa fuzz http: status %d for '%s' '%s':\n%s\n", answer.status, method.c_str(),
                     target.c_str(), answer.body.c_str());
        std::abort();
    }
    return 0;
}
