// bahth-bench-analyzer: throughput of bahth's Analyzer against Xapian's own TermGenerator with
// Stem("arabic"), over the same article bodies, in the same run, on one thread.
//
//   bahth-bench-analyzer ARTICLES.jsonl [--runs N] [--limit N] [--only bahth|xapian|document]
//
// --only runs one pipeline (for profiling); the ratios need the default, all of them.
// Bodies are loaded into memory first; each pipeline then runs over all of them N times (default
// 3) and the best run counts, measured in CPU time of the benchmark thread (wall time is shown
// too). Token counts are printed and must be non-zero, so a broken pipeline cannot look fast.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/schema.h"
#include "bahth/thread_cpu.h"

namespace {

struct Options {
  std::string path;
  int runs = 3;
  std::size_t limit = 0;  // 0: every article
  std::string only;       // "" (all), "bahth", "xapian" or "document"
  bool selected(std::string_view name) const { return only.empty() || only == name; }
};

[[noreturn]] void usage(const char* why) {
  std::cerr << "bahth-bench-analyzer: " << why
            << "\nusage: bahth-bench-analyzer ARTICLES.jsonl [--runs N] [--limit N] "
               "[--only bahth|xapian|document]\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if ((a == "--runs" || a == "--limit") && i + 1 < argc) {
      char* end = nullptr;
      const long v = std::strtol(argv[++i], &end, 10);
      if (*end != '\0' || v <= 0) usage("--runs and --limit take a positive number");
      if (a == "--runs") {
        o.runs = static_cast<int>(v);
      } else {
        o.limit = static_cast<std::size_t>(v);
      }
    } else if (a == "--only" && i + 1 < argc) {
      o.only = argv[++i];
      if (o.only != "bahth" && o.only != "xapian" && o.only != "document") {
        usage("--only takes bahth, xapian or document");
      }
    } else if (!a.empty() && a[0] == '-') {
      usage("unknown option");
    } else if (o.path.empty()) {
      o.path = a;
    } else {
      usage("one ARTICLES.jsonl only");
    }
  }
  if (o.path.empty()) usage("missing ARTICLES.jsonl");
  return o;
}

std::vector<std::string> load_bodies(const Options& o) {
  std::ifstream in(o.path);
  if (!in) {
    std::cerr << "bahth-bench-analyzer: cannot open " << o.path << "\n";
    std::exit(1);
  }
  std::vector<std::string> bodies;
  std::string line;
  std::size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    try {
      bodies.push_back(nlohmann::json::parse(line).at("body").get<std::string>());
    } catch (const std::exception& e) {
      std::cerr << "bahth-bench-analyzer: " << o.path << ":" << lineno << ": " << e.what() << "\n";
      std::exit(1);
    }
    if (o.limit != 0 && bodies.size() >= o.limit) break;
  }
  return bodies;
}

struct Result {
  double best_seconds = 0;       // thread CPU time of the best run
  double best_wall_seconds = 0;  // wall time of the fastest run by wall clock
  std::uint64_t tokens = 0;      // per run
  std::uint64_t check = 0;       // something derived from the output, so nothing is optimized away
  bool ran = false;
};

