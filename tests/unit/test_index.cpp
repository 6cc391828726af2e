#include <mofa/error.hpp>
#include <mofa/index.hpp>
#include <mofa/search.hpp>

#include "schema.hpp"
#include "support.hpp"

#include <doctest/doctest.h>
#include <xapian.h>

#include <map>
#include <optional>
#include <unistd.h>
#include <set>

using namespace mofa;
using mofa::test::TempDir;
using mofa::test::write_file;

namespace {

Statement statement(std::string id, std::string date, std::string body) {
    Statement s;
    s.id = std::move(id);
    if (!date.empty()) s.date = Date::parse(date);
    s.body = std::move(body);
    return s;
}

std::set<std::string> terms_of(const std::filesystem::path& db_path, const std::string& id) {
    Xapian::Database db(db_path.string());
    const std::string id_term = schema::filter_term(schema::id, id);
    auto posting = db.postlist_begin(id_term);
    REQUIRE(posting != db.postlist_end(id_term));
    std::set<std::string> terms;
    const auto doc = db.get_document(*posting);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms.insert(*t);
    return terms;
}

} // namespace

TEST_SUITE("index") {

TEST_CASE("a statement's terms and values follow the schema") {
    TempDir dir;
    Statement s = statement("pk/seed.txt", "2018-03-15", "Pakistan’s consultations with the Russian side.");
    s.title = "Defence Talks";
    s.dateline = "ISLAMABAD";
    s.source = "Ministry of Foreign Affairs, Pakistan";
    s.language = "en";
    {
        IndexWriter writer(dir / "db");
        writer.add(s);
        writer.commit();
    }
    const auto terms = terms_of(dir / "db", s.id);
    struct Row {
        const char* term;
        bool present;
    };
    for (const Row& row : {
             Row{"Qpk/seed.txt", true},   Row{"Len", true},          Row{"XPLACEislamabad", true},
             Row{"XSOURCEministry of foreign affairs, pakistan", true},
             Row{"Y2018", true},          Row{"M201803", true},       Row{"D20180315", true},
             Row{"Sdefence", true},       Row{"defence", true},       Row{"pakistan's", true},
             Row{"Zpakistan", true},      Row{"Zconsult", true},      Row{"consultations", true},
             Row{"Pakistan’s", false},    Row{"Pakistan", false},     Row{"Sconsultations", false},
         }) {
        CAPTURE(row.term);
        CHECK(terms.count(row.term) == (row.present ? 1u : 0u));
    }
    Xapian::Database db((dir / "db").string());
    const auto doc = db.get_document(db.postlist_begin("Qpk/seed.txt").operator*());
    CHECK(doc.get_value(schema::slot_date_first) == "20180315");
    CHECK(doc.get_value(schema::slot_date_last) == "20180315");
    CHECK(doc.get_value(schema::place.slot) == "islamabad");
    CHECK(doc.get_value(schema::source.slot) == "ministry of foreign affairs, pakistan");
    CHECK(doc.get_value(schema::lang.slot) == "en");
    CHECK(db.get_metadata(std::string(schema::version_key)) == schema::version);
}

TEST_CASE("a word written with hyphens also gets its joined form where its parts stand together") {
    TempDir dir;
    Statement s = statement("h", "2020-01-01", "Counter-terrorism co-operation, then counter terrorism, in 2019-2020 and COVID-19.");
    s.title = "Counter-Terrorism Talks";
    {
        IndexWriter writer(dir / "db");
        writer.add(s);
        writer.commit();
    }
    const auto terms = terms_of(dir / "db", "h");
    for (const char* term : {"counterterrorism", "Zcounterterror", "cooperation", "Zcooper", "covid19", "Zcovid19", "Scounterterrorism",
                             "ZScounterterror"}) {
        CAPTURE(term);
        CHECK(terms.count(term) == 1);
    }
    CHECK(terms.count("20192020") == 0); // numbers are not words
    // At the first part's position and the last one's, counted once per occurrence; also where
    // the parts stand apart with a space in a statement that writes the word with a hyphen.
    Xapian::Database db((dir / "db").string());
    const Xapian::docid id = *db.postlist_begin("Qh");
    std::vector<Xapian::termpos> joined(db.positionlist_begin(id, "counterterrorism"), db.positionlist_end(id, "counterterrorism"));
    std::vector<Xapian::termpos> counter(db.positionlist_begin(id, "counter"), db.positionlist_end(id, "counter"));
    REQUIRE(counter.size() == 3); // title, and twice in the body
    CHECK(joined == std::vector<Xapian::termpos>{counter[0], counter[0] + 1, counter[1], counter[1] + 1, counter[2], counter[2] + 1});
    auto t = db.termlist_begin(id);
    t.skip_to("counterterrorism");
    CHECK(t.get_wdf() == 3);
}

TEST_CASE("spelling data follows the vocabulary: words of two statements or more, with their frequencies") {
    TempDir dir;
    write_file(dir / "in/a.txt", " date 2020-01-01 Zanzibar fisheries talks.");
    write_file(dir / "in/b.txt", " date 2020-01-02 Zanzibar fisheries again, once more.");
    write_file(dir / "in/c.txt", " date 2020-01-03 Fisheries alone.");
    auto spelling = [&] {
        Xapian::Database db((dir / "db").string());
        std::map<std::string, Xapian::doccount> words;
        for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) words[*w] = w.get_termfreq();
        return words;
    };
    {
        IndexWriter writer(dir / "db", {.batch_size = 500, .jobs = 1});
        writer.update({dir / "in"}, {.prune = true});
    }
    auto words = spelling();
    CHECK(words["zanzibar"] == 2);
    CHECK(words["fisheries"] == 3);
    CHECK_FALSE(words.count("once")); // one statement only
    CHECK_FALSE(words.count("2020"));
    Xapian::Database db((dir / "db").string());
    CHECK(db.get_spelling_suggestion("zanzibra") == "zanzibar");
    CHECK(db.get_metadata(std::string(schema::spelling_key)) == "1");

    // A statement removed: its words' frequencies drop, and words left in one statement go.
    std::filesystem::remove(dir / "in/b.txt");
    {
        IndexWriter writer(dir / "db", {.batch_size = 500, .jobs = 1});
        writer.update({dir / "in"}, {.prune = true});
    }
    words = spelling();
    CHECK_FALSE(words.count("zanzibar"));
    CHECK(words["fisheries"] == 2);
    // Nothing changed: the spelling data is not touched.
    {
        IndexWriter writer(dir / "db", {.batch_size = 500, .jobs = 1});
        const auto summary = writer.update({dir / "in"}, {.prune = true});
        CHECK(summary.unchanged == 2);
    }
    CHECK(spelling() == words);
}

