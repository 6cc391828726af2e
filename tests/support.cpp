#include "support.hpp"

#include <mofa/search.hpp>

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace mofa::test {

namespace {
// The programs under test wrap text output at $COLUMNS: one exported by the shell that runs the
// tests would wrap the lines that tests look for. A test that wants wrapping sets it itself.
const bool columns_unset = ::unsetenv("COLUMNS") == 0;
} // namespace

TempDir::TempDir() {
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = std::filesystem::temp_directory_path() / ("mofa-test-" + std::to_string(random()));
        if (std::filesystem::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    // Make unreadable test folders removable again before removing them.
    for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

RunResult run(const std::vector<std::string>& argv, const std::string& input) {
    TempDir dir;
    write_file(dir / "stdin", input);
    const Child child = start(argv, dir.path(), dir / "stdin");
    RunResult result;
    result.status = wait_for(child);
    result.out = read_file(child.out);
    result.err = read_file(child.err);
    return result;
}

Child start(const std::vector<std::string>& argv, const std::filesystem::path& dir, const std::filesystem::path& input) {
    static int counter = 0;
    Child child;
    child.out = dir / ("child-" + std::to_string(++counter) + ".out");
    child.err = dir / ("child-" + std::to_string(counter) + ".err");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, input.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, child.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, child.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot run " + argv[0]);
    child.pid = pid;
    return child;
}

int wait_for(const Child& child) {
    int status = 0;
    waitpid(child.pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

namespace {

// The capabilities that let root ignore file permissions.
constexpr int permission_capabilities[] = {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER};

// Drops them for this process and the programs it executes: from the bounding set (exec gives
// a root process every capability of that set) and from the effective, permitted and
// inheritable sets. System calls only (safe after fork). False when the system refuses.
bool drop_permission_capabilities() {
    for (const int cap : permission_capabilities)
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) return false;
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct sets[_LINUX_CAPABILITY_U32S_3]{};
    if (::syscall(SYS_capget, &header, sets) != 0) return false;
    for (const int cap : permission_capabilities) {
        auto& set = sets[CAP_TO_INDEX(cap)];
        set.effective &= ~CAP_TO_MASK(cap);
        set.permitted &= ~CAP_TO_MASK(cap);
        set.inheritable &= ~CAP_TO_MASK(cap);
    }
    return ::syscall(SYS_capset, &header, sets) == 0;
}

// In the child, after fork: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(char* const* args, char* const* env, const char* input, const char* out, const char* err,
                             const RunOptions& options, bool as_root) {
    auto fail = [](const char* what) {
        const char prefix[] = "test support: cannot ";
        [[maybe_unused]] auto ignored = ::write(2, prefix, sizeof prefix - 1);
        ignored = ::write(2, what, std::strlen(what));
        ignored = ::write(2, "\n", 1);
        _exit(125);
    };
    const int in_fd = ::open(input, O_RDONLY);
    const int out_fd = ::open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(125);
    ::dup2(in_fd, 0);
    ::dup2(out_fd, 1);
    ::dup2(err_fd, 2);
    if (options.max_file_bytes > 0) {
        ::signal(SIGXFSZ, SIG_IGN); // an ignored signal stays ignored across exec
        const rlimit limit{options.max_file_bytes, options.max_file_bytes};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) fail("set RLIMIT_FSIZE");
    }
    if (options.unprivileged && as_root && !drop_permission_capabilities())
        fail("drop the capabilities that let root ignore file permissions");
    ::execve(args[0], args, env);
    fail("exec");
    _exit(125);
}

} // namespace

RunResult run_with(const std::vector<std::string>& argv, const RunOptions& options) {
    TempDir dir;
    write_file(dir / "stdin", options.input);
    const std::string input = (dir / "stdin").string(), out = (dir / "out").string(), err = (dir / "err").string();
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // The environment, made before fork: the child may only make async-signal-safe calls.
    std::vector<char*> env;
    for (char** e = environ; *e; ++e) {
        const std::string_view entry(*e);
        const bool replaced = std::any_of(options.environment.begin(), options.environment.end(), [&](const std::string& ours) {
            return entry.starts_with(ours.substr(0, ours.find('=') + 1));
        });
        if (!replaced) env.push_back(*e);
    }
    for (const auto& ours : options.environment) env.push_back(const_cast<char*>(ours.c_str()));
    env.push_back(nullptr);
    const bool as_root = running_as_root();
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("cannot fork");
    if (pid == 0) exec_child(args.data(), env.data(), input.c_str(), out.c_str(), err.c_str(), options, as_root);
    const auto deadline = start + std::chrono::duration<double>(options.timeout_seconds);
    int status = 0;
    rusage usage{};
    for (;;) {
        const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) throw std::runtime_error("wait4 failed");
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::wait4(pid, &status, 0, &usage);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    RunResult result;
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.peak_rss_kb = usage.ru_maxrss; // kilobytes on Linux
    result.out = read_file(out);
    result.err = read_file(err);
    return result;
}

bool running_as_root() { return ::geteuid() == 0; }

bool can_run_unprivileged() {
    if (!running_as_root()) return true;
    static const bool can = [] {
        const pid_t pid = ::fork();
        if (pid < 0) return false;
        if (pid == 0) {
            const bool dropped = drop_permission_capabilities();
            _exit(dropped ? 0 : 1);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }();
    return can;
}

std::filesystem::path shared_dir() {
    std::error_code ec;
    const std::filesystem::path dir = MOFA_SHARED_DIR;
    return std::filesystem::is_directory(dir / "corpus", ec) ? dir : std::filesystem::path();
}

const std::filesystem::path& corpus_index() {
    static TempDir dir;
    static const std::filesystem::path db = [] {
        auto path = dir / "db";
        const auto r = run({MOFA_INDEX_BIN, "--db", path.string(), MOFA_CORPUS_DIR});
        REQUIRE_MESSAGE(r.status == 0, r.err);
        CHECK(r.err.empty());
        CHECK(r.out.empty()); // quiet on a pipe when all is well
        return path;
    }();
    return db;
}

void copy_corpus_index(const std::filesystem::path& db) {
    std::filesystem::copy(corpus_index(), db, std::filesystem::copy_options::recursive);
}

nlohmann::json search_json(const std::filesystem::path& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv{MOFA_SEARCH_BIN, "--db", db.string(), "--format", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run(argv);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    return nlohmann::json::parse(r.out);
}

void write_feed(const std::filesystem::path& path, int count) {
    static const char* words[] = {"security", "cooperation", "trade", "climate", "water", "border", "energy",
                                  "talks", "minister", "delegation", "agreement", "regional", "stability",
                                  "humanitarian", "investment", "maritime", "dialogue", "summit"};
    std::string out;
    for (int i = 0; i < count; ++i) {
        std::string body = "Foreign Secretary Amina Rahimova met the delegation of Pakistan in Islamabad.";
        for (int w = 0; w < 250; ++w) {
            body += ' ';
            body += words[(i * 7 + w * 3 + w / 5) % 18];
            if (w % 17 == 16) body += ".";
        }
        body += " Statement number " + std::to_string(i) + " ends here with topic" + std::to_string(i % 37) + ".";
        out += nlohmann::json{{"id", "gen/" + std::to_string(i)},
                              {"date", "2020-01-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1)},
                              {"body", body}}
                   .dump() +
               "\n";
    }
    write_file(path, out);
}

bool xapian_check_passes(const std::filesystem::path& db) {
    if (!std::filesystem::exists("/usr/bin/xapian-check")) return true; // scripts/setup installs it
    return run({"/usr/bin/xapian-check", db.string()}).status == 0;
}

namespace corpus {

SearchResult search(const std::string& query, std::vector<std::string> facets, TimelineUnit timeline) {
    Searcher searcher(corpus_index());
    SearchRequest request;
    request.query = query;
    request.facets = std::move(facets);
    request.facet_size = 1000;
    request.timeline = timeline;
    request.snippet_bytes = 0;
    return searcher.search(request);
}

std::size_t total(const std::string& query) {
    Searcher searcher(corpus_index());
    SearchRequest request;
    request.query = query;
    request.limit = 0;
    request.suggest = false;
    return searcher.search(request).total;
}

std::set<std::string> ids(const SearchResult& result) {
    std::set<std::string> out;
    for (const auto& hit : result.hits) out.insert(hit.statement.id);
    return out;
}

} // namespace corpus

} // namespace mofa::test
