#include "people.hpp"

#include "json_mapping.hpp"
#include "schema.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace mofa::people {
namespace {

// How far apart in days the statements are that say who a surname is, and how clearly one
// person must lead: at least `min_lead` statements in the window, and `share` of all the
// candidates' statements there.
constexpr long window_days = 366;
constexpr std::size_t min_lead = 2;
constexpr double share = 0.8;

// A day number of a date slot value (YYYYMMDD); close enough to compare distances of days.
long day_of(const std::string& key) {
    if (key.size() != 8) return -1;
    const long year = std::stol(key.substr(0, 4)), month = std::stol(key.substr(4, 2)), day = std::stol(key.substr(6, 2));
    return year * 372 + (month - 1) * 31 + day;
}

// The first day of a statement's date (slot_date_first), from a value stream that the caller
// moves forward through ascending docids: no document is opened.
std::string first_day(const Xapian::Database& db, Xapian::ValueIterator& dates, Xapian::docid id) {
    if (dates == db.valuestream_end(schema::slot_date_first)) return {};
    dates.skip_to(id);
    if (dates == db.valuestream_end(schema::slot_date_first) || dates.get_docid() != id) return {};
    return *dates;
}

std::vector<std::string> split_keys(const std::string& slot) {
    std::vector<std::string> keys;
    std::size_t start = 0;
    while (start <= slot.size()) {
        const std::size_t end = std::min(slot.find(schema::slot_separator, start), slot.size());
        if (end > start) keys.push_back(slot.substr(start, end - start));
        start = end + 1;
    }
    return keys;
}

// A person of the index whose full name ends in a surname: the days of its dated statements
// (sorted) and how many it has undated.
struct Candidate {
    std::string key;
    std::vector<long> days;
    std::size_t statements = 0;

    std::size_t near(long day) const {
        if (day < 0) return statements;
        return static_cast<std::size_t>(std::upper_bound(days.begin(), days.end(), day + window_days) -
                                        std::lower_bound(days.begin(), days.end(), day - window_days));
    }
};

Candidate candidate(const Xapian::Database& db, const std::string& key) {
    Candidate c{key, {}, 0};
    Xapian::ValueIterator dates = db.valuestream_begin(schema::slot_date_first);
    const std::string term = schema::filter_term(schema::person, key);
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
        ++c.statements;
        if (const long day = day_of(first_day(db, dates, *p)); day >= 0) c.days.push_back(day);
    }
    std::sort(c.days.begin(), c.days.end());
    return c;
}

// The display name of a person's key, from a statement that has it.
std::string name_of(const Xapian::Database& db, const std::string& key) {
    const std::string term = schema::filter_term(schema::person, key);
    auto p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return key;
    const auto header = nlohmann::json::parse(db.get_document(*p).get_value(schema::slot_header), nullptr, false);
    if (header.is_object() && header.contains("participants") && header["participants"].contains("people"))
        for (const auto& person : header["participants"]["people"])
            if (person.value("key", "") == key) return person.value("name", key);
    return key;
}

