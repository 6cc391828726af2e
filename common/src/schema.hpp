// The schema: every field of the index in one table. The document builder, the query parser
// and `mofa-search fields` are all driven by it; nothing else spells a term prefix or a value
// slot. Prefixes follow Xapian Omega's conventions (Q id, S title, L language, D/M/Y dates,
// X... our own).
#pragma once

#include <xapian.h>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace mofa::schema {

/// Bumped whenever documents written by an older mofa can no longer be searched correctly.
inline constexpr std::string_view version = "4";
/// The revision of the analysis within the schema: what this mofa makes of a statement (terms,
/// values, participants). A change that statements already indexed must get (a rule, an entry of
/// common/data that changes keys) bumps it. Record signatures and file stamps include it, so the
/// next run of mofa-index re-reads every file and re-analyses every statement, as if all had
/// changed; a run killed half-way resumes, since what it rewrote carries the new signatures.
/// Revision 2: place keys (places.tsv names merged, accents and scripts folded) and joined
/// hyphenated words. Revision 3: Arabic marks dropped, Arabic light stemming. Revision 4: the
/// language of statements that give none, detected. Revision 5: participants in other scripts
/// (ICU's country names in 17 languages, CJK, Cyrillic case forms and initials, Arabic clitics).
/// Revision 6: a title's words count twice among the statement's words (title_wdf). Revision 7:
/// historical states as countries (ISO 3166-3), mixed-case acronyms of organisations in their case,
/// "Indian Tribes", "Indian Country" not India; names of things and offices before names are no people;
/// a bare "Foreign Office" any foreign ministry; two particles in a name; headings need no verb;
/// a surname alone is the one person of the people data who has it. Revision 8: such a surname
/// also where it starts a sentence, before a verb, as a possessive or in a list of names, and the
/// family name of a Chinese or Korean name ("Xi"); no apposition after a form of address; the
/// mentions of participants (slot_mentions); the issuer (from:, speaker:), the words of the source
/// and the countries a record's entities tag; organisation boundaries (countries inside, company
/// suffixes, "in" a country, bodies inside offices, names in words with hyphens, acronyms defined in
/// brackets, lower-case names of the data); an apposition is set off by a comma or an end; an
/// ordinary word inside a run of capitals ends a name; a run ending in a country or a place of
/// several words is no person; a verb after a noun with an article makes no name; a name in a
/// heading stops where a person of the data ends; ranks and honorifics need their capital.
/// Revision 9: ordinary words of the language (Hunspell's dictionaries) are no name unless a
/// title, an office, a given name or the people data vouches for them. Revision 10: a run that
/// ends in an English word is a thing unless a given name (now also the US records') opens it; a
/// point of the compass opens a place; an office vouches for an ordinary word alone only right
/// after its own words; ordinary words before a given name are cut; the Spanish "y" joins no
/// names; churches and caucuses are organisations. Revision 11: tentative people (XPT terms).
/// Revision 12: the header marks them too, so that hits look up only those.
inline constexpr unsigned analysis_revision = 12;
/// How much an occurrence in the title counts among the words of a statement (the wdf increment
/// of the unprefixed title terms; the body's is 1).
inline constexpr Xapian::termcount title_wdf = 2;
/// The metadata key of the index that holds the schema version.
inline constexpr std::string_view version_key = "mofa.schema";

enum class Kind {
    text,    ///< free text: stemmed and unstemmed terms with positions
    boolean, ///< filter terms of normalised values (case-folded, spaces collapsed), and with a
             ///< `words_prefix` the words of the value as terms too (source:singapore)
    exact,   ///< filter terms of values as given (ids)
    date,    ///< Y/M/D filter terms plus the date value slots, queried through date:/year:
    participant, ///< a canonical key as a filter term, the words of the names as terms under
                 ///< `words_prefix`, and all keys of a statement in `slot` (for facets)
                 ///< (a person's: person_key; an organisation's: organization_key)
    country,     ///< an ISO code as a filter term (queried by code, name or adjective), codes in `slot`
    place,       ///< a place's key (ParticipantExtractor::place_key: accents, scripts and the
                 ///< names of one place in places.tsv folded) as filter term and in `slot`
};

/// How a facet of a field counts a statement's values (see Searcher's facets).
enum class Facet {
    none,
    single, ///< the normalised value in `slot`
    multi,  ///< the keys in `slot`, separated by slot_separator, each counted once
    year,   ///< the year of the date's first day (every dated statement has one)
    month,  ///< the month of a date of month or day precision
};

struct Field {
    std::string_view name;   ///< the field as a query prefix (`title:`) and in listings
    std::string_view prefix; ///< term prefix; empty for unprefixed free text
    Kind kind;
    std::string_view description;
    std::string_view words_prefix = {}; ///< participants: prefix of the words of their names
    Xapian::valueno slot = Xapian::BAD_VALUENO; ///< the value(s) counted by the field's facet
    Facet facet = Facet::none;
};

inline constexpr Field id{"id", "Q", Kind::exact, "the statement's unique id, as given"};
inline constexpr Field title{"title", "S", Kind::text, "words of the title"};
inline constexpr Field body{"body", "", Kind::text, "words of the body (the default field)"};
inline constexpr Field lang{"lang", "L", Kind::boolean, "language, ISO 639-1 (lang:fr)", {}, 7, Facet::single};
inline constexpr Field place{"place", "XPLACE", Kind::place, "dateline (place:islamabad)", {}, 5, Facet::single};
inline constexpr Field source{"source", "XSOURCE", Kind::boolean,
                              "ministry or publisher: in full, or words of it (source:singapore)", "XSW", 6, Facet::single};
