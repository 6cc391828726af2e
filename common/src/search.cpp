#include <mofa/error.hpp>
#include <mofa/participants.hpp>
#include <mofa/search.hpp>

#include "document.hpp"
#include "query.hpp"
#include "schema.hpp"
#include "stored.hpp"
#include "text.hpp"
#include "xapian_edge.hpp"

#include <fmt/format.h>
#include <unicode/locid.h>
#include <xapian.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <system_error>
#include <unordered_map>

#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace mofa {

std::vector<QueryField> query_fields() {
    std::vector<QueryField> out;
    for (const auto& field : schema::fields)
        out.push_back({std::string(field.name), std::string(field.description), field.facet != schema::Facet::none});
    return out;
}

const std::vector<std::string>& default_facets() {
    static const std::vector<std::string> facets{"person", "country", "org", "year"};
    return facets;
}

const std::vector<std::string>& facet_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> names;
        for (const auto& field : schema::fields)
            if (field.facet != schema::Facet::none) names.emplace_back(field.name);
        return names;
    }();
    return fields;
}

const std::vector<std::string>& network_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> names;
        for (const auto& field : schema::fields)
            if (field.facet == schema::Facet::multi) names.emplace_back(field.name);
        return names;
    }();
    return fields;
}

std::string filter_query(std::string_view field, std::string_view value) {
    std::string out = fmt::format("{}:\"", field);
    for (const char c : value) {
        if (c == '"') out += '"'; // the parser reads "" inside quotes as one "
        out += c;
    }
    return out + '"';
}

namespace {

// Xapian's snippet of `text` (Chinese, Japanese and Korean as characters and pairs, as indexed).
// Thai, Lao, Khmer and Burmese get a line separator (U+2028, no word character) between their
// words for the generator to find them, taken out again after.
std::string snippet(const Xapian::MSet& mset, std::string_view text, std::size_t bytes, const Xapian::Stem& stemmer,
                    const Highlight& highlight, const std::string& omit) {
    static constexpr std::string_view separator = "\u2028";
    const std::string separated = text::separate_unspaced_words(std::string(text), separator);
    std::string out = mset.snippet(separated, bytes + (separated.size() - text.size()), stemmer,
                                   Xapian::MSet::SNIPPET_CJK_NGRAM, highlight.start, highlight.end, omit);
    if (separated.size() != text.size())
        for (std::size_t at = out.find(separator); at != std::string::npos; at = out.find(separator, at)) out.erase(at, separator.size());
    return out;
}

// Counts of distinct strings: an open-addressing table of 64-bit hashes (xxHash3), the keys
// stored once, end to end in one string. Facets count hundreds of thousands of values per query
// over tens of thousands of distinct keys; a std::unordered_map<std::string, ...> spent 90 ms on
// that where this spends a fraction (scripts/bench-search). A slot counts a key only when the key
// itself is equal too, so two keys of one hash (`| 1` alone makes pairs of hashes equal) each get
// a slot. The size is in the slot (where its padding was); the bytes are compared in the one
// string, not behind a std::string each. Timed: 600,000 additions alone take 10-25% more CPU than
// with hashes only (55% with a std::string per key); a search counting every facet and a
// timeline over 3,500 statements takes as long as before, within noise.
class Tally {
public:
    /// Counts `key` for statement `doc`, once however often the statement has it.
    void add(std::string_view key, Xapian::docid doc) {
        const std::uint64_t hash = XXH3_64bits(key.data(), key.size()) | 1; // 0 marks a free slot
        std::size_t i = hash & (slots_.size() - 1);
        for (;;) {
            Slot& slot = slots_[i];
            if (slot.hash == hash && slot.size == key.size() && key.compare(key_of(slot)) == 0) {
                if (slot.doc != doc) ++slot.count;
                slot.doc = doc;
                return;
            }
            if (slot.hash == 0) {
                if (key.size() > UINT32_MAX - keys_.size()) throw std::length_error("more than 4 GiB of facet values");
                slot = {hash, 1, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(key.size()), doc};
                keys_.append(key);
                if (++distinct_ * 2 > slots_.size()) grow();
                return;
            }
            i = (i + 1) & (slots_.size() - 1);
        }
    }

    std::size_t distinct() const { return distinct_; }

    /// The `n` most frequent keys, then in key order among equals.
    std::vector<std::pair<std::string, std::size_t>> top(std::size_t n) const {
        std::vector<const Slot*> used;
        used.reserve(distinct_);
        for (const auto& slot : slots_)
            if (slot.hash) used.push_back(&slot);
        n = std::min(n, used.size());
        auto before = [&](const Slot* a, const Slot* b) {
            return a->count != b->count ? a->count > b->count : key_of(*a) < key_of(*b);
        };
        std::partial_sort(used.begin(), used.begin() + static_cast<std::ptrdiff_t>(n), used.end(), before);
        std::vector<std::pair<std::string, std::size_t>> out;
        for (std::size_t i = 0; i < n; ++i) out.emplace_back(key_of(*used[i]), used[i]->count);
        return out;
    }

