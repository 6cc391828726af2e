#include "query_syntax.hpp"

#include "schema.hpp"
#include "text.hpp"

#include <fmt/format.h>

#include <unicode/utf8.h>
#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

namespace mofa::query {
namespace {

using Xapian::Unicode::is_whitespace;
using Xapian::Unicode::is_wordchar;

// A code point of valid UTF-8 at `i`, and the byte after it.
struct CodePoint {
    UChar32 c = 0;
    std::size_t next = 0;
};

CodePoint decode(std::string_view s, std::size_t i) {
    CodePoint cp;
    auto offset = static_cast<int32_t>(i);
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), offset, static_cast<int32_t>(s.size()), cp.c);
    cp.next = static_cast<std::size_t>(offset);
    if (cp.c < 0) cp.c = 0xfffd;
    return cp;
}

bool is_digit(UChar32 c) { return Xapian::Unicode::get_category(static_cast<unsigned>(c)) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER; }
bool word_char(UChar32 c) { return is_wordchar(static_cast<unsigned>(c)); }
bool space(UChar32 c) { return is_whitespace(static_cast<unsigned>(c)); }

// Characters that join terms into a phrase ("cease-fire", "u.s.", "2018/19"), as in Xapian's
// query parser; the index has such terms at consecutive positions.
bool joins_phrase(UChar32 c) { return c == '.' || c == '-' || c == '/' || c == ':' || c == '\\' || c == '@'; }

// Punctuation kept inside a term when a word character follows, as Xapian's term generator keeps
// it at indexing ("people's", "at&t"; "1,000.5" between digits). 0: ends the term; -1: dropped.
constexpr UChar32 dropped = -1;
UChar32 infix(UChar32 c, bool between_digits) {
    if (c >= 0x200b && (c <= 0x200d || c == 0x2060 || c == 0xfeff)) return dropped;
    if (between_digits) {
        switch (c) {
        case ',': case '.': case ';': case 0x037e: case 0x0589: case 0x060d: case 0x07f8: case 0x2044: case 0xfe10:
        case 0xfe13: case 0xfe14: return c;
        default: return 0;
        }
    }
    if (c == '\'' || c == '&' || c == 0xb7 || c == 0x5f4 || c == 0x2027) return c;
    if (c == 0x2019 || c == 0x201b) return '\'';
    return 0;
}

enum class Op { none, op_and, op_or, op_xor, op_not, near, adj };

struct Token {
    enum class Kind { end, open, close, op, chunk, phrase, sign };
    Kind kind = Kind::end;
    std::size_t position = 0;
    std::size_t length = 0;
    Op op = Op::none;
    unsigned width = 0;     ///< NEAR/n, ADJ/n
    std::string_view text;  ///< chunk: as written; phrase: between the quotes
    Sign sign = Sign::none; ///< sign: the sign before a group or phrase
    bool tilde = false;     ///< sign: a ~ before a group or phrase
};

std::string_view op_name(Op op) {
    switch (op) {
    case Op::op_and: return "AND";
    case Op::op_or: return "OR";
    case Op::op_xor: return "XOR";
    case Op::op_not: return "NOT";
    case Op::near: return "NEAR";
    case Op::adj: return "ADJ";
    case Op::none: break;
    }
    return "";
}

// An operator word: AND OR XOR NOT NEAR ADJ, NEAR/n, ADJ/n (n from 1). Nothing for any other
// word. Throws for a width of 0 or one too large.
std::optional<std::pair<Op, unsigned>> operator_of(std::string_view word, std::size_t position, std::string_view query) {
    for (Op op : {Op::op_and, Op::op_or, Op::op_xor, Op::op_not, Op::near, Op::adj}) {
        const std::string_view name = op_name(op);
        if (word == name) return std::pair{op, 0u};
        if ((op == Op::near || op == Op::adj) && word.size() > name.size() + 1 && word.starts_with(name) &&
            word[name.size()] == '/') {
            const std::string_view digits = word.substr(name.size() + 1);
            if (digits.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
            unsigned width = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), width);
            constexpr unsigned widest = 1000;
            if (ec != std::errc() || width == 0 || width > widest)
                throw SyntaxError{position,
                                  fmt::format("the {} at character {} of the query has a width that is not 1 to {}",
                                              word, character_at(query, position), widest),
                                  fmt::format("{}/N finds words at most N words apart", name)};
            return std::pair{op, width};
        }
    }
    return std::nullopt;
}

