// Replays the inputs kept for a fuzz target (its seeds and the crashers found by scripts/fuzz)
// without libFuzzer: linked with the target's source, it calls LLVMFuzzerInitialize (when the
// target has one) and then LLVMFuzzerTestOneInput on every file under the folders given.
//   mofa-fuzz-replay-TARGET FOLDER_OR_FILE...
// An input that crashes, trips a sanitizer or throws anything but mofa::Error ends the process
// (the last "replaying" line names it); a folder without inputs is an error too, so that a
// mistyped path cannot pass.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FOLDER_OR_FILE...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> inputs;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg = argv[i];
        if (fs::is_directory(arg)) {
            for (const auto& entry : fs::recursive_directory_iterator(arg))
                if (entry.is_regular_file()) inputs.push_back(entry.path());
        } else if (fs::is_regular_file(arg)) {
            inputs.push_back(arg);
        } else {
            std::fprintf(stderr, "%s: no such file or folder\n", arg.c_str());
            return 2;
        }
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "no inputs to replay under the folders given\n");
        return 2;
    }
    std::sort(inputs.begin(), inputs.end());

    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    const auto started = std::chrono::steady_clock::now();
    for (const auto& path : inputs) {
        std::fprintf(stderr, "replaying %s\n", path.c_str());
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "%s: cannot read\n", path.c_str());
            return 1;
        }
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        // A heap copy of exactly the input's size, as libFuzzer passes it, so that ASan sees a
        // read past its end.
        const auto data = std::make_unique<std::uint8_t[]>(bytes.size());
        std::copy(bytes.begin(), bytes.end(), data.get());
        LLVMFuzzerTestOneInput(data.get(), bytes.size());
    }
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - started;
    std::fprintf(stderr, "%zu inputs replayed in %.1f s\n", inputs.size(), seconds.count());
    return 0;
}
