// The harness end to end on the sample archive: variant indexes built by the indexer, queries run
// through the searcher, the bahth-eval command line in-process.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "bahth/error.h"
#include "bahth/eval/cli.h"
#include "bahth/eval/experiment.h"
#include "bahth/eval/report.h"
#include "eval_test_support.h"

using namespace bahth::eval;
using bahth::eval::testing::TempDir;
using Catch::Matchers::Contains;

namespace {

// corpus/ has two files; the harness takes one documents file.
std::string corpus_file(const TempDir& dir) {
  std::string all;
  for (const char* f : {"/articles-a.jsonl", "/articles-b.jsonl"}) {
    std::ifstream in(std::string(BAHTH_CORPUS_DIR) + f, std::ios::binary);
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
    if (!all.empty() && all.back() != '\n') all += '\n';
  }
  return dir.write("corpus.jsonl", all);
}

// Known-item queries from the corpus itself: each headline, its article the answer.
std::string title_queries(const TempDir& dir, const std::string& docs) {
  std::ifstream in(docs);
  std::string line, out;
  int n = 0;
  while (std::getline(in, line)) {
    const auto obj = nlohmann::json::parse(line);
    out +=
        nlohmann::json{
            {"qid", "t" + std::to_string(++n)}, {"query", obj.at("title")}, {"relevant", {obj.at("id")}}}
            .dump() +
        "\n";
  }
  return dir.write("titles.jsonl", out);
}

int cli(const std::vector<std::string>& args, std::string& out, std::string& err) {
  std::ostringstream o, e;
  const int code = run_cli(args, o, e);
  out = o.str();
  err = e.str();
  return code;
}

}  // namespace

TEST_CASE("harness: variant specs") {
  const Variant v =
      parse_variant("k15=bahth,k1=1.5,b=0.5,title_boost=2,exact_boost=0,proclitic_ratio=3,operator=and");
  CHECK(v.name == "k15");
  CHECK(v.analyzer.stemmer == bahth::StemmerKind::kBahth);
  CHECK(v.ranking.bm25_k1 == 1.5);
  CHECK(v.ranking.bm25_b == 0.5);
  CHECK(v.ranking.title_boost == 2);
  CHECK(v.ranking.exact_boost == 0);
  CHECK(v.ranking.proclitic_ratio == 3);
  CHECK(v.ranking.default_operator == bahth::DefaultOperator::kAnd);
  const Variant h = parse_variant("hamza=light10,fold_hamza_seats=1");
  CHECK(h.analyzer.stemmer == bahth::StemmerKind::kLight10);
  CHECK(h.analyzer.normalizer.fold_hamza_seats);
  CHECK(parse_variant("nostem").analyzer.stemmer == bahth::StemmerKind::kNone);
  CHECK(parse_variant("snowball").analyzer.stemmer == bahth::StemmerKind::kSnowball);
  struct Row {
    std::string spec, message;
  };
  auto row =
      GENERATE(Row{"x=porter", "unknown base 'porter'"}, Row{"x=bahth,k1", "expected key=value"},
               Row{"x=bahth,b=2", "b='2': expected a number in [0, 1]"},
               Row{"x=bahth,speed=9", "unknown key 'speed'"}, Row{"x=bahth,operator=xor", "operator='xor'"});
  CHECK_THROWS_WITH(parse_variant(row.spec), Contains(row.message));
}

TEST_CASE("harness: set specs") {
  const EvalSet s = parse_set("ki,docs=/d.jsonl,queries=/q.jsonl,title=no,qrels=/r");
  CHECK(s.name == "ki");
  CHECK(s.docs == "/d.jsonl");
  CHECK(s.queries == "/q.jsonl");
  CHECK(s.qrels == "/r");
  CHECK_FALSE(s.include_title);
  CHECK_THROWS_WITH(parse_set("ki,queries=/q"), Contains("docs=PATH missing"));
  CHECK_THROWS_WITH(parse_set("ki,docs=/d,queries=/q,title=maybe"), Contains("title='maybe'"));
}

