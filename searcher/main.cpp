// mofa-search: ranked and faceted search over a mofa index, `show ID`, `similar ID`, `fields`,
// and an interactive mode. Options in, library call, rendering and exit code out; the work is
// in libmofa.
#include "interactive.hpp"
#include "request.hpp"
#include "serve.hpp"
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
#include <unistd.h>

namespace {

enum class Format { text, json, jsonl, csv };

struct Options {
    std::string db;
    std::vector<std::string> query_words;
    mofa::cli::RequestOptions search; ///< all but the query, which is query_words
    Format format = Format::text;
    bool all = false;
    bool explain = false;
    bool interactive = false;
    std::string color = "auto";
    std::string id; ///< of show and similar
    mofa::cli::ServeOptions serve;
};

constexpr const char* footer = R"(Query language (mofa's; like Xapian's):
  words            all must match (--any: any of them); stemmed: 'consultation' finds 'consultations'
  "a phrase"       words in this order ("fm" in quotes: the word alone, without synonyms)
  AND OR NOT XOR   operators (upper case); a NEAR b, a ADJ b; +must -mustnot; word* for prefixes
  -word            alone (or only with other -words): every statement without the word
  ~word            the word and its synonyms (applied by default to the entries of synonyms.tsv:
                   fm = "foreign minister", unsc = "security council", dprk = "north korea", ...)
  title:WORD       in the title          lang:fr        language
  place:WORD       dateline              source:"..."   ministry or publisher
  id:ID            one statement         year:2018      month:2018-03
  person:popov     a person named (words of a name, or a full name in any known spelling)
  country:RU       a country referred to: code, name or adjective (country:russia, country:russian)
  org:sco          an organisation: acronym, name or words of its name
  date:2018-03-15  date:2018-03  date:2018  date:2018-01-01..2018-06-30  date:2020..  date:..2019
  date:today  date:yesterday  date:30d..  date:2w..  date:6m..  date:1y..  (days, weeks, months, years ago)
A statement dated only "2018" matches date:2018, not date:2018-03. Two filters of person:,
country: or org: must both hold; of another field, either. A query of filters only (no words)
lists the newest statements first. 'mofa-search fields' lists the fields.

Facets (--facet person,country,org,place,source,lang,year,month): the most frequent values over
all matches; each value works as a filter: FIELD:"VALUE" added to the query gives its count.

With no query on a terminal (or with -i), mofa-search opens an interactive prompt (:help there).

'mofa-search serve' answers HTTP on 127.0.0.1:8080 (--listen HOST:PORT for another address):
  GET /search?q=QUERY&limit=&offset=&sort=&any=1&facet=country,org&facets=1&timeline=month&since=&until=
      the JSON of --format json;  GET /statements/ID: of show;  GET /statements/ID/similar?q=&limit=...
  GET /health (document count, revision, last change), GET /fields. Errors: {"error":{"code","message","hint"}} with
  400 (bad parameter or query), 404 (unknown id or path), 503 (no index); SIGTERM or Ctrl-C stop it.

Exit codes:
  0    success, also when nothing matches; serve: stopped by SIGTERM or SIGINT
  1    serve: cannot listen on the address (in use?)
  2    usage error, a query that cannot be understood, or an unknown id
  4    the index is missing, unreadable, damaged or of an incompatible schema)";

std::filesystem::path index_path(const Options& o) { return o.db.empty() ? mofa::default_index_path() : std::filesystem::path(o.db); }

mofa::SearchRequest make_request(const Options& o) {
    auto options = o.search;
    for (const auto& word : o.query_words) options.query += (options.query.empty() ? "" : " ") + word;
    auto request = mofa::cli::make_request(options);
    if (o.format == Format::csv) request.highlight.html_escape = false;
    return request;
}

void print(const Options& o, const mofa::SearchResult& result, const mofa::SearchRequest& request) {
    switch (o.format) {
    case Format::json: fmt::print("{}\n", mofa::search_result_json(result, request.timeline != mofa::TimelineUnit::none)); return;
    case Format::jsonl:
        for (const auto& hit : result.hits) fmt::print("{}\n", mofa::hit_json(hit));
        return;
    case Format::csv: mofa::cli::print_csv(stdout, result); return;
    case Format::text: break;
    }
    const mofa::cli::TextStyle style{mofa::cli::use_color(o.color, stdout)};
    mofa::cli::print_results(stdout, result, style);
    if (!result.facets.empty()) mofa::cli::print_facets(stdout, result, style);
    if (request.timeline != mofa::TimelineUnit::none) mofa::cli::print_timeline(stdout, result, style);
}

