// Spelling suggestions ("did you mean"), through the public API on an index of corpus/.
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace mofa;
using mofa::test::corpus_index;

TEST_SUITE("suggestions") {

TEST_CASE("a misspelt word gets a suggestion; words the index knows do not") {
    Searcher searcher(corpus_index());
    SearchRequest request;
    request.query = "pakistan secuirty";
    auto result = searcher.search(request);
    REQUIRE(result.suggestion);
    CHECK(*result.suggestion == "pakistan security");
    request.query = "pakistan security";
    CHECK_FALSE(searcher.search(request).suggestion);
    request.query = "consultation"; // rare as typed, common by its stem
    CHECK_FALSE(searcher.search(request).suggestion);
    request.query = "title:secuirty pakistn";
    result = searcher.search(request);
    REQUIRE(result.suggestion);
    CHECK(result.suggestion->starts_with("title:secuirty ")); // fields are left as typed
    request.suggest = false;
    request.query = "secuirty";
    CHECK_FALSE(searcher.search(request).suggestion);
}

}
