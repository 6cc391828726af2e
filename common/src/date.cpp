#include <mofa/date.hpp>

#include <fmt/format.h>

#include <chrono>
#include <ctime>

namespace mofa {

int days_in_month(int year, int month) noexcept {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

namespace {

// Reads exactly `width` ASCII digits at `pos`; -1 if they are not all digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<Date> fail(std::string* why, std::string message) {
    if (why) *why = std::move(message);
    return std::nullopt;
}

} // namespace

std::optional<Date> Date::parse(std::string_view text, std::string* why) {
    const auto shown = [&] { return std::string(text.substr(0, 40)); };
    const bool shape_ok = (text.size() == 4 || text.size() == 7 || text.size() == 10) &&
                          (text.size() < 7 || text[4] == '-') && (text.size() < 10 || text[7] == '-');
    Date date;
    date.year = read_digits(text, 0, 4);
    if (text.size() >= 7) date.month = read_digits(text, 5, 2);
    if (text.size() == 10) date.day = read_digits(text, 8, 2);
    if (!shape_ok || date.year < 0 || date.month < 0 || date.day < 0)
        return fail(why, fmt::format("'{}' is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)", shown()));
    if (date.year == 0) return fail(why, fmt::format("impossible date {}: there is no year 0", shown()));
    if (text.size() >= 7 && (date.month < 1 || date.month > 12))
        return fail(why, fmt::format("impossible date {}: no month {}", shown(), date.month));
    if (text.size() == 10 && (date.day < 1 || date.day > days_in_month(date.year, date.month)))
        return fail(why, fmt::format("impossible date {}: month {} has no day {}", shown(), date.month, date.day));
    return date;
}

Date::Precision Date::precision() const noexcept {
    if (month == 0) return Precision::year;
    if (day == 0) return Precision::month;
    return Precision::day;
}

std::string Date::to_string() const {
    switch (precision()) {
    case Precision::year: return fmt::format("{:04}", year);
    case Precision::month: return fmt::format("{:04}-{:02}", year, month);
    case Precision::day: break;
    }
    return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

std::string Date::first_day_key() const {
    return fmt::format("{:04}{:02}{:02}", year, month == 0 ? 1 : month, day == 0 ? 1 : day);
}

std::string Date::last_day_key() const {
    const int m = month == 0 ? 12 : month;
    return fmt::format("{:04}{:02}{:02}", year, m, day == 0 ? days_in_month(year, m) : day);
}

Date today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Date{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

std::optional<Date> parse_query_date(std::string_view text, const Date& today, std::string* why) {
    using namespace std::chrono;
    const year_month_day now{year{today.year}, month{static_cast<unsigned>(today.month)},
                             day{static_cast<unsigned>(today.day)}};
    auto from = [](const year_month_day& ymd) -> std::optional<Date> {
        if (int(ymd.year()) < 1) return std::nullopt;
        return Date{int(ymd.year()), static_cast<int>(unsigned(ymd.month())), static_cast<int>(unsigned(ymd.day()))};
    };
    if (text == "today") return today;
    if (text == "yesterday") return from(year_month_day{sys_days{now} - days{1}});
    const char unit = text.empty() ? '\0' : text.back();
    const std::string_view count = text.substr(0, text.empty() ? 0 : text.size() - 1);
    const bool relative = (unit == 'd' || unit == 'w' || unit == 'm' || unit == 'y') && !count.empty() &&
                          count.size() <= 6 && count.find_first_not_of("0123456789") == std::string_view::npos;
    if (!relative) return Date::parse(text, why);
    const int n = std::stoi(std::string(count));
    std::optional<Date> result;
    if (unit == 'd' || unit == 'w') {
        result = from(year_month_day{sys_days{now} - days{unit == 'w' ? 7 * n : n}});
    } else {
        // Months and years back from today, on the same day of the month or the last one.
        // Counted in ints: std::chrono::year holds a short, and 65562 years back wrapped
        // around to the year 2000 (and 417507m to 32767-12-31) instead of failing.
        const int month_index = today.year * 12 + (today.month - 1) - (unit == 'y' ? 12 * n : n);
        if (month_index >= 12) {
            const int y = month_index / 12, m = month_index % 12 + 1;
            result = Date{y, m, std::min(today.day, days_in_month(y, m))};
        }
    }
    if (!result) return fail(why, fmt::format("'{}' reaches back before the year 1", text));
    return result;
}

} // namespace mofa