    /// Every key with its count, in key order.
    std::map<std::string, std::size_t> all() const {
        std::map<std::string, std::size_t> out;
        for (const auto& slot : slots_)
            if (slot.hash) out.emplace(key_of(slot), slot.count);
        return out;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t count = 0;
        std::uint32_t key = 0;  ///< where the key starts in keys_
        std::uint32_t size = 0; ///< the key's size
        Xapian::docid doc = 0;  ///< the last statement counted
    };

    std::string_view key_of(const Slot& slot) const { return std::string_view(keys_).substr(slot.key, slot.size); }

    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        for (const auto& slot : old) {
            if (!slot.hash) continue;
            std::size_t i = slot.hash & (slots_.size() - 1);
            while (slots_[i].hash) i = (i + 1) & (slots_.size() - 1);
            slots_[i] = slot;
        }
    }

    std::vector<Slot> slots_ = std::vector<Slot>(256);
    std::string keys_; ///< every key, end to end
    std::size_t distinct_ = 0;
};

// Calls `f` with each key of a multi-valued slot (the keys of a participant field, separated by
// schema::slot_separator).
template <typename F> void for_each_key(std::string_view slot, F&& f) {
    std::size_t start = 0;
    while (start < slot.size()) {
        const std::size_t end = std::min(slot.find(schema::slot_separator, start), slot.size());
        if (end > start) f(slot.substr(start, end - start));
        start = end + 1;
    }
}

// Counts, for every match, the values of the fields asked for and the period of its date. Xapian
// calls it for each matching document when the match is run with check_at_least = all.
class FacetSpy : public Xapian::MatchSpy {
public:
    FacetSpy(std::vector<const schema::Field*> fields, TimelineUnit unit) : unit_(unit) {
        for (const auto* field : fields) counts_.push_back({field, {}});
    }

    void operator()(const Xapian::Document& doc, double) override {
        const Xapian::docid id = doc.get_docid();
        std::string first, last;
        bool dates_read = false;
        auto dates = [&] {
            if (!dates_read) {
                first = doc.get_value(schema::slot_date_first);
                last = doc.get_value(schema::slot_date_last);
                dates_read = true;
            }
        };
        for (auto& [field, counts] : counts_) {
            switch (field->facet) {
            case schema::Facet::none: break;
            case schema::Facet::single:
                if (const std::string value = doc.get_value(field->slot); !value.empty()) counts.add(value, id);
                break;
            case schema::Facet::multi:
                for_each_key(doc.get_value(field->slot), [&](std::string_view key) { counts.add(key, id); });
                break;
            case schema::Facet::year:
                dates();
                if (first.size() == 8) counts.add(std::string_view(first).substr(0, 4), id);
                break;
            case schema::Facet::month:
                dates();
                if (first.size() == 8 && last.size() == 8 && first.compare(0, 6, last, 0, 6) == 0)
                    counts.add(first.substr(0, 4) + "-" + first.substr(4, 2), id);
                break;
            }
        }
        if (unit_ == TimelineUnit::none) return;
        dates();
        if (first.size() != 8 || last.size() != 8) {
            ++imprecise_;
            return;
        }
        switch (unit_) {
        case TimelineUnit::none: break;
        case TimelineUnit::year: timeline_.add(std::string_view(first).substr(0, 4), id); break;
        case TimelineUnit::month:
            if (first.compare(0, 6, last, 0, 6) == 0) timeline_.add(std::string_view(first).substr(0, 6), id);
            else ++imprecise_;
            break;
        case TimelineUnit::day:
            if (first == last) timeline_.add(first, id);
            else ++imprecise_;
            break;
        }
    }

    std::string name() const override { return "mofa.FacetSpy"; }

    struct Counts {
        const schema::Field* field;
        Tally values;
    };
    std::vector<Counts> counts_;
    TimelineUnit unit_;
    Tally timeline_; ///< YYYY, YYYYMM or YYYYMMDD → matches
    std::size_t imprecise_ = 0;
};

// Counts, for every match, the values of one multi-valued field (as FacetSpy does), and keeps the
// values of each statement that has two or more, for top_pairs.
class ValueSpy : public Xapian::MatchSpy {
public:
    explicit ValueSpy(const schema::Field& field) : field_(field) {}

    void operator()(const Xapian::Document& doc, double) override {
        const Xapian::docid id = doc.get_docid();
        slot_ = doc.get_value(field_.slot);
        keys_.clear();
        for_each_key(slot_, [&](std::string_view key) { keys_.push_back(key); });
        std::sort(keys_.begin(), keys_.end());
        keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
        for (const auto key : keys_) counts_.add(key, id);
        if (keys_.size() < 2) return; // no pair
        for (const auto key : keys_) kept_.append(key).push_back(schema::slot_separator);
        ends_.push_back(kept_.size());
    }

    std::string name() const override { return "mofa.ValueSpy"; }

    Tally counts_;                  ///< value → matches that name it
    std::string kept_;              ///< the values of each statement with two or more, each ended by the separator
    std::vector<std::size_t> ends_; ///< where each statement's values end in kept_

private:
    const schema::Field& field_;
    std::string slot_;                   ///< the statement's slot (reused)
    std::vector<std::string_view> keys_; ///< its values, into slot_
};

// Two values by their ranks (0: the most frequent), the first before the second, and how many
// statements name both.
struct RankedPair {
    std::uint32_t first = 0, second = 0;
    std::size_t count = 0;
};

