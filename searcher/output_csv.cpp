// The csv format: RFC 4180, a header row and a row per hit, field, statement or pair.
#include "output.hpp"

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

// Names joined by "; " (a cell of a spreadsheet, split again with one formula).
template <typename Items, typename Name> std::string joined(const Items& items, Name name) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : "; ") + name(item);
    return out;
}

// A statement's descriptive columns, and its participants' (names).
constexpr const char* described_columns = "title,dateline,source,url,language";
constexpr const char* participant_columns = "people,countries,organizations";

std::string described_cells(const Statement& s) {
    return fmt::format("{},{},{},{},{}", csv_field(s.title), csv_field(s.dateline), csv_field(s.source), csv_field(s.url),
                       csv_field(s.language));
}

std::string participant_cells(const Participants& p) {
    return fmt::format("{},{},{}", csv_field(joined(p.people, [](const Person& x) { return x.name; })),
                       csv_field(joined(p.countries, [](const Country& x) { return x.name; })),
                       csv_field(joined(p.organizations, [](const Organization& x) { return x.name; })));
}

std::string date_cell(const Statement& s) { return s.date ? s.date->to_string() : ""; }

// Who issued it: the country's code and the speaker.
constexpr const char* issuer_columns = "from,speaker";

std::string issuer_cells(const Issuer& issuer) { return fmt::format("{},{}", csv_field(issuer.country), csv_field(issuer.speaker)); }

class CsvWriter : public OutputWriter {
public:
    explicit CsvWriter(std::string& out) : OutputWriter(out) {}

    // The columns of the first version first, the participants after them, then whether the
    // hit has only some of the words, then the issuer (columns are only ever added at the end).
    void result(const SearchResult& result, bool) override {
        fmt::format_to(std::back_inserter(out_), "rank,id,date,score,{},snippet,{},partial,{}\r\n", described_columns,
                       participant_columns, issuer_columns);
        for (const auto& hit : result.hits) {
            const Statement& s = hit.statement;
            fmt::format_to(std::back_inserter(out_), "{},{},{},{:.4f},{},{},{},{},{}\r\n", hit.rank, csv_field(s.id), date_cell(s),
                           hit.score, described_cells(s), csv_field(hit.snippet), participant_cells(s.participants),
                           hit.partial ? "true" : "false", issuer_cells(s.issuer));
        }
    }

    // One row: the statement's columns, its participants, its body and its issuer.
    void statement(const Statement& s) override {
        fmt::format_to(std::back_inserter(out_), "id,date,{},{},body,{}\r\n{},{},{},{},{},{}\r\n", described_columns,
                       participant_columns, issuer_columns, csv_field(s.id), date_cell(s), described_cells(s),
                       participant_cells(s.participants), csv_field(s.body), issuer_cells(s.issuer));
    }

    void fields(const std::vector<QueryField>& fields) override {
        out_ += "name,facet,description\r\n";
        for (const auto& f : fields)
            fmt::format_to(std::back_inserter(out_), "{},{},{}\r\n", csv_field(f.name), f.facet ? "true" : "false",
                           csv_field(f.description));
    }

    // An edge table as Gephi's spreadsheet import reads it: Source, Target, Weight and Type are
    // its names (the values are the nodes' ids); the other columns become the edges' attributes.
    void network(const NetworkResult& result) override {
        out_ += "Source,Target,Weight,Type,source_label,target_label,query\r\n";
        for (const auto& e : result.edges)
            fmt::format_to(std::back_inserter(out_), "{},{},{},Undirected,{},{},{}\r\n", csv_field(e.source), csv_field(e.target),
                           e.count, csv_field(e.source_label), csv_field(e.target_label), csv_field(e.query));
    }
};

} // namespace

std::unique_ptr<OutputWriter> csv_writer(std::string& out) { return std::make_unique<CsvWriter>(out); }

} // namespace mofa::cli
