#include "stored.hpp"

#include "json_mapping.hpp"
#include "schema.hpp"

#include <mofa/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace mofa::stored {
// The fields of mofa's output with "" for absent values, the path, the participants with their
// canonical keys (so that facets can show names) and the heading of a statement without title.
std::string header_of(const Statement& s, const Participants& participants, const Issuer& issuer, std::string_view language) {
    ordered_json header = {{"id", s.id}};
    put_statement_fields(header, s, Absent::empty_string);
    header["language"] = language;
    header["path"] = s.path;
    ordered_json& stored = header["participants"] = participants;
    for (std::size_t i = 0; i < participants.people.size(); ++i) {
        stored["people"][i]["key"] = participants.people[i].key;
        if (participants.people[i].tentative) stored["people"][i]["tentative"] = true;
    }
    for (std::size_t i = 0; i < participants.organizations.size(); ++i)
        stored["organizations"][i]["key"] = participants.organizations[i].key;
    if (!issuer.empty()) header["issuer"] = issuer;
    if (s.title.empty()) header["heading"] = first_sentence(s.body);
    return dump(header);
}

std::string mentions_of(const Participants& p) {
    const auto lists = [](const auto& participants) {
        ordered_json out = ordered_json::array();
        for (const auto& x : participants) out.push_back(x.mentions);
        return out;
    };
    const auto none = [](const auto& participants) {
        return std::all_of(participants.begin(), participants.end(), [](const auto& x) { return x.mentions.empty(); });
    };
    if (none(p.people) && none(p.countries) && none(p.organizations)) return {};
    return dump(ordered_json::array({lists(p.people), lists(p.countries), lists(p.organizations)}));
}

namespace {

// The mentions of the slot into the participants read from the header (a list shorter or
// longer than theirs, from a damaged value, fills what matches).
void read_mentions(const std::string& value, Participants& p) {
    if (value.empty()) return;
    const auto json = nlohmann::json::parse(value);
    const auto fill = [&json](std::size_t list, auto& participants) {
        if (list >= json.size()) return;
        const auto& lists = json.at(list);
        for (std::size_t i = 0; i < participants.size() && i < lists.size(); ++i)
            participants[i].mentions = lists.at(i).template get<std::vector<std::string>>();
    };
    fill(0, p.people);
    fill(1, p.countries);
    fill(2, p.organizations);
}

} // namespace

Statement from_document(const Xapian::Document& doc, bool with_body, std::string* heading, bool with_mentions) try {
    const auto json = nlohmann::json::parse(doc.get_value(schema::slot_header));
    Statement s;
    get_statement_strings(s, [&json](const char* key) { return string_or_empty(json, key); });
    if (const std::string date = string_or_empty(json, "date"); !date.empty()) s.date = Date::parse(date);
    s.path = string_or_empty(json, "path");
    if (const auto it = json.find("participants"); it != json.end()) {
        it->get_to(s.participants);
        // The index's own mark (never read from input records): Searcher hides such a person.
        if (const auto people = it->find("people"); people != it->end())
            for (std::size_t i = 0; i < s.participants.people.size() && i < people->size(); ++i)
                s.participants.people[i].tentative = (*people)[i].value("tentative", false);
    }
    if (const auto it = json.find("issuer"); it != json.end()) s.issuer = {string_or_empty(*it, "country"), string_or_empty(*it, "speaker")};
    if (with_body) s.body = doc.get_data();
    if (with_mentions) read_mentions(doc.get_value(schema::slot_mentions), s.participants);
    if (heading) *heading = s.title.empty() ? string_or_empty(json, "heading") : s.title;
    return s;
} catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::index, fmt::format("statement #{} of the index is damaged: {}", doc.get_docid(), e.what()),
                "rebuild the index: move it away and run mofa-index again");
}

} // namespace mofa::stored
