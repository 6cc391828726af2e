// The Statement model: one press release, readout, briefing or speech.
//
// Public because statements are what every other header reads, writes and finds. first_sentence
// is the heading of a statement without a title (SearchHit::heading), for programs that show
// statements they read themselves.
#pragma once

#include <mofa/date.hpp>
#include <mofa/export.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mofa {

/// A person named by a statement, with the office the statement gives them.
struct Person {
    std::string name; ///< canonical display name, without titles or honorifics
    std::string role; ///< e.g. "Foreign Secretary"; empty when the statement gives none
    /// The same for every spelling and script of one person ("sergey lavrov" for "Sergei
    /// Lavrov" and "Сергей Лавров"); empty until the extractor fills it.
    std::string key;
    /// The forms the statement uses ("Mikhail Popov", "M.M. Popov", "Popov"), the fullest first;
    /// empty for a person only the input names. The index keeps them for Searcher::statement
    /// (`show`); hits leave them empty.
    std::vector<std::string> mentions;
    /// Found by the look of its name alone (a run of capitals), with nothing vouching for it: no
    /// office, title or apposition, no given name first, not in the people data. The index
    /// shows such a person only once two statements name them (Searcher hides one named once
    /// from facets and participants; person: still finds it).
    bool tentative = false;
    /// Every member equal.
    friend bool operator==(const Person&, const Person&) = default;
};

/// A country a statement refers to.
struct Country {
    std::string code; ///< ISO 3166-1 alpha-2, upper case; a historical state ISO 3166-3 ("SUHH")
    std::string name; ///< display name
    /// The words that named it in the statement, as written, in order ("Russia", "Russian",
    /// "the Russian Federation"); empty for a country only the input gives. Kept by the index
    /// like Person::mentions.
    std::vector<std::string> mentions;
    /// Every member equal.
    friend bool operator==(const Country&, const Country&) = default;
};

/// A named organisation a statement refers to.
struct Organization {
    std::string name; ///< canonical name when the gazetteer knows it, else the fullest form used
    std::string key;  ///< one per organisation ("united nations" for "UN" and "United Nations")
    /// The forms the statement uses, fullest first ("United Nations Security Council", "UNSC");
    /// kept by the index like Person::mentions.
    std::vector<std::string> mentions;
    /// Every member equal.
    friend bool operator==(const Organization&, const Organization&) = default;
};

/// Who and what a statement is about.
struct Participants {
    std::vector<Person> people;              ///< the people it names
    std::vector<Country> countries;          ///< the countries it refers to
    std::vector<Organization> organizations; ///< the organisations it names
    /// Whether it names no one and nothing.
    bool empty() const noexcept { return people.empty() && countries.empty() && organizations.empty(); }
    /// The same participants in the same order.
    friend bool operator==(const Participants&, const Participants&) = default;
};

/// Who issued a statement, apart from whom it mentions. Empty strings stand for unknown.
struct Issuer {
    std::string country; ///< the issuing country's code, as Country::code ("SG")
    std::string speaker; ///< the person speaking or signing, a display name ("Vivian Balakrishnan")
    /// Whether it says nothing.
    bool empty() const noexcept { return country.empty() && speaker.empty(); }
    /// Every member equal.
    friend bool operator==(const Issuer&, const Issuer&) = default;
};

/// One statement. Empty strings stand for absent values.
struct Statement {
    std::string id;          ///< stable and unique in an index
    std::optional<Date> date; ///< nothing when unknown (JSON Lines records may have none)
    std::string title;       ///< its headline; empty when it has none
    std::string dateline;    ///< the place it was issued, e.g. "ISLAMABAD"
    std::string source;      ///< ministry or publisher
    std::string url;         ///< where it was published, as given
    std::string language;    ///< ISO 639-1 as the input gives it; empty when it gives none (the index detects it)
    std::string path;        ///< the file it was read from (canonical path), empty for stdin
    std::uint64_t signature = 0; ///< hash of its input record and file, set by the readers; else 0
    std::size_t line = 0;    ///< the line of its record in JSON Lines (from 1), set by the readers; else 0
    std::string body;        ///< paragraphs separated by "\n\n"
    /// Who and what it is about: given by the input, or (in an index) extracted and merged
    /// with what the input gave.
    Participants participants;
    /// Who issued it: as the input gives it, or (in an index) as ParticipantExtractor::issuer
    /// makes it out from the input, the source and the dateline.
    Issuer issuer;
    /// Labels the input attaches to the record (JSON Lines `entities`: the countries it is
    /// tagged with, or a speech's country and speaker); read by ParticipantExtractor::issuer and
    /// ::extract, not kept by an index.
    std::vector<std::string> entities;
};

/// The first sentence of a text's first paragraph, for showing statements that have no title.
/// One longer than `max_bytes` is cut there, at a word boundary where it can be, and ends in "…".
MOFA_EXPORT std::string first_sentence(std::string_view text, std::size_t max_bytes = 200);

/// The language of a text (its first 64 KiB), as an ISO 639-1 code ("en", "zh" for either
/// script of Chinese), by CLD2; empty when it cannot tell reliably (too short, no letters, a mix).
/// mofa-index uses it for statements whose input gives no language. Input must be valid UTF-8.
MOFA_EXPORT std::string detect_language(std::string_view text);

} // namespace mofa
