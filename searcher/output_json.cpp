// The json and jsonl formats: the library's JSON of mofa's types (mofa/json.hpp), a document or
// a line each.
#include "output.hpp"

#include <mofa/json.hpp>

namespace mofa::cli {
namespace {

class JsonWriter : public OutputWriter {
public:
    explicit JsonWriter(std::string& out) : OutputWriter(out) {}
    void result(const SearchResult& result, bool with_timeline) override { line(search_result_json(result, with_timeline)); }
    void statement(const Statement& statement) override { line(statement_json(statement)); }
    void fields(const std::vector<QueryField>& fields) override { line(fields_json(fields)); }
    void network(const NetworkResult& result) override { line(network_json(result)); }

protected:
    void line(const std::string& json) {
        out_ += json;
        out_ += '\n';
    }
};

class JsonlWriter : public JsonWriter {
public:
    using JsonWriter::JsonWriter;
    void result(const SearchResult& result, bool) override {
        for (const auto& hit : result.hits) line(hit_json(hit));
    }
    void fields(const std::vector<QueryField>& fields) override {
        for (const auto& field : fields) line(field_json(field));
    }
    void network(const NetworkResult& result) override {
        for (const auto& edge : result.edges) line(edge_json(edge));
    }
};

} // namespace

std::unique_ptr<OutputWriter> json_writer(std::string& out) { return std::make_unique<JsonWriter>(out); }

std::unique_ptr<OutputWriter> jsonl_writer(std::string& out) { return std::make_unique<JsonlWriter>(out); }

} // namespace mofa::cli
