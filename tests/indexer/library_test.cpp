// index_inputs() / delete_articles() in-process: idempotence, replacement, metadata, variants,
// errors.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/record.h"
#include "bahth/schema.h"
#include "support.h"

using namespace bahth;
using namespace bahth::test;

namespace {

IndexOptions quiet_options() {
  IndexOptions o;
  o.threads = 2;
  return o;
}

}  // namespace

TEST_CASE("library: the corpus indexes completely, with metadata", "[library]") {
  TempDir dir;
  const unsigned writers = GENERATE(1u, 2u);
  CAPTURE(writers);
  IndexOptions o = quiet_options();
  o.writers = writers;
  const IndexStats s = index_inputs((dir / "db").string(), {corpus_dir().string()}, o);
  CHECK(s.indexed == corpus_article_count());
  CHECK(s.rejected == 0);
  CHECK(s.doc_count == corpus_article_count());
  CHECK(s.compacted);
  CHECK(s.db_bytes > 0);
  // Where the time went: each thread's CPU, which cannot exceed the run's wall time per thread.
  CHECK(s.analysis_cpu_seconds > 0);
  CHECK(s.analysis_cpu_seconds <= s.seconds * o.threads + 0.01);
  CHECK(s.writer_cpu_seconds > 0);
  CHECK(s.writer_cpu_seconds <= s.seconds * writers + 0.01);
  CHECK(s.compact_seconds > 0);
  CHECK(s.compact_seconds <= s.seconds);
  Xapian::Database db((dir / "db").string());
  CHECK(db.get_doccount() == corpus_article_count());
  CHECK(db.get_metadata(std::string(schema::kMetaAnalyzer)) == Analyzer::id_for({}));
  CHECK(db.get_metadata(std::string(schema::kMetaSchema)) == std::to_string(schema::kSchemaVersion));
  CHECK(db.has_positions());
  for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t) CHECK(t.get_termfreq() == 1);
  // No temporary shard or compaction directory is left behind.
  for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename() == "db");
  CHECK(read_index_info((dir / "db").string()).doc_count == corpus_article_count());
}

TEST_CASE("library: re-indexing the same archive changes nothing", "[library]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  index_inputs(db, {corpus_dir().string()}, quiet_options());
  const std::string uuid_before = Xapian::Database(db).get_uuid();
  const IndexStats again = index_inputs(db, {corpus_dir().string()}, quiet_options());
  CHECK(again.unchanged == corpus_article_count());
  CHECK(again.indexed == 0);
  CHECK(again.replaced == 0);
  CHECK(again.doc_count == corpus_article_count());
  CHECK(Xapian::Database(db).get_uuid() == uuid_before);  // not rebuilt
}

TEST_CASE("library: a changed article replaces the old one, a new one is added", "[library]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  write_file(dir / "v1.jsonl", R"({"id":"a","title":"قديم","body":"نص قديم"})"
                               "\n"
                               R"({"id":"b","body":"ثابت"})"
                               "\n");
  write_file(dir / "v2.jsonl", R"({"id":"a","title":"جديد","body":"نص جديد"})"
                               "\n"
                               R"({"id":"b","body":"ثابت"})"
                               "\n"
                               R"({"id":"c","body":"إضافة"})"
                               "\n");
  index_inputs(db, {(dir / "v1.jsonl").string()}, quiet_options());
  const IndexStats s = index_inputs(db, {(dir / "v2.jsonl").string()}, quiet_options());
  CHECK(s.replaced == 1);
  CHECK(s.unchanged == 1);
  CHECK(s.indexed == 1);
  Xapian::Database x(db);
  CHECK(x.get_doccount() == 3);
  CHECK(x.get_termfreq("Sجديد") == 1);
  CHECK(x.get_termfreq("Sقديم") == 0);
  CHECK(decode_record(document_by_id(x, "a").get_value(schema::kSlotRecord)).find("جديد") != std::string::npos);
}

