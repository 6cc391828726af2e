#include <mofa/error.hpp>

#include <fmt/format.h>

namespace mofa {

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    auto escape = [&](unsigned char byte) { out += fmt::format("\\x{:02x}", byte); };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) escape(c);
            else out += static_cast<char>(c);
            ++i;
            continue;
        }
        // The length of a well-formed sequence starting here (Unicode's table 3-7), or 0.
        std::size_t length = 0;
        auto continuation = [&](std::size_t k, unsigned char low = 0x80, unsigned char high = 0xbf) {
            if (i + k >= text.size()) return false;
            const auto b = static_cast<unsigned char>(text[i + k]);
            return b >= low && b <= high;
        };
        if (c >= 0xc2 && c <= 0xdf && continuation(1)) length = 2;
        else if (c == 0xe0 && continuation(1, 0xa0) && continuation(2)) length = 3;
        else if (((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) && continuation(1) && continuation(2)) length = 3;
        else if (c == 0xed && continuation(1, 0x80, 0x9f) && continuation(2)) length = 3;
        else if (c == 0xf0 && continuation(1, 0x90) && continuation(2) && continuation(3)) length = 4;
        else if (c >= 0xf1 && c <= 0xf3 && continuation(1) && continuation(2) && continuation(3)) length = 4;
        else if (c == 0xf4 && continuation(1, 0x80, 0x8f) && continuation(2) && continuation(3)) length = 4;
        const bool c1_control = length == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) <= 0x9f;
        if (length == 0 || c1_control) {
            escape(c);
            ++i;
            continue;
        }
        out.append(text.substr(i, length));
        i += length;
    }
    return out;
}

int exit_code_for(ErrorCategory category) noexcept {
    switch (category) {
    case ErrorCategory::usage: return exit_usage;
    case ErrorCategory::input: return exit_partial;
    case ErrorCategory::locked: return exit_locked;
    case ErrorCategory::index: return exit_index;
    case ErrorCategory::interrupted: return exit_interrupted;
    case ErrorCategory::io:
    case ErrorCategory::internal: break;
    }
    return exit_partial;
}

const char* category_name(ErrorCategory category) noexcept {
    switch (category) {
    case ErrorCategory::usage: return "usage";
    case ErrorCategory::input: return "input";
    case ErrorCategory::locked: return "locked";
    case ErrorCategory::index: return "index";
    case ErrorCategory::io: return "io";
    case ErrorCategory::interrupted: return "interrupted";
    case ErrorCategory::internal: break;
    }
    return "internal";
}

} // namespace mofa
