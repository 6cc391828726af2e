// Text on a terminal: how many columns a string takes, and paragraphs broken into lines that fit
// (for the text format; a pipe gets no wrapping).
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace mofa::cli {

/// The columns to wrap text output at: $COLUMNS when it is a number, else the width of the
/// terminal `stream` is, else 0 (not a terminal: no wrapping, so that pipes get whole lines).
std::size_t terminal_width(std::FILE* stream);

/// Columns `text` takes on a terminal: East Asian wide and fullwidth characters take two;
/// combining marks, format characters and ANSI escape sequences (colour) none.
std::size_t display_width(std::string_view text);

/// `text` in lines of at most `width` columns, broken where Unicode's line breaking (UAX #14)
/// allows (at spaces, after hyphens, between Chinese or Japanese characters), and inside a
/// word only when it is longer than a line. The first line starts at column `indent` (the
/// caller has written what comes before it); each further line starts with `indent` spaces.
/// Colour escapes are kept in place. A `width` of 0, or one that leaves fewer than 10 columns
/// after the indent, returns `text` as it is.
std::string wrap(std::string_view text, std::size_t width, std::size_t indent);

} // namespace mofa::cli
