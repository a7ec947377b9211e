// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/indexer.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <unistd.h>

#include <fmt/format.h>
#include <xapian.h>

#include "bahth/document_mapping.h"
#include "bahth/error.h"
#include "bahth/ingest.h"
#include "bahth/schema.h"
#include "bahth/shards.h"
#include "bahth/thread_cpu.h"
#include "database.h"

namespace bahth {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A unit of work: consecutive raw records, analyzed by one worker, written in sequence.
struct Chunk {
  std::uint64_t seq = 0;
  std::vector<RawRecord> raws;
  std::uint64_t bytes_read = 0;  // reader position after the last record of the chunk

  struct Item {
    std::optional<MappedArticle> mapped;
    // Set instead of mapped when the snapshot says the article is unchanged: the writer checks
    // the live database and maps it only if that turns out wrong.
    std::optional<Article> maybe_unchanged;
    std::string maybe_unchanged_hash;
    std::vector<IngestError> problems;
  };
  std::vector<Item> items;
};

constexpr std::size_t kChunkRecords = 64;
constexpr std::size_t kChunkBytes = 1u << 20;

/// Reader → workers → writer, with at most max_in_flight chunks between the reader and the
/// writer, so memory stays bounded whatever the input size.
class Pipeline {
 public:
  explicit Pipeline(std::size_t max_in_flight) : max_in_flight_(max_in_flight) {}

  // Reader side. Returns false when the pipeline was stopped.
  bool push_work(Chunk&& c) {
    std::unique_lock lock(mu_);
    can_read_.wait(lock, [&] { return in_flight_ < max_in_flight_ || stopped_; });
    if (stopped_) return false;
    ++in_flight_;
    work_.push_back(std::move(c));
    has_work_.notify_one();
    return true;
  }
  void reader_done() {
    std::lock_guard lock(mu_);
    reader_done_ = true;
    has_work_.notify_all();
    has_result_.notify_all();
  }

  // Worker side.
  std::optional<Chunk> pop_work() {
    std::unique_lock lock(mu_);
    has_work_.wait(lock, [&] { return !work_.empty() || reader_done_ || stopped_; });
    if (work_.empty() || stopped_) return std::nullopt;
    Chunk c = std::move(work_.front());
    work_.pop_front();
    return c;
  }
  void push_result(Chunk&& c) {
    std::lock_guard lock(mu_);
    results_.emplace(c.seq, std::move(c));
    has_result_.notify_one();
  }
  void worker_done() {
    std::lock_guard lock(mu_);
    ++workers_done_;
    has_result_.notify_all();
  }

  // Writer side: the next chunk in sequence, or nullopt at the end. Waits at most timeout.
  enum class Next { kChunk, kTimeout, kEnd };
  Next pop_result(std::uint64_t seq, unsigned workers, Chunk& out, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    const bool ready = has_result_.wait_for(lock, timeout, [&] {
      return results_.contains(seq) || (reader_done_ && workers_done_ == workers && work_.empty());
    });
    if (!ready) return Next::kTimeout;
    auto it = results_.find(seq);
    if (it == results_.end()) return Next::kEnd;
    out = std::move(it->second);
    results_.erase(it);
    --in_flight_;
    can_read_.notify_one();
    return Next::kChunk;
  }

  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    can_read_.notify_all();
    has_work_.notify_all();
    has_result_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable can_read_, has_work_, has_result_;
  std::deque<Chunk> work_;
  std::map<std::uint64_t, Chunk> results_;
  std::size_t in_flight_ = 0;
  std::size_t max_in_flight_;
  unsigned workers_done_ = 0;
  bool reader_done_ = false;
  bool stopped_ = false;
};

/// Looks up an id's content hash in a read-only snapshot of the database (one per worker).
class Snapshot {
 public:
  explicit Snapshot(const std::string& path) : path_(path) {
    try {
      db_ = Xapian::Database(path);
      ok_ = true;
    } catch (const Xapian::Error&) {
      ok_ = false;
    }
  }
  // The stored hash, or "" when unknown.
  std::string hash_of(const std::string& id_term) {
    if (!ok_) return {};
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        Xapian::PostingIterator p = db_.postlist_begin(id_term);
        if (p == db_.postlist_end(id_term)) return {};
        return db_.get_document(*p).get_value(schema::kSlotContentHash);
      } catch (const Xapian::DatabaseModifiedError&) {
        try {
          db_.reopen();
        } catch (const Xapian::Error&) {
          ok_ = false;
          return {};
        }
      } catch (const Xapian::Error&) {
        return {};
      }
    }
    return {};
  }

 private:
  std::string path_;
  Xapian::Database db_;
  bool ok_ = false;
};

