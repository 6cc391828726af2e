#include <mofa/date.hpp>

#include <doctest/doctest.h>

using mofa::Date;

TEST_SUITE("date") {

TEST_CASE("dates of three precisions parse and print as given") {
    struct Row {
        const char* text;
        Date::Precision precision;
        const char* first;
        const char* last;
    };
    for (const Row& row : {Row{"2018-03-15", Date::Precision::day, "20180315", "20180315"},
                           Row{"2018-03", Date::Precision::month, "20180301", "20180331"},
                           Row{"1963", Date::Precision::year, "19630101", "19631231"},
                           Row{"2024-02", Date::Precision::month, "20240201", "20240229"},
                           Row{"2000-02-29", Date::Precision::day, "20000229", "20000229"}}) {
        CAPTURE(row.text);
        const auto d = Date::parse(row.text);
        REQUIRE(d);
        CHECK(d->precision() == row.precision);
        CHECK(d->to_string() == row.text);
        CHECK(d->first_day_key() == row.first);
        CHECK(d->last_day_key() == row.last);
    }
}

TEST_CASE("impossible and malformed dates are refused with a reason") {
    struct Row {
        const char* text;
        const char* reason;
    };
    for (const Row& row : {Row{"2018-02-30", "impossible date 2018-02-30"}, Row{"1900-02-29", "impossible date"},
                           Row{"2018-13", "no month 13"}, Row{"2018-00-10", "no month 0"},
                           Row{"0000", "no year 0"}, Row{"99999", "not a date"}, Row{"18-03-15", "not a date"},
                           Row{"2018/03/15", "not a date"}, Row{"", "not a date"}, Row{"2018-3-15", "not a date"},
                           Row{"20180315", "not a date"}, Row{"2018-03-15T10:00", "not a date"}}) {
        CAPTURE(row.text);
        std::string why;
        CHECK_FALSE(Date::parse(row.text, &why));
        CHECK(why.find(row.reason) != std::string::npos);
    }
}

TEST_CASE("partial dates sort as the first day of their period") {
    CHECK(Date::parse("1963")->first_day_key() < Date::parse("1963-01-02")->first_day_key());
    CHECK(Date::parse("1963-09")->first_day_key() == Date::parse("1963-09-01")->first_day_key());
}

TEST_CASE("query dates: relative ones count back from today") {
    const Date today{2024, 3, 31};
    auto at = [&](const char* text) {
        const auto d = mofa::parse_query_date(text, today);
        return d ? d->to_string() : std::string("(none)");
    };
    CHECK(at("today") == "2024-03-31");
    CHECK(at("yesterday") == "2024-03-30");
    CHECK(at("30d") == "2024-03-01");
    CHECK(at("0d") == "2024-03-31");
    CHECK(at("2w") == "2024-03-17");
    CHECK(at("1m") == "2024-02-29"); // the last day of a shorter month
    CHECK(at("1y") == "2023-03-31");
    CHECK(at("2018-03") == "2018-03");
    CHECK(mofa::parse_query_date("2025-01-01", Date{2025, 1, 1})->to_string() == "2025-01-01");
    CHECK(at("1x") == "(none)");
    CHECK(at("d") == "(none)");
    CHECK(at("-3d") == "(none)");
    CHECK(at("9999999d") == "(none)");
    std::string why;
    CHECK_FALSE(mofa::parse_query_date("5000y", today, &why));
    CHECK(why.find("before the year 1") != std::string::npos);
    CHECK_FALSE(mofa::parse_query_date("2018-13-45", today, &why));
    CHECK(why.find("no month 13") != std::string::npos);
}

TEST_CASE("query dates: a time ago before the year 1 is an error, never a date wrapped around") {
    // Months and years were counted in std::chrono::year, a short: 65562y was the year 2000.
    const Date today{2024, 3, 31};
    for (const char* text : {"65562y", "65560y", "417507m", "786432m", "999999y", "999999m", "2024y", "24279m"}) {
        CAPTURE(text);
        std::string why;
        CHECK_FALSE(mofa::parse_query_date(text, today, &why));
        CHECK(why.find("before the year 1") != std::string::npos);
    }
    CHECK(mofa::parse_query_date("2023y", today)->to_string() == "0001-03-31");
    CHECK(mofa::parse_query_date("24278m", today)->to_string() == "0001-01-31");
    CHECK(mofa::parse_query_date("13m", Date{2024, 3, 31})->to_string() == "2023-02-28");
    CHECK(mofa::parse_query_date("12m", Date{2024, 2, 29})->to_string() == "2023-02-28");
    // Every count of days, weeks, months and years lands in 1..today or fails.
    for (const char unit : {'d', 'w', 'm', 'y'})
        for (int n = 0; n <= 999999; n += 997) {
            const auto d = mofa::parse_query_date(std::to_string(n) + unit, today);
            if (d) CHECK((d->year >= 1 && d->first_day_key() <= today.first_day_key()));
        }
}

TEST_CASE("today is a real day") {
    const Date d = mofa::today();
    CHECK(d.precision() == Date::Precision::day);
    CHECK(Date::parse(d.to_string()) == d);
}

}