// The `limit` pairs of values that most statements name together, exactly, the most frequent
// first (equal counts: the pair of more frequent values first). `ranks` holds each statement's
// values as ranks in `values` (the values most frequent first, with their counts), ascending,
// and `ends` where each statement's ranks end.
//
// Counting every pair costs: a statement of n values has n(n-1)/2 of them, and the people that
// the 29,165 English statements of ../shared/corpus name together make 1.1 million different
// pairs (counted all, 1.5 s and 200 MB). No pair is more frequent than its less frequent value,
// so the pairs are counted among the m most frequent values only (a statement's other values
// skipped); when the limit-th pair counted is more frequent than the most frequent value left
// out, no pair left out can enter the list or tie with its last pair, and the list is exact.
// Else m grows fourfold, up to every value. There, the 20 most frequent pairs of people are
// those of the 64 most frequent people, counted at once (0.1 s and 27 MB in all); the 1,000
// most frequent, of 2,000 people (0.18 s). No statement's values are capped.
std::vector<RankedPair> top_pairs(const std::vector<std::uint32_t>& ranks, const std::vector<std::size_t>& ends,
                                  const std::vector<std::pair<std::string, std::size_t>>& values, std::size_t limit) {
    if (limit == 0 || values.size() < 2) return {};
    std::size_t m = std::min(values.size(), std::max<std::size_t>(64, 2 * limit));
    for (;;) {
        Tally pairs; // of two ranks in big-endian bytes, which sort as the ranks do
        char key[8];
        const auto put = [&key](std::size_t at, std::uint32_t rank) {
            for (std::size_t byte = 4; byte-- > 0; rank >>= 8) key[at + byte] = static_cast<char>(rank & 0xff);
        };
        std::size_t start = 0;
        Xapian::docid statement = 0; // Tally counts a key once per statement: each pair is once in one anyway
        for (const std::size_t end : ends) {
            ++statement;
            for (std::size_t i = start; i < end && ranks[i] < m; ++i) {
                put(0, ranks[i]);
                for (std::size_t j = i + 1; j < end && ranks[j] < m; ++j) {
                    put(4, ranks[j]);
                    pairs.add(std::string_view(key, sizeof key), statement);
                }
            }
            start = end;
        }
        const auto top = pairs.top(limit);
        if (m == values.size() || (top.size() == limit && values[m].second < top.back().second)) {
            std::vector<RankedPair> out;
            for (const auto& [pair, count] : top) {
                const auto rank = [&pair](std::size_t at) {
                    std::uint32_t r = 0;
                    for (std::size_t byte = 0; byte < 4; ++byte) r = (r << 8) | static_cast<unsigned char>(pair[at + byte]);
                    return r;
                };
                out.push_back({rank(0), rank(4), count});
            }
            return out;
        }
        m = std::min(values.size(), m * 4);
    }
}

// Every period from the first to the last with matches, empty ones as 0. A span of more periods
// than `max_periods` (dates of hostile or mistaken input) keeps only those with matches.
std::vector<TimelinePoint> timeline_points(const std::map<std::string, std::size_t>& counts, TimelineUnit unit) {
    using namespace std::chrono;
    constexpr std::size_t max_periods = 20000;
    auto label = [&](const std::string& key) {
        if (unit == TimelineUnit::year) return key;
        if (unit == TimelineUnit::month) return key.substr(0, 4) + "-" + key.substr(4, 2);
        return key.substr(0, 4) + "-" + key.substr(4, 2) + "-" + key.substr(6, 2);
    };
    auto parse = [](const std::string& key) {
        const int y = std::stoi(key.substr(0, 4));
        const unsigned m = key.size() >= 6 ? static_cast<unsigned>(std::stoi(key.substr(4, 2))) : 1;
        const unsigned d = key.size() >= 8 ? static_cast<unsigned>(std::stoi(key.substr(6, 2))) : 1;
        return year_month_day{year{y}, month{m}, day{d}};
    };
    auto key_of = [&](const year_month_day& ymd) {
        const auto y = static_cast<int>(ymd.year());
        const auto m = static_cast<unsigned>(ymd.month());
        const auto d = static_cast<unsigned>(ymd.day());
        if (unit == TimelineUnit::year) return fmt::format("{:04}", y);
        if (unit == TimelineUnit::month) return fmt::format("{:04}{:02}", y, m);
        return fmt::format("{:04}{:02}{:02}", y, m, d);
    };
    std::vector<TimelinePoint> points;
    if (counts.empty()) return points;
    const auto from = parse(counts.begin()->first), to = parse(counts.rbegin()->first);
    std::size_t span = 0;
    switch (unit) {
    case TimelineUnit::year: span = static_cast<std::size_t>(int(to.year()) - int(from.year())) + 1; break;
    case TimelineUnit::month:
        span = static_cast<std::size_t>((int(to.year()) - int(from.year())) * 12 +
                                        (int(unsigned(to.month())) - int(unsigned(from.month())))) + 1;
        break;
    case TimelineUnit::day: span = static_cast<std::size_t>((sys_days{to} - sys_days{from}).count()) + 1; break;
    case TimelineUnit::none: return points;
    }
    if (span > max_periods) {
        for (const auto& [key, count] : counts) points.push_back({label(key), count});
        return points;
    }
    year_month_day at = from;
    for (std::size_t i = 0; i < span; ++i) {
        const std::string key = key_of(at);
        const auto it = counts.find(key);
        points.push_back({label(key), it == counts.end() ? 0 : it->second});
        switch (unit) {
        case TimelineUnit::year: at = at + years{1}; break;
        case TimelineUnit::month: at = at + months{1}; break;
        case TimelineUnit::day: at = year_month_day{sys_days{at} + days{1}}; break;
        case TimelineUnit::none: break;
        }
    }
    return points;
}

