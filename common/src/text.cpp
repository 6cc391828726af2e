#include "text.hpp"

#include <mofa/statement.hpp>

#include <unicode/brkiter.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>

namespace mofa::text {
namespace {

// One of ICU's normalizers (a getter such as Normalizer2::getNFKCInstance); `data` names it for
// the error when ICU cannot load it.
const icu::Normalizer2& load_normalizer(const icu::Normalizer2* (*get)(UErrorCode&), const char* data) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = get(status);
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: cannot load ") + data + " data");
    return *n;
}

const icu::Normalizer2& nfkc_casefold() {
    static const icu::Normalizer2& instance = load_normalizer(&icu::Normalizer2::getNFKCCasefoldInstance, "NFKC_Casefold");
    return instance;
}

const icu::Normalizer2& nfkc() {
    static const icu::Normalizer2& instance = load_normalizer(&icu::Normalizer2::getNFKCInstance, "NFKC");
    return instance;
}

std::string apply(const icu::Normalizer2& normalizer, std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    icu::StringByteSink<std::string> sink(&out);
    UErrorCode status = U_ZERO_ERROR;
    normalizer.normalizeUTF8(0, icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())), sink,
                             nullptr, status);
    if (U_FAILURE(status)) return std::string(utf8);
    return out;
}

// Typographic quotes and apostrophes, as UTF-8, and the ASCII character they fold to.
struct QuoteFold {
    std::string_view from;
    char to;
};
constexpr std::array<QuoteFold, 13> quote_folds{{
    {"\u2018", '\''}, {"\u2019", '\''}, {"\u201A", '\''}, {"\u201B", '\''}, {"\u2032", '\''},
    {"\u02BC", '\''}, {"\u201C", '"'},  {"\u201D", '"'},  {"\u201E", '"'},  {"\u201F", '"'},
    {"\u2033", '"'},  {"\u00AB", '"'},  {"\u00BB", '"'},
}};

// Arabic marks that spellings of one word differ by: tatweel (U+0640, stretching), the short
// vowels and other harakat (U+064B-U+065F) and the superscript alef (U+0670), each two bytes
// starting 0xD9.
bool is_arabic_mark(unsigned char second) { return second == 0x80 || (second >= 0x8B && second <= 0x9F) || second == 0xB0; }

// In place: typographic quotes folded, Arabic marks dropped. What is written is never longer
// than what was read, so the text written never overtakes the text read (and a 50 MB body is
// not held twice).
std::string fold_quotes(std::string s) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto byte = static_cast<unsigned char>(s[i]);
        if (byte == 0xD9 && i + 1 < s.size() && is_arabic_mark(static_cast<unsigned char>(s[i + 1]))) {
            i += 2;
            continue;
        }
        bool folded = false;
        if (byte == 0xE2 || byte == 0xCA || byte == 0xC2) {
            for (const auto& q : quote_folds) {
                if (s.compare(i, q.from.size(), q.from) == 0) {
                    s[out++] = q.to;
                    i += q.from.size();
                    folded = true;
                    break;
                }
            }
        }
        if (!folded) s[out++] = s[i++];
    }
    s.resize(out);
    return s;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The key of transliterated (or ASCII) text: its ASCII letters, lowered, and digits, with a
// space where white space, hyphens or slashes separated words; other punctuation (periods of
// initials, apostrophes) and any byte left over that is not ASCII disappear.
std::string words_key(std::string_view folded) {
    std::string key;
    key.reserve(folded.size());
    bool space = false;
    for (char c : folded) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) {
            if (space && !key.empty()) key += ' ';
            space = false;
            key += c;
        } else if (c == ' ' || c == '-' || c == '\t' || c == '/' || c == '\n' || c == '\r') {
            space = true;
        }
    }
    return key;
}

} // namespace