TEST_CASE("a writer destroyed without commit commits what it added, marked for the spelling data") {
    TempDir dir;
    {
        IndexWriter writer(dir / "db");
        writer.commit();
        writer.add(statement("a", "2020-01-01", "Zanzibar fisheries talks."));
        writer.add(statement("b", "2020-01-02", "Zanzibar fisheries again."));
    }
    Xapian::Database db((dir / "db").string());
    CHECK(db.get_doccount() == 2);
    CHECK(db.get_metadata(std::string(schema::spelling_key)).empty()); // out of date: the next run syncs it
    CHECK_FALSE(db.get_metadata(std::string(schema::changed_key)).empty());
    {
        IndexWriter writer(dir / "db");
        writer.commit();
    }
    db.reopen();
    CHECK(db.get_spelling_suggestion("zanzibra") == "zanzibar");
}

TEST_CASE("a partial date gets only the terms of its own period") {
    TempDir dir;
    {
        IndexWriter writer(dir / "db");
        writer.add(statement("y", "1963", "A year."));
        writer.add(statement("m", "1963-09", "A month."));
        writer.commit();
    }
    const auto year_only = terms_of(dir / "db", "y");
    CHECK(year_only.count("Y1963") == 1);
    CHECK(year_only.count("M196301") == 0);
    CHECK(year_only.count("D19630101") == 0);
    const auto month = terms_of(dir / "db", "m");
    CHECK(month.count("M196309") == 1);
    CHECK(month.count("D19630901") == 0);
}

