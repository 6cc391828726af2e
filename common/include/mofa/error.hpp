// Errors of the mofa library: a category (which decides a command's exit code), a message,
// and where useful a hint that tells the user what to do next.
//
// Public because every call of the library may throw an Error; its category, the exit codes and
// the category names are how the commands and other clients report one; printable quotes input
// in their messages safely; error_of is for terminate handlers (see it).
#pragma once

#include <mofa/export.hpp>

#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace mofa {

/// What kind of failure an Error is; the binaries map it to their exit code.
enum class ErrorCategory {
    usage,       ///< the caller asked for something malformed (bad query, bad option value)
    input,       ///< one input (file, line, record) is unusable; the rest can go on
    locked,      ///< another writer holds the index
    index,       ///< the index is missing, unreadable, damaged or of an incompatible schema
    io,          ///< reading or writing something other than the index failed
    interrupted, ///< stopped by a signal at a clean point
    internal,    ///< a bug or an unexpected failure of a dependency
};

/// The exit codes of mofa-index and mofa-search (documented in --help and the README).
enum ExitCode : int {
    exit_ok = 0,          ///< success, also when a search has no hits
    exit_partial = 1,     ///< partial success: some input was skipped
    exit_usage = 2,       ///< usage error: bad option or malformed query
    exit_locked = 3,      ///< the index is locked by another writer
    exit_index = 4,       ///< the index is missing, unreadable or of an incompatible schema
    exit_interrupted = 130, ///< stopped by SIGINT or SIGTERM, after committing what was done
};

/// The exit code a command returns when it stops on an error of this category. There is no
/// code of its own for `io` and `internal`: they give exit_partial.
MOFA_EXPORT int exit_code_for(ErrorCategory category) noexcept;

/// A short lower-case name of the category ("usage", "locked", ...), for JSON and logs.
MOFA_EXPORT const char* category_name(ErrorCategory category) noexcept;

/// `text` with what a terminal would act on or garble (control characters, bytes that are not
/// UTF-8) written as `\xNN`, for messages on stderr that quote input: a file name, an id, a
/// JSON parser's "last read" bytes. Well-formed UTF-8 without control characters is unchanged.
MOFA_EXPORT std::string printable(std::string_view text);

/// The one exception type the library throws.
class MOFA_EXPORT Error : public std::runtime_error {
public:
    /// An error of `category`; `message` says what went wrong (it is what() returns), `hint`
    /// what to do about it.
    Error(ErrorCategory category, std::string message, std::string hint = {})
        : std::runtime_error(std::move(message)), category_(category), hint_(std::move(hint)) {}

    /// What kind of failure this is.
    ErrorCategory category() const noexcept { return category_; }
    /// What the user can do about it; may be empty.
    const std::string& hint() const noexcept { return hint_; }

private:
    ErrorCategory category_;
    std::string hint_;
};

/// The Error for an exception that escaped the library, as a std::terminate handler sees it:
/// Xapian 1.4 ends the process through std::terminate when a write fails at some points of a
/// commit (a destructor of its value table writes, and throws). `index` is the index being
/// written; `error_number` is errno at the handler's start, which names the system's error when
/// the exception itself is gone (null). Never throws. Public because every program that writes
/// an index (mofa-index is one) needs it to report such an end, and only the library can read
/// the engine's exception.
MOFA_EXPORT Error error_of(std::exception_ptr exception, const std::filesystem::path& index, int error_number) noexcept;

} // namespace mofa
