// ICU's list of countries, read in one place by the library (participants/gazetteer.cpp) and
// by the build-time tool that folds the gazetteers' non-ASCII names (tools/gazetteer_keys.cpp),
// so that the two cannot disagree on which names there are.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mofa::participants {

// ICU's English names of the ISO 3166-1 countries, by code, in ICU's order (without the codes
// that are not countries: DG, EA, IC).
std::vector<std::pair<std::string, std::string>> icu_countries();

// The names inside one of ICU's names: "Myanmar (Burma)" → "Myanmar" and "Burma"; none for
// the others ("Congo - Kinshasa" is left to the aliases of countries.tsv).
std::vector<std::string> parts_of_icu_name(const std::string& display);

} // namespace mofa::participants
