#include "xapian_edge.hpp"

#include "schema.hpp"

#include <mofa/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <initializer_list>

namespace mofa {
namespace {

// Whether a Xapian message names one of these system errors. Xapian words them with strerror,
// sometimes inside the message of another error ("Modifications failed (DatabaseError: Error
// writing block 5 (No space left on device)), ..."), and does not expose errno.
bool mentions(std::string_view what, std::initializer_list<int> errors) {
    for (int error : errors)
        if (what.find(std::strerror(error)) != std::string_view::npos) return true;
    return false;
}

constexpr const char* damaged_hint_format =
    "check it with 'xapian-check {}'; if it is damaged, restore it from a backup or rebuild it with "
    "mofa-index into a new folder";

// A table file of the index is missing.
Error missing_file(const std::filesystem::path& index, std::string_view file) {
    return Error(ErrorCategory::index, fmt::format("index {} is damaged: its file {} is missing", index.string(), file),
                 "restore the index from a backup, or rebuild it with mofa-index into a new folder (after moving "
                 "this one away)");
}

// A write failed for want of space (`reason`: the system's words).
Error disk_full(const std::filesystem::path& index, std::string_view reason) {
    return Error(ErrorCategory::io, fmt::format("cannot write to index {}: {}", index.string(), reason),
                 "free some space on its disk (or raise the limit on file sizes, ulimit -f) and run again: what "
                 "was committed before is kept, and the next run goes on from there");
}

} // namespace

Error locked_by_another_writer(const std::filesystem::path& index) {
    return Error(ErrorCategory::locked, fmt::format("index {} is locked by another writer", index.string()),
                 "is another mofa-index running? It will be free when that run ends (mofa-index --wait SECONDS waits for it)");
}

Error translate(const Xapian::Error& e, const std::filesystem::path& index) {
    std::string what = e.get_msg().empty() ? e.get_type() : e.get_msg();
    if (const char* reason = e.get_error_string(); reason && *reason && what.find(reason) == std::string::npos)
        what += fmt::format(" ({})", reason);
    // Xapian::Error is not polymorphic: its class is known by name.
    const std::string_view type = e.get_type();
    if (type == "DatabaseLockError") {
        // "Unable to get write lock on DIR: already locked"; anything else (a lock file that
        // cannot be created or opened) is not another writer.
        if (what.ends_with(": already locked")) return locked_by_another_writer(index);
        const auto colon = what.find(": ", what.find(index.string()));
        return Error(ErrorCategory::index,
                     fmt::format("cannot lock index {} for writing: {}", index.string(),
                                 colon == std::string::npos ? what : what.substr(colon + 2)),
                     "mofa-index needs to write in the index folder and its files: run it as their owner, or "
                     "change their owner or permissions (chown, chmod)");
    }
    if (type.starts_with("Database") && mentions(what, {ENOSPC, EFBIG, EDQUOT})) return disk_full(index, what);
    if (type.starts_with("Database") && mentions(what, {EACCES, EPERM, EROFS}))
        return Error(ErrorCategory::index, fmt::format("cannot use index {}: {}", index.string(), what),
                     "check the permissions of the index folder and its files: mofa-index needs to write them, "
                     "mofa-search to read them");
    if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError")
        return Error(ErrorCategory::index, fmt::format("cannot open index {}: {}", index.string(), what),
                     "create it with mofa-index, or name another with --db or MOFA_INDEX");
    if (type == "DatabaseCorruptError" || type == "DatabaseVersionError")
        return Error(ErrorCategory::index, fmt::format("index {} is damaged or of an unknown format: {}", index.string(), what),
                     fmt::format(damaged_hint_format, index.string()));
    if (type == "DatabaseModifiedError")
        return Error(ErrorCategory::index, fmt::format("index {} kept changing while it was read: {}", index.string(), what),
                     "try again: a writer was committing many small batches");
    if (type.starts_with("Database")) // "EOF reading block 19": a file cut short, or a read error
        return Error(ErrorCategory::index, fmt::format("cannot read index {}: {}", index.string(), what),
                     fmt::format(damaged_hint_format, index.string()));
    if (type == "QueryParserError")
        return Error(ErrorCategory::usage, fmt::format("cannot understand the query: {}", what));
    return Error(ErrorCategory::internal, fmt::format("{}: {}", e.get_type(), what));
}

Error error_of(std::exception_ptr exception, const std::filesystem::path& index, int error_number) noexcept {
    try {
        try {
            if (exception) std::rethrow_exception(exception);
        } catch (const Error& e) {
            return e;
        } catch (const Xapian::Error& e) {
            return translate(e, index);
        } catch (const std::exception& e) {
            return Error(ErrorCategory::internal, fmt::format("internal error: {}", e.what()));
        } catch (...) {
        }
        // The exception is gone (a destructor that throws during unwinding ends the process
        // without one): errno still holds the failed write's reason.
        if (error_number == ENOSPC || error_number == EFBIG || error_number == EDQUOT)
            return disk_full(index, std::strerror(error_number));
        return Error(ErrorCategory::internal,
                     fmt::format("writing index {} failed inside Xapian{}", index.string(),
                                 error_number ? fmt::format(" (last system error: {})", std::strerror(error_number)) : ""),
                     fmt::format("what was committed before is kept; check the disk and run again, and check the "
                                 "index with 'xapian-check {}'",
                                 index.string()));
    } catch (...) { // formatting failed (no memory): the bare facts
        return Error(ErrorCategory::internal, "writing the index failed inside Xapian");
    }
}

void check_files(const std::filesystem::path& index) {
    std::error_code ec;
    if (!std::filesystem::exists(index / "iamglass", ec)) {
        // Tables with data but no version file: Xapian cannot open them ("Couldn't detect type
        // of database"), and they are not another program's files either. (A creation killed
        // before the version file was written leaves empty tables: the writer clears those.)
        if (std::filesystem::file_size(index / "postlist.glass", ec) > 0 && !ec) throw missing_file(index, "iamglass");
        return;
    }
    // Xapian creates these two with the database; a missing one is read as empty by a writer,
    // which would then take the index for a new one.
    for (const char* table : {"postlist.glass", "termlist.glass"})
        if (!std::filesystem::exists(index / table, ec)) throw missing_file(index, table);
}

void check_schema(const Xapian::Database& db, const std::filesystem::path& index) {
    const std::string version = db.get_metadata(std::string(schema::version_key));
    // A writer creates an index, then commits its version: a kill in between leaves a database
    // with neither statements nor version. There is nothing in it to misread; the next writer
    // takes it as new.
    if (version.empty() && db.get_doccount() == 0) return;
    if (version.empty())
        throw Error(ErrorCategory::index, fmt::format("{} is a Xapian database but not a mofa index", index.string()),
                    "name a mofa index with --db, or index into a new folder");
    if (version != schema::version)
        throw Error(ErrorCategory::index,
                    fmt::format("index {} has schema version {}; this mofa reads version {}", index.string(), version,
                                schema::version),
                    "rebuild it: mofa-index --db NEW_FOLDER your inputs");
    // Xapian creates the tables of document data and positions when first written to, and
    // reads a missing one as empty: statements would show no body and phrases match nothing.
    // Every statement has a body, and every word of one has positions.
    std::error_code ec;
    if (!std::filesystem::exists(index / "iamglass", ec) || db.get_doccount() == 0) return;
    if (!std::filesystem::exists(index / "docdata.glass", ec)) throw missing_file(index, "docdata.glass");
    // Unprefixed terms (words of titles and bodies, always indexed with positions) sort before
    // and after the capitals of prefixed ones.
    auto term = db.allterms_begin();
    auto prefixed = [](const std::string& t) { return t[0] >= 'A' && t[0] <= 'Z'; };
    bool words = term != db.allterms_end() && !prefixed(*term);
    if (!words) {
        term.skip_to("[");
        words = term != db.allterms_end();
    }
    if (words && !std::filesystem::exists(index / "position.glass", ec)) throw missing_file(index, "position.glass");
}

} // namespace mofa