// Runs fn (which returns {tokens, check}) `runs` times; keeps the best time.
Result best_of(int runs, const std::function<std::pair<std::uint64_t, std::uint64_t>()>& fn) {
  Result r;
  r.ran = runs > 0;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = bahth::thread_cpu_seconds();
    const auto [tokens, check] = fn();
    const double c = bahth::thread_cpu_seconds() - c0;
    const double w = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (i == 0 || c < r.best_seconds) r.best_seconds = c;
    if (i == 0 || w < r.best_wall_seconds) r.best_wall_seconds = w;
    if (i > 0 && tokens != r.tokens) {
      std::cerr << "bahth-bench-analyzer: token count changed between runs\n";
      std::exit(1);
    }
    r.tokens = tokens;
    r.check = check;
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const std::vector<std::string> bodies = load_bodies(o);
  std::uint64_t bytes = 0;
  for (const auto& b : bodies) bytes += b.size();
  if (bodies.empty() || bytes == 0) {
    std::cerr << "bahth-bench-analyzer: no article bodies in " << o.path << "\n";
    return 1;
  }
  const double mb = static_cast<double>(bytes) / 1e6;

  try {
    const bahth::Analyzer analyzer;

    // 1. bahth's Analyzer alone: tokenize, normalize, stopword flag, stem.
    const Result ours = best_of(o.selected("bahth") ? o.runs : 0, [&] {
      std::uint64_t tokens = 0;
      std::uint64_t check = 0;
      for (const auto& body : bodies) {
        analyzer.for_each_token(body, [&](const bahth::Token& t) {
          ++tokens;
          check += t.stem.size() + t.normalized.size() + (t.stopword ? 1 : 0);
        });
      }
      return std::pair{tokens, check};
    });

    // 2. Xapian's TermGenerator, Stem("arabic"), default strategy (STEM_SOME), into a fresh
    //    Document per article: what an indexer using Xapian alone would do.
    const Result xapian = best_of(o.selected("xapian") ? o.runs : 0, [&] {
      Xapian::TermGenerator tg;
      tg.set_stemmer(Xapian::Stem("arabic"));
      std::uint64_t tokens = 0;
      std::uint64_t check = 0;
      for (const auto& body : bodies) {
        Xapian::Document doc;
        tg.set_document(doc);
        tg.index_text(body);
        tokens += tg.get_termpos();  // one position per word
        check += doc.termlist_count();
      }
      return std::pair{tokens, check};
    });

    // 3. For a like-for-like view of the same work: bahth's Analyzer feeding a fresh Document per
    //    article the way TermGenerator does (positional stem terms + unpositioned exact forms).
    const Result ours_doc = best_of(o.selected("document") ? o.runs : 0, [&] {
      std::uint64_t tokens = 0;
      std::uint64_t check = 0;
      std::string exact;
      for (const auto& body : bodies) {
        Xapian::Document doc;
        analyzer.for_each_token(body, [&](const bahth::Token& t) {
          ++tokens;
          doc.add_posting(t.stem, t.position + 1);
          exact.assign(bahth::schema::kPrefixExact);
          exact += t.normalized;
          doc.add_term(exact);
        });
        check += doc.termlist_count();
      }
      return std::pair{tokens, check};
    });

    for (const Result* r : {&ours, &xapian, &ours_doc}) {
      if (r->ran && (r->tokens == 0 || r->check == 0)) {
        std::cerr << "bahth-bench-analyzer: a pipeline produced no tokens: the benchmark is broken\n";
        return 1;
      }
    }

    auto rate = [&](const Result& r) { return mb / r.best_seconds; };
    std::printf("bahth-bench-analyzer (%s build), analyzer %s, Xapian %s\n", BAHTH_BUILD_TYPE,
                analyzer.id().c_str(), Xapian::version_string());
    std::printf("input: %s\n", o.path.c_str());
    std::printf("articles: %zu, body bytes: %llu (%.1f MB), best of %d runs, one thread\n", bodies.size(),
                static_cast<unsigned long long>(bytes), mb, o.runs);
    std::printf("MB/s = body MB / best thread CPU time (the machine is shared; wall time shown too)\n\n");
    std::printf("%-50s %10s %9s %9s %9s\n", "pipeline", "tokens", "cpu s", "wall s", "MB/s");
    auto row = [&](const char* name, const Result& r) {
      if (!r.ran) return;
      std::printf("%-50s %10llu %9.3f %9.3f %9.1f\n", name, static_cast<unsigned long long>(r.tokens),
                  r.best_seconds, r.best_wall_seconds, rate(r));
    };
    row("bahth Analyzer (for_each_token)", ours);
    row("Xapian TermGenerator + Stem(\"arabic\") -> Document", xapian);
    row("bahth Analyzer -> Document (same work as above)", ours_doc);
    if (ours.ran && xapian.ran && ours_doc.ran) {
      std::printf("\nratio bahth Analyzer / Xapian TermGenerator: %.2fx\n", rate(ours) / rate(xapian));
      std::printf("ratio bahth -> Document / Xapian TermGenerator: %.2fx\n", rate(ours_doc) / rate(xapian));
    }
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "bahth-bench-analyzer: Xapian: " << e.get_description() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "bahth-bench-analyzer: " << e.what() << "\n";
    return 1;
  }
}
