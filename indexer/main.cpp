// mofa-index: reads statements into an index. Options in, library call, summary and exit
// code out; the work is in libmofa.
#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) { interrupted.store(true); }

struct Options {
    std::string db;
    std::vector<std::string> inputs;
    bool quiet = false;
    bool summary = false;
};

constexpr const char* exit_codes_help = R"(Exit codes:
  0    every input was indexed
  1    partial success: some input was skipped (each one is named on stderr)
  2    usage error
  3    the index is locked by another mofa-index
  4    the index cannot be opened or was written by an incompatible mofa
  130  interrupted (SIGINT or SIGTERM) after committing what was done)";

void print_error(const mofa::Error& e) {
    fmt::print(stderr, "mofa-index: {}\n", e.what());
    if (!e.hint().empty()) fmt::print(stderr, "  hint: {}\n", e.hint());
}

int run(const Options& options) {
    const std::filesystem::path db = options.db.empty() ? mofa::default_index_path() : std::filesystem::path(options.db);
    std::vector<std::filesystem::path> inputs(options.inputs.begin(), options.inputs.end());

    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    const auto start = std::chrono::steady_clock::now();
    mofa::IndexWriter writer(db);
    const auto summary = mofa::index_inputs(
        writer, inputs, [](const mofa::InputProblem& p) { fmt::print(stderr, "mofa-index: skipped {}\n", p.to_string()); },
        [] { return interrupted.load(); });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (options.summary || (!options.quiet && isatty(STDOUT_FILENO)))
        fmt::print("{} added, {} replaced, {} skipped, {} in the index, {:.1f} s{}\n", summary.added, summary.replaced,
                   summary.skipped, writer.document_count(), seconds, summary.interrupted ? " (interrupted)" : "");
    if (summary.interrupted) return mofa::exit_interrupted;
    return summary.skipped > 0 ? mofa::exit_partial : mofa::exit_ok;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"mofa-index: read statements of foreign ministries into a mofa index.\n\n"
                 "Inputs are plain-text statements (first line ' date YYYY-MM-DD DATELINE - ...'),\n"
                 "JSON Lines files (.jsonl, .jsonl.gz), '-' for JSON Lines on standard input, and\n"
                 "folders, walked recursively for *.txt, *.jsonl and *.jsonl.gz. A statement whose\n"
                 "id is already indexed is replaced, never duplicated.",
                 "mofa-index"};
    app.footer(exit_codes_help);
    app.set_version_flag("--version", mofa::version_string);
    Options options;
    app.add_option("--db", options.db, "index folder (default: $MOFA_INDEX, else $XDG_DATA_HOME/mofa/index)");
    app.add_flag("-q,--quiet", options.quiet, "print nothing unless something is wrong");
    app.add_flag("--summary", options.summary, "print a one-line summary at the end (default on a terminal)");
    app.add_option("inputs", options.inputs, "files, folders, or - for JSON Lines on stdin")->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : mofa::exit_usage;
    }
    try {
        return run(options);
    } catch (const mofa::Error& e) {
        print_error(e);
        return mofa::exit_code_for(e.category());
    } catch (const std::exception& e) {
        fmt::print(stderr, "mofa-index: internal error: {}\n", e.what());
        return mofa::exit_partial;
    }
}