void warn_if_empty(mofa::Searcher& searcher, const Options& o) {
    if (searcher.document_count() == 0)
        fmt::print(stderr, "mofa-search: the index at {} is empty\n  hint: add statements with 'mofa-index --db {} FILES...'\n",
                   index_path(o).string(), index_path(o).string());
}

int run_search(const Options& o) {
    mofa::Searcher searcher(index_path(o));
    auto request = make_request(o);
    if (o.format == Format::text) request.highlight = mofa::cli::text_highlight({mofa::cli::use_color(o.color, stdout)});
    if (o.explain) {
        fmt::print("{}", searcher.explain(request));
        return mofa::exit_ok;
    }
    warn_if_empty(searcher, o);
    const auto result = searcher.search(request);
    print(o, result, request);
    if (o.format == Format::text && result.total == 0 && !o.search.any && !result.suggestion &&
        request.query.find_first_of(" \t") != std::string::npos)
        fmt::print(stderr, "hint: no statement has all of these words; --any finds those with some of them\n");
    return mofa::exit_ok;
}

int run_similar(const Options& o) {
    mofa::Searcher searcher(index_path(o));
    auto request = make_request(o);
    if (o.format == Format::text) request.highlight = mofa::cli::text_highlight({mofa::cli::use_color(o.color, stdout)});
    const auto result = searcher.similar(o.id, request);
    if (!result)
        throw mofa::Error(mofa::ErrorCategory::usage, fmt::format("no statement with id '{}'", o.id),
                          "ids are printed with each hit; search for it with id:ID");
    print(o, *result, request);
    return mofa::exit_ok;
}

int run_show(const Options& o) {
    mofa::Searcher searcher(index_path(o));
    const auto statement = searcher.get(o.id);
    if (!statement)
        throw mofa::Error(mofa::ErrorCategory::usage, fmt::format("no statement with id '{}'", o.id),
                          "ids are printed with each hit; search for it with id:ID");
    if (o.format == Format::text) mofa::cli::print_statement(stdout, *statement, {mofa::cli::use_color(o.color, stdout)});
    else fmt::print("{}\n", mofa::statement_json(*statement));
    return mofa::exit_ok;
}

int run_fields(const Options& o) {
    const auto fields = mofa::query_fields();
    if (o.format == Format::text) {
        for (const auto& f : fields) fmt::print("{:<9}{}{}\n", f.name, f.description, f.facet ? " [facet]" : "");
        return mofa::exit_ok;
    }
    for (const auto& f : fields)
        fmt::print("{{\"name\":\"{}\",\"facet\":{}}}\n", f.name, f.facet ? "true" : "false");
    return mofa::exit_ok;
}

