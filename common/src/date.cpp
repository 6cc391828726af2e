#include <mofa/date.hpp>

#include <fmt/format.h>

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

} // namespace mofa
