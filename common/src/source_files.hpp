// The indexer's side of the readers: the input files listed by a walk, with the stamps
// (size, modification time) that let an update skip an unchanged file, and reading one of them
// with a test that skips records already indexed. Embedders read through read_input and
// read_jsonl (<mofa/reader.hpp>); this is how IndexWriter::update reads.
#pragma once

#include <mofa/reader.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace mofa {

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

/// Called with a record's signature (a hash of its bytes and its file) before it is parsed;
/// returning true skips it as already indexed, without parsing it. Empty: nothing is skipped.
using SkipRecord = std::function<bool(std::uint64_t signature)>;

/// Lists the files of one input given on a command line (see read_input), in name order, and
/// appends them to `files`. Problems (unreadable folders, missing inputs) go to `on_problem`;
/// returns false when the walk could not see everything under the input.
bool list_input(const std::filesystem::path& input, std::vector<SourceFile>& files,
                const std::function<void(const InputProblem&)>& on_problem);

/// Reads the statements of one listed file, but the records `skip_record` skips. Returns false
/// when the file could not be read to its end, or a JSON Lines file was stopped by
/// `should_stop` (problems with single records do not count: they are reported and skipped).
/// Problems go to the handler, not thrown.
bool read_file(const SourceFile& file, const ReadHandler& handler, const SkipRecord& skip_record = {});

} // namespace mofa
