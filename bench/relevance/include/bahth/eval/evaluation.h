// bahth — runs (ranked lists per query) and their evaluation against judgments.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bahth/eval/judgments.h"
#include "bahth/eval/metrics.h"

namespace bahth::eval {

struct Hit {
  std::string id;
  double score = 0;
};

/// What one system returned for every query of a set.
struct Run {
  std::string name;         ///< variant name as given on the command line ("bahth", "nostem", …)
  std::string analyzer_id;  ///< the index's analyzer id
  /// Everything else that defines the variant (ranking knobs, indexing choices), for the record.
  std::map<std::string, std::string> settings;
  /// Ranked hits (best first), parallel to QuerySet::queries.
  std::vector<std::vector<Hit>> results;
};

/// Runs every query of set through retrieve (which returns at most depth hits, best first).
/// retrieve may throw; the exception is rethrown as bahth::Error naming the qid.
Run run_queries(const QuerySet& set, std::size_t depth,
                const std::function<std::vector<Hit>(const Query&)>& retrieve);

/// A run scored against the judgments. Queries with no relevant document are skipped (as
/// trec_eval does) and counted in `unjudged`.
struct Evaluation {
  std::string name;
  std::string analyzer_id;
  std::map<std::string, std::string> settings;
  std::vector<std::size_t> query_index;  ///< index into QuerySet::queries of each scored query
  std::vector<QueryScores> per_query;    ///< parallel to query_index
  std::vector<std::vector<Hit>> top;     ///< the first hits of each scored query (up to 10)
  Summary summary;
  std::size_t unjudged = 0;
};

/// Throws bahth::InputError if run.results does not have one entry per query.
Evaluation evaluate(const QuerySet& set, const Run& run);

/// The per-query values of one metric, parallel to e.query_index.
std::vector<double> per_query_values(const Evaluation& e, Metric m);

}  // namespace bahth::eval
