// The first part of participant extraction: a statement's text as tokens (words with their
// case, initials such as "M.M.", possessives, punctuation, sentence starts, headings).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace mofa::participants {

struct Token {
    std::string_view text; // as written
    std::string fold;      // for lookups
    std::string unclitic;  // an Arabic word's fold without the و ف ب ل ك before it, when fold kept it ("ومصر")
    std::size_t begin = 0, end = 0;
    bool word = false;
    bool cap = false;       // starts with an upper-case letter
    bool all_caps = false;  // two or more letters, none lower case
    bool initials = false;  // "M.M.", "J.", "A", "С.В."
    bool caseless = false;  // of a script without capitals (Han, Arabic, Hangul...): no capital can vouch for a name
    bool cjk = false;       // one Chinese, Japanese or Korean character: those are tokens each
    bool joined = false;    // a CJK character inside a word (ICU's dictionaries start no word at it)
    bool possessive = false; // "Biden’s": a name ends here
    bool sentence_start = false;
    bool heading = false;    // in a sentence of capitalised words (a title or heading)
};

// Case-folds a word for gazetteer lookups (accents kept), and strips a possessive 's. Russian
// and Ukrainian words are light-stemmed (text::slavic_light_stem), so that a name matches its
// case forms ("Пакистана", "Україні"), and Arabic ones too (text::arabic_light_stem: "وسوريا",
// "السورية").
std::string fold_word(std::string_view word);

// Whether a text starts with a letter of a script without capitals (Han, kana, Hangul,
// Arabic...): what Token::caseless says of a word.
bool starts_caseless(std::string_view text);

// Splits texts into tokens. A word is letters and digits with ' ’ - . & inside; a period after
// one of the abbreviations (abbreviations.txt: "Mr", "Gen", "St") or after initials belongs to
// the word and ends no sentence; a blank line or . ! ? : ; (and their full-width forms) starts
// a sentence. Chinese, Japanese and Korean text is one token per character, since ICU's
// dictionaries split unknown names into characters; a character where they start no word is
// `joined` (a name does not start inside "沿海" or "파키스탄과").
class Tokenizer {
public:
    // A tokenizer that knows no abbreviations.
    Tokenizer() = default;
    // `abbreviations` are matched case-sensitively, without their period.
    explicit Tokenizer(std::vector<std::string> abbreviations);

    // The tokens of `text`, whose views point into it.
    std::vector<Token> tokenize(std::string_view text) const;

private:
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    // Whether a period right after `word` belongs to it (an abbreviation or initials).
    bool keeps_period(std::string_view word) const;

    std::unordered_set<std::string, Hash, std::equal_to<>> abbreviations_;
};

} // namespace mofa::participants