inline constexpr Field date{"date", "D", Kind::date,
                            "date, month or year, or a range: date:2018-03-15, date:2018-03, date:2018, "
                            "date:2018-01-01..2018-06-30, date:2020.., date:..2019, date:30d.., date:1y.., "
                            "date:today, date:yesterday"};
inline constexpr Field month{"month", "M", Kind::date, "month (month:2018-03)", {}, Xapian::BAD_VALUENO, Facet::month};
inline constexpr Field year{"year", "Y", Kind::date, "year (year:2018)", {}, Xapian::BAD_VALUENO, Facet::year};
inline constexpr Field person{"person", "XPERSON", Kind::participant,
                              "a person named by the statement: a full name, or words of one (person:popov)", "XPN", 2,
                              Facet::multi};
inline constexpr Field country{"country", "XCOUNTRY", Kind::country,
                               "a country the statement refers to: code, name or adjective (country:RU, "
                               "country:russia, country:russian)", {}, 3, Facet::multi};
inline constexpr Field org{"org", "XORG", Kind::participant,
                           "an organisation: its name, acronym, or words of its name (org:sco, org:\"security council\")",
                           "XON", 4, Facet::multi};

inline constexpr Field from{"from", "XFROM", Kind::country,
                            "the country that issued the statement: code, name or adjective (from:SG, from:singapore)", {}, 10,
                            Facet::single};
inline constexpr Field speaker{"speaker", "XSPEAKER", Kind::participant,
                               "who spoke or signed for the issuer: a full name, or words of one (speaker:balakrishnan)", "XSPW",
                               11, Facet::single};

/// Bookkeeping terms of incremental indexing: the input file a statement came from, and the
/// signature of its input record; and the metadata key prefix of a file's size and mtime.
inline constexpr std::string_view source_prefix = "XSRC";
inline constexpr std::string_view signature_prefix = "XSIG";
/// A person's key that the statement found by the look of the name alone (Person::tentative):
/// a person named so by one statement only is hidden from facets and participants.
inline constexpr std::string_view tentative_person_prefix = "XPT";
inline constexpr std::string_view file_metadata_prefix = "mofa.file:";

/// Term prefixes of the date's three precisions (D is day, as in Omega).
inline constexpr std::string_view day_prefix = "D";
inline constexpr std::string_view month_prefix = "M";
inline constexpr std::string_view year_prefix = "Y";

inline constexpr std::array<Field, 14> fields{id, title, body, lang, place, source, date, month, year, person, country, org, from, speaker};

/// The field of a name (`person`), or nothing.
const Field* field_named(std::string_view name);

/// The metadata key of the spelling data's state: the index state it was built from.
inline constexpr std::string_view spelling_key = "mofa.spelling";

/// The words of a participant's key (its spaces separate them), as its words terms hold them.
std::vector<std::string> key_words(std::string_view key);

/// The words of a value as the words terms of a field hold them: its normalised form cut at
/// every character that is no word character ("U.S. Department of State" → u, s, department,
/// of, state).
std::vector<std::string> value_words(std::string_view value);

/// The metadata key of the time of the last commit that changed statements, UTC, ISO 8601.
inline constexpr std::string_view changed_key = "mofa.changed";

/// Separates the keys of a participant slot.
inline constexpr char slot_separator = '\n';

/// Value slots. A date's period is [first day, last day] as YYYYMMDD; a partial date is a
/// period longer than a day, and ranges match statements whose whole period lies inside them.
inline constexpr Xapian::valueno slot_date_first = 0;
inline constexpr Xapian::valueno slot_date_last = 1;
/// The stored statement without its body (see stored.hpp); the body is the document data.
inline constexpr Xapian::valueno slot_header = 8;
/// How the statement names each of its participants (see stored.hpp), read only by `show`.
inline constexpr Xapian::valueno slot_mentions = 9;

/// Gap in term positions between fields, so that a phrase never spans two of them.
inline constexpr Xapian::termpos field_gap = 100;

constexpr bool prefixes_unique() {
    for (std::size_t i = 0; i < fields.size(); ++i)
        for (std::size_t j = i + 1; j < fields.size(); ++j)
            if (fields[i].name == fields[j].name ||
                (!fields[i].prefix.empty() && fields[i].prefix == fields[j].prefix) ||
                (!fields[i].words_prefix.empty() && fields[i].words_prefix == fields[j].words_prefix) ||
                (fields[i].slot != Xapian::BAD_VALUENO && fields[i].slot == fields[j].slot))
                return false;
    return true;
}
static_assert(prefixes_unique(), "every field needs its own name and term prefix");

/// A boolean term: prefix + value, with Omega's ':' after a multi-letter prefix when the value
/// starts with an upper-case letter or ':', and values too long for Xapian's term limit
/// replaced by a prefix of them plus a hash (never silently truncated).
std::string boolean_term(std::string_view prefix, std::string_view value);

/// The key of a single-valued field's value, as its filter term and facet slot hold it:
/// normalised for boolean fields, a place's key for places, as given for exact ones.
std::string value_key(const Field& field, std::string_view value);

/// The term of a field's value: its value_key with the field's prefix.
std::string filter_term(const Field& field, std::string_view value);

} // namespace mofa::schema
