// Text rendering of results and statements for terminals and pipes.
#pragma once

#include "names.hpp"

#include <mofa/error.hpp>
#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <cstdio>

namespace mofa::cli {

/// How text output is styled.
struct TextStyle {
    bool color = false; ///< ANSI bold and colour for terminals
};

/// Whether to colour: `--color=always|never|auto` (auto: a terminal, and NO_COLOR unset).
bool use_color(ColorMode when, std::FILE* stream);

/// Highlight markers for snippets shown in this style.
Highlight text_highlight(const TextStyle& style);

/// The hits, with "did you mean" first when there is a suggestion.
void print_results(std::FILE* out, const SearchResult& result, const TextStyle& style);

/// Facets as aligned bar charts: label, value as a filter when it differs, count, bar.
void print_facets(std::FILE* out, const SearchResult& result, const TextStyle& style);

/// The timeline as a histogram (one bar per period), or as sparklines when it is long.
void print_timeline(std::FILE* out, const SearchResult& result, const TextStyle& style);

/// The hits as CSV (RFC 4180) with a header row.
void print_csv(std::FILE* out, const SearchResult& result);

void print_statement(std::FILE* out, const Statement& statement, const TextStyle& style);

/// An error as mofa-search reports it on stderr: "mofa-search: MESSAGE" and "  hint: HINT",
/// through mofa::printable (messages quote input).
void print_error(const Error& error);

} // namespace mofa::cli
