#include "participants/tokenizer.hpp"

#include "text.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cctype>
#include <cstdint>
#include <iterator>
#include <set>

namespace mofa::participants {

std::string fold_word(std::string_view word) {
    std::string out;
    out.reserve(word.size());
    bool ascii = true;
    for (char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
        for (char c : word) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
        out = text::normalize(word);
        const unsigned char lead = static_cast<unsigned char>(out[0]);
        if (lead == 0xD0 || lead == 0xD1) out = text::slavic_light_stem(out);               // Cyrillic
        else if (lead == 0xD8 || lead == 0xD9 || lead == 0xDA || lead == 0xDB) out = text::arabic_light_stem(out); // Arabic
    }
    if (out.size() > 2 && out.ends_with("'s")) out.resize(out.size() - 2);
    else if (out.size() > 1 && out.ends_with("'")) out.resize(out.size() - 1);
    return out;
}

namespace {

bool caseless(UChar32 c) { return u_isalpha(c) && !u_isupper(c) && !u_istitle(c) && !u_islower(c); }

// Calls `each` with the code points of a UTF-8 string until it returns false; whether all did.
template <typename F> bool all_code_points(std::string_view w, F each) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(w.data());
    const auto length = static_cast<int32_t>(w.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (!each(c)) return false;
    }
    return true;
}

// How many code points `w` has when it is capitals and periods in turn ("M.M", "С.В."), in any
// script; 0 when it is not.
int capitals_and_periods(std::string_view w) {
    int at = 0;
    return all_code_points(w, [&](UChar32 c) { return (at++ % 2 == 0) ? u_isupper(c) != 0 : c == '.'; }) ? at : 0;
}

// (Capital .)+ in any script ("J.", "M.M.", "С.В."), or a single Latin capital letter ("J"):
// a Cyrillic one alone is a preposition that starts a sentence ("В ходе", "У Маріуполі").
bool is_initials(std::string_view w) {
    if (w.size() == 1) return w[0] >= 'A' && w[0] <= 'Z';
    const int n = capitals_and_periods(w);
    return n > 0 && n % 2 == 0;
}

// How many code points a string has.
std::size_t code_points(std::string_view w) {
    std::size_t n = 0;
    all_code_points(w, [&](UChar32) { return ++n, true; });
    return n;
}

} // namespace

Tokenizer::Tokenizer(std::vector<std::string> abbreviations)
    : abbreviations_(std::make_move_iterator(abbreviations.begin()), std::make_move_iterator(abbreviations.end())) {}

bool Tokenizer::keeps_period(std::string_view w) const {
    if (abbreviations_.find(w) != abbreviations_.end()) return true;
    // Initials: "M.M" or "J" before the final period, and "U.S", "С.В".
    return capitals_and_periods(w) > 0;
}

bool starts_caseless(std::string_view text) {
    if (text.empty()) return false;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    return c >= 0 && caseless(c);
}