bool is_ascii(std::string_view s) noexcept {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string fold_key(std::string_view utf8) {
    // On ASCII, Any-Latin and Latin-ASCII change nothing and Lower lowers A-Z, which words_key
    // does (tests compare the two paths).
    return is_ascii(utf8) ? words_key(utf8) : transliterated_key(utf8);
}

std::string stemmed_term(std::string_view prefix, std::string_view stem) {
    std::string term(1, 'Z');
    term.append(prefix);
    term.append(stem);
    return term;
}

std::string joined_word(const std::vector<std::string>& parts) {
    if (parts.size() < 2 || parts.size() > 4) return {};
    std::string joined;
    for (const auto& part : parts) joined += part;
    if (joined.size() > 64 || std::all_of(joined.begin(), joined.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
    return joined;
}

bool is_cjk(unsigned p) noexcept {
    return (p >= 0x2E80 && p <= 0x2EFF) || (p >= 0x3000 && p <= 0x9FFF) || (p >= 0xA700 && p <= 0xA71F) ||
           (p >= 0xAC00 && p <= 0xD7AF) || (p >= 0xF900 && p <= 0xFAFF) || (p >= 0xFE30 && p <= 0xFE4F) ||
           (p >= 0xFF00 && p <= 0xFFEF) || (p >= 0x20000 && p <= 0x2A6DF) || (p >= 0x2F800 && p <= 0x2FA1F);
}

namespace {

// Whether a non-ASCII code point of `utf8` satisfies `pred`.
template <typename Pred> bool any_code_point(std::string_view utf8, Pred pred) noexcept {
    for (std::size_t i = 0; i < utf8.size();) {
        if (static_cast<unsigned char>(utf8[i]) < 0x80) {
            ++i;
            continue;
        }
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
        if (c >= 0 && pred(static_cast<unsigned>(c))) return true;
    }
    return false;
}

} // namespace

bool has_cjk(std::string_view utf8) noexcept { return any_code_point(utf8, is_cjk); }

bool needs_segmenting(std::string_view utf8) noexcept {
    return any_code_point(utf8, [](unsigned c) { return is_cjk(c) || is_unspaced_script(c); });
}

namespace {

// `utf8` cut into runs of code points for which `pred` holds and runs of the others.
template <typename Pred> std::vector<ScriptRun> runs_by(std::string_view utf8, Pred pred) {
    std::vector<ScriptRun> runs;
    std::size_t start = 0;
    bool in = false;
    for (std::size_t i = 0; i < utf8.size();) {
        const std::size_t at = i;
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(utf8.data()), i, utf8.size(), c);
        const bool here = c >= 0 && pred(static_cast<unsigned>(c));
        if (at == 0) in = here;
        else if (here != in) {
            runs.push_back({utf8.substr(start, at - start), in});
            start = at;
            in = here;
        }
    }
    if (start < utf8.size()) runs.push_back({utf8.substr(start), in});
    return runs;
}

} // namespace

std::vector<ScriptRun> script_runs(std::string_view utf8) { return runs_by(utf8, is_cjk); }

namespace {

// ICU's word break iterator (dictionaries for Chinese, Japanese, Thai, Lao, Khmer, Burmese), one
// a thread; null if ICU cannot make one.
icu::BreakIterator* word_breaker() {
    thread_local std::unique_ptr<icu::BreakIterator> words = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> b(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status)) b.reset();
        return b;
    }();
    return words.get();
}

} // namespace

bool is_unspaced_script(unsigned c) noexcept {
    return (c >= 0x0E00 && c <= 0x0EFF) ||  // Thai, Lao
           (c >= 0x1000 && c <= 0x109F) ||  // Myanmar
           (c >= 0x1780 && c <= 0x17FF) ||  // Khmer
           (c >= 0x19E0 && c <= 0x19FF) ||  // Khmer symbols
           (c >= 0xA9E0 && c <= 0xA9FF) ||  // Myanmar extended B
           (c >= 0xAA60 && c <= 0xAA7F);    // Myanmar extended A
}

std::string separate_unspaced_words(std::string text, std::string_view separator) {
    // Most texts have none of these scripts and are given back as they are, not copied.
    icu::BreakIterator* words = any_code_point(text, is_unspaced_script) ? word_breaker() : nullptr;
    if (!words) return text;
    std::string out;
    for (const auto& run : runs_by(text, is_unspaced_script)) {
        if (!run.cjk) {
            out.append(run.text);
            continue;
        }
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(run.text.data(), static_cast<int32_t>(run.text.size())));
        // NFKC decomposes Thai and Lao SARA AM (ำ → ํา), which the dictionaries do not know.
        u.findAndReplace(icu::UnicodeString(u"\u0E4D\u0E32"), icu::UnicodeString(u"\u0E33"));
        u.findAndReplace(icu::UnicodeString(u"\u0ECD\u0EB2"), icu::UnicodeString(u"\u0EB3"));
        words->setText(u);
        for (int32_t start = words->first(), end = words->next(); end != icu::BreakIterator::DONE; start = end, end = words->next()) {
            if (start > 0) out.append(separator);
            u.tempSubStringBetween(start, end).toUTF8String(out);
        }
    }
    return out;
}

