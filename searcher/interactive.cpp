// The interactive prompt of mofa-search. A Session holds the open index, the settings (sort,
// operator, facets, timeline, page size, dates) and the search on screen; each line is a
// command or a query. Errors of the library are printed and the prompt goes on.
#include "interactive.hpp"

#include "names.hpp"
#include "output.hpp"
#include "pager.hpp"
#include "text_layout.hpp"

#include <mofa/error.hpp>

#include <editline/readline.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <clocale>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>

namespace mofa::cli {
namespace {

namespace fs = std::filesystem;

constexpr int history_size = 1000;

// A line of :help: a command (or the other things a line can be) and what it does.
struct PromptCommand {
    std::vector<std::string_view> names; ///< what Tab completes: the names that start with ':'
    std::string usage;                    ///< as :help shows it
    std::string description;
};

// The prompt's commands, with the names of the settings from their tables (names.hpp) and the
// facets from the library's.
const std::vector<PromptCommand>& prompt_commands() {
    static const std::vector<PromptCommand> table{
        {{"n", "p"}, "n, p", "next, previous page"},
        {{}, "NUMBER", "open that hit in full (to search for a number, quote it: \"2018\")"},
        {{":similar"}, ":similar NUMBER|ID [FILTERS]", "statements like that hit, optionally filtered (date:2020..)"},
        {{":sort"}, ":sort " + joined(sort_orders, "|"), "order of the hits"},
        {{":facets"}, ":facets on|off", "the default facets: " + either(default_facets(), "and")},
        {{":facet"}, ":facet FIELD,...", "these facets: " + either(facet_fields(), "or")},
        {{":timeline"}, ":timeline " + joined(timeline_units, "|"), "matches per period"},
        {{":any", ":all", ":all-first"}, ":any, :all, :all-first",
         "match any, or all, of the words; or all of them first, then some (the default)"},
        {{":help"}, ":help", "this help"},
        {{":quit"}, ":quit, :q, Ctrl-D", "leave (Ctrl-C clears the line)"},
    };
    return table;
}

std::string help() {
    std::string out = "Type a query (the query language of 'mofa-search --help'), or a command:\n";
    for (const auto& c : prompt_commands()) out += fmt::format("  {:<32}{}\n", c.usage, c.description);
    return out + "Facets and timeline are shown with the first page. Settings apply to the search on screen at once.\n";
}

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// A hit number: digits only.
std::optional<std::size_t> hit_number(std::string_view s) {
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return n;
}

// Paging and opening a hit ("n", "p", "5"): steps through the search on screen, not worth
// recalling from the history.
bool navigation(std::string_view line) { return line == "n" || line == "p" || hit_number(line).has_value(); }

// $XDG_STATE_HOME/mofa/history, else ~/.local/state/mofa/history (the XDG base directory spec
// says to ignore a relative XDG_STATE_HOME).
std::optional<fs::path> history_path() {
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state && *state && fs::path(state).is_absolute()) return fs::path(state) / "mofa" / "history";
    const char* home = std::getenv("HOME");
    if (home && *home) return fs::path(home) / ".local" / "state" / "mofa" / "history";
    return std::nullopt;
}

// Tab completes commands after ':' and field names ("pers" → "person:"), never file names.
char* completion(const char* text, int state) {
    static std::vector<std::string> matches;
    static std::size_t next = 0;
    if (state == 0) {
        matches.clear();
        next = 0;
        const std::string_view prefix(text);
        if (prefix.starts_with(':')) {
            for (const auto& command : prompt_commands())
                for (const auto name : command.names)
                    if (name.starts_with(':') && name.starts_with(prefix)) matches.emplace_back(name);
        } else {
            for (const auto& field : query_fields())
                if ((field.name + ":").starts_with(prefix)) matches.push_back(field.name + ":");
        }
    }
    return next < matches.size() ? strdup(matches[next++].c_str()) : nullptr;
}

char** complete(const char* text, int, int) {
    rl_attempted_completion_over = 1;
    rl_completion_append_character = text[0] == ':' ? ' ' : '\0';
    return rl_completion_matches(text, completion);
}

// Ctrl-C at the prompt: set by the handler, which interrupts libedit's read (no SA_RESTART) so
// that the half-typed line is dropped and the session goes on, as in bash, psql or python.
volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) { interrupted = 1; }

void catch_interrupts(bool restart) {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = restart ? SA_RESTART : 0;
    sigaction(SIGINT, &action, nullptr);
}

