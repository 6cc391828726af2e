// mofa-bench-ngram-index: a benchmark peer, not a test (scripts/bench-index --corpus zh and
// scripts/bench-search --corpus zh run it). Plain Xapian's way of indexing Chinese: statements of
// a JSON Lines file go through a Xapian::TermGenerator with FLAG_CJK_NGRAM (each character a term
// at its position, each pair of neighbouring characters a term without one), as Omega's
// scriptindex would with its index script of scripts/bench-lib.sh if it had a CJK option (1.4's
// has none):
//   id     Q term (unique: a record whose id is already there replaces it)
//   title  indexed with prefix S and without, 100 positions apart
//   body   indexed without prefix, 100 positions after the title
//   date   value slot 0 as written (YYYY, YYYY-MM or YYYY-MM-DD); its year as a Y term
//   data   "title=...\nbody=..." (what scriptindex's `field` action keeps)
// No stemmer (scriptindex --stemmer=none): with one, Xapian 1.4's generator also adds a stemmed
// (Z) copy of every CJK character and pair, which made the index a third larger and indexing twice
// as slow here (mofa does not stem Chinese either). One thread, one commit at the end; compaction
// is left to xapian-compact, as for scriptindex.
//   mofa-bench-ngram-index IN.jsonl DB
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <fstream>
#include <stdexcept>
#include <string>

int main(int argc, char** argv) {
    if (argc != 3) {
        fmt::print(stderr, "usage: mofa-bench-ngram-index IN.jsonl DB\n");
        return 2;
    }
    try {
        std::ifstream in(argv[1]);
        if (!in) throw std::runtime_error(fmt::format("cannot read {}", argv[1]));
        Xapian::WritableDatabase db(argv[2], Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator generator;
        generator.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
        auto text = [](const nlohmann::json& r, const char* key) {
            const auto it = r.find(key);
            return it != r.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        std::size_t n = 0;
        for (std::string line; std::getline(in, line); ++n) {
            const auto record = nlohmann::json::parse(line);
            const std::string id = text(record, "id"), title = text(record, "title"), body = text(record, "body"),
                              date = text(record, "date");
            Xapian::Document doc;
            generator.set_document(doc);
            generator.set_termpos(0);
            if (!title.empty()) {
                generator.index_text(title, 1, "S");
                generator.increase_termpos(100);
                generator.index_text(title);
                generator.increase_termpos(100);
            }
            generator.index_text(body);
            const std::string id_term = fmt::format("Q{}", id); // not "Q" + id: g++ 12 -O3 warns wrongly of overlap
            doc.add_boolean_term(id_term);
            if (!date.empty()) {
                doc.add_value(0, date);
                doc.add_boolean_term(fmt::format("Y{}", date.substr(0, 4)));
            }
            doc.set_data(fmt::format("title={}\nbody={}", title, body));
            db.replace_document(id_term, doc);
        }
        db.commit();
        fmt::print("{} statements\n", n);
        return 0;
    } catch (const Xapian::Error& e) {
        fmt::print(stderr, "mofa-bench-ngram-index: Xapian: {}\n", e.get_description());
    } catch (const std::exception& e) {
        fmt::print(stderr, "mofa-bench-ngram-index: {}\n", e.what());
    }
    return 1;
}
