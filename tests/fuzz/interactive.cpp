// Fuzz target `interactive`: the prompt of mofa-search (searcher/interactive.cpp) over the corpus
// index, fed lines as from a pipe: queries, hit numbers, n and p, and the :commands, with their
// output printed as for a terminal or a pipe (searcher/output_text.cpp: hits, facets as bar
// charts, timelines as histograms). The first byte of an input chooses the settings the prompt
// starts with; the rest are the lines typed:
//   bit 0: any (OR) instead of all     bits 1-2: sort relevance, newest, oldest
//   bit 3: the default facets          bits 4-5: timeline none, year, month, day
//   bit 6: colour                      bit 7: 3 hits a page instead of 10
// and the input's length modulo 3 the width text is wrapped at: none (a pipe), 40 or 100 columns.
// What the prompt prints goes to /dev/null; a session must end with exit code 0, or 2 when a line
// could not be understood (piped lines end with the worst status they met; the errors are
// messages), and nothing may escape it.
#include "corpus_index.hpp"

#include "interactive.hpp"

#include <mofa/error.hpp>
#include <mofa/search.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mofa::fuzz::corpus_index();
    // The prompt reads std::cin (replaced for each input) when stdin is not a terminal, and
    // prints on stdout.
    const int null = ::open("/dev/null", O_RDWR);
    if (null < 0 || ::dup2(null, STDIN_FILENO) < 0 || ::dup2(null, STDOUT_FILENO) < 0) {
        std::perror("mofa fuzz interactive: /dev/null");
        std::abort();
    }
    ::close(null);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned options = data[0];
    mofa::SearchRequest request;
    request.default_operator = (options & 1) ? mofa::DefaultOperator::any : mofa::DefaultOperator::all;
    request.sort = static_cast<mofa::SortOrder>(((options >> 1) & 3) % 3);
    if (options & 8) request.facets = mofa::default_facets();
    request.timeline = static_cast<mofa::TimelineUnit>((options >> 4) & 3);
    request.limit = (options & 128) ? 3 : 10;
    const mofa::cli::TextStyle style{.color = (options & 64) != 0, .width = std::size_t{size % 3 == 0 ? 0U : size % 3 == 1 ? 40U : 100U}};

    std::istringstream lines(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    std::streambuf* const typed = std::cin.rdbuf(lines.rdbuf());
    std::cin.clear();
    const int status = mofa::cli::run_interactive(mofa::fuzz::corpus_index(), request, style);
    std::cin.rdbuf(typed);
    std::fflush(stdout);
    if (status != mofa::exit_ok && status != mofa::exit_usage) {
        std::fprintf(stderr, "mofa fuzz interactive: the session ended with exit code %d\n", status);
        std::abort();
    }
    return 0;
}
