#include <mofa/error.hpp>
#include <mofa/index.hpp>

#include "document.hpp"
#include "schema.hpp"
#include "source_files.hpp"
#include "xapian_edge.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <xapian.h>
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>
#include <system_error>

namespace fs = std::filesystem;

namespace mofa {

fs::path default_index_path() {
    if (const char* env = std::getenv("MOFA_INDEX"); env && *env) return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "mofa" / "index";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".local" / "share" / "mofa" / "index";
}

namespace {

bool is_xapian_database(const fs::path& dir) {
    std::error_code ec;
    for (const char* stamp : {"iamglass", "iamchert", "iamhoney"})
        if (fs::exists(dir / stamp, ec)) return true;
    return false;
}

// Xapian creates a database in this order: its lock file, a temporary version file (v.tmp),
// empty tables, and last renames v.tmp to iamglass. A run killed in between leaves a folder that
// is not a database and not empty, which every later run refused ("exists and is not an
// index"). Nothing was ever committed in it: when it holds only such files, with empty tables,
// they are removed.
void clear_interrupted_creation(const fs::path& dir) {
    std::error_code ec;
    if (is_xapian_database(dir) || !fs::is_directory(dir, ec)) return;
    // Unless another writer is creating it right now: it holds the lock (fcntl, or Xapian's
    // open file description locks, which F_GETLK reports too).
    if (const int fd = ::open((dir / "flintlock").c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        struct flock lock {};
        lock.l_type = F_WRLCK;
        lock.l_whence = SEEK_SET;
        const bool held = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
        ::close(fd);
        if (held) throw locked_by_another_writer(dir);
    }
    std::vector<fs::path> leftovers;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        const bool empty_table = name.ends_with(".glass") && entry.is_regular_file(ec) && entry.file_size(ec) == 0;
        if (name != "flintlock" && name != "v.tmp" && !empty_table) return;
        leftovers.push_back(entry.path());
    }
    if (ec) return;
    for (const auto& file : leftovers) fs::remove(file, ec);
}

} // namespace

namespace {

bool is_spelling_word(const std::string& term) {
    if (term.size() < 3) return false;
    for (char c : term) {
        const auto u = static_cast<unsigned char>(c);
        if (!((c >= 'a' && c <= 'z') || u >= 0x80)) return false;
    }
    return true;
}

// Spelling data for Database::get_spelling_suggestion: the words of the index (unprefixed terms
// of letters, in at least two statements, so that most typos of the sources stay out) with their
// statement frequencies. Brought in line with the vocabulary after each run that changed it:
// one pass over the terms and the spelling table, side by side.
void sync_spelling(Xapian::WritableDatabase& db) {
    constexpr Xapian::doccount min_frequency = 2;
    std::vector<std::pair<std::string, long long>> changes; // word, change of frequency
    auto spelling = db.spellings_begin();
    const auto spelling_end = db.spellings_end();
    auto visit = [&](const std::string* word, Xapian::doccount frequency) {
        // Words of the spelling table before `word` are gone from the index.
        while (spelling != spelling_end && (!word || *spelling < *word)) {
            changes.emplace_back(*spelling, -static_cast<long long>(spelling.get_termfreq()));
            ++spelling;
        }
        if (!word) return;
        long long had = 0;
        if (spelling != spelling_end && *spelling == *word) {
            had = spelling.get_termfreq();
            ++spelling;
        }
        const long long want = frequency >= min_frequency ? frequency : 0;
        if (want != had) changes.emplace_back(*word, want - had);
    };
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        const std::string term = *t;
        if (term[0] >= 'A' && term[0] <= 'Z') { // prefixed terms (Z stems, fields) sort together
            t.skip_to("[");
            if (t == db.allterms_end()) break;
            if (const std::string next = *t; is_spelling_word(next)) visit(&next, t.get_termfreq());
            continue;
        }
        if (is_spelling_word(term)) visit(&term, t.get_termfreq());
    }
    visit(nullptr, 0);
    for (const auto& [word, change] : changes) {
        if (change > 0) db.add_spelling(word, static_cast<Xapian::termcount>(change));
        else db.remove_spelling(word, static_cast<Xapian::termcount>(-change));
    }
}

} // namespace

