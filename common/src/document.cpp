#include "document.hpp"

#include "schema.hpp"
#include "stored.hpp"
#include "text.hpp"

#include <algorithm>
#include <set>

namespace mofa {

namespace {

// "en-GB" → "en", "FR" → "fr".
std::string primary_language(const std::string& language) {
    return text::normalize_value(language.substr(0, language.find_first_of("-_")));
}

// Arabic light stemming: text::arabic_light_stem. Xapian's Snowball stemmer gives مفاوضات →
// مفاوضا but المفاوضات → مفاوض, and وزير → زير but الوزير → وزير. Marks (harakat, tatweel) are gone
// with text::normalize.
class ArabicLightStemmer : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override { return text::arabic_light_stem(word); }
    std::string get_description() const override { return "mofa arabic light stemmer"; }
};

// Ukrainian, for which Xapian has no stemmer: text::slavic_light_stem (case and adjective
// endings, final vowels), so that Україна finds Україні and переговори переговорів.
class UkrainianLightStemmer : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override { return text::slavic_light_stem(word); }
    std::string get_description() const override { return "mofa ukrainian light stemmer"; }
};

// What the language of a statement is detected from: its title and the start of its body.
std::string language_sample(const Statement& s) {
    std::string sample = s.title;
    sample += "\n\n";
    sample += text::prefix_at_space(s.body, 64 * 1024);
    return sample;
}

} // namespace

Xapian::Stem stemmer_for(const std::string& language) {
    if (language.empty()) return Xapian::Stem(query_language);
    const std::string primary = primary_language(language);
    if (primary == "ar" || primary == "arabic") return Xapian::Stem(new ArabicLightStemmer);
    if (primary == "uk" || primary == "ukrainian") return Xapian::Stem(new UkrainianLightStemmer);
    // Xapian knows ISO 639-1 codes and English names.
    return Xapian::Stem(primary, /*fallback to none*/ true);
}

DocumentBuilder::DocumentBuilder(const ParticipantExtractor& extractor) : extractor_(extractor) {
    // Chinese, Japanese and Korean as characters (at positions) and pairs of characters (without):
    // see docs/design.md, "Scripts without spaces".
    // The English pass (below) drops whatever it makes of those scripts, so it does not split them.
    generator_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    query_language_generator_.set_stemmer(Xapian::Stem(query_language));
    query_language_generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

const Xapian::Stem& DocumentBuilder::stemmer(const std::string& language) {
    auto it = stemmers_.find(language);
    if (it == stemmers_.end()) it = stemmers_.emplace(language, stemmer_for(language)).first;
    return it->second;
}

std::string DocumentBuilder::id_term(const std::string& id) { return schema::filter_term(schema::id, id); }

namespace {

bool is_hyphen(unsigned c) { return c == '-' || c == 0x2010 || c == 0x2011; }

// The words written with hyphens in a normalised text ("counter-terrorism"), as their parts:
// runs of word characters (as Xapian's term generator has them) joined by single hyphens.
void hyphenated_words(std::string_view text, std::set<std::vector<std::string>>& out) {
    std::vector<std::string> parts;
    std::string word;
    auto end_compound = [&] {
        if (parts.size() >= 2) out.insert(parts);
        parts.clear();
    };
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        const unsigned c = *it;
        if (Xapian::Unicode::is_wordchar(c)) {
            Xapian::Unicode::append_utf8(word, c);
            continue;
        }
        if (!word.empty()) {
            parts.push_back(std::move(word));
            word.clear();
            if (is_hyphen(c)) continue;
        }
        end_compound();
    }
    if (!word.empty()) parts.push_back(std::move(word));
    end_compound();
}

std::vector<Xapian::termpos> positions(const Xapian::Document& doc, const std::string& term) {
    std::vector<Xapian::termpos> out;
    auto t = doc.termlist_begin();
    t.skip_to(term);
    if (t == doc.termlist_end() || *t != term) return out;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out.push_back(*p);
    return out;
}

bool starts_with_letter(const std::string& word) {
    Xapian::Utf8Iterator it(word);
    if (it == Xapian::Utf8Iterator()) return false;
    switch (Xapian::Unicode::get_category(*it)) {
    case Xapian::Unicode::UPPERCASE_LETTER:
    case Xapian::Unicode::LOWERCASE_LETTER:
    case Xapian::Unicode::TITLECASE_LETTER:
    case Xapian::Unicode::MODIFIER_LETTER:
    case Xapian::Unicode::OTHER_LETTER: return true;
    default: return false;
    }
}

// A word written with hyphens ("counter-terrorism", "co-operation", "covid-19") also gets its
// joined form ("counterterrorism"), unstemmed and stemmed like the term generator's words, where
// its parts stand at consecutive positions under `prefix`. The joined word takes the first
// part's position and the last one's, so that a phrase with it before or after other words
// matches; its wdf counts each occurrence once. A query for the hyphenated form also asks for the
// joined word (query.cpp), so either spelling finds both.
void add_joined_words(Xapian::Document& doc, const std::set<std::vector<std::string>>& compounds, const std::string& prefix,
                      const Xapian::Stem& stem) {
    for (const auto& parts : compounds) {
        const std::string joined = text::joined_word(parts);
        if (joined.empty()) continue;
        std::vector<std::vector<Xapian::termpos>> at;
        for (const auto& part : parts) at.push_back(positions(doc, prefix + part));
        const std::string stemmed = !stem.is_none() && starts_with_letter(joined) ? text::stemmed_term(prefix, stem(joined)) : std::string();
        for (const Xapian::termpos first : at[0]) {
            bool consecutive = true;
            for (std::size_t i = 1; consecutive && i < parts.size(); ++i)
                consecutive = std::binary_search(at[i].begin(), at[i].end(), first + i);
            if (!consecutive) continue;
            doc.add_posting(prefix + joined, first, 0);
            doc.add_posting(prefix + joined, first + static_cast<Xapian::termpos>(parts.size() - 1), 1);
            if (!stemmed.empty()) doc.add_term(stemmed, 1);
        }
    }
}

} // namespace