TEST_CASE("library: a repeated id within one run keeps the last version once", "[library]") {
  TempDir dir;
  const unsigned writers = GENERATE(1u, 2u);
  CAPTURE(writers);
  IndexOptions o = quiet_options();
  o.writers = writers;
  write_file(dir / "dup.jsonl", R"({"id":"a","body":"أول"})"
                                "\n"
                                R"({"id":"b","body":"ب"})"
                                "\n"
                                R"({"id":"a","body":"ثاني"})"
                                "\n");
  const IndexStats s = index_inputs((dir / "db").string(), {(dir / "dup.jsonl").string()}, o);
  CHECK(s.indexed == 2);
  CHECK(s.replaced == 1);
  Xapian::Database x((dir / "db").string());
  CHECK(x.get_doccount() == 2);
  CHECK(x.get_termfreq("Qa") == 1);
  CHECK(decode_record(document_by_id(x, "a").get_value(schema::kSlotRecord)).find("ثاني") != std::string::npos);
}

TEST_CASE("library: delete_articles removes ids and counts the unknown ones", "[library]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  write_file(dir / "a.jsonl", R"({"id":"a","body":"أ"})"
                              "\n"
                              R"({"id":"b","body":"ب"})"
                              "\n");
  index_inputs(db, {(dir / "a.jsonl").string()}, quiet_options());
  const IndexStats s = delete_articles(db, {"a", "zzz"}, quiet_options());
  CHECK(s.deleted == 1);
  CHECK(s.not_found == 1);
  CHECK(doc_count(db) == 1);
  CHECK_THROWS_AS(delete_articles((dir / "none").string(), {"a"}, quiet_options()), IndexNotFoundError);
}

TEST_CASE("library: another analyzer's database is refused with a rebuild message", "[library]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  IndexOptions light = quiet_options();
  light.analyzer.stemmer = StemmerKind::kLight10;
  // Creating a database with a non-default analyzer works (relevance variants rely on it).
  CHECK(index_inputs(db, {corpus_dir().string()}, light).indexed == corpus_article_count());
  CHECK(read_index_info(db).analyzer_id == Analyzer::id_for(light.analyzer));
  CHECK_THROWS_AS(index_inputs(db, {corpus_dir().string()}, quiet_options()), IndexIncompatibleError);
  CHECK_THROWS_WITH(index_inputs(db, {corpus_dir().string()}, quiet_options()), Catch::Contains("rebuild"));
  // The same variant again is fine.
  CHECK(index_inputs(db, {corpus_dir().string()}, light).unchanged == corpus_article_count());
}

TEST_CASE("library: a directory of other files is not turned into a database", "[library]") {
  TempDir dir;
  write_file(dir / "docs/readme.md", "hello");
  CHECK_THROWS_AS(index_inputs((dir / "docs").string(), {corpus_dir().string()}, quiet_options()),
                  IndexError);
  CHECK(fs::exists(dir / "docs/readme.md"));
  CHECK_FALSE(fs::exists(dir / "docs/iamglass"));
}

TEST_CASE("library: a second writer gets IndexLockedError", "[library]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  Xapian::WritableDatabase holder(db, Xapian::DB_CREATE_OR_OPEN);
  CHECK_THROWS_AS(index_inputs(db, {corpus_dir().string()}, quiet_options()), IndexLockedError);
  CHECK_THROWS_WITH(index_inputs(db, {corpus_dir().string()}, quiet_options()),
                    "database is locked by another writer: " + db);
}

TEST_CASE("library: more rejected records than max_errors fails after committing", "[library]") {
  TempDir dir;
  write_file(dir / "in.jsonl", R"({"id":"a","body":"أ"})"
                               "\nbad\nbad\n"
                               R"({"id":"b","body":"ب"})"
                               "\nbad\n");
  IndexOptions o = quiet_options();
  o.max_errors = 1;
  std::vector<IngestError> seen;
  o.on_error = [&](const IngestError& e) { seen.push_back(e); };
  try {
    index_inputs((dir / "db").string(), {(dir / "in.jsonl").string()}, o);
    FAIL("expected TooManyErrorsError");
  } catch (const TooManyErrorsError& e) {
    CHECK(e.stats().rejected == 2);
    CHECK(e.stats().indexed == 1);
    CHECK_THAT(e.what(), Catch::Contains("--max-errors 1"));
  }
  CHECK(doc_count(dir / "db") == 1);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].line == 2);
  CHECK(seen[1].line == 3);
}

