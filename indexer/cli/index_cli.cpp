// SPDX-License-Identifier: GPL-2.0-or-later
#include "index_cli.h"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/ingest.h"

namespace bahth::cli {
namespace {

constexpr const char* kFooter = R"(Inputs:
  JSON Lines files (one article per line; "id" required; "title", "body", "date",
  "source", "category", "url" optional; other fields are kept in the stored record),
  the same gzip-compressed (.jsonl.gz), "-" for standard input, and directories: every
  .jsonl, .jsonl.gz and .txt file under them (a .txt file is one article: first line
  the title, the rest the body, id = its path relative to the directory).
  Dates: ISO 8601 (2024-03-23, 2024-03-23T14:00:00, ...+03:00, ...Z); any other date is
  reported and the article is indexed without a date.

Exit codes:
  0    everything was indexed (or unchanged, or deleted)
  1    runtime error (database locked by another writer or built with another analyzer,
       unreadable input, more rejected records than --max-errors: what came before is committed)
  2    usage error
  3    finished, but some records were rejected (each reported as FILE:LINE: reason)
  130  interrupted (SIGINT/SIGTERM): everything read so far was committed; run again to finish

Examples:
  bahth-index -d news.db corpus/
  bahth-index -d news.db --spelling archive-2024.jsonl.gz today.jsonl
  xzcat dump.jsonl.xz | bahth-index -d news.db -
  bahth-index -d news.db --delete a-001 a-002
  bahth-index -d archive --shards 4 corpus/      (a directory of 4 shards + a Xapian stub file)
  bahth-index -d archive today.jsonl             (update it: each article goes to its shard)
  bahth-index -d one.db --merge archive          (merge shards into one database)
  bahth-index -d news.db --compact               (give back the space updates took)
  bahth-search -d archive "..."                  (search all shards as one))";

std::string human_bytes(double b) {
  if (b >= 1e9) return fmt::format("{:.2f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.1f} MB", b / 1e6);
  if (b >= 1e3) return fmt::format("{:.1f} kB", b / 1e3);
  return fmt::format("{:.0f} B", b);
}

std::string clock_time(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string by_reason(const std::map<std::string, std::uint64_t>& m) {
  std::string out;
  for (const auto& [reason, n] : m) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{}: {}", reason, n);
  }
  return out;
}

/// Progress on stderr: a bar redrawn in place on a terminal, a plain line every 10 s otherwise.
class ProgressView {
 public:
  ProgressView(std::ostream& err, bool tty, bool quiet) : err_(err), tty_(tty), quiet_(quiet) {}

  void update(const IndexProgress& p) {
    if (quiet_) return;
    const double rate = p.seconds > 0 ? static_cast<double>(p.articles) / p.seconds : 0;
    const double mbps = p.seconds > 0 ? static_cast<double>(p.bytes_read) / 1e6 / p.seconds : 0;
    if (tty_) {
      std::string line;
      if (p.bytes_total > 0) {
        const double frac =
            std::min(1.0, static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total));
        constexpr int kWidth = 24;
        const int filled = static_cast<int>(frac * kWidth);
        line = "[" + std::string(static_cast<std::size_t>(filled), '#') +
               std::string(static_cast<std::size_t>(kWidth - filled), '.') + "] " +
               fmt::format("{:3.0f}%  ", frac * 100);
        line += fmt::format("{} articles  {} / {}  {:.0f}/s  {:.1f} MB/s", p.articles,
                            human_bytes(static_cast<double>(p.bytes_read)),
                            human_bytes(static_cast<double>(p.bytes_total)), rate, mbps);
        if (p.finishing) {
          line += "  finishing…";
        } else if (frac > 0.001 && p.seconds > 1) {
          line += "  ETA " + clock_time(p.seconds * (1 - frac) / frac);
        }
      } else {
        line = fmt::format("{} articles  {}  {:.0f}/s  {:.1f} MB/s", p.articles,
                           human_bytes(static_cast<double>(p.bytes_read)), rate, mbps);
        if (p.finishing) line += "  finishing…";
      }
      line += fmt::format("  errors {}", p.errors);
      err_ << "\r" << line << "\x1b[K" << std::flush;
      shown_ = true;
    } else if (p.seconds - last_plain_ >= 10 || (p.finishing && p.seconds >= 10 && !said_finishing_)) {
      last_plain_ = p.seconds;
      said_finishing_ = p.finishing;
      err_ << fmt::format("bahth-index: {} articles, {}{}, {:.0f} articles/s, {} errors{}\n", p.articles,
                          human_bytes(static_cast<double>(p.bytes_read)),
                          p.bytes_total > 0 ? " of " + human_bytes(static_cast<double>(p.bytes_total)) : "",
                          rate, p.errors, p.finishing ? ", finishing" : "")
           << std::flush;
    }
  }

