// Evaluation of runs, the side-by-side table, the worst-queries report and the JSON output.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "bahth/eval/evaluation.h"
#include "bahth/eval/report.h"
#include "eval_test_support.h"

using namespace bahth::eval;
using bahth::eval::testing::TempDir;
using Catch::Detail::Approx;
using Catch::Matchers::Contains;

namespace {

QuerySet three_queries() {
  QuerySet set;
  set.queries.push_back({"q1", "أسعار النفط", {{"oil", 1}}});
  set.queries.push_back({"q2", "كأس المدن العربية", {{"cup", 2}, {"cup2", 1}}});
  set.queries.push_back({"q3", "بلا أحكام", {}});
  return set;
}

Run make_run(std::string name, std::vector<std::vector<std::string>> lists) {
  Run run;
  run.name = std::move(name);
  run.analyzer_id = "test/1";
  for (auto& l : lists) {
    std::vector<Hit> hits;
    double score = 10;
    for (auto& id : l) hits.push_back({id, score--});
    run.results.push_back(std::move(hits));
  }
  return run;
}

DocStore store() {
  DocStore docs;
  docs.add("oil", {"النفط يهبط", "هبطت أسعار النفط في تعاملات أمس.\nفقرة ثانية."});
  docs.add("gas", {"الغاز", "ارتفعت أسعار الغاز."});
  docs.add("cup", {"الفجر بطلا", "توج نادي الفجر بلقب كأس المدن العربية."});
  return docs;
}

}  // namespace

TEST_CASE("evaluation: unjudged queries are skipped and counted") {
  const QuerySet set = three_queries();
  const Evaluation e = evaluate(set, make_run("a", {{"gas", "oil"}, {"cup"}, {"x"}}));
  CHECK(e.unjudged == 1);
  REQUIRE(e.per_query.size() == 2);
  CHECK(e.query_index == std::vector<std::size_t>{0, 1});
  CHECK(e.summary.mrr10 == Approx(0.75));
  CHECK(e.summary.success1 == Approx(0.5));
  CHECK(e.top[0].size() == 2);
}

TEST_CASE("evaluation: a run with the wrong number of lists is refused") {
  CHECK_THROWS_AS(evaluate(three_queries(), make_run("a", {{"oil"}})), bahth::InputError);
}

TEST_CASE("evaluation: run_queries cuts at the depth and names the failing query") {
  const QuerySet set = three_queries();
  const Run run = run_queries(set, 2, [](const Query&) {
    return std::vector<Hit>{{"a", 3}, {"b", 2}, {"c", 1}};
  });
  REQUIRE(run.results.size() == 3);
  CHECK(run.results[0].size() == 2);
  CHECK_THROWS_WITH(run_queries(set, 10,
                                [](const Query& q) -> std::vector<Hit> {
                                  if (q.qid == "q2") throw bahth::Error("boom");
                                  return {};
                                }),
                    Contains("query 'q2'") && Contains("boom"));
}

TEST_CASE("report: the table has every variant, metric and the paired test") {
  const QuerySet set = three_queries();
  SetReport r;
  r.name = "tiny";
  r.queries = &set;
  r.variants.push_back(evaluate(set, make_run("base", {{"gas", "oil"}, {"x", "y", "cup"}, {}})));
  r.variants.push_back(evaluate(set, make_run("better", {{"oil"}, {"cup"}, {}})));
  const std::string t = format_table(r, 1000);
  CHECK_THAT(t, Contains("### tiny (2 queries, 1 without judgments skipped)"));
  CHECK_THAT(t, Contains("| variant"));
  CHECK_THAT(t, Contains("ΔMRR vs base"));
  CHECK_THAT(t, Contains("| base "));
  CHECK_THAT(t, Contains("0.417"));  // (1/2 + 1/3) / 2
  CHECK_THAT(t, Contains("1.000"));
  CHECK_THAT(t, Contains("+0.583"));
  CHECK_THAT(t, Contains("2/0/0"));
  const auto tests = compare_to_baseline(r, Metric::kMrr10, 1000);
  CHECK(tests[1].diff == Approx(1 - 5.0 / 12));
  CHECK(tests[1].p_sign == Approx(0.5));
}

