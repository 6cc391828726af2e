// Helpers shared by mofa's tests: temporary folders, files, and running the real binaries.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
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
    int status = -1; ///< exit code
    std::string out;
    std::string err;
};

/// Runs a program with arguments (no shell), optionally feeding `input` on stdin.
RunResult run(const std::vector<std::string>& argv, const std::string& input = {});

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

} // namespace mofa::test
