// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/eval/experiment.h"

#include <sys/stat.h>

#include <cctype>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bahth/error.h"
#include "bahth/indexer.h"
#include "bahth/schema.h"

namespace bahth::eval {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

bool parse_bool(const std::string& v, bool& out) {
  if (v == "1" || v == "yes" || v == "true" || v == "on") return out = true, true;
  if (v == "0" || v == "no" || v == "false" || v == "off") return out = false, true;
  return false;
}

bool parse_double(const std::string& v, double& out) {
  const char* b = v.data();
  const char* e = b + v.size();
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e;
}

// FNV-1a, 64 bits.
struct Fnv {
  std::uint64_t h = 1469598103934665603ULL;
  void add(std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;  // separator
    h *= 1099511628211ULL;
  }
};

std::string safe_name(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '+' && c != '_' && c != '.') c = '_';
  }
  return s;
}

}  // namespace

Variant parse_variant(const std::string& spec) {
  Variant v;
  std::string base = spec;
  std::vector<std::string> pairs;
  if (const auto eq = spec.find('='); eq != std::string::npos) {
    v.name = spec.substr(0, eq);
    auto parts = split(spec.substr(eq + 1), ',');
    base = parts.front();
    pairs.assign(parts.begin() + 1, parts.end());
  } else {
    v.name = spec;
  }
  if (v.name.empty()) throw InputError("variant '" + spec + "': empty name");
  if (base == "nostem" || base == "none") {
    v.analyzer.stemmer = StemmerKind::kNone;
  } else {
    try {
      v.analyzer.stemmer = parse_stemmer_kind(base);
    } catch (const InputError&) {
      throw InputError("variant '" + spec + "': unknown base '" + base +
                       "' (expected bahth, light10, snowball or nostem)");
    }
  }
  v.settings["base"] = base;
  for (const std::string& kv : pairs) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos)
      throw InputError("variant '" + spec + "': expected key=value, got '" + kv + "'");
    const std::string key = kv.substr(0, eq), value = kv.substr(eq + 1);
    auto bad = [&](const char* expected) {
      throw InputError("variant '" + spec + "': " + key + "='" + value + "': expected " + expected);
    };
    bool flag = false;
    double x = 0;
    if (key == "stemmer") {
      try {
        v.analyzer.stemmer = value == "nostem" ? StemmerKind::kNone : parse_stemmer_kind(value);
      } catch (const InputError&) {
        bad("bahth, light10, snowball or none");
      }
    } else if (key == "fold_hamza_seats") {
      if (!parse_bool(value, flag)) bad("0 or 1");
      v.analyzer.normalizer.fold_hamza_seats = flag;
    } else if (key == "fold_teh_marbuta") {
      if (!parse_bool(value, flag)) bad("0 or 1");
      v.analyzer.normalizer.fold_teh_marbuta = flag;
    } else if (key == "fold_alef_maqsura") {
      if (!parse_bool(value, flag)) bad("0 or 1");
      v.analyzer.normalizer.fold_alef_maqsura = flag;
    } else if (key == "k1") {
      if (!parse_double(value, x) || x < 0) bad("a number >= 0");
      v.ranking.bm25_k1 = x;
    } else if (key == "b") {
      if (!parse_double(value, x) || x < 0 || x > 1) bad("a number in [0, 1]");
      v.ranking.bm25_b = x;
    } else if (key == "title_boost") {
      if (!parse_double(value, x) || x < 0) bad("a number >= 0");
      v.ranking.title_boost = x;
    } else if (key == "exact_boost") {
      if (!parse_double(value, x) || x < 0) bad("a number >= 0");
      v.ranking.exact_boost = x;
    } else if (key == "proclitic_ratio") {
      if (!parse_double(value, x) || x < 0) bad("a number >= 0");
      v.ranking.proclitic_ratio = x;
    } else if (key == "operator") {
      if (value == "or") {
        v.ranking.default_operator = DefaultOperator::kOr;
      } else if (value == "and") {
        v.ranking.default_operator = DefaultOperator::kAnd;
      } else if (value == "and_then_or") {
        v.ranking.default_operator = DefaultOperator::kAndThenOr;
      } else {
        bad("or, and or and_then_or");
      }
    } else {
      throw InputError("variant '" + spec + "': unknown key '" + key +
                       "' (known: stemmer, fold_hamza_seats, fold_teh_marbuta, fold_alef_maqsura, "
                       "k1, b, title_boost, exact_boost, proclitic_ratio, operator)");
    }
    v.settings[key] = value;
  }
  return v;
}

