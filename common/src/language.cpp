// The language of a statement whose input gives none, by CLD2 (Compact Language Detector 2,
// Debian's libcld2): naive Bayes over character n-grams (quadgrams for Latin and Cyrillic,
// pairs for Han) with a script prior, fast (hundreds of MB/s) and reliable on paragraphs.
// Chosen over libexttextcat (TextCat's rank distance over n-gram profiles: slower and less
// accurate on short texts) and ICU script properties alone (a script is not a language:
// Cyrillic is Russian, Ukrainian, Serbian...). The figures are in docs/design.md.
#include <mofa/statement.hpp>

#include "text.hpp"

#include <cld2/public/compact_lang_det.h>

#include <cstring>

namespace mofa {

std::string detect_language(std::string_view text) {
    // The first 64 KiB decide, cut at a word boundary (CLD2 reads at most that much anyway).
    text = text::prefix_at_space(text, 64 * 1024);
    bool reliable = false;
    const CLD2::Language language =
        CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()), /*is_plain_text*/ true, &reliable);
    if (!reliable || language == CLD2::UNKNOWN_LANGUAGE || language == CLD2::TG_UNKNOWN_LANGUAGE) return {};
    std::string code = CLD2::LanguageCode(language);
    // "zh-Hant" is Chinese; codes of three letters (CLD2's for languages without a two-letter
    // one) are kept as they are.
    if (const auto dash = code.find('-'); dash != std::string::npos) code.resize(dash);
    return code;
}

} // namespace mofa