// Analysis threads: each has its own DocumentBuilder (term generator, stemmers); statements go
// in, documents come out in the order they went in. At most `capacity` are in flight, so memory
// stays bounded however large the input.
class AnalysisPool {
public:
    explicit AnalysisPool(unsigned threads) : capacity_(std::max(4u, threads * 8)) {
        for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    }
    ~AnalysisPool() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (auto& w : workers_) w.join();
    }
    AnalysisPool(const AnalysisPool&) = delete;
    AnalysisPool& operator=(const AnalysisPool&) = delete;

    bool full() const { return in_flight_.size() >= capacity_; }
    bool empty() const { return in_flight_.empty(); }

    void submit(Statement statement) {
        auto task = std::make_shared<std::packaged_task<Xapian::Document(DocumentBuilder&)>>(
            [s = std::move(statement)](DocumentBuilder& builder) { return builder.build(s); });
        in_flight_.push_back(task->get_future());
        {
            std::lock_guard lock(mutex_);
            queue_.push_back(std::move(task));
        }
        wake_.notify_one();
    }

    // The oldest document, waiting for it if needed. Rethrows what its analysis threw.
    Xapian::Document next() {
        auto future = std::move(in_flight_.front());
        in_flight_.pop_front();
        return future.get();
    }

private:
    void work() {
        DocumentBuilder builder;
        for (;;) {
            std::shared_ptr<std::packaged_task<Xapian::Document(DocumentBuilder&)>> task;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
                if (queue_.empty()) return;
                task = std::move(queue_.front());
                queue_.pop_front();
            }
            (*task)(builder);
        }
    }

    std::size_t capacity_;
    std::deque<std::future<Xapian::Document>> in_flight_; // used by the writing thread only
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<std::packaged_task<Xapian::Document(DocumentBuilder&)>>> queue_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

/// Records the time of a commit that changes statements (for health checks: Searcher::last_change).
void stamp_change(Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(schema::changed_key), fmt::format("{:%FT%TZ}", fmt::gmtime(std::time(nullptr))));
}

struct IndexWriter::Impl {
    fs::path path;
    IndexWriterOptions options;
    Xapian::WritableDatabase db;
    DocumentBuilder builder;
    std::size_t pending = 0;
    bool changed = false;        ///< documents were added, replaced or deleted
    bool marked_stale = false;   ///< the spelling data is marked out of date in the index

    /// Commits a batch. The first commit with changes marks the spelling data out of date, so
    /// that a crash before `finish` leaves the mark for the next run.
    void flush() {
        if (changed && !marked_stale) {
            db.set_metadata(std::string(schema::spelling_key), "");
            marked_stale = true;
        }
        if (changed) stamp_change(db);
        db.commit();
        pending = 0;
    }

    /// Commits, then brings the spelling data up to date if it is not.
    void finish() {
        flush();
        if (db.get_metadata(std::string(schema::spelling_key)) == spelling_state) return;
        sync_spelling(db);
        db.set_metadata(std::string(schema::spelling_key), spelling_state);
        db.commit();
        marked_stale = false;
        changed = false;
    }

    static constexpr const char* spelling_state = "1";
};

namespace {

// The index folder without a trailing separator ("db/" → "db"), and absolute when it is "." or
// "..": the parts of a first load and the copy of a compaction are made beside it by adding to
// its name ("db.part-0"), and "db/.part-0" inside it could not be exchanged with it.
fs::path index_folder(const fs::path& given) {
    fs::path folder = given.lexically_normal();
    if (!folder.has_filename()) folder = folder.parent_path();
    if (folder.filename() == "." || folder.filename() == ".." || folder.empty()) {
        folder = fs::absolute(given).lexically_normal();
        if (!folder.has_filename()) folder = folder.parent_path();
    }
    return folder;
}

} // namespace

