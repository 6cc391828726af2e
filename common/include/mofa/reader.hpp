// Readers of the input layouts: plain-text statements, JSON Lines (optionally gzip'd, or
// standard input), and folders of them. Bad input is reported, never fatal to the rest.
#pragma once

#include <mofa/error.hpp>
#include <mofa/statement.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace mofa {

/// One input that was skipped, and why: `where` is `file` or `file:line`.
struct InputProblem {
    std::string where; ///< the file or record; empty when `what` names it already
    std::string what;  ///< what is wrong with it, for people
    /// "where: what", the form printed on stderr.
    std::string to_string() const { return where.empty() ? what : where + ": " + what; }
};

/// One input file (or standard input) as found by a walk.
struct SourceFile {
    /// The layout it is read in: a plain-text statement, JSON Lines (optionally gzip'd), or
    /// JSON Lines on standard input.
    enum class Kind { text, jsonl, standard_input };
    std::filesystem::path path; ///< as walked (under the root given)
    std::string key;            ///< its identity: the canonical absolute path ("-" for stdin)
    /// The path relative to its root (the file name of a file given itself, "stdin" for
    /// standard input): a text statement's id, and the `id_base:LINE` of JSON Lines records
    /// without an id.
    std::string id_base;
    Kind kind = Kind::text;     ///< how it is read
    std::uintmax_t size = 0;    ///< in bytes, when listed (0 for stdin)
    std::int64_t mtime_ns = 0;  ///< modification time in nanoseconds since the epoch (0 for stdin)
};

/// Receives what a reader finds. The callbacks are called on the reading thread.
struct ReadHandler {
    /// Receives each statement that was read (required).
    std::function<void(Statement&&)> on_statement;
    /// Receives each input that was skipped, and why (required).
    std::function<void(const InputProblem&)> on_problem;
    /// Polled between inputs and records; returning true stops the reading early (e.g. on SIGINT).
    std::function<bool()> should_stop = [] { return false; };
    /// Called with a record's signature (a hash of its bytes and its file) before it is parsed;
    /// returning true skips it as already indexed, without parsing it.
    std::function<bool(std::uint64_t signature)> skip_record = [](std::uint64_t) { return false; };
};

/// Lists the files of one input given on a command line (see read_input), in name order, and
/// appends them to `files`. Problems (unreadable folders, missing inputs) go to `on_problem`;
/// returns false when the walk could not see everything under the input.
bool list_input(const std::filesystem::path& input, std::vector<SourceFile>& files,
                const std::function<void(const InputProblem&)>& on_problem);

/// Reads the statements of one listed file. Returns false when the file could not be read to
/// its end, or a JSON Lines file was stopped by `should_stop` (problems with single records do
/// not count: they are reported and skipped). Problems go to the handler, not thrown.
bool read_file(const SourceFile& file, const ReadHandler& handler);

/// Parses a statement in the plain-text layout: the first line is
/// ` date YYYY[-MM[-DD]] [DATELINE - ]text`, the rest is the body with paragraphs separated
/// by blank lines. The dateline is taken only when it is short and in capitals, and the dash
/// may be an en or em dash. `where` names the input in error messages. Throws Error{input}
/// with "where:line: what is wrong" ("where: what is wrong" for an empty file or body).
Statement parse_text_statement(std::string_view content, std::string id, std::string_view where);

/// Parses one JSON Lines record (keys id, date, title, source, language, url, dateline,
/// body, participants; only body is required). `fallback_id` is used when the record has no
/// id. Strings are trimmed. Throws Error{input} with a message that does not include the
/// location.
Statement parse_json_statement(std::string_view line, std::string fallback_id);

/// Reads JSON Lines from a stream; `name` is used for ids of records without one
/// (`name:LINE`) and in messages; statements get no `path`. Blank lines are skipped; a bad
/// record goes to the handler. Returns the number of lines read, blank ones included.
std::size_t read_jsonl(std::istream& in, std::string_view name, const ReadHandler& handler);

/// Reads one input given on a command line: `-` (JSON Lines on standard input), a `.jsonl` or
/// `.jsonl.gz` file, a folder (walked recursively: `*.txt`, `*.jsonl`, `*.jsonl.gz`; hidden
/// entries skipped), or any other file as a plain-text statement. The id of a plain-text
/// statement is its path relative to the folder given (its file name when a file is given).
/// Problems go to the handler, not thrown.
void read_input(const std::filesystem::path& input, const ReadHandler& handler);

} // namespace mofa
