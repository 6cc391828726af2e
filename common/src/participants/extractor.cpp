// Participant extraction with rules over gazetteers, in four parts (docs/design.md,
// "Participants"):
//   - tokenizer: the text as tokens (words with their case, initials such as "M.M.",
//     punctuation, sentence starts, headings);
//   - gazetteer: the data files of common/data and ICU's country names, loaded into tables;
//   - scanner: one pass from left to right that finds, at each token, the longest gazetteer
//     phrase (country, organisation, office, title, word that is never a name, place) or a run
//     of capitalised words, and decides what it is:
//       - countries: ICU's English region names plus our aliases, official names, abbreviations
//         (case-sensitive) and adjectives/demonyms; ambiguous ones ("Chad", "Jordan") only after
//         a preposition or article;
//       - organisations: gazetteer names and acronyms, or a capitalised phrase with a head word
//         ("Ministry of ...", "... Authority of Singapore"), stopping before "of the <country>";
//       - offices: a role phrase ("Deputy Secretary", "Minister for Foreign Affairs") grows over
//         organisations, countries and connectors; the capitalised run after it (past
//         honorifics and ranks such as "Dr", "Lt Gen (retd)") is a person with that role;
//       - people: a capitalised run after an office or honorific, before ", <office>", or before
//         a verb of speech or action, or of two or more words none of which the gazetteers know;
//   - resolver: mentions inside the statement are merged: "M.M. Popov", "Mr Popov" and "Popov"
//     join "Mikhail Popov" when their surname and initials agree; an acronym of a person's
//     office ("NSA" after "National Security Adviser ...") names that person, not a new one.
//     Canonical keys fold case, accents and scripts (ICU Any-Latin; Latin-ASCII), and the
//     people aliases map spellings of one person to one key.
// This file is the public face (mofa/participants.hpp) over them.
//
// Loading is in two parts, each on first use: the key tables that the lookups of a query need
// (country_code, person_key...), and the phrase tables that only extraction needs. Neither
// creates ICU's transliterator for the gazetteers of common/data: their non-ASCII names were
// folded at build time (gazetteer_keys.inc, made by common/tools/gazetteer_keys.cpp).
#include <mofa/participants.hpp>

#include "participants/gazetteer.hpp"
#include "participants/resolver.hpp"
#include "participants/scanner.hpp"
#include "text.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace fs = std::filesystem;

namespace mofa {

using participants::Gazetteers;
using participants::KeyTables;

// Each part is loaded once, on first use, by whichever thread needs it first; a part whose
// loading threw is tried again at its next use.
struct ParticipantExtractor::Impl {
    explicit Impl(fs::path data_dir) : data_dir_(std::move(data_dir)) {}

    const KeyTables& keys() { return loaded_once(keys_loaded_, keys_); }
    const Gazetteers& gazetteers() { return loaded_once(gazetteers_loaded_, gazetteers_); }

private:
    // `part`, loaded from data_dir_ once under `loaded` (a load that throws leaves it for the next use).
    template <typename Part> const Part& loaded_once(std::once_flag& loaded, Part& part) {
        std::call_once(loaded, [&] {
            Part fresh;
            fresh.load(data_dir_);
            part = std::move(fresh);
        });
        return part;
    }

