// Thread safety as documented: one Searcher per thread, any number of them on one index while
// one IndexWriter writes it; the shared gazetteers and synonyms are loaded once, safely. Run
// under ASan+UBSan in CI.
#include <mofa/index.hpp>
#include <mofa/participants.hpp>
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>

using namespace mofa;
using mofa::test::TempDir;

TEST_SUITE("threads") {

TEST_CASE("searchers in several threads beside a writer: every search answers, none fails") {
    TempDir dir;
    const auto db = dir / "db";
    {
        IndexWriter writer(db, {.batch_size = 500, .jobs = 1});
        writer.update({MOFA_CORPUS_DIR});
    }
    std::atomic<bool> done{false};
    std::atomic<int> searches{0}, failures{0};
    std::mutex mutex;
    std::string first_failure;
    auto failed = [&](const std::string& what) {
        ++failures;
        std::lock_guard lock(mutex);
        if (first_failure.empty()) first_failure = what;
    };
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&, t] {
            Searcher searcher(db); // one per thread
            const char* queries[] = {"russia", "security council", "country:IN date:2015..", "fm", "person:lavrov"};
            for (int i = 0; !done || i < 20; ++i) {
                SearchRequest request;
                request.query = queries[(i + t) % 5];
                request.facets = default_facets();
                request.timeline = TimelineUnit::year;
                try {
                    searcher.reopen();
                    const auto result = searcher.search(request);
                    if (result.total > 0 && result.hits.empty()) failed("no hits for " + request.query);
                } catch (const std::exception& e) {
                    failed(e.what());
                }
                ++searches;
            }
        });
    }
    {
        IndexWriter writer(db, {.batch_size = 10, .jobs = 2});
        for (int i = 0; i < 200; ++i) {
            Statement s;
            s.id = "thread-" + std::to_string(i);
            s.body = "Foreign Minister Sergey Lavrov spoke with the Indian side about security, statement " + std::to_string(i) + ".";
            s.date = Date::parse("2024-01-01");
            writer.add(s);
        }
        writer.commit();
    }
    done = true;
    for (auto& r : readers) r.join();
    CHECK_MESSAGE(failures == 0, first_failure);
    CHECK(searches >= 80);
    Searcher searcher(db);
    SearchRequest request;
    request.query = "id:thread-199";
    CHECK(searcher.search(request).total == 1);
}

TEST_CASE("the shared gazetteers may be used from several threads at once") {
    std::vector<std::thread> threads;
    std::atomic<int> wrong{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            const auto& extractor = ParticipantExtractor::shared();
            for (int i = 0; i < 50; ++i) {
                if (extractor.country_code("russian") != std::optional<std::string>("RU")) ++wrong;
                Statement s;
                s.body = "Foreign Minister Sergey Lavrov met Pakistan's Foreign Secretary in Islamabad.";
                if (extractor.extract(s).people.empty()) ++wrong;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(wrong == 0);
}

}
