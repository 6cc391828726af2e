// The query language's reader (common/src/query_syntax): the tree a query becomes, and the
// errors it reports with their positions. How the trees search is in test_search.cpp.
#include "query_syntax.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace mofa::query;

namespace {

std::string tree(std::string_view q) { return describe(parse(q).root); }

// The message of the error a query is refused with, or "" when it is read.
std::string error(std::string_view q) {
    try {
        parse(q);
    } catch (const SyntaxError& e) {
        return e.message;
    }
    return "";
}

} // namespace

TEST_SUITE("query syntax") {

TEST_CASE("words are case-folded as they are read; operators and exact values are kept as typed") {
    CHECK(tree("Russia AND Pakistan") == "AND\n  clauses\n    word russia\n  clauses\n    word pakistan\n");
    CHECK(tree("(Iran OR Iraq) NOT Syria") ==
          "AND\n  clauses\n    OR\n      clauses\n        word iran\n      clauses\n        word iraq\n  -clauses\n    word syria\n");
    CHECK(tree("Popov NEAR/3 Janjua") == "clauses\n  near/3 popov janjua\n");
    CHECK(tree("“Security Situation”") == "clauses\n  phrase security situation\n");
    CHECK(tree("id:PAK_75_2020 Pakistan") == "clauses\n  filter id:\"PAK_75_2020\"\n  word pakistan\n");
    CHECK(tree("-id:\"A B.txt\" x") == "clauses\n  -filter id:\"A B.txt\"\n  word x\n");
    CHECK(tree("Title:Defence") == "clauses\n  word title: defence\n");
    CHECK(tree("and or not") == "clauses\n  word and\n  word or\n  word not\n"); // lower-case words are words
    CHECK(tree("+OR ,AND") == "clauses\n  +word or\n  word and\n");          // so are signed and glued ones
}

TEST_CASE("terms are split as the index splits them") {
    CHECK(tree("cease-fire") == "clauses\n  word cease fire\n");            // joined: a phrase
    CHECK(tree("u.s. 2018/19") == "clauses\n  word u s\n  word 2018 19\n");
    CHECK(tree("russia,pakistan") == "clauses\n  word russia\n  word pakistan\n"); // other punctuation separates
    CHECK(tree("PAKISTAN’S 1,000.5 at&t") == "clauses\n  word pakistan's\n  word 1,000.5\n  word at&t\n");
    CHECK(tree("c++ c#") == "clauses\n  word c++\n  word c#\n");
    CHECK(tree("sanct* \"a b\"") == "clauses\n  wildcard sanct\n  phrase a b\n");
    CHECK(tree("переговоры 会談") == "clauses\n  word переговоры (Cyrl)\n  word 会談 (Hani)\n");
    CHECK(tree(". , ; * ~") == "clauses\n"); // punctuation alone is nothing
}

TEST_CASE("signs, groups, fields and precedence") {
    CHECK(tree("-pakistan +india ~fm") == "clauses\n  -word pakistan\n  +word india\n  ~word fm\n");
    CHECK(tree("-(a b) +\"c d\"") == "clauses\n  -clauses\n    word a\n    word b\n  +phrase c d\n");
    CHECK(tree("title:(a \"b c\") title:\"d e\"") ==
          "clauses\n  clauses\n    word title: a\n    phrase title: b c\n  phrase title: d e\n");
    CHECK(tree("a OR b XOR c AND d") ==
          "OR\n  clauses\n    word a\n  XOR\n    clauses\n      word b\n    AND\n      clauses\n        word c\n      clauses\n        word d\n");
    CHECK(tree("a b OR c") == "OR\n  clauses\n    word a\n    word b\n  clauses\n    word c\n");
    CHECK(tree("NOT a") == "AND\n  everything\n  -clauses\n    word a\n");
    CHECK(tree("a AND NOT b") == "AND\n  clauses\n    word a\n  -clauses\n    word b\n");
    // A chain of one operator is one node, however long; nesting is limited.
    CHECK(tree("a OR b OR c") == "OR\n  clauses\n    word a\n  clauses\n    word b\n  clauses\n    word c\n");
    CHECK(tree("a NOT b AND c") == "AND\n  clauses\n    word a\n  -clauses\n    word b\n  clauses\n    word c\n");
    std::string chain = "x";
    for (int i = 0; i < 5000; ++i) chain += " OR x";
    CHECK(parse(chain).root.children.size() == 5001);
    CHECK(error(std::string(100, '(') + "x" + std::string(100, ')')) == "");
    CHECK(error(std::string(101, '(') + "x" + std::string(101, ')')) == "the '(' at character 101 of the query is nested more than 100 deep");
    CHECK(tree("-a NEAR b") == "clauses\n  -near a b\n"); // the sign is the whole proximity's
    CHECK(tree("x a ADJ/2 b ADJ c") == "clauses\n  word x\n  adj/2 a b c\n");
    CHECK(tree("10:30 http://example.org") == "clauses\n  word 10 30\n  word http example org\n"); // not fields
    CHECK(tree("country:\"a \"\"b\"\"\"") == "clauses\n  filter country:\"a \"b\"\"\n");
}

TEST_CASE("errors say where and what") {
    CHECK(error("\"unclosed") == "the quote at character 1 of the query is never closed");
    CHECK(error("(russia") == "the '(' at character 1 of the query is never closed");
    CHECK(error("russia)") == "the ')' at character 7 of the query closes nothing");
    CHECK(error("OR russia") == "the OR at character 1 of the query has nothing before it");
    CHECK(error("pakistan (AND russia)") == "the AND at character 11 of the query has nothing before it");
    CHECK(error(". OR trade") == "the OR at character 3 of the query has nothing before it");
    CHECK(error("( ~ XOR trade)") == "the XOR at character 5 of the query has nothing before it");
    CHECK(error("russia AND") == "the AND at character 8 of the query has nothing after it");
    CHECK(error("russia OR NEAR/2 trade") == "the NEAR/2 at character 11 of the query has nothing before it");
    CHECK(error("a NEAR/0 b") == "the NEAR/0 at character 3 of the query has a width that is not 1 to 1000");
    CHECK(error("a NEAR \"b c\"") == "the NEAR at character 3 of the query joins single words");
    CHECK(error("\"a b\" NEAR c") == "the NEAR at character 7 of the query joins single words");
    CHECK(error("a NEAR") == "the NEAR at character 3 of the query has nothing after it");
    CHECK(error("a NEAR b-c") == "the NEAR at character 3 of the query joins single words");
    CHECK(error("person:") == "person: needs a value (person:VALUE, or person:\"several words\")");
    CHECK(error("id:\"\"") == "id: needs a value (id:VALUE, or id:\"several words\")");
    CHECK(error("Лавров persons:lavrov") == "unknown field 'persons:' at character 8 of the query");
    CHECK(error("countries:RU") == "unknown field 'countries:' at character 1 of the query");
    CHECK(error("new-del* x") == "the '*' of 'new-del*' at character 1 of the query ends a phrase");
    // What only looks like a field is text.
    CHECK(error("note: 10:30 a:b ab::c http://x") == "");
}

TEST_CASE("every node knows where it stands in the query") {
    const Parsed p = parse("russia -\"secuirty council\" title:trade");
    REQUIRE(p.root.children.size() == 3);
    CHECK(p.text.substr(p.root.children[0].position, p.root.children[0].length) == "russia");
    CHECK(p.text.substr(p.root.children[1].position, p.root.children[1].length) == "-\"secuirty council\"");
    CHECK(p.text.substr(p.root.children[2].position, p.root.children[2].length) == "title:trade");
}

}
