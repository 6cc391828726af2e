#include "participants/icu_countries.hpp"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <string_view>

namespace mofa::participants {

std::vector<std::pair<std::string, std::string>> icu_countries(const char* locale) {
    std::vector<std::pair<std::string, std::string>> countries;
    const icu::Locale language(locale);
    for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code) {
        icu::UnicodeString name;
        icu::Locale("", *code).getDisplayCountry(language, name);
        std::string display;
        name.toUTF8String(display);
        // ICU also lists codes that are not ISO 3166-1 countries (DG, EA, IC).
        if (display.empty() || display == *code || std::string_view(*code) == "DG" || std::string_view(*code) == "EA" ||
            std::string_view(*code) == "IC")
            continue;
        countries.emplace_back(*code, std::move(display));
    }
    return countries;
}

std::vector<std::string> parts_of_icu_name(const std::string& display) {
    std::vector<std::string> parts;
    if (const auto paren = display.find(" ("); paren != std::string::npos) {
        parts.push_back(display.substr(0, paren));
        const auto close = display.find(')', paren);
        if (close != std::string::npos) parts.push_back(display.substr(paren + 2, close - paren - 2));
    }
    return parts;
}

std::string main_part_of_local_name(const std::string& display) {
    std::string main = display;
    for (const char* stop : {" (", "(", "\uFF08", ",", "\uFF0C", "\u3001"})
        if (const auto at = main.find(stop); at != std::string::npos) main.resize(at);
    while (!main.empty() && main.back() == ' ') main.pop_back();
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(main);
    if (u.countChar32() < 2) return {};
    return main;
}

} // namespace mofa::participants
