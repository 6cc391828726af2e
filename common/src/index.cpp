#include <mofa/error.hpp>
#include <mofa/index.hpp>

#include "document.hpp"
#include "people.hpp"
#include "schema.hpp"
#include "text.hpp"
#include "source_files.hpp"
#include "stored.hpp"
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
    if (term.size() < 3 || text::has_cjk(term)) return false; // characters and pairs are no words
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

namespace {

// The worker threads of a run, each with its own DocumentBuilder (term generator, stemmers).
// Tasks go round the workers in turn (the n-th to worker n mod size, so that which worker does
// what never depends on timing) and wait in that worker's queue, at most `queue_limit` of them:
// the reading thread waits rather than fill memory however large the input. A task that throws
// fails the pool: later tasks are dropped, and `finish` rethrows the first error.
class WorkerPool {
public:
    using Task = std::function<void(DocumentBuilder&)>;
    static constexpr std::size_t queue_limit = 8;

    explicit WorkerPool(unsigned workers) : queues_(workers) {
        for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this, i] { work(queues_[i]); });
    }
    // Drops the tasks still waiting and joins the threads.
    ~WorkerPool() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        changed_.notify_all();
        for (auto& thread : threads_) thread.join();
    }
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    unsigned size() const { return static_cast<unsigned>(threads_.size()); }
    /// Tasks waiting or running at most.
    std::size_t capacity() const { return queues_.size() * queue_limit; }
    /// The worker that the next task goes to.
    unsigned next_worker() const { return next_; }
    bool failed() const { return failed_.load(std::memory_order_relaxed); } // polled for every record: no lock

    /// Queues a task for the next worker, waiting while its queue is full. False, and the task
    /// dropped, when the pool has failed.
    bool submit(Task task) {
        Queue& queue = queues_[next_];
        next_ = (next_ + 1) % size();
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return queue.tasks.size() < queue_limit || error_; });
            if (error_) return false;
            queue.tasks.push_back(std::move(task));
        }
        changed_.notify_all();
        return true;
    }

    /// Waits until every task has run; rethrows the first error of one.
    void finish() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] {
            return error_ || std::all_of(queues_.begin(), queues_.end(), [](const Queue& q) { return q.idle(); });
        });
        if (error_) std::rethrow_exception(error_);
    }

private:
    struct Queue {
        std::deque<Task> tasks;
        bool running = false;
        bool idle() const { return tasks.empty() && !running; }
    };

    void work(Queue& queue) {
        DocumentBuilder builder;
        for (;;) {
            Task task;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] { return stopping_ || !queue.tasks.empty(); });
                if (stopping_) return;
                task = std::move(queue.tasks.front());
                queue.tasks.pop_front();
                queue.running = !error_;
                if (error_) continue;
            }
            std::exception_ptr error;
            try {
                task(builder);
            } catch (...) {
                error = std::current_exception();
            }
            {
                std::lock_guard lock(mutex_);
                if (error && !error_) {
                    error_ = error;
                    failed_ = true;
                }
                queue.running = false;
            }
            changed_.notify_all();
        }
    }

    std::vector<Queue> queues_;
    unsigned next_ = 0; // used by the submitting thread only
    std::mutex mutex_;
    std::condition_variable changed_;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false}; // error_ is set
    bool stopping_ = false;
    std::vector<std::thread> threads_; // last: the threads end before what they use goes
};

} // namespace

/// Records the time of a commit that changes statements (for health checks: Searcher::last_change).
void stamp_change(Xapian::WritableDatabase& db) {
    db.set_metadata(std::string(schema::changed_key), fmt::format("{:%FT%TZ}", fmt::gmtime(std::time(nullptr))));
}

namespace {

// What a writer holds; IndexWriter::Impl is this, and an update's run works on it.
struct WriterState {
    fs::path path;
    IndexWriterOptions options;
    unsigned threads = 1;        ///< options.jobs, or one per core
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

