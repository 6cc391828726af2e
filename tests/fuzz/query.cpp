// Fuzz target `query`: query parsing and searching. An index of the bundled corpus/ (plus a few
// statements with edge-case dates) is built once into a temporary folder; each input is a
// query, and its first byte chooses request options:
//   bit 0: any (OR) instead of all     bits 1-2: sort relevance, newest, oldest
//   bit 3: facets (all of them with bit 7) bits 4-5: timeline none, year, month, day
//   bit 6: the rest is QUERY\nSINCE\nUNTIL instead of the query alone
//   bit 7: no synonyms or suggestion, an estimated total, plain-text snippets of 20 bytes,
//          offset 1 and limit 3; and the statements similar to the first hit
#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

// The index and its Searcher, removed at exit.
struct Fixture {
    fs::path folder;
    std::optional<mofa::Searcher> searcher;
    ~Fixture() {
        searcher.reset();
        std::error_code ec;
        fs::remove_all(folder, ec);
    }
};

Fixture* fixture = nullptr;

mofa::Statement extra(std::string id, std::optional<mofa::Date> date, std::string title, std::string body) {
    mofa::Statement s;
    s.id = std::move(id);
    s.date = date;
    s.title = std::move(title);
    s.body = std::move(body);
    return s;
}

// Folders of earlier processes that ended without removing theirs (a crash or a leak report
// ends a process at once; -minimize_crash runs a process per input): named after their
// process, removed when it is gone.
void remove_stale_folders() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
        const std::string name = entry.path().filename().string();
        constexpr std::string_view prefix = "mofa-fuzz-query-";
        if (!name.starts_with(prefix)) continue;
        const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
        if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
}

void build_index() {
    remove_stale_folders();
    std::string pattern =
        (fs::temp_directory_path() / ("mofa-fuzz-query-" + std::to_string(getpid()) + "-XXXXXX")).string();
    if (!mkdtemp(pattern.data())) {
        std::perror("mofa fuzz query: mkdtemp");
        std::abort();
    }
    static Fixture instance;
    fixture = &instance;
    fixture->folder = pattern;
    const fs::path index = fixture->folder / "index";
    {
        mofa::IndexWriter writer(index, {.batch_size = 500, .jobs = 1});
        mofa::IndexOptions options;
        options.on_problem = [](const mofa::InputProblem& p) {
            std::fprintf(stderr, "mofa fuzz query: corpus problem: %s\n", p.to_string().c_str());
        };
        writer.update({fs::path(MOFA_CORPUS_DIR)}, options);
        // The edges of dates (timelines over eight thousand years) and a statement without one.
        writer.add(extra("edge/first", mofa::Date{1, 1, 1}, "The first day", "Talks on the first day of year one."));
        writer.add(extra("edge/last", mofa::Date{9999, 12, 31}, "The last day", "Talks on the last day of 9999."));
        writer.add(extra("edge/undated", std::nullopt, "", "An undated statement AND OR NOT \"quoted\" (text)."));
        writer.commit();
    }
    fixture->searcher.emplace(index);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    build_index();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (!fixture) build_index(); // a driver that does not call LLVMFuzzerInitialize
    mofa::Searcher& searcher = *fixture->searcher;
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
    } catch (const mofa::Error&) {
        // A query that cannot be understood is Error{usage}: a normal outcome. Anything else crashes.
    }
    return 0;
}