std::vector<std::size_t> cjk_word_starts(std::string_view utf8) {
    std::vector<std::size_t> starts;
    icu::BreakIterator* words = word_breaker();
    UErrorCode status = U_ZERO_ERROR;
    UText* text = words ? utext_openUTF8(nullptr, utf8.data(), static_cast<int64_t>(utf8.size()), &status) : nullptr;
    if (!text || U_FAILURE(status)) {
        if (text) utext_close(text);
        const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
        const auto length = static_cast<int32_t>(utf8.size());
        for (int32_t i = 0; i < length;) {
            starts.push_back(static_cast<std::size_t>(i));
            U8_FWD_1(bytes, i, length);
        }
        return starts;
    }
    // Indexes into UTF-8 text are byte offsets.
    words->setText(text, status);
    for (int32_t at = words->first(); at != icu::BreakIterator::DONE && static_cast<std::size_t>(at) < utf8.size(); at = words->next())
        starts.push_back(static_cast<std::size_t>(at));
    // The iterator keeps no pointer to the text it was given last once given another.
    words->setText(icu::UnicodeString());
    utext_close(text);
    return starts;
}

std::vector<std::string> cjk_words(std::string_view utf8) {
    icu::BreakIterator* words = word_breaker();
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    std::vector<std::string> out;
    auto add = [&](int32_t from, int32_t to) {
        std::string word;
        u.tempSubStringBetween(from, to).toUTF8String(word);
        if (has_cjk(word)) out.push_back(std::move(word));
    };
    if (!words) {
        add(0, u.length());
        return out;
    }
    words->setText(u);
    for (int32_t from = words->first(), to = words->next(); to != icu::BreakIterator::DONE; from = to, to = words->next())
        if (words->getRuleStatus() != UBRK_WORD_NONE) add(from, to); // not white space or punctuation
    return out;
}

namespace {

std::u32string to_u32(std::string_view utf8) {
    std::u32string w;
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c >= 0) w += static_cast<char32_t>(c);
    }
    return w;
}

std::string to_utf8(const std::u32string& w) {
    std::string out;
    for (char32_t c : w) {
        char buffer[U8_MAX_LENGTH];
        int32_t n = 0;
        [[maybe_unused]] UBool error = false;
        U8_APPEND(reinterpret_cast<uint8_t*>(buffer), n, U8_MAX_LENGTH, static_cast<uint32_t>(c), error);
        out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
}

} // namespace

std::string arabic_light_stem(std::string_view word) {
    std::u32string w = to_u32(word);
    for (char32_t& c : w) {
        if (c == U'\u0623' || c == U'\u0625' || c == U'\u0622' || c == U'\u0671') c = U'\u0627';
        else if (c == U'\u0649') c = U'\u064A';
        else if (c == U'\u0629') c = U'\u0647';
    }
    static const std::u32string prefixes[] = {U"\u0648\u0627\u0644", U"\u0628\u0627\u0644", U"\u0643\u0627\u0644",
                                              U"\u0641\u0627\u0644", U"\u0627\u0644", U"\u0644\u0644"};
    bool stripped = false;
    for (const auto& p : prefixes)
        if (w.size() >= p.size() + 2 && w.starts_with(p)) {
            w.erase(0, p.size());
            stripped = true;
            break;
        }
    if (!stripped && w.size() >= 5 && w[0] == U'\u0648') w.erase(0, 1);
    static const std::u32string suffixes[] = {U"\u0647\u0627", U"\u0627\u0646", U"\u0627\u062A", U"\u0648\u0646",
                                              U"\u064A\u0646", U"\u064A\u0647", U"\u0647",       U"\u064A"};
    for (const auto& suffix : suffixes)
        if (w.size() >= suffix.size() + 2 && w.ends_with(suffix)) w.resize(w.size() - suffix.size());
    return to_utf8(w);
}