TEST_CASE("report: worst queries show the expected document, the first hit and the analyzer's view") {
  const QuerySet set = three_queries();
  const Evaluation e = evaluate(set, make_run("v", {{"gas", "oil"}, {"cup"}, {}}));
  const bahth::Analyzer analyzer;
  const DocStore docs = store();
  WorstQueriesOptions opts;
  opts.count = 1;
  opts.title_indexed = false;
  const std::string w = format_worst_queries(set, e, analyzer, &docs, opts);
  CHECK_THAT(w, Contains("Worst 1 queries of 'v'"));
  CHECK_THAT(w, Contains("[q1] RR@10 0.500, first relevant at 2"));
  CHECK_THAT(w, Contains("أسعار→اسعار ✓"));
  CHECK_THAT(w, Contains("النفط→نفط ✓"));
  CHECK_THAT(w, Contains("expected : oil"));
  CHECK_THAT(w, Contains("النفط يهبط  [not indexed]"));
  CHECK_THAT(w, Contains("هبطت أسعار النفط في تعاملات أمس."));
  CHECK_THAT(w, !Contains("فقرة ثانية"));  // the lead is the first paragraph
  CHECK_THAT(w, Contains("first    : gas (score 10.000)"));
  CHECK_THAT(w, Contains("ارتفعت أسعار الغاز."));
  CHECK_THAT(w, !Contains("[q2]"));
}

TEST_CASE("report: a query word missing from the expected document is marked") {
  QuerySet set;
  set.queries.push_back({"q", "أسعار القمح في الأسواق", {{"oil", 1}}});
  const Evaluation e = evaluate(set, make_run("v", {{}}));
  const bahth::Analyzer analyzer;
  const DocStore docs = store();
  const std::string w = format_worst_queries(set, e, analyzer, &docs, {});
  CHECK_THAT(w, Contains("first relevant at — (not returned)"));
  CHECK_THAT(w, Contains("القمح→قمح ✗"));
  CHECK_THAT(w, Contains("في (stop)"));
  CHECK_THAT(w, Contains("first    : (no results)"));
}

TEST_CASE("report: the lead is cut at a word boundary") {
  std::string body;
  for (int i = 0; i < 100; ++i) body += "كلمة ";
  const std::string lead = lead_of(body, 50);
  CHECK(lead.size() <= 50 + std::string("…").size());
  CHECK(lead.ends_with("كلمة…"));
  CHECK(lead_of("قصير\nثان") == "قصير");
}

TEST_CASE("report: JSON output reads back per query") {
  const QuerySet set = three_queries();
  SetReport r;
  r.name = "tiny";
  r.queries = &set;
  r.variants.push_back(evaluate(set, make_run("base", {{"gas", "oil"}, {"cup"}, {}})));
  r.variants.push_back(evaluate(set, make_run("other", {{"oil"}, {"x"}, {}})));
  TempDir dir;
  const auto path = dir.write("r.json", to_json({r}, 100));
  CHECK_THAT(to_json({r}, 100), Contains("\"p_randomization\""));
  const auto back = read_json_run(path, "tiny", "other");
  REQUIRE(back.size() == 2);
  CHECK(back[0].first == "q1");
  CHECK(back[0].second.rr10 == 1.0);
  CHECK(back[1].first == "q2");
  CHECK(back[1].second.first_relevant_rank == 0);
  CHECK_THROWS_WITH(read_json_run(path, "tiny", ""), Contains("several variants"));
  CHECK_THROWS_WITH(read_json_run(path, "nope", "base"), Contains("no set 'nope'"));
}

TEST_CASE("report: documents file errors name the line") {
  TempDir dir;
  const auto path =
      dir.write("docs.jsonl", "{\"id\": \"a\", \"title\": \"t\", \"body\": \"b\"}\n{\"title\": \"x\"}\n");
  CHECK_THROWS_WITH(DocStore::load(path), Contains("docs.jsonl:2: field 'id'"));
  const auto ok = DocStore::load(dir.write("ok.jsonl", "{\"id\": \"a\", \"body\": \"b\"}\n"));
  REQUIRE(ok.find("a") != nullptr);
  CHECK(ok.find("a")->body == "b");
  CHECK(ok.find("zz") == nullptr);
}
