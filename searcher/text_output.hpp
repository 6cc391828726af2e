// Text rendering of results and statements for terminals and pipes.
#pragma once

#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <cstdio>

namespace mofa::cli {

/// How text output is styled.
struct TextStyle {
    bool color = false; ///< ANSI bold and colour for terminals
};

/// Whether to colour: `--color=always|never|auto` (auto: a terminal, and NO_COLOR unset).
bool use_color(const std::string& when, std::FILE* stream);

/// Highlight markers for snippets shown in this style.
Highlight text_highlight(const TextStyle& style);

void print_results(std::FILE* out, const SearchResult& result, const TextStyle& style);
void print_statement(std::FILE* out, const Statement& statement, const TextStyle& style);

} // namespace mofa::cli
