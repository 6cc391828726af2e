#include <mofa/error.hpp>
#include <mofa/reader.hpp>

#include "json_mapping.hpp"
#include "schema.hpp"
#include "source_files.hpp"
#include "text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>
#include <zlib.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <sstream>
#include <streambuf>
#include <system_error>

namespace fs = std::filesystem;

namespace mofa {
namespace {

Error input_error(std::string message) { return Error(ErrorCategory::input, std::move(message)); }

// The largest statement read (a text file, a JSON Lines record). The longest real ones are
// 165 kB; indexing one of 50 MB takes some 6 times its size in memory, so this bounds a run's
// memory at about 400 MB whatever the input (a disk image named .txt, a log without line ends).
constexpr std::size_t max_statement_bytes = std::size_t{64} << 20;

std::string too_large(std::uintmax_t bytes) {
    return fmt::format("too large for a statement ({} MB; statements of more than {} MB are not read)",
                       (bytes + (1 << 20) - 1) >> 20, max_statement_bytes >> 20);
}

// std::getline with a limit: a line of more than `max` bytes is read to its end but not kept
// (`too_long`). Returns false at the end of the input. Reads in chunks: a byte at a time was
// 25 times as slow as std::getline.
bool read_line(std::istream& in, std::string& line, std::size_t max, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    char chunk[1 << 14];
    for (;;) {
        in.getline(chunk, sizeof chunk);
        const auto n = static_cast<std::size_t>(in.gcount());
        const bool full = in.fail() && !in.eof(); // the chunk is full, the line goes on
        const bool delimiter = !in.fail() && !in.eof();
        any = any || n > 0;
        const std::size_t stored = delimiter ? n - 1 : n;
        if (line.size() + stored <= max) line.append(chunk, stored);
        else too_long = true;
        if (full && !in.bad()) {
            in.clear();
            continue;
        }
        return delimiter || any;
    }
}

std::size_t line_of(std::string_view content, std::size_t offset) {
    return 1 + static_cast<std::size_t>(std::count(content.begin(), content.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// Splits the text after the date line's first paragraph into paragraphs separated by blank
// lines; lines inside a paragraph are joined with a space. Written straight into the body, so
// that a statement of 50 MB in one paragraph is not copied twice.
std::string join_paragraphs(std::string_view text) {
    std::string body;
    body.reserve(text.size());
    bool in_paragraph = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) eol = text.size();
        const std::string_view line = text::trim(text.substr(pos, eol - pos));
        if (line.empty()) {
            in_paragraph = false;
        } else {
            if (in_paragraph) body += ' ';
            else if (!body.empty()) body += "\n\n";
            body += line;
            in_paragraph = true;
        }
        pos = eol + 1;
    }
    return body;
}

// The dateline is the text before the first " - " (or en/em dash) of the first line when it
// is short and in capitals: "ISLAMABAD", "WASHINGTON, D.C.", "BOGOTÁ".
std::pair<std::string, std::string_view> split_dateline(std::string_view rest) {
    constexpr std::size_t max_dateline = 60;
    for (std::string_view dash : {" - ", " \u2013 ", " \u2014 "}) {
        const std::size_t at = rest.find(dash);
        if (at == std::string_view::npos || at > max_dateline) continue;
        const std::string_view label = text::trim(rest.substr(0, at));
        if (text::is_upper_case_label(label)) return {std::string(label), rest.substr(at + dash.size())};
    }
    return {std::string(), rest};
}

// A std::streambuf over a gzip (or plain: zlib reads those transparently) file.
class GzStreambuf : public std::streambuf {
public:
    explicit GzStreambuf(const fs::path& path) : file_(gzopen(path.c_str(), "rb")) {
        if (file_) gzbuffer(file_, 1 << 17);
    }
    ~GzStreambuf() override {
        if (file_) gzclose(file_);
    }
    GzStreambuf(const GzStreambuf&) = delete;
    GzStreambuf& operator=(const GzStreambuf&) = delete;
    bool is_open() const { return file_ != nullptr; }
    const std::string& error() const { return error_; }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (!file_) return traits_type::eof();
        const int n = gzread(file_, buffer_, sizeof buffer_);
        if (n < 0) {
            int code = 0;
            const char* message = gzerror(file_, &code);
            error_ = code == Z_ERRNO ? std::strerror(errno) : message;
            return traits_type::eof();
        }
        if (n == 0) return traits_type::eof();
        setg(buffer_, buffer_, buffer_ + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    gzFile file_;
    char buffer_[1 << 16];
    std::string error_;
};

bool has_suffix(const fs::path& p, std::string_view suffix) { return p.filename().string().ends_with(suffix); }

bool is_jsonl(const fs::path& p) { return has_suffix(p, ".jsonl") || has_suffix(p, ".jsonl.gz"); }

// A record's signature: its bytes hashed with its file's identity, so that the same text in two
// files is two records, and with the analysis revision, so that a new one re-analyses it.
std::uint64_t signature_of(std::string_view bytes, std::string_view file_key) {
    return XXH3_64bits_withSeed(bytes.data(), bytes.size(),
                                XXH3_64bits_withSeed(file_key.data(), file_key.size(), schema::analysis_revision));
}

// What read_jsonl_lines saw.
struct LinesRead {
    std::size_t lines = 0;   ///< blank ones included
    std::size_t records = 0; ///< lines that were not blank
    std::size_t good = 0;    ///< records read without a problem, or skipped as unchanged
    bool binary = false;     ///< stopped at a NUL byte
};

LinesRead read_jsonl_lines(std::istream& in, std::string_view where, std::string_view id_base, std::string_view key,
                           const ReadHandler& handler, const SkipRecord& skip_record) {
    std::string line;
    LinesRead read;
    std::size_t& number = read.lines;
    bool too_long = false;
    while (!handler.should_stop() && read_line(in, line, max_statement_bytes, too_long)) {
        ++number;
        if (too_long) {
            ++read.records;
            handler.on_problem({fmt::format("{}:{}", where, number),
                                fmt::format("a line of more than {} MB: too large for a statement", max_statement_bytes >> 20)});
            continue;
        }
        if (text::trim(line).empty()) continue;
        ++read.records;
        // JSON text never holds a NUL byte. Before any good record, this is a binary file, and
        // each of its "lines" would be one more message: one says it. After good records, it
        // is one damaged line.
        if (line.find('\0') != std::string::npos) {
            if (read.good == 0) {
                handler.on_problem({fmt::format("{}:{}", where, number), "NUL byte: a binary file, not JSON Lines; the rest of it is skipped"});
                read.binary = true;
                break;
            }
            handler.on_problem({fmt::format("{}:{}", where, number), "NUL byte: not JSON text"});
            continue;
        }
        const std::uint64_t signature = signature_of(line, key);
        if (skip_record && skip_record(signature)) {
            ++read.good;
            continue;
        }
        try {
            Statement s = parse_json_statement(line, fmt::format("{}:{}", id_base, number));
            s.signature = signature;
            s.line = number;
            ++read.good;
            handler.on_statement(std::move(s));
        } catch (const Error& e) {
            handler.on_problem({fmt::format("{}:{}", where, number), e.what()});
        }
    }
    return read;
}

// Records without an id get `id_base:LINE`, id_base being the file's path relative to the
// folder it was found under, so that ids do not depend on how the folder was named.
bool read_jsonl_file(const SourceFile& file, const ReadHandler& handler, const SkipRecord& skip_record) {
    GzStreambuf buffer(file.path);
    if (!buffer.is_open()) {
        handler.on_problem({file.path.string(), fmt::format("cannot open: {}", std::strerror(errno))});
        return false;
    }
    std::istream in(&buffer);
    const LinesRead read = read_jsonl_lines(in, file.path.string(), file.id_base, file.key,
                                            ReadHandler{[&](Statement&& s) {
                                                            s.path = file.key;
                                                            handler.on_statement(std::move(s));
                                                        },
                                                        handler.on_problem, handler.should_stop},
                                            skip_record);
    if (!buffer.error().empty()) {
        handler.on_problem({file.path.string(), "read error: " + buffer.error()});
        return false;
    }
    if (read.binary) return false;
    if (handler.should_stop()) return false;
    // As an empty text file is: a feed that came out empty is worth a look.
    if (read.records == 0) handler.on_problem({file.path.string(), "empty file: no records"});
    return true;
}

bool read_text_file(const SourceFile& file, const ReadHandler& handler, const SkipRecord& skip_record) {
    std::ifstream in(file.path, std::ios::binary);
    if (!in) {
        handler.on_problem({file.path.string(), fmt::format("cannot open: {}", std::strerror(errno))});
        return false;
    }
    if (file.size > max_statement_bytes) {
        handler.on_problem({file.path.string(), too_large(file.size)});
        return true;
    }
    // Read in one piece of the listed size (a stream that grows by doubling held up to three
    // times a 50 MB statement), then whatever the file grew by since it was listed.
    std::string content(static_cast<std::size_t>(file.size), '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    char more[1 << 16];
    while (in && content.size() <= max_statement_bytes) {
        in.read(more, sizeof more);
        content.append(more, static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        handler.on_problem({file.path.string(), "read error"});
        return false;
    }
    if (content.size() > max_statement_bytes) {
        handler.on_problem({file.path.string(), too_large(content.size())});
        return true;
    }
    const std::uint64_t signature = signature_of(content, file.key);
    if (skip_record && skip_record(signature)) return true;
    try {
        Statement s = parse_text_statement(content, file.id_base, file.path.string());
        s.path = file.key;
        s.signature = signature;
        handler.on_statement(std::move(s));
    } catch (const Error& e) {
        handler.on_problem({"", e.what()});
    }
    return true;
}

std::optional<SourceFile> source_file(const fs::path& path, std::string id_base, SourceFile::Kind kind,
                                      const std::function<void(const InputProblem&)>& on_problem) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        on_problem({path.string(), std::strerror(errno)});
        return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) {
        on_problem({path.string(), "not a regular file"});
        return std::nullopt;
    }
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
    SourceFile file;
    file.path = path;
    file.key = ec ? fs::absolute(path).lexically_normal().string() : canonical.string();
    file.id_base = std::move(id_base);
    file.kind = kind;
    file.size = static_cast<std::uintmax_t>(st.st_size);
    file.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return file;
}

// Walks a folder in name order. Symbolic links are followed, but each folder is entered once
// (by its canonical path), so a link loop ends. Returns false if some folder could not be read.
bool walk(const fs::path& root, const fs::path& dir, std::set<fs::path>& seen, std::vector<SourceFile>& files,
          const std::function<void(const InputProblem&)>& on_problem) {
    std::error_code ec;
    const fs::path canonical = fs::canonical(dir, ec);
    if (ec || !seen.insert(canonical).second) return !ec;
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        on_problem({dir.string(), fmt::format("cannot read folder: {}", ec.message())});
        return false;
    }
    bool complete = true;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            on_problem({dir.string(), fmt::format("cannot read folder: {}", ec.message())});
            complete = false;
            break;
        }
        if (!it->path().filename().string().starts_with('.')) entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& entry : entries) {
        const fs::path& p = entry.path();
        if (entry.is_directory(ec)) {
            complete = walk(root, p, seen, files, on_problem) && complete;
            continue;
        }
        // A link that cannot be followed because it leads back to itself: whatever it was
        // meant to name (a folder, a statement) cannot be read. (A link into a folder already
        // walked is no problem: each folder is walked once.)
        if (ec == std::errc::too_many_symbolic_link_levels) {
            on_problem({p.string(), "symbolic link loop: it leads back to itself, so it names nothing"});
            complete = false;
            continue;
        }
        const bool jsonl = is_jsonl(p);
        if (!jsonl && !has_suffix(p, ".txt")) continue;
        auto file = source_file(p, p.lexically_relative(root).generic_string(),
                                jsonl ? SourceFile::Kind::jsonl : SourceFile::Kind::text, on_problem);
        if (file) files.push_back(std::move(*file));
        else complete = false;
    }
    return complete;
}

} // namespace

