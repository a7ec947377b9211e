// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/eval/metrics.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <unordered_set>

#include "bahth/error.h"

namespace bahth::eval {

QueryScores score_ranking(const std::vector<std::string>& ranking,
                          const std::map<std::string, int>& judgments) {
  QueryScores s;
  std::vector<int> ideal;
  for (const auto& [id, grade] : judgments) {
    if (grade > 0) ideal.push_back(grade);
  }
  if (ideal.empty()) return s;
  std::sort(ideal.begin(), ideal.end(), std::greater<>());

  std::unordered_set<std::string_view> seen;
  double dcg = 0;
  std::size_t found100 = 0;
  std::size_t rank = 0;  // rank among distinct documents
  for (const std::string& id : ranking) {
    if (!seen.insert(id).second) continue;
    ++rank;
    auto it = judgments.find(id);
    const int grade = it == judgments.end() ? 0 : std::max(it->second, 0);
    if (grade == 0) continue;
    if (s.first_relevant_rank == 0) s.first_relevant_rank = rank;
    if (rank <= 10) dcg += grade / std::log2(static_cast<double>(rank) + 1.0);
    if (rank <= 100) ++found100;
  }
  double idcg = 0;
  for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) {
    idcg += ideal[i] / std::log2(static_cast<double>(i) + 2.0);
  }
  const std::size_t r = s.first_relevant_rank;
  s.rr10 = r >= 1 && r <= 10 ? 1.0 / static_cast<double>(r) : 0.0;
  s.success1 = r == 1 ? 1.0 : 0.0;
  s.success10 = r >= 1 && r <= 10 ? 1.0 : 0.0;
  s.ndcg10 = dcg / idcg;
  s.recall100 = static_cast<double>(found100) / static_cast<double>(ideal.size());
  return s;
}

Summary summarize(const std::vector<QueryScores>& scores) {
  Summary m;
  m.queries = scores.size();
  if (scores.empty()) return m;
  for (const QueryScores& s : scores) {
    m.mrr10 += s.rr10;
    m.ndcg10 += s.ndcg10;
    m.success1 += s.success1;
    m.success10 += s.success10;
    m.recall100 += s.recall100;
  }
  const auto n = static_cast<double>(scores.size());
  m.mrr10 /= n;
  m.ndcg10 /= n;
  m.success1 /= n;
  m.success10 /= n;
  m.recall100 /= n;
  return m;
}

const char* metric_name(Metric m) noexcept {
  switch (m) {
    case Metric::kMrr10:
      return "MRR@10";
    case Metric::kNdcg10:
      return "nDCG@10";
    case Metric::kSuccess1:
      return "S@1";
    case Metric::kSuccess10:
      return "S@10";
    case Metric::kRecall100:
      return "R@100";
  }
  return "?";
}

Metric parse_metric(const std::string& name) {
  std::string n;
  for (char c : name) n.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (n == "mrr@10" || n == "mrr") return Metric::kMrr10;
  if (n == "ndcg@10" || n == "ndcg") return Metric::kNdcg10;
  if (n == "s@1" || n == "success@1") return Metric::kSuccess1;
  if (n == "s@10" || n == "success@10") return Metric::kSuccess10;
  if (n == "r@100" || n == "recall@100") return Metric::kRecall100;
  throw InputError("unknown metric '" + name + "' (expected MRR@10, nDCG@10, S@1, S@10 or R@100)");
}

double metric_of(const QueryScores& s, Metric m) noexcept {
  switch (m) {
    case Metric::kMrr10:
      return s.rr10;
    case Metric::kNdcg10:
      return s.ndcg10;
    case Metric::kSuccess1:
      return s.success1;
    case Metric::kSuccess10:
      return s.success10;
    case Metric::kRecall100:
      return s.recall100;
  }
  return 0;
}

double metric_of(const Summary& s, Metric m) noexcept {
  switch (m) {
    case Metric::kMrr10:
      return s.mrr10;
    case Metric::kNdcg10:
      return s.ndcg10;
    case Metric::kSuccess1:
      return s.success1;
    case Metric::kSuccess10:
      return s.success10;
    case Metric::kRecall100:
      return s.recall100;
  }
  return 0;
}

}  // namespace bahth::eval
