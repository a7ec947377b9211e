// bahth — relevance judgments for the evaluation harness: queries in JSON Lines, TREC qrels.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace bahth::eval {

/// One evaluation query and its judgments: document id → grade. A grade > 0 means relevant
/// (1 = relevant, 2 = highly relevant, …); 0 or less means judged not relevant.
struct Query {
  std::string qid;
  std::string text;
  std::map<std::string, int> judgments;

  /// Number of documents with a grade > 0.
  std::size_t relevant_count() const noexcept;
};

struct QuerySet {
  std::vector<Query> queries;
  /// Queries whose judgments were replaced by a qrels file but which no qrels line named (they
  /// are kept, with no judgments, and so are skipped by the metrics).
  std::size_t qrels_missing = 0;
  /// Qrels lines whose qid is not in the queries file (ignored).
  std::size_t qrels_unknown_qid = 0;
};

/// Reads queries from JSON Lines, one object per line:
///   {"qid": "q1", "query": "...", "relevant": ["doc-a", "doc-b"]}           (grade 1 each)
///   {"qid": "q1", "query": "...", "relevant": {"doc-a": 2, "doc-b": 1}}     (graded)
///   {"qid": "q1", "query": "...", "relevant": [{"id": "doc-a", "grade": 2}]} (graded)
/// "qid" may be a string or an integer; "relevant" may be left out when judgments come from a
/// qrels file. Other fields are ignored. Blank lines are skipped.
/// Throws bahth::InputError naming the file, line and field for anything else (a missing or empty
/// query, a duplicate qid, a grade that is not an integer, invalid JSON).
QuerySet read_queries(const std::string& path);

/// TREC qrels: one judgment per line, "qid iteration docid grade" separated by blanks (the
/// iteration column is ignored). Blank lines and lines starting with '#' are skipped.
/// Throws bahth::InputError naming the file and line for a malformed line.
std::map<std::string, std::map<std::string, int>> read_qrels(const std::string& path);

/// Replaces the judgments of every query in set with those of qrels (a query the qrels do not
/// name is left with none) and counts the mismatches in set.qrels_missing/qrels_unknown_qid.
void apply_qrels(QuerySet& set, const std::map<std::string, std::map<std::string, int>>& qrels);

}  // namespace bahth::eval
