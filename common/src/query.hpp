// mofa's query language on Xapian's QueryParser, configured from the schema.
#pragma once

#include <mofa/search.hpp>

#include <xapian.h>

#include <memory>
#include <string>

namespace mofa {

/// Parses queries against one database. One per thread.
class QueryBuilder {
public:
    explicit QueryBuilder(const Xapian::Database& db);

    /// The Xapian query for a query text. Throws Error{usage} when the text cannot be
    /// understood (unbalanced syntax Xapian rejects, an impossible date, ...).
    Xapian::Query parse(const std::string& query, DefaultOperator op);

    const Xapian::Stem& stemmer() const { return stemmer_; }

private:
    Xapian::QueryParser parser_;
    Xapian::Stem stemmer_;
    std::shared_ptr<std::string> field_error_; ///< set by field processors that met a bad value
};

} // namespace mofa