AnalyzerOptions analyzer_options_for_id(const std::string& id) {
  for (StemmerKind k :
       {StemmerKind::kBahth, StemmerKind::kLight10, StemmerKind::kSnowball, StemmerKind::kNone}) {
    for (int bits = 0; bits < 8; ++bits) {
      AnalyzerOptions o;
      o.stemmer = k;
      o.normalizer.fold_teh_marbuta = (bits & 1) == 0;
      o.normalizer.fold_alef_maqsura = (bits & 2) == 0;
      o.normalizer.fold_hamza_seats = (bits & 4) != 0;
      if (Analyzer::id_for(o) == id) return o;
    }
  }
  throw InputError("unknown analyzer id '" + id + "' (built by another version of bahth?)");
}

std::vector<Variant> default_variants() {
  return {parse_variant("nostem"), parse_variant("snowball"), parse_variant("light10"),
          parse_variant("bahth")};
}

EvalSet parse_set(const std::string& spec) {
  auto parts = split(spec, ',');
  EvalSet s;
  s.name = parts.front();
  if (s.name.empty() || s.name.find('=') != std::string::npos) {
    throw InputError("set '" + spec + "': expected NAME,docs=PATH,queries=PATH[,qrels=PATH][,title=yes|no]");
  }
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto eq = parts[i].find('=');
    if (eq == std::string::npos)
      throw InputError("set '" + spec + "': expected key=value, got '" + parts[i] + "'");
    const std::string key = parts[i].substr(0, eq), value = parts[i].substr(eq + 1);
    if (key == "docs") {
      s.docs = value;
    } else if (key == "queries") {
      s.queries = value;
    } else if (key == "qrels") {
      s.qrels = value;
    } else if (key == "title") {
      if (!parse_bool(value, s.include_title))
        throw InputError("set '" + spec + "': title='" + value + "': expected yes or no");
    } else {
      throw InputError("set '" + spec + "': unknown key '" + key + "' (known: docs, queries, qrels, title)");
    }
  }
  if (s.docs.empty()) throw InputError("set '" + spec + "': docs=PATH missing");
  if (s.queries.empty()) throw InputError("set '" + spec + "': queries=PATH missing");
  return s;
}

std::string index_fingerprint(const EvalSet& set, const Analyzer& analyzer) {
  Fnv f;
  f.add(analyzer.id());
  f.add(std::to_string(schema::kSchemaVersion));
  f.add(std::to_string(schema::kTitleWdf));
  f.add(std::to_string(schema::kLeadWords));
  f.add(std::to_string(schema::kLeadWdf));
  f.add(std::to_string(schema::kLedeWords));
  f.add(std::to_string(schema::kLedeWdf));
  f.add(set.include_title ? "title" : "notitle");
  std::error_code ec;
  const auto size = fs::file_size(set.docs, ec);
  if (ec) throw InputError("cannot read documents file '" + set.docs + "': " + ec.message());
  f.add(std::to_string(size));
  struct stat st {};
  if (::stat(set.docs.c_str(), &st) == 0) f.add(std::to_string(st.st_mtim.tv_sec));
  // The analyzer's output on every 25th document (and the stopword decision).
  std::ifstream in(set.docs, std::ios::binary);
  if (!in) throw InputError("cannot open documents file '" + set.docs + "'");
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ % 25 != 0) continue;
    nlohmann::json obj = nlohmann::json::parse(line, nullptr, false);
    if (!obj.is_object()) continue;
    for (const char* field : {"title", "body"}) {
      auto it = obj.find(field);
      if (it == obj.end() || !it->is_string()) continue;
      analyzer.for_each_token(it->get_ref<const std::string&>(), [&](const Token& t) {
        f.add(t.normalized);
        f.add(t.stem);
        f.add(t.stopword ? "s" : "");
      });
    }
  }
  return fmt::format("{:016x}", f.h);
}