  // Call before printing anything else on stderr.
  void clear() {
    if (shown_) {
      err_ << "\r\x1b[K";
      shown_ = false;
    }
  }

 private:
  std::ostream& err_;
  bool tty_;
  bool quiet_;
  bool shown_ = false;
  bool said_finishing_ = false;
  double last_plain_ = 0;
};

void print_summary(std::ostream& out, const std::string& db, const IndexStats& s, bool deleting_only,
                   bool merging = false) {
  if (merging) deleting_only = true;
  if (!deleting_only) {
    out << fmt::format("indexed    {} new, {} replaced, {} unchanged\n", s.indexed, s.replaced, s.unchanged);
  }
  if (s.deleted > 0 || s.not_found > 0 || (deleting_only && !merging)) {
    out << fmt::format("deleted    {}{}\n", s.deleted,
                       s.not_found > 0 ? fmt::format(" ({} ids not found)", s.not_found) : "");
  }
  if (!deleting_only) {
    out << fmt::format("skipped    {}{}\n", s.rejected,
                       s.rejected > 0 ? " (" + by_reason(s.rejected_by_reason) + ")" : "");
    if (s.warnings > 0) {
      out << fmt::format("warnings   {} ({})\n", s.warnings, by_reason(s.warnings_by_reason));
    }
    const std::uint64_t n = s.indexed + s.replaced + s.unchanged + s.rejected;
    out << fmt::format("time       {:.2f} s, {:.0f} articles/s, {:.1f} MB/s\n", s.seconds,
                       s.seconds > 0 ? static_cast<double>(n) / s.seconds : 0.0,
                       s.seconds > 0 ? static_cast<double>(s.bytes_read) / 1e6 / s.seconds : 0.0);
  }
  out << fmt::format("database   {}: {} documents, {}{}\n", db, s.doc_count,
                     human_bytes(static_cast<double>(s.db_bytes)), s.compacted ? " (compacted)" : "");
  if (!s.shard_docs.empty()) {
    std::string per;
    for (std::size_t k = 0; k < s.shard_docs.size(); ++k) {
      per += fmt::format("{}{}", k == 0 ? "" : " ", s.shard_docs[k]);
    }
    out << fmt::format("shards     {} (documents per shard: {})\n", s.shard_docs.size(), per);
  }
  out << std::flush;
}

void add_stats(IndexStats& into, const IndexStats& from) {
  into.deleted += from.deleted;
  into.not_found += from.not_found;
  into.doc_count = from.doc_count;
  into.db_bytes = from.db_bytes;
  into.shard_docs = from.shard_docs;
}

}  // namespace

