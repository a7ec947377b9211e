// bahth — the indexer library: articles in, a Xapian database out.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// CONTRACT (shared with the searcher and the evaluation): index_inputs() and IndexOptions'
// `analyzer` and `include_title` members are used by other modules' tests and tools; keep them.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bahth/analyzer.h"

namespace bahth {

/// A per-record ingestion failure: reported and counted, never silent, never fatal.
struct IngestError {
  std::string file;        ///< input path ("-" for standard input)
  std::uint64_t line = 0;  ///< 1-based line (0 when not line-based)
  std::string reason;
};

struct IndexOptions {
  AnalyzerOptions analyzer;          ///< must match the database's analyzer if it exists
  bool include_title = true;         ///< false: index bodies only (known-item evaluation)
  std::size_t batch_size = 2000;     ///< articles per commit
  unsigned threads = 0;              ///< analysis threads; 0 = all cores
  bool spelling = false;             ///< build spelling data for "did you mean"
  std::optional<std::uint64_t> max_errors;  ///< fail when more records than this are rejected
  /// Called for every rejected record (default: nothing; the CLI prints file:line: reason).
  std::function<void(const IngestError&)> on_error;
};

struct IndexStats {
  std::uint64_t indexed = 0;     ///< new articles
  std::uint64_t replaced = 0;    ///< existing ids whose content changed
  std::uint64_t unchanged = 0;   ///< existing ids with identical content (skipped)
  std::uint64_t deleted = 0;
  std::uint64_t rejected = 0;    ///< records skipped because of errors
  std::map<std::string, std::uint64_t> rejected_by_reason;
  std::uint64_t bytes_read = 0;
  double seconds = 0;
};

/// Indexes every input (JSONL, .jsonl.gz, a directory, or "-" for standard input) into the
/// database at db_path, creating it if needed. Throws bahth::IndexLockedError if another writer
/// holds the database, bahth::IndexIncompatibleError if it was built by another analyzer or
/// schema, bahth::InputError if an input cannot be opened at all, and bahth::Error if more than
/// max_errors records are rejected (everything before that point is committed).
IndexStats index_inputs(const std::string& db_path, const std::vector<std::string>& inputs,
                        const IndexOptions& options);

}  // namespace bahth
