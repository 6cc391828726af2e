#include "schema.hpp"

#include "text.hpp"

#include <mofa/participants.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

namespace mofa::schema {
namespace {

// Xapian's limit on a term is 245 bytes; keep a margin for the prefix.
constexpr std::size_t max_term_bytes = 240;

std::uint64_t fnv1a64(std::string_view s) {
    std::uint64_t h = 14695981039346656037ULL;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

} // namespace

std::string boolean_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() > 1 && !value.empty() && ((value[0] >= 'A' && value[0] <= 'Z') || value[0] == ':'))
        term += ':';
    if (term.size() + value.size() <= max_term_bytes) return term.append(value);
    // Keep a readable head, cut on a character boundary, and make it unique with a hash of all.
    std::size_t head = max_term_bytes - term.size() - 17;
    while (head > 0 && (static_cast<unsigned char>(value[head]) & 0xC0) == 0x80) --head;
    return term.append(value.substr(0, head)).append(fmt::format("#{:016x}", fnv1a64(value)));
}

const Field* field_named(std::string_view name) {
    for (const auto& field : fields)
        if (field.name == name) return &field;
    return nullptr;
}

std::string value_key(const Field& field, std::string_view value) {
    switch (field.kind) {
    case Kind::exact: return std::string(value);
    case Kind::place: return ParticipantExtractor::shared().place_key(value);
    default: return text::normalize_value(value);
    }
}

std::string filter_term(const Field& field, std::string_view value) { return boolean_term(field.prefix, value_key(field, value)); }

std::vector<std::string> key_words(std::string_view key) {
    std::vector<std::string> words;
    std::size_t start = 0;
    while (start < key.size()) {
        const std::size_t space = std::min(key.find(' ', start), key.size());
        if (space > start) words.emplace_back(key.substr(start, space - start));
        start = space + 1;
    }
    return words;
}

std::vector<std::string> value_words(std::string_view value) {
    const std::string key = text::normalize_value(value);
    std::vector<std::string> words;
    std::string word;
    for (Xapian::Utf8Iterator it(key.data(), key.size()); it != Xapian::Utf8Iterator(); ++it) {
        if (Xapian::Unicode::is_wordchar(*it)) {
            Xapian::Unicode::append_utf8(word, *it);
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

} // namespace mofa::schema