TEST_CASE("library: errors are reported in input order with every problem", "[library]") {
  TempDir dir;
  std::vector<std::uint64_t> lines;
  IndexOptions o = quiet_options();
  o.on_error = [&](const IngestError& e) { lines.push_back(e.line); };
  const fs::path broken = fs::path(BAHTH_INDEXER_DATA_DIR) / "broken.jsonl";
  const IndexStats s = index_inputs((dir / "db").string(), {broken.string()}, o);
  CHECK(lines == std::vector<std::uint64_t>{2, 3, 4, 5, 6, 7, 9, 10});
  CHECK(s.indexed == 3);  // ok-1, bad-date (without date), ok-2
  CHECK(s.rejected == 7);
  CHECK(s.warnings == 1);
  CHECK(s.rejected_by_reason == std::map<std::string, std::uint64_t>{{"empty id", 1},
                                                                     {"invalid JSON", 1},
                                                                     {"invalid UTF-8", 1},
                                                                     {"missing id", 1},
                                                                     {"not a JSON object", 1},
                                                                     {"wrong field type", 2}});
  Xapian::Database x((dir / "db").string());
  CHECK(document_by_id(x, "bad-date").get_value(schema::kSlotDate).empty());
  CHECK(document_by_id(x, "ok-2").get_value(schema::kSlotDate) == "20240323140000");
}

TEST_CASE("library: spelling data holds normalized words", "[library]") {
  TempDir dir;
  IndexOptions o = quiet_options();
  o.spelling = true;
  index_inputs((dir / "db").string(), {corpus_dir().string()}, o);
  Xapian::Database x((dir / "db").string());
  auto w = x.spellings_begin();
  REQUIRE(w != x.spellings_end());
  std::size_t n = 0;
  for (; w != x.spellings_end(); ++w) {
    ++n;
    const std::string word = *w;
    CHECK(word.find("\xD8\xA9") == std::string::npos);  // ة is folded to ه
    CHECK(word.find("\xD8\xA3") == std::string::npos);  // أ is folded to ا
  }
  CHECK(n > 100);
}

// ... and the run that finishes the build compacts the database, as the fresh build would have.
TEST_CASE("library: a cancelled run commits what it read", "[library]") {
  TempDir dir;
  write_generated_articles(dir / "gen.jsonl", 3000);
  std::atomic<bool> cancel{false};
  IndexOptions o = quiet_options();
  o.segment_docs = GENERATE(IndexOptions{}.segment_docs, std::uint64_t{300});  // 300: the target + segments
  CAPTURE(o.segment_docs);
  o.cancel = &cancel;
  o.batch_size = 100;
  o.progress_interval_ms = 10;
  o.on_progress = [&](const IndexProgress& p) {
    if (p.articles >= 500) cancel = true;
  };
  const IndexStats s = index_inputs((dir / "db").string(), {(dir / "gen.jsonl").string()}, o);
  CHECK(s.cancelled);
  CHECK(s.indexed >= 500);
  CHECK(s.indexed < 3000);
  CHECK(doc_count(dir / "db") == s.indexed);
  const std::string unfinished(schema::kMetaUnfinished);
  CHECK(Xapian::Database((dir / "db").string()).get_metadata(unfinished) == "1");
  o.cancel = nullptr;
  o.on_progress = nullptr;
  const IndexStats rest = index_inputs((dir / "db").string(), {(dir / "gen.jsonl").string()}, o);
  CHECK(rest.unchanged == s.indexed);
  CHECK(rest.indexed == 3000 - s.indexed);
  CHECK(doc_count(dir / "db") == 3000);
  CHECK(rest.compacted);
  CHECK(Xapian::Database((dir / "db").string()).get_metadata(unfinished).empty());
  // Once finished, the database is updated like any other: no compaction.
  const IndexStats again = index_inputs((dir / "db").string(), {(dir / "gen.jsonl").string()}, o);
  CHECK(again.unchanged == 3000);
  CHECK_FALSE(again.compacted);
  for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string().front() != '.');
}

