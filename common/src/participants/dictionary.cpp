#include "participants/dictionary.hpp"

#include <hunspell/hunspell.hxx>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdlib>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace fs = std::filesystem;

namespace mofa::participants {

namespace {

// The dictionaries of a script, read at its first word.
struct Script {
    std::vector<const char*> names;
    std::once_flag loaded;
    std::vector<std::unique_ptr<Hunspell>> dictionaries;
    bool first_loaded = false; // whether dictionaries[0] is names[0]'s
};

} // namespace

struct Dictionaries::Impl {
    fs::path dir;
    Script latin{{"en_US", "es_ES"}, {}, {}, false};
    Script cyrillic{{"uk_UA", "ru_RU"}, {}, {}, false};
    // Hunspell's objects are not safe to share between threads; the answers are kept, as the
    // same capitalised words come back in statement after statement.
    std::mutex mutex;
    std::unordered_map<std::string, std::uint8_t> answers;

    const std::vector<std::unique_ptr<Hunspell>>& of(Script& script) {
        std::call_once(script.loaded, [&] {
            for (const char* name : script.names) {
                const fs::path aff = dir / (std::string(name) + ".aff"), dic = dir / (std::string(name) + ".dic");
                std::error_code ec;
                if (fs::exists(aff, ec) && fs::exists(dic, ec)) {
                    if (name == script.names.front()) script.first_loaded = true;
                    script.dictionaries.push_back(std::make_unique<Hunspell>(aff.c_str(), dic.c_str()));
                }
            }
        });
        return script.dictionaries;
    }
};

Dictionaries::Dictionaries(fs::path dir) : impl_(std::make_unique<Impl>()) { impl_->dir = std::move(dir); }

Dictionaries::~Dictionaries() = default;

fs::path Dictionaries::default_dir() {
    if (const char* dir = std::getenv("MOFA_HUNSPELL_DIR"); dir && *dir) return dir;
    return "/usr/share/hunspell";
}

bool Dictionaries::ordinary(std::string_view word) const { return lookup(word) & 2; }

bool Dictionaries::ordinary_in_first_language(std::string_view word) const { return lookup(word) & 1; }

std::uint8_t Dictionaries::lookup(std::string_view word) const {
    std::string lower;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    u.findAndReplace(u"’", u"'");
    if (u.endsWith(u"'s") || u.endsWith(u"'S")) u.truncate(u.length() - 2);
    if (u.isEmpty()) return 0;
    u.toLower(icu::Locale::getRoot());
    u.toUTF8String(lower);
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(u.char32At(0), &status);
    Script* dictionaries = script == USCRIPT_LATIN ? &impl_->latin : script == USCRIPT_CYRILLIC ? &impl_->cyrillic : nullptr;
    if (!dictionaries || U_FAILURE(status)) return 0;
    std::lock_guard lock(impl_->mutex);
    if (auto it = impl_->answers.find(lower); it != impl_->answers.end()) return it->second;
    std::uint8_t known = 0;
    const auto& loaded = impl_->of(*dictionaries);
    for (std::size_t k = 0; k < loaded.size(); ++k)
        if (loaded[k]->spell(lower)) {
            known = k == 0 && dictionaries->first_loaded ? 3 : 2;
            break;
        }
    impl_->answers.emplace(std::move(lower), known);
    return known;
}

} // namespace mofa::participants
