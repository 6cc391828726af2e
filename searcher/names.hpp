// The names mofa-search gives the values of its enums (sort orders, timeline units, output
// formats, colour modes) and the parameters of its HTTP API: one table each, of name and
// description. Option parsing, --help, the prompt's :help, the HTTP API and their error
// messages all read these tables; fields and facets come from the library's schema
// (mofa::query_fields, facet_fields). A value is looked up by its name and a name by its value,
// never by position, so reordering an enum changes nothing here.
#pragma once

#include <mofa/search.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mofa::cli {

/// One value of an enum: its name as typed (`newest`) and what it means, for help.
template <typename Enum> struct Named {
    Enum value;
    std::string_view name;
    std::string_view description;
};

/// What mofa-search prints: `--format`.
enum class Format { text, json, jsonl, csv };

/// When text output is coloured: `--color`.
enum class ColorMode { automatic, always, never };

inline constexpr std::array sort_orders{
    Named<SortOrder>{SortOrder::relevance, "relevance", "best match first (the default)"},
    Named<SortOrder>{SortOrder::newest, "newest", "latest date first"},
    Named<SortOrder>{SortOrder::oldest, "oldest", "earliest date first"},
};

inline constexpr std::array timeline_units{
    Named<TimelineUnit>{TimelineUnit::year, "year", "matches per year"},
    Named<TimelineUnit>{TimelineUnit::month, "month", "matches per month (the default)"},
    Named<TimelineUnit>{TimelineUnit::day, "day", "matches per day"},
    Named<TimelineUnit>{TimelineUnit::none, "off", "no timeline"},
};

inline constexpr std::array formats{
    Named<Format>{Format::text, "text", "for people (the default)"},
    Named<Format>{Format::json, "json", "one JSON object"},
    Named<Format>{Format::jsonl, "jsonl", "a JSON object per hit and line (network: per pair)"},
    Named<Format>{Format::csv, "csv", "a row per hit (show: one row; network: a row per pair)"},
};

inline constexpr std::array color_modes{
    Named<ColorMode>{ColorMode::automatic, "auto", "on a terminal without NO_COLOR (the default)"},
    Named<ColorMode>{ColorMode::always, "always", "always"},
    Named<ColorMode>{ColorMode::never, "never", "never"},
};

/// How many values each enum has. The switches name every value, so that -Wswitch (an error in
/// CI) stops the build when an enum gains one: name it here and in its table, which the
/// static_asserts below then check.
constexpr std::size_t value_count(SortOrder s) {
    switch (s) {
    case SortOrder::relevance:
    case SortOrder::newest:
    case SortOrder::oldest: return 3;
    }
    return 0;
}
constexpr std::size_t value_count(TimelineUnit u) {
    switch (u) {
    case TimelineUnit::none:
    case TimelineUnit::year:
    case TimelineUnit::month:
    case TimelineUnit::day: return 4;
    }
    return 0;
}
constexpr std::size_t value_count(Format f) {
    switch (f) {
    case Format::text:
    case Format::json:
    case Format::jsonl:
    case Format::csv: return 4;
    }
    return 0;
}
constexpr std::size_t value_count(ColorMode c) {
    switch (c) {
    case ColorMode::automatic:
    case ColorMode::always:
    case ColorMode::never: return 3;
    }
    return 0;
}

/// Whether a table names every value of its enum exactly once, each with its own name.
template <typename Enum, std::size_t N> constexpr bool names_each_value_once(const std::array<Named<Enum>, N>& table) {
    if (N != value_count(Enum{})) return false;
    for (std::size_t i = 0; i < N; ++i) {
        const auto v = static_cast<std::size_t>(table[i].value);
        if (v >= N || table[i].name.empty()) return false; // enumerators are 0..N-1
        for (std::size_t j = i + 1; j < N; ++j)
            if (table[i].value == table[j].value || table[i].name == table[j].name) return false;
    }
    return true;
}
static_assert(names_each_value_once(sort_orders));
static_assert(names_each_value_once(timeline_units));
static_assert(names_each_value_once(formats));
static_assert(names_each_value_once(color_modes));

