// The interactive prompt of mofa-search: line editing and history (libedit), the index kept
// open and reopened when an indexer commits, paging, opening hits, switching sort, facets and
// timeline.
#pragma once

#include "output.hpp"

#include <mofa/search.hpp>

#include <filesystem>

namespace mofa::cli {

/// Runs the prompt on the terminal until :quit or end of input. `request` holds the settings
/// given on the command line (limit, sort, facets, timeline, ...). Returns the exit code.
int run_interactive(const std::filesystem::path& index, SearchRequest request, const TextStyle& style);

} // namespace mofa::cli