    /// Commits, then brings what is derived from all statements up to date if it is not: the
    /// people that surnames alone name (people::resolve_surnames) and the spelling data. Both are
    /// committed at once, after the statements: a kill before leaves the mark for the next run.
    void finish() {
        flush();
        if (db.get_metadata(std::string(schema::spelling_key)) == spelling_state) return;
        if (people::resolve_surnames(db) > 0) stamp_change(db);
        sync_spelling(db);
        db.set_metadata(std::string(schema::spelling_key), spelling_state);
        db.commit();
        marked_stale = false;
        changed = false;
    }

    static constexpr const char* spelling_state = "1";
};

} // namespace

struct IndexWriter::Impl : WriterState {};

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
    impl_->threads = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    std::error_code ec;
    // A folder this user may not change: say so, rather than what Xapian makes of it (a lock
    // "held by another writer", a folder that "is not an index" because it cannot be listed).
    if (fs::exists(path, ec) && ::faccessat(AT_FDCWD, path.c_str(), R_OK | W_OK | X_OK, AT_EACCESS) != 0)
        throw Error(ErrorCategory::index, fmt::format("cannot write to index {}: {}", path.string(), std::strerror(errno)),
                    "mofa-index needs to write in the index folder and its files: run it as their owner, or change "
                    "their owner or permissions (chown, chmod)");
    // A dry run's writer on a missing index: an empty one in memory, nothing created.
    if (!options.create && (!fs::exists(path, ec) || (fs::is_directory(path, ec) && fs::is_empty(path, ec)))) {
        impl_->db = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
        return;
    }
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

// A file's stamp: its size and modification time, and the analysis revision that read it.
std::string stamp_of(const SourceFile& file) {
    return fmt::format("{} {} a{}", file.size, file.mtime_ns, schema::analysis_revision);
}

// The term of the file a statement came from ("-" for standard input).
std::string source_term(std::string_view file_key) {
    return schema::boolean_term(schema::source_prefix, file_key.empty() ? "-" : file_key);
}

// The term of an input record's signature.
std::string signature_term(std::uint64_t signature) { return fmt::format("{}{:016x}", schema::signature_prefix, signature); }

// The document of a statement, with the terms of its file and its record.
Xapian::Document analyse(DocumentBuilder& builder, const Statement& s) {
    Xapian::Document doc = builder.build(s);
    doc.add_boolean_term(source_term(s.path));
    doc.add_boolean_term(signature_term(s.signature));
    return doc;
}

// One run of IndexWriter::update, in named steps (what they compare: the comment above update).
// The calling thread lists, reads, checks signatures and writes the index; the pool's workers
// analyse, and in a first load write parts of it.
class UpdateRun {
public:
    UpdateRun(WriterState& writer, const IndexOptions& options)
        : writer_(writer), db_(writer.db), options_(options) {}
    ~UpdateRun() {
        pool_.reset();
        remove_parts();
    }
    UpdateRun(const UpdateRun&) = delete;
    UpdateRun& operator=(const UpdateRun&) = delete;

    IndexSummary run(const std::vector<fs::path>& inputs) {
        const auto start = std::chrono::steady_clock::now();
        list(inputs);
        try {
            if (!options_.dry_run) pool_.emplace(writer_.threads);
            if (!options_.dry_run && writer_.threads > 1 && db_.get_doccount() == 0) {
                load_in_parts();
            } else {
                read_changes();
                if (options_.prune && !summary_.interrupted) prune();
            }
            if (!options_.dry_run) {
                if (summary_.interrupted) writer_.flush();
                else writer_.finish();
            }
        } catch (const Xapian::Error& e) {
            throw translate(e, writer_.path);
        }
        summary_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return summary_;
    }

private:
    // A statement read and sent to be analysed, written when its document is ready.
    struct Pending {
        std::string id;
        std::uint64_t signature = 0;
        std::string where;
        std::future<Xapian::Document> document; // none in a dry run
    };
    // A part of a first load: written by one worker only.
    struct Part {
        fs::path path;
        Xapian::WritableDatabase db;
        std::size_t pending = 0;
    };