/// The value of this name in a table, or nothing.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> value_named(const std::array<Named<Enum>, N>& table, std::string_view name) {
    for (const auto& entry : table)
        if (entry.name == name) return entry.value;
    return std::nullopt;
}

/// The name of this value in a table (every value has one: see names_each_value_once).
template <typename Enum, std::size_t N> constexpr std::string_view name_of(const std::array<Named<Enum>, N>& table, Enum value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return {};
}

/// Words joined for people: "relevance, newest or oldest" (`last` is "or" or "and").
template <typename Range> std::string either(const Range& words, std::string_view last = "or") {
    std::string out;
    std::size_t i = 0;
    const std::size_t n = std::size(words);
    for (const auto& w : words) {
        if (i > 0 && i + 1 == n) out.append(" ").append(last).append(" "); // (append: g++ 12 -O3 warns falsely of "x" + string)
        else if (i > 0) out += ", ";
        out += w;
        ++i;
    }
    return out;
}

/// The names of a table in order, as strings.
template <typename Enum, std::size_t N> std::array<std::string_view, N> names(const std::array<Named<Enum>, N>& table) {
    std::array<std::string_view, N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = table[i].name;
    return out;
}

/// Names joined by `separator`: "relevance|newest|oldest".
template <typename Enum, std::size_t N>
std::string joined(const std::array<Named<Enum>, N>& table, std::string_view separator) {
    std::string out;
    for (const auto& entry : table) out += (out.empty() ? "" : std::string(separator)) + std::string(entry.name);
    return out;
}

/// Each name with its description, for --help: "relevance: best match first (the default); ...".
template <typename Enum, std::size_t N> std::string described(const std::array<Named<Enum>, N>& table) {
    std::string out;
    for (const auto& entry : table)
        out += (out.empty() ? "" : "; ") + std::string(entry.name) + ": " + std::string(entry.description);
    return out;
}

/// A parameter of GET /search and /statements/ID/similar, and what it is: the command line's
/// option of the same meaning, mostly.
struct HttpParameter {
    std::string_view name;
    std::string_view description;
};

inline constexpr std::array http_parameters{
    HttpParameter{"q", "the query"},
    HttpParameter{"limit", "--limit, at most 1000"},
    HttpParameter{"offset", "--offset"},
    HttpParameter{"sort", "--sort"},
    HttpParameter{"any", "any=1: --any"},
    HttpParameter{"all", "all=1: --all"},
    HttpParameter{"facet", "--facet, repeated or comma-separated"},
    HttpParameter{"facets", "facets=1: --facets"},
    HttpParameter{"facet_size", "--facet-size"},
    HttpParameter{"timeline", "--timeline"},
    HttpParameter{"since", "--since"},
    HttpParameter{"until", "--until"},
    HttpParameter{"synonyms", "synonyms=0: --no-synonyms"},
    HttpParameter{"highlight", "--highlight-markers"},
};

/// The parameters of GET /network: those of /search that choose the statements, the field and
/// the number of pairs.
inline constexpr std::array network_parameters{
    HttpParameter{"q", "the query"},
    HttpParameter{"field", "person, country or org, as --field"},
    HttpParameter{"limit", "pairs, at most 1000; default 20"},
    HttpParameter{"any", "any=1: --any"},
    HttpParameter{"all", "all=1: --all"},
    HttpParameter{"since", "--since"},
    HttpParameter{"until", "--until"},
    HttpParameter{"synonyms", "synonyms=0: --no-synonyms"},
};

/// The names of a path's parameters, for messages.
inline std::string http_parameter_names(std::span<const HttpParameter> parameters = http_parameters) {
    std::string out;
    for (const auto& p : parameters) out += (out.empty() ? "" : ", ") + std::string(p.name);
    return out;
}

} // namespace mofa::cli
