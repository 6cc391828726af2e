// The first part of participant extraction: a statement's text as tokens (words with their
// case, initials such as "M.M.", possessives, punctuation, sentence starts, headings).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mofa::participants {

struct Token {
    std::string_view text; // as written
    std::string fold;      // for lookups
    std::size_t begin = 0, end = 0;
    bool word = false;
    bool cap = false;       // starts with an upper-case letter
    bool all_caps = false;  // two or more letters, none lower case
    bool initials = false;  // "M.M.", "J.", "A"
    bool possessive = false; // "Biden’s": a name ends here
    bool sentence_start = false;
    bool heading = false;    // in a sentence of capitalised words (a title or heading)
};

// Case-folds a word for gazetteer lookups (accents kept), and strips a possessive 's.
std::string fold_word(std::string_view word);

// The tokens of `text`, whose views point into it. A word is letters and digits with ' ’ - .
// & inside; a period after an abbreviation or initials belongs to it; a blank line or . ! ? : ;
// starts a sentence.
std::vector<Token> tokenize(std::string_view text);

} // namespace mofa::participants