TEST_CASE("statements in other languages are stemmed in their language and in the query language") {
    TempDir dir;
    Statement s = statement("ru", "2021-03-23", "Переговоры министров иностранных дел.");
    s.language = "ru";
    Statement fr = statement("fr", "2017-09-03", "La France condamne les essais nucléaires.");
    fr.language = "fr";
    {
        IndexWriter writer(dir / "db");
        writer.add(s);
        writer.add(fr);
        writer.commit();
    }
    const auto ru = terms_of(dir / "db", "ru");
    CHECK(ru.count("переговоры") == 1);
    CHECK(ru.count("Zпереговор") == 1);   // Russian stemmer
    CHECK(ru.count("Zпереговоры") == 1);  // English "stem" of a Cyrillic word: the word itself
    const auto french = terms_of(dir / "db", "fr");
    CHECK(french.count("Znucléair") == 1);
    CHECK(french.count("Zessai") == 1);
}

TEST_CASE("adding a statement again replaces it") {
    TempDir dir;
    IndexWriter writer(dir / "db");
    CHECK_FALSE(writer.add(statement("a", "2018-01-01", "first version")));
    CHECK(writer.add(statement("a", "2018-01-01", "second version")));
    CHECK_FALSE(writer.add(statement("b", "2018-01-01", "other")));
    writer.commit();
    CHECK(writer.document_count() == 2);
    CHECK(terms_of(dir / "db", "a").count("second") == 1);
    CHECK(terms_of(dir / "db", "a").count("first") == 0);
}

TEST_CASE("very long ids are hashed, not truncated into collisions") {
    TempDir dir;
    const std::string stem(300, 'x');
    IndexWriter writer(dir / "db");
    writer.add(statement(stem + "1", "", "one"));
    writer.add(statement(stem + "2", "", "two"));
    writer.commit();
    CHECK(writer.document_count() == 2);
    CHECK(schema::boolean_term("Q", stem + "1").size() <= 240);
    CHECK(schema::boolean_term("Q", stem + "1") != schema::boolean_term("Q", stem + "2"));
}

TEST_CASE("a second writer is refused at once with a clear error") {
    TempDir dir;
    IndexWriter first(dir / "db");
    try {
        IndexWriter second(dir / "db");
        FAIL("a second writer opened the index");
    } catch (const Error& e) {
        CHECK(e.category() == ErrorCategory::locked);
        CHECK(std::string(e.what()).find((dir / "db").string()) != std::string::npos);
        CHECK(e.hint().find("mofa-index") != std::string::npos);
    }
}

TEST_CASE("an index of another schema version, or not of mofa, is refused") {
    TempDir dir;
    {
        Xapian::WritableDatabase db((dir / "old").string(), Xapian::DB_CREATE);
        db.set_metadata(std::string(schema::version_key), "0");
        db.add_document(Xapian::Document());
        db.commit();
        Xapian::WritableDatabase other((dir / "other").string(), Xapian::DB_CREATE);
        other.add_document(Xapian::Document());
        other.commit();
    }
    for (const char* name : {"old", "other"}) {
        CAPTURE(name);
        try {
            IndexWriter writer(dir / name);
            FAIL("opened");
        } catch (const Error& e) {
            CHECK(e.category() == ErrorCategory::index);
        }
        try {
            Searcher searcher(dir / name);
            FAIL("opened");
        } catch (const Error& e) {
            CHECK(e.category() == ErrorCategory::index);
        }
    }
}

TEST_CASE("an index whose creation was killed before its version was committed opens as empty") {
    TempDir dir;
    { Xapian::WritableDatabase created((dir / "db").string(), Xapian::DB_CREATE); } // no version, no statements
    Searcher searcher(dir / "db");
    CHECK(searcher.search(SearchRequest{}).total == 0);
    {
        IndexWriter writer(dir / "db");
        writer.add(statement("a", "2024-01-02", "Talks on maritime security."));
        writer.commit();
    }
    SearchRequest request;
    request.query = "maritime";
    CHECK(Searcher(dir / "db").search(request).total == 1);
    CHECK(Xapian::Database((dir / "db").string()).get_metadata(std::string(schema::version_key)) == schema::version);
}

TEST_CASE("a folder that holds other things is not turned into an index") {
    TempDir dir;
    mofa::test::write_file(dir / "docs/report.txt", "mine");
    CHECK_THROWS_AS(IndexWriter(dir / "docs"), Error);
    CHECK(std::filesystem::exists(dir / "docs/report.txt"));
    CHECK_FALSE(std::filesystem::exists(dir / "docs/iamglass"));
}