void analyze_chunk(const Analyzer& analyzer, const MappingOptions& mopts, Snapshot* snapshot, Chunk& c) {
  c.items.resize(c.raws.size());
  for (std::size_t i = 0; i < c.raws.size(); ++i) {
    RawRecord& raw = c.raws[i];
    Chunk::Item& item = c.items[i];
    RecordParse parsed;
    switch (raw.kind) {
      case RawRecord::Kind::kError:
        item.problems.push_back(std::move(raw.error));
        continue;
      case RawRecord::Kind::kJsonLine:
        parsed = parse_json_record(raw.text, raw.origin);
        break;
      case RawRecord::Kind::kTextFile:
        parsed = parse_text_record(raw.text, raw.text_id, raw.origin);
        break;
    }
    item.problems = std::move(parsed.problems);
    if (!parsed.article) continue;
    if (snapshot != nullptr) {
      std::string hash = content_hash(*parsed.article, mopts);
      if (snapshot->hash_of(std::string(schema::kPrefixId) + parsed.article->id) == hash) {
        item.maybe_unchanged = std::move(parsed.article);
        item.maybe_unchanged_hash = std::move(hash);
        continue;
      }
    }
    item.mapped = map_article(analyzer, *parsed.article, mopts);
    std::string().swap(raw.text);  // free the input early
  }
  c.raws.clear();
  c.raws.shrink_to_fit();
}

/// A new temporary database next to the target (a write-and-compact part or a segment): no fsync,
/// the run's analyzer id and schema version, to be merged into the target by compaction.
Xapian::WritableDatabase create_temporary(const std::string& path, const std::string& analyzer_id,
                                          const char* what) {
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
    db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer_id);
    db.set_metadata(std::string(schema::kMetaSchema), std::to_string(schema::kSchemaVersion));
    return db;
  } catch (const Xapian::Error& e) {
    detail::rethrow_xapian(e, path, what);
  }
}

/// Writes documents into one WritableDatabase, committing every batch_size changes. Used by
/// one thread at a time (Xapian's writer is not thread-safe).
///
/// A fresh build is written in segments (IndexOptions::segment_docs): the target database takes
/// the first segment's articles, then each further segment goes into a temporary database next to
/// segment_base ("shard-TAG-seg-J", removed by remove_leftovers), to be merged into the target
/// by compaction. An id seen again later in the run is replaced in the segment that holds it.
class Writer {
 public:
  Writer(Xapian::WritableDatabase db, std::string path, const Analyzer& analyzer, const MappingOptions& mopts,
         const IndexOptions& options, std::string segment_base = {}, std::string segment_tag = "0")
      : db_(std::move(db)),
        path_(std::move(path)),
        analyzer_(analyzer),
        mopts_(mopts),
        options_(options),
        segment_base_(segment_base.empty() ? path_ : std::move(segment_base)),
        segment_tag_(std::move(segment_tag)) {
    try {
      fresh_ = db_.get_doccount() == 0;
      resumed_ = !fresh_ && db_.get_metadata(std::string(schema::kMetaUnfinished)) == "1";
      db_.begin_transaction(true);
    } catch (const Xapian::Error& e) {
      detail::rethrow_xapian(e, path_, "opening");
    }
  }

  bool fresh() const { return fresh_; }
  /// The database holds an unfinished fresh build (schema::kMetaUnfinished): compact it at the end.
  bool resumed() const { return resumed_; }
  /// Marks a fresh target database as an unfinished build, from its first commit on.
  void mark_unfinished() {
    try {
      db_.set_metadata(std::string(schema::kMetaUnfinished), "1");
    } catch (const Xapian::Error& e) {
      detail::rethrow_xapian(e, path_, "writing to");
    }
  }
  /// Before the compaction that finishes a build (after the last commit): clears the mark.
  void clear_unfinished() {
    try {
      if (db_.get_metadata(std::string(schema::kMetaUnfinished)).empty()) return;
      db_.set_metadata(std::string(schema::kMetaUnfinished), "");
      db_.commit();
    } catch (const Xapian::Error& e) {
      detail::rethrow_xapian(e, path_, "committing to");
    }
  }
  /// The target database (the first segment).
  Xapian::WritableDatabase& db() { return db_; }
  const std::string& path() const { return path_; }
  const IndexStats& stats() const { return stats_; }
  std::uint64_t committed_docs() const { return committed_docs_.load(std::memory_order_relaxed); }
  /// The temporary segment databases written so far (after the target), oldest first.
  std::vector<std::string> segment_paths() const {
    std::vector<std::string> paths;
    for (const Segment& s : segments_) paths.push_back(s.path);
    return paths;
  }

  void write(MappedArticle& m) {
    try {
      write_one(m);
    } catch (const Xapian::Error& e) {
      detail::rethrow_xapian(e, current_path(), "writing to");
    }
  }

  // An article the snapshot found unchanged: check the live database, map it if needed.
  void write_maybe_unchanged(const Article& a, const std::string& hash) {
    try {
      const std::string id_term = std::string(schema::kPrefixId) + a.id;
      Xapian::PostingIterator p = db_.postlist_begin(id_term);
      if (p != db_.postlist_end(id_term) &&
          db_.get_document(*p).get_value(schema::kSlotContentHash) == hash) {
        ++stats_.unchanged;
        return;
      }
      MappedArticle m = map_article(analyzer_, a, mopts_);  // changed earlier in this run
      write_one(m);
    } catch (const Xapian::Error& e) {
      detail::rethrow_xapian(e, path_, "writing to");
    }
  }

