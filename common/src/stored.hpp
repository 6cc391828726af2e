// The document data stored in the index: what a hit needs to be shown without the source
// files.
#pragma once

#include <mofa/statement.hpp>

#include <xapian.h>

#include <string>

namespace mofa::stored {

/// What a document stores of a statement: a header (one line of JSON with every field but the
/// body, and the heading when there is no title) for the header slot, and the body as it is for
/// the document data. A hit is shown from the small header; the body (up to megabytes, which
/// Xapian keeps zlib-compressed) is read only for snippets and `show`. This is the header, with
/// `participants` and `issuer` in place of the statement's own (so that the body is not copied to
/// change them).
std::string header_of(const Statement& statement, const Participants& participants, const Issuer& issuer, std::string_view language);

/// The forms in which the statement names each participant (Person::mentions...), for the
/// mentions slot: `[[people's],[countries'],[organisations']]`, one list per participant in the
/// order of `participants`; empty when there are none. Apart from the header, since only `show`
/// reads them.
std::string mentions_of(const Participants& participants);

/// A statement from its document; the body and the mentions of its participants are read only
/// when asked for. `heading`, when given, receives the title, or the first sentence of the body
/// when there is no title.
Statement from_document(const Xapian::Document& doc, bool with_body, std::string* heading = nullptr, bool with_mentions = false);

} // namespace mofa::stored
