#include "interactive.hpp"

#include <mofa/error.hpp>

namespace mofa::cli {

int run_interactive(const std::filesystem::path&, SearchRequest, const TextStyle&) {
    throw Error(ErrorCategory::usage, "the interactive mode is not built yet", "give a query");
}

} // namespace mofa::cli
