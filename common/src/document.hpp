// Turns a Statement into a Xapian document according to the schema.
#pragma once

#include <mofa/participants.hpp>
#include <mofa/statement.hpp>

#include <xapian.h>

#include <map>
#include <string>

namespace mofa {

/// The language whose stemmer queries use by default, and which every document also gets
/// stemmed terms for, so that a word typed in a query finds statements of any language.
inline constexpr const char* query_language = "en";

/// The stemmer of an ISO 639-1 language: English when unknown (empty), mofa's light stemmers for
/// Arabic and Ukrainian, none when Xapian has no stemmer for it.
Xapian::Stem stemmer_for(const std::string& language);

/// Builds documents; keeps one term generator and stemmers across documents. One per thread.
class DocumentBuilder {
public:
    /// Extracts participants with `extractor` (the shared one by default).
    explicit DocumentBuilder(const ParticipantExtractor& extractor = ParticipantExtractor::shared());
    Xapian::Document build(const Statement& statement);

    /// The unique id term of a statement id.
    static std::string id_term(const std::string& id);

private:
    const Xapian::Stem& stemmer(const std::string& language);

    void add_participants(Xapian::Document& doc, const Participants& participants) const;
    void add_issuer(Xapian::Document& doc, const Issuer& issuer) const;

    const ParticipantExtractor& extractor_;
    Xapian::TermGenerator generator_;
    Xapian::TermGenerator query_language_generator_;
    std::map<std::string, Xapian::Stem> stemmers_;
};

} // namespace mofa
