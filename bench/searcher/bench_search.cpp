// bahth-bench-search: latency of bahth::Searcher (10 hits + snippets) vs plain Xapian.
//
//   bahth-bench-search --articles ../shared/data/ant-multisource/articles.jsonl
//       --queries ../shared/data/ant-multisource/known_item_title_queries.jsonl --work /tmp/bench
//
// Builds (once, under --work) a bahth index with bahth::index_inputs and a baseline index with
// Xapian's TermGenerator + Stem("arabic") over title and body; then runs every query through both,
// once to warm up and then timed, and prints mean/p50/p95/p99 and the ratios. Success@10 of the
// known item and the hit counts are printed too, so a broken pipeline cannot look fast.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <fmt/format.h>
#include <xapian.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>

#include "bahth/indexer.h"
#include "bahth/searcher.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Query {
  std::string text;
  std::vector<std::string> relevant;
};

struct Stats {
  std::vector<double> ms;
  std::size_t hits = 0;
  std::size_t found = 0;  // known item in the top 10
  std::size_t empty = 0;
  std::size_t errors = 0;
};

std::vector<Query> load_queries(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Query> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    Query q{j.at("query").get<std::string>(), {}};
    if (j.contains("relevant")) q.relevant = j["relevant"].get<std::vector<std::string>>();
    out.push_back(std::move(q));
  }
  return out;
}

void build_baseline(const std::string& articles, const std::string& db_path) {
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("arabic"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  std::ifstream in(articles);
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(j.value("title", ""), 1);
    tg.increase_termpos();
    tg.index_text(j.value("body", ""));
    const std::string id = j.value("id", "");
    doc.add_boolean_term("Q" + id);
    doc.set_data(id);
    db.replace_document("Q" + id, doc);
  }
  db.commit();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(idx, v.size() - 1)];
}

void report(const char* name, const Stats& s, std::size_t n) {
  const double mean = std::accumulate(s.ms.begin(), s.ms.end(), 0.0) / static_cast<double>(s.ms.size());
  fmt::print(
      "{:<28} mean {:7.3f} ms  p50 {:7.3f}  p95 {:7.3f}  p99 {:7.3f}  max {:7.3f}   hits {:>6}  empty {:>4}  "
      "errors {:>3}  success@10 {:.3f}\n",
      name, mean, percentile(s.ms, 50), percentile(s.ms, 95), percentile(s.ms, 99), percentile(s.ms, 100),
      s.hits, s.empty, s.errors, static_cast<double>(s.found) / static_cast<double>(n));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bahth-bench-search: searcher latency vs plain Xapian"};
  std::string articles, queries_path, work, db, baseline_db;
  std::size_t limit = 10;
  bool snippets = true;
  app.add_option("--articles", articles, "Articles (JSONL) to index when the databases do not exist yet");
  app.add_option("--queries", queries_path, "Queries, JSON lines with \"query\" (and \"relevant\")")
      ->required();
  app.add_option("--work", work, "Directory for the two indexes (bahth.db, baseline.db)");
  app.add_option("--db", db, "An existing bahth index (default WORK/bahth.db)");
  app.add_option("--baseline-db", baseline_db, "An existing baseline index (default WORK/baseline.db)");
  app.add_option("--limit", limit, "Hits per query")->capture_default_str();
  app.add_flag("!--no-snippets", snippets, "Skip snippets in the bahth run");
  CLI11_PARSE(app, argc, argv);
  try {
    if (db.empty()) db = work + "/bahth.db";
    if (baseline_db.empty()) baseline_db = work + "/baseline.db";
    if (!std::filesystem::exists(db)) {
      if (articles.empty()) throw std::runtime_error("no --db and no --articles to build it from");
      fmt::print("building the bahth index {} …\n", db);
      const auto t0 = Clock::now();
      const auto st = bahth::index_inputs(db, {articles}, bahth::IndexOptions{});
      fmt::print("  {} articles in {:.1f} s\n", st.indexed,
                 std::chrono::duration<double>(Clock::now() - t0).count());
    }
    if (!std::filesystem::exists(baseline_db)) {
      if (articles.empty()) throw std::runtime_error("no --baseline-db and no --articles to build it from");
      fmt::print("building the baseline index {} …\n", baseline_db);
      const auto t0 = Clock::now();
      build_baseline(articles, baseline_db);
      fmt::print("  done in {:.1f} s\n", std::chrono::duration<double>(Clock::now() - t0).count());
    }
    const auto queries = load_queries(queries_path);
    const bahth::Searcher searcher(db);
    Xapian::Database base(baseline_db);
    Xapian::QueryParser qp;
    qp.set_database(base);
    qp.set_stemmer(Xapian::Stem("arabic"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);

    auto run_bahth = [&](Stats& s, const Query& q) {
      bahth::SearchRequest r;
      r.query = q.text;
      r.limit = limit;
      r.snippets = snippets;
      const auto t0 = Clock::now();
      const auto res = searcher.search(r);
      s.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      s.hits += res.hits.size();
      if (res.hits.empty()) ++s.empty;
      for (const auto& h : res.hits) {
        if (std::find(q.relevant.begin(), q.relevant.end(), h.id) != q.relevant.end()) ++s.found;
      }
    };
    auto run_base = [&](Stats& s, const Query& q) {
      const auto t0 = Clock::now();
      std::vector<std::string> ids;
      try {
        Xapian::Enquire enquire(base);
        enquire.set_query(qp.parse_query(q.text));
        const auto mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
        for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(it.get_document().get_data());
      } catch (const Xapian::QueryParserError&) {
        ++s.errors;
      }
      s.ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      s.hits += ids.size();
      if (ids.empty()) ++s.empty;
      for (const auto& id : ids) {
        if (std::find(q.relevant.begin(), q.relevant.end(), id) != q.relevant.end()) ++s.found;
      }
    };

    // Warm-up pass (page cache, allocators), then the timed pass, alternating per query.
    Stats warm_a, warm_b, a, b;
    for (const auto& q : queries) {
      run_bahth(warm_a, q);
      run_base(warm_b, q);
    }
    for (const auto& q : queries) {
      run_bahth(a, q);
      run_base(b, q);
    }
    fmt::print("{} queries, {} hits each, bahth index {} ({} docs, analyzer {}), baseline {}\n",
               queries.size(), limit, db, searcher.document_count(), searcher.analyzer_id(), baseline_db);
    report(snippets ? "bahth (snippets)" : "bahth (no snippets)", a, queries.size());
    report("xapian QueryParser baseline", b, queries.size());
    const double mean_a = std::accumulate(a.ms.begin(), a.ms.end(), 0.0) / static_cast<double>(a.ms.size());
    const double mean_b = std::accumulate(b.ms.begin(), b.ms.end(), 0.0) / static_cast<double>(b.ms.size());
    fmt::print("ratio bahth/baseline: mean {:.2f}x  p95 {:.2f}x  p99 {:.2f}x\n", mean_a / mean_b,
               percentile(a.ms, 95) / percentile(b.ms, 95), percentile(a.ms, 99) / percentile(b.ms, 99));
    if (a.empty * 10 > queries.size()) {
      fmt::print(stderr, "error: {} of {} bahth queries found nothing: the pipeline is broken\n", a.empty,
                 queries.size());
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "bahth-bench-search: {}\n", e.what());
    return 1;
  } catch (const Xapian::Error& e) {
    fmt::print(stderr, "bahth-bench-search: {}\n", e.get_description());
    return 1;
  }
}