// Lines typed at a terminal, through libedit (editing, history, completion), or lines from a
// pipe or file. libedit reads those too (without a prompt), but plain getline is simpler to
// reason about there, and lines fed by a script are no history.
class LineReader {
public:
    LineReader() : terminal_(isatty(STDIN_FILENO) != 0) {
        if (!terminal_) return;
        std::setlocale(LC_CTYPE, ""); // libedit decodes multibyte (UTF-8) input by the locale
        rl_readline_name = "mofa";    // for ~/.editrc: "mofa:bind ..."
        rl_catch_signals = 0;         // Ctrl-C is ours (read): it clears the line
        catch_interrupts(true);
        rl_attempted_completion_function = complete;
        using_history();
        stifle_history(history_size);
        history_ = history_path();
        if (!history_) {
            warn("the history is not kept: neither XDG_STATE_HOME nor HOME is set");
        } else if (const int e = read_history(history_->c_str()); e != 0 && e != ENOENT) {
            warn(fmt::format("cannot read the history in {}: {}", history_->string(), std::strerror(e)));
        }
    }

    bool terminal() const { return terminal_; }

    std::optional<std::string> read() {
        std::string line;
        if (!terminal_) return std::getline(std::cin, line) ? std::optional(line) : std::nullopt;
        // Only the read is interrupted: elsewhere (a search, the pager) Ctrl-C is recorded and
        // let go, and the session stays.
        interrupted = 0;
        catch_interrupts(false);
        char* typed = readline("mofa> ");
        catch_interrupts(true);
        if (!typed && interrupted) {
            fmt::print("^C\n");
            return std::string();
        }
        if (!typed) return std::nullopt;
        line = typed;
        std::free(typed);
        return line;
    }

    // Adds a typed line to the history and saves the history at once, so that nothing is lost
    // when the session ends by a signal. A history that cannot be saved is a warning, once.
    void remember(const std::string& line) {
        if (!terminal_ || trim(line).empty() || line == last_ || navigation(trim(line))) return;
        last_ = line;
        add_history(line.c_str());
        if (!history_ || warned_) return;
        std::error_code ec;
        fs::create_directories(history_->parent_path(), ec);
        const int e = ec ? ec.value() : write_history(history_->c_str());
        if (e != 0) warn(fmt::format("cannot save the history in {}: {}", history_->string(), std::strerror(e)));
    }

private:
    void warn(const std::string& message) {
        warned_ = true;
        fmt::print(stderr, "mofa-search: warning: {}\n", message);
    }

    bool terminal_;
    std::optional<fs::path> history_;
    std::string last_;
    bool warned_ = false;
};

Error usage(std::string message, std::string hint = {}) { return Error(ErrorCategory::usage, std::move(message), std::move(hint)); }

class Session {
public:
    Session(const fs::path& index, const SearchRequest& request, const TextStyle& style, bool terminal)
        : index_(index), searcher_(index), count_(searcher_.document_count()), settings_(request), style_(style),
          terminal_(terminal) {
        settings_.query.clear();
        settings_.offset = 0;
        settings_.highlight = text_highlight(style);
    }

    void greet() {
        fmt::print("mofa: {} statements in {}. Type a query, or :help.\n", count_, index_.string());
        if (count_ == 0) fmt::print("  The index is empty: add statements with 'mofa-index --db {} FILES...'\n", index_.string());
    }

    // The search given on the command line, if any.
    void start(const SearchRequest& request) {
        if (!request.query.empty() || !request.since.empty() || !request.until.empty())
            search(request.query, std::nullopt, request.offset);
    }

    // Carries out one line; false when it asks to leave. Throws Error.
    bool handle(std::string_view line) {
        line = trim(line);
        if (line.empty()) return true;
        if (line == "n") page(+1);
        else if (line == "p") page(-1);
        else if (const auto rank = hit_number(line)) open(*rank);
        else if (line.front() == ':') return command(line);
        else search(std::string(line), std::nullopt, 0);
        return true;
    }

private:
    bool command(std::string_view line) {
        const auto space = line.find_first_of(" \t");
        const std::string_view name = line.substr(0, space);
        const std::string_view argument = space == std::string_view::npos ? "" : trim(line.substr(space));
        if (name == ":q" || name == ":quit") return false;
        const bool setting = name == ":sort" || name == ":facets" || name == ":facet" || name == ":timeline";
        if (name == ":help") {
            fmt::print("{}", help());
            fmt::print("Now: {}.\n", settings());
        } else if (setting && argument.empty()) {
            fmt::print("Now: {}.\n", settings());
        } else if (name == ":sort") {
            const auto order = value_named(sort_orders, argument);
            if (!order) throw usage(fmt::format(":sort is {}, not '{}'", either(names(sort_orders)), argument));
            settings_.sort = *order;
            changed();
        } else if (name == ":facets") {
            if (argument == "on") settings_.facets = default_facets();
            else if (argument == "off") settings_.facets.clear();
            else throw usage(fmt::format(":facets on or off? '{}'", argument), "or :facet FIELD,... for other facets");
            changed();
        } else if (name == ":facet") {
            settings_.facets = facet_list(argument);
            changed();
        } else if (name == ":timeline") {
            const auto unit = value_named(timeline_units, argument);
            if (!unit) throw usage(fmt::format(":timeline is {}, not '{}'", either(names(timeline_units)), argument));
            settings_.timeline = *unit;
            changed();
        } else if (name == ":any" || name == ":all" || name == ":all-first") {
            settings_.default_operator = name == ":any"   ? DefaultOperator::any
                                         : name == ":all" ? DefaultOperator::all
                                                          : DefaultOperator::all_first;
            changed();
        } else if (name == ":similar") {
            const auto split = argument.find_first_of(" \t");
            const std::string_view which = argument.substr(0, split);
            if (which.empty()) throw usage("like which statement?", ":similar NUMBER (a hit) or :similar ID");
            const auto rank = hit_number(which);
            std::string id = rank ? id_of(*rank) : std::string(which);
            search(split == std::string_view::npos ? "" : std::string(trim(argument.substr(split))), std::move(id), 0);
        } else {
            throw usage(fmt::format("unknown command '{}'", name), ":help lists the commands");
        }
        return true;
    }

