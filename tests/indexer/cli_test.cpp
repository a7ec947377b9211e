// The real bahth-index binary, end to end: corpus, broken input, re-runs, deletes, locks,
// signals and kill -9 in the middle of a run.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <signal.h>
#include <zlib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "bahth/analyzer.h"
#include "bahth/schema.h"
#include "support.h"

using namespace bahth::test;

namespace {

const fs::path kBroken = fs::path(BAHTH_INDEXER_DATA_DIR) / "broken.jsonl";

std::size_t count_lines(const std::string& s, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 1)) ++n;
  return n;
}

// Waits until the database at db holds at least n committed documents (or the process ends).
bool wait_for_docs(const fs::path& db, Xapian::doccount n, Background& proc) {
  for (int i = 0; i < 6000; ++i) {
    if (!proc.running()) return false;
    try {
      if (fs::exists(db / "iamglass") && doc_count(db) >= n) return true;
    } catch (const Xapian::Error&) {
      // The writer is creating it.
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("cli: bahth-index -d DB corpus/ indexes the sample archive", "[cli]") {
  TempDir dir;
  const auto r = run_index({"-d", (dir / "db").string(), corpus_dir().string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("indexed    " + std::to_string(corpus_article_count()) + " new"));
  CHECK_THAT(r.out, Catch::Contains("skipped    0"));
  CHECK_THAT(r.out, Catch::Contains("documents"));
  CHECK(doc_count(dir / "db") == corpus_article_count());
}

TEST_CASE("cli: re-indexing the corpus finds every article unchanged", "[cli]") {
  TempDir dir;
  REQUIRE(run_index({"-d", (dir / "db").string(), corpus_dir().string()}).exit_code == 0);
  const auto r = run_index({"-d", (dir / "db").string(), corpus_dir().string()});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("indexed    0 new, 0 replaced, " +
                                    std::to_string(corpus_article_count()) + " unchanged"));
  CHECK(doc_count(dir / "db") == corpus_article_count());
}

TEST_CASE("cli: broken lines are reported as FILE:LINE: reason, counted, and skipped", "[cli]") {
  TempDir dir;
  const auto r = run_index({"-d", (dir / "db").string(), kBroken.string()});
  INFO(r.err);
  CHECK(r.exit_code == 3);
  const std::string f = kBroken.string();
  CHECK_THAT(r.err, Catch::Contains(f + ":2: invalid JSON: "));
  CHECK_THAT(r.err, Catch::Contains(f + ":3: field id: missing"));
  CHECK_THAT(r.err, Catch::Contains(f + ":4: field id: empty"));
  CHECK_THAT(r.err, Catch::Contains(f + ":5: invalid UTF-8 at byte 32 (byte value 0xFF)"));
  CHECK_THAT(r.err, Catch::Contains(f + ":6: field title: expected a string, got array"));
  CHECK_THAT(r.err, Catch::Contains(f + ":7: field date: '23/03/2024' is not a date"));
  CHECK_THAT(r.err, Catch::Contains(f + ":9: expected a JSON object, got array"));
  CHECK_THAT(r.err, Catch::Contains(f + ":10: field id: expected a string, got number"));
  CHECK(count_lines(r.err, f + ":") == 8);
  CHECK_THAT(r.err, Catch::Contains("7 records were rejected"));
  CHECK_THAT(r.out, Catch::Contains("indexed    3 new"));
  CHECK_THAT(r.out,
             Catch::Contains("skipped    7 (empty id: 1, invalid JSON: 1, invalid UTF-8: 1, missing id: 1, "
                             "not a JSON object: 1, wrong field type: 2)"));
  CHECK_THAT(r.out, Catch::Contains("warnings   1 (bad date: 1)"));
  CHECK(doc_count(dir / "db") == 3);
}

TEST_CASE("cli: --max-errors turns too many errors into exit 1 after committing", "[cli]") {
  TempDir dir;
  const auto r = run_index({"-d", (dir / "db").string(), "--max-errors", "2", kBroken.string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("too many rejected records: 3 (more than --max-errors 2)"));
  CHECK(doc_count(dir / "db") == 1);  // ok-1 came before the errors
}

TEST_CASE("cli: standard input, gzip and .txt directories", "[cli]") {
  TempDir dir;
  const fs::path a = corpus_dir() / "articles-a.jsonl";
  SECTION("standard input") {
    const auto r = run_index({"-d", (dir / "db").string(), "-"}, a.string());
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(doc_count(dir / "db") > 0);
  }
  SECTION("gzip") {
    const std::string content = slurp(a);
    gzFile gz = gzopen((dir / "a.jsonl.gz").c_str(), "wb");
    gzwrite(gz, content.data(), static_cast<unsigned>(content.size()));
    gzclose(gz);
    const auto plain = run_index({"-d", (dir / "plain").string(), a.string()});
    const auto zipped = run_index({"-d", (dir / "zipped").string(), (dir / "a.jsonl.gz").string()});
    CHECK(plain.exit_code == 0);
    CHECK(zipped.exit_code == 0);
    CHECK(doc_count(dir / "zipped") == doc_count(dir / "plain"));
  }
  SECTION(".txt files in a directory") {
    write_file(dir / "txt/2024/03/first.txt", "عنوان أول\nنص الخبر الأول\n");
    write_file(dir / "txt/second.txt", "عنوان ثان\nنص\n");
    const auto r = run_index({"-d", (dir / "db").string(), (dir / "txt").string()});
    CHECK(r.exit_code == 0);
    Xapian::Database x((dir / "db").string());
    CHECK(x.get_doccount() == 2);
    CHECK(x.term_exists("Q2024/03/first.txt"));
    CHECK(x.term_exists("Qsecond.txt"));
  }
}

TEST_CASE("cli: --delete and --delete-file remove articles", "[cli]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  REQUIRE(run_index({"-d", db, corpus_dir().string()}).exit_code == 0);
  const auto total = doc_count(db);
  Xapian::Database x(db);
  std::vector<std::string> ids;
  for (auto t = x.allterms_begin("Q"); t != x.allterms_end("Q") && ids.size() < 3; ++t)
    ids.push_back((*t).substr(1));
  x.close();
  REQUIRE(ids.size() == 3);
  auto r = run_index({"-d", db, "--delete", ids[0], ids[1], "no-such-id"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("deleted    2 (1 ids not found)"));
  write_file(dir / "ids.txt", ids[2] + "\n");
  r = run_index({"-d", db, "--delete-file", (dir / "ids.txt").string()});
  CHECK(r.exit_code == 0);
  CHECK(doc_count(db) == total - 3);
  // Re-indexing brings them back.
  r = run_index({"-d", db, corpus_dir().string()});
  CHECK_THAT(r.out, Catch::Contains("indexed    3 new"));
}

TEST_CASE("cli: --compact compacts after an update, or alone", "[cli]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  write_generated_articles(dir / "first.jsonl", 1000);
  write_generated_articles(dir / "more.jsonl", 100, 1000);
  REQUIRE(run_index({"-d", db, (dir / "first.jsonl").string()}).exit_code == 0);
  // An update with --compact: indexed, then compacted.
  auto r = run_index({"-d", db, "--compact", (dir / "more.jsonl").string()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("compacted  ") && Catch::Contains("indexed    100 new"));
  CHECK_THAT(r.out, Catch::Contains("1100 documents") && Catch::Contains("(compacted)"));
  // Alone, after a delete: only the compaction.
  REQUIRE(run_index({"-d", db, "--delete", "gen-1000"}).exit_code == 0);
  r = run_index({"-d", db, "--compact"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("compacted  ") && Catch::Contains("1099 documents, "));
  CHECK(doc_count(db) == 1099);
  // Usage: not with --no-compact or --merge; a missing database is a runtime error.
  CHECK(run_index({"-d", db, "--compact", "--no-compact"}).exit_code == 2);
  CHECK(run_index({"-d", (dir / "one").string(), "--merge", db, "--compact"}).exit_code == 2);
  r = run_index({"-d", (dir / "missing").string(), "--compact"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("no database at"));
}

TEST_CASE("cli: a second writer gets 'database is locked by another writer'", "[cli]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  Xapian::WritableDatabase holder(db, Xapian::DB_CREATE_OR_OPEN);
  const auto r = run_index({"-d", db, corpus_dir().string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("database is locked by another writer: " + db));
}

TEST_CASE("cli: another analyzer's database is refused with exit 1 and 'rebuild'", "[cli]") {
  TempDir dir;
  const std::string db = (dir / "db").string();
  REQUIRE(run_index({"-d", db, "--stemmer", "light10", corpus_dir().string()}).exit_code == 0);
  const auto r = run_index({"-d", db, corpus_dir().string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("bahth-ar-light10"));
  CHECK_THAT(r.err, Catch::Contains("rebuild"));
}

TEST_CASE("cli: usage errors exit 2, --help exits 0 and documents the exit codes", "[cli]") {
  TempDir dir;
  using Args = std::vector<std::string>;
  auto [args, code] = GENERATE(table<Args, int>({
      {Args{"--help"}, 0},
      {Args{}, 2},
      {Args{"corpus"}, 2},                                // no -d
      {Args{"-d", "x"}, 2},                               // nothing to do
      {Args{"-d", "x", "--stemmer", "porter", "in"}, 2},  // unknown stemmer
      {Args{"-d", "x", "--batch-size", "0", "in"}, 2},
      {Args{"-d", "x", "--bogus", "in"}, 2},
  }));
  const auto r = run_index(args);
  CHECK(r.exit_code == code);
  if (code == 0) {
    for (const char* s : {"--db", "--delete", "--delete-file", "--stemmer", "--no-title", "--threads",
                          "--batch-size", "--spelling", "--max-errors", "--max-article-bytes", "--quiet",
                          "Exit codes", "130", "some records were rejected"}) {
      CHECK_THAT(r.out, Catch::Contains(s));
    }
  }
}

TEST_CASE("cli: an input that does not exist fails before the database is created", "[cli]") {
  TempDir dir;
  const auto r = run_index({"-d", (dir / "db").string(), (dir / "missing.jsonl").string()});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("input not found: " + (dir / "missing.jsonl").string()));
  CHECK_FALSE(fs::exists(dir / "db"));
}

TEST_CASE("cli: kill -9 mid-run leaves whole batches, and a re-run completes the job", "[cli][slow]") {
  TempDir dir;
  constexpr std::size_t kArticles = 6000;
  constexpr std::size_t kBatch = 250;
  write_generated_articles(dir / "big.jsonl", kArticles);
  const fs::path db = dir / "db";
  {
    Background run(index_binary(),
        {"-q", "-d", db.string(), "--batch-size", std::to_string(kBatch), (dir / "big.jsonl").string()},
        dir.path());
    REQUIRE(wait_for_docs(db, kBatch, run));
    run.kill(SIGKILL);
    CHECK(run.wait().exit_code == 128 + SIGKILL);
  }
  const Xapian::doccount after_kill = doc_count(db);  // opens: the last commit is intact
  CHECK(after_kill > 0);
  CHECK(after_kill < kArticles);
  CHECK(after_kill % kBatch == 0);
  const auto rerun =
      run_index({"-d", db.string(), "--batch-size", std::to_string(kBatch), (dir / "big.jsonl").string()});
  INFO(rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK_THAT(rerun.out, Catch::Contains(std::to_string(after_kill) + " unchanged"));
  // Same result as a clean run: every article once.
  const auto clean = run_index({"-d", (dir / "clean").string(), (dir / "big.jsonl").string()});
  REQUIRE(clean.exit_code == 0);
  CHECK(doc_count(db) == doc_count(dir / "clean"));
  CHECK(doc_count(db) == kArticles);
  Xapian::Database x(db.string());
  for (auto t = x.allterms_begin("Q"); t != x.allterms_end("Q"); ++t) REQUIRE(t.get_termfreq() == 1);
  // No temporary directories are left next to the database.
  for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string().front() != '.');
}

TEST_CASE("cli: kill -9 while writing a later segment keeps the first, and a re-run completes", "[cli][slow]") {
  TempDir dir;
  constexpr std::size_t kArticles = 6000;
  constexpr std::size_t kSegment = 1000;
  write_generated_articles(dir / "big.jsonl", kArticles);
  const fs::path db = dir / "db";
  const fs::path second_segment = dir / ".db.shard-0-seg-1";
  {
    Background run(index_binary(),
                   {"-q", "-d", db.string(), "--batch-size", "250", "--segment-size", std::to_string(kSegment),
                    (dir / "big.jsonl").string()},
                   dir.path());
    REQUIRE(wait_for_docs(db, kSegment, run));
    for (int i = 0; i < 3000 && run.running() && !fs::exists(second_segment / "iamglass"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(fs::exists(second_segment));
    run.kill(SIGKILL);
    CHECK(run.wait().exit_code == 128 + SIGKILL);
  }
  CHECK(doc_count(db) == kSegment);  // the target holds the first segment, committed
  const auto rerun = run_index({"-d", db.string(), (dir / "big.jsonl").string()});
  INFO(rerun.err);
  CHECK(rerun.exit_code == 0);
  CHECK_THAT(rerun.out, Catch::Contains(std::to_string(kSegment) + " unchanged"));
  CHECK(doc_count(db) == kArticles);
  Xapian::Database x(db.string());
  for (auto t = x.allterms_begin("Q"); t != x.allterms_end("Q"); ++t) REQUIRE(t.get_termfreq() == 1);
  // The killed run's segment was removed by the re-run.
  for (const auto& e : fs::directory_iterator(dir.path())) CHECK(e.path().filename().string().front() != '.');
}

TEST_CASE("cli: SIGINT stops reading, commits, and exits 130", "[cli][slow]") {
  TempDir dir;
  constexpr std::size_t kArticles = 6000;
  write_generated_articles(dir / "big.jsonl", kArticles);
  const fs::path db = dir / "db";
  Background run(index_binary(), {"-d", db.string(), "--batch-size", "200", (dir / "big.jsonl").string()}, dir.path());
  REQUIRE(wait_for_docs(db, 200, run));
  run.kill(SIGINT);
  const auto r = run.wait();
  INFO(r.err);
  CHECK(r.exit_code == 130);
  CHECK_THAT(r.err, Catch::Contains("interrupted"));
  const Xapian::doccount n = doc_count(db);
  CHECK(n >= 200);
  CHECK_THAT(r.out, Catch::Contains("documents"));
  const auto rerun = run_index({"-d", db.string(), (dir / "big.jsonl").string()});
  CHECK(rerun.exit_code == 0);
  CHECK(doc_count(db) == kArticles);
}
