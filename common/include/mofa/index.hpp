// Writing an index: open (or create) it, add statements, commit.
#pragma once

#include <mofa/reader.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <vector>

namespace mofa {

/// The index used when none is given: `$MOFA_INDEX`, else
/// `${XDG_DATA_HOME:-$HOME/.local/share}/mofa/index`.
std::filesystem::path default_index_path();

/// What an indexing run did (or, for a dry run, would do).
struct IndexSummary {
    std::size_t added = 0;     ///< statements new to the index
    std::size_t replaced = 0;  ///< statements whose input changed
    std::size_t unchanged = 0; ///< statements whose input had not changed (not analysed again)
    std::size_t removed = 0;   ///< statements whose input is gone (with prune)
    std::size_t skipped = 0;   ///< inputs skipped with a problem
    bool interrupted = false;  ///< stopped early by should_stop, after committing
    double seconds = 0;
};

/// How far an indexing run is, for progress bars.
struct IndexProgress {
    std::size_t files_done = 0, files_total = 0;
    std::uintmax_t bytes_done = 0, bytes_total = 0;
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
};

/// Options of an IndexWriter.
struct IndexWriterOptions {
    /// Statements buffered before a commit: bounds memory and the work a crash can lose.
    std::size_t batch_size = 500;
    /// Threads that analyse statements (0: one per core). The calling thread alone writes.
    unsigned jobs = 0;
};

/// The single writer of an index. Not thread-safe: use it from one thread.
class IndexWriter {
public:
    /// Opens the index at `path`, creating it (and its parent folders) if it does not exist.
    /// Throws Error{locked} when another writer holds it, Error{index} when it cannot be
    /// opened or was written by an incompatible version of mofa.
    explicit IndexWriter(const std::filesystem::path& path, IndexWriterOptions options = {});
    ~IndexWriter();
    IndexWriter(IndexWriter&&) noexcept;
    IndexWriter& operator=(IndexWriter&&) noexcept;

    /// Adds a statement, replacing the one with the same id. Returns true if it replaced one.
    /// Commits when the batch is full.
    bool add(const Statement& statement);

    /// Makes everything added so far durable. Throws Error on failure.
    void commit();

    /// Number of statements in the index (including uncommitted ones).
    std::size_t document_count() const;

    /// Brings the index up to date with the inputs (see read_input): new statements are added,
    /// changed ones replaced, unchanged ones skipped without being read again, and with
    /// `prune`, statements whose input is gone are removed. Commits before returning.
    IndexSummary update(const std::vector<std::filesystem::path>& inputs, const IndexOptions& options = {});

    /// Compacts the index in place, safely: a compacted copy is written beside it and then
    /// atomically exchanged with it (readers keep what they had open). Commits first.
    /// Returns the size in bytes before and after.
    std::pair<std::uintmax_t, std::uintmax_t> compact();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};


} // namespace mofa
