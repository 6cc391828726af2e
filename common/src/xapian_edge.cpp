#include "xapian_edge.hpp"

#include "schema.hpp"

#include <fmt/format.h>

namespace mofa {

Error translate(const Xapian::Error& e, const std::filesystem::path& index) {
    const std::string what = e.get_msg().empty() ? e.get_type() : e.get_msg();
    // Xapian::Error is not polymorphic: its class is known by name.
    const std::string_view type = e.get_type();
    if (type == "DatabaseLockError")
        return Error(ErrorCategory::locked, fmt::format("index {} is locked by another writer", index.string()),
                     "is another mofa-index running? It will be free when that run ends");
    if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError")
        return Error(ErrorCategory::index, fmt::format("cannot open index {}: {}", index.string(), what),
                     "create it with mofa-index, or name another with --db or MOFA_INDEX");
    if (type == "DatabaseCorruptError" || type == "DatabaseVersionError")
        return Error(ErrorCategory::index, fmt::format("index {} is damaged or of an unknown format: {}", index.string(), what),
                     "check it with xapian-check; rebuild it with mofa-index into a new folder");
    if (type.starts_with("Database"))
        return Error(ErrorCategory::index, fmt::format("index {}: {}", index.string(), what));
    if (type == "QueryParserError")
        return Error(ErrorCategory::usage, fmt::format("cannot understand the query: {}", what));
    return Error(ErrorCategory::internal, fmt::format("{}: {}", e.get_type(), what));
}

void check_schema(const Xapian::Database& db, const std::filesystem::path& index) {
    const std::string version = db.get_metadata(std::string(schema::version_key));
    if (version == schema::version) return;
    if (version.empty())
        throw Error(ErrorCategory::index, fmt::format("{} is a Xapian database but not a mofa index", index.string()),
                    "name a mofa index with --db, or index into a new folder");
    throw Error(ErrorCategory::index,
                fmt::format("index {} has schema version {}; this mofa reads version {}", index.string(), version,
                            schema::version),
                "rebuild it: mofa-index --db NEW_FOLDER your inputs");
}

} // namespace mofa
