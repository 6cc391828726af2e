#include "output.hpp"

namespace mofa::cli {

// Every Format has its writer: -Wswitch (an error in CI) stops the build when one is missing.
std::unique_ptr<OutputWriter> make_writer(Format format, std::string& out, const TextStyle& style) {
    switch (format) {
    case Format::text: return text_writer(out, style);
    case Format::json: return json_writer(out);
    case Format::jsonl: return jsonl_writer(out);
    case Format::csv: return csv_writer(out);
    }
    return text_writer(out, style);
}

void print_text(std::FILE* stream, const std::string& text) { std::fwrite(text.data(), 1, text.size(), stream); }

} // namespace mofa::cli