    // Step 1: every input is walked completely first (listing only).
    void list(const std::vector<fs::path>& inputs) {
        for (const auto& input : inputs) {
            InputRoot root;
            root.complete = list_input(input, root.files, [this](const InputProblem& p) { problem(p); });
            std::error_code ec;
            root.folder = input != "-" && fs::is_directory(input, ec);
            const fs::path canonical = fs::weakly_canonical(fs::absolute(input, ec), ec);
            root.prefix = source_term(input == "-" ? "-" : canonical.string() + (root.folder ? "/" : ""));
            for (const auto& f : root.files) progress_.bytes_total += f.size;
            progress_.files_total += root.files.size();
            roots_.push_back(std::move(root));
        }
    }

    // Step 2 of an incremental run: each file that changed is read again.
    void read_changes() {
        for (const InputRoot& root : roots_)
            for (const SourceFile& file : root.files) {
                if (should_stop()) break;
                read_if_changed(file);
                file_done(file);
            }
        summary_.interrupted = options_.should_stop();
    }

    void read_if_changed(const SourceFile& file) {
        const std::string source = source_term(file.key);
        const bool from_stdin = file.kind == SourceFile::Kind::standard_input;
        // A stamp counts only while the file's statements are there: a file restored with its
        // old mtime after a prune is read again.
        if (!from_stdin && db_.get_metadata(stamp_key(file)) == stamp_of(file)) {
            if (const std::size_t unchanged = mark_seen(source)) {
                summary_.unchanged += unchanged;
                return;
            }
        }
        const auto on_statement = [&](Statement&& s) {
            Pending pending{s.id, s.signature, where_of(file, s), {}};
            if (pool_) {
                while (in_flight_.size() >= pool_->capacity()) write_oldest();
                auto task = std::make_shared<std::packaged_task<Xapian::Document(DocumentBuilder&)>>(
                    [s = std::move(s)](DocumentBuilder& builder) { return analyse(builder, s); });
                pending.document = task->get_future();
                in_flight_.push_back(std::move(pending));
                pool_->submit([task](DocumentBuilder& builder) { (*task)(builder); });
            } else {
                write(pending, std::nullopt); // a dry run counts what it would write
            }
        };
        const SkipRecord indexed_already = [&](std::uint64_t signature) {
            const std::size_t n = mark_seen(signature_term(signature));
            summary_.unchanged += n;
            return n > 0;
        };
        const bool good = read(file, on_statement, indexed_already);
        while (!in_flight_.empty()) write_oldest(); // a file's statements before its stamp (step 3)
        if (!good) unsafe_sources_.insert(source);
        if (!options_.dry_run && !from_stdin) db_.set_metadata(stamp_key(file), good ? stamp_of(file) : "");
    }

    void write_oldest() {
        Pending pending = std::move(in_flight_.front());
        in_flight_.pop_front();
        write(pending, pending.document.get()); // rethrows what the analysis threw
    }

    // Adds a statement's document, or replaces the one with its id, unless that id was seen in
    // this run already.
    void write(const Pending& pending, std::optional<Xapian::Document> doc) {
        const std::string id_term = DocumentBuilder::id_term(pending.id);
        const auto posting = db_.postlist_begin(id_term);
        const Xapian::docid existing = posting == db_.postlist_end(id_term) ? 0 : *posting;
        if (existing && seen_.count(existing)) return duplicate(pending.where, pending.id);
        // A dry run writes nothing to find the second time: it remembers the ids it would add.
        if (!doc && !existing && !would_add_.insert(pending.id).second) return duplicate(pending.where, pending.id);
        ++(existing ? summary_.replaced : summary_.added);
        changed(existing ? IndexChange::Kind::replace : IndexChange::Kind::add, pending.id, pending.where);
        if (!doc) { // a dry run
            if (existing) seen_.insert(existing);
            return;
        }
        if (existing) {
            db_.replace_document(existing, *doc);
            seen_.insert(existing);
        } else {
            seen_.insert(db_.add_document(*doc));
        }
        writer_.changed = true;
        if (++writer_.pending >= writer_.options.batch_size) writer_.flush();
    }

