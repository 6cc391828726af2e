// Fuzz target `query`: query parsing and searching. An index of the bundled corpus/ (plus a few
// statements with edge-case dates) is built once into a temporary folder; each input is a
// query, and its first byte chooses request options:
//   bit 0: any (OR) instead of all     bits 1-2: sort relevance, newest, oldest
//   bit 3: facets (all of them with bit 7) bits 4-5: timeline none, year, month, day
//   bit 6: the rest is QUERY\nSINCE\nUNTIL instead of the query alone
//   bit 7: no synonyms or suggestion, an estimated total, plain-text snippets of 20 bytes,
//          offset 1 and limit 3; and the statements similar to the first hit
#include "corpus_index.hpp"

#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unistd.h>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mofa::fuzz::over_corpus_index<mofa::Searcher>();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    mofa::Searcher& searcher = mofa::fuzz::over_corpus_index<mofa::Searcher>();
    const std::uint8_t options = size > 0 ? data[0] : 0;
    std::string_view rest = size > 0 ? std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1) : std::string_view();

    mofa::SearchRequest request;
    request.default_operator = options & 1 ? mofa::DefaultOperator::any : mofa::DefaultOperator::all;
    switch ((options >> 1) & 3) {
    case 1: request.sort = mofa::SortOrder::newest; break;
    case 2: request.sort = mofa::SortOrder::oldest; break;
    default: request.sort = mofa::SortOrder::relevance; break;
    }
    const bool variant = options & 0x80;
    if (options & 8) request.facets = variant ? mofa::facet_fields() : mofa::default_facets();
    switch ((options >> 4) & 3) {
    case 1: request.timeline = mofa::TimelineUnit::year; break;
    case 2: request.timeline = mofa::TimelineUnit::month; break;
    case 3: request.timeline = mofa::TimelineUnit::day; break;
    default: break;
    }
    if (options & 0x40) {
        const std::size_t first = rest.find('\n');
        request.query = rest.substr(0, first);
        if (first != std::string_view::npos) {
            const std::string_view dates = rest.substr(first + 1);
            const std::size_t second = dates.find('\n');
            request.since = dates.substr(0, second);
            if (second != std::string_view::npos) request.until = dates.substr(second + 1);
        }
    } else {
        request.query = rest;
    }
    if (variant) {
        request.synonyms = false;
        request.suggest = false;
        request.exact_total = false;
        request.highlight = {"[", "]", false};
        request.snippet_bytes = 20;
        request.offset = 1;
        request.limit = 3;
        request.facet_size = 1;
    }

    try {
        (void)searcher.explain(request);
        const mofa::SearchResult result = searcher.search(request);
        if (variant && !result.hits.empty()) (void)searcher.similar(result.hits.front().statement.id, request);
    } catch (const mofa::Error& e) {
        // A query that cannot be understood is Error{usage}, with a message: a normal outcome.
        // Any other error (the index is not broken, nor being written) is a finding.
        if (e.category() != mofa::ErrorCategory::usage || std::string_view(e.what()).empty()) {
            std::fprintf(stderr, "unexpected %s error: %s\n", mofa::category_name(e.category()), e.what());
            std::abort();
        }
    }
    return 0;
}