Statement parse_text_statement(std::string_view content, std::string id, std::string_view where) {
    if (text::trim(content).empty()) throw input_error(fmt::format("{}: empty file", where));
    if (const auto nul = content.find('\0'); nul != std::string_view::npos)
        throw input_error(fmt::format("{}:{}: NUL byte: not a text file", where, line_of(content, nul)));
    if (const auto bad = text::invalid_utf8_offset(content))
        throw input_error(fmt::format("{}:{}: invalid UTF-8 (byte {})", where, line_of(content, *bad), *bad));

    std::string normalized; // CR LF and lone CR line ends become LF
    if (content.find('\r') != std::string_view::npos) {
        normalized.reserve(content.size());
        for (std::size_t i = 0; i < content.size(); ++i) {
            if (content[i] != '\r') normalized += content[i];
            else if (i + 1 == content.size() || content[i + 1] != '\n') normalized += '\n';
        }
        content = normalized;
    }

    // The first line that is not blank holds the date.
    std::size_t start = 0;
    for (;;) {
        const std::size_t eol = content.find('\n', start);
        if (!text::trim(content.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start)).empty()) break;
        start = eol + 1;
    }
    const std::size_t date_line = line_of(content, start);
    std::size_t eol = content.find('\n', start);
    if (eol == std::string_view::npos) eol = content.size();
    std::string_view first = text::trim(content.substr(start, eol - start));

    if (!first.starts_with("date ") && !first.starts_with("date\t"))
        throw input_error(fmt::format("{}:{}: missing date: the first line must start with 'date YYYY-MM-DD'",
                                      where, date_line));
    first = text::trim(first.substr(4));
    const std::size_t date_end = std::min(first.find_first_of(" \t"), first.size());
    std::string why;
    const auto date = Date::parse(first.substr(0, date_end), &why);
    if (!date) throw input_error(fmt::format("{}:{}: {}", where, date_line, why));

    Statement s;
    s.id = std::move(id);
    s.date = date;
    auto [dateline, lead] = split_dateline(text::trim(first.substr(date_end)));
    s.dateline = std::move(dateline);
    // The body is the rest of the date line and every line after it: the text from `lead` on
    // (a view into `content`), or from the end of the date line when nothing follows the date.
    const std::size_t body_start = lead.empty() ? eol : static_cast<std::size_t>(lead.data() - content.data());
    s.body = join_paragraphs(content.substr(body_start));
    if (s.body.empty()) throw input_error(fmt::format("{}: empty body: nothing after the date line", where));
    return s;
}