std::string language_name(const std::string& code) {
    icu::UnicodeString name;
    icu::Locale(code.c_str()).getDisplayLanguage(icu::Locale::getEnglish(), name);
    std::string out;
    name.toUTF8String(out);
    return out.empty() ? code : out;
}

// Where in `body` one of `phrases` (each its terms, as the query has them) first occurs, word for
// word and case-folded; npos when none does. Words are runs of Xapian's word characters, with
// an apostrophe inside them, as its term generator splits text; Chinese, Japanese and Korean
// phrases (a term per character) are looked for as their characters in a row.
std::size_t phrase_offset(std::string_view body, const std::vector<std::vector<std::string>>& phrases) {
    std::size_t best = std::string_view::npos;
    std::vector<std::vector<std::string>> spaced;
    for (const auto& phrase : phrases) {
        if (phrase.empty()) continue;
        if (std::any_of(phrase.begin(), phrase.end(), [](const std::string& t) { return text::has_cjk(t); })) {
            std::string joined;
            for (const auto& t : phrase) joined += t;
            best = std::min(best, body.find(joined));
        } else {
            spaced.push_back(phrase);
        }
    }
    if (spaced.empty()) return best;
    std::size_t longest = 0;
    for (const auto& p : spaced) longest = std::max(longest, p.size());
    std::vector<std::pair<std::size_t, std::string>> words; // the last `longest` words, with their offsets
    Xapian::Utf8Iterator it(body.data(), body.size()), end;
    while (it != end) {
        while (it != end && !Xapian::Unicode::is_wordchar(*it)) ++it;
        if (it == end) break;
        const std::size_t start = static_cast<std::size_t>(it.raw() - body.data());
        if (start >= best) break;
        std::string word;
        while (it != end) {
            unsigned ch = *it;
            if (ch == 0x2019) ch = '\'';
            if (ch == '\'' && !word.empty()) {
                Xapian::Utf8Iterator next = it;
                ++next;
                if (next == end || !Xapian::Unicode::is_wordchar(*next)) break;
            } else if (!Xapian::Unicode::is_wordchar(ch)) {
                break;
            }
            Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
            ++it;
        }
        if (words.size() == longest) words.erase(words.begin());
        words.emplace_back(start, std::move(word));
        for (const auto& phrase : spaced) {
            if (phrase.size() > words.size()) continue;
            const std::size_t first = words.size() - phrase.size();
            bool same = true;
            for (std::size_t k = 0; same && k < phrase.size(); ++k) same = words[first + k].second == phrase[k];
            if (same) return std::min(best, words[first].first);
        }
    }
    return best;
}

// Whether a query has words a statement's body can contain: unprefixed terms and their stems
// ('Z'); the terms of fields (title words, filters) are prefixed with capitals.
bool has_body_words(const Xapian::Query& query) {
    const auto capital = [](char c) { return c >= 'A' && c <= 'Z'; };
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        const std::string& term = *t;
        if (term.empty()) continue;
        if (!capital(term[0]) || (term[0] == 'Z' && term.size() > 1 && !capital(term[1]))) return true;
    }
    return false;
}

// The phrases of a query that a body can have: quoted words of the default field, not excluded.
std::vector<std::vector<std::string>> phrases_of(const query::Node& node) {
    std::vector<std::vector<std::string>> out;
    const auto visit = [&](const auto& self, const query::Node& n) -> void {
        if (n.sign == query::Sign::must_not) return;
        if (n.type == query::Node::Type::phrase && !n.field && n.terms.size() > 1) out.push_back(n.terms);
        for (const auto& child : n.children) self(self, child);
    };
    visit(visit, node);
    return out;
}

} // namespace

struct Searcher::Impl {
    fs::path path;
    Xapian::Database db;
    std::optional<QueryBuilder> queries;
    std::unordered_map<std::string, std::string> labels; ///< filter term → label, for facets

