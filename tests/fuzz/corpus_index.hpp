// The index the search fuzz targets (query, http) read: the bundled corpus/ plus a few
// statements with edge-case dates, built once per process into a temporary folder that is
// removed at exit.
#pragma once

#include <filesystem>

namespace mofa::fuzz {

/// The index's folder, built on the first call.
const std::filesystem::path& corpus_index();

} // namespace mofa::fuzz
