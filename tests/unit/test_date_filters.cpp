// Date filters: --since and --until, and relative dates (today, yesterday, times ago), through
// the public API on an index of corpus/.
#include <mofa/error.hpp>
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace mofa;
using mofa::test::corpus_index;
using mofa::test::corpus::total;

TEST_SUITE("date filters") {

TEST_CASE("since and until are date ranges") {
    Searcher searcher(corpus_index());
    SearchRequest request;
    request.limit = 1000;
    request.since = "2020";
    request.until = "2022-06";
    const auto result = searcher.search(request);
    CHECK(result.total == total("date:2020..2022-06"));
    CHECK(result.total > 0);
    for (const auto& hit : result.hits) {
        REQUIRE(hit.statement.date);
        CHECK(hit.statement.date->first_day_key() >= "20200101");
        CHECK(hit.statement.date->last_day_key() <= "20220630");
    }
    request.since = "2023-02-30";
    CHECK_THROWS_AS(searcher.search(request), Error);
    request.since = "1y";
    request.until = "";
    CHECK_NOTHROW(searcher.search(request));
}

TEST_CASE("relative dates: today, yesterday and times ago") {
    CHECK(total("date:..today") == total("date:..9999"));
    CHECK(total("date:today..") <= total("date:yesterday.."));
    CHECK(total("date:30d..") <= total("date:1y.."));
    CHECK(total("date:100y..") == total("date:..9999"));
    CHECK_THROWS_AS(total("date:tomorrow"), Error);
    CHECK_THROWS_AS(total("date:12q.."), Error);
}

}