Statement parse_json_statement(std::string_view line, std::string fallback_id) {
    nlohmann::json record;
    try {
        record = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        throw input_error("invalid JSON: " + describe_json_error(e));
    }
    if (!record.is_object()) throw input_error(fmt::format("a record must be a JSON object, not {}", record.type_name()));
    auto s = record.get<Statement>(); // json_mapping.hpp: the keys, their types and the messages
    if (s.id.empty()) s.id = std::move(fallback_id);
    return s;
}

std::size_t read_jsonl(std::istream& in, std::string_view name, const ReadHandler& handler) {
    return read_jsonl_lines(in, name, name, name, handler, {}).lines;
}

bool list_input(const fs::path& input, std::vector<SourceFile>& files,
                const std::function<void(const InputProblem&)>& on_problem) {
    if (input == "-") {
        SourceFile file;
        file.path = "-";
        file.key = "-";
        file.id_base = "stdin";
        file.kind = SourceFile::Kind::standard_input;
        files.push_back(std::move(file));
        return true;
    }
    std::error_code ec;
    const auto status = fs::status(input, ec);
    if (status.type() == fs::file_type::not_found) {
        on_problem({input.string(), "no such file or folder"});
        return false;
    }
    if (ec) {
        on_problem({input.string(), ec.message()});
        return false;
    }
    if (fs::is_directory(status)) {
        std::set<fs::path> seen;
        return walk(input, input, seen, files, on_problem);
    }
    auto file = source_file(input, input.filename().string(), is_jsonl(input) ? SourceFile::Kind::jsonl : SourceFile::Kind::text,
                            on_problem);
    if (!file) return false;
    files.push_back(std::move(*file));
    return true;
}

bool read_file(const SourceFile& file, const ReadHandler& handler, const SkipRecord& skip_record) {
    switch (file.kind) {
    case SourceFile::Kind::standard_input: read_jsonl_lines(std::cin, "stdin", "stdin", "-", handler, skip_record); return true;
    case SourceFile::Kind::jsonl: return read_jsonl_file(file, handler, skip_record);
    case SourceFile::Kind::text: break;
    }
    return read_text_file(file, handler, skip_record);
}

void read_input(const fs::path& input, const ReadHandler& handler) {
    std::vector<SourceFile> files;
    list_input(input, files, handler.on_problem);
    for (const auto& file : files) {
        if (handler.should_stop()) return;
        read_file(file, handler);
    }
}

} // namespace mofa
