#include <mofa/error.hpp>

namespace mofa {

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
