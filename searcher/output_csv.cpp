// The csv format: RFC 4180, a header row and a row per hit or field.
#include "output.hpp"

#include <mofa/json.hpp>

#include <fmt/format.h>

#include <iterator>

namespace mofa::cli {
namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

class CsvWriter : public OutputWriter {
public:
    explicit CsvWriter(std::string& out) : OutputWriter(out) {}

    void result(const SearchResult& result, bool) override {
        out_ += "rank,id,date,score,title,dateline,source,url,language,snippet\r\n";
        for (const auto& hit : result.hits) {
            const Statement& s = hit.statement;
            fmt::format_to(std::back_inserter(out_), "{},{},{},{:.4f},{},{},{},{},{},{}\r\n", hit.rank, csv_field(s.id),
                           s.date ? s.date->to_string() : "", hit.score, csv_field(s.title), csv_field(s.dateline),
                           csv_field(s.source), csv_field(s.url), csv_field(s.language), csv_field(hit.snippet));
        }
    }

    // A body of paragraphs and lists of participants make no row: the JSON document.
    void statement(const Statement& statement) override { out_ += statement_json(statement) + "\n"; }

    void fields(const std::vector<QueryField>& fields) override {
        out_ += "name,facet,description\r\n";
        for (const auto& f : fields)
            fmt::format_to(std::back_inserter(out_), "{},{},{}\r\n", csv_field(f.name), f.facet ? "true" : "false",
                           csv_field(f.description));
    }
};

} // namespace

std::unique_ptr<OutputWriter> csv_writer(std::string& out) { return std::make_unique<CsvWriter>(out); }

} // namespace mofa::cli
