// Dates of statements. Archives often know only the month or the year of a statement, so a
// date has one of three precisions; a partial date stands for its whole period.
//
// Public because a Statement has a Date (Date::parse makes one); parse_query_date and today
// read the dates that `date:` and SearchRequest::since/until accept, so that a client can check
// one before searching; days_in_month is the calendar of a timeline's daily periods.
#pragma once

#include <mofa/export.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace mofa {

/// A calendar date known to the day, the month or only the year.
struct MOFA_EXPORT Date {
    /// How much of the date is known.
    enum class Precision { year, month, day };

    int year = 0;  ///< 1..9999
    int month = 0; ///< 1..12, or 0 when only the year is known
    int day = 0;   ///< 1..31, or 0 when only the month or year is known

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a real calendar date). On failure returns
    /// nothing and, when `why` is given, says what is wrong ("impossible date 2018-02-30").
    static std::optional<Date> parse(std::string_view text, std::string* why = nullptr);

    /// Day when `day` is set, month when only `month` is, else year.
    Precision precision() const noexcept;
    /// As given: `1963`, `1963-09` or `1963-09-24`.
    std::string to_string() const;
    /// `YYYYMMDD` of the first day of the period: partial dates sort as their first day.
    std::string first_day_key() const;
    /// `YYYYMMDD` of the last day of the period.
    std::string last_day_key() const;

    /// Same year, month and day: `2018-03` is not equal to `2018-03-01`.
    friend bool operator==(const Date&, const Date&) = default;
};

/// Today's date on this machine's clock and time zone.
MOFA_EXPORT Date today();

/// A date as a query may write it: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `today`, `yesterday`, or a
/// time ago counted back from `today` as a day: `30d`, `2w`, `6m`, `1y`. On failure returns
/// nothing and, when `why` is given, says what is wrong. `today` must be a full date (see
/// today()); months and years back land on the same day of the month, or its last day.
MOFA_EXPORT std::optional<Date> parse_query_date(std::string_view text, const Date& today, std::string* why = nullptr);

/// Number of days in a month (1..12) of a (proleptic Gregorian) year; 0 for another month.
MOFA_EXPORT int days_in_month(int year, int month) noexcept;

} // namespace mofa
