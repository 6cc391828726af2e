// White-box tests of mofa-search's text layout (searcher/text_layout.hpp): widths on a
// terminal and line breaking.
#include "text_layout.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using mofa::cli::display_width;
using mofa::cli::wrap;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::string without_spaces(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n') out += c;
    return out;
}

} // namespace

TEST_SUITE("text layout") {

TEST_CASE("display width: wide characters take two columns; marks, format characters and colour none") {
    CHECK(display_width("Lavrov") == 6);
    CHECK(display_width("Genève") == 6);
    CHECK(display_width("Gene\u0300ve") == 6);    // a combining grave accent
    CHECK(display_width("外交部长王毅") == 12);    // Han: wide
    CHECK(display_width("ｆｕｌｌ") == 8);        // fullwidth forms
    CHECK(display_width("북한의") == 6);           // Hangul syllables
    CHECK(display_width("\033[1;31mRussia\033[0m") == 6);
    CHECK(display_width("a\u200Db") == 2);        // zero width joiner
}

TEST_CASE("wrap: at spaces, no line wider than the width, indented, words whole") {
    const std::string text = "The ministers discussed regional security, counter-terrorism cooperation and "
                             "the situation in Afghanistan at length.";
    const std::string out = wrap(text, 30, 5);
    const auto lines = lines_of(out);
    REQUIRE(lines.size() > 1);
    CHECK(display_width(lines[0]) <= 25); // the first line starts at column 5
    for (std::size_t i = 1; i < lines.size(); ++i) {
        CHECK(lines[i].starts_with("     "));
        CHECK(display_width(lines[i]) <= 30);
        CHECK(lines[i][5] != ' ');
    }
    CHECK(without_spaces(out) == without_spaces(text));
    for (const auto& line : lines) CHECK_FALSE(line.ends_with(" "));
}

TEST_CASE("wrap: Chinese breaks between characters, in columns of two") {
    const std::string text = "外交部发言人毛宁主持例行记者会，介绍了王毅外长访问巴基斯坦的情况。";
    const auto lines = lines_of(wrap(text, 20, 0));
    REQUIRE(lines.size() > 1);
    std::string joined;
    for (const auto& line : lines) {
        CHECK(display_width(line) <= 20);
        joined += line;
    }
    CHECK(joined == text);
}

TEST_CASE("wrap: a word longer than a line is broken where it must; colour escapes stay in place") {
    const std::string id = std::string(50, 'x');
    for (const auto& line : lines_of(wrap("see " + id + " here", 20, 0))) CHECK(display_width(line) <= 20);
    const std::string colored = "we call on \033[1;31mRussia\033[0m to respect international humanitarian law";
    const std::string out = wrap(colored, 20, 0);
    CHECK(out.find("\033[1;31mRussia\033[0m") != std::string::npos);
    for (const auto& line : lines_of(out)) CHECK(display_width(line) <= 20);
}

TEST_CASE("wrap: width 0 (a pipe), too narrow a width, or text that fits: unchanged") {
    const std::string text = "The ministers discussed regional security and cooperation.";
    CHECK(wrap(text, 0, 5) == text);
    CHECK(wrap(text, 12, 5) == text); // fewer than 10 columns after the indent
    CHECK(wrap(text, 100, 5) == text);
    CHECK(wrap("", 40, 0).empty());
}

TEST_CASE("terminal width: COLUMNS when it is a number; else none on a pipe") {
    ::setenv("COLUMNS", "72", 1);
    CHECK(mofa::cli::terminal_width(stdout) == 72);
    ::setenv("COLUMNS", "wide", 1);
    std::FILE* pipe = ::popen("true", "w");
    REQUIRE(pipe);
    CHECK(mofa::cli::terminal_width(pipe) == 0);
    ::pclose(pipe);
    ::unsetenv("COLUMNS");
}

}
