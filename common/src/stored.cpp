#include "stored.hpp"

#include "json_mapping.hpp"
#include "schema.hpp"

#include <mofa/error.hpp>

#include <fmt/format.h>

namespace mofa::stored {
// The fields of mofa's output with "" for absent values, the path, the participants with their
// canonical keys (so that facets can show names) and the heading of a statement without title.
std::string header_of(const Statement& s, const Participants& participants, std::string_view language) {
    ordered_json header = {{"id", s.id}};
    put_statement_fields(header, s, Absent::empty_string);
    header["language"] = language;
    header["path"] = s.path;
    ordered_json& stored = header["participants"] = participants;
    for (std::size_t i = 0; i < participants.people.size(); ++i) stored["people"][i]["key"] = participants.people[i].key;
    for (std::size_t i = 0; i < participants.organizations.size(); ++i)
        stored["organizations"][i]["key"] = participants.organizations[i].key;
    if (s.title.empty()) header["heading"] = first_sentence(s.body);
    return dump(header);
}

Statement from_document(const Xapian::Document& doc, bool with_body, std::string* heading) try {
    const auto json = nlohmann::json::parse(doc.get_value(schema::slot_header));
    Statement s;
    get_statement_strings(s, [&json](const char* key) { return string_or_empty(json, key); });
    if (const std::string date = string_or_empty(json, "date"); !date.empty()) s.date = Date::parse(date);
    s.path = string_or_empty(json, "path");
    if (const auto it = json.find("participants"); it != json.end()) it->get_to(s.participants);
    if (with_body) s.body = doc.get_data();
    if (heading) *heading = s.title.empty() ? string_or_empty(json, "heading") : s.title;
    return s;
} catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::index, fmt::format("statement #{} of the index is damaged: {}", doc.get_docid(), e.what()),
                "rebuild the index: move it away and run mofa-index again");
}

} // namespace mofa::stored