std::vector<Token> Tokenizer::tokenize(std::string_view s) const {
    std::vector<Token> tokens;
    const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
    const auto length = static_cast<int32_t>(s.size());
    bool sentence_start = true;
    // Where ICU's dictionaries start words in the run of CJK text being read (absolute offsets).
    std::vector<std::size_t> word_starts;
    std::size_t next_start = 0, run_limit = 0; // the run read goes up to run_limit
    int32_t i = 0;
    auto peek = [&](int32_t at) -> UChar32 {
        if (at >= length) return -1;
        UChar32 c;
        U8_NEXT(bytes, at, length, c);
        return c;
    };
    while (i < length) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) continue;
        if (u_isUWhiteSpace(c)) {
            if (c == '\n' && peek(i) == '\n') sentence_start = true;
            continue;
        }
        if (text::is_cjk(static_cast<unsigned>(c)) && u_isalnum(c)) {
            // One character of Chinese, Japanese or Korean.
            Token t;
            t.text = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
            t.begin = static_cast<std::size_t>(start);
            t.end = static_cast<std::size_t>(i);
            t.word = t.caseless = t.cjk = true;
            if (t.begin >= run_limit) {
                // A new run (of CJK letters and punctuation): where are its words?
                std::size_t run_end = t.end;
                while (run_end < s.size()) {
                    int32_t k = static_cast<int32_t>(run_end);
                    UChar32 d;
                    U8_NEXT(bytes, k, length, d);
                    if (d < 0 || !text::is_cjk(static_cast<unsigned>(d))) break;
                    run_end = static_cast<std::size_t>(k);
                }
                word_starts = text::cjk_word_starts(s.substr(t.begin, run_end - t.begin));
                for (auto& at : word_starts) at += t.begin;
                next_start = 0;
                run_limit = run_end;
            }
            while (next_start < word_starts.size() && word_starts[next_start] < t.begin) ++next_start;
            t.joined = !(next_start < word_starts.size() && word_starts[next_start] == t.begin);
            t.fold = std::string(t.text);
            t.sentence_start = sentence_start;
            sentence_start = false;
            tokens.push_back(std::move(t));
            continue;
        }
        if (u_isalnum(c)) {
            // A word: letters and digits, with ' ’ - . & inside when a letter or digit follows.
            int32_t end = i;
            for (;;) {
                int32_t next = end;
                UChar32 d;
                if (next >= length) break;
                U8_NEXT(bytes, next, length, d);
                if (d >= 0 && u_isalnum(d) && !text::is_cjk(static_cast<unsigned>(d))) {
                    end = next;
                    continue;
                }
                if (d == '\'' || d == 0x2019 || d == '-' || d == '.' || d == '&' || d == 0x2010) {
                    const UChar32 after = peek(next);
                    // A period joins initials ("U.S", "M.M") and numbers ("1.5"), not sentences
                    // that lack a space ("Delhi.Singapore").
                    bool joins = after >= 0 && u_isalnum(after);
                    if (joins && d == '.') {
                        // Initials join when the part after the period is one letter too
                        // ("U.S", "M.M"); "S.V.Lavrov" is the initials "S.V." and "Lavrov".
                        std::size_t segment = static_cast<std::size_t>(end);
                        while (segment > static_cast<std::size_t>(start) && s[segment - 1] != '.') --segment;
                        const bool digits = u_isdigit(after) && s[static_cast<std::size_t>(end) - 1] >= '0' &&
                                            s[static_cast<std::size_t>(end) - 1] <= '9';
                        int32_t past = next;
                        UChar32 letter;
                        U8_NEXT(bytes, past, length, letter);
                        const UChar32 following = peek(past);
                        const bool one_letter = following < 0 || !u_isalnum(following);
                        joins = digits || (code_points(s.substr(segment, static_cast<std::size_t>(end) - segment)) == 1 && one_letter);
                    }
                    if (joins) {
                        end = next;
                        continue;
                    }
                }
                break;
            }
            i = end;
            Token t;
            std::string_view w = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
            // A period right after an abbreviation or initials belongs to it.
            if (i < length && s[static_cast<std::size_t>(i)] == '.' && keeps_period(w)) {
                ++i;
                w = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
            }
            t.text = w;
            t.begin = static_cast<std::size_t>(start);
            t.end = static_cast<std::size_t>(i);
            t.word = true;
            t.fold = fold_word(w);
            // و ف ب ل ك (and, so, with, for, like) written onto a short Arabic word.
            if (c == 0x0648 || c == 0x0641 || c == 0x0628 || c == 0x0644 || c == 0x0643) {
                std::string rest = fold_word(w.substr(2));
                if (code_points(rest) >= 3 && rest != t.fold && t.fold.starts_with(std::string_view(w.substr(0, 2)))) t.unclitic = std::move(rest);
            }
            t.possessive = t.fold.size() + 1 < w.size() && (w.ends_with("'s") || w.ends_with("\u2019s"));
            t.cap = u_isupper(c) || u_istitle(c);
            t.caseless = caseless(c);
            int letters = 0;
            bool lower = false;
            for (int32_t k = 0; k < static_cast<int32_t>(w.size());) {
                UChar32 d;
                U8_NEXT(reinterpret_cast<const uint8_t*>(w.data()), k, static_cast<int32_t>(w.size()), d);
                if (u_isalpha(d)) ++letters;
                if (u_islower(d)) lower = true;
            }
            t.all_caps = letters >= 2 && !lower;
            t.initials = is_initials(w);
            t.sentence_start = sentence_start;
            sentence_start = false;
            tokens.push_back(std::move(t));
            continue;
        }
        Token t;
        t.text = s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
        t.fold = std::string(t.text);
        t.begin = static_cast<std::size_t>(start);
        t.end = static_cast<std::size_t>(i);
        t.sentence_start = sentence_start;
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1A ||
            c == 0xFF1B)
            sentence_start = true;
        else if (c != 0x201C && c != '"' && c != 0x2018 && c != '\'' && c != '(') sentence_start = false;
        tokens.push_back(std::move(t));
    }
    // A sentence whose words are nearly all capitalised, and whose only words in lower case are
    // those a title keeps so ("of", "to", "with"), is a title or heading ("Secretary Blinken’s
    // Travel to Phnom Penh"): capitals there say nothing about names. A word such as "met" makes
    // it a sentence ("Blinken met Sergey Lavrov").
    static const std::set<std::string, std::less<>> title_lower{"a",  "an",  "the", "and", "but", "or",  "nor",  "for",
                                                                "so", "yet", "at",  "by",  "in",  "of",  "off",  "on",
                                                                "per", "to", "up",  "via", "as",  "with", "from", "into",
                                                                "over", "amid", "vs", "upon", "after", "about"};
    for (std::size_t first = 0; first < tokens.size();) {
        std::size_t last = first + 1;
        while (last < tokens.size() && !tokens[last].sentence_start) ++last;
        std::size_t words = 0, capitalised = 0;
        bool lower_word = false;
        for (std::size_t k = first; k < last; ++k) {
            // Latin-script headings only: Russian or Ukrainian ones capitalise their first word.
            if (!tokens[k].word || static_cast<unsigned char>(tokens[k].text[0]) >= 0xC9) continue;
            if (!tokens[k].cap && !tokens[k].initials && std::isalpha(static_cast<unsigned char>(tokens[k].text[0])) &&
                !title_lower.count(tokens[k].fold))
                lower_word = true;
            if (tokens[k].text.size() <= 3) continue; // "of", "the", "and", "to"; "Mr", "US"
            ++words;
            if (tokens[k].cap) ++capitalised;
        }
        if (words >= 3 && !lower_word && capitalised * 10 >= words * 8)
            for (std::size_t k = first; k < last; ++k) tokens[k].heading = true;
        first = last;
    }
    return tokens;
}

} // namespace mofa::participants
