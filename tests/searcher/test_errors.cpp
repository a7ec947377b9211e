// Every error the searcher reports: a bahth::Error subclass with a clear message.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <xapian.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <functional>

#include "bahth/analyzer.h"
#include "bahth/schema.h"
#include "bahth/searcher.h"
#include "fixture.h"

using namespace bahth;

namespace {

// A Xapian database with the given metadata (and one document).
void make_db(const std::string& path, const std::string& analyzer_id, const std::string& schema_version) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document doc;
  doc.add_term("Qz-1");
  doc.add_term("word");
  doc.add_value(schema::kSlotRecord, R"({"id":"z-1","title":"t","body":"word"})");
  db.add_document(doc);
  if (!analyzer_id.empty()) db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer_id);
  if (!schema_version.empty()) db.set_metadata(std::string(schema::kMetaSchema), schema_version);
  db.commit();
}

template <typename E>
std::string message_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const E& e) {
    return e.what();
  }
  FAIL("expected exception not thrown");
  return {};
}

}  // namespace

TEST_CASE("errors: no database at the path is IndexNotFoundError") {
  test::TempDir dir;
  const std::string missing = (dir.path() / "nope").string();
  const auto msg = message_of<IndexNotFoundError>([&] { Searcher s(missing); });
  CHECK_THAT(msg, Catch::Contains(missing) && Catch::Contains("bahth-index"));
  // An empty directory is not an index either.
  CHECK_THROWS_AS(Searcher(dir.path().string()), IndexNotFoundError);
  // And every error is a bahth::Error and a std::runtime_error.
  CHECK_THROWS_AS(Searcher(missing), Error);
  CHECK_THROWS_AS(Searcher(missing), std::runtime_error);
}

TEST_CASE("errors: an index of another analyzer version is IndexIncompatibleError saying to reindex") {
  test::TempDir dir;
  const std::string db = (dir.path() / "old.db").string();
  make_db(db, "bahth-ar/999", std::to_string(schema::kSchemaVersion));
  const auto msg = message_of<IndexIncompatibleError>([&] { Searcher s(db); });
  CHECK_THAT(msg, Catch::Contains("bahth-ar/999") && Catch::Contains("rebuild the index with bahth-index"));
}

TEST_CASE("errors: another schema version is IndexIncompatibleError") {
  test::TempDir dir;
  const std::string db = (dir.path() / "schema.db").string();
  make_db(db, Analyzer::id_for({}), "999");
  const auto msg = message_of<IndexIncompatibleError>([&] { Searcher s(db); });
  CHECK_THAT(msg, Catch::Contains("schema") && Catch::Contains("rebuild"));
}

TEST_CASE("errors: a Xapian database that is not a bahth index is IndexIncompatibleError") {
  test::TempDir dir;
  const std::string db = (dir.path() / "plain.db").string();
  make_db(db, "", "");
  const auto msg = message_of<IndexIncompatibleError>([&] { Searcher s(db); });
  CHECK_THAT(msg, Catch::Contains("not a bahth index"));
}

TEST_CASE("errors: shards built by different analyzers are IndexIncompatibleError") {
  test::TempDir dir;
  const std::string a = (dir.path() / "a.db").string();
  const std::string b = (dir.path() / "b.db").string();
  test::build_index(a, {BAHTH_CORPUS_DIR "/articles-a.jsonl"}, "bahth");
  test::build_index(b, {BAHTH_CORPUS_DIR "/articles-b.jsonl"}, "light10");
  CHECK_THROWS_AS(Searcher(std::vector<std::string>{a, b}), IndexIncompatibleError);
  CHECK_THROWS_AS(Searcher(std::vector<std::string>{}), InputError);
}

TEST_CASE("errors: an index being created under a write lock is IndexLockedError") {
  test::TempDir dir;
  const std::string path = (dir.path() / "new.db").string();
  Xapian::WritableDatabase writer(path, Xapian::DB_CREATE_OR_OPEN);  // holds the lock, nothing committed
  const auto msg = message_of<IndexLockedError>([&] { Searcher s(path); });
  CHECK_THAT(msg, Catch::Contains("lock"));
  writer.close();
  // Once the writer is gone it is simply not a bahth index.
  CHECK_THROWS_AS(Searcher(path), IndexIncompatibleError);
}

TEST_CASE("errors: damaged database files are IndexCorruptError") {
  test::TempDir dir;
  const std::string db = (dir.path() / "broken.db").string();
  test::build_index(db, {BAHTH_CORPUS_DIR});
  // Overwrite the tables (keeping their sizes) with garbage.
  for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass"}) {
    const auto p = std::filesystem::path(db) / table;
    if (!std::filesystem::exists(p)) continue;
    const auto size = std::filesystem::file_size(p);
    std::ofstream out(p, std::ios::binary | std::ios::in);
    for (std::uintmax_t i = 0; i < size; ++i) out.put(static_cast<char>((i * 131 + 7) & 0xFF));
  }
  try {
    Searcher s(db);
    SearchRequest r;
    r.query = "النفط";
    s.search(r);
    FAIL("no error");
  } catch (const IndexCorruptError& e) {
    CHECK_THAT(e.what(), Catch::Contains("damaged") && Catch::Contains("rebuild"));
  }
}

TEST_CASE("errors: strict mode reports a query syntax error with its position") {
  SearchRequest r;
  r.query = "النفط AND (أسعار";
  r.strict = true;
  try {
    test::corpus_searcher().search(r);
    FAIL("no exception");
  } catch (const QuerySyntaxError& e) {
    CHECK(e.position() == 15);
    CHECK_THAT(e.what(), Catch::Contains("unclosed '('"));
  }
  r.strict = false;
  const auto lenient = test::corpus_searcher().search(r);
  CHECK(lenient.total_estimate > 0);
  REQUIRE(lenient.warnings.size() == 1);
  CHECK_THAT(lenient.warnings.front(), Catch::Contains("unclosed '('"));
}

TEST_CASE("errors: an empty query is no error: no hits and a warning") {
  SearchRequest r;
  r.query = GENERATE(as<std::string>{}, "", "   ", "()", "، ؟ !");
  const auto res = test::corpus_searcher().search(r);
  CHECK(res.hits.empty());
  CHECK(res.total_estimate == 0);
  CHECK_FALSE(res.warnings.empty());
}
