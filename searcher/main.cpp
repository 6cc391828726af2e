// mofa-search: ranked and faceted search over a mofa index, `show ID`, `similar ID`, `network`,
// `fields`, and an interactive mode. Options in, library call, rendering and exit code out; the
// work is in libmofa.
#include "interactive.hpp"
#include "names.hpp"
#include "output.hpp"
#include "pager.hpp"
#include "text_layout.hpp"
#include "request.hpp"
#include "serve.hpp"

#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/search.hpp>
#include <mofa/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <unistd.h>

namespace {

using mofa::cli::ColorMode;
using mofa::cli::Format;

struct Options {
    std::string db;
    std::vector<std::string> query_words;
    mofa::cli::RequestOptions search; ///< all but the query, which is query_words
    Format format = Format::text;
    bool explain = false;
    bool interactive = false;
    ColorMode color = ColorMode::automatic;
    std::string id; ///< of show and similar
    std::string network_field;      ///< of network: person, country or org
    std::size_t network_limit = 20; ///< of network: pairs to show (--limit)
    mofa::cli::ServeOptions serve;
};

// The options whose values CLI11 takes as typed; make_options checks them and words the errors
// from the name tables (names.hpp) and the library's facet list.
struct TypedValues {
    std::string format, color, limit, offset, sort, facet_size, field;
    std::vector<std::string> facets;
};

constexpr std::size_t max_limit = 10000;
constexpr std::size_t max_facet_size = 1000;

mofa::Error usage(std::string message, std::string hint = {}) {
    return mofa::Error(mofa::ErrorCategory::usage, std::move(message), std::move(hint));
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// The value of a name in a table, case-insensitively; else "--OPTION must be a, b or c".
template <typename Enum, std::size_t N>
Enum named(const std::array<mofa::cli::Named<Enum>, N>& table, std::string_view option, const std::string& name,
           std::string hint = {}) {
    if (const auto value = mofa::cli::value_named(table, lower(name))) return *value;
    throw usage(fmt::format("{} must be {}", option, mofa::cli::either(mofa::cli::names(table))), std::move(hint));
}

std::size_t whole_number(std::string_view option, const std::string& text, std::size_t min, std::size_t max) {
    std::size_t n = 0;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, n);
    if (text.empty() || ec != std::errc() || stop != end || n < min || n > max)
        throw usage(max == SIZE_MAX ? fmt::format("{} must be a whole number", option)
                                    : fmt::format("{} must be a whole number from {} to {}", option, min, max));
    return n;
}

// Checks what CLI11 read as text and puts it into the options; `network`: for the network
// subcommand.
void make_options(const TypedValues& typed, Options& o, bool network) {
    if (!typed.format.empty()) o.format = named(mofa::cli::formats, "--format", typed.format);
    if (!typed.color.empty()) o.color = named(mofa::cli::color_modes, "--color", typed.color);
    if (!typed.sort.empty()) o.search.sort = named(mofa::cli::sort_orders, "--sort", typed.sort);
    if (!o.search.timeline.empty())
        o.search.timeline = mofa::cli::name_of(
            mofa::cli::timeline_units,
            named(mofa::cli::timeline_units, "--timeline", o.search.timeline,
                  fmt::format("the word after --timeline is its unit, not a word of the query: --timeline month {}",
                              o.search.timeline)));
    if (!typed.limit.empty()) o.search.limit = o.network_limit = whole_number("--limit", typed.limit, 0, max_limit);
    if (network) {
        const auto& fields = mofa::network_fields();
        if (typed.field.empty())
            throw usage(fmt::format("network needs --field {}", mofa::cli::either(fields)),
                        "for example: mofa-search network country:RU --field country");
        o.network_field = lower(typed.field);
        if (std::find(fields.begin(), fields.end(), o.network_field) == fields.end())
            throw usage(fmt::format("--field must be {}", mofa::cli::either(fields)),
                        fmt::format("'{}' is none of them: a network pairs the people, countries or organisations that "
                                    "statements name together",
                                    typed.field));
    }
    if (!typed.offset.empty()) o.search.offset = whole_number("--offset", typed.offset, 0, SIZE_MAX);
    if (!typed.facet_size.empty()) o.search.facet_size = whole_number("--facet-size", typed.facet_size, 1, max_facet_size);
    const auto& known = mofa::facet_fields();
    for (const auto& facet : typed.facets)
        if (std::find(known.begin(), known.end(), facet) == known.end())
            throw usage(fmt::format("--facet must be {}", mofa::cli::either(known)),
                        fmt::format("'{}' is none of them; several are separated by commas: --facet person,country", facet));
    o.search.facets = typed.facets;
    // A row per hit (csv) or a hit per line (jsonl) has no place for counts: say so rather than
    // drop them.
    const bool counts = !o.search.facets.empty() || o.search.default_facets || (!o.search.timeline.empty() && o.search.timeline != "off");
    if (counts && (o.format == Format::csv || o.format == Format::jsonl))
        throw usage(fmt::format("--format {} writes hits only, not facets or a timeline", mofa::cli::name_of(mofa::cli::formats, o.format)),
                    "--format json writes the hits, the facets and the timeline in one document");
}

// `first` and then `text`, in lines of at most `width` columns broken at spaces, the lines after
// the first indented by `indent` spaces.
std::string wrapped(std::string first, std::string_view text, std::size_t width, std::size_t indent) {
    std::string out, line = std::move(first);
    bool line_has_words = false;
    for (std::size_t at = 0; at < text.size();) {
        const auto space = std::min(text.find(' ', at), text.size());
        const std::string_view word = text.substr(at, space - at);
        at = space + 1;
        if (word.empty()) continue;
        if (line_has_words && line.size() + 1 + word.size() > width) {
            out += line + "\n";
            line = std::string(indent, ' ');
            line_has_words = false;
        }
        if (line_has_words) line += ' ';
        line += word;
        line_has_words = true;
    }
    return out + line;
}

// The text after the options in --help: the query language, the fields of the schema, facets,
// the HTTP API and exit codes.
std::string footer() {
    std::string out = R"(Query language (mofa's; like Xapian's):
  words            statements with all of them first, then those with some of them, best first
                   (--all: all must match; --any: any of them); stemmed: 'consultation' finds
                   'consultations'; a country's word finds its other names: 'kenyan' finds 'Kenya'
  "a phrase"       words in this order ("fm" in quotes: the word alone, without synonyms)
  AND OR NOT XOR   operators (upper case); a NEAR b, a ADJ b; +must -mustnot; word* for prefixes
  -word            alone (or only with other -words): every statement without the word
                   (a query that starts with - goes after --: mofa-search -- -pakistan)
  ~word            the word and its synonyms (applied by default to the entries of synonyms.tsv:
                   fm = "foreign minister", unsc = "security council", dprk = "north korea", ...)
  FIELD:VALUE      a field (FIELD:"a phrase" for values with spaces):
)";
    for (const auto& field : mofa::query_fields())
        out += wrapped(fmt::format("    {:<9}", field.name), field.description, 100, 13) + "\n";
    out += R"(  date: also takes days, weeks, months or years ago: date:30d.., date:2w.., date:6m.., date:1y..
A statement dated only "2018" matches date:2018, not date:2018-03. Two filters of person:,
country: or org: must both hold; of another field, either. A query of filters only (no words)
lists the newest statements first. 'mofa-search fields' lists the fields.

)";
    out += wrapped("", fmt::format("Facets (--facet {}; --facets: {}): the most frequent values over all matches; each value "
                               "works as a filter: FIELD:\"VALUE\" added to the query gives its count.",
                               fmt::join(mofa::facet_fields(), ","), fmt::join(mofa::default_facets(), ",")),
                   100, 0);
    out += "\n\n";
    out += wrapped("", fmt::format("Networks (mofa-search network [QUERY] --field {} [-n N]): the N (default 20) pairs of "
                               "values that the matches name together most often, with their counts; each pair's filters "
                               "(country:\"RU\" country:\"UA\") added to the query give its count. --format json is "
                               "networkx's node-link form, csv an edge table that Gephi imports.",
                               fmt::join(mofa::network_fields(), "|")),
                   100, 0);
    out += "\n\nWith no query on a terminal (or with -i), mofa-search opens an interactive prompt (:help there).\n\n";
    std::string parameters;
    for (const auto& p : mofa::cli::http_parameters)
        parameters += fmt::format("{}{} ({})", parameters.empty() ? "" : ", ", p.name, p.description);
    out += R"('mofa-search serve' answers HTTP on 127.0.0.1:8080 (--listen HOST:PORT for another address):
  GET /search?q=QUERY&...: the JSON of --format json;  GET /statements/ID: of show;
  GET /statements/ID/similar?...: of similar;  GET /network?q=QUERY&field=FIELD&...: of network;
  GET /health (document count, revision, last change);  GET /fields. Errors:
  {"error":{"code","message","hint"}} with 400 (bad parameter or query), 404 (unknown id or path),
  503 (no index); SIGTERM or Ctrl-C stop it.
)";
    out += wrapped("  Parameters of /search and /similar: ", parameters + ".", 100, 4) + "\n";
    parameters.clear();
    for (const auto& p : mofa::cli::network_parameters)
        parameters += fmt::format("{}{} ({})", parameters.empty() ? "" : ", ", p.name, p.description);
    out += wrapped("  Parameters of /network: ", parameters + ".", 100, 4) + "\n";
    out += R"(