TEST_CASE("update: added, unchanged, replaced, removed, skipped") {
    TempDir dir;
    mofa::test::write_file(dir / "in/a.txt", " date 2018-01-01 One.");
    mofa::test::write_file(dir / "in/b.txt", " date 2018-02-30 Bad date.");
    mofa::test::write_file(dir / "in/c.txt", " date 2018-01-03 Three.");
    mofa::test::write_file(dir / "in/feed.jsonl", "{\"id\":\"j1\",\"body\":\"one\"}\n{\"id\":\"j2\",\"body\":\"two\"}\n");
    IndexWriter writer(dir / "db");
    std::vector<std::string> problems;
    IndexOptions options;
    options.on_problem = [&](const InputProblem& p) { problems.push_back(p.to_string()); };
    options.prune = true;

    const auto first = writer.update({dir / "in"}, options);
    CHECK(first.added == 4);
    CHECK(first.skipped == 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("b.txt:1: impossible date 2018-02-30") != std::string::npos);

    Searcher searcher(dir / "db");
    const auto revision = searcher.revision();
    const auto changed = searcher.last_change();
    CHECK(changed.size() == 20); // 2026-11-29T03:17:42Z

    const auto second = writer.update({dir / "in"}, options);
    CHECK(second.added == 0);
    CHECK(second.replaced == 0);
    CHECK(second.unchanged == 4);
    CHECK(second.removed == 0);
    CHECK(writer.document_count() == 4);
    // A run that changes nothing commits nothing: readers have nothing to reopen.
    CHECK_FALSE(searcher.reopen());
    CHECK(searcher.revision() == revision);
    CHECK(searcher.last_change() == changed);

    // Same bytes, new mtime: read again, but nothing is analysed again.
    mofa::test::write_file(dir / "in/a.txt", " date 2018-01-01 One.");
    // A changed record, a lost record, a removed file.
    mofa::test::write_file(dir / "in/feed.jsonl", "{\"id\":\"j1\",\"body\":\"one, changed\"}\n");
    const auto c_mtime = std::filesystem::last_write_time(dir / "in/c.txt");
    std::filesystem::remove(dir / "in/c.txt");
    IndexOptions dry = options;
    dry.dry_run = true;
    const auto preview = writer.update({dir / "in"}, dry);
    CHECK(preview.replaced == 1);
    CHECK(preview.removed == 2);
    CHECK(writer.document_count() == 4); // a dry run changes nothing

    const auto third = writer.update({dir / "in"}, options);
    CHECK(third.added == 0);
    CHECK(third.replaced == 1);
    CHECK(third.unchanged == 1);
    CHECK(third.removed == 2);
    CHECK(writer.document_count() == 2);
    CHECK(searcher.reopen());
    CHECK(searcher.revision() > revision);
    CHECK(searcher.last_change() >= changed);

    // A pruned file restored with its old size and mtime is indexed again.
    mofa::test::write_file(dir / "in/c.txt", " date 2018-01-03 Three.");
    std::filesystem::last_write_time(dir / "in/c.txt", c_mtime);
    const auto fourth = writer.update({dir / "in"}, options);
    CHECK(fourth.added == 1);
    CHECK(writer.document_count() == 3);
}

