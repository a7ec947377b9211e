// bahth — ranking metrics: MRR@10, nDCG@10 (graded), Success@1, Success@10, Recall@100.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace bahth::eval {

/// The scores of one ranked list against one query's judgments.
struct QueryScores {
  double rr10 = 0;       ///< 1/rank of the first relevant document in the top 10, else 0
  double ndcg10 = 0;     ///< nDCG@10 with linear gains (gain = grade), log2(rank + 1) discount
  double success1 = 0;   ///< 1 if the first document is relevant
  double success10 = 0;  ///< 1 if a relevant document is in the top 10
  double recall100 = 0;  ///< relevant documents in the top 100 / all relevant documents
  /// 1-based rank of the first relevant document anywhere in the list; 0 if none was returned.
  std::size_t first_relevant_rank = 0;
};

/// Scores a ranked list of document ids (best first) against judgments (id → grade; grade > 0 is
/// relevant). A document id that appears again later in the list is ignored there (only its first
/// rank counts). nDCG follows trec_eval's ndcg_cut.10: gains are the grades, the ideal ranking
/// sorts every judged grade > 0 in descending order. Precondition: at least one grade > 0 (the
/// caller skips unjudged queries); otherwise every score is 0.
QueryScores score_ranking(const std::vector<std::string>& ranking,
                          const std::map<std::string, int>& judgments);

/// Means over queries.
struct Summary {
  std::size_t queries = 0;
  double mrr10 = 0;
  double ndcg10 = 0;
  double success1 = 0;
  double success10 = 0;
  double recall100 = 0;
};

Summary summarize(const std::vector<QueryScores>& scores);

/// The metric names, in table order: "MRR@10", "nDCG@10", "S@1", "S@10", "R@100".
enum class Metric { kMrr10, kNdcg10, kSuccess1, kSuccess10, kRecall100 };
const char* metric_name(Metric m) noexcept;
/// Parses a metric name as printed by metric_name() (case-insensitive; also "mrr", "ndcg");
/// throws bahth::InputError otherwise.
Metric parse_metric(const std::string& name);
double metric_of(const QueryScores& s, Metric m) noexcept;
double metric_of(const Summary& s, Metric m) noexcept;

}  // namespace bahth::eval