Exit codes:
  0    success, also when nothing matches; serve: stopped by SIGTERM or SIGINT
  1    serve: cannot listen on the address (in use?); or another failure (the message says what)
  2    usage error, a query that cannot be understood, or an unknown id
  4    the index is missing, unreadable, damaged or of an incompatible schema
)";
    return out;
}

std::filesystem::path index_path(const Options& o) { return o.db.empty() ? mofa::default_index_path() : std::filesystem::path(o.db); }

mofa::SearchRequest make_request(const Options& o) {
    auto options = o.search;
    for (const auto& word : o.query_words) options.query += (options.query.empty() ? "" : " ") + word;
    auto request = mofa::cli::make_request(options);
    if (o.format == Format::csv) { // plain text in a cell, unless markers are asked for
        request.highlight.html_escape = false;
        if (o.search.highlight_markers.empty()) request.highlight.start = request.highlight.end = "";
    }
    return request;
}

// Prints on stdout what `write` writes with the writer of the format asked for.
template <typename Write> void print(const Options& o, Write&& write) {
    std::string out;
    write(*mofa::cli::make_writer(o.format, out, {mofa::cli::use_color(o.color, stdout), mofa::cli::terminal_width(stdout)}));
    mofa::cli::print_text(stdout, out);
}

void warn_if_empty(mofa::Searcher& searcher, const Options& o) {
    if (searcher.document_count() == 0)
        fmt::print(stderr, "mofa-search: the index at {} is empty\n  hint: add statements with 'mofa-index --db {} FILES...'\n",
                   index_path(o).string(), index_path(o).string());
}

