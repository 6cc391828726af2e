// Readers of the input layouts: plain-text statements, JSON Lines (optionally gzip'd, or
// standard input), and folders of them. Bad input is reported, never fatal to the rest.
//
// Public because an embedder reads statements without an index, or before adding them with
// IndexWriter::add: from a file or folder (read_input), a stream (read_jsonl) or a string
// (parse_text_statement, parse_json_statement), reporting to a ReadHandler. How
// IndexWriter::update lists files and skips what it indexed before is the library's own
// (common/src/source_files.hpp).
#pragma once

#include <mofa/error.hpp>
#include <mofa/export.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace mofa {

/// One input that was skipped, and why: `where` is `file` or `file:line`.
struct InputProblem {
    std::string where; ///< the file or record; empty when `what` names it already
    std::string what;  ///< what is wrong with it, for people
    /// "where: what", the form printed on stderr.
    std::string to_string() const { return where.empty() ? what : where + ": " + what; }
};

/// Receives what a reader finds. The callbacks are called on the reading thread.
struct ReadHandler {
    /// Receives each statement that was read (required).
    std::function<void(Statement&&)> on_statement;
    /// Receives each input that was skipped, and why (required).
    std::function<void(const InputProblem&)> on_problem;
    /// Polled between inputs and records; returning true stops the reading early (e.g. on SIGINT).
    std::function<bool()> should_stop = [] { return false; };
};

/// Parses a statement in the plain-text layout: the first line is
/// ` date YYYY[-MM[-DD]] [DATELINE - ]text`, the rest is the body with paragraphs separated
/// by blank lines. The dateline is taken only when it is short and in capitals, and the dash
/// may be an en or em dash. `where` names the input in error messages. Throws Error{input}
/// with "where:line: what is wrong" ("where: what is wrong" for an empty file or body).
MOFA_EXPORT Statement parse_text_statement(std::string_view content, std::string id, std::string_view where);

/// Parses one JSON Lines record (keys id, date, title, source, language, url, dateline,
/// body, participants; only body is required). `fallback_id` is used when the record has no
/// id. Strings are trimmed. Throws Error{input} with a message that does not include the
/// location.
MOFA_EXPORT Statement parse_json_statement(std::string_view line, std::string fallback_id);

/// Reads JSON Lines from a stream; `name` is used for ids of records without one
/// (`name:LINE`) and in messages; statements get no `path`. Blank lines are skipped; a bad
/// record goes to the handler. Returns the number of lines read, blank ones included.
MOFA_EXPORT std::size_t read_jsonl(std::istream& in, std::string_view name, const ReadHandler& handler);

/// Reads one input given on a command line: `-` (JSON Lines on standard input), a `.jsonl` or
/// `.jsonl.gz` file, a folder (walked recursively: `*.txt`, `*.jsonl`, `*.jsonl.gz`; hidden
/// entries skipped), or any other file as a plain-text statement. The id of a plain-text
/// statement is its path relative to the folder given (its file name when a file is given).
/// Problems go to the handler, not thrown.
MOFA_EXPORT void read_input(const std::filesystem::path& input, const ReadHandler& handler);

} // namespace mofa
