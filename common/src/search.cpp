#include <mofa/error.hpp>
#include <mofa/search.hpp>

#include "document.hpp"
#include "query.hpp"
#include "schema.hpp"
#include "stored.hpp"
#include "text.hpp"
#include "xapian_edge.hpp"

#include <fmt/format.h>
#include <xapian.h>

#include <optional>
#include <system_error>

namespace fs = std::filesystem;

namespace mofa {

struct Searcher::Impl {
    fs::path path;
    Xapian::Database db;
    std::optional<QueryBuilder> queries;

    // Readers beside a writer: a commit can discard the revision a reader is reading. Reopen at
    // the newest revision and try again; a writer committing small batches in quick succession
    // can do that more than once during one search, so a few times.
    template <typename F> auto retrying(F&& f) {
        constexpr int attempts = 8;
        for (int attempt = 1;; ++attempt) {
            try {
                return f();
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt == attempts) throw translate(e, path);
                try {
                    db.reopen();
                } catch (const Xapian::Error& reopen_error) {
                    throw translate(reopen_error, path);
                }
            } catch (const Xapian::Error& e) {
                throw translate(e, path);
            }
        }
    }
};

Searcher::Searcher(const fs::path& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(ErrorCategory::index, fmt::format("no index at {}", path.string()),
                    "create it with 'mofa-index --db DIR FILES...', or name another with --db or MOFA_INDEX");
    try {
        impl_->db = Xapian::Database(path.string());
        check_schema(impl_->db, path);
        impl_->queries.emplace(impl_->db);
    } catch (const Xapian::Error& e) {
        throw translate(e, path);
    }
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResult Searcher::search(const SearchRequest& request) {
    return impl_->retrying([&] {
        // Inside the retry: person: and org: look terms up in the index while parsing.
        const Xapian::Query query = impl_->queries->parse(request.query, request.default_operator);
        Xapian::Enquire enquire(impl_->db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        switch (request.sort) {
        case SortOrder::relevance: break;
        case SortOrder::newest: enquire.set_sort_by_value_then_relevance(schema::slot_date_first, true); break;
        case SortOrder::oldest: enquire.set_sort_by_value_then_relevance(schema::slot_date_first, false); break;
        }
        const auto offset = static_cast<Xapian::doccount>(request.offset);
        const auto limit = static_cast<Xapian::doccount>(request.limit);
        // Look a little past the page so that small totals come out exact.
        const Xapian::MSet mset = enquire.get_mset(offset, limit, std::max<Xapian::doccount>(offset + limit, 1000));

        SearchResult result;
        result.query = request.query;
        result.offset = request.offset;
        result.total = mset.get_matches_estimated();
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        std::size_t rank = request.offset;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            SearchHit hit;
            hit.rank = ++rank;
            hit.score = it.get_weight();
            hit.statement = stored::from_data(it.get_document().get_data(), /*with_body*/ true);
            if (request.snippet_bytes > 0) {
                hit.snippet = mset.snippet(hit.statement.body, request.snippet_bytes, impl_->queries->stemmer(),
                                           Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                           request.highlight.start, request.highlight.end, "…");
                if (!request.highlight.html_escape) hit.snippet = text::html_unescape(hit.snippet);
                hit.snippet = text::one_line(hit.snippet);
            }
            hit.heading = hit.statement.title.empty() ? first_sentence(hit.statement.body) : hit.statement.title;
            hit.statement.body.clear();
            result.hits.push_back(std::move(hit));
        }
        return result;
    });
}

std::optional<Statement> Searcher::get(const std::string& id) {
    return impl_->retrying([&]() -> std::optional<Statement> {
        const std::string term = DocumentBuilder::id_term(id);
        auto posting = impl_->db.postlist_begin(term);
        if (posting == impl_->db.postlist_end(term)) return std::nullopt;
        return stored::from_data(impl_->db.get_document(*posting).get_data(), /*with_body*/ true);
    });
}

std::size_t Searcher::document_count() {
    return impl_->retrying([&] { return static_cast<std::size_t>(impl_->db.get_doccount()); });
}

} // namespace mofa
