#include <mofa/error.hpp>
#include <mofa/statement.hpp>

#include "text.hpp"

#include <doctest/doctest.h>

using namespace mofa;

TEST_SUITE("text") {

TEST_CASE("normalisation: NFKC, case folding, quote folding") {
    CHECK(text::normalize("Pakistan’s “Defence”") == "pakistan's \"defence\"");
    CHECK(text::normalize("ＵＮＳＣ ﬁnal") == "unsc final");       // compatibility forms
    CHECK(text::normalize("Straße") == "strasse");                  // full case folding
    CHECK(text::normalize("ЛАВРОВ") == "лавров");
    CHECK(text::normalize("Côte d‘Ivoire") == "côte d'ivoire");     // accents are kept
    CHECK(text::normalize("e\u0301") == "\u00e9");                  // composed
    CHECK(text::normalize("«paix»") == "\"paix\"");
}

TEST_CASE("the language of a text, or none when it cannot tell") {
    const std::pair<const char*, const char*> texts[] = {
        {"en", "The Foreign Secretary held consultations with the Russian side on the security situation in the region."},
        {"fr", "Le ministre de l'Europe et des Affaires étrangères condamne fermement l'essai nucléaire conduit par la Corée du Nord."},
        {"es", "El ministro de Asuntos Exteriores anunció una nueva ayuda humanitaria para la población civil de Ucrania."},
        {"de", "Die Außenministerin hat heute in Neu-Delhi Gespräche über den Klimaschutz und die Energiewende geführt."},
        {"ru", "Министр иностранных дел России провёл переговоры с министром иностранных дел Пакистана в Москве."},
        {"uk", "Президент України провів телефонну розмову з Прем'єр-міністром Великої Британії щодо підтримки."},
        {"ar", "أجرى وزير الخارجية محادثات مع نظيره السوري حول الأوضاع في المنطقة وسبل تعزيز التعاون."},
        {"zh", "外交部发言人表示，中方欢迎朝韩领导人会晤取得的积极成果，支持双方通过对话协商改善关系。"},
        {"ja", "北朝鮮による弾道ミサイルの発射は、我が国の安全保障に対する重大かつ差し迫った脅威です。"},
        {"ko", "정부는 한반도의 완전한 비핵화와 항구적인 평화 정착을 위한 합의가 이루어진 것을 환영한다."},
    };
    for (const auto& [language, text] : texts) {
        CAPTURE(text);
        CHECK(detect_language(text) == language);
    }
    CHECK(detect_language("").empty());
    CHECK(detect_language("2024 — 15:30").empty());
}

TEST_CASE("values of boolean fields collapse white space") {
    CHECK(text::normalize_value("  WASHINGTON,\n D.C. ") == "washington, d.c.");
}

TEST_CASE("invalid UTF-8 is found at its byte") {
    CHECK_FALSE(text::invalid_utf8_offset("plain ascii"));
    CHECK_FALSE(text::invalid_utf8_offset("Лавров, Bogotá, 中国"));
    CHECK(text::invalid_utf8_offset("ab\xff") == 2u);
    CHECK(text::invalid_utf8_offset("ab\xc3") == 2u);             // truncated sequence
    CHECK(text::invalid_utf8_offset("\xed\xa0\x80") == 0u);       // a surrogate
    CHECK(text::invalid_utf8_offset("\xc0\xaf") == 0u);           // overlong
}

TEST_CASE("printable: control characters and invalid UTF-8 escaped, the rest unchanged") {
    using namespace std::string_literals;
    CHECK(printable("Pakistan’s «paix» Лавров 中国 🙂") == "Pakistan’s «paix» Лавров 中国 🙂");
    CHECK(printable("id\x1b[2J\a\x7f") == "id\\x1b[2J\\x07\\x7f");
    CHECK(printable("tab\there\nline") == "tab\\x09here\\x0aline");
    CHECK(printable("nul \0 byte"s) == "nul \\x00 byte");
    CHECK(printable("bad \xff\xfe") == "bad \\xff\\xfe");
    CHECK(printable("C1 \xc2\x85") == "C1 \\xc2\\x85");       // U+0085, a control
    CHECK(printable("cut \xe4\xb8") == "cut \\xe4\\xb8");      // a sequence cut short
    CHECK(printable("overlong \xc0\xaf") == "overlong \\xc0\\xaf");
    CHECK(printable("surrogate \xed\xa0\x80") == "surrogate \\xed\\xa0\\x80");
}

TEST_CASE("datelines are upper-case labels") {
    CHECK(text::is_upper_case_label("ISLAMABAD"));
    CHECK(text::is_upper_case_label("WASHINGTON, D.C."));
    CHECK(text::is_upper_case_label("BOGOTÁ"));
    CHECK(text::is_upper_case_label("МОСКВА"));
    CHECK_FALSE(text::is_upper_case_label("Islamabad"));
    CHECK_FALSE(text::is_upper_case_label("2018"));
}

TEST_CASE("first sentence, for statements without a title") {
    CHECK(first_sentence("Pakistan and Russia met. They talked.") == "Pakistan and Russia met.");
    CHECK(first_sentence("M.M. Popov met Mr. Janjua in Islamabad. Then...") == "M.M. Popov met Mr. Janjua in Islamabad.");
    CHECK(first_sentence("One paragraph\n\nAnother.") == "One paragraph");
    const std::string long_text(500, 'a');
    CHECK(first_sentence(long_text, 100).size() <= 100 + std::string("…").size());
}

TEST_CASE("snippet helpers") {
    CHECK(text::html_unescape("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &copy;") == "a & b <c> \"d\" 'e' &copy;");
    CHECK(text::one_line(" a\n\nb  c ") == "a b c");
}

}