TEST_CASE("update: statements analysed by an earlier revision of mofa are analysed again, once") {
    TempDir dir;
    mofa::test::write_file(dir / "in/a.jsonl", "{\"id\":\"g\",\"dateline\":\"GENÈVE\",\"body\":\"Talks.\"}\n"
                                               "{\"id\":\"m\",\"dateline\":\"МОСКВА\",\"body\":\"Talks.\"}\n");
    mofa::test::write_file(dir / "in/b.txt", " date 2018-01-01 GENEVA - Talks.");
    { IndexWriter(dir / "db").update({dir / "in"}, {}); }
    {
        // A file's stamp names the revision that read it.
        Xapian::Database db((dir / "db").string());
        const std::string prefix(schema::file_metadata_prefix);
        std::size_t stamps = 0;
        for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k, ++stamps)
            CHECK(db.get_metadata(*k).ends_with(" a" + std::to_string(schema::analysis_revision)));
        CHECK(stamps == 2);
    }
    // What an earlier revision left: other record signatures, stamps and place terms.
    {
        Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_OPEN);
        for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
            Xapian::Document doc = db.get_document(*p);
            std::vector<std::string> old;
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
                if ((*t).starts_with(schema::signature_prefix) || (*t).starts_with("XPLACE")) old.push_back(*t);
            for (const auto& term : old) doc.remove_term(term);
            doc.add_boolean_term(std::string(schema::signature_prefix) + "0123456789abcdef");
            doc.add_boolean_term("XPLACEgenève");
            db.replace_document(*p, doc);
        }
        for (auto k = db.metadata_keys_begin(std::string(schema::file_metadata_prefix)); k != db.metadata_keys_end(std::string(schema::file_metadata_prefix)); ++k)
            db.set_metadata(*k, db.get_metadata(*k).substr(0, db.get_metadata(*k).rfind(' ')));
        db.commit();
    }
    IndexWriter writer(dir / "db");
    const auto again = writer.update({dir / "in"}, {});
    CHECK(again.replaced == 3);
    CHECK(again.unchanged == 0);
    const auto once = writer.update({dir / "in"}, {});
    CHECK(once.replaced == 0);
    CHECK(once.unchanged == 3);
    writer.commit();
    Xapian::Database db((dir / "db").string());
    CHECK(db.get_termfreq("XPLACEgeneva") == 2);
    CHECK(db.get_termfreq("XPLACEmoscow") == 1);
    CHECK(db.get_termfreq("XPLACEgenève") == 0);
}

TEST_CASE("update: without prune nothing is removed; a folder that could not be read prunes nothing") {
    TempDir dir;
    mofa::test::write_file(dir / "in/a.txt", " date 2018-01-01 One.");
    mofa::test::write_file(dir / "in/sub/b.txt", " date 2018-01-02 Two.");
    IndexWriter writer(dir / "db");
    writer.update({dir / "in"});
    std::filesystem::remove(dir / "in/a.txt");
    CHECK(writer.update({dir / "in"}).removed == 0);
    CHECK(writer.document_count() == 2);
    if (getuid() != 0) { // root reads unreadable folders
        std::filesystem::permissions(dir / "in/sub", std::filesystem::perms::none);
        IndexOptions options;
        options.prune = true;
        const auto s = writer.update({dir / "in"}, options);
        CHECK(s.removed == 0);
        CHECK(s.skipped == 1);
        std::filesystem::permissions(dir / "in/sub", std::filesystem::perms::owner_all);
    }
    IndexOptions options;
    options.prune = true;
    CHECK(writer.update({dir / "in"}, options).removed == 1);
}

TEST_CASE("update: a duplicate id in one run is reported, and runs stay stable") {
    TempDir dir;
    mofa::test::write_file(dir / "in/feed.jsonl", "{\"id\":\"x\",\"body\":\"first\"}\n{\"id\":\"x\",\"body\":\"second\"}\n");
    IndexWriter writer(dir / "db");
    std::vector<std::string> problems;
    IndexOptions options;
    options.on_problem = [&](const InputProblem& p) { problems.push_back(p.to_string()); };
    const auto first = writer.update({dir / "in"}, options);
    CHECK(first.added == 1);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("duplicate id 'x'") != std::string::npos);
    const auto second = writer.update({dir / "in"}, options);
    CHECK(second.replaced == 0);
    CHECK(second.unchanged == 1);
}

TEST_CASE("default index path: MOFA_INDEX, then XDG_DATA_HOME, then HOME") {
    struct SavedEnv {
        std::vector<std::pair<std::string, std::optional<std::string>>> saved;
        SavedEnv() {
            for (const char* name : {"MOFA_INDEX", "XDG_DATA_HOME", "HOME"}) {
                const char* value = std::getenv(name);
                saved.emplace_back(name, value ? std::optional<std::string>(value) : std::nullopt);
            }
        }
        ~SavedEnv() {
            for (const auto& [name, value] : saved)
                value ? setenv(name.c_str(), value->c_str(), 1) : unsetenv(name.c_str());
        }
    } restore;
    setenv("MOFA_INDEX", "/srv/mofa", 1);
    CHECK(default_index_path() == "/srv/mofa");
    unsetenv("MOFA_INDEX");
    setenv("XDG_DATA_HOME", "/data", 1);
    CHECK(default_index_path() == "/data/mofa/index");
    unsetenv("XDG_DATA_HOME");
    setenv("HOME", "/home/u", 1);
    CHECK(default_index_path() == "/home/u/.local/share/mofa/index");
}

}
