// Spelling suggestions ("did you mean"), through the public API on an index of corpus/.
#include <mofa/index.hpp>
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

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

TEST_CASE("a misspelling the index knows a few times gets a suggestion when the spelling is 100 times as common") {
    mofa::test::TempDir dir;
    {
        IndexWriter writer(dir / "db");
        auto add = [&](const std::string& id, const std::string& body) {
            Statement s;
            s.id = id;
            s.body = body;
            writer.add(s);
        };
        // (fmt::format, not "g" + std::to_string(i): g++ 12 -O3 warns wrongly of overlap)
        for (int i = 0; i < 1000; ++i) add(fmt::format("g{}", i), fmt::format("The government met on day {}.", i));
        for (int i = 0; i < 10; ++i) add(fmt::format("t{}", i), "The goverment met again, and the minsters too.");
        for (int i = 0; i < 20; ++i) add(fmt::format("m{}", i), "The ministers met.");
        writer.commit();
    }
    Searcher searcher(dir / "db");
    SearchRequest request;
    request.query = "goverment"; // 10 statements, "government" 1,000: 100 times as many
    REQUIRE(searcher.search(request).suggestion);
    CHECK(*searcher.search(request).suggestion == "government");
    request.query = "minsters"; // 10 statements, "ministers" 20: a word of its own
    CHECK_FALSE(searcher.search(request).suggestion);
}

}
