// Embedding mofa: index a folder of statements, then search it, with facets. Build it against
// an installed mofa with CMake (find_package(mofa) and mofa::mofa, see tests/consumer/) or with
// pkg-config: c++ -std=c++20 index_and_search.cpp $(pkg-config --cflags --libs mofa)
#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/search.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: index_and_search INDEX FOLDER QUERY...\n";
        return 2;
    }
    try {
        const auto summary = mofa::IndexWriter(argv[1]).update({argv[2]});
        std::cout << summary.added << " statements added\n";

        mofa::Searcher searcher(argv[1]);
        mofa::SearchRequest request;
        for (int i = 3; i < argc; ++i) request.query += std::string(i > 3 ? " " : "") + argv[i];
        request.facets = {"country"};
        const mofa::SearchResult result = searcher.search(request);
        std::cout << result.total << " statements match\n";
        for (const auto& hit : result.hits) std::cout << hit.rank << ". " << hit.statement.id << ": " << hit.heading << '\n';
        for (const auto& value : result.facets.at(0).values) std::cout << value.label << ": " << value.count << '\n';
        return 0;
    } catch (const mofa::Error& e) {
        std::cerr << "index_and_search: " << e.what() << '\n';
        return mofa::exit_code_for(e.category());
    }
}
