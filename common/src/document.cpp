#include "document.hpp"

#include "schema.hpp"
#include "stored.hpp"
#include "text.hpp"

namespace mofa {

namespace {

// "en-GB" → "en", "FR" → "fr".
std::string primary_language(const std::string& language) {
    return text::normalize_value(language.substr(0, language.find_first_of("-_")));
}

} // namespace

Xapian::Stem stemmer_for(const std::string& language) {
    if (language.empty()) return Xapian::Stem(query_language);
    // Xapian knows ISO 639-1 codes and English names.
    return Xapian::Stem(primary_language(language), /*fallback to none*/ true);
}

DocumentBuilder::DocumentBuilder(const ParticipantExtractor& extractor) : extractor_(extractor) {
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

std::vector<std::string> words_of(const std::string& key) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < key.size()) {
        const std::size_t space = std::min(key.find(' ', start), key.size());
        if (space > start) words.push_back(key.substr(start, space - start));
        start = space + 1;
    }
    return words;
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
                for (const auto& word : words_of(key)) doc.add_boolean_term(schema::boolean_term(field.words_prefix, word));
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
    add(schema::country, countries);
    add(schema::org, organizations);
}

Xapian::Document DocumentBuilder::build(const Statement& s) {
    Participants participants = extractor_.extract(s);
    extractor_.merge(participants, s.participants);
    Xapian::Document doc;
    doc.add_value(schema::slot_header, stored::header_of(s, participants));
    doc.set_data(s.body);
    add_participants(doc, participants);
    doc.add_boolean_term(id_term(s.id));
    // Single-valued fields: a filter term, and the same normalised value in the field's slot
    // for its facet, so that every facet value works as a filter.
    for (const auto& [field, value] : {std::pair{&schema::lang, &s.language}, std::pair{&schema::place, &s.dateline},
                                       std::pair{&schema::source, &s.source}}) {
        if (value->empty()) continue;
        doc.add_boolean_term(schema::filter_term(*field, *value));
        doc.add_value(field->slot, text::normalize_value(*value));
    }
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

    const std::string title = text::normalize(s.title);
    const std::string body = text::normalize(s.body);
    generator_.set_stemmer(stemmer(s.language));
    generator_.set_document(doc);
    generator_.set_termpos(0);
    if (!title.empty()) {
        generator_.index_text(title, 1, std::string(schema::title.prefix));
        generator_.increase_termpos(schema::field_gap);
        generator_.index_text(title);
        generator_.increase_termpos(schema::field_gap);
    }
    generator_.index_text(body);

    // Statements in other languages also get stemmed terms of the query language, added only
    // where they differ, so that a word typed with the default stemmer finds them too.
    const std::string lang = primary_language(s.language);
    if (!lang.empty() && lang != query_language) {
        Xapian::Document extra;
        query_language_generator_.set_document(extra);
        query_language_generator_.index_text_without_positions(title);
        query_language_generator_.index_text_without_positions(body);
        doc = generator_.get_document();
        for (auto t = extra.termlist_begin(); t != extra.termlist_end(); ++t) {
            const std::string term = *t;
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