  /// Commits the open batch (and leaves no transaction open), and any replacement made in an
  /// earlier segment.
  void commit() {
    try {
      if (!spelling_.empty()) flush_spelling();
      current().commit_transaction();
      if (older_changed_) {
        if (!segments_.empty()) db_.commit();
        for (std::size_t j = 0; j + 1 < segments_.size(); ++j) segments_[j].db.commit();
        older_changed_ = false;
      }
      committed_docs_ = finished_docs_ + current().get_doccount();
      pending_ = 0;
    } catch (const Xapian::Error& e) {
      detail::rethrow_xapian(e, current_path(), "committing to");
    }
  }

  /// Best effort after an error: keep what can be kept.
  void try_commit() noexcept {
    try {
      current().commit_transaction();
    } catch (...) {
    }
    if (!segments_.empty()) {
      try {
        db_.commit();  // a replacement in the target
      } catch (...) {
      }
    }
  }

  /// Closes the temporary segments (after commit()), so that they can be merged.
  void close_segments() {
    for (Segment& s : segments_) {
      try {
        s.db.close();
      } catch (const Xapian::Error& e) {
        detail::rethrow_xapian(e, s.path, "closing");
      }
    }
  }

 private:
  struct Segment {
    std::string path;
    Xapian::WritableDatabase db;
  };

  Xapian::WritableDatabase& current() { return segments_.empty() ? db_ : segments_.back().db; }
  const std::string& current_path() const { return segments_.empty() ? path_ : segments_.back().path; }

  void count_change() {
    if (++pending_ >= std::max<std::size_t>(1, options_.batch_size)) {
      commit();
      // The next segment is started by the next new article, so that none is left empty.
      segment_full_ = fresh_ && options_.segment_docs > 0 && current().get_doccount() >= options_.segment_docs;
      current().begin_transaction(true);
    }
  }

  // A new, empty temporary database becomes the current one (the previous one is committed).
  void start_segment() {
    finished_docs_ += current().get_doccount();
    const std::string p =
        detail::sibling_path(segment_base_, fmt::format("shard-{}-seg-{}", segment_tag_, segments_.size() + 1));
    segments_.push_back(Segment{p, create_temporary(p, analyzer_.id(), "creating segment")});
  }

  void flush_spelling() {
    for (const auto& [word, n] : spelling_) current().add_spelling(word, n);
    spelling_.clear();
  }

  enum class Found { kAbsent, kUnchanged, kReplaced };

  // Replaces m in db if db holds its id and its content changed.
  Found replace_if_present(Xapian::WritableDatabase& db, MappedArticle& m) {
    Xapian::PostingIterator p = db.postlist_begin(m.id_term);
    if (p == db.postlist_end(m.id_term)) return Found::kAbsent;
    const Xapian::docid did = *p;
    if (db.get_document(did).get_value(schema::kSlotContentHash) == m.content_hash) return Found::kUnchanged;
    db.replace_document(did, m.document);
    return Found::kReplaced;
  }

  void write_one(MappedArticle& m) {
    const std::uint64_t idh = hash64(m.id);
    Found found = Found::kAbsent;
    if (!fresh_ || !seen_.insert(idh).second) {
      // Seen before in this run (or a hash collision), or an update: look for the id in the
      // segment that holds it, newest first.
      found = replace_if_present(current(), m);
      for (std::size_t j = segments_.size(); found == Found::kAbsent && j-- > 0;) {
        found = replace_if_present(j == 0 ? db_ : segments_[j - 1].db, m);
        older_changed_ = older_changed_ || found == Found::kReplaced;
      }
    }
    if (segment_full_ && found == Found::kAbsent) {
      current().commit_transaction();  // replacements made since it was full
      start_segment();
      current().begin_transaction(true);
      segment_full_ = false;
    }
    switch (found) {
      case Found::kUnchanged:
        ++stats_.unchanged;
        return;
      case Found::kReplaced:
        ++stats_.replaced;
        break;
      case Found::kAbsent:
        current().add_document(m.document);
        ++stats_.indexed;
        break;
    }
    for (const auto& [word, n] : m.spelling_words) spelling_[word] += n;
    count_change();
  }

  Xapian::WritableDatabase db_;
  std::string path_;
  const Analyzer& analyzer_;
  const MappingOptions& mopts_;
  const IndexOptions& options_;
  std::string segment_base_, segment_tag_;
  std::vector<Segment> segments_;
  std::uint64_t finished_docs_ = 0;  // documents in the target and the segments before the current one
  bool older_changed_ = false;       // a replacement in the target or an older segment is not committed
  bool segment_full_ = false;        // the current segment is full: the next new article starts one
  IndexStats stats_;
  bool fresh_ = false;
  bool resumed_ = false;
  std::unordered_set<std::uint64_t> seen_;  // hashes of ids added in this run (fresh databases)
  std::unordered_map<std::string, Xapian::termcount> spelling_;
  std::size_t pending_ = 0;
  std::atomic<std::uint64_t> committed_docs_{0};
};

