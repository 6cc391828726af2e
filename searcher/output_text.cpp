#include "text_output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <unistd.h>

namespace mofa::cli {
namespace {

constexpr const char* bold = "\033[1m";
constexpr const char* dim = "\033[2m";
constexpr const char* match = "\033[1;31m";
constexpr const char* reset = "\033[0m";

std::string styled(const TextStyle& style, const char* code, const std::string& s) {
    return style.color ? fmt::format("{}{}{}", code, s, reset) : s;
}

std::string heading(const Statement& s) { return s.title.empty() ? first_sentence(s.body) : s.title; }

// Width in terminal cells, counting each code point as one.
std::size_t cells(const std::string& s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t w = cells(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

// A bar of `count / max` of `width` cells, in eighths of a cell.
std::string bar(std::size_t count, std::size_t max, std::size_t width) {
    static const char* const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    if (max == 0) return {};
    const std::size_t units = (count * width * 8 + max - 1) / max;
    std::string out;
    for (std::size_t i = 0; i < units / 8; ++i) out += "█";
    out += eighths[units % 8];
    return out;
}

bool same_ignoring_case(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

} // namespace

bool use_color(ColorMode when, std::FILE* stream) {
    if (when == ColorMode::always) return true;
    if (when == ColorMode::never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::string(term) == "dumb") return false;
    return isatty(fileno(stream)) != 0;
}

Highlight text_highlight(const TextStyle& style) {
    if (style.color) return Highlight{match, reset, false};
    return Highlight{"", "", false};
}

void print_results(std::FILE* out, const SearchResult& result, const TextStyle& style) {
    if (result.suggestion) fmt::print(out, "Did you mean: {}\n\n", styled(style, bold, *result.suggestion));
    if (result.hits.empty()) {
        if (result.total == 0) fmt::print(out, "No statements match.\n");
        else if (result.offset == 0) fmt::print(out, "{}{} {}.\n\n", result.total_exact ? "" : "about ", result.total,
                                                result.total == 1 ? "statement matches" : "statements match");
        else fmt::print(out, "No statements match on this page ({} in all).\n", result.total);
        return;
    }
    fmt::print(out, "{}{} {}; showing {}–{}\n\n", result.total_exact ? "" : "about ", result.total,
               result.total == 1 ? "statement matches" : "statements match", result.offset + 1,
               result.offset + result.hits.size());
    for (const auto& hit : result.hits) {
        const Statement& s = hit.statement;
        std::string meta = s.date ? s.date->to_string() : "undated";
        if (!s.dateline.empty()) meta += "  " + s.dateline;
        if (!s.source.empty()) meta += "  · " + s.source;
        fmt::print(out, "{:>3}. {}\n", hit.rank, styled(style, dim, meta));
        fmt::print(out, "     {}\n", styled(style, bold, hit.heading));
        if (!hit.snippet.empty()) fmt::print(out, "     {}\n", hit.snippet);
        fmt::print(out, "     {}\n\n", styled(style, dim, "id: " + s.id));
    }
}

void print_facets(std::FILE* out, const SearchResult& result, const TextStyle& style) {
    constexpr std::size_t bar_width = 30;
    for (const auto& facet : result.facets) {
        fmt::print(out, "{}{}\n", styled(style, bold, facet.field),
                   styled(style, dim, fmt::format("  ({} value{})", facet.distinct, facet.distinct == 1 ? "" : "s")));
        std::size_t label_width = 0, max = 0, count_width = 1;
        for (const auto& v : facet.values) {
            label_width = std::max(label_width, cells(v.label));
            max = std::max(max, v.count);
            count_width = std::max(count_width, fmt::format("{}", v.count).size());
        }
        for (const auto& v : facet.values) {
            // The value as a filter, when the label does not say it.
            const std::string filter =
                same_ignoring_case(v.label, v.value) ? "" : styled(style, dim, fmt::format("{}:\"{}\"", facet.field, v.value));
            fmt::print(out, "  {}  {:>{}}  {}{}\n", pad(v.label, label_width), v.count, count_width,
                       filter.empty() ? bar(v.count, max, bar_width) : pad(bar(v.count, max, bar_width), bar_width + 2), filter);
        }
        if (facet.values.empty()) fmt::print(out, "  (none)\n");
        fmt::print(out, "\n");
    }
}

void print_timeline(std::FILE* out, const SearchResult& result, const TextStyle& style) {
    const auto& points = result.timeline;
    fmt::print(out, "{}\n", styled(style, bold, "timeline"));
    if (points.empty()) fmt::print(out, "  (no dated statements)\n");
    std::size_t max = 0, count_width = 1, period_width = 0;
    for (const auto& p : points) {
        max = std::max(max, p.count);
        count_width = std::max(count_width, fmt::format("{}", p.count).size());
        period_width = std::max(period_width, p.period.size());
    }
    constexpr std::size_t histogram_rows = 40;
    if (points.size() <= histogram_rows) {
        for (const auto& p : points)
            fmt::print(out, "  {:<{}}  {:>{}}  {}\n", p.period, period_width, p.count, count_width, bar(p.count, max, 40));
    } else {
        // Sparklines of 60 periods each, labelled with their first and last period.
        static const char* const levels[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
        constexpr std::size_t per_line = 60;
        for (std::size_t start = 0; start < points.size(); start += per_line) {
            const std::size_t end = std::min(points.size(), start + per_line);
            std::string line;
            for (std::size_t i = start; i < end; ++i)
                line += levels[points[i].count == 0 ? 0 : 1 + (points[i].count * 7 + max - 1) / max];
            fmt::print(out, "  {:<{}} {} {}\n", points[start].period, period_width, line, points[end - 1].period);
        }
        fmt::print(out, "  {}\n", styled(style, dim, fmt::format("highest: {} in one period", max)));
    }
    if (result.timeline_imprecise > 0)
        fmt::print(out, "  {}\n", styled(style, dim, fmt::format("{} undated or dated less precisely, not shown", result.timeline_imprecise)));
    fmt::print(out, "\n");
}

void print_csv(std::FILE* out, const SearchResult& result) {
    fmt::print(out, "rank,id,date,score,title,dateline,source,url,language,snippet\r\n");
    for (const auto& hit : result.hits) {
        const Statement& s = hit.statement;
        fmt::print(out, "{},{},{},{:.4f},{},{},{},{},{},{}\r\n", hit.rank, csv_field(s.id), s.date ? s.date->to_string() : "",
                   hit.score, csv_field(s.title), csv_field(s.dateline), csv_field(s.source), csv_field(s.url),
                   csv_field(s.language), csv_field(hit.snippet));
    }
}

void print_statement(std::FILE* out, const Statement& s, const TextStyle& style) {
    fmt::print(out, "{}\n", styled(style, bold, heading(s)));
    auto field = [&](const char* name, const std::string& value) {
        if (!value.empty()) fmt::print(out, "{:<10}{}\n", fmt::format("{}:", name), value);
    };
    field("id", s.id);
    field("date", s.date ? s.date->to_string() : "");
    field("dateline", s.dateline);
    field("source", s.source);
    field("url", s.url);
    field("language", s.language);
    for (const auto& p : s.participants.people)
        field("person", p.role.empty() ? p.name : fmt::format("{} ({})", p.name, p.role));
    for (const auto& c : s.participants.countries) field("country", fmt::format("{} ({})", c.name, c.code));
    for (const auto& o : s.participants.organizations) field("org", o.name);
    fmt::print(out, "\n{}\n", s.body);
}

void print_error(const Error& error) {
    fmt::print(stderr, "mofa-search: {}\n", printable(error.what()));
    if (!error.hint().empty()) fmt::print(stderr, "  hint: {}\n", printable(error.hint()));
}

} // namespace mofa::cli
