// Fuzz target `jsonl`: the JSON Lines reader on the bytes as a stream, then the merge of each
// record's own participants as the indexer does it.
#include <mofa/error.hpp>
#include <mofa/participants.hpp>
#include <mofa/reader.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    std::vector<mofa::Statement> statements;
    std::vector<std::string> problems;
    mofa::ReadHandler handler{[&](mofa::Statement&& s) { statements.push_back(std::move(s)); },
                              [&](const mofa::InputProblem& p) { problems.push_back(p.to_string()); }};
    try {
        mofa::read_jsonl(in, "fuzz.jsonl", handler);
        for (const auto& s : statements) {
            (void)mofa::first_sentence(s.body);
            if (s.date) (void)s.date->to_string();
            mofa::Participants merged;
            mofa::ParticipantExtractor::shared().merge(merged, s.participants);
        }
    } catch (const mofa::Error&) {
        // A normal outcome (the documented exception); anything else crashes.
    }
    return 0;
}
