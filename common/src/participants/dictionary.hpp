// Whether a word is an ordinary word of a language: Hunspell's dictionaries of the languages
// that mofa's rules read names in (English and Spanish for the Latin script, Ukrainian and
// Russian for the Cyrillic one). A run of capitals made of ordinary words ("Middle Ages",
// "Guardia Nacional", "Знищення Маріуполя") is a name of something, not of someone, unless a
// title or an office vouches for it.
#pragma once

#include <filesystem>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace mofa::participants {

class Dictionaries {
public:
    // Hunspell's .aff/.dic pairs in `dir` (en_US, es_ES, uk_UA, ru_RU), each read at the first
    // word of its script. A missing pair is no error: its words are then not known as ordinary.
    explicit Dictionaries(std::filesystem::path dir);
    ~Dictionaries();
    Dictionaries(const Dictionaries&) = delete;
    Dictionaries& operator=(const Dictionaries&) = delete;

    // The folder of the dictionaries: $MOFA_HUNSPELL_DIR, else /usr/share/hunspell.
    static std::filesystem::path default_dir();

    // Whether `word` (as written; case and a possessive "’s" do not matter) in lower case is a
    // word of a dictionary of its script. Proper nouns are not: Hunspell's dictionaries write
    // them with their capital ("Rosa", "Powell"), and the lower-case form is asked. Safe to call
    // from several threads.
    bool ordinary(std::string_view word) const;

    // The same, for the script's first language only: English for the Latin script ("Park",
    // "Grant"; not "Mota", "Rico").
    bool ordinary_in_first_language(std::string_view word) const;

private:
    // Bit 1: a word of the script's first dictionary; bit 2: of any.
    std::uint8_t lookup(std::string_view word) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace mofa::participants
