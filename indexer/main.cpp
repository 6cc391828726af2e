// mofa-index: reads statements into an index, incrementally. Options in, library call,
// progress, summary and exit code out; the work is in libmofa.
#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <thread>
#include <unistd.h>

namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_signal(int) { interrupted.store(true); }

struct Options {
    std::string db;
    std::vector<std::string> inputs;
    bool quiet = false;
    std::optional<std::string> summary; // "text" or "json" when asked for
    bool prune = false;
    bool dry_run = false;
    double wait_seconds = 0;
    std::size_t batch_size = 500;
    bool compact = false;
    unsigned jobs = 0;
};

constexpr const char* footer = R"(Exit codes:
  0    every input was indexed (or was unchanged)
  1    partial success: some input was skipped (each one is named on stderr); or the run
       failed otherwise, e.g. on a full disk (the message says what; what was committed is kept)
  2    usage error, or an input that does not exist (nothing is created or indexed)
  3    the index is locked by another mofa-index (see --wait)
  4    the index cannot be opened or written (missing, damaged, permissions), or was written by
       an incompatible mofa
  130  interrupted (SIGINT or SIGTERM) after committing what was done

Runs are incremental: unchanged files are not read again, unchanged records not analysed again;
running twice in a row changes nothing. A crontab line for a nightly run:
  17 3 * * *  mofa-index --quiet --prune ~/statements || echo "mofa-index failed: $?")";

void print_error(const mofa::Error& e) {
    fmt::print(stderr, "mofa-index: {}\n", mofa::printable(e.what()));
    if (!e.hint().empty()) fmt::print(stderr, "  hint: {}\n", mofa::printable(e.hint()));
}

// The index being written, for on_terminate.
std::filesystem::path index_being_written;

// Xapian 1.4 ends the process through std::terminate when a write fails at some points of a
// commit (a full disk: a destructor of its value table writes the rest of a chunk, and throws).
// What was committed is safe (a commit is atomic, as for a kill): say what happened, in the form
// of every other error, and exit with its code instead of an abort and a core dump.
[[noreturn]] void on_terminate() noexcept {
    const int error_number = errno;
    static std::atomic<bool> first{true};
    if (!first.exchange(false)) // another thread is saying it already
        for (;;) pause();
    const mofa::Error error = mofa::error_of(std::current_exception(), index_being_written, error_number);
    print_error(error);
    std::fflush(stderr);
    _exit(mofa::exit_code_for(error.category()));
}

