#include "pager.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <unistd.h>

namespace mofa::cli {
namespace {

// A word for sh: in single quotes, its own single quotes closed, escaped and reopened.
std::string shell_quoted(std::string_view s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// A literal for an extended regular expression.
std::string regex_literal(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

// Whether a program of this name is on the PATH.
bool on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/bin:/bin";
    while (!dirs.empty()) {
        const auto colon = dirs.find(':');
        const std::string dir(dirs.substr(0, colon));
        if (::access(((dir.empty() ? "." : dir) + "/" + name).c_str(), X_OK) == 0) return true;
        dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
    }
    return false;
}

bool is_less(std::string_view command) {
    const auto word = command.substr(0, command.find(' '));
    const auto slash = word.rfind('/');
    return (slash == std::string_view::npos ? word : word.substr(slash + 1)) == "less";
}

extern "C" void ignore_signal(int) {}

} // namespace

std::vector<std::string> marked(const std::string& text, const std::string& start, const std::string& end) {
    std::vector<std::string> words;
    if (start.empty() || end.empty()) return words;
    for (std::size_t at = text.find(start); at != std::string::npos; at = text.find(start, at)) {
        const std::size_t from = at + start.size(), to = text.find(end, from);
        if (to == std::string::npos) break;
        std::string word = text.substr(from, to - from);
        if (!word.empty() && std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
        at = to + end.size();
    }
    return words;
}

void page(const std::string& text, const std::vector<std::string>& matches, std::size_t from) {
    const char* configured = std::getenv("PAGER");
    std::string command = configured ? configured : "less";
    // No pager asked for and no less (a minimal system): printed, rather than lost.
    if (!isatty(STDOUT_FILENO) || command.empty() || command == "cat" || (!configured && !on_path("less"))) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return;
    }
    setenv("LESS", "FRX", 0);
    if (is_less(command) && !matches.empty()) {
        std::string pattern;
        for (const auto& word : matches) pattern.append(pattern.empty() ? "" : "|").append(regex_literal(word));
        command.append(" ").append(shell_quoted(fmt::format("+{}g/{}", from, pattern))); // less's keys: go to the line, search
    }
    std::fflush(stdout);
    // While the pager runs: Ctrl-C is the pager's (this process waits for it rather than die
    // and leave it reading the terminal), and a pager that quits early is no error.
    struct sigaction quiet {}, old_int {}, old_pipe {};
    quiet.sa_handler = ignore_signal;
    sigemptyset(&quiet.sa_mask);
    quiet.sa_flags = SA_RESTART;
    sigaction(SIGINT, &quiet, &old_int);
    sigaction(SIGPIPE, &quiet, &old_pipe);
    if (std::FILE* pager = ::popen(command.c_str(), "w")) {
        std::fwrite(text.data(), 1, text.size(), pager);
        ::pclose(pager);
    } else {
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGPIPE, &old_pipe, nullptr);
}

} // namespace mofa::cli
