// The index the search fuzz targets (query, http) read: the bundled corpus/ plus a few
// statements with edge-case dates, built once per process into a temporary folder that is
// removed at exit.
#pragma once

#include <filesystem>

namespace mofa::fuzz {

/// The index's folder, built on the first call.
const std::filesystem::path& corpus_index();

/// The one `T` over the index that every input of a target uses (a Searcher, the HTTP API),
/// made on the first call: call it from LLVMFuzzerInitialize, so that no input pays for it.
template <typename T> T& over_corpus_index() {
    static T instance(corpus_index());
    return instance;
}

} // namespace mofa::fuzz