IndexWriter::IndexWriter(const fs::path& given, IndexWriterOptions options) : impl_(std::make_unique<Impl>()) {
    const fs::path path = index_folder(given);
    impl_->path = path;
    impl_->options = options;
    std::error_code ec;
    // A folder this user may not change: say so, rather than what Xapian makes of it (a lock
    // "held by another writer", a folder that "is not an index" because it cannot be listed).
    if (fs::exists(path, ec) && ::faccessat(AT_FDCWD, path.c_str(), R_OK | W_OK | X_OK, AT_EACCESS) != 0)
        throw Error(ErrorCategory::index, fmt::format("cannot write to index {}: {}", path.string(), std::strerror(errno)),
                    "mofa-index needs to write in the index folder and its files: run it as their owner, or change "
                    "their owner or permissions (chown, chmod)");
    clear_interrupted_creation(path);
    check_files(path);
    // Never scatter index files into a folder that holds something else.
    if (fs::is_directory(path, ec) && !fs::is_empty(path, ec) && !is_xapian_database(path))
        throw Error(ErrorCategory::index, fmt::format("{} exists and is not an index", path.string()),
                    "name an empty or new folder with --db");
    fs::create_directories(path, ec);
    if (ec)
        throw Error(ErrorCategory::index, fmt::format("cannot create index folder {}: {}", path.string(), ec.message()));
    try {
        impl_->db = Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
        if (impl_->db.get_doccount() == 0 && impl_->db.get_metadata(std::string(schema::version_key)).empty()) {
            impl_->db.set_metadata(std::string(schema::version_key), std::string(schema::version));
            impl_->db.commit();
        }
        check_schema(impl_->db, path);
    } catch (const Xapian::Error& e) {
        throw translate(e, path);
    }
    // The parts of a first load and the copy of a compaction that a killed (or aborted) run
    // left beside the index: this writer holds the lock, so nobody else is using them, and on
    // a full disk they hold the space the next run needs.
    const std::string name = path.filename().string();
    for (const auto& entry : fs::directory_iterator(path.parent_path().empty() ? "." : path.parent_path(), ec)) {
        const std::string other = entry.path().filename().string();
        if (other == name + ".compacting" || other.starts_with(name + ".part-")) fs::remove_all(entry.path(), ec);
    }
}

IndexWriter::~IndexWriter() {
    // Xapian commits what is pending when its database is closed: commit it here, so that it
    // also marks the spelling data out of date (brought up to date by the next run) and is
    // stamped as a change.
    if (impl_ && impl_->pending > 0) {
        try {
            impl_->flush();
        } catch (...) { // a destructor does not throw; what is pending is left to Xapian's close
        }
    }
}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

bool IndexWriter::add(const Statement& statement) {
    try {
        const std::string id_term = DocumentBuilder::id_term(statement.id);
        const bool existed = impl_->db.term_exists(id_term);
        impl_->db.replace_document(id_term, impl_->builder.build(statement));
        impl_->changed = true;
        if (++impl_->pending >= impl_->options.batch_size) impl_->flush();
        return existed;
    } catch (const Xapian::Error& e) {
        throw translate(e, impl_->path);
    }
}

void IndexWriter::commit() {
    try {
        impl_->finish();
    } catch (const Xapian::Error& e) {
        throw translate(e, impl_->path);
    }
}

std::size_t IndexWriter::document_count() const {
    try {
        return impl_->db.get_doccount();
    } catch (const Xapian::Error& e) {
        throw translate(e, impl_->path);
    }
}

namespace {

std::uintmax_t folder_size(const fs::path& dir) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file(ec)) total += entry.file_size(ec);
    return total;
}

} // namespace

