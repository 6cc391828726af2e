// mofa's query language: a lexer and a recursive-descent parser that turn a query into a small
// syntax tree, with the position of every node in the query. The tree knows nothing of Xapian;
// QueryBuilder (query.hpp) makes a Xapian::Query of it.
//
//   query     = [ or ] ;
//   or        = xor { "OR" xor } ;
//   xor       = and { "XOR" and } ;
//   and       = operand { ( "AND" [ "NOT" ] | "NOT" ) operand } ;
//   operand   = "NOT" clauses | clauses ;                 (* NOT first: everything but *)
//   clauses   = clause { clause } ;                        (* joined by the default operator *)
//   clause    = [ "+" | "-" ] [ "~" ] ( group | phrase | filter | text_field | proximity ) ;
//   group     = "(" [ or ] ")" ;
//   phrase    = '"' { any but '"' } '"' ;
//   filter    = NAME ":" ( '"' { any but '"' | '""' } '"' | { any but space and ")" } ) ;
//   text_field= NAME ":" ( phrase | group | word ) ;       (* title: *)
//   proximity = word { ( "NEAR" | "NEAR/" n | "ADJ" | "ADJ/" n ) word } ;
//   word      = terms [ "*" ] ;                            (* terms joined by . - / : \ @ are a phrase *)
//
// Operators are upper-case words standing alone (parentheses may touch them); in any other case,
// signed or quoted they are words. Punctuation standing alone is skipped.
#pragma once

#include <unicode/uscript.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mofa::schema {
struct Field;
}

namespace mofa::query {

/// What a query could not be understood for: where (a byte offset in the normalised query), what,
/// and what to do about it.
struct SyntaxError {
    std::size_t position = 0;
    std::string message;
    std::string hint;
};

enum class Sign { none, must, must_not };

struct Node {
    enum class Type {
        word,      ///< one term, or terms joined by punctuation such as a hyphen (a phrase)
        wildcard,  ///< a term's prefix: `sanct*`
        phrase,    ///< quoted words, unstemmed and in order
        proximity, ///< words joined by NEAR or ADJ
        filter,    ///< a boolean field's value: `country:RU`, `date:2018..`
        clauses,   ///< clauses joined by the default operator, each with its sign
        op_and,    ///< operands joined by AND; those with must_not by NOT (or AND NOT)
        op_or,     ///< operands joined by OR
        op_xor,    ///< operands joined by XOR
        everything, ///< every statement: what a NOT with nothing before it takes from
    };
    Type type = Type::clauses;
    std::size_t position = 0; ///< byte offset of the node's text in the normalised query
    std::size_t length = 0;   ///< bytes of its text
    Sign sign = Sign::none;   ///< of a clause, or of an operand of AND (must_not: NOT)
    bool synonyms = false;    ///< `~word`: the word's synonyms even when they are off
    /// word, wildcard, phrase, proximity: the terms as the index has them (case-folded). A word
    /// of several terms was written with punctuation between them ("cease-fire", "u.s.").
    std::vector<std::string> terms;
    /// word: several terms joined by single hyphens only ("counter-terrorism"); the builder also
    /// asks for the joined word ("counterterrorism"), which the index has for both spellings.
    bool hyphenated = false;
    /// word: `+` or `#` written right after the last term ("c++", "c#"); the builder keeps it
    /// when the index has the term with it.
    std::string suffix;
    /// word: its text as written, case-folded (for synonyms: "u.s.", "cease-fire").
    std::string source;
    /// word: written alone, of letters, digits and ' - . only (no field, other punctuation or
    /// operator beside it): synonyms apply to such words.
    bool bare = false;
    /// word: the script of its first letter (ICU), for analysis that depends on the language.
    UScriptCode script = USCRIPT_COMMON;
    /// The field of a filter, or the text field of words (`title:`); null for the default text.
    const schema::Field* field = nullptr;
    std::string value;  ///< filter: the value, normalised unless the field is exact
    bool quoted = false; ///< filter: the value was written in quotes (person:"popov")
    unsigned width = 0; ///< proximity: the widest NEAR/n or ADJ/n, 0 when none was given
    bool adjacent = false; ///< proximity: ADJ (in order) rather than NEAR
    std::vector<Node> children;

    bool is_text() const { return type == Type::word || type == Type::wildcard || type == Type::phrase || type == Type::proximity; }
};

/// A query read: the text the positions refer to, and its tree.
struct Parsed {
    /// The query as the parser read it: NFKC, typographic quotes folded (text::normalize_typed).
    /// Words are case-folded as they are read, operators and exact values (id:) are not.
    std::string text;
    Node root;
};

/// Parses a query (valid UTF-8). Throws SyntaxError.
Parsed parse(std::string_view query);

/// The tree, for people: one node a line, indented (`mofa-search --explain`).
std::string describe(const Node& node);

/// The 1-based character (code point) of byte `offset` in `text`.
std::size_t character_at(std::string_view text, std::size_t offset);

} // namespace mofa::query