std::string slavic_light_stem(std::string_view word) {
    std::u32string w = to_u32(word);
    if (w.empty() || !std::all_of(w.begin(), w.end(), [](char32_t c) { return (c >= 0x0400 && c <= 0x04FF) || c == '\'' || c == '-'; }))
        return std::string(word);
    constexpr std::size_t min_stem = 4;
    // Case endings of nouns and adjectives, Russian and Ukrainian, longest first.
    static const std::u32string endings[] = {
        U"ыми", U"ими", U"ами", U"ями", U"ого", U"его", U"ому", U"ему", U"ові", U"еві", U"єві",
        U"ою", U"ею", U"єю", U"ой", U"ей", U"ий", U"ый", U"ій", U"ої", U"ом", U"ем", U"єм", U"ым", U"им", U"ім",
        U"ах", U"ях", U"ых", U"их", U"ів", U"їв", U"ов", U"ев", U"ам", U"ям", U"ая", U"яя", U"ое", U"ее", U"ые", U"ие",
        U"ую", U"юю", U"а", U"я", U"ы", U"и", U"і", U"ї", U"у", U"ю", U"е", U"є", U"о", U"й", U"ь"};
    static const std::u32string finals = U"аяыиіїуюеєоёйь";
    // Until nothing more comes off: "Лавровым" → "Лавров" → "Лавр", as "Лавров" → "Лавр".
    for (bool again = true; again;) {
        again = false;
        for (const auto& ending : endings)
            if (w.size() >= ending.size() + min_stem && w.ends_with(ending)) {
                w.resize(w.size() - ending.size());
                again = true;
                break;
            }
        if (!again && w.size() > min_stem && finals.find(w.back()) != std::u32string::npos) {
            w.pop_back();
            again = true;
        }
    }
    return to_utf8(w);
}

std::string transliterated_key(std::string_view utf8) {
    thread_local std::unique_ptr<icu::Transliterator> latin = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::Transliterator> t(
            icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, status));
        if (U_FAILURE(status)) t.reset();
        return t;
    }();
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    if (latin) latin->transliterate(u);
    else u.toLower();
    std::string folded;
    u.toUTF8String(folded);
    return words_key(folded);
}

std::string normalize(std::string_view utf8) { return fold_quotes(apply(nfkc_casefold(), utf8)); }

std::string normalize_typed(std::string_view utf8) { return fold_quotes(apply(nfkc(), utf8)); }

std::string normalize_value(std::string_view value) { return one_line(trim(normalize(value))); }

std::string one_line(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::optional<std::size_t> invalid_utf8_offset(std::string_view bytes) noexcept {
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
        // ASCII fast path.
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) return static_cast<std::size_t>(start);
    }
    if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return static_cast<std::size_t>(INT32_MAX);
    return std::nullopt;
}

std::string_view trim(std::string_view s) noexcept {
    constexpr std::string_view nbsp = "\u00A0";
    for (;;) {
        if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
        else if (s.starts_with(nbsp)) s.remove_prefix(nbsp.size());
        else break;
    }
    for (;;) {
        if (!s.empty() && is_space(s.back())) s.remove_suffix(1);
        else if (s.ends_with(nbsp)) s.remove_suffix(nbsp.size());
        else break;
    }
    return s;
}

std::string html_unescape(std::string_view s) {
    static constexpr std::array<std::pair<std::string_view, char>, 5> entities{
        {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}}};
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        bool replaced = false;
        if (s[i] == '&') {
            for (const auto& [entity, c] : entities) {
                if (s.substr(i, entity.size()) == entity) {
                    out += c;
                    i += entity.size();
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) out += s[i++];
    }
    return out;
}

bool is_upper_case_label(std::string_view utf8) {
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    bool letter = false;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) return false;
        if (u_hasBinaryProperty(c, UCHAR_LOWERCASE)) return false;
        if (u_isalpha(c)) letter = true;
    }
    return letter;
}

std::string_view prefix_at_space(std::string_view t, std::size_t max_bytes) noexcept {
    if (t.size() <= max_bytes) return t;
    std::size_t cut = t.find_last_of(" \t\n", max_bytes);
    if (cut == std::string_view::npos || cut < max_bytes / 2) {
        cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut; // not mid-character
    }
    return t.substr(0, cut);
}

} // namespace mofa::text

namespace mofa {

std::string first_sentence(std::string_view body, std::size_t max_bytes) {
    std::string_view t = text::trim(body.substr(0, body.find("\n\n")));
    // A sentence ends at ". " (or "? ", "! ") after a word of more than one letter, so that
    // initials and abbreviations ("M.M. Popov", "Lt. Gen.") do not end it.
    for (std::size_t i = 1; i + 1 < t.size(); ++i) {
        if ((t[i] == '.' || t[i] == '?' || t[i] == '!') && t[i + 1] == ' ') {
            std::size_t word = i;
            while (word > 0 && t[word - 1] != ' ' && t[word - 1] != '.') --word;
            if (i - word >= 3 || t[i] != '.') {
                t = t.substr(0, i + 1);
                break;
            }
        }
    }
    if (t.size() <= max_bytes) return std::string(t);
    return std::string(text::prefix_at_space(t, max_bytes)) + "…";
}

} // namespace mofa
