// Fuzz target `text`: the plain-text statement reader on the bytes of one file.
#include <mofa/error.hpp>
#include <mofa/reader.hpp>
#include <mofa/statement.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content(reinterpret_cast<const char*>(data), size);
    try {
        const mofa::Statement s = mofa::parse_text_statement(content, "fuzz.txt", "fuzz.txt");
        // What the indexer does next with a statement that has no title.
        (void)mofa::first_sentence(s.body);
        (void)s.date->to_string();
    } catch (const mofa::Error&) {
        // Bad input is reported with mofa::Error: a normal outcome. Anything else crashes.
    }
    return 0;
}