class Parser {
public:
    explicit Parser(std::string_view text) : q_(text) {}

    Node query() {
        Node root = parse_or(nullptr);
        const Token t = peek();
        if (t.kind == Token::Kind::close)
            fail(t.position, fmt::format("the ')' at character {} of the query closes nothing", character(t.position)),
                 "remove it, or quote the text: \"...\"");
        return root;
    }

private:
    // --- lexer ---

    std::size_t character(std::size_t offset) const { return character_at(q_, offset); }

    [[noreturn]] void fail(std::size_t position, std::string message, std::string hint) const {
        throw SyntaxError{position, std::move(message), std::move(hint)};
    }

    std::size_t skip_space(std::size_t i) const {
        while (i < q_.size()) {
            const CodePoint cp = decode(q_, i);
            if (!space(cp.c)) break;
            i = cp.next;
        }
        return i;
    }

    // The end of a chunk: white space, a parenthesis or a quote.
    std::size_t chunk_end(std::size_t i) const {
        while (i < q_.size()) {
            const CodePoint cp = decode(q_, i);
            if (space(cp.c) || cp.c == '(' || cp.c == ')' || cp.c == '"') break;
            i = cp.next;
        }
        return i;
    }

    // The closing quote of a quote at `open`.
    std::size_t closing_quote(std::size_t open) const {
        const std::size_t close = q_.find('"', open + 1);
        if (close == std::string_view::npos)
            fail(open, fmt::format("the quote at character {} of the query is never closed", character(open)),
                 "a phrase is \"words in quotes\"");
        return close;
    }

