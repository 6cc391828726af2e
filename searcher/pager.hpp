// Long text on a terminal (a statement in full) goes through a pager, as git and man do.
#pragma once

#include <string>
#include <vector>

namespace mofa::cli {

/// Shows `text` through the pager when stdout is a terminal, else prints it. The pager is
/// $PAGER (run by the shell), "less" when it is unset (printed when there is no less); an empty
/// PAGER or "cat" prints. LESS is
/// set to "FRX" when unset (one screen is printed as it is; colours; the text stays on the
/// screen), as git does. With less, `matches` (words shown highlighted) become a search from
/// line `from` (the body, after the metadata): it opens at the first, and `n` goes to the next.
void page(const std::string& text, const std::vector<std::string>& matches = {}, std::size_t from = 1);

/// The texts between `start` and `end` markers in `text`, each once, in order of appearance.
std::vector<std::string> marked(const std::string& text, const std::string& start, const std::string& end);

} // namespace mofa::cli
