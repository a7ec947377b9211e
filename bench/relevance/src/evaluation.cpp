// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/eval/evaluation.h"

#include <algorithm>
#include <exception>

#include "bahth/error.h"

namespace bahth::eval {

Run run_queries(const QuerySet& set, std::size_t depth,
                const std::function<std::vector<Hit>(const Query&)>& retrieve) {
  Run run;
  run.results.reserve(set.queries.size());
  for (const Query& q : set.queries) {
    std::vector<Hit> hits;
    try {
      hits = retrieve(q);
    } catch (const std::exception& e) {
      throw Error("query '" + q.qid + "' (" + q.text + "): " + e.what());
    }
    if (hits.size() > depth) hits.resize(depth);
    run.results.push_back(std::move(hits));
  }
  return run;
}

Evaluation evaluate(const QuerySet& set, const Run& run) {
  if (run.results.size() != set.queries.size()) {
    throw InputError("run '" + run.name + "' has " + std::to_string(run.results.size()) +
                     " result lists for " + std::to_string(set.queries.size()) + " queries");
  }
  Evaluation e;
  e.name = run.name;
  e.analyzer_id = run.analyzer_id;
  e.settings = run.settings;
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < set.queries.size(); ++i) {
    const Query& q = set.queries[i];
    if (q.relevant_count() == 0) {
      ++e.unjudged;
      continue;
    }
    ids.clear();
    for (const Hit& h : run.results[i]) ids.push_back(h.id);
    e.query_index.push_back(i);
    e.per_query.push_back(score_ranking(ids, q.judgments));
    const auto& hits = run.results[i];
    e.top.emplace_back(hits.begin(),
                       hits.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(hits.size(), 10)));
  }
  e.summary = summarize(e.per_query);
  return e;
}

std::vector<double> per_query_values(const Evaluation& e, Metric m) {
  std::vector<double> v;
  v.reserve(e.per_query.size());
  for (const QueryScores& s : e.per_query) v.push_back(metric_of(s, m));
  return v;
}

}  // namespace bahth::eval
