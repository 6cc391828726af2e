// Participant extraction: the people (with their roles), countries and organisations a
// statement names, with canonical keys so that one participant counts once across statements.
//
// Public because participants are part of a Statement and of the query language: a program may
// extract them without indexing, and look up the keys that `person:`, `org:` and `country:` take.
// default_data_dir says where the gazetteers (and synonyms) are found.
#pragma once

#include <mofa/export.hpp>
#include <mofa/statement.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace mofa {

/// Where the gazetteers are: `$MOFA_DATA_DIR`, else the installed data folder, else the source
/// tree's `common/data` (for builds that are run without installing).
MOFA_EXPORT std::filesystem::path default_data_dir();

/// Finds participants with rules over gazetteers (countries from ICU's region names plus our
/// aliases, organisations, titles and roles, people's spellings). Loading is done once; a
/// const extractor may be shared between threads.
class MOFA_EXPORT ParticipantExtractor {
public:
    /// Loads the gazetteers of `data_dir`. Throws Error{io} when a file is missing or malformed.
    explicit ParticipantExtractor(const std::filesystem::path& data_dir = default_data_dir());
    /// Frees the gazetteers.
    ~ParticipantExtractor();
    /// Movable, not copyable. A moved-from extractor may only be destroyed or assigned to.
    ParticipantExtractor(ParticipantExtractor&&) noexcept;
    /// Takes over `other`'s gazetteers, freeing this extractor's own.
    ParticipantExtractor& operator=(ParticipantExtractor&&) noexcept;

    /// The participants named in the title and body of a statement (not its dateline), each
    /// once, with keys and names filled. The statement's own `participants` are not looked at.
    /// Only the first MiB of the text is read (real statements are below 200 kB), so that an
    /// enormous one costs bounded memory.
    Participants extract(const Statement& statement) const;

    /// Merges `extra` (e.g. given by the input) into `into` without duplicates, filling keys and
    /// names the way extraction does. A person already in `into` only gets a missing role; a
    /// country this extractor does not know is dropped.
    void merge(Participants& into, const Participants& extra) const;

    /// Who issued a statement. The country: as the input record gives it (Statement::issuer),
    /// else as its `entities` give it when they are a country and then a person (the UN General
    /// Debate records: ["Singapore", "Mr. Vivian Balakrishnan"]), else the first country its source
    /// names ("Ministry of Foreign Affairs of Singapore"), else the country of a name of
    /// issuers.tsv in its source ("The White House"), else its dateline when that is a country
    /// ("SINGAPORE"). The speaker: as the record or those entities give it, named as extraction
    /// names people (honorifics dropped, a name in capitals in its usual case, the people data's
    /// canonical name). Empty strings where nothing says.
    Issuer issuer(const Statement& statement) const;

    /// The countries a record's `entities` tag it with (entities that are country names, also
    /// several in one string separated by commas), unless the entities are an issuer's (see
    /// issuer()); for merge().
    Participants tagged(const Statement& statement) const;

    /// The ISO code for a country's code, name, official name or adjective ("RU", "Russia",
    /// "russian", "Russian Federation"), case-insensitively.
    std::optional<std::string> country_code(std::string_view text) const;

    /// The names and adjectives of a country that the data knows in Latin script, folded as
    /// country_code() folds them ("KE" → "kenya", "kenyan", "kenyans", "republic of kenya",
    /// "kenia", ...), in order; the code itself is not among them.
    std::vector<std::string> country_aliases(std::string_view code) const;

    /// The English display name of an ISO 3166-1 alpha-2 code ("RU" → "Russia") or of a
    /// historical state's ISO 3166-3 code ("SUHH" → "Soviet Union"); the code itself when it is
    /// neither (codes are upper case).
    std::string country_name(std::string_view code) const;

    /// The canonical key of a person's name (spellings, accents and scripts folded), as in
    /// Person::key.
    std::string person_key(std::string_view name) const;

    /// The canonical key of an organisation's name or acronym, as in Organization::key.
    std::string organization_key(std::string_view name) const;

    /// The canonical name of an organisation the data knows by this name or acronym ("NAM" →
    /// "Non-Aligned Movement"); nothing for one it does not know.
    std::optional<std::string> organization_name(std::string_view name) const;

    /// The key of a place's name (a dateline): case, accents and scripts folded, and the names of
    /// one place in the data's places.tsv made one ("GENÈVE", "Geneva", "Женева" → "geneva").
    std::string place_key(std::string_view name) const;

    /// The name of a place key as places.tsv gives it ("geneva" → "Geneva"), if it lists it.
    std::optional<std::string> place_name(std::string_view key) const;

    /// The shared instance for the default data folder. It loads what is used, when first used:
    /// the lookups above do not wait for the phrase tables of extraction. A missing or malformed
    /// file throws Error{io} from the call that first needs it; later calls try again.
    static const ParticipantExtractor& shared();

private:
    struct Impl;
    struct Lazily {}; // for shared(): each part of the data is loaded when first needed
    ParticipantExtractor(const std::filesystem::path& data_dir, Lazily);
    std::unique_ptr<Impl> impl_;
};

} // namespace mofa