/// A writer in its own thread, fed through a bounded queue (one per temporary database with
/// IndexOptions::writers, one per shard of an archive).
class ShardThread {
 public:
  explicit ShardThread(std::unique_ptr<Writer> writer) : writer_(std::move(writer)) {
    thread_ = std::thread([this] { run(); });
  }
  ~ShardThread() { finish(); }

  // Blocks while the queue is full. False if the writer failed.
  bool push(std::vector<Chunk::Item>&& docs) {
    std::unique_lock lock(mu_);
    can_push_.wait(lock, [&] { return queue_.size() < kMaxQueued || failed_; });
    if (failed_) return false;
    queue_.push_back(std::move(docs));
    can_pop_.notify_one();
    return true;
  }
  // Ends the thread after the queue is written; rethrows its error.
  void finish() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
      can_pop_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }
  void rethrow() {
    if (error_) std::rethrow_exception(error_);
  }
  Writer& writer() { return *writer_; }
  /// CPU seconds the thread used (valid after finish()).
  double cpu_seconds() const { return cpu_seconds_; }

 private:
  static constexpr std::size_t kMaxQueued = 8;

  void run() {
    try {
      for (;;) {
        std::vector<Chunk::Item> docs;
        {
          std::unique_lock lock(mu_);
          can_pop_.wait(lock, [&] { return !queue_.empty() || done_; });
          if (queue_.empty()) break;
          docs = std::move(queue_.front());
          queue_.pop_front();
          can_push_.notify_one();
        }
        for (Chunk::Item& item : docs) {
          if (item.maybe_unchanged) {
            writer_->write_maybe_unchanged(*item.maybe_unchanged, item.maybe_unchanged_hash);
          } else if (item.mapped) {
            writer_->write(*item.mapped);
          }
        }
      }
      writer_->commit();
    } catch (...) {
      error_ = std::current_exception();
      writer_->try_commit();
      std::lock_guard lock(mu_);
      failed_ = true;
      queue_.clear();
      can_push_.notify_all();
    }
    cpu_seconds_ = thread_cpu_seconds();
  }

  std::unique_ptr<Writer> writer_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable can_push_, can_pop_;
  std::deque<std::vector<Chunk::Item>> queue_;
  bool done_ = false;
  bool failed_ = false;
  std::exception_ptr error_;
  double cpu_seconds_ = 0;
};

// One database to compact in place (detail::compact_in_place()), with the databases merged into it.
struct CompactJob {
  std::string path;
  Xapian::WritableDatabase* db;
  std::vector<std::string> extra_sources;
};