    Token lex(std::size_t& i) const {
        i = skip_space(i);
        Token t;
        t.position = i;
        if (i >= q_.size()) return t;
        const char c = q_[i];
        if (c == '(' || c == ')') {
            t.kind = c == '(' ? Token::Kind::open : Token::Kind::close;
            t.length = 1;
            ++i;
            return t;
        }
        if (c == '"') {
            const std::size_t close = closing_quote(i);
            t.kind = Token::Kind::phrase;
            t.text = q_.substr(i + 1, close - i - 1);
            t.length = close + 1 - i;
            i = close + 1;
            return t;
        }
        std::size_t end = chunk_end(i);
        // A filter's value runs to white space or ')', or is quoted: it may hold '(' and '"'.
        if (const auto value = filter_value_start(i, end)) {
            if (*value < q_.size() && q_[*value] == '"') {
                std::size_t close = *value;
                for (;;) {
                    const std::size_t next = q_.find('"', close + 1);
                    if (next == std::string_view::npos)
                        fail(*value, fmt::format("the quote at character {} of the query is never closed", character(*value)),
                             "a value with spaces is field:\"in quotes\"");
                    if (next + 1 < q_.size() && q_[next + 1] == '"') {
                        close = next + 1;
                        continue;
                    }
                    close = next;
                    break;
                }
                end = close + 1;
            } else {
                end = *value;
                while (end < q_.size()) {
                    const CodePoint cp = decode(q_, end);
                    if (space(cp.c) || cp.c == ')') break;
                    end = cp.next;
                }
            }
        }
        t.kind = Token::Kind::chunk;
        t.text = q_.substr(i, end - i);
        t.length = end - i;
        i = end;
        if (const auto op = operator_of(t.text, t.position, q_)) {
            t.kind = Token::Kind::op;
            t.op = op->first;
            t.width = op->second;
            return t;
        }
        // A sign (and ~) right before a parenthesis or a quote.
        if (i < q_.size() && (q_[i] == '(' || q_[i] == '"')) {
            std::string_view s = t.text;
            Sign sign = Sign::none;
            if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
                sign = s.front() == '+' ? Sign::must : Sign::must_not;
                s.remove_prefix(1);
            }
            const bool tilde = s == "~";
            if (s.empty() || tilde) {
                t.kind = Token::Kind::sign;
                t.sign = sign;
                t.tilde = tilde;
            }
        }
        return t;
    }

    // Where the value of a filter field starts, when the chunk at `i` is one (`country:RU`).
    std::optional<std::size_t> filter_value_start(std::size_t i, std::size_t end) const {
        std::size_t start = i;
        if (start < end && (q_[start] == '+' || q_[start] == '-')) ++start;
        if (start < end && q_[start] == '~') ++start; // (synonyms of a filter: none)
        const std::size_t colon = q_.find(':', start);
        if (colon == std::string_view::npos || colon >= end || colon == start) return std::nullopt;
        const schema::Field* field = schema::field_named(text::normalize(q_.substr(start, colon - start)));
        if (!field || field->kind == schema::Kind::text) return std::nullopt;
        return colon + 1;
    }

    Token peek() {
        if (!peeked_) {
            std::size_t i = at_;
            peeked_ = lex(i);
            after_peek_ = i;
        }
        return *peeked_;
    }

    Token take() {
        const Token t = peek();
        at_ = after_peek_;
        peeked_.reset();
        return t;
    }

    // --- grammar ---

    // Adds `operand` to `left` as an operand of the operator `type` (an excluded one with
    // must_not), making `left` such a node first unless it is one: a chain of one operator is one
    // node, however long, and the tree is only as deep as the query's parentheses.
    static void join(Node& left, Node::Type type, Node operand, Sign sign = Sign::none) {
        if (left.type != type || left.sign != Sign::none) {
            Node n;
            n.type = type;
            n.position = left.position;
            n.children.push_back(std::move(left));
            left = std::move(n);
        }
        operand.sign = sign;
        left.length = operand.position + operand.length - left.position;
        left.children.push_back(std::move(operand));
    }

    [[noreturn]] void nothing_before(const Token& t) const {
        const std::string_view name = t.text;
        fail(t.position, fmt::format("the {} at character {} of the query has nothing before it", name, character(t.position)),
             t.op == Op::near || t.op == Op::adj
                 ? fmt::format("{} joins two words (a {} b); to search the word, write it in lower case", name, name)
                 : fmt::format("{} joins two expressions (a {} b); to search the word, write it in lower case", name, name));
    }

    [[noreturn]] void nothing_after(const Token& t) const {
        const std::string_view name = t.text;
        fail(t.position, fmt::format("the {} at character {} of the query has nothing after it", name, character(t.position)),
             fmt::format("{} joins two expressions (a {} b); to search the word, write it in lower case", name, name));
    }

    const schema::Field* field_ = nullptr; // the text field of the group being read (title:(...))

    static bool empty(const Node& n) { return n.type == Node::Type::clauses && n.children.empty(); }

    Node parse_or(const Token* after) { return parse_chain(after, Op::op_or, Node::Type::op_or, &Parser::parse_xor); }
    Node parse_xor(const Token* after) { return parse_chain(after, Op::op_xor, Node::Type::op_xor, &Parser::parse_and); }

    // Operands of `next`'s level joined by `op`.
    Node parse_chain(const Token* after, Op op, Node::Type type, Node (Parser::*next)(const Token*)) {
        Node left = (this->*next)(after);
        while (peek().kind == Token::Kind::op && peek().op == op) {
            const Token t = take();
            if (empty(left)) nothing_before(t);
            join(left, type, (this->*next)(&t));
        }
        return left;
    }

    Node parse_and(const Token* after) {
        Node left = parse_operand(after);
        for (;;) {
            const Token t = peek();
            if (t.kind != Token::Kind::op || (t.op != Op::op_and && t.op != Op::op_not)) break;
            const Token op = take();
            if (empty(left)) nothing_before(op);
            if (op.op == Op::op_and && peek().kind == Token::Kind::op && peek().op == Op::op_not) {
                const Token op_not = take();
                join(left, Node::Type::op_and, required_clauses(op_not), Sign::must_not);
            } else if (op.op == Op::op_and) {
                join(left, Node::Type::op_and, parse_operand(&op));
            } else {
                join(left, Node::Type::op_and, required_clauses(op), Sign::must_not);
            }
        }
        return left;
    }

    // Clauses, or NOT and clauses (everything but them). `after` is the operator before, if any:
    // an operand must follow it. At the start of the query or of a group an operand may be
    // missing only when nothing follows at all (an empty query or "()").
    Node parse_operand(const Token* after) {
        const Token t = peek();
        if (t.kind == Token::Kind::op && t.op == Op::op_not) {
            const Token op = take();
            Node all;
            all.type = Node::Type::everything;
            all.position = op.position;
            join(all, Node::Type::op_and, required_clauses(op), Sign::must_not);
            return all;
        }
        if (after) return required_clauses(*after);
        if (t.kind == Token::Kind::op) nothing_before(t);
        return parse_clauses();
    }

    Node required_clauses(const Token& after) {
        const Token t = peek();
        if (t.kind == Token::Kind::op) {
            if (t.op == Op::op_not) nothing_after(after); // "a AND NOT NOT b"
            nothing_before(t);                            // "a OR AND b"
        }
        Node clauses = parse_clauses();
        if (clauses.children.empty()) nothing_after(after);
        return clauses;
    }

    Node parse_clauses() {
        Node list;
        list.type = Node::Type::clauses;
        list.position = peek().position;
        for (;;) {
            const Token t = peek();
            if (t.kind == Token::Kind::end || t.kind == Token::Kind::close) break;
            if (t.kind == Token::Kind::op) {
                if ((t.op == Op::near || t.op == Op::adj) && list.children.empty()) nothing_before(t);
                if (t.op == Op::near || t.op == Op::adj)
                    fail(t.position, fmt::format("the {} at character {} of the query joins single words", t.text, character(t.position)),
                         "a NEAR b finds the words near each other; for a phrase, use quotes");
                break;
            }
            take();
            clause(t, list);
        }
        if (!list.children.empty()) {
            const Node& last = list.children.back();
            list.length = last.position + last.length - list.position;
        }
        return list;
    }

    // Reads the clause that starts with `t` into `list` (a chunk of punctuation adds nothing; a
    // chunk of words with punctuation between them may add several).
    void clause(const Token& t, Node& list) {
        switch (t.kind) {
        case Token::Kind::open: {
            Node group = parse_group(t);
            if (!group.children.empty() || group.type != Node::Type::clauses) list.children.push_back(std::move(group));
            return;
        }
        case Token::Kind::phrase: {
            Node p = phrase(t.text, t.position + 1, field_);
            p.position = t.position;
            p.length = t.length;
            if (!p.terms.empty()) list.children.push_back(std::move(p));
            return;
        }
        case Token::Kind::sign: {
            const Token next = take(); // a parenthesis or a quote: the lexer looked
            const std::size_t before = list.children.size();
            clause(next, list);
            if (list.children.size() > before) {
                Node& n = list.children[before];
                n.sign = t.sign;
                n.synonyms = t.tilde;
                n.length += n.position - t.position;
                n.position = t.position;
            }
            return;
        }
        case Token::Kind::chunk: chunk(t, list); return;
        case Token::Kind::op:
        case Token::Kind::close:
        case Token::Kind::end: break;
        }
    }

    Node parse_group(const Token& open) {
        constexpr int deepest = 100;
        if (++depth_ > deepest)
            fail(open.position, fmt::format("the '(' at character {} of the query is nested more than {} deep", character(open.position), deepest),
                 "remove parentheses that group nothing");
        Node inner = parse_or(nullptr);
        --depth_;
        const Token close = peek();
        if (close.kind != Token::Kind::close)
            fail(open.position, fmt::format("the '(' at character {} of the query is never closed", character(open.position)),
                 "close it with ')'");
        take();
        inner.position = open.position;
        inner.length = close.position + 1 - open.position;
        return inner;
    }

    // A chunk: a filter, a text field's value, words, or punctuation alone.
    void chunk(const Token& t, Node& list) {
        std::string_view s = t.text;
        std::size_t at = t.position;
        Sign sign = Sign::none;
        bool tilde = false;
        if (s.size() > 1 && (s[0] == '+' || s[0] == '-')) {
            if (s[1] == '+' || s[1] == '-') {
                // "--x", "+-x": no sign (as in Xapian's parser); the word alone.
                while (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1), ++at;
            } else {
                sign = s[0] == '+' ? Sign::must : Sign::must_not;
                s.remove_prefix(1);
                ++at;
            }
        }
        if (s.size() > 1 && s[0] == '~') {
            tilde = true;
            s.remove_prefix(1);
            ++at;
        }
        const std::size_t before = list.children.size();
        if (!field(t, s, at, list)) words(s, at, field_, list);
        if (list.children.size() > before) {
            Node& first = list.children[before];
            first.sign = sign;
            first.synonyms = tilde;
            first.length += first.position - t.position;
            first.position = t.position;
        }
    }

    // NAME:VALUE. Adds the filter or the text field's words and says true; false when the chunk
    // is not a field (no colon, or text before it that is not a name: 10:30, http://...).
    bool field(const Token& t, std::string_view s, std::size_t at, Node& list) {
        const std::size_t colon = s.find(':');
        if (colon == std::string_view::npos || colon == 0) return false;
        const std::string name = text::normalize(s.substr(0, colon));
        const schema::Field* field = schema::field_named(name);
        const std::string_view value = s.substr(colon + 1);
        const std::size_t value_at = at + colon + 1;
        const char next = value_at < q_.size() ? q_[value_at] : '\0';
        if (!field) {
            // A name of letters before a colon and a value after it is a field the user meant.
            const bool letters = name.size() >= 2 && std::all_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
            if (!letters || value_at >= q_.size() || next == ' ' || next == '\t' || next == '\n' || next == '\r' ||
                next == ')' || next == ':' || next == '/')
                return false;
            std::vector<std::string> names;
            for (const auto& f : schema::fields) names.emplace_back(f.name);
            fail(at, fmt::format("unknown field '{}:' at character {} of the query", name, character(at)),
                 fmt::format("the fields are {}; to search the text, put it in quotes: \"{}\"", fmt::join(names, ", "), s));
        }
        const bool empty_value = field->kind == schema::Kind::text
                                     ? value.empty() && next != '"' && next != '('
                                     : value.empty() || value == "\"\"";
        if (empty_value)
            fail(at, fmt::format("{}: needs a value ({}:VALUE, or {}:\"several words\")", field->name, field->name, field->name),
                 "'mofa-search fields' lists the fields");
        if (field->kind != schema::Kind::text) {
            Node n;
            n.type = Node::Type::filter;
            n.field = field;
            n.position = at;
            n.length = t.position + t.length - at;
            std::string v(value);
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
                n.quoted = true;
                v = v.substr(1, v.size() - 2);
                for (std::size_t q = v.find("\"\""); q != std::string::npos; q = v.find("\"\"", q + 1)) v.erase(q, 1);
            }
            n.value = field->kind == schema::Kind::exact ? v : text::normalize(v);
            list.children.push_back(std::move(n));
            return true;
        }
        // A text field: title:word, title:"a phrase", title:(a group).
        const schema::Field* text_field = field->prefix.empty() ? nullptr : field;
        if (value.empty()) {
            const Token next_token = take(); // the lexer stopped at the quote or parenthesis
            const schema::Field* outer = std::exchange(field_, text_field);
            const std::size_t before = list.children.size();
            clause(next_token, list);
            field_ = outer;
            if (list.children.size() > before) {
                Node& n = list.children[before];
                n.length += n.position - at;
                n.position = at;
            }
            return true;
        }
        words(value, value_at, text_field, list);
        return true;
    }

    // The terms of a run of text with no white space in it, as the index has them: a word, or
    // words joined by punctuation. Terms joined by . - / : \ @ are a phrase; other punctuation
    // separates words. A '*' right after a word makes it a wildcard. Proximity operators after
    // the run join its last word to the words after them.
    void words(std::string_view s, std::size_t at, const schema::Field* field, Node& list) {
        const std::string folded = text::normalize(s); // case-folded
        // Offsets in `folded` are offsets in the query when folding kept the length (as it does
        // for ASCII); else every word is given the whole run.
        const bool same_length = folded.size() == s.size();
        std::size_t i = 0;
        Node* current = nullptr; // the word a phrase joiner extends
        const std::size_t first = list.children.size();
        std::size_t start = 0;
        const auto close = [&](std::size_t end) {
            if (!current) return;
            current->source = folded.substr(start, end - start);
            current->position = same_length ? at + start : at;
            current->length = same_length ? end - start : s.size();
            current = nullptr;
        };
        while (i < folded.size()) {
            CodePoint cp = decode(folded, i);
            if (!word_char(cp.c)) {
                i = cp.next;
                continue;
            }
            // A term.
            std::string term;
            UChar32 previous = cp.c;
            const std::size_t term_start = i;
            for (;;) {
                term.append(folded, i, cp.next - i);
                i = cp.next;
                if (i >= folded.size()) break;
                cp = decode(folded, i);
                if (word_char(cp.c)) {
                    previous = cp.c;
                    continue;
                }
                if (cp.next >= folded.size()) break;
                const CodePoint after = decode(folded, cp.next);
                if (!word_char(after.c)) break;
                const UChar32 kept = infix(cp.c, is_digit(previous) && is_digit(after.c));
                if (kept == 0) break;
                if (kept != dropped) {
                    Xapian::Unicode::append_utf8(term, static_cast<unsigned>(kept));
                    previous = kept;
                }
                i = cp.next;
                cp = after;
            }
            // "c++", "c#": kept as written when the index has them (the builder decides).
            std::string suffix;
            {
                std::size_t j = i;
                while (j < folded.size() && (folded[j] == '+' || folded[j] == '#') && suffix.size() < 4) suffix += folded[j++];
                if (suffix.size() > 3 || (j < folded.size() && word_char(decode(folded, j).c))) suffix.clear();
                else i = j;
            }
            // A wildcard: '*' with no word character after it.
            bool wildcard = false;
            if (suffix.empty() && i < folded.size() && folded[i] == '*') {
                std::size_t j = i;
                while (j < folded.size() && folded[j] == '*') ++j;
                if (j >= folded.size() || !word_char(decode(folded, j).c)) {
                    wildcard = true;
                    i = j;
                }
            }
            if (current) {
                if (wildcard)
                    fail(at, fmt::format("the '*' of '{}' at character {} of the query ends a phrase", s, character(at)),
                         "a wildcard is one word and a '*': sanct*");
                current->terms.push_back(std::move(term));
                current->suffix = std::move(suffix);
            } else {
                Node n;
                n.type = wildcard ? Node::Type::wildcard : Node::Type::word;
                n.field = field;
                UErrorCode status = U_ZERO_ERROR;
                n.script = uscript_getScript(decode(term, 0).c, &status);
                n.terms.push_back(std::move(term));
                n.suffix = std::move(suffix);
                list.children.push_back(std::move(n));
                current = &list.children.back();
                start = term_start;
            }
            // Joiners alone up to the next term keep the phrase going (not after a suffix or a '*').
            std::size_t j = i;
            while (j < folded.size() && joins_phrase(static_cast<unsigned char>(folded[j]))) ++j;
            if (wildcard || !current->suffix.empty() || j == i || j >= folded.size() || !word_char(decode(folded, j).c)) {
                close(i);
            } else {
                if (current->terms.size() == 1) current->hyphenated = true;
                if (j != i + 1 || folded[i] != '-') current->hyphenated = false;
                i = j;
            }
        }
        close(folded.size());
        // A plain word: the run is the word alone, of letters, digits and ' - . (synonyms apply).
        if (list.children.size() == first + 1 && !field && list.children[first].type == Node::Type::word &&
            std::all_of(folded.begin(), folded.end(), [](char c) {
                const auto u = static_cast<unsigned char>(c);
                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80 || c == '\'' || c == '-' || c == '.';
            })) {
            list.children[first].bare = true;
            list.children[first].source = folded; // with its periods: "u.s."
        }
        // NEAR or ADJ after the run: its last word is their first operand.
        if (!in_proximity_ && list.children.size() > first && peek().kind == Token::Kind::op &&
            (peek().op == Op::near || peek().op == Op::adj))
            proximity(list);
    }

    void proximity(Node& list) {
        Node first = std::move(list.children.back());
        list.children.pop_back();
        Node n;
        n.type = Node::Type::proximity;
        n.field = first.field;
        n.position = first.position;
        const auto operand = [&](const Node& w, const Token& op) {
            if (w.type != Node::Type::word || w.terms.size() != 1 || !w.suffix.empty() || w.sign != Sign::none || w.synonyms)
                fail(w.position, fmt::format("the {} at character {} of the query joins single words", op.text, character(op.position)),
                     "a NEAR b finds the words near each other; for a phrase, use quotes");
            n.terms.push_back(w.terms[0]);
        };
        const Token first_op = peek();
        operand(first, first_op);
        while (peek().kind == Token::Kind::op && (peek().op == Op::near || peek().op == Op::adj)) {
            const Token op = take();
            if (op.op != first_op.op)
                fail(op.position, fmt::format("the {} at character {} of the query follows a {}", op.text, character(op.position), first_op.text),
                     "NEAR and ADJ cannot be mixed in one run of words; group them with parentheses");
            n.adjacent = op.op == Op::adj;
            n.width = std::max(n.width, op.width);
            const Token next = peek();
            if (next.kind == Token::Kind::end || next.kind == Token::Kind::close || next.kind == Token::Kind::op)
                nothing_after(op);
            if (next.kind != Token::Kind::chunk)
                fail(next.position, fmt::format("the {} at character {} of the query joins single words", op.text, character(op.position)),
                     "a NEAR b finds the words near each other; for a phrase, use quotes");
            take();
            Node after;
            in_proximity_ = true;
            words(next.text, next.position, n.field, after);
            in_proximity_ = false;
            if (after.children.empty()) nothing_after(op);
            if (after.children.size() > 1 || next.text.front() == '+' || next.text.front() == '-' || next.text.front() == '~')
                after.children[0].sign = Sign::must; // refused by operand()
            operand(after.children[0], op);
            n.length = next.position + next.length - n.position;
        }
        list.children.push_back(std::move(n));
    }

    Node phrase(std::string_view inside, std::size_t at, const schema::Field* field) {
        Node p;
        p.type = Node::Type::phrase;
        p.field = field;
        Node words_inside;
        in_proximity_ = true;
        words(inside, at, field, words_inside);
        in_proximity_ = false;
        for (auto& w : words_inside.children)
            for (auto& term : w.terms) p.terms.push_back(std::move(term));
        return p;
    }

    std::string_view q_;
    std::size_t at_ = 0;
    std::optional<Token> peeked_;
    std::size_t after_peek_ = 0;
    bool in_proximity_ = false;
    int depth_ = 0; ///< of parentheses
};

