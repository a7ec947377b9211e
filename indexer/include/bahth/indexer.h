// bahth — the indexer library: articles in, a Xapian database out.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// CONTRACT (shared with the searcher and the evaluation): index_inputs() and IndexOptions'
// `analyzer` and `include_title` members are used by other modules' tests and tools; keep them.
//
// The database layout (terms, value slots, metadata) is described in common/include/bahth/schema.h
// and docs/indexing.md; bahth/document_mapping.h builds one document.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/error.h"

namespace bahth {

/// A per-record ingestion failure: reported and counted, never silent, never fatal.
struct IngestError {
  std::string file;        ///< input path ("-" for standard input)
  std::uint64_t line = 0;  ///< 1-based line (0 when not line-based)
  std::string reason;      ///< human-readable, names the field when there is one
  std::string kind;        ///< short category ("invalid JSON", "bad date", ...; see ingest.h)
  bool skipped = true;     ///< false for a warning: the article was indexed (e.g. without date)
};

/// Formats an error the way the CLI prints it: "file:line: reason" (no line for whole files).
std::string format_ingest_error(const IngestError& error);

/// A snapshot of a running index_inputs(), for progress display.
struct IndexProgress {
  std::uint64_t articles = 0;     ///< records processed (written, unchanged or rejected)
  std::uint64_t bytes_read = 0;   ///< input bytes consumed
  std::uint64_t bytes_total = 0;  ///< total input size, 0 if unknown (standard input)
  std::uint64_t errors = 0;       ///< rejected records so far
  std::uint64_t committed = 0;    ///< documents in the database at the last commit
  double seconds = 0;             ///< since the start
  bool finishing = false;         ///< input done; committing or compacting
};

struct IndexOptions {
  AnalyzerOptions analyzer;       ///< must match the database's analyzer if it exists
  bool include_title = true;      ///< false: index bodies only (known-item evaluation)
  std::size_t batch_size = 1000;  ///< articles per commit (docs/indexing.md: "Batch size again")
  unsigned threads = 0;           ///< analysis threads; 0 = all cores
  /// Writer threads for a fresh build of one database (write-and-compact): each writes a part of
  /// the articles into its own temporary database and they are merged at the end; the first one
  /// is the target itself, so a killed run keeps its committed batches. 0 = one per core. Updates
  /// of a database that already holds documents always use one writer. Default 2: on an idle
  /// 2-core machine two writers index 20–30 % faster than one at every size measured, and since
  /// bahth compacts at Xapian's FULL level the merged database is still smaller than the
  /// benchmark baseline's; on a machine busy with other work the second writer costs 6–12 %
  /// more CPU (docs/indexing.md, "Two writers by default"). Not used for archives.
  unsigned writers = 2;
  /// Sharded archive (docs/scaling.md): N > 0 writes db_path as a directory of N shards
  /// (shard-000 …, each a bahth database) plus a Xapian stub file (XAPIANDB) listing them, each
  /// article in shard shards::shard_of(id, N), one writer thread per shard. An existing archive
  /// must have N shards (IndexIncompatibleError otherwise). 0: a plain database, or whatever
  /// archive is already at db_path.
  unsigned shards = 0;
  /// Segments of a fresh build: each writer (of a new database, or of each new shard of an
  /// archive) starts a new temporary database after this many articles, and every segment is
  /// merged into the target by compaction at the end. Xapian's cost of adding an article grows
  /// with the database it goes into (1.44 ms at 10,000 articles, 2.60 ms at 1,000,000:
  /// docs/benchmarks.md), so a large fresh build keeps the per-article cost of a small one. The
  /// first segment is the target itself, so a killed run keeps its committed batches. 0 = no
  /// segments. Updates of a database that already holds documents write into it directly.
  std::uint64_t segment_docs = 100000;
  bool spelling = false;                    ///< build spelling data for "did you mean"
  std::optional<std::uint64_t> max_errors;  ///< fail when more records than this are rejected
  /// Called for every rejected record and every warning (default: nothing; the CLI prints
  /// format_ingest_error()). Called from one thread at a time, in input order.
  std::function<void(const IngestError&)> on_error;

  /// Records (JSON lines, .txt files) larger than this are rejected without being kept in memory.
  std::size_t max_article_bytes = 10u << 20;
  /// Compact a freshly built database at the end (smaller, faster to search). Applies only when
  /// the database held no document at the start and the run was not cancelled.
  bool compact = true;
  /// Set to true (e.g. from a signal handler) to stop reading: what was read is written and
  /// committed, and index_inputs() returns with IndexStats::cancelled set. Not owned.
  const std::atomic<bool>* cancel = nullptr;
  /// Called about every progress_interval_ms from the writing thread, and once at the end.
  std::function<void(const IndexProgress&)> on_progress;
  unsigned progress_interval_ms = 250;
};

struct IndexStats {
  std::uint64_t indexed = 0;    ///< new articles
  std::uint64_t replaced = 0;   ///< existing ids whose content changed
  std::uint64_t unchanged = 0;  ///< existing ids with identical content (skipped)
  std::uint64_t deleted = 0;
  std::uint64_t rejected = 0;  ///< records skipped because of errors
  std::map<std::string, std::uint64_t> rejected_by_reason;
  std::uint64_t bytes_read = 0;
  double seconds = 0;

