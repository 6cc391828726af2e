// Writing an index: open (or create) it, add statements, commit.
//
// Public because writing an index is half of what an embedder does: IndexWriter, its options,
// progress and summary. default_index_path is the index the commands use, so that a program can
// share it with them.
#pragma once

#include <mofa/error.hpp>
#include <mofa/export.hpp>
#include <mofa/reader.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mofa {

/// The index used when none is given: `$MOFA_INDEX`, else
/// `${XDG_DATA_HOME:-$HOME/.local/share}/mofa/index`.
MOFA_EXPORT std::filesystem::path default_index_path();

/// What an indexing run did (or, for a dry run, would do).
struct IndexSummary {
    std::size_t added = 0;     ///< statements new to the index
    std::size_t replaced = 0;  ///< statements whose input changed
    std::size_t unchanged = 0; ///< statements whose input had not changed (not analysed again)
    std::size_t removed = 0;   ///< statements whose input is gone (with prune)
    std::size_t skipped = 0;   ///< inputs skipped with a problem
    bool interrupted = false;  ///< stopped early by should_stop, after committing
    double seconds = 0;        ///< wall-clock time of the run
};

/// How far an indexing run is, for progress bars.
struct IndexProgress {
    std::size_t files_done = 0, files_total = 0;      ///< files handled, of all files listed
    std::uintmax_t bytes_done = 0, bytes_total = 0;   ///< their sizes (0 for standard input)
};

/// A change of an indexing run to one statement (or, in a dry run, one it would make).
struct IndexChange {
    enum class Kind { add, replace, remove };
    Kind kind = Kind::add;
    std::string id;    ///< the statement's id
    /// Where its record is ("file", or "file:line" in JSON Lines; "-" for standard input); for
    /// a removal, the file it was read from.
    std::string where;
};

/// Options of an indexing run.
struct IndexOptions {
    /// Remove statements whose input is gone, for each input whose walk was complete.
    bool prune = false;
    /// Decide and count, but change nothing.
    bool dry_run = false;
    /// Every skipped input, with its reason.
    std::function<void(const InputProblem&)> on_problem = [](const InputProblem&) {};
    /// Polled between statements; when it returns true the run commits what it has and stops.
    std::function<bool()> should_stop = [] { return false; };
    /// Called after each file.
    std::function<void(const IndexProgress&)> on_progress = [](const IndexProgress&) {};
    /// Each statement added, replaced or removed (in a first load, as it is queued), in the
    /// order decided. Empty: not called.
    std::function<void(const IndexChange&)> on_change = {};
};

/// Options of an IndexWriter.
struct IndexWriterOptions {
    /// Statements buffered before a commit: bounds memory and the work a crash can lose.
    std::size_t batch_size = 500;
    /// Threads that analyse statements (0: one per core). The calling thread alone writes,
    /// except in update's first load of an empty index, where `jobs` threads each write a part
    /// that is then merged into the index.
    unsigned jobs = 0;
    /// Create the index when it is missing (a path that does not exist, or an empty folder).
    /// False: a missing index is opened as an empty one in memory, and nothing is created or
    /// written on disk (for dry runs).
    bool create = true;
};

/// The single writer of an index. Not thread-safe: use it from one thread.
class MOFA_EXPORT IndexWriter {
public:
    /// Opens the index at `path`, creating it (and its parent folders) if it does not exist.
    /// Throws Error{locked} when another writer holds it, Error{index} when it cannot be
    /// opened, was written by an incompatible version of mofa, or is a folder that holds
    /// something other than an index.
    explicit IndexWriter(const std::filesystem::path& path, IndexWriterOptions options = {});
    /// Closes the index and releases its lock. What is pending is committed, but a failure goes
    /// unreported and the spelling data is not updated: call commit() first.
    ~IndexWriter();
    /// Movable, not copyable. A moved-from writer may only be destroyed or assigned to.
    IndexWriter(IndexWriter&&) noexcept;
    /// Takes over `other`'s index, closing this writer's own as the destructor does.
    IndexWriter& operator=(IndexWriter&&) noexcept;

    /// Adds a statement, replacing the one with the same id. Returns true if it replaced one.
    /// Commits when the batch is full. The statement is tied to no input, so update() never
    /// prunes it. Throws Error{index} when the index cannot be written.
    bool add(const Statement& statement);

    /// Makes everything added so far durable and brings the spelling data (for suggestions) up
    /// to date. Throws Error{index} on failure.
    void commit();

    /// Number of statements in the index (including uncommitted ones).
    std::size_t document_count() const;

    /// Brings the index up to date with the inputs (see read_input): new statements are added,
    /// changed ones replaced, unchanged ones skipped without being read again, and with
    /// `prune`, statements whose input is gone are removed. Commits before returning. Bad
    /// inputs go to `options.on_problem` and the run goes on; the callbacks are called on this
    /// thread. Throws Error{index} (or Error{io}) when the index cannot be written.
    IndexSummary update(const std::vector<std::filesystem::path>& inputs, const IndexOptions& options = {});

    /// Compacts the index in place, safely: a compacted copy is written beside it and then
    /// atomically exchanged with it (readers keep what they had open). Commits first.
    /// Returns the size in bytes before and after. Throws Error{index} when compaction fails,
    /// Error{io} when the copy cannot be exchanged with the index.
    std::pair<std::uintmax_t, std::uintmax_t> compact();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};


} // namespace mofa
