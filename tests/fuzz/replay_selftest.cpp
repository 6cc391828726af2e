// Not a fuzz target: what the replay driver is tested with (replay_selftest.cmake). The input
// "error" raises mofa::Error, a normal outcome; "throw" throws what a bug would.
#include <mofa/error.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
        if (input == "error") throw mofa::Error(mofa::ErrorCategory::input, "a bad input");
    } catch (const mofa::Error&) {
    }
    if (input == "throw") throw std::logic_error("a bug");
    return 0;
}
