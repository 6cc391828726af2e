#include "corpus_index.hpp"

#include <mofa/index.hpp>
#include <mofa/statement.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>
#include <unistd.h>

namespace mofa::fuzz {
namespace {

namespace fs = std::filesystem;

Statement extra(std::string id, std::optional<Date> date, std::string title, std::string body) {
    Statement s;
    s.id = std::move(id);
    s.date = date;
    s.title = std::move(title);
    s.body = std::move(body);
    return s;
}

// The temporary folder, removed at exit.
struct Folder {
    fs::path path;
    ~Folder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

constexpr std::string_view folder_prefix = "mofa-fuzz-";

// Folders of earlier processes that ended without removing theirs (a crash or a leak report
// ends a process at once; -minimize_crash runs a process per input): named after their
// process, removed when it is gone.
void remove_stale_folders() {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with(folder_prefix)) continue;
        const long pid = std::strtol(name.c_str() + folder_prefix.size(), nullptr, 10);
        if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
}

} // namespace

const fs::path& corpus_index() {
    static const Folder folder = [] {
        remove_stale_folders();
        std::string pattern =
            (fs::temp_directory_path() / (std::string(folder_prefix) + std::to_string(getpid()) + "-XXXXXX")).string();
        if (!mkdtemp(pattern.data())) {
            std::perror("mofa fuzz: mkdtemp");
            std::abort();
        }
        return Folder{pattern};
    }();
    static const fs::path index = [] {
        const fs::path path = folder.path / "index";
        IndexWriter writer(path, {.batch_size = 500, .jobs = 1});
        IndexOptions options;
        options.on_problem = [](const InputProblem& p) {
            std::fprintf(stderr, "mofa fuzz: corpus problem: %s\n", p.to_string().c_str());
        };
        writer.update({fs::path(MOFA_CORPUS_DIR)}, options);
        // The edges of dates (timelines over eight thousand years) and a statement without one.
        writer.add(extra("edge/first", Date{1, 1, 1}, "The first day", "Talks on the first day of year one."));
        writer.add(extra("edge/last", Date{9999, 12, 31}, "The last day", "Talks on the last day of 9999."));
        writer.add(extra("edge/undated", std::nullopt, "", "An undated statement AND OR NOT \"quoted\" (text)."));
        writer.commit();
        return path;
    }();
    return index;
}

} // namespace mofa::fuzz