// Each participant: its key as a filter term, the words of its key as terms (so that
// person:popov finds "Mikhail Popov"), and the keys of the statement in the field's slot.
void DocumentBuilder::add_participants(Xapian::Document& doc, const Participants& p) const {
    auto add = [&](const schema::Field& field, const std::vector<std::string>& keys) {
        std::string slot;
        for (const auto& key : keys) {
            if (key.empty()) continue;
            doc.add_boolean_term(schema::filter_term(field, key));
            // A word too long for a term (a name of 1,000 letters in a JSON Lines record) is
            // hashed like a long key, not left to Xapian to reject the statement.
            if (!field.words_prefix.empty())
                for (const auto& word : schema::key_words(key)) doc.add_boolean_term(schema::boolean_term(field.words_prefix, word));
            if (!slot.empty()) slot += schema::slot_separator;
            slot += key;
        }
        if (!slot.empty()) doc.add_value(field.slot, slot);
    };
    std::vector<std::string> people, countries, organizations;
    for (const auto& x : p.people) people.push_back(x.key);
    for (const auto& x : p.countries) countries.push_back(x.code);
    for (const auto& x : p.organizations) organizations.push_back(x.key);
    add(schema::person, people);
    for (const auto& x : p.people)
        if (x.tentative && !x.key.empty()) doc.add_boolean_term(schema::boolean_term(schema::tentative_person_prefix, x.key));
    add(schema::country, countries);
    add(schema::org, organizations);
}

// The issuing country as a filter term and in its slot (from:), the speaker's key and the words
// of it as terms and the key in its slot (speaker:), as for a person.
void DocumentBuilder::add_issuer(Xapian::Document& doc, const Issuer& issuer) const {
    if (!issuer.country.empty()) {
        doc.add_boolean_term(schema::filter_term(schema::from, issuer.country));
        doc.add_value(schema::from.slot, issuer.country);
    }
    if (const std::string key = issuer.speaker.empty() ? std::string() : extractor_.person_key(issuer.speaker); !key.empty()) {
        doc.add_boolean_term(schema::filter_term(schema::speaker, key));
        for (const auto& word : schema::key_words(key)) doc.add_boolean_term(schema::boolean_term(schema::speaker.words_prefix, word));
        doc.add_value(schema::speaker.slot, key);
    }
}

