#include "text_output.hpp"

#include <fmt/format.h>

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

} // namespace

bool use_color(const std::string& when, std::FILE* stream) {
    if (when == "always") return true;
    if (when == "never") return false;
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
    if (result.hits.empty()) {
        fmt::print(out, "No statements match{}.\n",
                   result.total > 0 ? fmt::format(" on this page ({} in all)", result.total) : "");
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

} // namespace mofa::cli
