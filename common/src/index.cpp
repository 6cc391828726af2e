#include <mofa/error.hpp>
#include <mofa/index.hpp>

#include "document.hpp"
#include "schema.hpp"
#include "xapian_edge.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <cstdlib>
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

} // namespace

struct IndexWriter::Impl {
    fs::path path;
    IndexWriterOptions options;
    Xapian::WritableDatabase db;
    DocumentBuilder builder;
    std::size_t pending = 0;
};

IndexWriter::IndexWriter(const fs::path& path, IndexWriterOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->options = options;
    std::error_code ec;
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
}

IndexWriter::~IndexWriter() = default;
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

bool IndexWriter::add(const Statement& statement) {
    try {
        const std::string id_term = DocumentBuilder::id_term(statement.id);
        const bool existed = impl_->db.term_exists(id_term);
        impl_->db.replace_document(id_term, impl_->builder.build(statement));
        if (++impl_->pending >= impl_->options.batch_size) commit();
        return existed;
    } catch (const Xapian::Error& e) {
        throw translate(e, impl_->path);
    }
}

void IndexWriter::commit() {
    try {
        impl_->db.commit();
        impl_->pending = 0;
    } catch (const Xapian::Error& e) {
        throw translate(e, impl_->path);
    }
}

std::size_t IndexWriter::document_count() const { return impl_->db.get_doccount(); }

IndexSummary index_inputs(IndexWriter& writer, const std::vector<fs::path>& inputs,
                          const std::function<void(const InputProblem&)>& on_problem,
                          const std::function<bool()>& should_stop) {
    IndexSummary summary;
    ReadHandler handler{
        [&](Statement&& s) {
            if (writer.add(s)) ++summary.replaced;
            else ++summary.added;
        },
        [&](const InputProblem& problem) {
            ++summary.skipped;
            on_problem(problem);
        },
        should_stop};
    for (const auto& input : inputs) {
        if (should_stop()) break;
        read_input(input, handler);
    }
    summary.interrupted = should_stop();
    writer.commit();
    return summary;
}

} // namespace mofa
