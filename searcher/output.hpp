// What mofa-search prints, in each of its formats: one small interface, as notmuch's sprinter.h,
// with one implementation per format (output_text.cpp; output_json.cpp for json and jsonl;
// output_csv.cpp), chosen by make_writer for a Format of the table in names.hpp. The command
// line, the interactive prompt and the server print through it, so a format is written once.
// Unlike a sprinter, the interface names what is shown (a result, a statement, the fields), not
// JSON's structure: text output is bar charts and CSV a table, which no map/list/key printer
// gives. The JSON of mofa's types is the library's (mofa/json.hpp).
#pragma once

#include "names.hpp"

#include <mofa/error.hpp>
#include <mofa/search.hpp>
#include <mofa/statement.hpp>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace mofa::cli {

/// How text output is styled.
struct TextStyle {
    bool color = false;    ///< ANSI bold and colour for terminals
    std::size_t width = 0; ///< columns to wrap lines at (terminal_width); 0: no wrapping
};

/// Whether to colour: `--color=always|never|auto` (auto: a terminal, and NO_COLOR unset).
bool use_color(ColorMode when, std::FILE* stream);

/// Highlight markers for snippets shown in this style.
Highlight text_highlight(const TextStyle& style);

/// Writes what mofa-search shows, in one format, at the end of a string that the caller prints
/// or sends.
class OutputWriter {
public:
    virtual ~OutputWriter() = default;

    /// A search's (or similar's) result: the hits, the facets asked for, and the timeline when
    /// `with_timeline` (one was asked for).
    virtual void result(const SearchResult& result, bool with_timeline) = 0;

    /// One statement in full, with its participants and body (`show`, /statements/ID).
    virtual void statement(const Statement& statement) = 0;

    /// The fields of the query language (`fields`, /fields).
    virtual void fields(const std::vector<QueryField>& fields) = 0;

    /// The most frequent pairs of a field's values (`network`, /network).
    virtual void network(const NetworkResult& result) = 0;

protected:
    explicit OutputWriter(std::string& out) : out_(out) {}
    std::string& out_; ///< where it writes
};

/// For people: hits with their headings and snippets, facets as bar charts, the timeline as a
/// histogram; a statement as its fields and body; a network as a table of pairs.
std::unique_ptr<OutputWriter> text_writer(std::string& out, const TextStyle& style);

/// One JSON document (README: `format_version` 1) on one line: the result, `{"format_version":1,
/// "statement":{...}}`, `{"format_version":1,"fields":[...]}`, the network. /search (and
/// /network) answer exactly this.
std::unique_ptr<OutputWriter> json_writer(std::string& out);

/// JSON Lines: the objects of `hits` (or of `fields`, or a network's `edges`), one a line,
/// without the envelope; a statement as json_writer writes it (one line already).
std::unique_ptr<OutputWriter> jsonl_writer(std::string& out);

/// CSV (RFC 4180, CRLF line ends) with a header row: a row per hit, per field, or per pair of a
/// network (an edge table that Gephi imports: Source, Target, Weight, Type). A statement is no
/// row: it is written as json_writer writes it.
std::unique_ptr<OutputWriter> csv_writer(std::string& out);

/// The writer of `format` (`style` is for text only).
std::unique_ptr<OutputWriter> make_writer(Format format, std::string& out, const TextStyle& style = {});

/// Writes `text` to a stream as it is.
void print_text(std::FILE* stream, const std::string& text);

/// An error as mofa-search reports it on stderr: "mofa-search: MESSAGE" and "  hint: HINT",
/// through mofa::printable (messages quote input).
void print_error(const Error& error);

} // namespace mofa::cli
