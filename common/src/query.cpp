#include "query.hpp"

#include <mofa/date.hpp>
#include <mofa/error.hpp>

#include "document.hpp"

#include <mofa/participants.hpp>
#include "schema.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <memory>

namespace mofa {
namespace {

// field:value for boolean and exact fields: the same term the document builder writes.
class FilterProcessor : public Xapian::FieldProcessor {
public:
    explicit FilterProcessor(const schema::Field& field) : field_(field) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::filter_term(field_, value));
    }

private:
    const schema::Field& field_;
};

// date:VALUE and year:VALUE. A single date is a term of its precision (Y, M or D), so that a
// statement dated only "1963" matches date:1963 but not date:1963-09. A range A..B (either
// end may be left open) matches statements whose whole period lies inside it.
//
// A value that is not a date is recorded in `error` and matches nothing; the builder turns it
// into an error after parsing. (An exception thrown through Xapian's parser leaks its state.)
class DateProcessor : public Xapian::FieldProcessor {
public:
    DateProcessor(const schema::Field& field, std::shared_ptr<std::string> error) : field_(field), error_(std::move(error)) {}

    Xapian::Query operator()(const std::string& value) override {
        try {
            return parse(value);
        } catch (const Invalid& invalid) {
            if (error_->empty()) *error_ = invalid.message;
            return Xapian::Query::MatchNothing;
        }
    }

private:
    struct Invalid {
        std::string message;
    };

    Xapian::Query parse(const std::string& value) const {
        if (const auto dots = value.find(".."); dots != std::string::npos && field_.name == schema::date.name) {
            const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
            if (from.empty() && to.empty()) fail(value, "a range needs at least one end");
            Xapian::Query query = Xapian::Query::MatchAll;
            if (!from.empty())
                query = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot_date_first, date(from).first_day_key());
            if (!to.empty())
                query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                                      Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::slot_date_last,
                                                    date(to).last_day_key()));
            return query;
        }
        const Date d = date(value);
        if (field_.name == schema::year.name && d.precision() != Date::Precision::year)
            fail(value, "year: takes a year (year:2018); use date: for months and days");
        const std::string key = d.first_day_key();
        switch (d.precision()) {
        case Date::Precision::year: return Xapian::Query(std::string(schema::year_prefix) + key.substr(0, 4));
        case Date::Precision::month: return Xapian::Query(std::string(schema::month_prefix) + key.substr(0, 6));
        case Date::Precision::day: break;
        }
        return Xapian::Query(std::string(schema::day_prefix) + key);
    }

    [[noreturn]] void fail(const std::string& value, const std::string& why) const {
        throw Invalid{fmt::format("{}:{}: {}", field_.name, value, why)};
    }

    Date date(const std::string& text) const {
        std::string why;
        const auto d = Date::parse(text, &why);
        if (!d) fail(text, why);
        return *d;
    }

    const schema::Field& field_;
    std::shared_ptr<std::string> error_;
};

// person:VALUE and org:VALUE: the participant whose canonical key the value names (any
// spelling the aliases know), else the participants with all the value's words in their names.
class ParticipantProcessor : public Xapian::FieldProcessor {
public:
    ParticipantProcessor(const schema::Field& field, const Xapian::Database& db) : field_(field), db_(db) {}
    Xapian::Query operator()(const std::string& value) override {
        const auto& extractor = ParticipantExtractor::shared();
        const std::string key = field_.name == schema::person.name ? extractor.person_key(value) : extractor.organization_key(value);
        const std::string term = schema::filter_term(field_, key);
        if (db_.term_exists(term)) return Xapian::Query(term);
        std::vector<Xapian::Query> words;
        std::size_t start = 0;
        while (start < key.size()) {
            const std::size_t space = std::min(key.find(' ', start), key.size());
            if (space > start) words.emplace_back(std::string(field_.words_prefix) + key.substr(start, space - start));
            start = space + 1;
        }
        if (words.empty()) return Xapian::Query::MatchNothing;
        return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
    }

private:
    const schema::Field& field_;
    Xapian::Database db_;
};

// country:VALUE: a code, a name or an adjective; an unknown country is an error, not an
// empty result.
class CountryProcessor : public Xapian::FieldProcessor {
public:
    explicit CountryProcessor(std::shared_ptr<std::string> error) : error_(std::move(error)) {}
    Xapian::Query operator()(const std::string& value) override {
        const auto code = ParticipantExtractor::shared().country_code(value);
        if (!code) {
            if (error_->empty()) *error_ = fmt::format("country:{}: not a country code, name or adjective known to mofa", value);
            return Xapian::Query::MatchNothing;
        }
        return Xapian::Query(schema::filter_term(schema::country, *code));
    }

private:
    std::shared_ptr<std::string> error_;
};

} // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db)
    : stemmer_(query_language), field_error_(std::make_shared<std::string>()) {
    parser_.set_database(db);
    parser_.set_stemmer(stemmer_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    for (const auto& field : schema::fields) {
        switch (field.kind) {
        case schema::Kind::text:
            if (!field.prefix.empty()) parser_.add_prefix(std::string(field.name), std::string(field.prefix));
            break;
        case schema::Kind::boolean:
        case schema::Kind::exact:
            parser_.add_boolean_prefix(std::string(field.name), (new FilterProcessor(field))->release());
            break;
        case schema::Kind::date:
            parser_.add_boolean_prefix(std::string(field.name), (new DateProcessor(field, field_error_))->release());
            break;
        case schema::Kind::participant:
            parser_.add_boolean_prefix(std::string(field.name), (new ParticipantProcessor(field, db))->release());
            break;
        case schema::Kind::country:
            parser_.add_boolean_prefix(std::string(field.name), (new CountryProcessor(field_error_))->release());
            break;
        }
    }
}

Xapian::Query QueryBuilder::parse(const std::string& query, DefaultOperator op) {
    if (const auto bad = text::invalid_utf8_offset(query))
        throw Error(ErrorCategory::usage, fmt::format("the query is not valid UTF-8 (byte {})", *bad));
    const std::string normalized = text::normalize_query(query);
    if (text::trim(normalized).empty()) return Xapian::Query::MatchAll;
    parser_.set_default_op(op == DefaultOperator::all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    constexpr unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                               Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                               Xapian::QueryParser::FLAG_PURE_NOT;
    field_error_->clear();
    Xapian::Query parsed;
    try {
        parsed = parser_.parse_query(normalized, flags);
    } catch (const Xapian::QueryParserError& e) {
        throw Error(ErrorCategory::usage, fmt::format("cannot understand the query: {}", e.get_msg()),
                    "see 'mofa-search --help' for the query language; quote words to search them literally");
    }
    if (!field_error_->empty())
        throw Error(ErrorCategory::usage, *field_error_,
                    field_error_->starts_with("country:")
                        ? "use an ISO 3166 code (country:RU), a name (country:russia) or an adjective (country:russian)"
                        : "dates are YYYY, YYYY-MM or YYYY-MM-DD; ranges are FROM..TO with either end optional");
    return parsed;
}

} // namespace mofa