namespace {

// Everything a search can see of the database at path, by article id: terms with wdf and
// positions, values, stored record; and the spelling table.
std::map<std::string, std::string> contents(const std::string& path) {
  std::map<std::string, std::string> out;
  Xapian::Database db(path);
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    REQUIRE(it.get_termfreq() == 1);
    const Xapian::Document doc = document_by_id(db, (*it).substr(1));
    std::string text;
    for (const std::string& t : term_list(doc)) text += t + " ";
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) text += "|" + std::to_string(v.get_valueno()) + "=" + *v;
    text += "|" + doc.get_data();
    out[(*it).substr(1)] = text;
  }
  std::string spelling;
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    spelling += *w + ":" + std::to_string(w.get_termfreq()) + " ";
  }
  out["(spelling)"] = spelling;
  return out;
}

}  // namespace

TEST_CASE("library: a build written in segments holds what a build in one piece holds", "[library]") {
  TempDir dir;
  // The corpus, then repeats of early ids (changed and unchanged), which by then are in an
  // earlier segment than the one being written.
  write_file(dir / "repeats.jsonl", R"({"id":"a-001","title":"عنوان جديد","body":"نص جديد تماما عن الطاقة"})"
                                    "\n"
                                    R"({"id":"new-1","body":"خبر جديد"})"
                                    "\n");
  const std::vector<std::string> inputs{corpus_dir().string(), (dir / "repeats.jsonl").string(),
                                        (corpus_dir() / "articles-a.jsonl").string()};
  IndexOptions whole = quiet_options();
  whole.spelling = true;
  whole.segment_docs = 0;
  const IndexStats ref = index_inputs((dir / "whole").string(), inputs, whole);
  const auto want = contents((dir / "whole").string());
  REQUIRE(want.size() == corpus_article_count() + 2);

  const int mode = GENERATE(1, 2, 3);  // 1 writer, 2 writers, an archive of 2 shards
  CAPTURE(mode);
  IndexOptions o = whole;
  o.segment_docs = 4;
  o.batch_size = 3;
  o.writers = mode == 2 ? 2 : 1;
  o.shards = mode == 3 ? 2 : 0;
  std::size_t segments_seen = 0;
  o.on_progress = [&](const IndexProgress&) {
    for (const auto& e : fs::directory_iterator(dir.path())) {
      segments_seen += e.path().filename().string().find("-seg-") != std::string::npos;
    }
    if (mode == 3) {
      for (const auto& e : fs::directory_iterator(dir / "segmented")) {
        segments_seen += e.path().filename().string().find("-seg-") != std::string::npos;
      }
    }
  };
  o.progress_interval_ms = 10;
  const IndexStats s = index_inputs((dir / "segmented").string(), inputs, o);
  CHECK(s.indexed == ref.indexed);
  CHECK(s.replaced == ref.replaced);
  CHECK(s.unchanged == ref.unchanged);
  CHECK(s.replaced == 2);  // a-001 changed, then changed back by articles-a.jsonl
  CHECK(s.unchanged > 0);
  CHECK(s.compacted);
  CHECK(segments_seen > 0);
  const auto got = contents((dir / "segmented").string());
  CHECK(got.size() == want.size());
  for (const auto& [id, text] : want) {
    CAPTURE(id);
    CHECK(got.contains(id));
    if (got.contains(id)) CHECK(got.at(id) == text);
  }
  // Every segment was merged and removed.
  for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string().front() != '.');
  if (mode == 3) {
    for (const auto& e : fs::directory_iterator(dir / "segmented")) {
      CHECK(e.path().filename().string().front() != '.');
    }
  }
}