// Opens the writer, waiting up to `seconds` for another writer to finish.
mofa::IndexWriter open_writer(const std::filesystem::path& db, double seconds, const mofa::IndexWriterOptions& writer_options) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    for (;;) {
        try {
            return mofa::IndexWriter(db, writer_options);
        } catch (const mofa::Error& e) {
            if (e.category() != mofa::ErrorCategory::locked || std::chrono::steady_clock::now() >= deadline ||
                interrupted.load())
                throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
}

// A one-line progress bar on stderr: done/total files, rate, ETA.
class ProgressBar {
public:
    explicit ProgressBar(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
    void update(const mofa::IndexProgress& p) {
        if (!enabled_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(100) && p.files_done < p.files_total) return;
        last_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double fraction = p.bytes_total ? double(p.bytes_done) / double(p.bytes_total) : 1.0;
        const double rate = elapsed > 0 ? double(p.bytes_done) / 1e6 / elapsed : 0;
        const double eta = fraction > 0 ? elapsed / fraction - elapsed : 0;
        constexpr int width = 30;
        const int filled = static_cast<int>(fraction * width);
        fmt::print(stderr, "\r[{:=<{}}{: <{}}] {}/{} files  {:.1f} MB/s  ETA {}:{:02}  ", "", filled, "", width - filled,
                   p.files_done, p.files_total, rate, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
        shown_ = true;
    }
    void finish() {
        if (shown_) fmt::print(stderr, "\r{: <80}\r", "");
    }

private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point start_, last_{};
};

int run(const Options& options) {
    const std::filesystem::path db = options.db.empty() ? mofa::default_index_path() : std::filesystem::path(options.db);
    std::vector<std::filesystem::path> inputs(options.inputs.begin(), options.inputs.end());
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    index_being_written = db;
    std::set_terminate(on_terminate);

    // Inputs given that do not exist are a mistake in the command: nothing is created or indexed.
    for (const auto& input : inputs) {
        std::error_code ec;
        if (input != "-" && !std::filesystem::exists(input, ec))
            throw mofa::Error(mofa::ErrorCategory::usage, fmt::format("no such file or folder: {}", input.string()),
                              "check the path; nothing was indexed");
    }
    const bool print_summary = options.summary || (!options.quiet && isatty(STDOUT_FILENO));
    if (options.inputs.empty()) { // --compact alone: of an index that exists
        std::error_code ec;
        if (!std::filesystem::exists(db, ec) || (std::filesystem::is_directory(db, ec) && std::filesystem::is_empty(db, ec)))
            throw mofa::Error(mofa::ErrorCategory::index, fmt::format("no index at {} to compact", db.string()),
                              "name the index with --db, or give inputs to index");
        mofa::IndexWriter writer = open_writer(db, options.wait_seconds, {.batch_size = options.batch_size, .jobs = options.jobs});
        const auto [before, after] = writer.compact();
        if (print_summary) fmt::print("compacted {}: {:.1f} MB → {:.1f} MB\n", db.string(), double(before) / 1e6, double(after) / 1e6);
        return mofa::exit_ok;
    }
    // A dry run creates nothing: a missing index is read as an empty one.
    mofa::IndexWriter writer = open_writer(
        db, options.wait_seconds, {.batch_size = options.batch_size, .jobs = options.jobs, .create = !options.dry_run});
    ProgressBar bar(!options.quiet && isatty(STDERR_FILENO));
    mofa::IndexOptions index_options;
    index_options.prune = options.prune;
    index_options.dry_run = options.dry_run;
    index_options.on_problem = [&](const mofa::InputProblem& p) {
        bar.finish();
        // Problems quote their input (a binary file's bytes, an id): nothing of it may reach a
        // terminal as a control sequence.
        fmt::print(stderr, "mofa-index: skipped {}\n", mofa::printable(p.to_string()));
    };
    index_options.should_stop = [] { return interrupted.load(); };
    index_options.on_progress = [&](const mofa::IndexProgress& p) { bar.update(p); };
    if (options.dry_run) // what it would do, a line each
        index_options.on_change = [&](const mofa::IndexChange& c) {
            bar.finish();
            static constexpr const char* verbs[] = {"add", "replace", "remove"};
            fmt::print("would {} {} ({})\n", verbs[static_cast<int>(c.kind)], mofa::printable(c.id), mofa::printable(c.where));
        };
    const auto s = writer.update(inputs, index_options);
    bar.finish();
    if (options.compact && !s.interrupted && !options.dry_run) writer.compact();

    const std::string format = options.summary.value_or(print_summary ? "text" : "");
    // After a dry run: what the index would hold.
    const std::size_t documents = writer.document_count() + (options.dry_run ? s.added - s.removed : 0);
    if (format == "json")
        fmt::print("{}\n", nlohmann::ordered_json{{"added", s.added},
                                                   {"replaced", s.replaced},
                                                   {"unchanged", s.unchanged},
                                                   {"removed", s.removed},
                                                   {"skipped", s.skipped},
                                                   {"seconds", std::round(s.seconds * 1000) / 1000}, // milliseconds
                                                   {"interrupted", s.interrupted},
                                                   {"dry_run", options.dry_run},
                                                   {"documents", documents}}
                                .dump());
    else if (format == "text" && options.dry_run)
        fmt::print("dry run: {} to add, {} to replace, {} unchanged, {} to remove, {} skipped; the index would hold {}, {:.1f} s{}\n",
                   s.added, s.replaced, s.unchanged, s.removed, s.skipped, documents, s.seconds, s.interrupted ? " (interrupted)" : "");
    else if (format == "text")
        fmt::print("{} added, {} replaced, {} unchanged, {} removed, {} skipped, {} in the index, {:.1f} s{}\n", s.added,
                   s.replaced, s.unchanged, s.removed, s.skipped, documents, s.seconds, s.interrupted ? " (interrupted)" : "");
    if (s.interrupted) return mofa::exit_interrupted;
    return s.skipped > 0 ? mofa::exit_partial : mofa::exit_ok;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"mofa-index: read statements of foreign ministries into a mofa index.\n\n"
                 "Inputs are plain-text statements (first line ' date YYYY-MM-DD DATELINE - ...'),\n"
                 "JSON Lines files (.jsonl, .jsonl.gz), '-' for JSON Lines on standard input, and\n"
                 "folders, walked recursively for *.txt, *.jsonl and *.jsonl.gz. A statement whose\n"
                 "id is already indexed is replaced, never duplicated.",
                 "mofa-index"};
    app.footer(footer);
    app.set_version_flag("--version", mofa::version_string);
    Options options;
    std::string summary;
    app.add_option("--db", options.db, "index folder (default: $MOFA_INDEX, else $XDG_DATA_HOME/mofa/index)");
    app.add_flag("-q,--quiet", options.quiet, "print nothing unless something is wrong (no progress bar, no summary)");
    auto* summary_option = app.add_option("--summary", summary,
                                          "print a one-line summary at the end, as text (default on a terminal) "
                                          "or json: --summary=json")
                               ->expected(0, 1);
    app.add_flag("--prune", options.prune,
                 "remove statements whose input is gone (only under inputs that were walked completely)");
    app.add_flag("-n,--dry-run", options.dry_run,
                 "list what would be added, replaced and removed, a line each; change and create nothing");
    app.add_option("--wait", options.wait_seconds, "wait up to SECONDS for another mofa-index to finish (default: fail at once)")
        ->check(CLI::NonNegativeNumber);
    app.add_option("-j,--jobs", options.jobs, "threads that analyse statements; reading stays on one thread, and so does writing but in a "
                   "first load, where each thread writes a part (default: one per core)")
        ->check(CLI::Range(1, 256));
    app.add_flag("--compact", options.compact,
                 "compact the index after indexing (or alone: only compact), safely: a compacted copy is "
                 "swapped in atomically");
    app.add_option("--batch-size", options.batch_size,
                   "statements per commit (default 500): bounds memory and the work a crash can lose")
        ->check(CLI::Range(1, 1000000));
    app.add_option("inputs", options.inputs, "files, folders, or - for JSON Lines on stdin");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : mofa::exit_usage;
    }
    if (summary_option->count() > 0) {
        // "--summary corpus": the word after a bare --summary is an input, not a format.
        if (summary == "text" || summary == "json") {
            options.summary = summary;
        } else {
            options.summary = "text";
            if (!summary.empty()) options.inputs.insert(options.inputs.begin(), summary);
        }
    }
    if (options.inputs.empty() && !options.compact) {
        fmt::print(stderr, "mofa-index: no input given\nRun with --help for more information.\n");
        return mofa::exit_usage;
    }
    try {
        return run(options);
    } catch (const mofa::Error& e) {
        print_error(e);
        return mofa::exit_code_for(e.category());
    } catch (const std::exception& e) {
        fmt::print(stderr, "mofa-index: internal error: {}\n", mofa::printable(e.what()));
        return mofa::exit_code_for(mofa::ErrorCategory::internal);
    }
}
