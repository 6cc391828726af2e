// Helpers shared by mofa's tests: temporary folders, files, running the real binaries, the
// index of corpus/ and generated input.
#pragma once

#include <mofa/search.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace doctest {
// Shows lists of strings in failed checks.
template <> struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& v) {
        std::string out = "{";
        for (const auto& s : v) out += (out.size() > 1 ? ", \"" : "\"") + s + "\"";
        return String((out + "}").c_str());
    }
};
} // namespace doctest

namespace mofa::test {

/// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// Writes bytes to a file, creating its folders.
void write_file(const std::filesystem::path& path, const std::string& content);

/// Reads a whole file.
std::string read_file(const std::filesystem::path& path);

/// What a command did.
struct RunResult {
    int status = -1; ///< exit code, or 128 + signal
    std::string out;
    std::string err;
    long peak_rss_kb = 0; ///< the child's peak resident set (ru_maxrss); only from run_with
    double seconds = 0;   ///< how long it ran; only from run_with
};

/// Runs a program with arguments (no shell), optionally feeding `input` on stdin.
RunResult run(const std::vector<std::string>& argv, const std::string& input = {});

/// How run_with runs a program, beyond its arguments.
struct RunOptions {
    std::string input; ///< fed on stdin
    /// When the tests run as root (CI, a fresh chroot), run without the capabilities that let
    /// root ignore file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER), so
    /// that permissions apply to it as to the owner of the files. (Not another user: the
    /// program, its libraries and the tests' files may lie where only root may go, as in a
    /// clone in /root.) Without root this changes nothing: permissions apply already.
    bool unprivileged = false;
    /// RLIMIT_FSIZE in bytes, with SIGXFSZ ignored: a write that would make a file larger fails
    /// with EFBIG, as a write to a full disk fails with ENOSPC. 0: no limit.
    std::uintmax_t max_file_bytes = 0;
    /// Killed with SIGKILL after this long (a hung child fails the test instead of hanging it).
    double timeout_seconds = 300;
    /// NAME=VALUE entries for the child's environment, replacing the test's own NAME.
    std::vector<std::string> environment;
};

/// Runs a program as run() does, with options, measuring its peak memory (wait4's rusage).
/// A child that cannot take the options (capabilities it may not drop) exits 125 with a message
/// on stderr.
RunResult run_with(const std::vector<std::string>& argv, const RunOptions& options);

/// Whether a child can drop root's privileges here: true when not root (nothing to drop),
/// false when root may not drop capabilities (a container without CAP_SETPCAP).
bool can_run_unprivileged();

/// Whether this process runs as root.
bool running_as_root();

/// A program started in the background; its output goes to files.
struct Child {
    int pid = -1;
    std::filesystem::path out, err;
};

/// Starts a program in the background (no shell); stdin comes from `input`, stdout and stderr
/// go to files in `dir`.
Child start(const std::vector<std::string>& argv, const std::filesystem::path& dir,
            const std::filesystem::path& input = "/dev/null");

/// Waits for a child; returns its exit code, or 128 + signal.
int wait_for(const Child& child);

/// The shared corpora folder (../shared beside the source tree), or empty when absent.
std::filesystem::path shared_dir();

/// corpus/ indexed by the real mofa-index, once per test program and shared by every test that
/// only reads it (CI time matters). The first call checks that the run was clean and quiet.
const std::filesystem::path& corpus_index();

/// A copy of corpus_index() made at `db` (a new folder), for a test that changes or damages its
/// index: copying is much faster than indexing again, and gives the same index.
void copy_corpus_index(const std::filesystem::path& db);

/// `mofa-search --db DB --format json ARGS...`, which must exit 0; its output parsed.
nlohmann::json search_json(const std::filesystem::path& db, const std::vector<std::string>& args);

/// Writes a JSON Lines file of `count` generated statements, gen/0 ... (about 2.2 kB each, all
/// naming one person and one country, dated in January 2020): large enough for an indexing run
/// to take a while and to commit many times with a small batch size.
void write_feed(const std::filesystem::path& path, int count);

/// Whether xapian-check finds nothing wrong with an index (true where xapian-check is not
/// installed; scripts/setup installs it).
bool xapian_check_passes(const std::filesystem::path& db);

/// Searches of corpus_index() through the library, for the unit tests of a search's parts.
namespace corpus {

/// A search with these facets (every value counted: facet_size 1000) and timeline; no snippets.
SearchResult search(const std::string& query, std::vector<std::string> facets = {},
                    TimelineUnit timeline = TimelineUnit::none);

/// The number of statements a query matches.
std::size_t total(const std::string& query);

/// The ids of a result's hits.
std::set<std::string> ids(const SearchResult& result);

} // namespace corpus

} // namespace mofa::test
