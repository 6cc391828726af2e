// The text format, for people: hits with headings and snippets, facets as bar charts, the timeline
// as a histogram or sparklines, a statement as its fields and body; ANSI colour on terminals.
#include "output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
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

class TextWriter : public OutputWriter {
public:
    TextWriter(std::string& out, const TextStyle& style) : OutputWriter(out), style_(style) {}

    void result(const SearchResult& result, bool with_timeline) override {
        hits(result);
        if (!result.facets.empty()) facets(result);
        if (with_timeline) timeline(result);
    }

    void statement(const Statement& s) override {
        print("{}\n", styled(style_, bold, heading(s)));
        auto field = [&](const char* name, const std::string& value) {
            if (!value.empty()) print("{:<10}{}\n", fmt::format("{}:", name), value);
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
        print("\n{}\n", s.body);
    }

    void fields(const std::vector<QueryField>& fields) override {
        for (const auto& f : fields) print("{:<9}{}{}\n", f.name, f.description, f.facet ? " [facet]" : "");
    }

private:
    template <typename... Args> void print(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
    }

    void hits(const SearchResult& result) {
        if (result.suggestion) print("Did you mean: {}\n\n", styled(style_, bold, *result.suggestion));
        if (result.hits.empty()) {
            if (result.total == 0) print("No statements match.\n");
            else if (result.offset == 0) print("{}{} {}.\n\n", result.total_exact ? "" : "about ", result.total,
                                                    result.total == 1 ? "statement matches" : "statements match");
            else print("No statements match on this page ({} in all).\n", result.total);
            return;
        }
        print("{}{} {}; showing {}–{}\n\n", result.total_exact ? "" : "about ", result.total,
                   result.total == 1 ? "statement matches" : "statements match", result.offset + 1,
                   result.offset + result.hits.size());
        for (const auto& hit : result.hits) {
            const Statement& s = hit.statement;
            std::string meta = s.date ? s.date->to_string() : "undated";
            if (!s.dateline.empty()) meta += "  " + s.dateline;
            if (!s.source.empty()) meta += "  · " + s.source;
            print("{:>3}. {}\n", hit.rank, styled(style_, dim, meta));
            print("     {}\n", styled(style_, bold, hit.heading));
            if (!hit.snippet.empty()) print("     {}\n", hit.snippet);
            print("     {}\n\n", styled(style_, dim, "id: " + s.id));
        }
    }

    void facets(const SearchResult& result) {
        constexpr std::size_t bar_width = 30;
        for (const auto& facet : result.facets) {
            print("{}{}\n", styled(style_, bold, facet.field),
                       styled(style_, dim, fmt::format("  ({} value{})", facet.distinct, facet.distinct == 1 ? "" : "s")));
            std::size_t label_width = 0, max = 0, count_width = 1;
            for (const auto& v : facet.values) {
                label_width = std::max(label_width, cells(v.label));
                max = std::max(max, v.count);
                count_width = std::max(count_width, fmt::format("{}", v.count).size());
            }
            for (const auto& v : facet.values) {
                // The value as a filter, when the label does not say it.
                const std::string filter =
                    same_ignoring_case(v.label, v.value) ? "" : styled(style_, dim, fmt::format("{}:\"{}\"", facet.field, v.value));
                print("  {}  {:>{}}  {}{}\n", pad(v.label, label_width), v.count, count_width,
                           filter.empty() ? bar(v.count, max, bar_width) : pad(bar(v.count, max, bar_width), bar_width + 2), filter);
            }
            if (facet.values.empty()) print("  (none)\n");
            print("\n");
        }
    }

    void timeline(const SearchResult& result) {
        const auto& points = result.timeline;
        print("{}\n", styled(style_, bold, "timeline"));
        if (points.empty()) print("  (no dated statements)\n");
        std::size_t max = 0, count_width = 1, period_width = 0;
        for (const auto& p : points) {
            max = std::max(max, p.count);
            count_width = std::max(count_width, fmt::format("{}", p.count).size());
            period_width = std::max(period_width, p.period.size());
        }
        constexpr std::size_t histogram_rows = 40;
        if (points.size() <= histogram_rows) {
            for (const auto& p : points)
                print("  {:<{}}  {:>{}}  {}\n", p.period, period_width, p.count, count_width, bar(p.count, max, 40));
        } else {
            // Sparklines of 60 periods each, labelled with their first and last period.
            static const char* const levels[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
            constexpr std::size_t per_line = 60;
            for (std::size_t start = 0; start < points.size(); start += per_line) {
                const std::size_t end = std::min(points.size(), start + per_line);
                std::string line;
                for (std::size_t i = start; i < end; ++i)
                    line += levels[points[i].count == 0 ? 0 : 1 + (points[i].count * 7 + max - 1) / max];
                print("  {:<{}} {} {}\n", points[start].period, period_width, line, points[end - 1].period);
            }
            print("  {}\n", styled(style_, dim, fmt::format("highest: {} in one period", max)));
        }
        if (result.timeline_imprecise > 0)
            print("  {}\n", styled(style_, dim, fmt::format("{} undated or dated less precisely, not shown", result.timeline_imprecise)));
        print("\n");
    }

    TextStyle style_;
};

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

std::unique_ptr<OutputWriter> text_writer(std::string& out, const TextStyle& style) {
    return std::make_unique<TextWriter>(out, style);
}

void print_error(const Error& error) {
    fmt::print(stderr, "mofa-search: {}\n", printable(error.what()));
    if (!error.hint().empty()) fmt::print(stderr, "  hint: {}\n", printable(error.hint()));
}

} // namespace mofa::cli
