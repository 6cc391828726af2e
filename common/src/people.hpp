// People across the index: a surname that a statement names alone ("Schumer") becomes the full
// person the index knows by that surname around the statement's date ("Chuck Schumer"), after
// each run that changed statements (docs/design.md, "People across the index").
#pragma once

#include <xapian.h>

#include <cstddef>

namespace mofa::people {

/// Gives every statement keyed by a surname alone the key of the one person of the index whose
/// full name ends in that surname and who is clearly the most frequent such person in the
/// statements dated within a year of it (all statements, for an undated one). Rewrites those
/// documents' person terms, slot and header; commits nothing. Returns how many it rewrote.
std::size_t resolve_surnames(Xapian::WritableDatabase& db);

} // namespace mofa::people
