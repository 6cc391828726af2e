// A Searcher beside a writer: explain, and reopen to see what the writer committed.
#include <mofa/index.hpp>
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace mofa;
using mofa::test::TempDir;

TEST_SUITE("reopen") {

TEST_CASE("explain says something; reopen sees what an indexer committed") {
    TempDir dir;
    auto add = [&](const char* id, const char* body) {
        IndexWriter writer(dir / "db");
        Statement s;
        s.id = id;
        s.body = body;
        writer.add(s);
        writer.commit();
    };
    add("one", "The first statement about fisheries.");
    Searcher searcher(dir / "db");
    SearchRequest request;
    request.query = "fisheries";
    CHECK_FALSE(searcher.explain(request).empty());
    CHECK(searcher.search(request).total == 1);
    CHECK_FALSE(searcher.reopen());
    add("two", "A second statement about fisheries.");
    CHECK(searcher.reopen());
    CHECK(searcher.search(request).total == 2);
}

}
