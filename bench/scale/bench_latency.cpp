// bahth-bench-latency: search latency of the searcher library over a query mix, on any database
// (one, several shards, a sharded archive or remote servers — whatever bahth::Searcher opens).
//
//   bahth-bench-latency -d archive.db --queries queries.jsonl [--runs 3] [--limit 10] [--no-snippets]
//
// Every query runs once to warm the caches, then --runs times timed; each search asks for the top
// --limit hits with snippets and title highlights (what bahth-search prints). Prints mean, p50, p95,
// p99 and max in milliseconds over all timed searches, plus the hit counts and the number of queries
// with no hit (a broken pipeline cannot look fast), and with --csv one machine-readable line.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <string>
#include <vector>

#include "bahth/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> load_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<std::string> out;
  std::string line;
  std::size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("query") || !j["query"].is_string()) {
      throw std::runtime_error(fmt::format("{}:{}: not a {{\"query\": …}} line", path, lineno));
    }
    out.push_back(j["query"].get<std::string>());
  }
  return out;
}

double percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(i, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Search latency of bahth::Searcher over a query mix (top hits with snippets)."};
  std::vector<std::string> dbs;
  std::string queries_path;
  unsigned runs = 3;
  std::size_t limit = 10;
  bool no_snippets = false;
  bool csv = false;
  app.add_option("-d,--db", dbs, "database, shard or archive (repeatable)")->required();
  app.add_option("--queries", queries_path, "JSON Lines with a \"query\" member per line")->required();
  app.add_option("--runs", runs, "timed runs over the whole mix")->capture_default_str();
  app.add_option("--limit", limit, "hits per search")->capture_default_str();
  app.add_flag("--no-snippets", no_snippets, "skip snippets and highlights");
  app.add_flag("--csv", csv, "also print: CSV,queries,mean,p50,p95,p99,max,empty");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto queries = load_queries(queries_path);
    const bahth::Searcher searcher(dbs);
    bahth::SearchRequest request;
    request.limit = limit;
    request.snippets = !no_snippets;

    std::size_t empty = 0;
    std::uint64_t hits = 0;
    for (const auto& q : queries) {  // warm-up, and the hit counts
      request.query = q;
      const auto r = searcher.search(request);
      hits += r.hits.size();
      if (r.hits.empty()) ++empty;
    }
    std::vector<double> ms;
    ms.reserve(queries.size() * runs);
    for (unsigned run = 0; run < runs; ++run) {
      for (const auto& q : queries) {
        request.query = q;
        const auto t0 = Clock::now();
        const auto r = searcher.search(request);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (r.hits.size() > limit) return 1;  // keeps the result alive; cannot happen
      }
    }
    std::sort(ms.begin(), ms.end());
    const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
    std::cout << fmt::format("{} articles, {} queries × {} runs, top {}{}\n", searcher.document_count(),
                             queries.size(), runs, limit, no_snippets ? "" : " with snippets");
    std::cout << fmt::format("hits {} ({:.1f}/query), queries without a hit {}\n", hits,
                             static_cast<double>(hits) / static_cast<double>(queries.size()), empty);
    std::cout << fmt::format("latency ms: mean {:.2f}  p50 {:.2f}  p95 {:.2f}  p99 {:.2f}  max {:.2f}\n", mean,
                             percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), ms.back());
    if (csv) {
      std::cout << fmt::format("CSV,{},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{}\n", queries.size(), mean,
                               percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), ms.back(), empty);
    }
    if (hits == 0) {
      std::cerr << "bahth-bench-latency: no query found anything — wrong database?\n";
      return 1;
    }
  } catch (const std::exception& e) {
    std::cerr << "bahth-bench-latency: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
