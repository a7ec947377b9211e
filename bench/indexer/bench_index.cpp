// bahth-bench-index: indexes a JSON Lines archive with bahth and, in the same run, with Xapian's
// own TermGenerator + Stem("arabic") into a plain database (the baseline), and prints articles/s,
// MB/s, peak memory and database size for both, and the ratios.
//
//   bahth-bench-index ARTICLES.jsonl WORKDIR [--threads N] [--batch-size N] [--only bahth|baseline]
//
// Each run happens in a child process (fork), so peak RSS is measured per run (wait4 rusage).
// The baseline mirrors a plain Xapian indexer: TermGenerator (STEM_SOME: unstemmed terms with
// positions, Z-prefixed stems without) over title and body, a Q id term, no stored text,
// a commit every 1,000 documents, and a compaction at the end.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <xapian.h>

#include "bahth/indexer.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// What bahth-index is linked with (CMakeLists.txt, bahth_allocator); this program is linked the same.
#ifdef BAHTH_WITH_MIMALLOC
constexpr const char* kAllocator = "mimalloc";
#else
constexpr const char* kAllocator = "system malloc";
#endif

// The speed target: bahth's articles/s at least this many times the baseline's.
constexpr double kSpeedTarget = 2.5;

// What a run reports back from the child process.
struct ChildOut {
  std::uint64_t docs = 0;
  std::uint64_t db_bytes = 0;
  double analysis_cpu = 0;  // bahth only: IndexStats' breakdown
  double writer_cpu = 0;
  double compact_seconds = 0;
};

struct RunResult {
  double seconds = 0;
  double cpu_seconds = 0;
  long peak_rss_kb = 0;
  bool ok = false;
  ChildOut out;
};

std::uint64_t dir_bytes(const fs::path& p) {
  return bahth::directory_bytes(p.string());
}

// Runs fn in a child process; fn returns a ChildOut. Times wall and CPU from the parent.
template <typename Fn>
RunResult run_in_child(Fn fn) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    ChildOut out;
    int code = 0;
    try {
      out = fn();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "run failed: %s\n", e.what());
      code = 1;
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "run failed: %s\n", e.get_description().c_str());
      code = 1;
    }
    if (write(fds[1], &out, sizeof out) != static_cast<ssize_t>(sizeof out)) code = 1;
    _exit(code);
  }
  close(fds[1]);
  ChildOut in;
  const ssize_t got = read(fds[0], &in, sizeof in);
  close(fds[0]);
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  RunResult r;
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.cpu_seconds = static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                  static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  r.peak_rss_kb = ru.ru_maxrss;
  r.out = in;
  r.ok = got == static_cast<ssize_t>(sizeof in) && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return r;
}

