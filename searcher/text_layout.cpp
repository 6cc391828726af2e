#include "text_layout.hpp"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace mofa::cli {
namespace {

// The length of the ANSI escape sequence (CSI: ESC [ parameters final byte) at `at`, or 0.
std::size_t escape_at(std::string_view text, std::size_t at) {
    if (at + 1 >= text.size() || text[at] != '\033' || text[at + 1] != '[') return 0;
    std::size_t end = at + 2;
    while (end < text.size() && !(text[end] >= 0x40 && text[end] <= 0x7E)) ++end;
    return end < text.size() ? end + 1 - at : text.size() - at;
}

int code_point_width(UChar32 c) {
    if (c < 0) return 1; // invalid UTF-8: shown as a replacement character
    const auto category = static_cast<UCharCategory>(u_charType(c));
    if (category == U_NON_SPACING_MARK || category == U_ENCLOSING_MARK || category == U_FORMAT_CHAR || category == U_CONTROL_CHAR)
        return 0;
    const auto east_asian = static_cast<UEastAsianWidth>(u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH));
    return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

// Text without its colour escapes, and where each escape stood in it.
struct Plain {
    std::string text;
    std::vector<std::pair<std::size_t, std::string_view>> escapes; // offset in text, sequence
};

Plain without_escapes(std::string_view text) {
    Plain plain;
    plain.text.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        if (const std::size_t n = escape_at(text, at)) {
            plain.escapes.emplace_back(plain.text.size(), text.substr(at, n));
            at += n;
        } else {
            plain.text += text[at++];
        }
    }
    return plain;
}

// The offsets where UAX #14 allows a line break in `text` (UTF-8), its end included.
std::vector<std::size_t> break_opportunities(const std::string& text) {
    UErrorCode status = U_ZERO_ERROR;
    // One line breaker a thread: creating one takes longer than breaking a snippet.
    thread_local std::unique_ptr<icu::BreakIterator> breaker(icu::BreakIterator::createLineInstance(icu::Locale::getRoot(), status));
    std::vector<std::size_t> breaks;
    if (!breaker || U_FAILURE(status)) { // no ICU data: break at spaces
        for (std::size_t i = 0; i < text.size(); ++i)
            if (text[i] == ' ') breaks.push_back(i + 1);
        breaks.push_back(text.size());
        return breaks;
    }
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    breaker->setText(utext, status);
    for (int32_t at = breaker->next(); at != icu::BreakIterator::DONE; at = breaker->next()) breaks.push_back(static_cast<std::size_t>(at));
    breaker->setText(icu::UnicodeString()); // lets go of the UText before it is closed
    utext_close(utext);
    if (breaks.empty() || breaks.back() != text.size()) breaks.push_back(text.size());
    return breaks;
}

// Columns of text[from, to) (no escapes in it).
std::size_t columns(const std::string& text, std::size_t from, std::size_t to) {
    std::size_t width = 0;
    for (auto i = static_cast<int32_t>(from); i < static_cast<int32_t>(to);) {
        UChar32 c;
        U8_NEXT(reinterpret_cast<const std::uint8_t*>(text.data()), i, static_cast<int32_t>(to), c);
        width += static_cast<std::size_t>(code_point_width(c));
    }
    return width;
}

} // namespace

std::size_t terminal_width(std::FILE* stream) {
    if (const char* env = std::getenv("COLUMNS"); env && *env) {
        std::size_t n = 0;
        const std::string_view text(env);
        if (const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
            ec == std::errc() && end == text.data() + text.size() && n > 0)
            return n;
    }
    struct winsize size {};
    if (isatty(fileno(stream)) && ::ioctl(fileno(stream), TIOCGWINSZ, &size) == 0) return size.ws_col;
    return 0;
}

std::size_t display_width(std::string_view text) {
    const Plain plain = without_escapes(text);
    return columns(plain.text, 0, plain.text.size());
}

std::string wrap(std::string_view text, std::size_t width, std::size_t indent) {
    constexpr std::size_t min_columns = 10;
    if (width < indent + min_columns || text.find('\n') != std::string_view::npos) return std::string(text);
    const std::size_t room = width - indent;
    const Plain plain = without_escapes(text);
    const std::string& s = plain.text;
    if (columns(s, 0, s.size()) <= room) return std::string(text);

    // Where each line starts and ends (in s): pieces between break opportunities are added to
    // the line while they fit; trailing spaces do not count, and are dropped at a line's end.
    std::vector<std::pair<std::size_t, std::size_t>> lines;
    std::size_t line_start = 0, line_end = 0, used = 0;
    auto trimmed = [&](std::size_t from, std::size_t to) {
        while (to > from && s[to - 1] == ' ') --to;
        return to;
    };
    auto end_line = [&](std::size_t next_start) {
        lines.emplace_back(line_start, trimmed(line_start, line_end));
        line_start = line_end = next_start;
        used = 0;
    };
    std::size_t from = 0;
    for (const std::size_t to : break_opportunities(s)) {
        const std::size_t visible = trimmed(from, to);
        std::size_t piece = columns(s, from, visible);
        if (used > 0 && used + piece > room) end_line(from);
        if (piece > room) { // longer than a line: broken at the last character that fits
            for (auto i = static_cast<int32_t>(from); i < static_cast<int32_t>(visible);) {
                const auto before = static_cast<std::size_t>(i);
                UChar32 c;
                U8_NEXT(reinterpret_cast<const std::uint8_t*>(s.data()), i, static_cast<int32_t>(visible), c);
                const auto w = static_cast<std::size_t>(code_point_width(c));
                if (used > 0 && used + w > room) end_line(before);
                used += w;
                line_end = static_cast<std::size_t>(i);
            }
            piece = 0;
        }
        used += piece + columns(s, visible, to);
        line_end = to;
        from = to;
    }
    lines.emplace_back(line_start, trimmed(line_start, line_end));

    // The lines, with the escapes back where they stood (an escape at a dropped space goes at
    // the end of its line).
    std::string out;
    std::size_t next_escape = 0;
    const std::string margin(indent, ' ');
    for (std::size_t l = 0; l < lines.size(); ++l) {
        const auto [start, end] = lines[l];
        const std::size_t stop = l + 1 < lines.size() ? lines[l + 1].first : s.size() + 1;
        if (l > 0) out += "\n" + margin;
        for (std::size_t at = start; at < end; ++at) {
            while (next_escape < plain.escapes.size() && plain.escapes[next_escape].first <= at)
                out += plain.escapes[next_escape++].second;
            out += s[at];
        }
        while (next_escape < plain.escapes.size() && plain.escapes[next_escape].first < stop) out += plain.escapes[next_escape++].second;
    }
    while (next_escape < plain.escapes.size()) out += plain.escapes[next_escape++].second;
    return out;
}

} // namespace mofa::cli
