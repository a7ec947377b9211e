// bahth — what the harness prints: the side-by-side table, the worst queries, JSON.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "bahth/eval/evaluation.h"
#include "bahth/eval/judgments.h"
#include "bahth/eval/metrics.h"
#include "bahth/eval/significance.h"

namespace bahth {
class Analyzer;
}

namespace bahth::eval {

/// Titles and bodies of a document collection (JSON Lines with "id", "title"?, "body"), for
/// showing what was expected and what came first.
class DocStore {
 public:
  struct Doc {
    std::string title;
    std::string body;
  };
  /// Throws bahth::InputError naming file and line for unreadable files, invalid JSON or records
  /// without a string "id".
  static DocStore load(const std::string& path);
  const Doc* find(const std::string& id) const;
  std::size_t size() const noexcept { return docs_.size(); }
  void add(std::string id, Doc doc) { docs_.insert_or_assign(std::move(id), std::move(doc)); }

 private:
  std::unordered_map<std::string, Doc> docs_;
};

/// The lead of a body: its first paragraph, cut at a word boundary near max_bytes (with "…").
std::string lead_of(const std::string& body, std::size_t max_bytes = 280);

/// One evaluated set: several variants of the same queries.
struct SetReport {
  std::string name;         ///< e.g. "known-item" or "arcd"
  std::string description;  ///< e.g. the docs and queries paths
  const QuerySet* queries = nullptr;
  std::vector<Evaluation> variants;
  std::size_t baseline = 0;  ///< index of the variant the others are compared with
};

/// Paired tests of every variant against the baseline on one metric (entry for the baseline
/// itself is a no-op test).
std::vector<PairedTest> compare_to_baseline(const SetReport& report, Metric metric,
                                            std::size_t trials = 10000);

/// Markdown table: one row per variant with every metric, then ΔMRR@10 against the baseline with
/// the randomization and sign-test p-values and wins/losses.
std::string format_table(const SetReport& report, std::size_t trials = 10000);

struct WorstQueriesOptions {
  std::size_t count = 10;
  bool title_indexed = true;  ///< false: say that the expected title is not in the index
};

/// The worst queries of one variant (lowest RR@10, then the expected document furthest down, then
/// lowest nDCG@10),
/// each with: the query and the analyzer's view of it (word → stem, stopwords, and whether each
/// stem occurs in the expected document), the expected document and its rank, its title and lead
/// with their stems, and the document that came first. docs may be null (ids only).
std::string format_worst_queries(const QuerySet& set, const Evaluation& e, const Analyzer& analyzer,
                                 const DocStore* docs, const WorstQueriesOptions& options);

/// JSON for later comparisons: {"set", "description", "baseline", "variants": [{"name",
/// "analyzer", "settings", "summary": {…}, "unjudged", "per_query": [{"qid", "rr10", "ndcg10",
/// "success1", "success10", "recall100", "rank", "top": [ids]}]}], "comparisons": [...]}.
std::string to_json(const std::vector<SetReport>& reports, std::size_t trials = 10000);

/// Reads one variant's per-query scores back from a to_json() file: the variant named `variant`
/// of the set named `set` (empty: the only set / the only variant). Returns qid → scores.
/// Throws bahth::InputError if the file, set or variant is not found.
std::vector<std::pair<std::string, QueryScores>> read_json_run(const std::string& path,
                                                               const std::string& set,
                                                               const std::string& variant);

}  // namespace bahth::eval