TEST_CASE("library: a database left moved aside by a killed compaction is recovered", "[library]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  index_inputs(db, {corpus_dir().string()}, quiet_options());
  // What a kill between the two renames of the compaction swap leaves (no such process runs).
  fs::rename(dir / "db", dir / ".db.old-4194303");
  const IndexStats s = index_inputs(db, {corpus_dir().string()}, quiet_options());
  CHECK(s.unchanged == corpus_article_count());
  CHECK_FALSE(fs::exists(dir / ".db.old-4194303"));
}

TEST_CASE("library: compact_database gives back the space an update took", "[library]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  write_generated_articles(dir / "first.jsonl", 3000);
  write_generated_articles(dir / "more.jsonl", 200, 3000);
  const IndexStats fresh = index_inputs(db, {(dir / "first.jsonl").string()}, quiet_options());
  REQUIRE(fresh.compacted);
  // An update of the compacted database splits its full blocks.
  const IndexStats update = index_inputs(db, {(dir / "more.jsonl").string()}, quiet_options());
  CHECK_FALSE(update.compacted);
  CHECK(update.db_bytes > fresh.db_bytes * 5 / 4);
  INFO("fresh " << fresh.db_bytes << ", updated " << update.db_bytes);

  // A reader open on the updated revision.
  Xapian::Database reader(db);
  const std::string some_id = "Q" + (*reader.allterms_begin("Q")).substr(1);
  const std::string uuid_before = reader.get_uuid();

  bool progressed = false;
  IndexOptions o = quiet_options();
  o.on_progress = [&](const IndexProgress& p) { progressed = p.finishing; };
  const IndexStats c = compact_database(db, o);
  CHECK(progressed);
  CHECK(c.compacted);
  CHECK(c.doc_count == 3200);
  // Back to about the size of a fresh build of 3,200 articles (the update had taken a third more).
  CHECK(c.db_bytes < update.db_bytes * 17 / 20);
  CHECK(c.db_bytes < fresh.db_bytes * 23 / 20);
  CHECK(c.db_bytes == directory_bytes(db));
  // The same articles, the same metadata, a new database (the compacted copy).
  Xapian::Database after(db);
  CHECK(after.get_doccount() == 3200);
  CHECK(after.get_uuid() != uuid_before);
  CHECK(after.get_metadata(std::string(schema::kMetaSchema)) == std::to_string(schema::kSchemaVersion));
  CHECK(after.term_exists(some_id));
  // The open reader still reads its revision, and reopens onto the compacted copy.
  CHECK(reader.get_doccount() == 3200);
  CHECK(reader.get_document(*reader.postlist_begin(some_id)).get_value(schema::kSlotRecord).size() > 0);
  reader.reopen();
  CHECK(reader.get_doccount() == 3200);
  CHECK(reader.term_exists(some_id));
  // No temporary directory is left, and the database takes updates again.
  for (const auto& e : fs::directory_iterator(dir.path())) {
    CHECK(e.path().filename().string().find(".db.") == std::string::npos);
  }
  write_generated_articles(dir / "third.jsonl", 10, 5000);
  CHECK(index_inputs(db, {(dir / "third.jsonl").string()}, quiet_options()).indexed == 10);
}

TEST_CASE("library: compact_database compacts every shard of an archive, and needs the lock", "[library]") {
  TempDir dir;
  const std::string db = (dir / "archive").string();
  IndexOptions o = quiet_options();
  o.shards = 2;
  index_inputs(db, {corpus_dir().string()}, o);
  const IndexStats c = compact_database(db, quiet_options());
  CHECK(c.compacted);
  REQUIRE(c.shard_docs.size() == 2);
  CHECK(c.shard_docs[0] + c.shard_docs[1] == corpus_article_count());
  CHECK(c.doc_count == corpus_article_count());

  CHECK_THROWS_AS(compact_database((dir / "missing").string(), quiet_options()), IndexNotFoundError);
  const std::string plain = (dir / "plain").string();
  index_inputs(plain, {corpus_dir().string()}, quiet_options());
  Xapian::WritableDatabase holder(plain, Xapian::DB_OPEN);
  CHECK_THROWS_AS(compact_database(plain, quiet_options()), IndexLockedError);
}
