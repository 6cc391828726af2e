// The text format, for people: hits with headings and snippets, facets as bar charts, the timeline
// as a histogram or sparklines, a statement as its fields and body; ANSI colour on terminals.
#include "output.hpp"
#include "text_layout.hpp"

#include <mofa/participants.hpp>

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

std::string pad(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
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

// `s` cut to `width` columns, ending in "…" when it was longer.
std::string cut(const std::string& s, std::size_t width) {
    if (display_width(s) <= width || width == 0) return s;
    std::string out;
    std::size_t used = 1; // the "…"
    for (std::size_t i = 0; i < s.size();) {
        std::size_t next = i + 1;
        while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
        const std::string character = s.substr(i, next - i);
        used += display_width(character);
        if (used > width) break;
        out += character;
        i = next;
    }
    return out + "…";
}

bool same_ignoring_case(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// How the statement names a participant, after its name: ` as “Mr Popov”, “M.M. Popov”`;
// nothing when it uses the name itself only.
std::string as_written(const std::string& name, const std::vector<std::string>& mentions) {
    if (mentions.empty() || (mentions.size() == 1 && mentions.front() == name)) return {};
    std::string out = " as ";
    for (std::size_t i = 0; i < mentions.size(); ++i) out += fmt::format("{}\u201c{}\u201d", i ? ", " : "", mentions[i]);
    return out;
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
        print("{}\n", styled(style_, bold, wrap(heading(s), style_.width, 0)));
        auto field = [&](const char* name, const std::string& value) {
            if (!value.empty()) print("{:<10}{}\n", fmt::format("{}:", name), wrap(value, style_.width, 10));
        };
        field("id", s.id);
        field("date", s.date ? s.date->to_string() : "");
        field("dateline", s.dateline);
        field("source", s.source);
        if (!s.issuer.country.empty())
            field("from", fmt::format("{} ({})", ParticipantExtractor::shared().country_name(s.issuer.country), s.issuer.country));
        field("speaker", s.issuer.speaker);
        field("url", s.url);
        field("language", s.language);
        for (const auto& p : s.participants.people)
            field("person", (p.role.empty() ? p.name : fmt::format("{} ({})", p.name, p.role)) + as_written(p.name, p.mentions));
        for (const auto& c : s.participants.countries)
            field("country", fmt::format("{} ({})", c.name, c.code) + as_written(c.name, c.mentions));
        for (const auto& o : s.participants.organizations) field("org", o.name + as_written(o.name, o.mentions));
        print("\n");
        for (std::size_t start = 0; start <= s.body.size();) { // paragraphs and lines as they are, each wrapped
            const std::size_t end = std::min(s.body.find('\n', start), s.body.size());
            print("{}\n", wrap(std::string_view(s.body).substr(start, end - start), style_.width, 0));
            start = end + 1;
        }
    }

    void fields(const std::vector<QueryField>& fields) override {
        for (const auto& f : fields)
            print("{:<9}{}\n", f.name, wrap(f.description + (f.facet ? " [facet]" : ""), style_.width, 9));
    }

    // A line that says what was counted, then a pair a line: rank, count, the two labels, and
    // (when the labels do not say them) the two values as filters. On a terminal, long labels are
    // cut short to fit, and filters that do not fit go on a line of their own, under the labels.
    void network(const NetworkResult& r) override {
        const std::string things = r.field == "person" ? "people" : r.field == "country" ? "countries" : "organisations";
        if (r.statements == 0) {
            print("No statements match.\n");
            return;
        }
        std::string line = fmt::format("{} {}; ", r.statements, r.statements == 1 ? "statement matches" : "statements match");
        if (r.edges.empty()) line += fmt::format("no pair of {} to show.", things);
        else if (r.edges.size() == 1) line += fmt::format("the pair of {} named together most often:", things);
        else line += fmt::format("the {} pairs of {} named together most often:", r.edges.size(), things);
        print("{}\n", wrap(line, style_.width, 0));
        if (r.edges.empty()) return;
        print("\n");
        const std::size_t rank_width = fmt::format("{}", r.edges.size()).size();
        std::size_t count_width = 1, source_width = 0, target_width = 0;
        const auto filters_of = [&](const NetworkEdge& e) {
            if (same_ignoring_case(e.source_label, e.source) && same_ignoring_case(e.target_label, e.target)) return std::string();
            return filter_query(r.field, e.source) + " " + filter_query(r.field, e.target);
        };
        for (const auto& e : r.edges) {
            count_width = std::max(count_width, fmt::format("{}", e.count).size());
            source_width = std::max(source_width, display_width(e.source_label));
            target_width = std::max(target_width, display_width(e.target_label));
        }
        const std::size_t labels_column = 2 + rank_width + 2 + count_width + 2;
        if (const std::size_t width = style_.width) { // the labels share what is left, 12 columns each at least
            const std::size_t room = width > labels_column + 2 + 24 ? width - labels_column - 2 : 24;
            if (source_width + target_width > room) {
                const std::size_t half = room / 2;
                if (source_width > half && target_width > half) source_width = target_width = half;
                else if (source_width > half) source_width = room - target_width;
                else target_width = room - source_width;
            }
        }
        std::size_t rank = 0;
        for (const auto& e : r.edges) {
            std::string row = fmt::format("  {:>{}}. {:>{}}  {}  ", ++rank, rank_width, e.count, count_width,
                                          pad(cut(e.source_label, source_width), source_width));
            const std::string filters = filters_of(e);
            if (filters.empty()) {
                row += cut(e.target_label, target_width);
            } else {
                row += pad(cut(e.target_label, target_width), target_width);
                if (style_.width && display_width(row) + 2 + display_width(filters) > style_.width) // under the labels
                    row.append("\n").append(std::min(labels_column, style_.width - std::min(style_.width, display_width(filters))), ' ');
                else
                    row += "  ";
                row += styled(style_, dim, filters);
            }
            print("{}\n", row);
        }
    }

private:
    template <typename... Args> void print(fmt::format_string<Args...> format, Args&&... args) {
        fmt::format_to(std::back_inserter(out_), format, std::forward<Args>(args)...);
    }

    // "N statements match", or with partial matches "N statements have all the words, about M
    // some of them".
    static std::string count_line(const SearchResult& result) {
        const auto about = [](bool exact) { return exact ? "" : "about "; };
        if (result.partial_total == 0)
            return fmt::format("{}{} {}", about(result.total_exact), result.total, result.total == 1 ? "statement matches" : "statements match");
        const std::string some = fmt::format("{}{} {} some of them", about(result.partial_total_exact), result.partial_total,
                                             result.partial_total == 1 ? "has" : "have");
        if (result.total == 0) return "No statement has all the words; " + some;
        return fmt::format("{}{} {} all the words, {}", about(result.total_exact), result.total,
                           result.total == 1 ? "statement has" : "statements have", some);
    }

    void hits(const SearchResult& result) {
        if (result.suggestion) print("Did you mean: {}\n\n", styled(style_, bold, *result.suggestion));
        if (result.hits.empty()) {
            if (result.total == 0 && result.partial_total == 0) print("No statements match.\n");
            else if (result.offset == 0) print("{}\n\n", wrap(count_line(result) + ".", style_.width, 0));
            else print("No statements match on this page ({} in all).\n", result.total + result.partial_total);
            return;
        }
        print("{}\n\n", wrap(fmt::format("{}; showing {}–{}", count_line(result), result.offset + 1,
                                         result.offset + result.hits.size()),
                             style_.width, 0));
        // Where the statements with all the words end, a line says so.
        bool partial = false;
        for (const auto& hit : result.hits) {
            if (hit.partial && !partial)
                print("{}\n\n", styled(style_, dim, "── statements with some of the words ──"));
            partial = hit.partial;
            const Statement& s = hit.statement;
            std::string meta = s.date ? s.date->to_string() : "undated";
            if (!s.dateline.empty()) meta += "  " + s.dateline;
            if (!s.source.empty()) meta += "  · " + s.source;
            const std::string rank = fmt::format("{:>3}. ", hit.rank);
            print("{}{}\n", rank, styled(style_, dim, wrap(meta, style_.width, rank.size())));
            print("     {}\n", styled(style_, bold, wrap(hit.heading, style_.width, 5)));
            if (!hit.snippet.empty()) print("     {}\n", wrap(hit.snippet, style_.width, 5));
            print("     {}\n\n", styled(style_, dim, "id: " + s.id));
        }
    }

    // A facet's lines: label, count, bar and (when the label does not say it, or is cut short)
    // the value as a filter. On a terminal the bars shrink to fit (to 8 columns), long labels are cut short, and
    // a filter that still does not fit goes on a line of its own, under the bar.
    void facets(const SearchResult& result) {
        constexpr std::size_t max_bar = 30, min_bar = 8;
        for (const auto& facet : result.facets) {
            print("{}{}\n", styled(style_, bold, facet.field),
                       styled(style_, dim, fmt::format("  ({} value{})", facet.distinct, facet.distinct == 1 ? "" : "s")));
            std::size_t label_width = 0, max = 0, count_width = 1, filter_width = 0;
            for (const auto& v : facet.values) {
                label_width = std::max(label_width, display_width(v.label));
                max = std::max(max, v.count);
                count_width = std::max(count_width, fmt::format("{}", v.count).size());
            }
            const std::size_t around = 2 + 2 + count_width + 2; // margins and the count
            if (style_.width > around + min_bar) label_width = std::min(label_width, style_.width - around - min_bar);
            // The filter, where the label does not say it or is cut short.
            auto filter_of = [&](const FacetValue& v) {
                return same_ignoring_case(v.label, v.value) && display_width(v.label) <= label_width
                           ? std::string()
                           : filter_query(facet.field, v.value);
            };
            for (const auto& v : facet.values) filter_width = std::max(filter_width, display_width(filter_of(v)));
            std::size_t bar_width = max_bar;
            if (const std::size_t width = style_.width) {
                const std::size_t room = width > around + label_width ? width - around - label_width : 0;
                // Bars leave room for the filters when all fit beside a bar of min_bar.
                const std::size_t beside = filter_width ? filter_width + 2 : 0;
                bar_width = std::clamp(room >= min_bar + beside ? room - beside : room, min_bar, max_bar);
            }
            const std::size_t bar_column = 2 + label_width + 2 + count_width + 2;
            for (const auto& v : facet.values) {
                const std::string filter = filter_of(v);
                std::string line = fmt::format("  {}  {:>{}}  ", pad(cut(v.label, label_width), label_width), v.count, count_width);
                line += bar(v.count, max, bar_width);
                if (!filter.empty()) {
                    const std::size_t filter_columns = display_width(filter);
                    if (style_.width && bar_column + bar_width + 2 + filter_columns > style_.width) // under the bar, or left of it
                        line.append("\n").append(std::clamp(style_.width - std::min(style_.width, filter_columns), std::size_t{4}, bar_column), ' ');
                    else
                        line = pad(line, bar_column + bar_width + 2);
                    line += styled(style_, dim, filter);
                }
                print("{}\n", line);
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
        // What fits on a terminal: bars of 8 to 40 columns, sparklines of 10 to 60 periods.
        auto fit = [&](std::size_t fixed, std::size_t least, std::size_t most) {
            return style_.width == 0 ? most : style_.width > fixed ? std::clamp(style_.width - fixed, least, most) : least;
        };
        if (points.size() <= histogram_rows) {
            const std::size_t bar_width = fit(2 + period_width + 2 + count_width + 2, 8, 40);
            for (const auto& p : points)
                print("  {:<{}}  {:>{}}  {}\n", p.period, period_width, p.count, count_width, bar(p.count, max, bar_width));
        } else {
            // Sparklines, labelled with their first and last period.
            static const char* const levels[] = {" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
            const std::size_t per_line = fit(2 + period_width + 1 + 1 + period_width, 10, 60);
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