std::string ensure_index(const EvalSet& set, const AnalyzerOptions& analyzer_options,
                         const IndexCacheOptions& options, const Log& log) {
  const Analyzer analyzer(analyzer_options);
  const std::string fp = index_fingerprint(set, analyzer);
  const fs::path dir =
      fs::path(options.workdir) / safe_name(set.name) /
      (safe_name(analyzer.id()) + (set.include_title ? "" : "-notitle") + "-" + fp.substr(0, 12));
  const fs::path stamp = dir / "bahth-eval.json";
  if (!options.rebuild && fs::exists(stamp)) {
    log(fmt::format("[{}] reusing index {}", set.name, dir.string()));
    return dir.string();
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  fs::create_directories(dir.parent_path());
  const fs::path tmp = dir.string() + ".building";
  fs::remove_all(tmp, ec);
  log(fmt::format("[{}] building index {} ({}, titles {}) …", set.name, dir.string(), analyzer.id(),
                  set.include_title ? "indexed" : "left out"));
  IndexOptions io;
  io.analyzer = analyzer_options;
  io.include_title = set.include_title;
  io.threads = options.threads;
  std::uint64_t reported = 0;
  io.on_error = [&](const IngestError& e) {
    if (reported++ < 5) log(fmt::format("  {}:{}: {}", e.file, e.line, e.reason));
  };
  const IndexStats stats = index_inputs(tmp.string(), {set.docs}, io);
  log(fmt::format("[{}] indexed {} articles in {:.1f} s ({} rejected)", set.name, stats.indexed,
                  stats.seconds, stats.rejected));
  {
    std::ofstream out(tmp / "bahth-eval.json");
    out << nlohmann::json{{"set", set.name},
                          {"docs", set.docs},
                          {"analyzer", analyzer.id()},
                          {"fingerprint", fp},
                          {"include_title", set.include_title},
                          {"indexed", stats.indexed},
                          {"rejected", stats.rejected},
                          {"seconds", stats.seconds}}
               .dump(1)
        << "\n";
  }
  fs::rename(tmp, dir);
  return dir.string();
}

std::string query_text(const Analyzer& analyzer, const std::string& text, QueryMode mode) {
  if (mode == QueryMode::kRaw) return text;
  std::string out;
  analyzer.tokenizer().for_each(text, [&](Span s) {
    if (!out.empty()) out.push_back(' ');
    for (std::size_t i = s.begin; i < s.end; ++i) {
      const char c = text[i];
      // Lower-case ASCII so that a word like OR, AND, NOT or NEAR is never an operator.
      out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  });
  return out;
}

Run run_variant(const std::string& db_path, const QuerySet& queries, const Variant& variant,
                const RunOptions& options) {
  const Searcher searcher(db_path);
  const Analyzer tokenizing;  // only its tokenizer is used, which every analyzer shares
  Run run = run_queries(queries, options.depth, [&](const Query& q) {
    SearchRequest req;
    req.query = query_text(tokenizing, q.text, options.mode);
    req.limit = options.depth;
    req.snippets = false;
    req.suggest_below = 0;
    req.ranking = variant.ranking;
    const SearchResults res = searcher.search(req);
    std::vector<Hit> hits;
    hits.reserve(res.hits.size());
    for (const bahth::Hit& h : res.hits) hits.push_back(Hit{h.id, h.score});
    return hits;
  });
  run.name = variant.name;
  run.analyzer_id = searcher.analyzer_id();
  run.settings = variant.settings;
  run.settings["k1"] = fmt::format("{}", variant.ranking.bm25_k1);
  run.settings["b"] = fmt::format("{}", variant.ranking.bm25_b);
  run.settings["title_boost"] = fmt::format("{}", variant.ranking.title_boost);
  run.settings["exact_boost"] = fmt::format("{}", variant.ranking.exact_boost);
  run.settings["proclitic_ratio"] = fmt::format("{}", variant.ranking.proclitic_ratio);
  run.settings["query_mode"] = options.mode == QueryMode::kWords ? "words" : "raw";
  return run;
}

}  // namespace bahth::eval
