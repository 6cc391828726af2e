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

/// What an indexing run did.
struct IndexSummary {
    std::size_t added = 0;    ///< statements new to the index
    std::size_t replaced = 0; ///< statements whose id was already indexed
    std::size_t skipped = 0;  ///< inputs skipped with a problem
    bool interrupted = false; ///< stopped early by should_stop
};

/// Options of an IndexWriter.
struct IndexWriterOptions {
    /// Statements buffered before a commit: bounds memory and the work a crash can lose.
    std::size_t batch_size = 1000;
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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Reads every input (see read_input) into the writer and commits. Problems are reported
/// through `on_problem` and counted as skipped; the run goes on. `should_stop` is polled
/// between statements; when it returns true the run commits what it has and stops.
IndexSummary index_inputs(IndexWriter& writer, const std::vector<std::filesystem::path>& inputs,
                          const std::function<void(const InputProblem&)>& on_problem,
                          const std::function<bool()>& should_stop = [] { return false; });

} // namespace mofa