ChildOut run_baseline(const std::string& input, const fs::path& db_path) {
  fs::remove_all(db_path);
  const fs::path tmp = db_path.string() + ".tmp";
  fs::remove_all(tmp);
  {
    Xapian::WritableDatabase db(tmp.string(), Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("arabic"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    std::ifstream in(input);
    std::string line;
    std::uint64_t n = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto j = nlohmann::json::parse(line);
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(j.value("title", std::string()));
      tg.increase_termpos();
      tg.index_text(j.value("body", std::string()));
      const std::string id = "Q" + j.at("id").get<std::string>();
      doc.add_boolean_term(id);
      db.replace_document(id, doc);
      if (++n % 1000 == 0) db.commit();
    }
    db.commit();
  }
  Xapian::Database(tmp.string()).compact(db_path.string());
  fs::remove_all(tmp);
  ChildOut out;
  out.docs = Xapian::Database(db_path.string()).get_doccount();
  out.db_bytes = dir_bytes(db_path);
  return out;
}

ChildOut run_bahth(const std::string& input, const fs::path& db_path, const bahth::IndexOptions& options) {
  fs::remove_all(db_path);
  const bahth::IndexStats s = bahth::index_inputs(db_path.string(), {input}, options);
  if (s.rejected != 0)
    std::fprintf(stderr, "bahth rejected %llu records\n", static_cast<unsigned long long>(s.rejected));
  return {s.doc_count, s.db_bytes, s.analysis_cpu_seconds, s.writer_cpu_seconds, s.compact_seconds};
}

void print_row(const char* name, const RunResult& r, double input_mb) {
  std::cout << fmt::format("{:<10} {:>8} {:>9.2f} {:>9.2f} {:>10.0f} {:>8.2f} {:>10.1f} {:>10.1f} {:>8.2f}\n",
                           name, r.out.docs, r.seconds, r.cpu_seconds,
                           static_cast<double>(r.out.docs) / r.seconds, input_mb / r.seconds,
                           static_cast<double>(r.peak_rss_kb) / 1024.0, static_cast<double>(r.out.db_bytes) / 1e6,
                           static_cast<double>(r.out.db_bytes) / (input_mb * 1e6));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bahth-bench-index ARTICLES.jsonl WORKDIR [--threads N] [--writers N] [--batch-size N] "
                 "[--only bahth|baseline] [--no-compact]\n";
    return 2;
  }
  const std::string input = argv[1];
  const fs::path work = argv[2];
  bahth::IndexOptions options;
  std::string only;
  for (int i = 3; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) {
      options.threads = static_cast<unsigned>(std::stoul(argv[++i]));
    } else if (a == "--writers" && i + 1 < argc) {
      options.writers = static_cast<unsigned>(std::stoul(argv[++i]));
    } else if (a == "--batch-size" && i + 1 < argc) {
      options.batch_size = std::stoul(argv[++i]);
    } else if (a == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "--no-compact") {
      options.compact = false;
    } else {
      std::cerr << "unknown argument: " << a << "\n";
      return 2;
    }
  }
  fs::create_directories(work);
  const double input_mb = static_cast<double>(fs::file_size(input)) / 1e6;
  std::cout << fmt::format("input: {} ({:.1f} MB), {} cores, allocator: {} (both runs)\n", input, input_mb,
                           std::thread::hardware_concurrency(), kAllocator);

  RunResult base;
  RunResult ours;
  if (only != "bahth") base = run_in_child([&] { return run_baseline(input, work / "baseline.db"); });
  if (only != "baseline") ours = run_in_child([&] { return run_bahth(input, work / "bahth.db", options); });

  std::cout << fmt::format("{:<10} {:>8} {:>9} {:>9} {:>10} {:>8} {:>10} {:>10} {:>8}\n", "indexer", "docs",
                           "wall s", "cpu s", "articles/s", "MB/s", "peak MB", "db MB", "db/input");
  if (only != "bahth") print_row("baseline", base, input_mb);
  if (only != "baseline") print_row("bahth", ours, input_mb);
  if (only != "baseline") {
    // Where bahth's time went: the bottleneck is the writer thread(s) when their CPU is near the wall time.
    std::cout << fmt::format("bahth: analysis threads {:.2f} s CPU, writer thread(s) {:.2f} s CPU, final merge "
                             "and compaction {:.2f} s\n",
                             ours.out.analysis_cpu, ours.out.writer_cpu, ours.out.compact_seconds);
  }
  if (only.empty()) {
    const double speed =
        (static_cast<double>(ours.out.docs) / ours.seconds) / (static_cast<double>(base.out.docs) / base.seconds);
    const double size = static_cast<double>(ours.out.db_bytes) / static_cast<double>(base.out.db_bytes);
    std::cout << fmt::format("ratio bahth/baseline: articles/s {:.2f}x, peak memory {:.2f}x, db size {:.3f}x\n",
                             speed, static_cast<double>(ours.peak_rss_kb) / static_cast<double>(base.peak_rss_kb),
                             size);
    // The targets (docs/indexing.md, "Targets"); the size compared to the byte.
    std::cout << fmt::format("targets: articles/s >= {:.1f}x the baseline's: {}; db no larger than the baseline's "
                             "({} against {} bytes): {}\n",
                             kSpeedTarget, speed >= kSpeedTarget ? "met" : "not met", ours.out.db_bytes,
                             base.out.db_bytes, ours.out.db_bytes <= base.out.db_bytes ? "met" : "not met");
  }
  const bool ok = (only == "bahth" || base.ok) && (only == "baseline" || ours.ok);
  // Tantivy's lesson: a broken pipeline must not look fast.
  if (only.empty() && ours.out.docs != base.out.docs) {
    std::cerr << fmt::format("document counts differ: bahth {} vs baseline {}\n", ours.out.docs, base.out.docs);
    return 1;
  }
  return ok ? 0 : 1;
}