    // Readers beside a writer: a commit can discard the revision a reader is reading (or
    // opening). Reopen at the newest revision and try again; a writer committing small batches
    // in quick succession can do that many times during one search on a busy machine, so keep
    // trying for a while (at least 8 times, and for up to 10 seconds). The one retry policy of
    // a Searcher: opening, reading and searching all go through it.
    template <typename F> auto retrying(F&& f) {
        constexpr int min_attempts = 8;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        for (int attempt = 1;; ++attempt) {
            try {
                return f();
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt >= min_attempts && std::chrono::steady_clock::now() > give_up) throw translate(e, path);
                try {
                    db.reopen();
                    labels.clear();
                } catch (const Xapian::DatabaseModifiedError&) {
                    // Reopening reads the newest revision, which a commit can discard too:
                    // the next attempt fails at once and reopens again.
                } catch (const Xapian::Error& reopen_error) {
                    throw translate(reopen_error, path);
                }
            } catch (const Xapian::Error& e) {
                throw translate(e, path);
            }
        }
    }

    // Whether a person's key is hidden: found by the look of its name alone, by one statement
    // (Person::tentative). Such a person is left out of facets, hits' participants, networks
    // and show; person: still finds the statement.
    bool hidden_person(const std::string& key) const {
        const std::string tentative = schema::boolean_term(schema::tentative_person_prefix, key);
        return db.get_termfreq(tentative) > 0 && db.get_termfreq(schema::filter_term(schema::person, key)) < min_statements_tentative;
    }
    static constexpr Xapian::doccount min_statements_tentative = 2;

    void hide_people(Statement& s) const {
        auto& people = s.participants.people;
        people.erase(std::remove_if(people.begin(), people.end(), [&](const Person& p) { return p.tentative && hidden_person(p.key); }),
                     people.end());
    }

    // The label of a facet value: names as written, taken from a statement that has the value.
    std::string label(const schema::Field& field, const std::string& value) {
        switch (field.facet) {
        case schema::Facet::year:
        case schema::Facet::month:
        case schema::Facet::none: return value;
        case schema::Facet::single:
        case schema::Facet::multi: break;
        }
        if (field.kind == schema::Kind::country) return ParticipantExtractor::shared().country_name(value);
        if (field.name == schema::lang.name) return language_name(value);
        if (field.name == schema::place.name) {
            // A place's own name, or a country's (datelines of city states: "SINGAPORE").
            const auto& extractor = ParticipantExtractor::shared();
            if (auto name = extractor.place_name(value)) return *name;
            if (auto code = extractor.country_code(value)) return extractor.country_name(*code);
        }
        const std::string term = schema::filter_term(field, value);
        if (const auto it = labels.find(term); it != labels.end()) return it->second;
        std::string label = value;
        if (auto posting = db.postlist_begin(term); posting != db.postlist_end(term)) {
            const Statement s = stored::from_document(db.get_document(*posting), /*with_body*/ false);
            if (field.name == schema::person.name) {
                for (const auto& p : s.participants.people)
                    if (p.key == value) label = p.name;
            } else if (field.name == schema::org.name) {
                for (const auto& o : s.participants.organizations)
                    if (o.key == value) label = o.name;
            } else if (field.name == schema::place.name) {
                label = s.dateline;
            } else if (field.name == schema::source.name) {
                label = s.source;
            } else if (field.name == schema::speaker.name) {
                label = s.issuer.speaker;
            }
        }
        labels.emplace(term, label);
        return label;
    }

    // Ranks by BM25, or sorts by date as `sort` says (`by_date` must live as long as `enquire`).
    static void order(Xapian::Enquire& enquire, Xapian::MultiValueKeyMaker& by_date, SortOrder sort) {
        // Lucene's k1 and b rather than Xapian's (1 and 0.5): on the known-item queries of
        // ../shared/eval, MRR@10 0.63 against 0.60 (docs/design.md, "Ranking").
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
        // Undated statements (an empty date slot) come last in both orders.
        switch (sort) {
        case SortOrder::relevance: break;
        case SortOrder::newest:
            by_date.add_value(schema::slot_date_first, true);
            enquire.set_sort_by_key_then_relevance(&by_date, false);
            break;
        case SortOrder::oldest:
            by_date.add_value(schema::slot_date_first, false, "\xff");
            enquire.set_sort_by_key_then_relevance(&by_date, false);
            break;
        }
    }

    // The hits of `mset`, numbered on from those already in `result`, with their snippets.
    // A hit's snippet comes from around the first of `phrases` in its body, when it has one.
    void add_hits(SearchResult& result, const Xapian::MSet& mset, const SearchRequest& request, bool words_in_body,
                  const std::vector<std::vector<std::string>>& phrases, bool partial) {
        std::size_t rank = request.offset + result.hits.size();
        // Snippets find a statement's words by its own language's stems (the query has them).
        std::map<std::string, Xapian::Stem> stemmers;
        const auto stemmer_of = [&](const std::string& language) -> const Xapian::Stem& {
            auto it = stemmers.find(language);
            if (it == stemmers.end()) it = stemmers.emplace(language, stemmer_for(language)).first;
            return it->second;
        };
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            SearchHit hit;
            hit.rank = ++rank;
            hit.score = it.get_weight();
            hit.partial = partial;
            hit.statement = stored::from_document(it.get_document(), /*with_body*/ request.snippet_bytes > 0, &hit.heading);
            hide_people(hit.statement);
            if (request.snippet_bytes > 0) {
                // The generator stems every word of the text it is given until it has found the
                // query's words: with none to find (filters, titles), the whole body of a long
                // speech (2.5 ms a hit) for a passage of no interest. The opening is given instead.
                std::string_view text = hit.statement.body;
                std::size_t from = 0;
                if (!words_in_body) {
                    text = text::prefix_at_space(text, request.snippet_bytes);
                } else if (const std::size_t at = phrases.empty() ? std::string_view::npos : phrase_offset(text, phrases);
                           at != std::string_view::npos) {
                    // The generator prefers passages of many matched words to one with the
                    // phrase: it is given a passage of the snippet's length that has the phrase,
                    // from a little before it, at a space.
                    from = at > request.snippet_bytes / 4 ? at - request.snippet_bytes / 4 : 0;
                    if (from > 0) {
                        const std::size_t space = text.find_first_of(" \t\n", from);
                        from = space != std::string_view::npos && space < at ? space + 1 : at;
                    }
                    text = text::prefix_at_space(text.substr(from), request.snippet_bytes);
                }
                const bool cut_short = from + text.size() < hit.statement.body.size();
                // Neither SNIPPET_EXHAUSTIVE (it stems every word of the body: for long speeches
                // 85% of a search) nor SNIPPET_BACKGROUND_MODEL (it looks up every word's
                // frequency in the index, and prefers passages of rare words to those with the
                // query's words: for "security situation" it showed passages without the phrase).
                hit.snippet = snippet(mset, text, request.snippet_bytes, stemmer_of(hit.statement.language), request.highlight, "…");
                if (!request.highlight.html_escape) hit.snippet = text::html_unescape(hit.snippet);
                hit.snippet = text::one_line(hit.snippet);
                if (from > 0 && !hit.snippet.starts_with("…")) hit.snippet.insert(0, "…");
                if (cut_short && !hit.snippet.ends_with("…")) hit.snippet += "…";
            }
            hit.statement.body.clear();
            result.hits.push_back(std::move(hit));
        }
    }

    // `query`'s matches; with `relaxed` (DefaultOperator::all_first), its matches that `query`
    // lacks are ranked after them, as partial matches, and neither counted in the total nor by
    // facets and timelines.
    SearchResult run(const Xapian::Query& query, const std::optional<Xapian::Query>& relaxed, const SearchRequest& request,
                     bool filters_only, const std::vector<std::vector<std::string>>& phrases = {}) {
        std::vector<const schema::Field*> facet_fields;
        for (const auto& name : request.facets) {
            const schema::Field* field = schema::field_named(name);
            if (!field || field->facet == schema::Facet::none)
                throw Error(ErrorCategory::usage, fmt::format("no facet '{}'", name),
                            fmt::format("facets are {}", fmt::join(mofa::facet_fields(), ", ")));
            if (std::find(facet_fields.begin(), facet_fields.end(), field) == facet_fields.end())
                facet_fields.push_back(field);
        }
        SortOrder sort = request.sort;
        // A query of filters only ranks nothing: list it newest first.
        if (sort == SortOrder::relevance && filters_only) sort = SortOrder::newest;
        Xapian::Enquire enquire(db);
        Xapian::MultiValueKeyMaker by_date;
        enquire.set_query(query);
        order(enquire, by_date, sort);
        std::optional<FacetSpy> spy;
        const bool count_all = !facet_fields.empty() || request.timeline != TimelineUnit::none;
        if (count_all) {
            spy.emplace(facet_fields, request.timeline);
            enquire.add_matchspy(&*spy);
        }
        const auto offset = static_cast<Xapian::doccount>(std::min<std::size_t>(request.offset, db.get_doccount()));
        const auto limit = static_cast<Xapian::doccount>(std::min<std::size_t>(request.limit, db.get_doccount()));
        // Every match is seen, so that totals are exact (and equal to the facet counts of the
        // same match set) and the spy counts them all; else look a little past the page.
        const Xapian::doccount check = count_all || request.exact_total
                                           ? db.get_doccount()
                                           : std::max<Xapian::doccount>(offset + limit, 1000);
        const Xapian::MSet mset = enquire.get_mset(offset, limit, check);

        SearchResult result;
        result.query = request.query;
        result.offset = request.offset;
        result.total = mset.get_matches_estimated();
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        const bool words_in_body = has_body_words(relaxed ? *relaxed : query);
        add_hits(result, mset, request, words_in_body, phrases, false);

        if (relaxed) {
            // The partial matches: those of the relaxed query without all the words. A page
            // that is not full has seen every full match, so their number is exact and tells
            // where in the partial matches the page goes on.
            Xapian::Enquire rest(db);
            Xapian::MultiValueKeyMaker rest_by_date;
            rest.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, *relaxed, query));
            order(rest, rest_by_date, sort);
            Xapian::doccount rest_offset = 0, rest_limit = 0;
            if (mset.size() < limit) {
                rest_offset = offset + mset.size() - std::min<Xapian::doccount>(offset + mset.size(), mset.get_matches_lower_bound());
                rest_limit = limit - mset.size();
            }
            const Xapian::MSet partial =
                rest.get_mset(rest_offset, rest_limit, rest_limit ? std::max<Xapian::doccount>(rest_offset + rest_limit, 100) : 0);
            result.partial_total = partial.get_matches_estimated();
            result.partial_total_exact = partial.get_matches_lower_bound() == partial.get_matches_upper_bound();
            add_hits(result, partial, request, words_in_body, phrases, true);
        }
        if (spy) {
            for (auto& [field, counts] : spy->counts_) {
                Facet facet;
                facet.field = std::string(field->name);
                facet.distinct = counts.distinct();
                // Hidden people (named by one statement, so counted once) are skipped: more are
                // asked for until the facet is full or has every value.
                std::size_t hidden = 0;
                for (std::size_t want = request.facet_size;; want *= 2) {
                    const auto top = counts.top(want);
                    facet.values.clear();
                    hidden = 0;
                    for (auto& [value, count] : top) {
                        if (facet.values.size() == request.facet_size) break;
                        if (field->name == schema::person.name && count < min_statements_tentative && hidden_person(value)) {
                            ++hidden;
                            continue;
                        }
                        facet.values.push_back({value, label(*field, value), count});
                    }
                    if (facet.values.size() == request.facet_size || top.size() < want) break;
                }
                facet.distinct -= std::min(hidden, facet.distinct);
                result.facets.push_back(std::move(facet));
            }
            result.timeline = timeline_points(spy->timeline_.all(), request.timeline);
            result.timeline_imprecise = spy->imprecise_;
        }
        if (request.suggest && !request.query.empty()) result.suggestion = queries->suggest(request.query);
        return result;
    }

    // The pairs of `field`'s values among `built`'s matches: those run() counts in its total.
    NetworkResult network(const QueryBuilder::Built& built, const NetworkRequest& request, const schema::Field& field) {
        Xapian::Enquire enquire(db);
        enquire.set_query(built.query);
        enquire.set_weighting_scheme(Xapian::BoolWeight()); // nothing is ranked
        ValueSpy spy(field);
        enquire.add_matchspy(&spy);
        const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount()); // every match is seen

        // Every value by rank, and each statement's values as their ranks, ascending.
        const auto values = spy.counts_.top(spy.counts_.distinct());
        std::unordered_map<std::string_view, std::uint32_t> rank_of;
        rank_of.reserve(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) rank_of.emplace(values[i].first, static_cast<std::uint32_t>(i));
        std::vector<std::uint32_t> ranks;
        std::vector<std::size_t> ends;
        std::size_t start = 0;
        for (const std::size_t end : spy.ends_) {
            const std::size_t first = ranks.size();
            for_each_key(std::string_view(spy.kept_).substr(start, end - start),
                         [&](std::string_view key) { ranks.push_back(rank_of.at(key)); });
            std::sort(ranks.begin() + static_cast<std::ptrdiff_t>(first), ranks.end());
            ends.push_back(ranks.size());
            start = end;
        }

        NetworkResult result;
        result.query = request.search.query;
        result.field = std::string(field.name);
        result.statements = mset.get_matches_estimated();
        // Each edge's query: the request's, in parentheses unless it is clauses joined by the
        // default operator (`a OR b country:"RU"` would be `a OR (b country:"RU")`).
        const std::string_view typed = text::trim(request.search.query);
        std::string prefix;
        if (!typed.empty())
            prefix = built.parsed.root.type == query::Node::Type::clauses ? fmt::format("{} ", typed) : fmt::format("({}) ", typed);
        std::set<std::uint32_t> nodes;
        for (const auto& pair : top_pairs(ranks, ends, values, request.limit)) {
            const std::string& source = values[pair.first].first;
            const std::string& target = values[pair.second].first;
            if (field.name == schema::person.name && (hidden_person(source) || hidden_person(target))) continue;
            result.edges.push_back({.source = source,
                                    .source_label = label(field, source),
                                    .target = target,
                                    .target_label = label(field, target),
                                    .count = pair.count,
                                    .query = prefix + filter_query(field.name, source) + " " + filter_query(field.name, target)});
            nodes.insert(pair.first);
            nodes.insert(pair.second);
        }
        for (const std::uint32_t rank : nodes) // in rank order
            result.nodes.push_back({values[rank].first, label(field, values[rank].first), values[rank].second});
        return result;
    }
};

