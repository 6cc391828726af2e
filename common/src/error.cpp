#include <mofa/error.hpp>

#include <fmt/format.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace mofa {

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, text.size(), c); // ICU's strict decoding: c < 0 for ill-formed bytes
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) { // ill-formed, C0, DEL or C1
            out += fmt::format("\\x{:02x}", bytes[start]);
            i = start + 1;
        } else {
            out.append(text.substr(start, i - start));
        }
    }
    return out;
}

// io and internal give exit 1, with partial success: "the run failed otherwise, the message says
// what; what was committed is kept" (the README's table). A full disk (io) must give 1, and the
// line between io and internal is not sharp (an unknown Xapian error or no memory is internal):
// a code for internal errors alone would split where a script cannot act on the difference.
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
