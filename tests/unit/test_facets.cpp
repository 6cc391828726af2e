// Facets: every value a filter with its count, multi-valued fields, unknown facets, and the
// facets among the query language's fields; through the public API on an index of corpus/.
#include <mofa/error.hpp>
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace mofa;
using mofa::test::corpus::search;
using mofa::test::corpus::total;

TEST_SUITE("facets") {

TEST_CASE("every facet value is a filter: FIELD:\"VALUE\" added to the query gives its count") {
    std::size_t checked = 0;
    for (const std::string query : {"", "russia", "minister OR ministers", "date:2020..", "country:IN"}) {
        const auto result = search(query, facet_fields());
        REQUIRE(result.facets.size() == facet_fields().size());
        CHECK(result.total_exact);
        for (const auto& facet : result.facets) {
            CAPTURE(query);
            CAPTURE(facet.field);
            CHECK(facet.distinct == facet.values.size()); // facet_size 1000 shows them all
            std::size_t previous = SIZE_MAX;
            for (const auto& v : facet.values) {
                CAPTURE(v.value);
                CHECK(v.count > 0);
                CHECK(v.count <= previous); // most frequent first
                previous = v.count;
                CHECK_FALSE(v.label.empty());
                const std::string filtered = (query.empty() ? "" : "(" + query + ") ") + facet.field + ":\"" + v.value + "\"";
                CHECK(total(filtered) == v.count);
                ++checked;
            }
        }
    }
    CHECK(checked > 300);
}

TEST_CASE("multi-valued fields count each statement once per value; labels are names as written") {
    const auto result = search("", {"country", "person", "lang", "year", "month"});
    const std::size_t all = result.total;
    std::size_t sum = 0;
    for (const auto& v : result.facets[0].values) {
        CHECK(v.count <= all);
        sum += v.count;
    }
    CHECK(sum > all); // statements name several countries
    bool lavrov = false;
    for (const auto& v : result.facets[1].values)
        if (v.value == "sergey lavrov") lavrov = v.label == "Sergey Lavrov" && v.count >= 2; // en and ru spellings
    CHECK(lavrov);
    std::set<std::string> languages;
    for (const auto& v : result.facets[2].values) languages.insert(v.value + "=" + v.label);
    CHECK(languages.count("fr=French"));
    CHECK(languages.count("ru=Russian"));
    // A year counts every dated statement; a month only those dated to the month or day.
    std::size_t years = 0, months = 0;
    for (const auto& v : result.facets[3].values) years += v.count;
    for (const auto& v : result.facets[4].values) months += v.count;
    CHECK(years == total("date:..9999"));
    CHECK(months == years - 2); // corpus/ has two statements dated by the year only
}

TEST_CASE("unknown facets are usage errors") {
    CHECK_THROWS_AS(search("russia", {"colour"}), Error);
    try {
        search("russia", {"body"});
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::usage);
        CHECK(std::string(e.hint()).find("person") != std::string::npos);
    }
}

TEST_CASE("the query language lists its fields; facets are among them") {
    std::set<std::string> names;
    for (const auto& f : query_fields()) {
        names.insert(f.name);
        CHECK_FALSE(f.description.empty());
    }
    for (const auto& f : facet_fields()) CHECK(names.count(f));
    for (const auto& f : default_facets()) CHECK(names.count(f));
}

}