Searcher::Searcher(const fs::path& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(ErrorCategory::index, fmt::format("no index at {}", path.string()),
                    "create it with 'mofa-index --db DIR FILES...', or name another with --db or MOFA_INDEX");
    if (!fs::is_directory(path, ec))
        throw Error(ErrorCategory::index, fmt::format("{} is a file, not an index (an index is a folder)", path.string()),
                    "name the index folder with --db or MOFA_INDEX");
    // An index this user may not read: Xapian would only say it "couldn't detect the type".
    if (::faccessat(AT_FDCWD, path.c_str(), R_OK | X_OK, AT_EACCESS) != 0)
        throw Error(ErrorCategory::index, fmt::format("cannot read index {}: {}", path.string(), std::strerror(errno)),
                    "check the permissions of the index folder and its files: mofa-search needs to read them");
    check_files(path);
    // Opening reads the newest revision's tables; commits in between can discard it (seen beside
    // a writer committing every 20 statements on a busy machine). The reopen after a failed
    // attempt does nothing (no database is open yet); the next attempt opens afresh.
    impl_->retrying([&] {
        impl_->db = Xapian::Database(path.string());
        return true;
    });
    // Reading the schema version is the first read: a writer's commits can discard the revision
    // just opened before it (seen beside a writer committing every 20 statements).
    impl_->retrying([&] {
        check_schema(impl_->db, path);
        impl_->queries.emplace(impl_->db);
        return true;
    });
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResult Searcher::search(const SearchRequest& request) {
    return impl_->retrying([&] {
        // Inside the retry: person: and org: look terms up in the index while parsing.
        const auto built = impl_->queries->build(request);
        return impl_->run(built.query, built.relaxed, request, !built.ranked, phrases_of(built.parsed.root));
    });
}

std::optional<SearchResult> Searcher::similar(const std::string& id, const SearchRequest& request) {
    return impl_->retrying([&]() -> std::optional<SearchResult> {
        const std::string id_term = DocumentBuilder::id_term(id);
        auto posting = impl_->db.postlist_begin(id_term);
        if (posting == impl_->db.postlist_end(id_term)) return std::nullopt;
        Xapian::RSet rset;
        rset.add_document(*posting);
        // The statement's most telling words (unprefixed terms: words as written, any language).
        struct Words : Xapian::ExpandDecider {
            bool operator()(const std::string& term) const override {
                if (term.size() < 3 || (term[0] >= 'A' && term[0] <= 'Z')) return false;
                return std::any_of(term.begin(), term.end(), [](char c) { return !(c >= '0' && c <= '9'); });
            }
        } words;
        Xapian::Enquire enquire(impl_->db);
        enquire.set_query(Xapian::Query(id_term));
        const Xapian::ESet eset = enquire.get_eset(30, rset, &words);
        std::vector<Xapian::Query> terms;
        for (auto t = eset.begin(); t != eset.end(); ++t) terms.emplace_back(*t);
        Xapian::Query query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query(id_term));
        SearchRequest filtered = request;
        if (!request.query.empty() || !request.since.empty() || !request.until.empty())
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, impl_->queries->parse(request));
        filtered.suggest = false;
        return impl_->run(query, std::nullopt, filtered, false);
    });
}

