// Fuzz target `participants`: participant extraction on a statement whose title is the input's
// first line and whose body is the rest; the title also goes through the key lookups that the
// query fields (person:, org:, country:) use.
#include <mofa/error.hpp>
#include <mofa/participants.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = input.find('\n');
    mofa::Statement s;
    s.id = "fuzz";
    s.title = input.substr(0, newline);
    if (newline != std::string_view::npos) s.body = input.substr(newline + 1);
    try {
        const auto& extractor = mofa::ParticipantExtractor::shared();
        mofa::Participants found = extractor.extract(s);
        // What the indexer does with the participants a record gives.
        mofa::Participants merged;
        extractor.merge(merged, found);
        (void)extractor.person_key(s.title);
        (void)extractor.organization_key(s.title);
        if (const auto code = extractor.country_code(s.title)) (void)extractor.country_name(*code);
    } catch (const mofa::Error&) {
        // A normal outcome (the documented exception); anything else crashes.
    }
    return 0;
}