TEST_CASE("harness: analyzer ids map back to options") {
  auto kind = GENERATE(bahth::StemmerKind::kBahth, bahth::StemmerKind::kLight10,
                       bahth::StemmerKind::kSnowball, bahth::StemmerKind::kNone);
  bahth::AnalyzerOptions o;
  o.stemmer = kind;
  o.normalizer.fold_hamza_seats = true;
  const auto back = analyzer_options_for_id(bahth::Analyzer::id_for(o));
  CHECK(back.stemmer == kind);
  CHECK(back.normalizer.fold_hamza_seats);
  CHECK_THROWS_AS(analyzer_options_for_id("lucene/9"), bahth::InputError);
}

TEST_CASE("harness: words mode keeps only the words of the query") {
  const bahth::Analyzer a;
  CHECK(query_text(a, "حفل غنائي لهيفاء وهبي ينتهي بـ\"مفاجأة\"", QueryMode::kWords) ==
        "حفل غنائي لهيفاء وهبي ينتهي بـ مفاجأة");
  CHECK(query_text(a, "NATO OR -title:x (2024)", QueryMode::kWords) == "nato or title x 2024");
  CHECK(query_text(a, "a \"b\"", QueryMode::kRaw) == "a \"b\"");
}

TEST_CASE("harness: the corpus query set through every variant") {
  TempDir dir;
  EvalSet set;
  set.name = "corpus";
  set.docs = corpus_file(dir);
  set.queries = BAHTH_EVAL_DATA_DIR "/corpus_queries.jsonl";
  const QuerySet qs = read_queries(set.queries);
  IndexCacheOptions cache;
  cache.workdir = (dir.path() / "work").string();
  cache.threads = 1;
  std::vector<std::string> log;
  auto logger = [&](const std::string& m) { log.push_back(m); };
  for (const Variant& v : default_variants()) {
    CAPTURE(v.name);
    const std::string db = ensure_index(set, v.analyzer, cache, logger);
    const Evaluation e = evaluate(qs, run_variant(db, qs, v, {}));
    CHECK(e.summary.queries == qs.queries.size());
    CHECK(e.analyzer_id == bahth::Analyzer::id_for(v.analyzer));
    // The queries were written so that every topic is findable: even without stemming most
    // answers are in the top 10.
    CHECK(e.summary.success10 >= 0.8);
    CHECK(e.summary.recall100 >= 0.8);
  }
  // A second request reuses the cached index.
  log.clear();
  const auto again = ensure_index(set, bahth::AnalyzerOptions{}, cache, logger);
  REQUIRE(log.size() == 1);
  CHECK_THAT(log[0], Contains("reusing index"));
  CHECK(std::filesystem::exists(std::filesystem::path(again) / "bahth-eval.json"));
}

TEST_CASE("harness: known-item title queries on the corpus with titles left out") {
  TempDir dir;
  EvalSet set;
  set.name = "corpus-titles";
  set.docs = corpus_file(dir);
  set.queries = title_queries(dir, set.docs);
  set.include_title = false;
  const QuerySet qs = read_queries(set.queries);
  REQUIRE(qs.queries.size() >= 40);
  IndexCacheOptions cache;
  cache.workdir = (dir.path() / "work").string();
  cache.threads = 1;
  const Variant v = parse_variant("bahth");
  const std::string db = ensure_index(set, v.analyzer, cache, [](const std::string&) {});
  CHECK_THAT(db, Contains("-notitle-"));
  const Evaluation e = evaluate(qs, run_variant(db, qs, v, {}));
  // Headlines are written from the body: the article itself is nearly always first.
  CHECK(e.summary.mrr10 >= 0.8);
  CHECK(e.summary.success10 >= 0.95);
}

