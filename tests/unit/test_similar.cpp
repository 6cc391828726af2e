// Similar statements: like the one given, never itself, filtered by the query; through the
// public API on an index of corpus/.
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace mofa;
using mofa::test::corpus_index;
using mofa::test::corpus::ids;
using mofa::test::corpus::search;

TEST_SUITE("similar") {

TEST_CASE("similar statements: like the one given, never itself, filtered by the query") {
    Searcher searcher(corpus_index());
    const auto seed = search("lavrov jaishankar");
    REQUIRE_FALSE(seed.hits.empty());
    const std::string id = seed.hits[0].statement.id;
    SearchRequest request;
    request.limit = 5;
    const auto similar = searcher.similar(id, request);
    REQUIRE(similar);
    CHECK(similar->hits.size() == 5);
    CHECK_FALSE(ids(*similar).count(id));
    request.query = "date:2022..";
    const auto recent = searcher.similar(id, request);
    REQUIRE(recent);
    CHECK_FALSE(recent->hits.empty());
    for (const auto& hit : recent->hits) {
        REQUIRE(hit.statement.date);
        CHECK(hit.statement.date->year >= 2022);
    }
    CHECK_FALSE(searcher.similar("no such id", request));
}

}
