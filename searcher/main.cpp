// mofa-search: ranked search over a mofa index, and `show ID`. Options in, library call,
// rendering and exit code out; the work is in libmofa.
#include "text_output.hpp"

#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/json.hpp>
#include <mofa/search.hpp>
#include <mofa/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <map>

namespace {

enum class Format { text, json };

struct Options {
    std::string db;
    std::vector<std::string> query_words;
    std::size_t limit = 10;
    std::size_t offset = 0;
    Format format = Format::text;
    mofa::SortOrder sort = mofa::SortOrder::relevance;
    bool any = false;
    std::string color = "auto";
    std::string show_id;
};

constexpr const char* footer = R"(Query language (Xapian's, configured by mofa):
  words            all must match (use --any for any); stemmed: 'consultation' finds 'consultations'
  "a phrase"       words in this order
  AND OR NOT XOR   operators (upper case); NEAR, ADJ; +must -mustnot; word* for prefixes
  title:WORD       in the title          lang:fr        language
  place:WORD       dateline              source:"..."   ministry or publisher
  id:ID            one statement         year:2018
  person:popov     a person named (words of a name, or a full name in any known spelling)
  country:RU       a country referred to: code, name or adjective (country:russia, country:russian)
  org:sco          an organisation: acronym, name or words of its name
  date:2018-03-15  date:2018-03  date:2018  date:2018-01-01..2018-06-30  date:2020..  date:..2019
A statement dated only "2018" matches date:2018, not date:2018-03.

Exit codes:
  0    success, also when nothing matches
  2    usage error, or a query that cannot be understood
  4    the index is missing, unreadable or of an incompatible schema)";

std::filesystem::path index_path(const Options& o) { return o.db.empty() ? mofa::default_index_path() : std::filesystem::path(o.db); }

void print_error(const mofa::Error& e) {
    fmt::print(stderr, "mofa-search: {}\n", e.what());
    if (!e.hint().empty()) fmt::print(stderr, "  hint: {}\n", e.hint());
}

int run_search(const Options& o) {
    mofa::Searcher searcher(index_path(o));
    mofa::SearchRequest request;
    for (const auto& word : o.query_words) request.query += (request.query.empty() ? "" : " ") + word;
    request.limit = o.limit;
    request.offset = o.offset;
    request.sort = o.sort;
    request.default_operator = o.any ? mofa::DefaultOperator::any : mofa::DefaultOperator::all;
    const mofa::cli::TextStyle style{o.format == Format::text && mofa::cli::use_color(o.color, stdout)};
    if (o.format == Format::text) request.highlight = mofa::cli::text_highlight(style);
    const auto result = searcher.search(request);
    if (o.format == Format::json) fmt::print("{}\n", mofa::search_result_json(result));
    else mofa::cli::print_results(stdout, result, style);
    return mofa::exit_ok;
}

int run_show(const Options& o) {
    mofa::Searcher searcher(index_path(o));
    const auto statement = searcher.get(o.show_id);
    if (!statement)
        throw mofa::Error(mofa::ErrorCategory::usage, fmt::format("no statement with id '{}'", o.show_id),
                          "ids are printed with each hit; search for it with id:ID");
    if (o.format == Format::json) fmt::print("{}\n", mofa::statement_json(*statement));
    else mofa::cli::print_statement(stdout, *statement, {mofa::cli::use_color(o.color, stdout)});
    return mofa::exit_ok;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"mofa-search: search statements of foreign ministries in a mofa index.", "mofa-search"};
    app.footer(footer);
    app.set_version_flag("--version", mofa::version_string);
    Options o;
    const std::map<std::string, Format> formats{{"text", Format::text}, {"json", Format::json}};
    const std::map<std::string, mofa::SortOrder> sorts{
        {"relevance", mofa::SortOrder::relevance}, {"newest", mofa::SortOrder::newest}, {"oldest", mofa::SortOrder::oldest}};
    app.add_option("--db", o.db, "index folder (default: $MOFA_INDEX, else $XDG_DATA_HOME/mofa/index)");
    app.add_option("--format", o.format, "output format: text or json")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    app.add_option("--color", o.color, "colour text output: auto, always or never (NO_COLOR is respected)")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    auto* search_options = app.add_option_group("search");
    search_options->add_option("-n,--limit", o.limit, "number of hits to show (default 10)")->check(CLI::Range(0, 10000));
    search_options->add_option("--offset", o.offset, "skip this many hits first (for paging)");
    search_options->add_option("--sort", o.sort, "relevance (default), newest or oldest")
        ->transform(CLI::CheckedTransformer(sorts, CLI::ignore_case));
    search_options->add_flag("--any", o.any, "match statements with any of the words (default: all of them)");
    app.add_option("query", o.query_words, "the query (see below); put -- before a query that starts with -");

    auto* show = app.add_subcommand("show", "print one statement in full, with its participants");
    show->add_option("id", o.show_id, "the statement's id")->required();
    show->fallthrough();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : mofa::exit_usage;
    }
    try {
        return show->parsed() ? run_show(o) : run_search(o);
    } catch (const mofa::Error& e) {
        print_error(e);
        return mofa::exit_code_for(e.category());
    } catch (const std::exception& e) {
        fmt::print(stderr, "mofa-search: internal error: {}\n", e.what());
        return mofa::exit_partial;
    }
}
