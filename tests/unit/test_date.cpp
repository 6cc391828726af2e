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

}