  std::uint64_t not_found = 0;  ///< ids given to delete_articles() that were not in the database
  std::uint64_t warnings = 0;   ///< accepted articles with a reported problem (bad date)
  std::map<std::string, std::uint64_t> warnings_by_reason;
  bool cancelled = false;       ///< IndexOptions::cancel was set; everything read was committed
  bool compacted = false;       ///< the fresh database was compacted at the end
  std::uint64_t doc_count = 0;  ///< documents in the database at the end
  std::uint64_t db_bytes = 0;   ///< size of the database files at the end
  /// A sharded archive: documents in each shard at the end (empty for a plain database).
  std::vector<std::uint64_t> shard_docs;

  /// Where index_inputs() spent its time (for benchmarks; zero for other operations). CPU seconds
  /// of the analysis threads together; of the writer thread(s) together (with one writer, the
  /// calling thread while it writes: handing out the documents is part of it); and the wall-clock
  /// seconds of the final merge and compaction.
  double analysis_cpu_seconds = 0;
  double writer_cpu_seconds = 0;
  double compact_seconds = 0;
};

/// Thrown by index_inputs() when more than IndexOptions::max_errors records were rejected.
/// Everything written before that point is committed; stats() tells what was done.
class TooManyErrorsError : public Error {
 public:
  TooManyErrorsError(const std::string& message, IndexStats stats)
      : Error(message), stats_(std::move(stats)) {}
  const IndexStats& stats() const noexcept { return stats_; }

 private:
  IndexStats stats_;
};

/// Indexes every input (JSONL, .jsonl.gz, a directory, or "-" for standard input) into the
/// database at db_path, creating it if needed. Throws bahth::IndexLockedError if another writer
/// holds the database, bahth::IndexIncompatibleError if it was built by another analyzer or
/// schema, bahth::InputError if an input cannot be opened at all, and bahth::Error
/// (TooManyErrorsError) if more than max_errors records are rejected (everything before that point
/// is committed).
///
/// Pipeline: one thread reads records, IndexOptions::threads threads validate and analyze them
/// into documents, one thread writes them in input order and commits every batch_size articles.
/// Memory is bounded by a few batches whatever the input size.
IndexStats index_inputs(const std::string& db_path, const std::vector<std::string>& inputs,
                        const IndexOptions& options);

/// Deletes the articles with the given ids (Q terms) and commits every batch_size deletions.
/// Ids that are not in the database are counted in IndexStats::not_found. Only batch_size is
/// used from options (any analyzer's database can be deleted from). Throws IndexLockedError,
/// IndexNotFoundError when there is no database at db_path, IndexError otherwise.
/// For a sharded archive, each id is deleted from the shard that holds it.
IndexStats delete_articles(const std::string& db_path, const std::vector<std::string>& ids,
                           const IndexOptions& options);

/// Rewrites the database at db_path — each shard, for a sharded archive — compacted, as a fresh
/// build is. Xapian's compaction fills every block, so the first update of a compacted database
/// splits them and it grows fast (1,000 articles added to 20,000 took it from 127 to 226 MB:
/// docs/indexing.md); this gives the space back. Holds the write lock throughout
/// (IndexLockedError if another writer has it) and swaps the compacted copy into place in one
/// step: readers keep the revision they have open and find the compacted copy when they reopen.
/// Throws IndexNotFoundError when there is no database. Only options.on_progress is used
/// (called once, with finishing set, before the compaction).
IndexStats compact_database(const std::string& db_path, const IndexOptions& options);

/// Merges the databases at sources (plain bahth databases, shards, sharded archives) into one new
/// database at out_path with Xapian's compaction. All sources must have the same analyzer id and
/// schema version (IndexIncompatibleError), and no article id may be in two of them
/// (IndexIncompatibleError naming it). out_path must not exist or be an empty directory
/// (IndexError otherwise). The result is a plain database (no shard tag). Only options'
/// on_progress is used (called once before the compaction).
IndexStats merge_databases(const std::string& out_path, const std::vector<std::string>& sources,
                           const IndexOptions& options);

/// What a bahth database says about itself (read-only; never takes the write lock).
struct IndexInfo {
  std::string analyzer_id;  ///< metadata bahth.analyzer ("" if missing)
  int schema_version = 0;   ///< metadata bahth.schema (0 if missing)
  std::uint64_t doc_count = 0;
  std::uint64_t db_bytes = 0;
};

/// Reads IndexInfo. Throws IndexNotFoundError when there is no database at db_path.
IndexInfo read_index_info(const std::string& db_path);

/// Total size in bytes of the regular files under path (0 if it does not exist).
std::uint64_t directory_bytes(const std::string& path);

}  // namespace bahth
