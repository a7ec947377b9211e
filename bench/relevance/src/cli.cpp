// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/eval/cli.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "bahth/error.h"
#include "bahth/eval/experiment.h"
#include "bahth/eval/report.h"
#include "bahth/eval/significance.h"

namespace bahth::eval {
namespace {

struct Common {
  std::size_t depth = 100;
  std::string mode = "words";
  std::size_t worst = 10;
  std::string worst_variant;
  std::string json;
  std::size_t trials = 10000;
  std::string baseline;
};

void add_common(CLI::App& app, Common& c) {
  app.add_option("--depth", c.depth, "Hits retrieved per query (Recall@100 needs 100)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))
      ->capture_default_str();
  app.add_option("--query-mode", c.mode,
                 "words: give the searcher the query's words only (quotes, ':', '-' of plain-text "
                 "queries are not operators); raw: the text through the query language")
      ->check(CLI::IsMember({"words", "raw"}))
      ->capture_default_str();
  app.add_option("--worst", c.worst, "Show this many worst queries (0: none)")->capture_default_str();
  app.add_option("--worst-variant", c.worst_variant,
                 "Variant whose worst queries are shown (default: the baseline)");
  app.add_option("--baseline", c.baseline,
                 "Variant the others are compared with (default: bahth if present, else the first)");
  app.add_option("--json", c.json, "Also write every figure, per query, as JSON to this file");
  app.add_option("--trials", c.trials, "Random sign flips of the randomization test")->capture_default_str();
}

std::size_t find_variant(const std::vector<Evaluation>& evals, const std::string& name, const char* what) {
  for (std::size_t i = 0; i < evals.size(); ++i) {
    if (evals[i].name == name) return i;
  }
  throw InputError(fmt::format("{} '{}' is not one of the variants", what, name));
}

std::size_t pick_baseline(const std::vector<Evaluation>& evals, const std::string& wanted) {
  if (!wanted.empty()) return find_variant(evals, wanted, "--baseline");
  for (std::size_t i = 0; i < evals.size(); ++i) {
    if (evals[i].name == "bahth") return i;
  }
  return 0;
}

void check_unique(const std::vector<Variant>& variants) {
  std::set<std::string> names;
  for (const Variant& v : variants) {
    if (!names.insert(v.name).second) throw InputError("two variants are named '" + v.name + "'");
  }
}

QuerySet load_queries(const std::string& path, const std::string& qrels, std::ostream& err) {
  QuerySet q = read_queries(path);
  if (!qrels.empty()) {
    apply_qrels(q, read_qrels(qrels));
    if (q.qrels_missing)
      err << fmt::format("note: {} queries have no qrels line (skipped)\n", q.qrels_missing);
    if (q.qrels_unknown_qid)
      err << fmt::format("note: {} qrels qids are not in {} (ignored)\n", q.qrels_unknown_qid, path);
  }
  return q;
}

void write_json(const std::string& path, const std::vector<SetReport>& reports, std::size_t trials) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw InputError("cannot write JSON file '" + path + "'");
  out << to_json(reports, trials);
  if (!out) throw Error("error writing JSON file '" + path + "'");
}

void print_worst(std::ostream& out, const SetReport& r, const Common& c, const DocStore* docs,
                 bool title_indexed) {
  if (c.worst == 0 || r.variants.empty()) return;
  const std::size_t w =
      c.worst_variant.empty() ? r.baseline : find_variant(r.variants, c.worst_variant, "--worst-variant");
  const Evaluation& e = r.variants[w];
  const Analyzer analyzer(analyzer_options_for_id(e.analyzer_id));
  WorstQueriesOptions o;
  o.count = c.worst;
  o.title_indexed = title_indexed;
  out << "\n" << format_worst_queries(*r.queries, e, analyzer, docs, o);
}

// bahth-eval table
int cmd_table(const std::vector<std::string>& set_specs, const std::vector<std::string>& variant_specs,
              const IndexCacheOptions& cache, const Common& c, std::ostream& out, std::ostream& err) {
  std::vector<EvalSet> sets;
  for (const auto& s : set_specs) sets.push_back(parse_set(s));
  std::vector<Variant> variants;
  if (variant_specs.empty()) {
    variants = default_variants();
  } else {
    for (const auto& s : variant_specs) variants.push_back(parse_variant(s));
  }
  check_unique(variants);
  RunOptions ro;
  ro.depth = c.depth;
  ro.mode = c.mode == "raw" ? QueryMode::kRaw : QueryMode::kWords;
  auto log = [&](const std::string& m) { err << m << std::endl; };

  std::vector<QuerySet> query_sets;
  query_sets.reserve(sets.size());
  for (const EvalSet& s : sets) query_sets.push_back(load_queries(s.queries, s.qrels, err));
  std::vector<SetReport> reports(sets.size());
  for (std::size_t si = 0; si < sets.size(); ++si) {
    const EvalSet& s = sets[si];
    SetReport& r = reports[si];
    r.name = s.name;
    r.description =
        fmt::format("docs {}{}, queries {}{}", s.docs, s.include_title ? "" : " (titles not indexed)",
                    s.queries, s.qrels.empty() ? "" : ", qrels " + s.qrels);
    r.queries = &query_sets[si];
    std::map<std::string, std::string> index_of;  // analyzer id → index path
    for (const Variant& v : variants) {
      const std::string id = Analyzer::id_for(v.analyzer);
      if (!index_of.contains(id)) index_of[id] = ensure_index(s, v.analyzer, cache, log);
      log(fmt::format("[{}] running {} queries: {}", s.name, r.queries->queries.size(), v.name));
      Run run = run_variant(index_of[id], *r.queries, v, ro);
      run.settings["index"] = index_of[id];
      r.variants.push_back(evaluate(*r.queries, run));
    }
    r.baseline = pick_baseline(r.variants, c.baseline);
  }
  for (std::size_t si = 0; si < sets.size(); ++si) {
    out << format_table(reports[si], c.trials) << "\n";
  }
  if (c.worst > 0) {
    for (std::size_t si = 0; si < sets.size(); ++si) {
      const DocStore docs = DocStore::load(sets[si].docs);
      out << "## " << reports[si].name;
      print_worst(out, reports[si], c, &docs, sets[si].include_title);
      out << "\n";
    }
  }
  if (!c.json.empty()) write_json(c.json, reports, c.trials);
  return 0;
}

// bahth-eval run
int cmd_run(const std::string& db, const std::string& queries, const std::string& qrels,
            const std::string& docs_path, const std::string& name, bool title_indexed,
            const std::vector<std::string>& variant_specs, const Common& c, std::ostream& out,
            std::ostream& err) {
  std::vector<Variant> variants;
  if (variant_specs.empty()) {
    variants.push_back(parse_variant("bahth"));
  } else {
    for (const auto& s : variant_specs) variants.push_back(parse_variant(s));
  }
  check_unique(variants);
  const QuerySet qs = load_queries(queries, qrels, err);
  RunOptions ro;
  ro.depth = c.depth;
  ro.mode = c.mode == "raw" ? QueryMode::kRaw : QueryMode::kWords;
  SetReport r;
  r.name = name;
  r.description = fmt::format("index {}, queries {}{}", db, queries, qrels.empty() ? "" : ", qrels " + qrels);
  r.queries = &qs;
  for (const Variant& v : variants) r.variants.push_back(evaluate(qs, run_variant(db, qs, v, ro)));
  r.baseline = pick_baseline(r.variants, c.baseline);
  out << format_table(r, c.trials);
  if (c.worst > 0) {
    std::optional<DocStore> docs;
    if (!docs_path.empty()) docs = DocStore::load(docs_path);
    print_worst(out, r, c, docs ? &*docs : nullptr, title_indexed);
  }
  if (!c.json.empty()) write_json(c.json, {r}, c.trials);
  return 0;
}

// bahth-eval compare
int cmd_compare(const std::string& a_path, const std::string& b_path, const std::string& set,
                const std::string& a_variant, const std::string& b_variant,
                const std::string& metric_name_text, std::size_t trials, std::ostream& out) {
  const Metric m = parse_metric(metric_name_text);
  const auto a = read_json_run(a_path, set, a_variant);
  const auto b = read_json_run(b_path, set, b_variant);
  std::map<std::string, double> bm;
  for (const auto& [qid, s] : b) bm[qid] = metric_of(s, m);
  std::vector<double> va, vb;
  for (const auto& [qid, s] : a) {
    if (auto it = bm.find(qid); it != bm.end()) {
      va.push_back(metric_of(s, m));
      vb.push_back(it->second);
    }
  }
  if (va.empty()) throw InputError("the two runs have no query in common");
  const PairedTest t = paired_test(va, vb, trials);
  out << fmt::format("{} over {} common queries ({} only in A, {} only in B)\n", metric_name(m), t.n,
                     a.size() - t.n, b.size() - t.n);
  out << fmt::format("A {:.4f}  B {:.4f}  B-A {:+.4f}\n", t.mean_a, t.mean_b, t.diff);
  out << fmt::format(
      "randomization p = {:.4f} ({} trials), sign test p = {:.4f}, B better/worse/tied {}/{}/{}\n",
      t.p_randomization, trials, t.p_sign, t.wins, t.losses, t.ties);
  return 0;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{
      "bahth-eval: relevance evaluation for bahth. Runs judged queries through the searcher and prints "
      "MRR@10, nDCG@10, Success@1, Success@10 and Recall@100, with paired significance tests and the worst "
      "queries. See docs/relevance.md.",
      "bahth-eval"};
  app.require_subcommand(1);

  Common c_table, c_run;
  // table
  auto* table =
      app.add_subcommand("table",
                         "Build (or reuse) one index per analyzer variant for each set and print the "
                         "side-by-side table");
  std::vector<std::string> set_specs, table_variants;
  IndexCacheOptions cache;
  table
      ->add_option("--set", set_specs, "NAME,docs=PATH,queries=PATH[,qrels=PATH][,title=yes|no] (repeatable)")
      ->required();
  table->add_option(
      "--variant", table_variants,
      "NAME or LABEL=BASE,key=value,… (repeatable; default: nostem snowball light10 bahth). Keys: "
      "stemmer, fold_hamza_seats, fold_teh_marbuta, fold_alef_maqsura, k1, b, title_boost, exact_boost, proclitic_ratio, "
      "operator");
  table->add_option("--workdir", cache.workdir, "Directory where the variant indexes are built and cached")
      ->required();
  table->add_flag("--rebuild", cache.rebuild, "Rebuild the indexes even if cached");
  table->add_option("--threads", cache.threads, "Indexing threads")->capture_default_str();
  add_common(*table, c_table);

  // run
  auto* run = app.add_subcommand(
      "run", "Evaluate one existing index (ranking variants only: the analyzer is the index's)");
  std::string db, queries, qrels, docs, name = "run";
  bool title_indexed = true;
  std::vector<std::string> run_variants;
  run->add_option("--db", db, "The index")->required();
  run->add_option("--queries", queries, "Queries in JSON Lines: qid, query, relevant")->required();
  run->add_option("--qrels", qrels,
                  "TREC qrels (qid iteration docid grade) replacing the queries' judgments");
  run->add_option("--docs", docs,
                  "The documents (JSON Lines) to show titles and leads in the worst-queries report");
  run->add_option("--name", name, "Name of the set in the output")->capture_default_str();
  run->add_option("--title-indexed", title_indexed, "Whether the index has the titles (for the report)")
      ->capture_default_str();
  run->add_option("--variant", run_variants,
                  "LABEL=BASE,k1=…,b=…,title_boost=…,exact_boost=…,proclitic_ratio=…,operator=… (repeatable)");
  add_common(*run, c_run);

  // compare
  auto* compare = app.add_subcommand("compare", "Paired tests between two runs saved with --json");
  std::string a_path, b_path, cmp_set, a_variant, b_variant, metric = "MRR@10";
  std::size_t cmp_trials = 10000;
  compare->add_option("A", a_path, "JSON results of run A")->required()->check(CLI::ExistingFile);
  compare->add_option("B", b_path, "JSON results of run B")->required()->check(CLI::ExistingFile);
  compare->add_option("--set", cmp_set, "Set name (needed when a file has several)");
  compare->add_option("--a-variant", a_variant, "Variant of A (needed when A has several)");
  compare->add_option("--b-variant", b_variant, "Variant of B (needed when B has several)");
  compare->add_option("--metric", metric, "MRR@10, nDCG@10, S@1, S@10 or R@100")->capture_default_str();
  compare->add_option("--trials", cmp_trials, "Random sign flips")->capture_default_str();

  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  }
  try {
    if (table->parsed()) return cmd_table(set_specs, table_variants, cache, c_table, out, err);
    if (run->parsed())
      return cmd_run(db, queries, qrels, docs, name, title_indexed, run_variants, c_run, out, err);
    if (compare->parsed())
      return cmd_compare(a_path, b_path, cmp_set, a_variant, b_variant, metric, cmp_trials, out);
  } catch (const InputError& e) {
    err << "bahth-eval: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << "bahth-eval: " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace bahth::eval