std::string_view type_name(Node::Type type) {
    switch (type) {
    case Node::Type::word: return "word";
    case Node::Type::wildcard: return "wildcard";
    case Node::Type::phrase: return "phrase";
    case Node::Type::proximity: return "near";
    case Node::Type::filter: return "filter";
    case Node::Type::clauses: return "clauses";
    case Node::Type::op_and: return "AND";
    case Node::Type::op_or: return "OR";
    case Node::Type::op_xor: return "XOR";
    case Node::Type::everything: return "everything";
    }
    return "";
}

void describe(const Node& n, int depth, std::string& out) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    if (n.sign == Sign::must) out += '+';
    if (n.sign == Sign::must_not) out += '-';
    if (n.synonyms) out += '~';
    if (n.type == Node::Type::proximity) out += n.adjacent ? "adj" : "near";
    else out += type_name(n.type);
    if (n.type == Node::Type::proximity && n.width) out += fmt::format("/{}", n.width);
    if (n.field) out += fmt::format(" {}:", n.field->name);
    if (n.type == Node::Type::filter) out += fmt::format("\"{}\"", n.value);
    if (!n.terms.empty()) out += fmt::format(" {}{}", fmt::join(n.terms, " "), n.suffix);
    if (n.type == Node::Type::word && n.script != USCRIPT_COMMON && n.script != USCRIPT_LATIN) out += fmt::format(" ({})", uscript_getShortName(n.script));
    out += '\n';
    for (const Node& c : n.children) describe(c, depth + 1, out);
}

} // namespace

std::size_t character_at(std::string_view text, std::size_t offset) {
    std::size_t n = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) ++n;
    return n;
}

Parsed parse(std::string_view query) {
    Parsed parsed;
    parsed.text = text::normalize_typed(query);
    parsed.root = Parser(parsed.text).query();
    return parsed;
}

std::string describe(const Node& node) {
    std::string out;
    describe(node, 0, out);
    return out;
}

} // namespace mofa::query