Xapian::Document DocumentBuilder::build(const Statement& s) {
    Participants participants = extractor_.extract(s);
    extractor_.merge(participants, s.participants);
    extractor_.merge(participants, extractor_.tagged(s));
    const Issuer issuer = extractor_.issuer(s);
    Xapian::Document doc;
    // The language: as the input gives it, else CLD2's reading of the text (or none).
    const std::string language = !s.language.empty() ? s.language : detect_language(language_sample(s));
    doc.add_value(schema::slot_header, stored::header_of(s, participants, issuer, language));
    if (std::string mentions = stored::mentions_of(participants); !mentions.empty()) doc.add_value(schema::slot_mentions, mentions);
    doc.set_data(s.body);
    add_participants(doc, participants);
    doc.add_boolean_term(id_term(s.id));
    // Single-valued fields: a filter term, and the same normalised value in the field's slot
    // for its facet, so that every facet value works as a filter.
    for (const auto& [field, value] : {std::pair{&schema::lang, &language}, std::pair{&schema::place, &s.dateline},
                                       std::pair{&schema::source, &s.source}}) {
        if (value->empty()) continue;
        const std::string key = schema::value_key(*field, *value);
        doc.add_boolean_term(schema::boolean_term(field->prefix, key));
        doc.add_value(field->slot, key);
        if (!field->words_prefix.empty())
            for (const auto& word : schema::value_words(*value)) doc.add_boolean_term(schema::boolean_term(field->words_prefix, word));
    }
    add_issuer(doc, issuer);
    if (s.date) {
        // A partial date gets only the terms of its own precision and above: "1963" is in the
        // year 1963 but not in any month of it.
        const std::string key = s.date->first_day_key();
        doc.add_boolean_term(std::string(schema::year_prefix) + key.substr(0, 4));
        if (s.date->precision() != Date::Precision::year)
            doc.add_boolean_term(std::string(schema::month_prefix) + key.substr(0, 6));
        if (s.date->precision() == Date::Precision::day) doc.add_boolean_term(std::string(schema::day_prefix) + key);
        doc.add_value(schema::slot_date_first, key);
        doc.add_value(schema::slot_date_last, s.date->last_day_key());
    }

    // Thai, Lao, Khmer and Burmese get spaces between their words, which the term generator
    // does not find (Chinese, Japanese and Korean it splits into characters itself).
    const std::string title = text::separate_unspaced_words(text::normalize(s.title), " ");
    const std::string body = text::separate_unspaced_words(text::normalize(s.body), " ");
    generator_.set_stemmer(stemmer(language));
    generator_.set_document(doc);
    generator_.set_termpos(0);
    if (!title.empty()) {
        generator_.index_text(title, 1, std::string(schema::title.prefix));
        generator_.increase_termpos(schema::field_gap);
        // A word of the title counts twice among the words of the statement (docs/design.md,
        // "Ranking").
        generator_.index_text(title, schema::title_wdf);
        generator_.increase_termpos(schema::field_gap);
    }
    generator_.index_text(body);
    {
        std::set<std::vector<std::string>> title_words, words;
        hyphenated_words(title, title_words);
        hyphenated_words(body, words);
        words.insert(title_words.begin(), title_words.end());
        const Xapian::Stem& stem = stemmer(language);
        // `doc` shares the generator's document (a Xapian::Document is a handle).
        add_joined_words(doc, title_words, std::string(schema::title.prefix), stem);
        add_joined_words(doc, words, std::string(), stem);
    }

    // Statements in other languages also get stemmed terms of the query language, added only
    // where they differ, so that a word typed with the default stemmer finds them too.
    const std::string lang = primary_language(language);
    if (!lang.empty() && lang != query_language) {
        Xapian::Document extra;
        query_language_generator_.set_document(extra);
        query_language_generator_.index_text_without_positions(title);
        query_language_generator_.index_text_without_positions(body);
        doc = generator_.get_document();
        for (auto t = extra.termlist_begin(); t != extra.termlist_end(); ++t) {
            const std::string term = *t;
            if (text::has_cjk(term)) continue; // characters, not words an English stemmer knows
            auto existing = doc.termlist_begin();
            existing.skip_to(term);
            if (existing == doc.termlist_end() || *existing != term) doc.add_term(term, t.get_wdf());
        }
    }
    // Let go of the document, so that the builder keeps no reference to it once it is handed
    // to another thread.
    generator_.set_document(Xapian::Document());
    query_language_generator_.set_document(Xapian::Document());
    return doc;
}

} // namespace mofa