// Gives the document the key `full` in place of `surname`: terms, slot, header and mentions.
void rekey(Xapian::WritableDatabase& db, Xapian::docid id, const std::string& surname, const std::string& full,
           const std::string& name) {
    Xapian::Document doc = db.get_document(id);
    doc.remove_term(schema::filter_term(schema::person, surname));
    // The full name the index knows is no tentative one.
    const std::string tentative = schema::boolean_term(schema::tentative_person_prefix, surname);
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(tentative);
    if (t != doc.termlist_end() && *t == tentative) doc.remove_term(tentative);
    doc.add_boolean_term(schema::filter_term(schema::person, full));
    for (const auto& word : schema::key_words(full)) doc.add_boolean_term(schema::boolean_term(schema::person.words_prefix, word));

    std::vector<std::string> keys = split_keys(doc.get_value(schema::person.slot));
    const bool had_full = std::find(keys.begin(), keys.end(), full) != keys.end();
    std::string slot;
    for (const auto& key : keys) {
        if (key == surname && had_full) continue;
        if (!slot.empty()) slot += schema::slot_separator;
        slot += key == surname ? full : key;
    }
    doc.add_value(schema::person.slot, slot);

    // The header's person (and its mentions, in the same place of the mentions slot).
    auto header = ordered_json::parse(doc.get_value(schema::slot_header), nullptr, false);
    auto mentions = ordered_json::parse(doc.get_value(schema::slot_mentions), nullptr, false);
    const bool with_mentions = mentions.is_array() && !mentions.empty() && mentions[0].is_array();
    if (header.is_object() && header.contains("participants") && header["participants"].contains("people")) {
        auto& people = header["participants"]["people"];
        std::size_t at = people.size(), existing = people.size();
        for (std::size_t i = 0; i < people.size(); ++i) {
            const std::string key = people[i].value("key", "");
            if (key == surname) at = i;
            if (key == full) existing = i;
        }
        if (at < people.size()) {
            if (existing < people.size()) {
                // The statement names the person in full too: one entry, with both ways.
                if (people[existing]["role"].is_null() || people[existing].value("role", "").empty())
                    people[existing]["role"] = people[at]["role"];
                if (with_mentions && at < mentions[0].size() && existing < mentions[0].size()) {
                    for (const auto& m : mentions[0][at]) mentions[0][existing].push_back(m);
                    mentions[0].erase(at);
                }
                people.erase(at);
            } else {
                people[at]["name"] = name;
                people[at]["key"] = full;
                people[at].erase("tentative");
            }
            doc.add_value(schema::slot_header, dump(header));
            if (with_mentions) doc.add_value(schema::slot_mentions, dump(mentions));
        }
    }
    db.replace_document(id, doc);
}

} // namespace

std::size_t resolve_surnames(Xapian::WritableDatabase& db) {
    // Every person key: one word alone (a surname), or the last word of a full name.
    const std::string prefix(schema::person.prefix);
    std::vector<std::string> surnames;
    std::unordered_map<std::string, std::vector<std::string>> full_by_surname;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        std::string key = (*t).substr(prefix.size());
        if (!key.empty() && key[0] == ':') continue; // no key starts with a capital; not ours
        if (key.find('#') != std::string::npos) continue; // a hashed long key
        const std::size_t space = key.rfind(' ');
        if (space == std::string::npos) {
            if (key.size() >= 3) surnames.push_back(std::move(key));
        } else {
            full_by_surname[key.substr(space + 1)].push_back(std::move(key));
        }
    }
    std::size_t rewritten = 0;
    std::map<std::string, std::string> names;
    for (const auto& surname : surnames) {
        const auto found = full_by_surname.find(surname);
        if (found == full_by_surname.end()) continue;
        std::vector<Candidate> candidates;
        for (const auto& key : found->second) candidates.push_back(candidate(db, key));
        // Decide for each statement first, then rewrite (rewriting changes the posting list).
        std::vector<std::pair<Xapian::docid, const Candidate*>> decided;
        const std::string term = schema::filter_term(schema::person, surname);
        Xapian::ValueIterator dates = db.valuestream_begin(schema::slot_date_first);
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            const long day = day_of(first_day(db, dates, *p));
            const Candidate* best = nullptr;
            std::size_t best_count = 0, total = 0;
            for (const auto& c : candidates) {
                const std::size_t n = c.near(day);
                total += n;
                if (n > best_count) {
                    best = &c;
                    best_count = n;
                }
            }
            if (best && best_count >= min_lead && static_cast<double>(best_count) >= share * static_cast<double>(total))
                decided.emplace_back(*p, best);
        }
        for (const auto& [id, c] : decided) {
            auto name = names.find(c->key);
            if (name == names.end()) name = names.emplace(c->key, name_of(db, c->key)).first;
            rekey(db, id, surname, c->key, name->second);
            ++rewritten;
        }
    }
    return rewritten;
}

} // namespace mofa::people
