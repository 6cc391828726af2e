// Timelines: the count of every year, month or day from the first to the last, through the
// public API on an index of corpus/.
#include <mofa/search.hpp>

#include "support.hpp"

#include <doctest/doctest.h>

using namespace mofa;
using mofa::test::corpus::search;
using mofa::test::corpus::total;

TEST_SUITE("timeline") {

TEST_CASE("timelines: every period from the first to the last, empty ones included") {
    const auto by_year = search("", {}, TimelineUnit::year);
    REQUIRE_FALSE(by_year.timeline.empty());
    std::size_t sum = 0;
    for (std::size_t i = 0; i < by_year.timeline.size(); ++i) {
        const auto& p = by_year.timeline[i];
        CAPTURE(p.period);
        CHECK(p.count == total("year:" + p.period));
        if (i > 0) CHECK(std::stoi(p.period) == std::stoi(by_year.timeline[i - 1].period) + 1);
        sum += p.count;
    }
    CHECK(sum + by_year.timeline_imprecise == by_year.total);
    CHECK(by_year.timeline.front().count > 0);
    CHECK(by_year.timeline.back().count > 0);

    const auto by_month = search("russia", {}, TimelineUnit::month);
    std::size_t in_months = 0;
    for (const auto& p : by_month.timeline) {
        CAPTURE(p.period);
        CHECK(p.count == total("russia month:" + p.period));
        in_months += p.count;
    }
    CHECK(in_months + by_month.timeline_imprecise == by_month.total);

    const auto by_day = search("date:2022..2022", {}, TimelineUnit::day);
    REQUIRE_FALSE(by_day.timeline.empty());
    CHECK(by_day.timeline.front().period.starts_with("2022-"));
    CHECK(by_day.timeline.front().period.size() == 10);
}

}
