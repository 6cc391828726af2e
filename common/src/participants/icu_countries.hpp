// ICU's list of countries, read in one place by the library (participants/gazetteer.cpp) and
// by the build-time tool that folds the gazetteers' non-ASCII names (tools/gazetteer_keys.cpp),
// so that the two cannot disagree on which names there are.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mofa::participants {

// ICU's names of the ISO 3166-1 countries in a language (English by default), by code, in ICU's
// order (without the codes that are not countries: DG, EA, IC, and those ICU has no name for in
// that language).
std::vector<std::pair<std::string, std::string>> icu_countries(const char* locale = "en");

// The languages whose country names (ICU's) participant extraction knows besides English: those
// of the ministries that publish in their own language. Latin-script ones last.
inline constexpr const char* country_name_locales[] = {"zh", "zh_Hant", "ja", "ko", "ar", "fa", "he", "hi", "ru", "uk",
                                                        "el", "th", "de", "fr", "es", "it", "pt"};

// The names inside one of ICU's English names: "Myanmar (Burma)" → "Myanmar" and "Burma"; none
// for the others ("Congo - Kinshasa" is left to the aliases of countries.tsv).
std::vector<std::string> parts_of_icu_name(const std::string& display);

// The name of a country in one of ICU's names in another language: the part before a
// parenthesis or comma, which hold qualifiers ("刚果（金）" → "刚果", "Гонконг, ОАР Китаю" →
// "Гонконг"); empty when that is a single character (a qualifier's "金" would be gold).
std::string main_part_of_local_name(const std::string& display);

} // namespace mofa::participants
