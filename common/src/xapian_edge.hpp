// The library's edge with Xapian: Xapian's exceptions become mofa::Error here and nowhere
// else.
#pragma once

#include <mofa/error.hpp>

#include <xapian.h>

#include <filesystem>

namespace mofa {

/// Error{locked}: another writer holds the index.
Error locked_by_another_writer(const std::filesystem::path& index);

/// The mofa::Error for a Xapian error met while using the index at `index`.
Error translate(const Xapian::Error& e, const std::filesystem::path& index);

/// Refuses a Xapian database whose files show it is damaged (a table file Xapian always
/// creates is missing), before it is opened: a writer would take it for a new, empty one.
void check_files(const std::filesystem::path& index);

/// Refuses an index written with another schema version (or not by mofa at all), or damaged:
/// the tables Xapian creates when first written to (document data, positions) missing while
/// the index has statements. (check_files comes before opening.)
void check_schema(const Xapian::Database& db, const std::filesystem::path& index);

} // namespace mofa
