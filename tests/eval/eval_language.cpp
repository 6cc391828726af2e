// Measures mofa::detect_language against the `language` field of JSON Lines records on standard
// input (scripts/eval-language feeds it ../shared/corpus): per language, how many records,
// how many detected right, how many not detected, and the most common wrong answers.
#include <mofa/statement.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <string>

int main() {
    struct Count {
        std::size_t records = 0, right = 0, none = 0;
        std::map<std::string, std::size_t> wrong;
    };
    std::map<std::string, Count> counts;
    std::size_t bytes = 0;
    std::chrono::duration<double> spent{};
    for (std::string line; std::getline(std::cin, line);) {
        const auto record = nlohmann::json::parse(line);
        const std::string given = record.value("language", "");
        if (given.empty()) continue;
        std::string text = record["title"].is_string() ? record["title"].get<std::string>() + "\n\n" : std::string();
        text += record.value("body", "");
        bytes += std::min<std::size_t>(text.size(), 64 * 1024);
        const auto start = std::chrono::steady_clock::now();
        const std::string detected = mofa::detect_language(text);
        spent += std::chrono::steady_clock::now() - start;
        Count& c = counts[given];
        ++c.records;
        if (detected == given) ++c.right;
        else if (detected.empty()) ++c.none;
        else ++c.wrong[detected];
    }
    std::size_t records = 0, right = 0;
    fmt::print("{:<6}{:>9}{:>8}{:>8}{:>10}  wrong answers\n", "lang", "records", "right", "none", "accuracy");
    for (const auto& [language, c] : counts) {
        records += c.records;
        right += c.right;
        std::string wrong;
        for (const auto& [answer, n] : c.wrong) wrong += fmt::format("{}{} {}", wrong.empty() ? "" : ", ", answer, n);
        fmt::print("{:<6}{:>9}{:>8}{:>8}{:>10.4f}  {}\n", language, c.records, c.right, c.none,
                   static_cast<double>(c.right) / static_cast<double>(c.records), wrong);
    }
    fmt::print("{:<6}{:>9}{:>8}{:>8}{:>10.4f}\n", "all", records, right, "", records ? static_cast<double>(right) / static_cast<double>(records) : 0.0);
    fmt::print("{:.1f} MB detected in {:.2f} s ({:.0f} MB/s)\n", static_cast<double>(bytes) / 1e6, spent.count(),
               static_cast<double>(bytes) / 1e6 / spent.count());
}
