// The order of hits where there are no words to rank by, through the public API on an index of
// corpus/.
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace mofa;
using mofa::test::corpus::search;

TEST_SUITE("sort") {

TEST_CASE("a query of filters only lists the newest first") {
    const auto result = search("country:RU");
    REQUIRE(result.hits.size() > 2);
    for (std::size_t i = 1; i < result.hits.size(); ++i)
        if (result.hits[i].statement.date && result.hits[i - 1].statement.date)
            CHECK(result.hits[i - 1].statement.date->first_day_key() >= result.hits[i].statement.date->first_day_key());
}

}
