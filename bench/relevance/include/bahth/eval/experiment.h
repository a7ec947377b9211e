// bahth — evaluation experiments: variants (analyzer and ranking choices), evaluation sets,
// cached variant indexes, and running a set's queries through bahth::Searcher.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/eval/evaluation.h"
#include "bahth/eval/judgments.h"
#include "bahth/searcher.h"

namespace bahth::eval {

/// How a query's text is given to the searcher.
enum class QueryMode {
  kWords,  ///< the words only, as the analyzer's tokenizer finds them: quotes, ':', '-', '*'
           ///< and parentheses of natural-language questions and headlines never become
           ///< query-language operators (the default: these sets are plain text)
  kRaw,    ///< the text as written, through bahth's query language
};

/// One system to evaluate: the analyzer that builds its index, and the ranking options of the
/// searches. Written on the command line as NAME (bahth, light10, snowball, nostem) or
/// LABEL=BASE,key=value,… with keys
///   analyzer: stemmer=bahth|light10|snowball|none, fold_hamza_seats=0|1,
///             fold_teh_marbuta=0|1, fold_alef_maqsura=0|1;
///   ranking:  k1=X, b=X, title_boost=X, exact_boost=X, operator=or|and|and_then_or.
struct Variant {
  std::string name;
  AnalyzerOptions analyzer;
  RankingOptions ranking;
  /// The spec's key=value pairs as given, for the record.
  std::map<std::string, std::string> settings;
};

/// Parses a variant spec; throws bahth::InputError naming the spec and the bad key or value.
Variant parse_variant(const std::string& spec);

/// The analyzer options whose Analyzer::id_for() is id (any stemmer, any normalizer choice);
/// throws bahth::InputError if none is.
AnalyzerOptions analyzer_options_for_id(const std::string& id);

/// The four analyzers of the issue, in table order: nostem, snowball, light10, bahth.
std::vector<Variant> default_variants();

/// A test collection: documents, queries with judgments, and whether titles are indexed.
struct EvalSet {
  std::string name;
  std::string docs;     ///< JSON Lines with id, title?, body
  std::string queries;  ///< JSON Lines queries (see read_queries)
  std::string qrels;    ///< optional TREC qrels replacing the queries' judgments
  bool include_title = true;
};

/// Parses NAME,docs=PATH,queries=PATH[,qrels=PATH][,title=yes|no]; throws bahth::InputError.
EvalSet parse_set(const std::string& spec);

/// Called with progress messages ("building index …").
using Log = std::function<void(const std::string&)>;

struct IndexCacheOptions {
  std::string workdir;   ///< indexes live in workdir/<set>/<analyzer id>[-notitle]-<fingerprint>
  bool rebuild = false;  ///< rebuild even if a matching index is cached
  unsigned threads = 2;  ///< analysis threads for index_inputs
};

/// A short hex fingerprint of everything that decides the index's content: the analyzer id, its
/// output on a sample of the documents (so a changed stemmer table or stopword list gives a new
/// index even when the id did not change), the schema constants, whether titles are indexed,
/// and the documents file's size and modification time.
std::string index_fingerprint(const EvalSet& set, const Analyzer& analyzer);

/// Returns the path of an index of set built with analyzer options; builds it (into a temporary
/// directory, renamed when complete) unless a matching one is cached.
/// Throws bahth::Error (from the indexer) or bahth::InputError.
std::string ensure_index(const EvalSet& set, const AnalyzerOptions& analyzer,
                         const IndexCacheOptions& options, const Log& log);

/// The text given to the searcher for query text in the given mode.
std::string query_text(const Analyzer& analyzer, const std::string& text, QueryMode mode);

struct RunOptions {
  std::size_t depth = 100;
  QueryMode mode = QueryMode::kWords;
};

/// Runs every query of queries against the index at db_path with the variant's ranking options.
Run run_variant(const std::string& db_path, const QuerySet& queries, const Variant& variant,
                const RunOptions& options);

}  // namespace bahth::eval