    static std::vector<std::string> facet_list(std::string_view argument) {
        std::vector<std::string> fields;
        for (std::size_t at = 0; at < argument.size();) {
            const auto end = std::min(argument.find_first_of(", \t", at), argument.size());
            if (end > at) {
                std::string field(argument.substr(at, end - at));
                const auto& known = facet_fields();
                if (std::find(known.begin(), known.end(), field) == known.end())
                    throw usage(fmt::format("no facet '{}'", field), fmt::format("facets are {}", fmt::join(known, ", ")));
                if (std::find(fields.begin(), fields.end(), field) == fields.end()) fields.push_back(field);
            }
            at = end + 1;
        }
        if (fields.empty()) throw usage("which facets?", fmt::format(":facet FIELD,... of {}; :facets off for none", fmt::join(facet_fields(), ", ")));
        return fields;
    }

    std::string settings() const {
        std::string out = fmt::format("sort {}, {}, facets {}, timeline {}, {} {} a page",
                                      name_of(sort_orders, settings_.sort),
                                      settings_.default_operator == DefaultOperator::any   ? "any of the words"
                                      : settings_.default_operator == DefaultOperator::all ? "all of the words"
                                                                                           : "all of the words first, then some",
                                      settings_.facets.empty() ? "off" : fmt::format("{}", fmt::join(settings_.facets, ",")),
                                      name_of(timeline_units, settings_.timeline), settings_.limit,
                                      settings_.limit == 1 ? "hit" : "hits");
        if (!settings_.since.empty()) out += ", since " + settings_.since;
        if (!settings_.until.empty()) out += ", until " + settings_.until;
        return out;
    }

    // A setting changed: say so, and show the search on screen again from its first page.
    void changed() {
        fmt::print("{}\n", settings());
        if (page_) search(query_, similar_to_, 0);
    }

    // Runs a query (or a :similar) and shows it; it becomes the search on screen only when it
    // succeeds, so that a mistyped query leaves paging as it was.
    void search(const std::string& query, std::optional<std::string> similar_to, std::size_t offset) {
        refresh();
        SearchRequest request = settings_;
        request.query = query;
        request.offset = offset;
        if (offset > 0) { // facets and timeline are the same on every page: shown with the first
            request.facets.clear();
            request.timeline = TimelineUnit::none;
        }
        std::optional<SearchResult> result;
        if (similar_to) {
            result = searcher_.similar(*similar_to, request);
            if (!result) throw usage(fmt::format("no statement with id '{}'", *similar_to), "give a hit number, or an id printed with a hit");
            fmt::print("Statements like {}{}:\n", *similar_to, query.empty() ? "" : " matching " + query);
        } else {
            result = searcher_.search(request);
        }
        query_ = query;
        similar_to_ = std::move(similar_to);
        page_ = std::move(result);
        show([&](OutputWriter& writer) { writer.result(*page_, request.timeline != TimelineUnit::none); });
        if (terminal_ && !page_->hits.empty())
            fmt::print("{}{}NUMBER: open a hit, :help for more\n", more() ? "n: next page, " : "",
                       page_->offset > 0 ? "p: previous page, " : "");
    }

    // Whether the search on screen has hits after this page.
    bool more() const {
        const std::size_t limit = settings_.limit;
        const std::size_t all = page_->total + page_->partial_total;
        return limit > 0 && page_->hits.size() == limit &&
               (!page_->total_exact || !page_->partial_total_exact || page_->offset + limit < all);
    }