// After a search that found nothing: when --any would find something (the words, not the
// filters, emptied the result), say so, with the count.
void hint_any(mofa::Searcher& searcher, mofa::SearchRequest request) {
    request.default_operator = mofa::DefaultOperator::any;
    request.limit = 0;
    request.facets.clear();
    request.timeline = mofa::TimelineUnit::none;
    request.suggest = false;
    request.snippet_bytes = 0;
    if (const std::size_t some = searcher.search(request).total) {
        std::fflush(stdout); // after the results, on a terminal too
        fmt::print(stderr, "hint: no statement has all of these words; --any finds {} with some of them\n", some);
    }
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
    print(o, [&](mofa::cli::OutputWriter& writer) { writer.result(result, request.timeline != mofa::TimelineUnit::none); });
    if (o.format == Format::text && result.total == 0 && o.search.all && !result.suggestion) hint_any(searcher, request);
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
    print(o, [&](mofa::cli::OutputWriter& writer) { writer.result(*result, request.timeline != mofa::TimelineUnit::none); });
    return mofa::exit_ok;
}

int run_show(const Options& o) {
    mofa::Searcher searcher(index_path(o));
    const auto statement = searcher.get(o.id);
    if (!statement)
        throw mofa::Error(mofa::ErrorCategory::usage, fmt::format("no statement with id '{}'", o.id),
                          "ids are printed with each hit; search for it with id:ID");
    if (o.format == Format::text) { // a speech is long: through the pager on a terminal
        std::string out;
        mofa::cli::make_writer(o.format, out, {mofa::cli::use_color(o.color, stdout), mofa::cli::terminal_width(stdout)})
            ->statement(*statement);
        mofa::cli::page(out);
        return mofa::exit_ok;
    }
    print(o, [&](mofa::cli::OutputWriter& writer) { writer.statement(*statement); });
    return mofa::exit_ok;
}

