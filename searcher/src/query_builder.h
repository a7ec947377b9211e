// bahth — syntax tree → Xapian query, every word through the index's own Analyzer.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/searcher.h"
#include "query_parser.h"

namespace bahth::detail {

/// What the snippet maker highlights: a body or title word matches when its stem is in stems or
/// its normalized form is in exacts. The mapped int identifies the query item the word belongs
/// to, so windows can be scored by how many different items they show.
struct HighlightTerms {
  std::unordered_map<std::string, int> stems;
  std::unordered_map<std::string, int> exacts;
  int items = 0;
  bool empty() const noexcept { return stems.empty() && exacts.empty(); }
};

/// A plain word of the query, for "did you mean".
struct SpellWord {
  std::size_t begin = 0;  ///< byte range in the query text
  std::size_t end = 0;
  std::string normalized;
};

struct BuildOptions {
  RankingOptions ranking;
  std::size_t max_prefix_expansion = 100;
};

struct BuiltQuery {
  Xapian::Query query;  ///< empty (Xapian::Query()) when nothing is searchable
  bool empty = true;
  std::string description;
  std::vector<std::string> warnings;
  HighlightTerms highlight;
  std::vector<SpellWord> spell_words;
  /// Terms that enter the query only with a scaled weight (the exact-form bonus), with the
  /// factor, so explanations add up to the score; 0 for title terms that only filter.
  std::map<std::string, double> term_scale;
  /// True if some group of two or more plain items was combined with the default operator
  /// (so kAndThenOr's fallback could change the result).
  bool default_operator_used = false;
};

/// Builds the Xapian query for a parsed query. db is used to expand prefixes and to resolve
/// source/category names; op is the default operator to apply (kAndThenOr counts as kAnd).
/// Throws Xapian::Error (the caller maps it).
BuiltQuery build_query(const ParsedQuery& parsed, const Analyzer& analyzer, const Xapian::Database& db,
                       const BuildOptions& options, DefaultOperator op);

/// The article forms tried in front of a prefix: ال وال بال كال فال لل.
const std::vector<std::string>& article_forms();

}  // namespace bahth::detail