    void page(int direction) {
        if (!page_) throw usage("no search to page through yet", "type a query");
        const std::size_t limit = settings_.limit, offset = page_->offset;
        if (direction > 0) {
            if (!more()) {
                fmt::print("No more hits ({} in all).\n", page_->total + page_->partial_total);
                return;
            }
            search(query_, similar_to_, offset + limit);
        } else {
            if (offset == 0) {
                fmt::print("This is the first page.\n");
                return;
            }
            search(query_, similar_to_, offset > limit ? offset - limit : 0);
        }
    }

    // A hit in full, its metadata first, the query's words marked in its body; through the
    // pager on a terminal, opened at the first of them.
    void open(std::size_t rank) {
        const std::string id = id_of(rank);
        refresh();
        SearchRequest request = settings_;
        request.query = query_;
        const auto statement = searcher_.get(id, request);
        if (!statement) throw usage(fmt::format("statement {} is no longer in the index", id), "search again");
        std::string out;
        render([&](OutputWriter& writer) { writer.statement(*statement); }, out);
        if (!terminal_) {
            print_text(stdout, "\n" + out + "\n");
            return;
        }
        // The body starts after the first blank line (heading and metadata have none).
        const auto blank = out.find("\n\n");
        const std::size_t body_line =
            blank == std::string::npos ? 1 : static_cast<std::size_t>(std::count(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(blank), '\n')) + 3;
        cli::page(out, marked(statement->body, settings_.highlight.start, settings_.highlight.end), body_line);
    }

    // Prints what `write` writes with the text writer.
    template <typename Write> void show(Write&& write) const {
        std::string out;
        render(write, out);
        print_text(stdout, out);
    }

    // What `write` writes with the text writer, at the width the terminal has now.
    template <typename Write> void render(Write&& write, std::string& out) const {
        TextStyle style = style_;
        if (const std::size_t now = terminal_width(stdout)) style.width = now; // resized since; else as given
        write(*text_writer(out, style));
    }

    // The id of hit number `rank` of the search on screen, on this page or another.
    std::string id_of(std::size_t rank) {
        if (!page_) throw usage(fmt::format("no hit {}: no search yet", rank), "type a query; to search for a number, quote it: \"2018\"");
        for (const auto& hit : page_->hits)
            if (hit.rank == rank) return hit.statement.id;
        const std::size_t all = page_->total + page_->partial_total;
        if (rank >= 1 && (rank <= all || !page_->total_exact || !page_->partial_total_exact)) {
            SearchRequest request = settings_;
            request.query = query_;
            request.offset = rank - 1;
            request.limit = 1;
            request.facets.clear();
            request.timeline = TimelineUnit::none;
            request.snippet_bytes = 0;
            request.suggest = false;
            const auto result = similar_to_ ? searcher_.similar(*similar_to_, request) : std::optional(searcher_.search(request));
            if (result && !result->hits.empty()) return result->hits.front().statement.id;
        }
        throw usage(fmt::format("no hit {}", rank), all == 0 ? "the search on screen has none"
                                                          : fmt::format("the hits are numbered 1 to {}", all));
    }

    // Makes what an indexer committed since the last look visible (cheap when nothing changed)
    // and says so when the number of statements changed.
    void refresh() {
        if (!searcher_.reopen()) return;
        const std::size_t count = searcher_.document_count();
        if (count != count_) fmt::print("index updated: {} statements\n", count);
        count_ = count;
    }

    fs::path index_;
    Searcher searcher_;
    std::size_t count_;
    SearchRequest settings_; ///< everything but the query and the offset
    TextStyle style_;
    bool terminal_;
    // The search on screen: a query, or the statements like one (filtered by the query).
    std::string query_;
    std::optional<std::string> similar_to_;
    std::optional<SearchResult> page_;
};

} // namespace

int run_interactive(const fs::path& index, SearchRequest request, const TextStyle& style) {
    LineReader reader;
    Session session(index, request, style, reader.terminal());
    // Lines from a pipe or file end with the worst status they met (a script learns that a
    // query failed); at a terminal the person saw each error, and leaving is success.
    int worst = exit_ok;
    auto carry_out = [&](auto&& step) {
        try {
            return step();
        } catch (const Error& e) {
            std::fflush(stdout);
            print_error(e);
            if (!reader.terminal()) worst = std::max(worst, exit_code_for(e.category()));
            return true;
        }
    };
    if (reader.terminal()) session.greet();
    carry_out([&] {
        session.start(request);
        return true;
    });
    std::fflush(stdout);
    while (const auto line = reader.read()) {
        reader.remember(*line);
        const bool go_on = carry_out([&] { return session.handle(*line); });
        std::fflush(stdout);
        if (!go_on) return worst;
    }
    if (reader.terminal()) fmt::print("\n"); // after Ctrl-D, the shell's prompt on a line of its own
    return worst;
}

} // namespace mofa::cli
