// The library's edge with Xapian: Xapian's exceptions become mofa::Error here and nowhere
// else.
#pragma once

#include <mofa/error.hpp>

#include <xapian.h>

#include <filesystem>

namespace mofa {

/// The mofa::Error for a Xapian error met while using the index at `index`.
Error translate(const Xapian::Error& e, const std::filesystem::path& index);

/// Refuses a Xapian database whose files show it is damaged (a table file Xapian always
/// creates is missing), before it is opened: a writer would take it for a new, empty one.
void check_files(const std::filesystem::path& index);

/// Refuses an index written with another schema version (or not by mofa at all), or damaged:
/// check_files, and the tables Xapian creates when first written to (document data,
/// positions) missing while the index has statements.
void check_schema(const Xapian::Database& db, const std::filesystem::path& index);

} // namespace mofa