// Runs the jobs, up to one per core at a time (each compaction is single-threaded), and returns
// the first error once all have finished (nullptr if none).
std::exception_ptr compact_in_parallel(const std::vector<CompactJob>& jobs) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(jobs.size());
  auto compact_some = [&] {
    for (std::size_t i; (i = next++) < jobs.size();) {
      try {
        detail::compact_in_place(jobs[i].path, *jobs[i].db, jobs[i].extra_sources);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> compactors;
  for (unsigned t = 1; t < std::min<std::size_t>(cores, jobs.size()); ++t) compactors.emplace_back(compact_some);
  compact_some();
  for (auto& t : compactors) t.join();
  for (const auto& e : errors) {
    if (e) return e;
  }
  return nullptr;
}

void finish_stats(IndexStats& stats, const std::string& path, Clock::time_point start) {
  stats.db_bytes = directory_bytes(path);
  try {
    stats.doc_count = Xapian::Database(path).get_doccount();
  } catch (const Xapian::Error&) {
    stats.doc_count = 0;
  }
  stats.seconds = seconds_since(start);
}

void add_write_stats(IndexStats& into, const IndexStats& from) {
  into.indexed += from.indexed;
  into.replaced += from.replaced;
  into.unchanged += from.unchanged;
}

std::string shard_path(const std::string& db_path, unsigned k) {
  return detail::sibling_path(db_path, "shard-" + std::to_string(k));
}

// The error of a run stopped by --max-errors: what was committed before stays.
TooManyErrorsError too_many_errors_error(const IndexStats& stats, std::uint64_t max_errors) {
  return TooManyErrorsError(fmt::format("too many rejected records: {} (more than --max-errors {}); the {} "
                                        "articles before that point were committed",
                                        stats.rejected, max_errors, stats.indexed + stats.replaced),
                            stats);
}

}  // namespace

IndexStats index_inputs(const std::string& db_path, const std::vector<std::string>& inputs,
                        const IndexOptions& options) {
  const Clock::time_point start = Clock::now();
  const double main_cpu_start = thread_cpu_seconds();
  IndexStats stats;
  const Analyzer analyzer(options.analyzer);
  const MappingOptions mopts{options.include_title, options.spelling};

  // Open every input first, so a typo fails before the database is touched.
  RecordReader reader(inputs, options.max_article_bytes);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned workers = options.threads != 0 ? options.threads : cores;

  // A sharded archive: one writer thread per shard, each article routed by shards::shard_of.
  std::optional<detail::Archive> archive = detail::open_archive(db_path, options.shards, analyzer.id(), true);
  std::vector<std::unique_ptr<ShardThread>> shard_threads;
  std::unique_ptr<Writer> main_writer;
  bool fresh = true;
  if (archive) {
    for (std::size_t k = 0; k < archive->dbs.size(); ++k) {
      detail::remove_leftovers(archive->paths[k]);
      auto w = std::make_unique<Writer>(std::move(archive->dbs[k]), archive->paths[k], analyzer, mopts, options,
                                        archive->paths[k]);
      fresh = fresh && w->fresh();
      if (w->fresh() && options.compact) w->mark_unfinished();
      shard_threads.push_back(std::make_unique<ShardThread>(std::move(w)));
    }
  } else {
    main_writer = std::make_unique<Writer>(detail::open_writable(db_path, analyzer.id(), /*create=*/true), db_path,
                                           analyzer, mopts, options);
    fresh = main_writer->fresh();
    if (fresh && options.compact) main_writer->mark_unfinished();
  }
  unsigned writers = options.writers != 0 ? options.writers : cores;
  if (!fresh || archive) writers = 1;  // updating needs one view of the whole database

  // Write-and-compact: writers 1..writers-1 fill temporary databases next to the target (we hold
  // the target's lock, so leftovers of a killed run are ours to remove), merged at the end.
  std::vector<std::string> shard_paths;
  if (!archive) detail::remove_leftovers(db_path);
  if (writers > 1) {
    for (unsigned k = 1; k < writers; ++k) shard_paths.push_back(shard_path(db_path, k));
    shard_threads.push_back(std::make_unique<ShardThread>(std::move(main_writer)));
    for (const std::string& p : shard_paths) {
      shard_threads.push_back(std::make_unique<ShardThread>(
          std::make_unique<Writer>(create_temporary(p, analyzer.id(), "creating shard"), p, analyzer, mopts,
                                   options, db_path, std::to_string(shard_threads.size()))));
    }
  }
  // Every writer's temporary segments (collected before the writers go away).
  std::vector<std::string> segment_paths;
  auto collect_segments = [&] {
    if (main_writer) {
      for (std::string& p : main_writer->segment_paths()) segment_paths.push_back(std::move(p));
    }
    for (auto& st : shard_threads) {
      for (std::string& p : st->writer().segment_paths()) segment_paths.push_back(std::move(p));
    }
  };
  auto remove_shards = [&] {
    for (const auto* list : {&shard_paths, &segment_paths}) {
      for (const std::string& p : *list) {
        std::error_code ec;
        std::filesystem::remove_all(p, ec);
      }
    }
  };

  Pipeline pipe(4 * workers + 4);
  std::exception_ptr reader_error;
  std::atomic<std::uint64_t> bytes_read{0};
  auto cancelled = [&] { return options.cancel != nullptr && options.cancel->load(); };

  std::thread reader_thread([&] {
    try {
      Chunk c;
      std::uint64_t seq = 0;
      std::size_t chunk_bytes = 0;
      RawRecord rec;
      auto flush = [&] {
        c.seq = seq++;
        c.bytes_read = reader.bytes_read();
        bytes_read = c.bytes_read;
        chunk_bytes = 0;
        return pipe.push_work(std::exchange(c, Chunk{}));
      };
      while (!cancelled() && reader.next(rec)) {
        chunk_bytes += rec.text.size();
        c.raws.push_back(std::move(rec));
        rec = RawRecord{};
        if ((c.raws.size() >= kChunkRecords || chunk_bytes >= kChunkBytes) && !flush()) break;
      }
      if (!c.raws.empty()) flush();
      bytes_read = reader.bytes_read();
    } catch (...) {
      reader_error = std::current_exception();
    }
    pipe.reader_done();
  });

  std::vector<std::thread> worker_threads;
  std::vector<std::exception_ptr> worker_errors(workers);
  std::vector<double> worker_cpu(workers, 0.0);  // each set by its thread, read after join_all()
  for (unsigned w = 0; w < workers; ++w) {
    worker_threads.emplace_back([&, w] {
      try {
        std::unique_ptr<Snapshot> snapshot;
        if (!fresh) snapshot = std::make_unique<Snapshot>(db_path);
        while (std::optional<Chunk> c = pipe.pop_work()) {
          analyze_chunk(analyzer, mopts, snapshot.get(), *c);
          pipe.push_result(std::move(*c));
        }
      } catch (...) {
        worker_errors[w] = std::current_exception();
        pipe.stop();
      }
      worker_cpu[w] = thread_cpu_seconds();
      pipe.worker_done();
    });
  }

  auto join_all = [&] {
    pipe.stop();
    if (reader_thread.joinable()) reader_thread.join();
    for (auto& t : worker_threads) {
      if (t.joinable()) t.join();
    }
  };

  std::uint64_t processed = 0;
  auto committed = [&]() -> std::uint64_t {
    if (main_writer) return main_writer->committed_docs();
    std::uint64_t n = 0;
    for (auto& st : shard_threads) n += st->writer().committed_docs();
    return n;
  };
  auto progress = [&](bool finishing) {
    if (!options.on_progress) return;
    IndexProgress p;
    p.articles = processed;
    p.bytes_read = bytes_read.load();
    p.bytes_total = reader.bytes_total();
    p.errors = stats.rejected;
    p.committed = committed();
    p.seconds = seconds_since(start);
    p.finishing = finishing;
    options.on_progress(p);
  };

  // Reports problems in input order and hands documents to the writer(s). False once
  // max_errors is exceeded.
  auto dispatch = [&](Chunk& c) {
    std::vector<std::vector<Chunk::Item>> routed(shard_threads.size());
    for (Chunk::Item& item : c.items) {
      ++processed;
      for (IngestError& e : item.problems) {
        if (e.skipped) {
          ++stats.rejected;
          ++stats.rejected_by_reason[e.kind];
        } else {
          ++stats.warnings;
          ++stats.warnings_by_reason[e.kind];
        }
        if (options.on_error) options.on_error(e);
      }
      if (main_writer) {
        if (item.maybe_unchanged) {
          main_writer->write_maybe_unchanged(*item.maybe_unchanged, item.maybe_unchanged_hash);
        } else if (item.mapped) {
          main_writer->write(*item.mapped);
        }
      } else if (archive && (item.mapped || item.maybe_unchanged)) {
        // The archive's routing: the shard that holds (or will hold) the id.
        const std::string& id = item.mapped ? item.mapped->id : item.maybe_unchanged->id;
        routed[shards::shard_of(id, static_cast<unsigned>(routed.size()))].push_back(std::move(item));
      } else if (item.mapped) {
        // Same id → same temporary database, so a repeated id replaces within it.
        routed[hash64(item.mapped->id) % routed.size()].push_back(std::move(item));
      }
      if (options.max_errors && stats.rejected > *options.max_errors) break;
    }
    for (std::size_t k = 0; k < routed.size(); ++k) {
      if (!routed[k].empty() && !shard_threads[k]->push(std::move(routed[k]))) {
        shard_threads[k]->finish();
        shard_threads[k]->rethrow();
      }
    }
    return !(options.max_errors && stats.rejected > *options.max_errors);
  };

  bool too_many_errors = false;
  try {
    std::uint64_t next_seq = 0;
    Clock::time_point last_progress = Clock::now();
    const auto interval = std::chrono::milliseconds(std::max(10u, options.progress_interval_ms));
    for (;;) {
      Chunk c;
      const Pipeline::Next n = pipe.pop_result(next_seq, workers, c, interval);
      if (n == Pipeline::Next::kEnd) break;
      if (n == Pipeline::Next::kChunk) {
        ++next_seq;
        stats.bytes_read = c.bytes_read;
        if (!dispatch(c)) {
          too_many_errors = true;
          break;
        }
      }
      if (Clock::now() - last_progress >= interval) {
        progress(false);
        last_progress = Clock::now();
      }
    }
    join_all();
    for (const auto& e : worker_errors) {
      if (e) std::rethrow_exception(e);
    }
    if (reader_error) std::rethrow_exception(reader_error);
    progress(true);
    if (main_writer) {
      main_writer->commit();
      stats.writer_cpu_seconds = thread_cpu_seconds() - main_cpu_start;
    } else {
      for (auto& st : shard_threads) st->finish();
      for (auto& st : shard_threads) st->rethrow();
      for (auto& st : shard_threads) stats.writer_cpu_seconds += st->cpu_seconds();
    }
    for (const double c : worker_cpu) stats.analysis_cpu_seconds += c;
  } catch (...) {
    join_all();
    // Keep what was written: commit the open batch if the database still allows it.
    if (main_writer) main_writer->try_commit();
    for (auto& st : shard_threads) st->finish();
    collect_segments();
    shard_threads.clear();
    remove_shards();
    throw;
  }
  stats.cancelled = cancelled();
  // A run that went to the end finishes a build: its own fresh one, or one a killed or stopped run
  // left unfinished (schema::kMetaUnfinished), which is then compacted as the fresh build would
  // have been. A cancelled run, or one with too many errors, leaves the build unfinished.
  const bool completed = !stats.cancelled && !too_many_errors;
  auto finishes_build = [&](bool was_fresh, std::uint64_t indexed, bool resumed) {
    return options.compact && completed && ((was_fresh && indexed > 0) || resumed);
  };
  stats.bytes_read = bytes_read.load();

  if (archive) {
    for (auto& st : shard_threads) add_write_stats(stats, st->writer().stats());
    // Compact the shards that were built fresh in this run, in parallel (each is held open for
    // writing until its compacted copy is in place).
    // A shard written in segments is always merged (its segments hold committed work).
    collect_segments();
    std::vector<Writer*> to_compact;
    for (auto& st : shard_threads) {
      Writer& w = st->writer();
      w.close_segments();
      if (!w.segment_paths().empty() || finishes_build(w.fresh(), w.stats().indexed, w.resumed())) {
        to_compact.push_back(&w);
      } else {
        try {
          w.db().close();
        } catch (const Xapian::Error& e) {
          detail::rethrow_xapian(e, w.path(), "closing");
        }
      }
    }
    if (!to_compact.empty()) {
      progress(true);
      std::vector<CompactJob> jobs;
      for (Writer* w : to_compact) {
        if (completed) w->clear_unfinished();
        jobs.push_back({w->path(), &w->db(), w->segment_paths()});
      }
      const Clock::time_point compact_start = Clock::now();
      std::exception_ptr error = compact_in_parallel(jobs);
      stats.compact_seconds = seconds_since(compact_start);
      remove_shards();
      if (error) std::rethrow_exception(error);
      stats.compacted = true;
    }
    finish_stats(stats, db_path, start);
    for (const std::string& p : archive->paths) {
      try {
        stats.shard_docs.push_back(Xapian::Database(p).get_doccount());
      } catch (const Xapian::Error& e) {
        detail::rethrow_xapian(e, p, "reading");
      }
    }
    if (too_many_errors) {
      throw too_many_errors_error(stats, *options.max_errors);
    }
    return stats;
  }

  Writer& target = main_writer ? *main_writer : shard_threads.front()->writer();
  if (main_writer) {
    add_write_stats(stats, main_writer->stats());
  } else {
    for (auto& st : shard_threads) add_write_stats(stats, st->writer().stats());
  }

  // Merge the shards (always: they hold committed work, also after a cancel or too many errors),
  // and compact a fresh database.
  std::vector<std::string> extra_sources;
  for (std::size_t k = 1; k < shard_threads.size(); ++k) {
    shard_threads[k]->writer().db().close();
    extra_sources.push_back(shard_threads[k]->writer().path());
  }
  if (main_writer) main_writer->close_segments();
  for (auto& st : shard_threads) st->writer().close_segments();
  collect_segments();
  extra_sources.insert(extra_sources.end(), segment_paths.begin(), segment_paths.end());
  const bool compact = !extra_sources.empty() || finishes_build(fresh, stats.indexed, target.resumed());
  try {
    if (compact) {
      if (completed) target.clear_unfinished();
      progress(true);
      const Clock::time_point compact_start = Clock::now();
      detail::compact_in_place(db_path, target.db(), extra_sources);
      stats.compact_seconds = seconds_since(compact_start);
      stats.compacted = true;
    } else {
      target.db().close();
    }
  } catch (...) {
    remove_shards();
    throw;
  }
  remove_shards();
  finish_stats(stats, db_path, start);
  if (too_many_errors) {
    throw too_many_errors_error(stats, *options.max_errors);
  }
  return stats;
}

IndexStats delete_articles(const std::string& db_path, const std::vector<std::string>& ids,
                           const IndexOptions& options) {
  const Clock::time_point start = Clock::now();
  IndexStats stats;
  if (std::optional<detail::Archive> archive = detail::open_archive(db_path, 0, /*analyzer_id=*/"", false)) {
    // Each id from the shard that holds it; each shard commits every batch_size deletions.
    const auto n = static_cast<unsigned>(archive->dbs.size());
    std::vector<std::size_t> pending(n, 0);
    unsigned k = 0;
    try {
      for (const std::string& id : ids) {
        const std::string term = std::string(schema::kPrefixId) + id;
        k = shards::shard_of(id, n);
        Xapian::WritableDatabase& db = archive->dbs[k];
        if (id.empty() || term.size() > 245 || !db.term_exists(term)) {
          ++stats.not_found;
          continue;
        }
        db.delete_document(term);
        ++stats.deleted;
        if (++pending[k] >= std::max<std::size_t>(1, options.batch_size)) {
          db.commit();
          pending[k] = 0;
        }
      }
      for (k = 0; k < n; ++k) {
        archive->dbs[k].commit();
        archive->dbs[k].close();
      }
    } catch (const Xapian::Error& e) {
      detail::rethrow_xapian(e, archive->paths[k], "deleting from");
    }
    finish_stats(stats, db_path, start);
    for (const std::string& p : archive->paths) stats.shard_docs.push_back(Xapian::Database(p).get_doccount());
    return stats;
  }
  Xapian::WritableDatabase db = detail::open_writable(db_path, /*analyzer_id=*/"", /*create=*/false);
  try {
    std::size_t pending = 0;
    for (const std::string& id : ids) {
      const std::string term = std::string(schema::kPrefixId) + id;
      if (id.empty() || term.size() > 245 || !db.term_exists(term)) {
        ++stats.not_found;
        continue;
      }
      db.delete_document(term);
      ++stats.deleted;
      if (++pending >= std::max<std::size_t>(1, options.batch_size)) {
        db.commit();
        pending = 0;
      }
    }
    db.commit();
    db.close();
  } catch (const Xapian::Error& e) {
    detail::rethrow_xapian(e, db_path, "deleting from");
  }
  finish_stats(stats, db_path, start);
  return stats;
}

IndexStats compact_database(const std::string& db_path, const IndexOptions& options) {
  const Clock::time_point start = Clock::now();
  IndexStats stats;
  if (options.on_progress) {
    IndexProgress p;
    p.finishing = true;
    options.on_progress(p);
  }
  std::vector<CompactJob> jobs;
  std::optional<detail::Archive> archive = detail::open_archive(db_path, 0, /*analyzer_id=*/"", false);
  Xapian::WritableDatabase plain;
  if (archive) {
    for (std::size_t k = 0; k < archive->dbs.size(); ++k) jobs.push_back({archive->paths[k], &archive->dbs[k], {}});
  } else {
    plain = detail::open_writable(db_path, /*analyzer_id=*/"", /*create=*/false);
    jobs.push_back({db_path, &plain, {}});
  }
  if (std::exception_ptr error = compact_in_parallel(jobs)) std::rethrow_exception(error);
  stats.compacted = true;
  finish_stats(stats, db_path, start);
  if (archive) {
    for (const std::string& p : archive->paths) {
      try {
        stats.shard_docs.push_back(Xapian::Database(p).get_doccount());
      } catch (const Xapian::Error& e) {
        detail::rethrow_xapian(e, p, "reading");
      }
    }
  }
  return stats;
}

IndexStats merge_databases(const std::string& out_path, const std::vector<std::string>& sources,
                           const IndexOptions& options) {
  namespace fs = std::filesystem;
  const Clock::time_point start = Clock::now();
  IndexStats stats;
  if (sources.empty()) throw InputError("--merge needs at least one database to merge");
  std::error_code ec;
  if (fs::exists(out_path, ec) && !(fs::is_directory(out_path, ec) && fs::is_empty(out_path, ec))) {
    throw IndexError(fmt::format("{} already exists and is not empty; --merge writes a new database: choose a new "
                                 "path or remove it first",
                                 out_path));
  }
  // Every source database (the shards of an archive one by one) must be a bahth database built
  // alike; the first one sets what "alike" is.
  Xapian::Database all;
  std::string want_analyzer, want_schema, first;
  for (const std::string& src : sources) {
    std::error_code ec2;
    if (!fs::exists(src, ec2)) throw IndexNotFoundError("no database at " + src);
    std::vector<shards::StubEntry> entries;
    try {
      entries = shards::expand(src);
    } catch (const Error& e) {
      throw IndexError(e.what());
    }
    for (const shards::StubEntry& e : entries) {
      if (e.path.empty()) {
        throw IndexError(fmt::format("{} lists a '{}' database ({}); --merge reads local databases only", src,
                                     e.backend, e.target));
      }
      try {
        Xapian::Database db(e.path);
        const std::string analyzer = db.get_metadata(std::string(schema::kMetaAnalyzer));
        const std::string schema_version = db.get_metadata(std::string(schema::kMetaSchema));
        if (analyzer.empty()) {
          throw IndexIncompatibleError(
              fmt::format("{} is not a bahth database (no {} metadata)", e.path, schema::kMetaAnalyzer));
        }
        if (first.empty()) {
          first = e.path;
          want_analyzer = analyzer;
          want_schema = schema_version;
        } else if (analyzer != want_analyzer || schema_version != want_schema) {
          throw IndexIncompatibleError(fmt::format(
              "{} was built with analyzer {} (schema {}), but {} with analyzer {} (schema {}): only databases "
              "built alike can be merged",
              e.path, analyzer, schema_version, first, want_analyzer, want_schema));
        }
        all.add_database(db);
      } catch (const Xapian::Error& x) {
        detail::rethrow_xapian(x, e.path, "reading");
      }
    }
  }
  const std::string id_prefix(schema::kPrefixId);
  try {
    for (auto it = all.allterms_begin(id_prefix); it != all.allterms_end(id_prefix); ++it) {
      if (it.get_termfreq() > 1) {
        throw IndexIncompatibleError(fmt::format(
            "article id '{}' is in more than one of the databases to merge; merging would keep both copies "
            "(delete it from all but one with bahth-index --delete first)",
            (*it).substr(id_prefix.size())));
      }
    }
  } catch (const Xapian::Error& x) {
    detail::rethrow_xapian(x, first, "reading");
  }
  if (options.on_progress) {
    IndexProgress p;
    p.finishing = true;
    p.committed = all.get_doccount();
    p.seconds = seconds_since(start);
    options.on_progress(p);
  }
  // Compact into a temporary sibling ("compact-PID": a killed run's copy is removed by the next
  // run), drop the shard tag, then move it into place.
  const fs::path target = fs::absolute(out_path).lexically_normal();
  fs::create_directories(target.parent_path(), ec);
  const std::string tmp = detail::sibling_path(out_path, "compact-" + std::to_string(::getpid()));
  fs::remove_all(tmp, ec);
  try {
    all.compact(tmp, detail::kCompactFlags | (all.size() > 3 ? Xapian::DBCOMPACT_MULTIPASS : 0));
    Xapian::WritableDatabase out(tmp, Xapian::DB_OPEN);
    out.set_metadata(std::string(shards::kMetaShard), "");
    out.commit();
    out.close();
  } catch (const Xapian::Error& x) {
    fs::remove_all(tmp, ec);
    detail::rethrow_xapian(x, out_path, "merging into");
  }
  fs::remove(target, ec);  // an empty directory, if any
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ec2;
    fs::remove_all(tmp, ec2);
    throw IndexError(fmt::format("merging into {}: cannot move the merged database into place: {}", out_path,
                                 ec.message()));
  }
  stats.compacted = true;
  finish_stats(stats, out_path, start);
  return stats;
}

}  // namespace bahth