NetworkResult Searcher::network(const NetworkRequest& request) {
    const schema::Field* field = schema::field_named(request.field);
    if (!field || field->facet != schema::Facet::multi)
        throw Error(ErrorCategory::usage, fmt::format("no network of '{}'", request.field),
                    fmt::format("a network pairs the values of {}", fmt::join(network_fields(), ", ")));
    return impl_->retrying([&] {
        // Inside the retry, as search(): person: and org: look terms up while parsing.
        const auto built = impl_->queries->build(request.search);
        return impl_->network(built, request, *field);
    });
}

std::string Searcher::explain(const SearchRequest& request) {
    return impl_->retrying([&] {
        const auto built = impl_->queries->build(request);
        // The tree, indented under "query:", then Xapian's query.
        std::string tree = query::describe(built.parsed.root);
        std::string out = "query:\n";
        for (std::size_t start = 0; start < tree.size();) {
            const std::size_t end = tree.find('\n', start);
            out += "  " + tree.substr(start, end - start + 1);
            start = end + 1;
        }
        out += fmt::format("Xapian: {}\n", built.query.get_description());
        if (!built.ranked && request.sort == SortOrder::relevance)
            out += "no words to rank by: listed newest first\n";
        return out;
    });
}

bool Searcher::reopen() {
    return impl_->retrying([&] {
        const bool changed = impl_->db.reopen();
        if (changed) {
            impl_->labels.clear();
            impl_->queries.emplace(impl_->db);
        }
        return changed;
    });
}

