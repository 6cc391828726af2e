// Networks: the pairs of people, countries or organisations that statements name together, with
// their counts; through the public API on small indexes built here and on the index of corpus/,
// against pairs counted here from the hits' participants.
#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

using namespace mofa;
using mofa::test::TempDir;

namespace {

// A statement naming these countries (ISO codes) and organisations, in a body that names none.
Statement statement(std::string id, std::string date, std::string body, std::vector<std::string> countries,
                    std::vector<std::string> organizations = {}) {
    Statement s;
    s.id = std::move(id);
    s.date = Date::parse(date);
    s.body = std::move(body);
    s.language = "en";
    for (auto& code : countries) s.participants.countries.push_back({.code = std::move(code), .name = "", .mentions = {}});
    for (auto& name : organizations) s.participants.organizations.push_back({.name = std::move(name), .key = "", .mentions = {}});
    return s;
}

std::filesystem::path index_of(const TempDir& dir, const std::vector<Statement>& statements) {
    IndexWriter writer(dir / "db");
    for (const auto& s : statements) writer.add(s);
    writer.commit();
    return dir / "db";
}

NetworkRequest request(const std::string& query, const std::string& field, std::size_t limit = 20,
                       DefaultOperator op = DefaultOperator::all_first) {
    NetworkRequest r;
    r.search.query = query;
    r.search.default_operator = op;
    r.field = field;
    r.limit = limit;
    return r;
}

// The total of a search with the network request's options and this query.
std::size_t total(Searcher& searcher, const NetworkRequest& network, const std::string& query) {
    SearchRequest r = network.search;
    r.query = query;
    r.limit = 0;
    r.suggest = false;
    return searcher.search(r).total;
}

// Each edge as "SOURCE-TARGET COUNT".
std::vector<std::string> edges(const NetworkResult& result) {
    std::vector<std::string> out;
    for (const auto& e : result.edges) out.push_back(fmt::format("{}-{} {}", e.source, e.target, e.count));
    return out;
}

// The keys of one field's values that a stored statement has.
std::vector<std::string> keys_of(const Statement& s, const std::string& field) {
    std::vector<std::string> out;
    if (field == "person")
        for (const auto& p : s.participants.people) out.push_back(p.key);
    if (field == "country")
        for (const auto& c : s.participants.countries) out.push_back(c.code);
    if (field == "org")
        for (const auto& o : s.participants.organizations) out.push_back(o.key);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

// The network counted here, pair by pair, from the participants of every match (at most 10000):
// the most frequent pairs first, equal counts in the order of their values' ranks (count, then
// value), each pair's more frequent value first.
std::vector<std::string> counted_here(Searcher& searcher, const NetworkRequest& network) {
    SearchRequest r = network.search;
    r.limit = 10000;
    r.snippet_bytes = 0;
    r.suggest = false;
    const auto result = searcher.search(r);
    std::map<std::string, std::size_t> values;
    std::map<std::pair<std::string, std::string>, std::size_t> pairs;
    std::size_t full = 0;
    for (const auto& hit : result.hits) {
        if (hit.partial) continue; // after the statements with all the words, which are the total
        ++full;
        const auto keys = keys_of(hit.statement, network.field);
        for (std::size_t i = 0; i < keys.size(); ++i) {
            ++values[keys[i]];
            for (std::size_t j = i + 1; j < keys.size(); ++j) ++pairs[{keys[i], keys[j]}];
        }
    }
    REQUIRE(full == result.total);
    std::vector<std::pair<std::string, std::size_t>> ranked(values.begin(), values.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::map<std::string, std::size_t> rank;
    for (std::size_t i = 0; i < ranked.size(); ++i) rank[ranked[i].first] = i;
    std::vector<std::tuple<long, std::size_t, std::size_t>> order; // minus the count (most first), then the two ranks
    for (const auto& [pair, count] : pairs) {
        const auto [a, b] = std::minmax(rank[pair.first], rank[pair.second]);
        order.emplace_back(-static_cast<long>(count), a, b);
    }
    std::sort(order.begin(), order.end());
    std::vector<std::string> out;
    for (const auto& [minus_count, a, b] : order) {
        if (out.size() == network.limit) break;
        out.push_back(fmt::format("{}-{} {}", ranked[a].first, ranked[b].first, -minus_count));
    }
    return out;
}

// Seven statements: Russia in five, Ukraine in four, the United States in three, China in two,
// France in one.
struct Fixture {
    TempDir dir;
    std::filesystem::path db = index_of(
        dir, {statement("s1", "2022-03-01", "The ministers held talks.", {"RU", "UA", "US"}, {"United Nations", "OSCE"}),
              statement("s2", "2022-03-02", "The ministers held talks on grain.", {"RU", "UA"}, {"United Nations"}),
              statement("s3", "2022-07-22", "A grain deal was signed.", {"RU", "UA", "FR"}, {"United Nations"}),
              statement("s4", "2023-03-21", "Trade grew.", {"RU", "CN"}),
              statement("s5", "2023-11-15", "Trade grew again.", {"US", "CN"}),
              statement("s6", "2024-01-10", "More talks were held.", {"RU"}),
              statement("s7", "2024-02-01", "Aid was announced.", {"US", "UA"})});
    Searcher searcher{db};
};

} // namespace

TEST_SUITE("network") {

TEST_CASE_FIXTURE(Fixture, "pairs of countries named together, most frequent first, each with its labels and query") {
    const auto result = searcher.network(request("", "country"));
    CHECK(result.statements == 7);
    CHECK(result.field == "country");
    // Equal counts: the pair of more frequent values first (RU 5, UA 4, US 3, CN 2, FR 1).
    CHECK(edges(result) == std::vector<std::string>{"RU-UA 3", "UA-US 2", "RU-US 1", "RU-CN 1", "RU-FR 1", "UA-FR 1", "US-CN 1"});
    const auto& first = result.edges.front();
    CHECK(first.source_label == "Russia");
    CHECK(first.target_label == "Ukraine");
    CHECK(first.query == "country:\"RU\" country:\"UA\"");
    std::vector<std::string> nodes;
    for (const auto& n : result.nodes) nodes.push_back(fmt::format("{} {} {}", n.value, n.label, n.count));
    CHECK(nodes == std::vector<std::string>{"RU Russia 5", "UA Ukraine 4", "US United States 3", "CN China 2", "FR France 1"});
    for (const auto& e : result.edges) {
        CAPTURE(e.query);
        CHECK(total(searcher, request("", "country"), e.query) == e.count);
    }
}

TEST_CASE_FIXTURE(Fixture, "labels are the facets' labels; values are the facets' values") {
    const auto result = searcher.network(request("", "org"));
    REQUIRE(result.edges.size() == 1);
    SearchRequest facets;
    facets.facets = {"org"};
    const auto facet = searcher.search(facets).facets.at(0).values;
    REQUIRE(facet.size() == 2);
    CHECK(result.edges[0].source == facet[0].value);
    CHECK(result.edges[0].source_label == facet[0].label);
    CHECK(result.edges[0].target == facet[1].value);
    CHECK(result.edges[0].target_label == facet[1].label);
    CHECK(result.edges[0].count == 1);
    CHECK(result.edges[0].query == filter_query("org", facet[0].value) + " " + filter_query("org", facet[1].value));
    CHECK(searcher.network(request("", "person")).edges.empty()); // nobody is named
}

TEST_CASE_FIXTURE(Fixture, "the statements counted are those search() counts in its total, whatever the query and mode") {
    struct Case {
        std::string query;
        DefaultOperator op;
        std::size_t statements;
    };
    for (const Case& c : {Case{"talks", DefaultOperator::all_first, 3}, Case{"talks grain", DefaultOperator::all_first, 1},
                          Case{"talks grain", DefaultOperator::all, 1}, Case{"talks grain", DefaultOperator::any, 4},
                          Case{"talks OR trade", DefaultOperator::all_first, 5}, Case{"-talks", DefaultOperator::all_first, 4},
                          Case{"country:US NOT grain", DefaultOperator::all_first, 3},
                          Case{"country:UA", DefaultOperator::all_first, 4}, Case{"nothing", DefaultOperator::all_first, 0}}) {
        CAPTURE(c.query);
        auto r = request(c.query, "country", 100, c.op);
        const auto result = searcher.network(r);
        CHECK(result.statements == c.statements);
        CHECK(result.statements == total(searcher, r, c.query));
        CHECK(edges(result) == counted_here(searcher, r));
        for (const auto& e : result.edges) {
            CAPTURE(e.query);
            CHECK(total(searcher, r, e.query) == e.count);
        }
        if (!result.edges.empty() && (c.query.find("OR") != std::string::npos || c.query.find("NOT") != std::string::npos))
            CHECK(result.edges[0].query.starts_with("(" + c.query + ") ")); // else `a OR (b FILTERS)`
    }
    // --since and --until choose the statements too (the edge's query is run with them).
    auto dated = request("", "country");
    dated.search.since = "2023";
    const auto result = searcher.network(dated);
    CHECK(result.statements == 4);
    CHECK(edges(result) == std::vector<std::string>{"CN-RU 1", "CN-US 1", "US-UA 1"}); // CN, RU, US 2; UA 1
    for (const auto& e : result.edges) CHECK(total(searcher, dated, e.query) == e.count);
}

TEST_CASE_FIXTURE(Fixture, "the limit keeps the most frequent pairs; 0 keeps none but counts") {
    const auto all = edges(searcher.network(request("", "country")));
    for (const std::size_t limit : std::vector<std::size_t>{1, 2, 3, 6}) {
        const auto some = searcher.network(request("", "country", limit));
        CHECK(edges(some) == std::vector<std::string>(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(limit)));
        CHECK(some.nodes.size() <= 2 * limit);
    }
    const auto none = searcher.network(request("", "country", 0));
    CHECK(none.edges.empty());
    CHECK(none.nodes.empty());
    CHECK(none.statements == 7);
}

TEST_CASE_FIXTURE(Fixture, "fields without pairs and queries that cannot be understood are usage errors") {
    for (const std::string field : {"", "year", "lang", "colour", "Country", "persons"}) {
        CAPTURE(field);
        try {
            searcher.network(request("", field));
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.category() == ErrorCategory::usage);
            CHECK(std::string(e.hint()).find("person, country, org") != std::string::npos);
        }
    }
    CHECK_THROWS_AS(searcher.network(request("\"unclosed", "country")), Error);
    CHECK(network_fields() == std::vector<std::string>{"person", "country", "org"});
}

TEST_CASE("a filter's quotes: a \" inside the value doubled, as the parser reads it back") {
    CHECK(filter_query("country", "RU") == "country:\"RU\"");
    CHECK(filter_query("org", "a \"b\" c") == "org:\"a \"\"b\"\" c\"");
}

// The pairs are counted among the most frequent values first (top_pairs in search.cpp): pairs of
// rare values that are more frequent than the pairs of frequent ones must still come first.
TEST_CASE("frequent values named alone do not hide the pairs of rarer ones") {
    TempDir dir;
    std::vector<Statement> statements;
    auto name = [](int i) { return fmt::format("Body {:03}", i); };
    for (int i = 0; i < 90; ++i) // 90 organisations named in 10 statements each, alone...
        for (int k = 0; k < 10; ++k)
            statements.push_back(statement(fmt::format("alone-{}-{}", i, k), "2020-01-01", "A meeting.", {}, {name(i)}));
    for (int k = 0; k < 2; ++k) // ...but the first two together twice more,
        statements.push_back(statement(fmt::format("hubs-{}", k), "2020-01-02", "A meeting.", {}, {name(0), name(1)}));
    for (int k = 0; k < 3; ++k) // and two rare ones together three times.
        statements.push_back(statement(fmt::format("rare-{}", k), "2020-01-03", "A meeting.", {}, {name(100), name(101)}));
    for (int k = 0; k < 5; ++k) // A few more pairs of middling values, to rank.
        statements.push_back(statement(fmt::format("mixed-{}", k), "2020-01-04", "A meeting.", {},
                                       {name(10 + k), name(20 + k), name(30 + 2 * k)}));
    Searcher searcher(index_of(dir, statements));
    const auto top = searcher.network(request("", "org", 1));
    REQUIRE(top.edges.size() == 1);
    CHECK(top.edges[0].source == "body 100");
    CHECK(top.edges[0].target == "body 101");
    CHECK(top.edges[0].count == 3);
    CHECK(top.nodes.size() == 2);
    for (const std::size_t limit : std::vector<std::size_t>{1, 2, 3, 5, 17, 100}) {
        CAPTURE(limit);
        const auto r = request("", "org", limit);
        CHECK(edges(searcher.network(r)) == counted_here(searcher, r));
    }
}

// corpus/: people, countries and organisations found by extraction, in several languages.
TEST_CASE("on corpus/, the network is the pairs counted from the matches' participants") {
    Searcher searcher(mofa::test::corpus_index());
    std::size_t checked = 0;
    for (const std::string& field : network_fields()) {
        for (const std::string query : {"", "russia", "country:IN", "security OR cooperation"}) {
            for (const std::size_t limit : std::vector<std::size_t>{3, 1000}) {
                CAPTURE(field);
                CAPTURE(query);
                const auto r = request(query, field, limit);
                const auto result = searcher.network(r);
                CHECK(edges(result) == counted_here(searcher, r));
                if (limit > 3) continue;
                for (const auto& e : result.edges) {
                    CAPTURE(e.query);
                    CHECK(total(searcher, r, e.query) == e.count);
                    ++checked;
                }
            }
        }
    }
    CHECK(checked > 20);
}

}