int run_index_cli(int argc, char** argv, std::ostream& out, std::ostream& err, bool err_is_tty,
                  const std::atomic<bool>* cancel) {
  CLI::App app{"bahth-index: index an archive of Arabic news articles into a Xapian database."};
  app.footer(kFooter);
  std::string db;
  std::vector<std::string> inputs;
  std::vector<std::string> delete_ids;
  std::string delete_file;
  std::string stemmer = "bahth";
  bool no_title = false;
  unsigned threads = 0;
  unsigned writers = IndexOptions{}.writers;
  unsigned shards = 0;
  std::vector<std::string> merge_sources;
  std::size_t batch_size = IndexOptions{}.batch_size;
  std::uint64_t segment_docs = IndexOptions{}.segment_docs;
  bool spelling = false;
  std::optional<std::uint64_t> max_errors;
  std::size_t max_article_bytes = IndexOptions{}.max_article_bytes;
  bool no_compact = false;
  bool compact = false;
  bool quiet = false;

  app.add_option("-d,--db", db, "Database directory (created if missing)")->required();
  app.add_option("inputs", inputs, "JSONL / .jsonl.gz files, directories, or - for standard input");
  app.add_option("--delete", delete_ids, "Delete the articles with these ids (before indexing any input)");
  app.add_option("--delete-file", delete_file, "Delete the ids listed in FILE, one per line (- for stdin)");
  app.add_option("--stemmer", stemmer, "Analyzer variant: bahth (default), light10, snowball, none")
      ->check(CLI::IsMember({"bahth", "light10", "snowball", "none"}));
  app.add_flag("--no-title", no_title, "Index bodies only (titles are stored, not searchable)");
  app.add_option("--threads", threads, "Analysis threads (default: all cores)")->check(CLI::Range(0u, 256u));
  app.add_option("--writers", writers,
                 "Writer threads for a new single database, merged at the end (default 2; 0 = one per core)")
      ->check(CLI::Range(0u, 64u));
  app.add_option("--shards", shards,
                 "Write a sharded archive: DIR holds N shards (one writer each) and a Xapian stub file; an "
                 "existing archive keeps its count (default: a single database, or the archive's count)")
      ->check(CLI::Range(1u, 1024u));
  app.add_option("--merge", merge_sources,
                 "Merge these databases / sharded archives into a new database DIR (Xapian compaction)")
      ->expected(1, -1);
  app.add_option("--batch-size", batch_size, "Articles per commit (a crash loses at most one batch)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  app.add_option("--segment-size", segment_docs,
                 "A new database (or shard) is written in segments of N articles, merged at the end: the "
                 "cost per article stays that of a small database (default 100000; 0 = one segment)");
  app.add_flag("--spelling", spelling, "Build spelling data (normalized words) for \"did you mean\"");
  app.add_option("--max-errors", max_errors,
                 "Fail (exit 1) when more than N records are rejected; what came before is committed");
  app.add_option("--max-article-bytes", max_article_bytes,
                 "Reject records larger than this (default 10MB; suffixes k, M, G)")
      ->transform(CLI::AsSizeValue(false));
  auto* no_compact_flag = app.add_flag("--no-compact", no_compact, "Do not compact a freshly built database at the end");
  app.add_flag("--compact", compact,
               "Compact the database at the end of an update too (updates of a compacted database "
               "split its full blocks and grow it); alone, only compacts")
      ->excludes(no_compact_flag);
  app.add_flag("-q,--quiet", quiet, "No progress and no summary (errors are still reported)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? kIndexOk : kIndexUsageError;
  }
  if (!merge_sources.empty()) {
    // --merge SRC… takes every following word; positional inputs would be ambiguous.
    if (!inputs.empty() || !delete_ids.empty() || !delete_file.empty() || shards != 0 || compact) {
      err << "bahth-index: --merge does not index, delete, shard or compact (its result is compacted): run it on "
             "its own\n"
          << "Run with --help for more information.\n";
      return kIndexUsageError;
    }
    try {
      const IndexStats s = merge_databases(db, merge_sources, IndexOptions{});
      if (!quiet) {
        out << fmt::format("merged     {} source{} in {:.2f} s\n", merge_sources.size(),
                           merge_sources.size() == 1 ? "" : "s", s.seconds);
        print_summary(out, db, s, /*deleting_only=*/false, /*merging=*/true);
      }
      return kIndexOk;
    } catch (const std::exception& e) {
      err << "bahth-index: " << e.what() << "\n";
      return kIndexRuntimeError;
    }
  }
  if (inputs.empty() && delete_ids.empty() && delete_file.empty() && !compact) {
    err << "bahth-index: nothing to do: give inputs to index, --delete IDS, --delete-file FILE or --compact\n"
        << "Run with --help for more information.\n";
    return kIndexUsageError;
  }

  IndexOptions options;
  try {
    options.analyzer.stemmer = parse_stemmer_kind(stemmer);
  } catch (const InputError& e) {
    err << "bahth-index: " << e.what() << "\n";
    return kIndexUsageError;
  }
  options.include_title = !no_title;
  options.threads = threads;
  options.writers = writers;
  options.shards = shards;
  options.batch_size = batch_size;
  options.segment_docs = segment_docs;
  options.spelling = spelling;
  options.max_errors = max_errors;
  options.max_article_bytes = max_article_bytes;
  options.compact = !no_compact;
  options.cancel = cancel;

  ProgressView view(err, err_is_tty, quiet);
  options.on_progress = [&](const IndexProgress& p) { view.update(p); };
  options.on_error = [&](const IngestError& e) {
    view.clear();
    err << format_ingest_error(e) << "\n";
  };

  IndexStats total;
  try {
    const bool deleting = !delete_ids.empty() || !delete_file.empty();
    if (deleting) {
      std::vector<std::string> ids = delete_ids;
      if (!delete_file.empty()) {
        std::vector<std::string> more = read_id_file(delete_file);
        ids.insert(ids.end(), more.begin(), more.end());
      }
      add_stats(total, delete_articles(db, ids, options));
    }
    // --compact after the other work (not after an interruption; a fresh build is compacted already).
    auto compact_if_asked = [&](IndexStats& s) {
      if (!compact || s.compacted || s.cancelled || (cancel && cancel->load())) return;
      const std::uint64_t before = directory_bytes(db);
      const IndexStats c = compact_database(db, options);
      view.clear();
      if (!quiet) {
        out << fmt::format("compacted  {} → {} in {:.2f} s\n", human_bytes(static_cast<double>(before)),
                           human_bytes(static_cast<double>(c.db_bytes)), c.seconds);
      }
      s.compacted = true;
      s.doc_count = c.doc_count;
      s.db_bytes = c.db_bytes;
      s.shard_docs = c.shard_docs;
    };
    if (inputs.empty()) {
      compact_if_asked(total);
      if (!quiet) print_summary(out, db, total, /*deleting_only=*/true, /*merging=*/!deleting);
      return kIndexOk;
    }
    IndexStats s = index_inputs(db, inputs, options);
    view.clear();
    s.deleted += total.deleted;
    s.not_found += total.not_found;
    compact_if_asked(s);
    if (!quiet) print_summary(out, db, s, false);
    if (s.cancelled) {
      err << fmt::format(
          "bahth-index: interrupted; {} documents are committed in {}; run the same "
          "command again to finish (unchanged articles are skipped)\n",
          s.doc_count, db);
      return kIndexInterrupted;
    }
    if (s.rejected > 0) {
      err << fmt::format("bahth-index: {} records were rejected and skipped (see above)\n", s.rejected);
      return kIndexSkipped;
    }
    return kIndexOk;
  } catch (const TooManyErrorsError& e) {
    view.clear();
    if (!quiet) print_summary(out, db, e.stats(), false);
    err << "bahth-index: " << e.what() << "\n";
    return kIndexRuntimeError;
  } catch (const std::exception& e) {
    view.clear();
    err << "bahth-index: " << e.what() << "\n";
    return kIndexRuntimeError;
  }
}

}  // namespace bahth::cli