// `--timeline` may stand alone (a month timeline) before the query: give it its value here so
// that the next word is not taken for one.
std::vector<std::string> arguments(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--") break;
        if (args[i] != "--timeline") continue;
        const bool unit_follows = i + 1 < args.size() && (args[i + 1] == "year" || args[i + 1] == "month" || args[i + 1] == "day");
        if (!unit_follows) args[i] = "--timeline=month";
    }
    std::reverse(args.begin(), args.end()); // CLI11 takes them in reverse
    return args;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"mofa-search: search statements of foreign ministries in a mofa index.", "mofa-search"};
    app.footer(footer);
    app.set_version_flag("--version", mofa::version_string);
    Options o;
    const std::map<std::string, Format> formats{
        {"text", Format::text}, {"json", Format::json}, {"jsonl", Format::jsonl}, {"csv", Format::csv}};
    const std::map<std::string, mofa::SortOrder> sorts{
        {"relevance", mofa::SortOrder::relevance}, {"newest", mofa::SortOrder::newest}, {"oldest", mofa::SortOrder::oldest}};
    app.add_option("--db", o.db, "index folder (default: $MOFA_INDEX, else $XDG_DATA_HOME/mofa/index)");
    app.add_option("--format", o.format, "output: text, json, jsonl (one hit per line) or csv")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    app.add_option("--color", o.color, "colour text output: auto, always or never (NO_COLOR is respected)")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    auto* search_options = app.add_option_group("search");
    search_options->add_option("-n,--limit", o.search.limit, "number of hits to show (default 10)")->check(CLI::Range(0, 10000));
    search_options->add_option("--offset", o.search.offset, "skip this many hits first (for paging)");
    search_options->add_option("--sort", o.search.sort, "relevance (default), newest or oldest")
        ->transform(CLI::CheckedTransformer(sorts, CLI::ignore_case));
    auto* any = search_options->add_flag("--any", o.search.any, "match statements with any of the words");
    search_options->add_flag("--all", o.all, "match statements with all of the words (the default: a few precise hits "
                                             "beat many loose ones; mofa suggests --any when nothing matches)")
        ->excludes(any);
    search_options->add_option("--since", o.search.since, "only statements dated on or after DATE (as in date:, e.g. 2018-03, 30d)");
    search_options->add_option("--until", o.search.until, "only statements dated on or before DATE");
    search_options->add_option("--facet", o.search.facets, "count values of these fields over all matches (comma-separated)")
        ->delimiter(',')
        ->check(CLI::IsMember(mofa::facet_fields()));
    search_options->add_flag("--facets", o.search.default_facets, "the default facets: person, country, org, year");
    search_options->add_option("--facet-size", o.search.facet_size, "values per facet (default 10)")->check(CLI::Range(1, 1000));
    search_options->add_option("--timeline", o.search.timeline, "hits per year, month (default) or day")
        ->check(CLI::IsMember({"year", "month", "day"}));
    search_options->add_flag("--no-synonyms", o.search.no_synonyms, "do not apply synonyms unless asked with ~word");
    search_options->add_option("--highlight-markers", o.search.highlight_markers,
                               "START,END around matched words in json, jsonl and csv snippets (default <b>,</b>)");
    search_options->add_flag("--explain", o.explain, "print how the query is understood, and stop");
    app.add_flag("-i,--interactive", o.interactive, "open the interactive prompt (the default with no query on a terminal)");
    app.add_option("query", o.query_words, "the query (see below); put -- before a query that starts with -");

    auto* show = app.add_subcommand("show", "print one statement in full, with its participants");
    show->add_option("id", o.id, "the statement's id")->required();
    show->fallthrough();
    auto* similar = app.add_subcommand("similar", "statements like this one (a query after the id filters them)");
    similar->add_option("id", o.id, "the statement's id")->required();
    similar->add_option("query", o.query_words, "filters, e.g. date:2020..");
    similar->fallthrough();
    auto* fields = app.add_subcommand("fields", "list the fields of the query language");
    fields->fallthrough();
    auto* serve = app.add_subcommand("serve", "answer HTTP requests with JSON: GET /search?q=..., /statements/ID, "
                                              "/statements/ID/similar, /health, /fields (see the README)");
    serve->add_option("--listen", o.serve.listen, "HOST:PORT to listen on (default 127.0.0.1:8080, this machine only)");
    serve->add_flag("--quiet", o.serve.quiet, "no access log (one line per request on stderr)");
    serve->fallthrough();

    try {
        auto args = arguments(argc, argv);
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : mofa::exit_usage;
    }
    try {
        if (show->parsed()) return run_show(o);
        if (similar->parsed()) return run_similar(o);
        if (fields->parsed()) return run_fields(o);
        if (serve->parsed()) return mofa::cli::serve(index_path(o), o.serve);
        if (o.interactive || (o.query_words.empty() && o.search.since.empty() && o.search.until.empty() && isatty(STDIN_FILENO) &&
                              isatty(STDOUT_FILENO))) {
            auto request = make_request(o);
            return mofa::cli::run_interactive(index_path(o), request, {mofa::cli::use_color(o.color, stdout)});
        }
        return run_search(o);
    } catch (const mofa::Error& e) {
        mofa::cli::print_error(e);
        return mofa::exit_code_for(e.category());
    } catch (const std::exception& e) {
        fmt::print(stderr, "mofa-search: internal error: {}\n", mofa::printable(e.what()));
        return mofa::exit_partial;
    }
}