int run_network(const Options& o) {
    mofa::Searcher searcher(index_path(o));
    const mofa::NetworkRequest request{make_request(o), o.network_field, o.network_limit};
    if (o.explain) {
        auto unordered = request.search; // no word on the order of hits: a network lists none
        unordered.sort = mofa::SortOrder::newest;
        fmt::print("{}", searcher.explain(unordered));
        return mofa::exit_ok;
    }
    warn_if_empty(searcher, o);
    const auto result = searcher.network(request);
    print(o, [&](mofa::cli::OutputWriter& writer) { writer.network(result); });
    return mofa::exit_ok;
}

int run_fields(const Options& o) {
    print(o, [](mofa::cli::OutputWriter& writer) { writer.fields(mofa::query_fields()); });
    return mofa::exit_ok;
}

// `--timeline` takes the next argument for its unit, unless nothing or an option follows it (a
// month timeline then): `--timeline week russia` is refused, not read as a search for "week
// russia".
std::vector<std::string> arguments(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--") break;
        if (args[i] != "--timeline") continue;
        const bool value_follows = i + 1 < args.size() && !args[i + 1].starts_with("-");
        if (!value_follows) args[i] = "--timeline=month";
    }
    std::reverse(args.begin(), args.end()); // CLI11 takes them in reverse
    return args;
}

// Levenshtein distance, for "did you mean".
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// Every long option of the command and its subcommands ("--limit").
std::vector<std::string> long_options(const CLI::App& app) {
    std::vector<std::string> names;
    for (const auto* option : app.get_options())
        for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    for (const auto* sub : app.get_subcommands({}))
        for (auto& name : long_options(*sub)) names.push_back(std::move(name));
    return names;
}

// The error for arguments that are no option of mofa-search (CLI11's "extras"): the option
// meant, when one is near enough, or the way to search for words that start with '-'.
mofa::Error unknown_options(const std::vector<std::string>& extras, const CLI::App& app, const std::vector<std::string>& args,
                            const std::vector<std::string>& query_words) {
    const std::string& first = extras.front();
    const std::string typed = first.substr(0, first.find('='));
    std::string nearest;
    std::size_t best = 3; // at most 2 edits, and fewer than half the name's letters
    for (const auto& name : long_options(app)) {
        const std::size_t d = distance(typed, name);
        if (d < best && 2 * d < name.size() - 2) {
            best = d;
            nearest = name;
        }
    }
    const std::string message =
        extras.size() == 1 ? fmt::format("unknown option {}", first) : fmt::format("unknown options {}", fmt::join(extras, " "));
    if (!nearest.empty()) return usage(message, fmt::format("did you mean {}?", nearest));
    if (typed.starts_with("--")) return usage(message, "'mofa-search --help' lists the options");
    // "-pakistan": a word to exclude, meant as a query. Show the query with "--" before it, its
    // words in the order given.
    std::string query;
    std::size_t next_word = 0;
    for (auto it = args.rbegin(); it != args.rend(); ++it) { // args are reversed for CLI11
        const bool is_word = next_word < query_words.size() && *it == query_words[next_word];
        const bool is_extra = std::find(extras.begin(), extras.end(), *it) != extras.end() && !it->starts_with("--");
        if (is_word) ++next_word;
        if (is_word || is_extra) query += (query.empty() ? "" : " ") + *it;
    }
    return usage(message, fmt::format("a query that starts with - goes after --: mofa-search -- {}", query));
}

// mofa's message for an error of CLI11's parser (other than --help and --version).
mofa::Error parse_error(const CLI::ParseError& e) {
    const std::string what = e.what();
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) { // "--sort: 1 required TEXT missing"
        const auto colon = what.find(':');
        if (colon != std::string::npos && what.ends_with(" missing"))
            return usage(fmt::format("{} needs a value", what.substr(0, colon)), "'mofa-search --help' describes it");
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e) && what == "id is required")
        return usage("which statement? the id is missing", "ids are printed with each hit");
    return usage(what, "'mofa-search --help' lists the options");
}

