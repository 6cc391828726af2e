// Measures ranking on known-item queries (../shared/eval/known-item-dev*.jsonl: each query names
// the one statement it should find): for each query, the rank of its target among the top 10 of
// a search in each mode asked for; MRR@10 and how many targets are in the top 10, per query kind,
// and the queries whose target is not first. scripts/eval-ranking runs it on an index of
// ../shared/corpus.
//   mofa-eval-ranking --db DIR --queries FILE [--mode default|all|any]... [--misses]
#include <mofa/search.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace {

struct Query {
    std::string id, kind, text;
};

struct Scores {
    std::size_t queries = 0, found = 0;
    double reciprocal = 0;
};

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Known-item ranking: MRR@10 and found@10 per query kind and mode"};
    std::string db, queries_file;
    std::vector<std::string> modes;
    bool misses = false;
    app.add_option("--db", db, "the index")->required();
    app.add_option("--queries", queries_file, "known-item queries, JSON Lines")->required()->check(CLI::ExistingFile);
    app.add_option("--mode", modes, "default, all or any (default: all three)")
        ->check(CLI::IsMember({"default", "all", "any"}));
    app.add_flag("--misses", misses, "list the queries whose target is not first");
    CLI11_PARSE(app, argc, argv);
    if (modes.empty()) modes = {"default", "all", "any"};

    std::vector<Query> queries;
    std::ifstream in(queries_file);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        queries.push_back({j.at("id").get<std::string>(), j.at("kind").get<std::string>(), j.at("query").get<std::string>()});
    }
    try {
        mofa::Searcher searcher(db);
        fmt::print("{:<9}{:<12}{:>8}{:>8}{:>8}\n", "mode", "kind", "queries", "top 10", "MRR@10");
        for (const auto& mode : modes) {
            std::map<std::string, Scores> scores;
            std::vector<std::string> missed;
            for (const auto& q : queries) {
                mofa::SearchRequest request;
                request.query = q.text;
                request.limit = 10;
                request.snippet_bytes = 0;
                request.suggest = false;
                request.exact_total = false;
                if (mode == "all") request.default_operator = mofa::DefaultOperator::all;
                else if (mode == "any") request.default_operator = mofa::DefaultOperator::any;
                else request.default_operator = mofa::DefaultOperator::all_first;
                const mofa::SearchResult result = searcher.search(request);
                std::size_t rank = 0;
                for (const auto& hit : result.hits)
                    if (hit.statement.id == q.id) {
                        rank = hit.rank;
                        break;
                    }
                for (const std::string& kind : {q.kind, std::string("all")}) {
                    auto& s = scores[kind];
                    ++s.queries;
                    if (rank) {
                        ++s.found;
                        s.reciprocal += 1.0 / static_cast<double>(rank);
                    }
                }
                if (rank != 1) missed.push_back(fmt::format("  {:>2}  {:<10} {}", rank ? std::to_string(rank) : "-", q.kind, q.text));
            }
            for (const auto& [kind, s] : scores)
                if (kind != "all")
                    fmt::print("{:<9}{:<12}{:>8}{:>8}{:>8.3f}\n", mode, kind, s.queries, s.found, s.reciprocal / static_cast<double>(s.queries));
            const auto& s = scores["all"];
            fmt::print("{:<9}{:<12}{:>8}{:>8}{:>8.3f}\n", mode, "all", s.queries, s.found, s.reciprocal / static_cast<double>(s.queries));
            if (misses) {
                fmt::print("{}: not first (rank, kind, query):\n", mode);
                for (const auto& m : missed) fmt::print("{}\n", m);
            }
        }
    } catch (const mofa::Error& e) {
        std::cerr << "mofa-eval-ranking: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
