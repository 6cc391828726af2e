// Measures how well participants agree across languages: the statements of ../shared/corpus that
// were published in two languages (cn-mfa: a Chinese and an English page of the same date and
// kind; ua-pres: a Ukrainian and an English record with the same id after the language) are
// read from standard input (scripts/eval-participants-pairs feeds them), paired, and their
// participants extracted. For countries, people and organisations: of the keys found in one
// version, the share also found in the other, both ways, and the keys most often found on one
// side only.
#include <mofa/participants.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace {

struct Version {
    std::string id;
    mofa::Statement statement;
};

// The pair a record belongs to, and which side of it ("en" or the other language); empty when
// the record is in no pair.
std::pair<std::string, std::string> pair_key(const std::string& id, const std::string& language) {
    // cn-mfa/zh/2019-05-08-regular-press-conference-t1661695: date and kind.
    if (id.starts_with("cn-mfa/")) {
        const auto rest = id.substr(id.find('/', 7) + 1);
        const auto t = rest.rfind("-t");
        return {"cn-mfa/" + rest.substr(0, t), language};
    }
    // ua-pres/uk/2022-03-01T1200-abcdef: everything after the language.
    if (id.starts_with("ua-pres/")) return {"ua-pres/" + id.substr(id.find('/', 8) + 1), language};
    return {};
}

struct Agreement {
    std::size_t found[2] = {0, 0}, also[2] = {0, 0};
    std::map<std::string, std::size_t> only[2];
};

template <typename Keys> void compare(Agreement& a, const Keys& left, const Keys& right) {
    const Keys* sides[2] = {&left, &right};
    for (int s = 0; s < 2; ++s)
        for (const auto& key : *sides[s]) {
            ++a.found[s];
            if (sides[1 - s]->count(key)) ++a.also[s];
            else ++a.only[s][key];
        }
}

void report(const std::string& corpus, const std::string& what, const Agreement& a, const std::string& other) {
    auto share = [](std::size_t part, std::size_t whole) { return whole ? static_cast<double>(part) / static_cast<double>(whole) : 0.0; };
    fmt::print("{:<8} {:<14} {}→en {:>5}/{:<5} {:.3f}   en→{} {:>5}/{:<5} {:.3f}\n", corpus, what, other, a.also[1], a.found[1],
               share(a.also[1], a.found[1]), other, a.also[0], a.found[0], share(a.also[0], a.found[0]));
    for (int s = 1; s >= 0; --s) {
        std::vector<std::pair<std::size_t, std::string>> top;
        for (const auto& [key, n] : a.only[s]) top.emplace_back(n, key);
        std::sort(top.rbegin(), top.rend());
        if (top.size() > 12) top.resize(12);
        std::string list;
        for (const auto& [n, key] : top) list += fmt::format("{}{} {}", list.empty() ? "" : ", ", key, n);
        fmt::print("    only in {}: {}\n", s == 0 ? "en" : other, list);
    }
}

} // namespace

int main(int argc, char** argv) {
    // --show KEY: the ids of the pairs where KEY (a country code or a name) is on one side only.
    const std::string show = argc > 2 && std::string(argv[1]) == "--show" ? argv[2] : "";
    std::map<std::string, std::map<std::string, std::vector<Version>>> pairs; // key → language → versions
    for (std::string line; std::getline(std::cin, line);) {
        const auto record = nlohmann::json::parse(line);
        const auto [key, language] = pair_key(record.value("id", ""), record.value("language", ""));
        if (key.empty()) continue;
        Version v;
        v.id = record["id"];
        if (record["title"].is_string()) v.statement.title = record["title"];
        v.statement.body = record.value("body", "");
        v.statement.language = language;
        pairs[key][language].push_back(std::move(v));
    }
    const auto& extractor = mofa::ParticipantExtractor::shared();
    struct Totals {
        std::size_t pairs = 0;
        std::string other;
        Agreement countries, people, organizations;
    };
    std::map<std::string, Totals> totals;
    for (const auto& [key, sides] : pairs) {
        if (sides.size() != 2 || !sides.count("en")) continue;
        const auto& other = sides.begin()->first == "en" ? *std::next(sides.begin()) : *sides.begin();
        // Only unambiguous pairs: one version on each side.
        if (sides.at("en").size() != 1 || other.second.size() != 1) continue;
        const auto en = extractor.extract(sides.at("en").front().statement);
        const auto xx = extractor.extract(other.second.front().statement);
        Totals& t = totals[key.substr(0, key.find('/'))];
        ++t.pairs;
        t.other = other.first;
        std::set<std::string> c[2], p[2], o[2];
        const mofa::Participants* both[2] = {&en, &xx};
        for (int s = 0; s < 2; ++s) {
            for (const auto& x : both[s]->countries) c[s].insert(x.code);
            for (const auto& x : both[s]->people) p[s].insert(x.name);
            for (const auto& x : both[s]->organizations) o[s].insert(x.name);
        }
        if (!show.empty())
            for (int s = 0; s < 2; ++s)
                if ((c[s].count(show) && !c[1 - s].count(show)) || (p[s].count(show) && !p[1 - s].count(show)) ||
                    (o[s].count(show) && !o[1 - s].count(show)))
                    fmt::print("{} only in {}: {}\n", show, s == 0 ? "en" : other.first,
                               s == 0 ? sides.at("en").front().id : other.second.front().id);
        compare(t.countries, c[0], c[1]);
        compare(t.people, p[0], p[1]);
        compare(t.organizations, o[0], o[1]);
    }
    for (const auto& [corpus, t] : totals) {
        fmt::print("{}: {} pairs\n", corpus, t.pairs);
        report(corpus, "countries", t.countries, t.other);
        report(corpus, "people", t.people, t.other);
        report(corpus, "organisations", t.organizations, t.other);
    }
}
