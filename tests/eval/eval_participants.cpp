// Measures participant extraction against labelled statements (../shared/eval): precision,
// recall and F1 per type, micro-averaged, with the misses and false hits. Scoring follows
// ../shared/eval/README.md: names compared after case folding and removal of accents and
// punctuation; a prediction matches an unmatched label's name or any of its other forms.
#include <mofa/participants.hpp>
#include <mofa/reader.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <chrono>
#include <fstream>
#include <map>
#include <memory>

namespace {

std::string compare_form(const std::string& s) {
    static std::unique_ptr<icu::Transliterator> fold = [] {
        UErrorCode status = U_ZERO_ERROR;
        return std::unique_ptr<icu::Transliterator>(icu::Transliterator::createInstance(
            "NFD; [:Nonspacing Mark:] Remove; NFC; Lower", UTRANS_FORWARD, status));
    }();
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
    for (int32_t i = 0; i < u.length(); ++i)
        if (u_isUWhiteSpace(u.charAt(i))) u.setCharAt(i, u' '); // no-break spaces are spaces
    fold->transliterate(u);
    u.foldCase();
    std::string folded;
    u.toUTF8String(folded);
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const auto c = static_cast<unsigned char>(folded[i]);
        if (c < 0x80 && !std::isalnum(c)) {
            space = space || c == ' ' || c == '-';
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += static_cast<char>(c);
    }
    return out;
}

struct Score {
    std::size_t true_positives = 0, predicted = 0, labelled = 0;
    double precision() const { return predicted ? double(true_positives) / double(predicted) : 1.0; }
    double recall() const { return labelled ? double(true_positives) / double(labelled) : 1.0; }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
};

// Matches predicted names to labels (each label once); returns misses and false hits.
void score_names(const std::vector<std::string>& predicted, const nlohmann::json& labels, Score& score,
                 std::vector<std::string>& misses, std::vector<std::string>& false_hits) {
    std::vector<std::vector<std::string>> forms;
    for (const auto& label : labels) {
        std::vector<std::string> f{compare_form(label["name"])};
        for (const auto& also : label.value("also", nlohmann::json::array())) f.push_back(compare_form(also));
        forms.push_back(std::move(f));
    }
    std::vector<bool> matched(forms.size(), false);
    for (const auto& p : predicted) {
        const std::string form = compare_form(p);
        bool hit = false;
        for (std::size_t i = 0; i < forms.size() && !hit; ++i) {
            if (matched[i]) continue;
            if (std::find(forms[i].begin(), forms[i].end(), form) != forms[i].end()) matched[i] = hit = true;
        }
        if (hit) ++score.true_positives;
        else false_hits.push_back(p);
    }
    for (std::size_t i = 0; i < forms.size(); ++i)
        if (!matched[i]) misses.push_back(labels[i]["name"]);
    score.predicted += predicted.size();
    score.labelled += forms.size();
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Measures mofa's participant extraction against labelled statements."};
    std::string statements_path, labels_path;
    std::vector<std::string> timing_inputs;
    bool quiet = false;
    app.add_option("--statements", statements_path, "statements (JSON Lines with corpus and id)");
    app.add_option("--labels", labels_path, "labels (JSON Lines)");
    app.add_option("--time", timing_inputs, "instead: time extraction over these inputs (files, folders, .jsonl.gz)");
    app.add_flag("-q,--quiet", quiet, "print only the scores");
    CLI11_PARSE(app, argc, argv);

    const mofa::ParticipantExtractor extractor;
    if (!timing_inputs.empty()) {
        std::size_t count = 0, bytes = 0;
        double seconds = 0;
        mofa::ReadHandler handler{[&](mofa::Statement&& s) {
                                      const auto start = std::chrono::steady_clock::now();
                                      const auto p = extractor.extract(s);
                                      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                                      ++count;
                                      bytes += s.body.size();
                                  },
                                  [](const mofa::InputProblem&) {}};
        for (const auto& input : timing_inputs) mofa::read_input(input, handler);
        fmt::print("extraction: {} statements, {:.1f} MB, {:.2f} s ({:.1f} MB/s)\n", count, double(bytes) / 1e6, seconds,
                   double(bytes) / 1e6 / seconds);
        return 0;
    }
    if (statements_path.empty() || labels_path.empty()) {
        fmt::print(stderr, "give --statements and --labels, or --time INPUT...\n");
        return 2;
    }
    std::map<std::string, nlohmann::json> labels;
    {
        std::ifstream in(labels_path);
        for (std::string line; std::getline(in, line);) {
            if (line.empty()) continue;
            auto j = nlohmann::json::parse(line);
            labels[j["corpus"].get<std::string>() + "\t" + j["id"].get<std::string>()] = j;
        }
    }
    Score people, countries, organizations;
    double seconds = 0;
    std::size_t statements = 0;
    std::ifstream in(statements_path);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        const auto label = labels.find(j["corpus"].get<std::string>() + "\t" + j["id"].get<std::string>());
        if (label == labels.end()) continue;
        ++statements;
        const mofa::Statement s = mofa::parse_json_statement(line, "");
        const auto start = std::chrono::steady_clock::now();
        const mofa::Participants found = extractor.extract(s);
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

        std::vector<std::string> names, orgs, misses_p, false_p, misses_o, false_o;
        for (const auto& p : found.people) names.push_back(p.mentions.empty() ? p.name : p.mentions.front());
        for (const auto& o : found.organizations) orgs.push_back(o.mentions.empty() ? o.name : o.mentions.front());
        score_names(names, label->second["people"], people, misses_p, false_p);
        score_names(orgs, label->second["organizations"], organizations, misses_o, false_o);
        std::vector<std::string> missed_c, false_c;
        std::vector<std::string> want = label->second["countries"];
        for (const auto& c : found.countries) {
            auto it = std::find(want.begin(), want.end(), c.code);
            if (it != want.end()) {
                ++countries.true_positives;
                want.erase(it);
            } else {
                false_c.push_back(c.code);
            }
        }
        missed_c = want;
        countries.predicted += found.countries.size();
        countries.labelled += label->second["countries"].size();
        if (!quiet && (misses_p.size() + false_p.size() + missed_c.size() + false_c.size() + misses_o.size() + false_o.size())) {
            fmt::print("{} {}\n", j["corpus"].get<std::string>(), j["id"].get<std::string>());
            auto list = [](const char* what, const std::vector<std::string>& v) {
                if (!v.empty()) fmt::print("  {:<22} {}\n", what, fmt::join(v, " | "));
            };
            list("people missed:", misses_p);
            list("people false:", false_p);
            list("countries missed:", missed_c);
            list("countries false:", false_c);
            list("organisations missed:", misses_o);
            list("organisations false:", false_o);
        }
    }
    fmt::print("\n{} statements, extraction {:.1f} ms in all\n", statements, seconds * 1000);
    fmt::print("{:<14} {:>9} {:>9} {:>9}   {:>5} {:>5} {:>5}\n", "type", "precision", "recall", "F1", "tp", "pred", "gold");
    for (const auto& [name, s] : {std::pair<const char*, Score&>{"people", people}, {"countries", countries},
                                  {"organisations", organizations}})
        fmt::print("{:<14} {:>9.3f} {:>9.3f} {:>9.3f}   {:>5} {:>5} {:>5}\n", name, s.precision(), s.recall(), s.f1(),
                   s.true_positives, s.predicted, s.labelled);
    return 0;
}
