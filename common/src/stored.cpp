#include "stored.hpp"

#include "schema.hpp"

#include <mofa/error.hpp>

#include <fmt/format.h>

namespace mofa::stored {
namespace {

std::string string_or_empty(const nlohmann::json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() || it->is_null() ? std::string() : it->get<std::string>();
}

} // namespace

nlohmann::ordered_json participants_to_json(const Participants& p) {
    nlohmann::ordered_json people = nlohmann::ordered_json::array();
    for (const auto& person : p.people)
        people.push_back({{"name", person.name},
                          {"role", person.role.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(person.role)}});
    nlohmann::ordered_json countries = nlohmann::ordered_json::array();
    for (const auto& country : p.countries) countries.push_back({{"code", country.code}, {"name", country.name}});
    nlohmann::ordered_json organizations = nlohmann::ordered_json::array();
    for (const auto& org : p.organizations) organizations.push_back({{"name", org.name}});
    return {{"people", people}, {"countries", countries}, {"organizations", organizations}};
}

Participants participants_from_json(const nlohmann::json& json) {
    Participants p;
    if (json.contains("people"))
        for (const auto& person : json.at("people"))
            p.people.push_back({.name = person.at("name").get<std::string>(),
                                .role = string_or_empty(person, "role"),
                                .key = string_or_empty(person, "key"),
                                .mentions = {}});
    if (json.contains("countries"))
        for (const auto& country : json.at("countries"))
            p.countries.push_back({country.at("code").get<std::string>(), string_or_empty(country, "name")});
    if (json.contains("organizations"))
        for (const auto& org : json.at("organizations"))
            p.organizations.push_back(
                {.name = org.at("name").get<std::string>(), .key = string_or_empty(org, "key"), .mentions = {}});
    return p;
}

namespace {

// The stored form keeps the canonical keys as well, so that facets can show names.
nlohmann::ordered_json participants_with_keys(const Participants& p) {
    nlohmann::ordered_json json = participants_to_json(p);
    for (std::size_t i = 0; i < p.people.size(); ++i) json["people"][i]["key"] = p.people[i].key;
    for (std::size_t i = 0; i < p.organizations.size(); ++i) json["organizations"][i]["key"] = p.organizations[i].key;
    return json;
}

} // namespace

std::string header_of(const Statement& s, const Participants& participants) {
    nlohmann::ordered_json header = {
        {"id", s.id},       {"date", s.date ? s.date->to_string() : std::string()},
        {"title", s.title}, {"dateline", s.dateline},
        {"source", s.source}, {"url", s.url},
        {"language", s.language}, {"path", s.path},
        {"participants", participants_with_keys(participants)},
    };
    if (s.title.empty()) header["heading"] = first_sentence(s.body);
    return header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Statement from_document(const Xapian::Document& doc, bool with_body, std::string* heading) try {
    const auto json = nlohmann::json::parse(doc.get_value(schema::slot_header));
    Statement s;
    s.id = string_or_empty(json, "id");
    if (const std::string date = string_or_empty(json, "date"); !date.empty()) s.date = Date::parse(date);
    s.title = string_or_empty(json, "title");
    s.dateline = string_or_empty(json, "dateline");
    s.source = string_or_empty(json, "source");
    s.url = string_or_empty(json, "url");
    s.language = string_or_empty(json, "language");
    s.path = string_or_empty(json, "path");
    if (const auto it = json.find("participants"); it != json.end()) s.participants = participants_from_json(*it);
    if (with_body) s.body = doc.get_data();
    if (heading) *heading = s.title.empty() ? string_or_empty(json, "heading") : s.title;
    return s;
} catch (const nlohmann::json::exception& e) {
    throw Error(ErrorCategory::index, fmt::format("statement #{} of the index is damaged: {}", doc.get_docid(), e.what()),
                "rebuild the index: move it away and run mofa-index again");
}

} // namespace mofa::stored