    // Step 4: removals, only under inputs walked completely, never of files with problems.
    void prune() {
        std::vector<Xapian::docid> gone;
        for (const InputRoot& root : roots_) {
            if (!root.complete || root.prefix == source_term("-")) continue;
            for (auto t = db_.allterms_begin(root.prefix); t != db_.allterms_end(root.prefix); ++t) {
                if (!root.folder && *t != root.prefix) continue;
                if (unsafe_sources_.count(*t)) continue;
                for (auto p = db_.postlist_begin(*t); p != db_.postlist_end(*t); ++p)
                    if (!seen_.count(*p)) gone.push_back(*p);
            }
        }
        std::sort(gone.begin(), gone.end());
        gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
        summary_.removed = gone.size();
        if (options_.on_change)
            for (Xapian::docid id : gone) {
                const Statement s = stored::from_document(db_.get_document(id), false);
                changed(IndexChange::Kind::remove, s.id, s.path.empty() ? "-" : s.path);
            }
        if (!options_.dry_run)
            for (Xapian::docid id : gone) db_.delete_document(id);
        writer_.changed = writer_.changed || !gone.empty();
    }

    // The first load of an empty index: each worker analyses and writes every n-th statement
    // into a part beside the index; the parts are then merged by compaction and swapped in
    // (Xapian's single writer is the bottleneck of a bulk load: parts in parallel were 2.3 times
    // as fast as scriptindex where one writer was 1.8 times). A kill leaves the index as it was
    // (empty) and the parts behind, removed by the next run; stamps are written after the swap,
    // so a kill just after it costs only a re-read in which every record is skipped by its
    // signature. Duplicate ids are caught here, by the ids of the run.
    void load_in_parts() {
        parts_.reserve(pool_->size());
        std::error_code ec;
        for (unsigned i = 0; i < pool_->size(); ++i) {
            Part& part = parts_.emplace_back();
            part.path = writer_.path.string() + fmt::format(".part-{}", i);
            fs::remove_all(part.path, ec); // left by a killed run
            part.db = Xapian::WritableDatabase(part.path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
            part.db.set_metadata(std::string(schema::version_key), std::string(schema::version));
        }
        std::unordered_set<std::string> ids;
        std::vector<std::pair<std::string, std::string>> stamps;
        const std::size_t batch_size = writer_.options.batch_size;
        for (const InputRoot& root : roots_)
            for (const SourceFile& file : root.files) {
                if (should_stop()) break;
                const bool good = read(file, [&](Statement&& s) {
                    const std::string where = where_of(file, s);
                    if (!ids.insert(s.id).second) return duplicate(where, s.id);
                    Part& part = parts_[pool_->next_worker()];
                    const std::string id = s.id;
                    const bool queued = pool_->submit([&part, s = std::move(s), batch_size](DocumentBuilder& builder) {
                        part.db.add_document(analyse(builder, s));
                        if (++part.pending >= batch_size) {
                            part.db.commit();
                            part.pending = 0;
                        }
                    });
                    if (!queued) return;
                    ++summary_.added;
                    changed(IndexChange::Kind::add, id, where);
                });
                if (good && file.kind != SourceFile::Kind::standard_input)
                    stamps.emplace_back(stamp_key(file), stamp_of(file));
                file_done(file);
            }
        summary_.interrupted = options_.should_stop();
        for (std::size_t i = 0; i < parts_.size(); ++i) { // each part commits on its own worker
            Part& part = parts_[pool_->next_worker()];
            pool_->submit([&part](DocumentBuilder&) { part.db.commit(); });
        }
        pool_->finish(); // rethrows a part's failure (a full disk)

        // Merge the parts into a copy, then exchange it with the (empty) index in one step.
        Xapian::Database all;
        for (Part& part : parts_) {
            part.db.close();
            all.add_database(Xapian::Database(part.path.string()));
        }
        const fs::path merged = merged_path();
        fs::remove_all(merged, ec);
        all.compact(merged.string());
        all.close();
        if (::renameat2(AT_FDCWD, merged.c_str(), AT_FDCWD, writer_.path.c_str(), RENAME_EXCHANGE) != 0)
            throw Error(ErrorCategory::io,
                        fmt::format("cannot swap in the new index {}: {}", writer_.path.string(), std::strerror(errno)));
        remove_parts(); // and the merged copy's folder, which now holds the empty index
        db_.close();
        db_ = Xapian::WritableDatabase(writer_.path.string(), Xapian::DB_OPEN);
        for (const auto& [key, value] : stamps) db_.set_metadata(key, value);
        stamp_change(db_);
        db_.commit();
    }

    fs::path merged_path() const { return writer_.path.string() + ".compacting"; }

    // The parts of a first load and the merged copy go, however the load ended: after a failure
    // (a full disk) they hold the space a later run needs.
    void remove_parts() {
        std::error_code ec;
        for (Part& part : parts_) {
            try {
                part.db.close();
            } catch (const Xapian::Error&) { // its last commit failed too
            }
            fs::remove_all(part.path, ec);
        }
        if (!parts_.empty()) fs::remove_all(merged_path(), ec);
        parts_.clear();
    }

    // Reads one file; true when it was read to its end without a problem.
    bool read(const SourceFile& file, std::function<void(Statement&&)> on_statement, const SkipRecord& skip = {}) {
        const std::size_t problems_before = summary_.skipped;
        const ReadHandler handler{std::move(on_statement), [this](const InputProblem& p) { problem(p); },
                                  [this] { return should_stop(); }};
        const bool complete = read_file(file, handler, skip) && !should_stop();
        return complete && summary_.skipped == problems_before;
    }

    // Marks the statements with this term as seen in this run; their count.
    std::size_t mark_seen(const std::string& term) {
        std::size_t n = 0;
        for (auto p = db_.postlist_begin(term); p != db_.postlist_end(term); ++p, ++n) seen_.insert(*p);
        return n;
    }

    void problem(const InputProblem& p) {
        ++summary_.skipped;
        options_.on_problem(p);
    }

    // Where a statement's record is: its file, and its line in JSON Lines.
    static std::string where_of(const SourceFile& file, const Statement& s) {
        return s.line ? fmt::format("{}:{}", file.path.string(), s.line) : file.path.string();
    }

    void changed(IndexChange::Kind kind, const std::string& id, const std::string& where) const {
        if (options_.on_change) options_.on_change({kind, id, where});
    }

    // A second statement with an id seen in this run: the first wins, so that runs cannot alternate.
    void duplicate(const std::string& where, const std::string& id) {
        problem({where, fmt::format("duplicate id '{}': this statement is skipped", id)});
    }

    bool should_stop() const { return options_.should_stop() || (pool_ && pool_->failed()); }

    void file_done(const SourceFile& file) {
        ++progress_.files_done;
        progress_.bytes_done += file.size;
        options_.on_progress(progress_);
    }

    WriterState& writer_;
    Xapian::WritableDatabase& db_;
    const IndexOptions& options_;
    IndexSummary summary_;
    IndexProgress progress_;
    std::vector<InputRoot> roots_;
    std::unordered_set<Xapian::docid> seen_;         // statements of this run's inputs, found or written
    std::unordered_set<std::string> unsafe_sources_; // files with problems: their statements stay
    std::unordered_set<std::string> would_add_;      // a dry run's new ids
    std::deque<Pending> in_flight_;
    std::vector<Part> parts_;
    std::optional<WorkerPool> pool_; // last: its threads end before what their tasks use goes
};

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
    return UpdateRun(*impl_, options).run(inputs);
}

} // namespace mofa