namespace {

// The statement with this id in `db`, body included, or nothing.
std::optional<Statement> statement_with_id(const Xapian::Database& db, const std::string& id) {
    const std::string term = DocumentBuilder::id_term(id);
    auto posting = db.postlist_begin(term);
    if (posting == db.postlist_end(term)) return std::nullopt;
    return stored::from_document(db.get_document(*posting), /*with_body*/ true, nullptr, /*with_mentions*/ true);
}

} // namespace

std::optional<Statement> Searcher::get(const std::string& id) {
    return impl_->retrying([&] {
        auto statement = statement_with_id(impl_->db, id);
        if (statement) impl_->hide_people(*statement);
        return statement;
    });
}

std::optional<Statement> Searcher::get(const std::string& id, const SearchRequest& request) {
    return impl_->retrying([&]() -> std::optional<Statement> {
        auto statement = statement_with_id(impl_->db, id);
        if (!statement) return std::nullopt;
        impl_->hide_people(*statement);
        const auto built = impl_->queries->build(request);
        if (!built.ranked) return statement; // no words to mark
        // A snippet as long as the body is the body, every matched word marked (white space
        // and paragraphs kept as they are).
        Xapian::Enquire enquire(impl_->db);
        enquire.set_query(built.relaxed ? *built.relaxed : built.query);
        const Xapian::MSet mset = enquire.get_mset(0, 0);
        statement->body = snippet(mset, statement->body, statement->body.size() + 1, stemmer_for(statement->language), request.highlight, "");
        if (!request.highlight.html_escape) statement->body = text::html_unescape(statement->body);
        return statement;
    });
}

std::size_t Searcher::document_count() {
    return impl_->retrying([&] { return static_cast<std::size_t>(impl_->db.get_doccount()); });
}

std::uint64_t Searcher::revision() {
    return impl_->retrying([&] { return static_cast<std::uint64_t>(impl_->db.get_revision()); });
}

std::string Searcher::last_change() {
    return impl_->retrying([&] { return impl_->db.get_metadata(std::string(schema::changed_key)); });
}

} // namespace mofa