std::pair<std::uintmax_t, std::uintmax_t> IndexWriter::compact() {
    commit();
    const fs::path& path = impl_->path;
    const fs::path copy = path.string() + ".compacting";
    std::error_code ec;
    fs::remove_all(copy, ec); // left by a crash during an earlier compaction
    const std::uintmax_t before = folder_size(path);
    try {
        // This writer holds the lock all along, so no other writer changes the index meanwhile.
        impl_->db.compact(copy.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    } catch (const Xapian::Error& e) {
        fs::remove_all(copy, ec);
        throw translate(e, path);
    }
    // Exchange the two folders in one step: at no moment is there no index at `path`.
    if (::renameat2(AT_FDCWD, copy.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0) {
        const int error = errno;
        fs::remove_all(copy, ec);
        throw Error(ErrorCategory::io, fmt::format("cannot swap in the compacted index {}: {}", path.string(), std::strerror(error)));
    }
    // The old index (now at `copy`) goes; reopen the writer on the compacted one.
    impl_->db.close();
    fs::remove_all(copy, ec);
    try {
        impl_->db = Xapian::WritableDatabase(path.string(), Xapian::DB_OPEN);
    } catch (const Xapian::Error& e) {
        throw translate(e, path);
    }
    return {before, folder_size(path)};
}

namespace {

// One input of a run, listed.
struct InputRoot {
    std::vector<SourceFile> files;
    bool complete = false;
    std::string prefix; // its source terms start with this (a folder), or are this (a file)
    bool folder = false;
};

std::string stamp_key(const SourceFile& file) {
    return fmt::format("{}{:016x}", schema::file_metadata_prefix, XXH3_64bits(file.key.data(), file.key.size()));
}

std::string stamp_of(const SourceFile& file) { return fmt::format("{} {}", file.size, file.mtime_ns); }

// The term of the file a statement came from ("-" for standard input).
std::string source_term(std::string_view file_key) {
    return schema::boolean_term(schema::source_prefix, file_key.empty() ? "-" : file_key);
}

// The term of an input record's signature.
std::string signature_term(std::uint64_t signature) { return fmt::format("{}{:016x}", schema::signature_prefix, signature); }

// The first load of an empty index: one writer per core, each filling a partial database beside
// the index from every n-th statement, then the parts merged by compaction and swapped in
// (Xapian's single writer is the bottleneck of a bulk load: parts in parallel were 2.3 times as
// fast as scriptindex where one writer was 1.8 times). A kill leaves the index as it was (empty)
// and the parts behind, removed by the next run; stamps are written after the swap, so a kill
// just after it costs only a re-read in which every record is skipped by its signature.
void bulk_load(const fs::path& path, Xapian::WritableDatabase& db, std::size_t batch_size,
               const std::vector<InputRoot>& roots, const IndexOptions& options, unsigned count, IndexSummary& summary,
               const std::function<void(const InputProblem&)>& problem, IndexProgress& progress) {
    struct Part {
        fs::path path;
        Xapian::WritableDatabase db;
        std::mutex mutex;
        std::condition_variable wake;
        std::deque<Statement> queue;
        bool done = false;
        std::exception_ptr error;
        std::thread thread;
    };
    std::error_code ec;
    std::vector<std::unique_ptr<Part>> parts;
    for (unsigned i = 0; i < count; ++i) {
        auto part = std::make_unique<Part>();
        part->path = path.string() + fmt::format(".part-{}", i);
        fs::remove_all(part->path, ec); // left by a killed run
        part->db = Xapian::WritableDatabase(part->path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
        part->db.set_metadata(std::string(schema::version_key), std::string(schema::version));
        parts.push_back(std::move(part));
    }
    // A part that fails (a full disk) stops the reading: its queue would never empty again.
    std::atomic<bool> failed{false};
    for (auto& p : parts) {
        Part& part = *p;
        part.thread = std::thread([&part, &failed, batch_size] {
            try {
                DocumentBuilder builder;
                std::size_t pending = 0;
                for (;;) {
                    Statement s;
                    {
                        std::unique_lock lock(part.mutex);
                        part.wake.wait(lock, [&] { return part.done || !part.queue.empty(); });
                        if (part.queue.empty()) break;
                        s = std::move(part.queue.front());
                        part.queue.pop_front();
                    }
                    part.wake.notify_all();
                    Xapian::Document doc = builder.build(s);
                    doc.add_boolean_term(source_term(s.path));
                    doc.add_boolean_term(signature_term(s.signature));
                    part.db.add_document(doc);
                    if (++pending >= batch_size) {
                        part.db.commit();
                        pending = 0;
                    }
                }
                part.db.commit();
            } catch (...) {
                {
                    std::lock_guard lock(part.mutex);
                    part.error = std::current_exception();
                }
                failed.store(true);
                part.wake.notify_all();
            }
        });
    }
    // The parts' threads end before this function does, however it ends, and the parts and the
    // merged copy are removed (after a failure, on a full disk, they hold the space a later run
    // needs; after the swap, the merged copy's folder holds the empty index it was exchanged with).
    auto stop_parts = [&] {
        for (auto& p : parts) {
            {
                std::lock_guard lock(p->mutex);
                p->done = true;
            }
            p->wake.notify_all();
        }
        for (auto& p : parts)
            if (p->thread.joinable()) p->thread.join();
    };
    const fs::path merged = path.string() + ".compacting";
    struct Cleanup {
        std::function<void()> run;
        ~Cleanup() { run(); }
    } cleanup{[&] {
        stop_parts();
        for (auto& p : parts) {
            try {
                p->db.close();
            } catch (const Xapian::Error&) { // its last commit failed too
            }
            fs::remove_all(p->path, ec);
        }
        fs::remove_all(merged, ec);
    }};

    // This thread reads; statements go round the parts; duplicate ids are caught here.
    std::unordered_set<std::string> ids;
    std::vector<std::pair<std::string, std::string>> stamps;
    std::size_t next = 0;
    auto should_stop = [&] { return options.should_stop() || failed.load(); };
    for (const InputRoot& root : roots) {
        for (const SourceFile& file : root.files) {
            if (should_stop()) break;
            const std::size_t problems_before = summary.skipped;
            ReadHandler handler{[&](Statement&& s) {
                                    if (!ids.insert(s.id).second) {
                                        problem({file.path.string(), fmt::format("duplicate id '{}': this statement is skipped", s.id)});
                                        return;
                                    }
                                    Part& part = *parts[next++ % parts.size()];
                                    {
                                        std::unique_lock lock(part.mutex);
                                        part.wake.wait(lock, [&] { return part.queue.size() < 16 || part.error; });
                                        if (part.error) return;
                                        part.queue.push_back(std::move(s));
                                    }
                                    part.wake.notify_all();
                                    ++summary.added;
                                },
                                problem, should_stop};
            const bool complete = read_file(file, handler) && !should_stop();
            if (complete && summary.skipped == problems_before && file.kind != SourceFile::Kind::standard_input)
                stamps.emplace_back(stamp_key(file), stamp_of(file));
            ++progress.files_done;
            progress.bytes_done += file.size;
            options.on_progress(progress);
        }
    }
    summary.interrupted = options.should_stop();
    stop_parts();
    for (auto& p : parts)
        if (p->error) std::rethrow_exception(p->error);

    // Merge the parts into a copy, then exchange it with the (empty) index in one step.
    Xapian::Database all;
    for (auto& p : parts) {
        p->db.close();
        all.add_database(Xapian::Database(p->path.string()));
    }
    fs::remove_all(merged, ec);
    all.compact(merged.string());
    all.close();
    if (::renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, path.c_str(), RENAME_EXCHANGE) != 0)
        throw Error(ErrorCategory::io, fmt::format("cannot swap in the new index {}: {}", path.string(), std::strerror(errno)));
    db.close();
    db = Xapian::WritableDatabase(path.string(), Xapian::DB_OPEN);
    for (const auto& [key, value] : stamps) db.set_metadata(key, value);
    stamp_change(db);
    db.commit();
}

} // namespace

// Incremental indexing. What is compared, in this order:
//
// 1. Files. Every input is walked completely first (listing only: path, size, mtime), so that a
//    new file is never missed and the progress total is known. A file whose size and mtime (to
//    the nanosecond) equal those recorded in the index metadata after its last complete read,
//    and whose statements (found by their source term XSRC<path>) are there, is not opened: they
//    count as unchanged.
// 2. Records. A file that changed, or was never read to its end, is read again record by record
//    (a text file is one record, a JSON Lines file one per line). A record whose signature (a
//    hash of its bytes, seeded with its file's path) is already in the index as an XSIG term is
//    unchanged and is not parsed; otherwise it is parsed, analysed, and replaces the statement
//    with its id (or is added). A second record with an id already seen in this run is reported
//    and skipped, so that a duplicate id cannot make runs alternate.
// 3. The file's size and mtime are recorded only when it was read to its end without problems,
//    and committed with its statements; a file with a bad record, or interrupted, is read again
//    next time (its good records are then unchanged by signature, so that costs only hashing).
// 4. Removals (with prune) come last, and only under an input whose walk was complete: every
//    statement whose source term lies under that input and which was not seen in this run is
//    deleted, except those of files with problems. A renamed file is a removal plus an
//    addition; its statements' ids follow its new path.
// A kill at any point loses at most the uncommitted batch; the next run redoes it, because the
// metadata of a file is never committed before its statements.
IndexSummary IndexWriter::update(const std::vector<fs::path>& inputs, const IndexOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    Xapian::WritableDatabase& db = impl_->db;
    IndexSummary summary;
    auto problem = [&](const InputProblem& p) {
        ++summary.skipped;
        options.on_problem(p);
    };

    std::vector<InputRoot> roots;
    IndexProgress progress;
    for (const auto& input : inputs) {
        InputRoot root;
        root.complete = list_input(input, root.files, problem);
        std::error_code ec;
        root.folder = input != "-" && fs::is_directory(input, ec);
        const fs::path canonical = fs::weakly_canonical(fs::absolute(input, ec), ec);
        root.prefix = source_term(input == "-" ? "-" : canonical.string() + (root.folder ? "/" : ""));
        for (const auto& f : root.files) progress.bytes_total += f.size;
        progress.files_total += root.files.size();
        roots.push_back(std::move(root));
    }

    const unsigned parts = impl_->options.jobs ? impl_->options.jobs : std::max(1u, std::thread::hardware_concurrency());
    if (!options.dry_run && parts > 1 && db.get_doccount() == 0) {
        try {
            bulk_load(impl_->path, db, impl_->options.batch_size, roots, options, parts, summary, problem, progress);
            if (!summary.interrupted) impl_->finish();
        } catch (const Xapian::Error& e) {
            throw translate(e, impl_->path);
        }
        summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary;
    }

    try {
        std::unordered_set<Xapian::docid> seen;
        std::unordered_set<std::string> unsafe_sources; // files with problems: their statements stay
        auto mark_seen = [&](const std::string& term) {
            std::size_t n = 0;
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p, ++n) seen.insert(*p);
            return n;
        };
        // Writes one analysed statement (on this thread, the only one that touches the database).
        struct Pending {
            std::string id;
            std::uint64_t signature;
            std::string source, where;
        };
        std::deque<Pending> pending_writes;
        std::unique_ptr<AnalysisPool> pool;
        const unsigned jobs = impl_->options.jobs ? impl_->options.jobs : std::max(1u, std::thread::hardware_concurrency());
        if (jobs > 1 && !options.dry_run) pool = std::make_unique<AnalysisPool>(jobs);
        auto write_document = [&](const Pending& p, std::optional<Xapian::Document> doc) {
            const std::string id_term = DocumentBuilder::id_term(p.id);
            const auto posting = db.postlist_begin(id_term);
            const Xapian::docid existing = posting == db.postlist_end(id_term) ? 0 : *posting;
            if (existing && seen.count(existing)) {
                problem({p.where, fmt::format("duplicate id '{}': this statement is skipped", p.id)});
                return;
            }
            if (!doc) { // a dry run
                ++(existing ? summary.replaced : summary.added);
                if (existing) seen.insert(existing);
                return;
            }
            doc->add_boolean_term(p.source);
            doc->add_boolean_term(signature_term(p.signature));
            if (existing) {
                db.replace_document(existing, *doc);
                seen.insert(existing);
                ++summary.replaced;
            } else {
                seen.insert(db.add_document(*doc));
                ++summary.added;
            }
            impl_->changed = true;
            if (++impl_->pending >= impl_->options.batch_size) impl_->flush();
        };
        auto write_next = [&] {
            Pending p = std::move(pending_writes.front());
            pending_writes.pop_front();
            write_document(p, pool->next());
        };
        auto analyse_here = [&](const Statement& s) -> std::optional<Xapian::Document> {
            if (options.dry_run) return std::nullopt;
            return impl_->builder.build(s);
        };
        std::string where_now;
        auto write = [&](const Statement& s, std::optional<Xapian::Document> doc, const std::string& source) {
            write_document({s.id, s.signature, source, where_now}, std::move(doc));
        };

        for (const InputRoot& root : roots) {
            for (const SourceFile& file : root.files) {
                if (options.should_stop()) break;
                where_now = file.path.string();
                const std::string source = source_term(file.key);
                const std::string metadata_key = stamp_key(file);
                const std::string stamp = stamp_of(file);
                const bool from_stdin = file.kind == SourceFile::Kind::standard_input;
                // A stamp counts only while the file's statements are there: a file restored
                // with its old mtime after a prune is read again.
                std::size_t unchanged = 0;
                if (!from_stdin && db.get_metadata(metadata_key) == stamp) unchanged = mark_seen(source);
                if (unchanged > 0) {
                    summary.unchanged += unchanged;
                } else {
                    const std::size_t problems_before = summary.skipped;
                    ReadHandler handler{
                        [&](Statement&& s) {
                            if (options.dry_run || !pool) {
                                write(s, analyse_here(s), source);
                                return;
                            }
                            while (pool->full()) write_next();
                            pending_writes.push_back({s.id, s.signature, source, file.path.string()});
                            pool->submit(std::move(s));
                        },
                        problem, options.should_stop};
                    const SkipRecord indexed_already = [&](std::uint64_t signature) {
                        const std::size_t n = mark_seen(signature_term(signature));
                        summary.unchanged += n;
                        return n > 0;
                    };
                    const bool complete = read_file(file, handler, indexed_already) && !options.should_stop();
                    while (pool && !pool->empty()) write_next(); // a file's statements before its stamp
                    if (complete && summary.skipped == problems_before) {
                        if (!options.dry_run && !from_stdin) db.set_metadata(metadata_key, stamp);
                    } else {
                        unsafe_sources.insert(source);
                        if (!options.dry_run && !from_stdin) db.set_metadata(metadata_key, "");
                    }
                }
                ++progress.files_done;
                progress.bytes_done += file.size;
                options.on_progress(progress);
            }
        }
        summary.interrupted = options.should_stop();

        if (options.prune && !summary.interrupted) {
            std::vector<Xapian::docid> gone;
            for (const InputRoot& root : roots) {
                if (!root.complete || root.prefix == source_term("-")) continue;
                for (auto t = db.allterms_begin(root.prefix); t != db.allterms_end(root.prefix); ++t) {
                    if (!root.folder && *t != root.prefix) continue;
                    if (unsafe_sources.count(*t)) continue;
                    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p)
                        if (!seen.count(*p)) gone.push_back(*p);
                }
            }
            std::sort(gone.begin(), gone.end());
            gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
            summary.removed = gone.size();
            if (!options.dry_run)
                for (Xapian::docid id : gone) db.delete_document(id);
            impl_->changed = impl_->changed || !gone.empty();
        }
        if (!options.dry_run) {
            if (summary.interrupted) impl_->flush();
            else impl_->finish();
        }
    } catch (const Xapian::Error& e) {
        throw translate(e, impl_->path);
    }
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

} // namespace mofa
