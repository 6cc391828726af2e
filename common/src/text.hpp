// Text normalisation shared by indexing and query parsing: whatever a statement's text goes
// through before Xapian's term generator, a query goes through before Xapian's query parser.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mofa::text {

/// NFKC, Unicode case folding and quote folding (curly and other typographic quotes and
/// apostrophes become ' and "), Arabic tatweel and harakat dropped. Input must be valid UTF-8.
std::string normalize(std::string_view utf8);

/// NFKC and quote folding without case folding: a query before it is parsed, since the query
/// language needs some words as typed (the operators AND OR NOT XOR NEAR ADJ, exact values).
std::string normalize_typed(std::string_view utf8);

/// A value of a boolean field (dateline, source, language): normalised, trimmed, with runs of
/// white space collapsed to one space.
std::string normalize_value(std::string_view value);

/// The byte offset of the first byte that is not well-formed UTF-8, or nothing if all are.
std::optional<std::size_t> invalid_utf8_offset(std::string_view bytes) noexcept;

/// Removes leading and trailing ASCII white space and no-break spaces.
std::string_view trim(std::string_view s) noexcept;

/// Runs of white space (paragraph breaks included) collapsed to one space.
std::string one_line(std::string_view s);

/// Undoes the HTML escaping of Xapian's snippets (&amp; &lt; &gt; &quot; &#39;).
std::string html_unescape(std::string_view s);

/// Whether a string has a letter and no lower-case letter (a dateline such as "NEW DELHI").
bool is_upper_case_label(std::string_view utf8);

/// Whether every byte of `s` is ASCII.
bool is_ascii(std::string_view s) noexcept;

/// A canonical key of a name: transliterated to Latin ASCII (ICU's "Any-Latin; Latin-ASCII;
/// Lower"), letters and digits only, words separated by single spaces ("Сергей Лавров" →
/// "sergej lavrov", "Mevlüt Çavuşoğlu" → "mevlut cavusoglu"). ASCII text skips ICU.
std::string fold_key(std::string_view utf8);

/// The first `max_bytes` of a text or less: up to its last white space there when that leaves
/// at least half, else at a character boundary (one very long word). The whole text when it
/// is no longer.
std::string_view prefix_at_space(std::string_view t, std::size_t max_bytes) noexcept;

/// The one word that a word written with hyphens is also written as: its parts joined
/// ("counter", "terrorism" → "counterterrorism"; "covid", "19" → "covid19"). Empty when the
/// parts are not taken for one word: fewer than 2 or more than 4, digits only ("2019-2020"), or
/// longer than a term (64 bytes, as Xapian's term generator).
std::string joined_word(const std::vector<std::string>& parts);

/// Whether a code point is one of the scripts written without spaces between words that the
/// index splits into characters and pairs of characters (Han, kana, Hangul and their
/// punctuation and compatibility forms): the ranges of Xapian 1.4's CJK n-gram tokenizer
/// (queryparser/cjk-tokenizer.cc), which indexes statements, so that queries agree with it.
bool is_cjk(unsigned c) noexcept;

/// Whether a UTF-8 string has a code point for which is_cjk holds.
bool has_cjk(std::string_view utf8) noexcept;

/// A run of text split where Xapian's term generator splits it with FLAG_CJK_NGRAM: runs of
/// is_cjk characters apart from the rest ("a股票" → "a", "股票"). Each piece knows which it is.
struct ScriptRun {
    std::string_view text;
    bool cjk = false; ///< of the script asked for (is_cjk for script_runs)
};
std::vector<ScriptRun> script_runs(std::string_view utf8);

/// The words of a run of Chinese or Japanese (or Korean) text, by ICU's dictionary-based word
/// break iterator ("朝鲜半岛无核化" → "朝鲜", "半岛", "无", "核化"); names and rare words come
/// out as single characters. White space and punctuation are dropped.
std::vector<std::string> cjk_words(std::string_view utf8);

/// The byte offsets in a run of Chinese, Japanese or Korean text at which ICU's dictionary-based
/// word break iterator starts a word (punctuation and spaces included), in order; every
/// character's offset when ICU cannot make an iterator.
std::vector<std::size_t> cjk_word_starts(std::string_view utf8);

/// Whether a code point is of a script written without spaces between words that Xapian's
/// term generator does not split (Thai, Lao, Khmer, Myanmar), so that mofa puts a separator
/// between the words ICU's dictionaries find in them.
bool is_unspaced_script(unsigned c) noexcept;

/// The text with `separator` between the words of its runs of Thai, Lao, Khmer or Myanmar (by
/// ICU's dictionary-based word break iterator); the text itself (not copied) when it has none.
std::string separate_unspaced_words(std::string text, std::string_view separator);

/// Whether a term of a query needs splitting into the terms the index has: it holds Chinese,
/// Japanese or Korean (is_cjk) or Thai, Lao, Khmer or Myanmar (is_unspaced_script).
bool needs_segmenting(std::string_view utf8) noexcept;

/// A stemmed term: "Z", the field's prefix and the stem (written with append, not "Z" + ..., on
/// which g++ 12 at -O3 warns wrongly of overlapping copies).
std::string stemmed_term(std::string_view prefix, std::string_view stem);

/// Arabic light stemming (Larkey, Ballesteros and Connell's "light10") of a normalised word:
/// letters that spellings differ by made one (alef with hamza or madda and alef wasla → alef,
/// alef maqsura → yaa, ta marbuta → ha), one prefix (the article and the conjunctions and
/// prepositions before it: ال وال بال كال فال لل, or و alone) and the common suffixes (ها ان ات
/// ون ين يه ه ي) taken off, each only when two letters or more remain; و alone only when four
/// remain, so that وزير (minister) keeps its root letter.
std::string arabic_light_stem(std::string_view word);

/// A light stem of a normalised (lower-case) Russian or Ukrainian word, for matching names in
/// their case forms (Україна, України, Україні, Україною → україн; Лавров, Лаврова → лавр):
/// case and adjective endings, final vowels, й and ь taken off as long as four letters remain
/// (Лавровым → Лавров → лавр, as Лавров → лавр). Words of other scripts, and shorter words,
/// are given back as they are.
std::string slavic_light_stem(std::string_view word);

/// fold_key through ICU's transliterator even for ASCII text: what its fast path must equal.
/// The transliterator takes some 20 ms to create, and more for each script it first meets.
std::string transliterated_key(std::string_view utf8);

} // namespace mofa::text