TEST_CASE("harness: bahth-eval --help and usage errors") {
  std::string out, err;
  CHECK(cli({"--help"}, out, err) == 0);
  CHECK_THAT(out, Contains("table") && Contains("run") && Contains("compare"));
  CHECK(cli({"table", "--help"}, out, err) == 0);
  CHECK_THAT(out, Contains("--set") && Contains("--workdir") && Contains("--variant"));
  CHECK(cli({}, out, err) == 2);
  CHECK(cli({"table", "--workdir", "/tmp/x", "--set", "a,docs=/d,queries=/q", "--variant", "x=porter"}, out,
            err) == 2);
  CHECK_THAT(err, Contains("unknown base 'porter'"));
  CHECK(cli({"run", "--db", "/nonexistent", "--queries", "/nonexistent.jsonl"}, out, err) == 2);
  CHECK_THAT(err, Contains("/nonexistent.jsonl"));
}

TEST_CASE("harness: bahth-eval table, run and compare on the corpus") {
  TempDir dir;
  const std::string docs = corpus_file(dir);
  const std::string work = (dir.path() / "work").string();
  const std::string json = (dir.path() / "t.json").string();
  std::string out, err;
  const int code = cli({"table",
                        "--workdir",
                        work,
                        "--threads",
                        "1",
                        "--trials",
                        "200",
                        "--worst",
                        "2",
                        "--json",
                        json,
                        "--set",
                        "corpus,docs=" + docs + ",queries=" BAHTH_EVAL_DATA_DIR "/corpus_queries.jsonl",
                        "--set",
                        "corpus-qrels,docs=" + docs +
                            ",queries=" BAHTH_EVAL_DATA_DIR "/corpus_queries.jsonl,qrels=" BAHTH_EVAL_DATA_DIR
                            "/corpus_qrels.txt",
                        "--variant",
                        "nostem",
                        "--variant",
                        "bahth",
                        "--variant",
                        "k2=bahth,k1=2,b=0.5"},
                       out, err);
  INFO(err);
  REQUIRE(code == 0);
  CHECK_THAT(out, Contains("### corpus (17 queries)"));
  CHECK_THAT(out, Contains("### corpus-qrels (3 queries, 14 without judgments skipped)"));
  CHECK_THAT(out, Contains("| nostem ") && Contains("| k2 ") && Contains("ΔMRR vs bahth"));
  CHECK_THAT(out, Contains("bahth-ar-nostem/"));
  CHECK_THAT(out, Contains("Worst 2 queries of 'bahth'"));
  CHECK_THAT(out, Contains("expected : "));
  // Both sets share the documents but are cached separately; the two bahth variants share one.
  CHECK_THAT(err, Contains("building index"));
  REQUIRE(std::filesystem::exists(json));

  // The bahth index of the first set, evaluated directly.
  std::string db;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(work) / "corpus")) {
    if (e.path().filename().string().starts_with("bahth-ar_")) db = e.path().string();
  }
  REQUIRE_FALSE(db.empty());
  const std::string json2 = (dir.path() / "r.json").string();
  REQUIRE(cli({"run", "--db", db, "--queries", BAHTH_EVAL_DATA_DIR "/corpus_queries.jsonl", "--docs", docs,
               "--name", "corpus", "--trials", "200", "--worst", "1", "--json", json2},
              out, err) == 0);
  CHECK_THAT(out, Contains("| bahth "));
  CHECK_THAT(out, Contains("Worst 1 queries"));

  REQUIRE(cli({"compare", json, json2, "--set", "corpus", "--a-variant", "bahth", "--trials", "200"}, out,
              err) == 0);
  CHECK_THAT(out, Contains("MRR@10 over 17 common queries"));
  CHECK_THAT(out, Contains("B-A +0.0000"));  // the same index and ranking
  CHECK(cli({"compare", json, json2, "--set", "corpus"}, out, err) == 2);
  CHECK_THAT(err, Contains("several variants"));
}