// Options that take one value may be given once: "-n 0 -n 1" is a mistake, not a choice.
void check_given_once(const CLI::App& app) {
    for (const auto* option : app.get_options()) {
        if (option->get_expected_max() != 1 || option->get_type_size_max() != 1 || option->count() < 2) continue;
        throw usage(option->count() == 2 ? fmt::format("{} is given twice", option->get_name())
                                         : fmt::format("{} is given {} times", option->get_name(), option->count()),
                    "give it once");
    }
    for (const auto* sub : app.get_subcommands({})) check_given_once(*sub);
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"mofa-search: search statements of foreign ministries in a mofa index.", "mofa-search"};
    app.footer(footer());
    app.set_version_flag("--version", mofa::version_string);
    // Unknown options are collected, not thrown: unknown_options words the error. An option
    // given twice keeps both, for check_given_once.
    app.allow_extras();
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    Options o;
    TypedValues typed;
    using mofa::cli::described;
    app.add_option("--db", o.db, "index folder (default: $MOFA_INDEX, else $XDG_DATA_HOME/mofa/index)")->type_name("DIR");
    app.add_option("--format", typed.format, "output: " + described(mofa::cli::formats))->type_name("FORMAT");
    app.add_option("--color", typed.color, "colour text output: " + described(mofa::cli::color_modes))->type_name("WHEN");
    auto* search_options = app.add_option_group("search");
    search_options
        ->add_option("-n,--limit", typed.limit,
                     fmt::format("number of hits to show, 0 to {} (default 10; network: pairs, default 20)", max_limit))
        ->type_name("N");
    // The options of a list of hits, which a network has not: refused with it rather than ignored.
    std::vector<const CLI::Option*> hits_only;
    hits_only.push_back(search_options->add_option("--offset", typed.offset, "skip this many hits first (for paging)")->type_name("N"));
    hits_only.push_back(
        search_options->add_option("--sort", typed.sort, "order of the hits: " + described(mofa::cli::sort_orders))->type_name("ORDER"));
    auto* any = search_options->add_flag("--any", o.search.any, "match statements with any of the words, best first");
    search_options->add_flag("--all", o.search.all, "match only statements with all of the words (the default lists them "
                                                    "first, then those with some of the words)")
        ->excludes(any);
    search_options->add_option("--since", o.search.since, "only statements dated on or after DATE (as in date:, e.g. 2018-03, 30d)")
        ->type_name("DATE");
    search_options->add_option("--until", o.search.until, "only statements dated on or before DATE")->type_name("DATE");
    hits_only.push_back(search_options
        ->add_option("--facet", typed.facets,
                     fmt::format("count values of these fields over all matches (comma-separated): {}",
                                 fmt::join(mofa::facet_fields(), ", ")))
        ->type_name("FIELD,...")
        ->delimiter(',')
        ->allow_extra_args(false)); // one value (a list with commas) each time: the words after it are the query
    hits_only.push_back(search_options->add_flag("--facets", o.search.default_facets,
                                                 fmt::format("the default facets: {}", fmt::join(mofa::default_facets(), ", "))));
    hits_only.push_back(
        search_options->add_option("--facet-size", typed.facet_size, fmt::format("values per facet, 1 to {} (default 10)", max_facet_size))
            ->type_name("N"));
    hits_only.push_back(
        search_options->add_option("--timeline", o.search.timeline, "matches per period: " + described(mofa::cli::timeline_units))
            ->type_name("UNIT"));
    search_options->add_flag("--no-synonyms", o.search.no_synonyms, "do not apply synonyms unless asked with ~word");
    hits_only.push_back(search_options->add_option("--highlight-markers", o.search.highlight_markers,
                                                   "START,END around matched words in json, jsonl and csv snippets (default "
                                                   "<b>,</b>; none in csv)")
                            ->type_name("START,END"));
    search_options->add_flag("--explain", o.explain, "print how the query is understood, and stop");
    hits_only.push_back(
        app.add_flag("-i,--interactive", o.interactive, "open the interactive prompt (the default with no query on a terminal)"));
    app.add_option("query", o.query_words, "the query (see below); put -- before a query that starts with -")->type_name("WORD");

    auto* show = app.add_subcommand("show", "print one statement in full, with its participants");
    show->add_option("id", o.id, "the statement's id")->required()->type_name("ID");
    show->fallthrough();
    auto* similar = app.add_subcommand("similar", "statements like this one (a query after the id filters them)");
    similar->add_option("id", o.id, "the statement's id")->required()->type_name("ID");
    similar->add_option("query", o.query_words, "filters, e.g. date:2020..")->type_name("WORD");
    similar->fallthrough();
    auto* network = app.add_subcommand("network", fmt::format("the pairs of people, countries or organisations that the matches "
                                                              "name together most often, with their counts (--field {})",
                                                              mofa::cli::either(mofa::network_fields())));
    network->add_option("--field", typed.field, fmt::format("whose pairs: {}", mofa::cli::either(mofa::network_fields())))
        ->type_name("FIELD");
    network->add_option("query", o.query_words, "the query whose matches are counted (as for a search)")->type_name("WORD");
    network->fallthrough();
    auto* fields = app.add_subcommand("fields", "list the fields of the query language");
    fields->fallthrough();
    auto* help = app.add_subcommand("help", "print this help (to search for the word: mofa-search -- help)");
    help->fallthrough();
    auto* serve = app.add_subcommand("serve", "answer HTTP requests with JSON: GET /search?q=..., /statements/ID, "
                                              "/statements/ID/similar, /network, /health, /fields (see the README)");
    serve->add_option("--listen", o.serve.listen, "HOST:PORT to listen on (default 127.0.0.1:8080, this machine only)")
        ->type_name("HOST:PORT");
    serve->add_flag("--quiet", o.serve.quiet, "no access log (one line per request on stderr, in the combined log format)");
    serve->add_option("--cors", o.serve.cors,
                      "let pages of this origin read the answers in a browser (Access-Control-Allow-Origin; * for any); "
                      "default: none")
        ->type_name("ORIGIN");
    serve->fallthrough();

    try {
        const auto args = arguments(argc, argv);
        try {
            auto parsed = args;
            app.parse(parsed);
        } catch (const CLI::CallForHelp& e) {
            return app.exit(e);
        } catch (const CLI::CallForVersion& e) {
            return app.exit(e);
        } catch (const CLI::ParseError& e) {
            throw parse_error(e);
        }
        auto extras = app.remaining();
        extras.erase(std::remove(extras.begin(), extras.end(), "--"), extras.end());
        if (!extras.empty()) throw unknown_options(extras, app, args, o.query_words);
        check_given_once(app);
        make_options(typed, o, network->parsed());
        if (network->parsed())
            for (const auto* option : hits_only)
                if (option->count() > 0)
                    throw usage(fmt::format("network takes no {}: it counts pairs over all the matches", option->get_name()),
                                "--limit sets how many pairs it shows");
        // The words after a subcommand that takes none (or one id) are a mistake, not a query.
        for (const auto* sub : {show, fields, serve, help})
            if (sub->parsed() && !o.query_words.empty())
                throw usage(fmt::format("{} takes {}: '{}' is left over", sub->get_name(), sub == show ? "one id" : "no words",
                                        fmt::join(o.query_words, " ")),
                            sub == show ? "show prints one statement: run it once for each id"
                                        : "'mofa-search --help' describes it");
    } catch (const mofa::Error& e) {
        mofa::cli::print_error(e);
        return mofa::exit_usage;
    }
    if (help->parsed()) {
        fmt::print("{}", app.get_formatter()->make_help(&app, "mofa-search", CLI::AppFormatMode::Normal));
        return mofa::exit_ok;
    }
    try {
        if (show->parsed()) return run_show(o);
        if (similar->parsed()) return run_similar(o);
        if (network->parsed()) return run_network(o);
        if (fields->parsed()) return run_fields(o);
        if (serve->parsed()) return mofa::cli::serve(index_path(o), o.serve);
        if (o.interactive || (o.query_words.empty() && o.search.since.empty() && o.search.until.empty() && isatty(STDIN_FILENO) &&
                              isatty(STDOUT_FILENO))) {
            auto request = make_request(o);
            return mofa::cli::run_interactive(index_path(o), request,
                                                 {mofa::cli::use_color(o.color, stdout), mofa::cli::terminal_width(stdout)});
        }
        return run_search(o);
    } catch (const mofa::Error& e) {
        mofa::cli::print_error(e);
        return mofa::exit_code_for(e.category());
    } catch (const std::exception& e) {
        fmt::print(stderr, "mofa-search: internal error: {}\n", mofa::printable(e.what()));
        return mofa::exit_code_for(mofa::ErrorCategory::internal);
    }
}
