// Sharded archives (bahth-index --shards N) and merging (--merge): routing pinned by golden
// values, layout, updates, deletes, refusals; and --writers (the one-database fast path).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <set>
#include <thread>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/schema.h"
#include "bahth/shards.h"
#include "support.h"

using namespace bahth;
using namespace bahth::test;

namespace {

IndexOptions sharded(unsigned n) {
  IndexOptions o;
  o.threads = 2;
  o.shards = n;
  return o;
}

// Every id of the database at path, with the shard it was found in ("" for a plain database).
std::multiset<std::string> ids_in(const fs::path& db) {
  std::multiset<std::string> ids;
  Xapian::Database d(db.string());
  const std::string q(schema::kPrefixId);
  for (auto it = d.allterms_begin(q); it != d.allterms_end(q); ++it) {
    for (Xapian::doccount k = 0; k < it.get_termfreq(); ++k) ids.insert((*it).substr(q.size()));
  }
  return ids;
}

}  // namespace

TEST_CASE("shards: the routing hash is FNV-1a 64 of the id's bytes, modulo N (golden values)", "[shards]") {
  // Never change these: an archive's articles are looked up in the shard these give.
  CHECK(shards::fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(shards::fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(shards::fnv1a64("a-001") == 0x176eadadb227e60eull);
  CHECK(shards::shard_of("a-001", 3) == 1);
  CHECK(shards::shard_of("b-020", 3) == 0);
  CHECK(shards::shard_of("b-020", 16) == 10);
  CHECK(shards::shard_of("خبر-١٢٣", 3) == 1);
  CHECK(shards::shard_of("خبر-١٢٣", 7) == 3);
  CHECK(shards::shard_of("2024/03/05/oil.txt", 3) == 2);
  CHECK(shards::shard_of("a", 16) == 12);
  CHECK(shards::shard_of("anything", 1) == 0);
  CHECK(shards::shard_name(0) == "shard-000");
  CHECK(shards::shard_name(42) == "shard-042");
  CHECK(shards::shard_name(1000) == "shard-1000");
}

TEST_CASE("shards: --shards 3 writes three bahth databases and a Xapian stub", "[shards]") {
  TempDir dir;
  const fs::path arc = dir / "arc";
  const IndexStats s = index_inputs(arc.string(), {corpus_dir().string()}, sharded(3));
  CHECK(s.indexed == corpus_article_count());
  CHECK(s.doc_count == corpus_article_count());
  REQUIRE(s.shard_docs.size() == 3);
  CHECK(s.shard_docs[0] + s.shard_docs[1] + s.shard_docs[2] == corpus_article_count());
  CHECK(s.compacted);
  CHECK(slurp(arc / "XAPIANDB").find("auto shard-000\nauto shard-001\nauto shard-002\n") != std::string::npos);
  // Xapian opens the directory as all shards together.
  CHECK(doc_count(arc) == corpus_article_count());
  for (unsigned k = 0; k < 3; ++k) {
    const fs::path shard = arc / shards::shard_name(k);
    const Xapian::Database d(shard.string());
    CHECK(d.get_metadata(std::string(schema::kMetaAnalyzer)) == Analyzer::id_for({}));
    CHECK(d.get_metadata(std::string(schema::kMetaSchema)) == std::to_string(schema::kSchemaVersion));
    CHECK(d.get_metadata(std::string(shards::kMetaShard)) == std::to_string(k) + "/3");
    for (const std::string& id : ids_in(shard)) CHECK(shards::shard_of(id, 3) == k);
  }
  const IndexInfo info = read_index_info(arc.string());
  CHECK(info.doc_count == corpus_article_count());
  CHECK(info.analyzer_id == Analyzer::id_for({}));
}

TEST_CASE("shards: updating an archive keeps each article in its shard", "[shards]") {
  TempDir dir;
  const fs::path arc = dir / "arc";
  index_inputs(arc.string(), {(corpus_dir() / "articles-a.jsonl").string()}, sharded(3));
  // A second run without --shards: the archive's count is used; unchanged articles are skipped.
  IndexOptions again;
  again.threads = 2;
  IndexStats s = index_inputs(arc.string(), {corpus_dir().string()}, again);
  CHECK(s.unchanged > 0);
  CHECK(s.indexed + s.unchanged == corpus_article_count());
  CHECK(s.replaced == 0);
  // A changed article replaces its copy (no duplicate in another shard).
  const fs::path changed = dir / "changed.jsonl";
  write_file(changed,
             "{\"id\":\"a-001\",\"title\":\"عنوان جديد\",\"body\":\"نص جديد تماما عن الطاقة\"}\n"
             "{\"id\":\"new-1\",\"title\":\"خبر\",\"body\":\"نص خبر جديد\"}\n");
  s = index_inputs(arc.string(), {changed.string()}, sharded(3));
  CHECK(s.replaced == 1);
  CHECK(s.indexed == 1);
  const auto ids = ids_in(arc);
  CHECK(ids.size() == corpus_article_count() + 1);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == ids.size());
  // Deleting finds each id in its shard.
  s = delete_articles(arc.string(), {"a-001", "new-1", "no-such-id"}, again);
  CHECK(s.deleted == 2);
  CHECK(s.not_found == 1);
  CHECK(doc_count(arc) == corpus_article_count() - 1);
}

TEST_CASE("shards: a different shard count, a plain database or a lone shard is refused", "[shards]") {
  TempDir dir;
  const fs::path arc = dir / "arc";
  index_inputs(arc.string(), {(corpus_dir() / "articles-a.jsonl").string()}, sharded(2));
  try {
    index_inputs(arc.string(), {corpus_dir().string()}, sharded(3));
    FAIL("re-sharded in place");
  } catch (const IndexIncompatibleError& e) {
    CHECK_THAT(e.what(), Catch::Contains("2 shards") && Catch::Contains("--shards 3"));
  }
  try {
    index_inputs((arc / "shard-001").string(), {corpus_dir().string()}, IndexOptions{});
    FAIL("wrote into one shard of an archive");
  } catch (const IndexIncompatibleError& e) {
    CHECK_THAT(e.what(), Catch::Contains("shard 1/2"));
  }
  CHECK_THROWS_AS(delete_articles((arc / "shard-000").string(), {"a-001"}, IndexOptions{}), IndexIncompatibleError);
  const fs::path plain = dir / "plain.db";
  index_inputs(plain.string(), {(corpus_dir() / "articles-a.jsonl").string()}, IndexOptions{});
  CHECK_THROWS_AS(index_inputs(plain.string(), {corpus_dir().string()}, sharded(2)), IndexIncompatibleError);
  CHECK(doc_count(arc) > 0);
}

TEST_CASE("shards: --merge compacts shards into one plain database, and refuses mixtures", "[shards]") {
  TempDir dir;
  const fs::path arc = dir / "arc";
  index_inputs(arc.string(), {corpus_dir().string()}, sharded(3));
  const fs::path merged = dir / "merged.db";
  const IndexStats s = merge_databases(merged.string(), {arc.string()}, IndexOptions{});
  CHECK(s.doc_count == corpus_article_count());
  CHECK(ids_in(merged) == ids_in(arc));
  {
    const Xapian::Database d(merged.string());
    CHECK(d.get_metadata(std::string(shards::kMetaShard)).empty());
    CHECK(d.get_metadata(std::string(schema::kMetaAnalyzer)) == Analyzer::id_for({}));
  }
  // The merged database is a normal one: it can be updated.
  IndexOptions plain;
  plain.threads = 2;
  CHECK(index_inputs(merged.string(), {corpus_dir().string()}, plain).unchanged == corpus_article_count());
  // Shards listed one by one work too.
  const fs::path merged2 = dir / "merged2.db";
  merge_databases(merged2.string(), {(arc / "shard-000").string(), (arc / "shard-001").string(),
                                     (arc / "shard-002").string()},
                  IndexOptions{});
  CHECK(doc_count(merged2) == corpus_article_count());
  // A non-empty destination, overlapping ids and another analyzer are refused.
  CHECK_THROWS_AS(merge_databases(merged.string(), {arc.string()}, IndexOptions{}), IndexError);
  CHECK_THROWS_AS(merge_databases((dir / "m3").string(), {arc.string(), merged.string()}, IndexOptions{}),
                  IndexIncompatibleError);
  const fs::path light = dir / "light.db";
  IndexOptions lo;
  lo.analyzer.stemmer = StemmerKind::kLight10;
  write_file(dir / "z.jsonl", "{\"id\":\"z-1\",\"title\":\"خبر\",\"body\":\"نص خبر آخر\"}\n");
  index_inputs(light.string(), {(dir / "z.jsonl").string()}, lo);
  CHECK_THROWS_AS(merge_databases((dir / "m4").string(), {arc.string(), light.string()}, IndexOptions{}),
                  IndexIncompatibleError);
  CHECK_FALSE(fs::exists(dir / "m3"));
  CHECK_FALSE(fs::exists(dir / "m4"));
}

TEST_CASE("shards: bahth-index --shards, --merge and --writers on the command line", "[shards][cli]") {
  TempDir dir;
  const std::string arc = (dir / "arc").string();
  ProcessResult r = run_index({"-d", arc, "--shards", "2", corpus_dir().string()});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("shards     2 (documents per shard: "));
  r = run_index({"-d", arc, "--shards", "4", corpus_dir().string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("sharded archive of 2 shards"));
  r = run_index({"-d", arc, "--delete", "a-001"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("deleted    1"));
  const std::string one = (dir / "one.db").string();
  r = run_index({"-d", one, "--merge", arc});
  CHECK(r.exit_code == 0);
  CHECK(doc_count(one) == corpus_article_count() - 1);
  r = run_index({"-d", one, "--merge", arc});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("not empty"));
  r = run_index({"-d", (dir / "w.db").string(), "--writers", "2", corpus_dir().string()});
  CHECK(r.exit_code == 0);
  CHECK(doc_count(dir / "w.db") == corpus_article_count());
  r = run_index({"-d", (dir / "x.db").string(), "--merge", arc, "--shards", "2"});
  CHECK(r.exit_code == 2);
}

TEST_CASE("shards: kill -9 mid-run keeps each shard's committed batches, and a re-run completes",
          "[shards][cli][slow]") {
  TempDir dir;
  constexpr std::size_t kArticles = 6000;
  constexpr std::size_t kBatch = 200;
  write_generated_articles(dir / "big.jsonl", kArticles);
  const fs::path arc = dir / "arc";
  const std::vector<std::string> args{"-q", "-d", arc.string(), "--shards", "2", "--batch-size",
                                      std::to_string(kBatch), (dir / "big.jsonl").string()};
  {
    Background run(index_binary(), args, dir.path());
    bool some = false;
    for (int i = 0; i < 6000 && run.running() && !some; ++i) {
      try {
        some = fs::exists(arc / "shard-001" / "iamglass") && doc_count(arc) >= kBatch;
      } catch (const Xapian::Error&) {
        // Being created.
      }
      if (!some) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(some);
    run.kill(SIGKILL);
    run.wait();
  }
  const Xapian::doccount after_kill = doc_count(arc);  // every shard opens at its last commit
  CHECK(after_kill > 0);
  for (unsigned k = 0; k < 2; ++k) CHECK(doc_count(arc / shards::shard_name(k)) % kBatch == 0);
  std::vector<std::string> rerun_args(args.begin() + 1, args.end());  // with the summary
  const ProcessResult rerun = run_index(rerun_args);
  INFO(rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK_THAT(rerun.out, Catch::Contains(std::to_string(after_kill) + " unchanged"));
  CHECK(doc_count(arc) == kArticles);
  const auto ids = ids_in(arc);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == kArticles);
}
