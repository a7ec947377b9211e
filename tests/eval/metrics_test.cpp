// Metrics against values computed by hand.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include <cmath>

#include "bahth/error.h"
#include "bahth/eval/metrics.h"

using bahth::eval::QueryScores;
using bahth::eval::score_ranking;
using Catch::Detail::Approx;

TEST_CASE("metrics: binary judgments, first relevant at rank 2") {
  // DCG = 1/log2(3) + 1/log2(5) = 0.630930 + 0.430677; IDCG = 1 + 1/log2(3).
  const QueryScores s = score_ranking({"x", "a", "y", "b", "z"}, {{"a", 1}, {"b", 1}});
  CHECK(s.first_relevant_rank == 2);
  CHECK(s.rr10 == Approx(0.5));
  CHECK(s.success1 == 0.0);
  CHECK(s.success10 == 1.0);
  CHECK(s.recall100 == 1.0);
  CHECK(s.ndcg10 == Approx((1 / std::log2(3.0) + 1 / std::log2(5.0)) / (1 + 1 / std::log2(3.0))));
  CHECK(s.ndcg10 == Approx(0.650921).epsilon(1e-5));
}

TEST_CASE("metrics: graded gains are the grades (trec_eval ndcg_cut)") {
  // ranking b(1) c(0) a(2): DCG = 1/1 + 0 + 2/log2(4) = 2; IDCG = 2/1 + 1/log2(3) = 2.630930.
  const QueryScores s = score_ranking({"b", "c", "a"}, {{"a", 2}, {"b", 1}, {"c", 0}});
  CHECK(s.rr10 == 1.0);
  CHECK(s.success1 == 1.0);
  CHECK(s.ndcg10 == Approx(2.0 / (2.0 + 1 / std::log2(3.0))));
  CHECK(s.ndcg10 == Approx(0.760190).epsilon(1e-5));
  // The ideal order gives 1.
  CHECK(score_ranking({"a", "b", "c"}, {{"a", 2}, {"b", 1}, {"c", 0}}).ndcg10 == Approx(1.0));
}

TEST_CASE("metrics: cut-offs at 10 and 100") {
  std::vector<std::string> ranking;
  for (int i = 1; i <= 150; ++i) ranking.push_back("d" + std::to_string(i));
  struct Row {
    std::string relevant;
    std::size_t rank;
    double rr, s10, r100, ndcg;
  };
  auto row = GENERATE(Row{"d1", 1, 1.0, 1.0, 1.0, 1.0},                    //
                      Row{"d10", 10, 0.1, 1.0, 1.0, 1 / std::log2(11.0)},  //
                      Row{"d11", 11, 0.0, 0.0, 1.0, 0.0},                  //
                      Row{"d100", 100, 0.0, 0.0, 1.0, 0.0},                //
                      Row{"d101", 101, 0.0, 0.0, 0.0, 0.0},                //
                      Row{"missing", 0, 0.0, 0.0, 0.0, 0.0});
  CAPTURE(row.relevant);
  const QueryScores s = score_ranking(ranking, {{row.relevant, 1}});
  CHECK(s.first_relevant_rank == row.rank);
  CHECK(s.rr10 == Approx(row.rr));
  CHECK(s.success10 == row.s10);
  CHECK(s.recall100 == row.r100);
  CHECK(s.ndcg10 == Approx(row.ndcg));
}

TEST_CASE("metrics: recall counts every relevant document") {
  std::vector<std::string> ranking;
  for (int i = 1; i <= 120; ++i) ranking.push_back("d" + std::to_string(i));
  const QueryScores s = score_ranking(ranking, {{"d5", 1}, {"d110", 1}, {"d7", 0}, {"nowhere", 2}});
  CHECK(s.recall100 == Approx(1.0 / 3.0));
  CHECK(s.first_relevant_rank == 5);
  CHECK(s.rr10 == Approx(0.2));
}

TEST_CASE("metrics: a repeated document counts at its first rank only") {
  const QueryScores s = score_ranking({"x", "x", "x", "a"}, {{"a", 1}});
  CHECK(s.first_relevant_rank == 2);
  CHECK(s.rr10 == Approx(0.5));
}

TEST_CASE("metrics: grades of zero or below are not relevant") {
  const QueryScores s = score_ranking({"n", "z", "a"}, {{"n", -1}, {"z", 0}, {"a", 1}});
  CHECK(s.first_relevant_rank == 3);
  CHECK(s.rr10 == Approx(1.0 / 3.0));
  CHECK(s.ndcg10 == Approx(0.5));  // 1/log2(4) over 1
}

TEST_CASE("metrics: no relevant document gives zeros") {
  const QueryScores s = score_ranking({"a"}, {{"a", 0}});
  CHECK(s.rr10 == 0);
  CHECK(s.ndcg10 == 0);
  CHECK(s.recall100 == 0);
  CHECK(s.first_relevant_rank == 0);
}

TEST_CASE("metrics: summaries are means over queries") {
  std::vector<QueryScores> v(4);
  v[0].rr10 = 1, v[0].success1 = 1, v[0].success10 = 1, v[0].ndcg10 = 1, v[0].recall100 = 1;
  v[1].rr10 = 0.5, v[1].success10 = 1, v[1].ndcg10 = 0.5, v[1].recall100 = 1;
  v[2].rr10 = 0.25, v[2].success10 = 1, v[2].recall100 = 0.5;
  const auto m = bahth::eval::summarize(v);
  CHECK(m.queries == 4);
  CHECK(m.mrr10 == Approx(1.75 / 4));
  CHECK(m.success1 == Approx(0.25));
  CHECK(m.success10 == Approx(0.75));
  CHECK(m.ndcg10 == Approx(1.5 / 4));
  CHECK(m.recall100 == Approx(2.5 / 4));
  CHECK(bahth::eval::summarize({}).queries == 0);
}

TEST_CASE("metrics: names parse back") {
  using bahth::eval::Metric;
  auto m =
      GENERATE(Metric::kMrr10, Metric::kNdcg10, Metric::kSuccess1, Metric::kSuccess10, Metric::kRecall100);
  CHECK(bahth::eval::parse_metric(bahth::eval::metric_name(m)) == m);
  CHECK(bahth::eval::parse_metric("mrr") == Metric::kMrr10);
  CHECK_THROWS_AS(bahth::eval::parse_metric("map"), bahth::InputError);
}