    const fs::path data_dir_;
    std::once_flag keys_loaded_, gazetteers_loaded_;
    KeyTables keys_;
    Gazetteers gazetteers_;
};

// An extractor made by hand loads everything at once, so that a missing or malformed file
// throws here; shared() waits for first use.
ParticipantExtractor::ParticipantExtractor(const fs::path& data_dir) : impl_(std::make_unique<Impl>(data_dir)) {
    impl_->gazetteers();
    impl_->keys();
}

ParticipantExtractor::ParticipantExtractor(const fs::path& data_dir, Lazily) : impl_(std::make_unique<Impl>(data_dir)) {}
ParticipantExtractor::~ParticipantExtractor() = default;
ParticipantExtractor::ParticipantExtractor(ParticipantExtractor&&) noexcept = default;
ParticipantExtractor& ParticipantExtractor::operator=(ParticipantExtractor&&) noexcept = default;

const ParticipantExtractor& ParticipantExtractor::shared() {
    static const ParticipantExtractor instance(default_data_dir(), Lazily{});
    return instance;
}

namespace {

// Extraction keeps some 100 bytes of tokens and lookups per word: about 18 times the text (a
// 50 MB statement took 900 MB). The longest statements of the shared corpora are 165 kB (White
// House briefings, UN General Debate speeches), so people, countries and organisations are
// looked for in the first MiB of a statement, cut at a space: at most some 20 MB per thread.
constexpr std::size_t max_extraction_bytes = std::size_t{1} << 20;

std::string_view extraction_text(std::string_view text) { return text::prefix_at_space(text, max_extraction_bytes); }

} // namespace

Participants ParticipantExtractor::extract(const Statement& statement) const {
    std::string text;
    if (!statement.title.empty()) (text += extraction_text(statement.title)) += ".\n\n";
    text += extraction_text(statement.body);
    text.resize(extraction_text(text).size());
    const KeyTables& keys = impl_->keys();
    return participants::resolve(participants::scan(impl_->gazetteers(), text), keys);
}

void ParticipantExtractor::merge(Participants& into, const Participants& extra) const {
    for (Person p : extra.people) {
        if (p.key.empty()) p.key = person_key(p.name);
        auto it = std::find_if(into.people.begin(), into.people.end(), [&](const Person& q) { return q.key == p.key; });
        if (it == into.people.end()) {
            into.people.push_back(std::move(p));
            continue;
        }
        if (it->role.empty()) it->role = p.role;
        it->tentative = it->tentative && p.tentative; // the input vouches for its people
    }
    for (Country c : extra.countries) {
        const auto code = country_code(c.code.empty() ? c.name : c.code);
        if (!code) continue;
        if (std::none_of(into.countries.begin(), into.countries.end(), [&](const Country& x) { return x.code == *code; }))
            into.countries.push_back({*code, country_name(*code), {}});
    }
    for (Organization o : extra.organizations) {
        if (o.key.empty()) o.key = organization_key(o.name);
        if (std::none_of(into.organizations.begin(), into.organizations.end(), [&](const Organization& x) { return x.key == o.key; }))
            into.organizations.push_back(std::move(o));
    }
}

namespace {

// Each word written in capitals of two letters or more ("EBAN", "O'NEILL") in its usual case
// ("Eban", "O'Neill"); a space after an abbreviation's period glued to the next word
// ("Mr.Vivian"). ASCII letters only: other scripts are left as they are.
std::string usual_case(std::string_view written) {
    std::string out;
    for (std::size_t i = 0; i < written.size();) {
        const auto is_upper = [](char c) { return c >= 'A' && c <= 'Z'; };
        std::size_t end = i;
        while (end < written.size() && is_upper(written[end])) ++end;
        const bool word_ends = end == written.size() || !((written[end] >= 'a' && written[end] <= 'z') ||
                                                         static_cast<unsigned char>(written[end]) >= 0x80);
        const bool word_starts = i == 0 || !std::isalnum(static_cast<unsigned char>(written[i - 1]));
        if (end - i >= 2 && word_starts && word_ends) {
            out += written[i];
            for (std::size_t k = i + 1; k < end; ++k) out += static_cast<char>(written[k] - 'A' + 'a');
            i = end;
            continue;
        }
        out += written[i];
        if (written[i] == '.' && i + 1 < written.size() && std::isalpha(static_cast<unsigned char>(written[i + 1]))) {
            // "Mr.Vivian", not "U.S." (a capital after the period and another period after it)
            if (!(i + 2 < written.size() && written[i + 2] == '.')) out += ' ';
        }
        ++i;
    }
    return std::string(text::trim(out));
}

// A speaker's name as a record writes it, named as extraction names people.
std::string speaker_name(const participants::Gazetteers& g, const KeyTables& keys, std::string_view written) {
    const std::string name = usual_case(written);
    if (name.empty()) return {};
    // A verb after it, so that even one word is a name ("Mr. Arce", "Eban").
    const std::string sentence = name + " said.";
    const Participants found = participants::resolve(participants::scan(g, sentence), keys);
    return found.people.empty() ? name : found.people.front().name;
}

// The country a text is or names first: a name, code or adjective of one, or a phrase that
// names one ("Office of the President of Ukraine").
std::optional<std::string> country_in(const ParticipantExtractor& x, const participants::Gazetteers& g, std::string_view text) {
    if (auto code = x.country_code(text)) return code;
    const auto found = participants::scan(g, text);
    if (found.countries.empty()) return std::nullopt;
    return found.countries.front().code;
}

// The UN General Debate's entities: a country, then who spoke for it.
std::optional<Issuer> speech_entities(const ParticipantExtractor& x, const participants::Gazetteers& g, const KeyTables& keys,
                                      const std::vector<std::string>& entities) {
    if (entities.size() != 2 || entities[1].find(',') != std::string::npos || x.country_code(entities[1])) return std::nullopt;
    const auto country = country_in(x, g, entities[0]);
    if (!country) return std::nullopt;
    std::string speaker = speaker_name(g, keys, entities[1]);
    if (speaker.empty()) return std::nullopt;
    return Issuer{*country, std::move(speaker)};
}

} // namespace

Issuer ParticipantExtractor::issuer(const Statement& s) const {
    const auto& g = impl_->gazetteers();
    const KeyTables& keys = impl_->keys();
    const auto speech = speech_entities(*this, g, keys, s.entities);
    Issuer out;
    if (!s.issuer.country.empty())
        if (auto code = country_code(s.issuer.country)) out.country = *code;
    if (out.country.empty() && speech) out.country = speech->country;
    if (out.country.empty() && !s.source.empty()) {
        if (auto code = country_in(*this, g, s.source)) {
            out.country = *code;
        } else {
            std::string source = " ";
            (source += participants::phrase_key(s.source)) += ' ';
            for (const auto& [name, of] : keys.issuer_names)
                if (source.find(" " + name + " ") != std::string::npos) {
                    out.country = of;
                    break;
                }
        }
    }
    if (out.country.empty() && !s.dateline.empty())
        if (auto code = country_code(s.dateline)) out.country = *code;
    if (!s.issuer.speaker.empty()) out.speaker = speaker_name(g, keys, s.issuer.speaker);
    else if (speech) out.speaker = speech->speaker;
    return out;
}

Participants ParticipantExtractor::tagged(const Statement& s) const {
    Participants out;
    if (s.entities.empty() || speech_entities(*this, impl_->gazetteers(), impl_->keys(), s.entities)) return out;
    for (const auto& entity : s.entities)
        for (std::size_t start = 0; start <= entity.size();) {
            const std::size_t comma = std::min(entity.find(',', start), entity.size());
            if (auto code = country_code(text::trim(std::string_view(entity).substr(start, comma - start))))
                if (std::none_of(out.countries.begin(), out.countries.end(), [&](const Country& c) { return c.code == *code; }))
                    out.countries.push_back({*code, country_name(*code), {}});
            start = comma + 1;
        }
    return out;
}

std::optional<std::string> ParticipantExtractor::country_code(std::string_view text) const {
    return participants::country_code(impl_->keys(), text);
}

std::vector<std::string> ParticipantExtractor::country_aliases(std::string_view code) const {
    std::vector<std::string> out;
    for (const auto& [alias, of] : impl_->keys().country_lookup)
        if (of == code && alias.size() > 2) out.push_back(alias);
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::string> ParticipantExtractor::organization_name(std::string_view name) const {
    const auto& keys = impl_->keys();
    const auto it = keys.organization_names.find(participants::organization_key(keys, name));
    if (it == keys.organization_names.end()) return std::nullopt;
    return it->second;
}

std::string ParticipantExtractor::country_name(std::string_view code) const {
    return participants::country_name(impl_->keys(), code);
}

std::string ParticipantExtractor::person_key(std::string_view name) const {
    return participants::person_key(impl_->keys(), name);
}

std::string ParticipantExtractor::organization_key(std::string_view name) const {
    return participants::organization_key(impl_->keys(), name);
}

std::string ParticipantExtractor::place_key(std::string_view name) const {
    const KeyTables& keys = impl_->keys();
    std::string key = participants::place_key(name);
    if (const auto it = keys.place_alias.find(key); it != keys.place_alias.end()) return it->second;
    return key;
}

std::optional<std::string> ParticipantExtractor::place_name(std::string_view key) const {
    const KeyTables& keys = impl_->keys();
    if (const auto it = keys.place_names.find(std::string(key)); it != keys.place_names.end()) return it->second;
    return std::nullopt;
}

} // namespace mofa
