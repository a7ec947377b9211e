// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/eval/report.h"

#include <algorithm>
#include <fstream>
#include <numeric>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "bahth/utf8.h"

namespace bahth::eval {
namespace {

using nlohmann::json;

std::string fmt_p(double p) {
  if (p < 0.0001) return "<0.0001";
  return fmt::format("{:.4f}", p);
}

std::string fmt_diff(double d) {
  return fmt::format("{:+.3f}", d);
}

std::size_t pad_width(const std::string& s) {
  return utf8::length(s);
}

std::string pad(const std::string& s, std::size_t width) {
  const std::size_t w = pad_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& r : rows) {
    if (widths.size() < r.size()) widths.resize(r.size(), 0);
    for (std::size_t i = 0; i < r.size(); ++i) widths[i] = std::max(widths[i], pad_width(r[i]));
  }
  std::string out;
  for (std::size_t ri = 0; ri < rows.size(); ++ri) {
    out += "|";
    for (std::size_t i = 0; i < widths.size(); ++i) {
      out += " " + pad(i < rows[ri].size() ? rows[ri][i] : "", widths[i]) + " |";
    }
    out += "\n";
    if (ri == 0) {
      out += "|";
      for (std::size_t w : widths) out += std::string(w + 2, '-') + "|";
      out += "\n";
    }
  }
  return out;
}

// "word→stem" for each token of text, with "(stop)" for stopwords, and, when doc_stems is given,
// ✓/✗ for whether the stem is in the document.
std::string analyzed_view(const Analyzer& analyzer, const std::string& text,
                          const std::unordered_set<std::string>* doc_stems, std::size_t max_tokens) {
  std::string out;
  std::size_t n = 0;
  bool cut = false;
  analyzer.for_each_token(text, [&](const Token& t) {
    if (n >= max_tokens) {
      cut = true;
      return;
    }
    if (n++ > 0) out += " | ";
    const std::string surface = text.substr(t.begin, t.end - t.begin);
    out += surface;
    if (t.stem != surface) out += "→" + t.stem;
    if (t.stopword) {
      out += " (stop)";
    } else if (doc_stems != nullptr) {
      out += doc_stems->contains(t.stem) ? " ✓" : " ✗";
    }
  });
  if (cut) out += " | …";
  return out;
}

std::string stems_of(const Analyzer& analyzer, const std::string& text, std::size_t max_tokens) {
  std::string out;
  std::size_t n = 0;
  analyzer.for_each_token(text, [&](const Token& t) {
    if (n >= max_tokens) return;
    if (n++ > 0) out += " ";
    out += t.stem;
  });
  return out;
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

json summary_json(const Summary& s) {
  return json{{"queries", s.queries},   {"mrr10", s.mrr10},         {"ndcg10", s.ndcg10},
              {"success1", s.success1}, {"success10", s.success10}, {"recall100", s.recall100}};
}

json test_json(const PairedTest& t) {
  return json{{"n", t.n},
              {"mean_a", t.mean_a},
              {"mean_b", t.mean_b},
              {"diff", t.diff},
              {"p_randomization", t.p_randomization},
              {"p_sign", t.p_sign},
              {"wins", t.wins},
              {"losses", t.losses},
              {"ties", t.ties}};
}

}  // namespace

DocStore DocStore::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open documents file '" + path + "'");
  DocStore store;
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    json obj;
    try {
      obj = json::parse(text);
    } catch (const json::exception& e) {
      throw InputError(path + ":" + std::to_string(line) + ": invalid JSON: " + e.what());
    }
    auto id = obj.find("id");
    if (!obj.is_object() || id == obj.end() || !id->is_string()) {
      throw InputError(path + ":" + std::to_string(line) + ": field 'id' missing or not a string");
    }
    Doc d;
    if (auto t = obj.find("title"); t != obj.end() && t->is_string()) d.title = t->get<std::string>();
    if (auto b = obj.find("body"); b != obj.end() && b->is_string()) d.body = b->get<std::string>();
    store.docs_.insert_or_assign(id->get<std::string>(), std::move(d));
  }
  return store;
}

const DocStore::Doc* DocStore::find(const std::string& id) const {
  auto it = docs_.find(id);
  return it == docs_.end() ? nullptr : &it->second;
}

std::string lead_of(const std::string& body, std::size_t max_bytes) {
  std::string lead = body.substr(0, body.find('\n'));
  if (lead.size() <= max_bytes) return lead;
  std::size_t cut = lead.rfind(' ', max_bytes);
  if (cut == std::string::npos || cut < max_bytes / 2) cut = utf8::floor_boundary(lead, max_bytes);
  return lead.substr(0, cut) + "…";
}

std::vector<PairedTest> compare_to_baseline(const SetReport& report, Metric metric, std::size_t trials) {
  std::vector<PairedTest> tests;
  if (report.variants.empty()) return tests;
  const Evaluation& base = report.variants.at(report.baseline);
  const std::vector<double> a = per_query_values(base, metric);
  for (const Evaluation& e : report.variants) {
    const std::vector<double> b = per_query_values(e, metric);
    tests.push_back(paired_test(a, b, trials));
  }
  return tests;
}

std::string format_table(const SetReport& report, std::size_t trials) {
  std::string out;
  std::size_t n = report.variants.empty() ? 0 : report.variants.front().summary.queries;
  std::size_t unjudged = report.variants.empty() ? 0 : report.variants.front().unjudged;
  out += fmt::format("### {} ({} queries{})\n", report.name, n,
                     unjudged ? fmt::format(", {} without judgments skipped", unjudged) : "");
  if (!report.description.empty()) out += report.description + "\n";
  out += "\n";
  if (report.variants.empty()) return out;
  const auto tests = compare_to_baseline(report, Metric::kMrr10, trials);
  const std::string base = report.variants[report.baseline].name;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"variant", "analyzer", "MRR@10", "nDCG@10", "S@1", "S@10", "R@100", "ΔMRR vs " + base,
                  "p (rand.)", "p (sign)", "W/L/T"});
  for (std::size_t i = 0; i < report.variants.size(); ++i) {
    const Evaluation& e = report.variants[i];
    const Summary& s = e.summary;
    std::vector<std::string> row{e.name,
                                 e.analyzer_id,
                                 fmt::format("{:.3f}", s.mrr10),
                                 fmt::format("{:.3f}", s.ndcg10),
                                 fmt::format("{:.3f}", s.success1),
                                 fmt::format("{:.3f}", s.success10),
                                 fmt::format("{:.3f}", s.recall100)};
    if (i == report.baseline) {
      row.insert(row.end(), {"—", "—", "—", "—"});
    } else {
      const PairedTest& t = tests[i];
      row.push_back(fmt_diff(t.diff));
      row.push_back(fmt_p(t.p_randomization));
      row.push_back(fmt_p(t.p_sign));
      row.push_back(fmt::format("{}/{}/{}", t.wins, t.losses, t.ties));
    }
    rows.push_back(std::move(row));
  }
  out += table(rows);
  return out;
}

std::string format_worst_queries(const QuerySet& set, const Evaluation& e, const Analyzer& analyzer,
                                 const DocStore* docs, const WorstQueriesOptions& options) {
  std::vector<std::size_t> order(e.per_query.size());
  std::iota(order.begin(), order.end(), 0);
  auto depth = [&](std::size_t k) {
    const std::size_t r = e.per_query[k].first_relevant_rank;
    return r == 0 ? std::numeric_limits<std::size_t>::max() : r;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const double rx = e.per_query[x].rr10, ry = e.per_query[y].rr10;
    if (rx != ry) return rx < ry;
    if (depth(x) != depth(y)) return depth(x) > depth(y);
    return e.per_query[x].ndcg10 < e.per_query[y].ndcg10;
  });
  if (order.size() > options.count) order.resize(options.count);

  std::string out = fmt::format("Worst {} queries of '{}' ({}):\n", order.size(), e.name, e.analyzer_id);
  std::size_t shown = 0;
  for (std::size_t k : order) {
    const Query& q = set.queries.at(e.query_index.at(k));
    const QueryScores& s = e.per_query[k];
    // The expected document: the highest-graded one (ties: the first id).
    std::string expected;
    int best = 0;
    for (const auto& [id, grade] : q.judgments) {
      if (grade > best) best = grade, expected = id;
    }
    out += fmt::format("\n{}. [{}] RR@10 {:.3f}, first relevant at {}\n", ++shown, q.qid, s.rr10,
                       s.first_relevant_rank ? std::to_string(s.first_relevant_rank) : "— (not returned)");
    out += "   query    : " + one_line(q.text) + "\n";
    const DocStore::Doc* doc = docs ? docs->find(expected) : nullptr;
    std::unordered_set<std::string> doc_stems;
    if (doc != nullptr) {
      auto collect = [&](const std::string& text) {
        analyzer.for_each_token(text, [&](const Token& t) { doc_stems.insert(t.stem); });
      };
      if (options.title_indexed) collect(doc->title);
      collect(doc->body);
    }
    out += "   analyzed : " + analyzed_view(analyzer, q.text, doc ? &doc_stems : nullptr, 40) + "\n";
    if (doc != nullptr)
      out += "              (✓/✗: stem present in / absent from the expected document's indexed text)\n";
    out += fmt::format("   expected : {} (grade {}{})\n", expected, best,
                       q.relevant_count() > 1 ? fmt::format(", {} relevant in all", q.relevant_count()) : "");
    if (doc != nullptr) {
      if (!doc->title.empty()) {
        out +=
            "     title  : " + one_line(doc->title) + (options.title_indexed ? "" : "  [not indexed]") + "\n";
        out += "     stems  : " + stems_of(analyzer, doc->title, 30) + "\n";
      }
      const std::string lead = lead_of(doc->body);
      out += "     lead   : " + one_line(lead) + "\n";
      out += "     stems  : " + stems_of(analyzer, lead, 40) + "\n";
    } else if (docs != nullptr) {
      out += "     (not in the documents file)\n";
    }
    const auto& top = e.top.at(k);
    if (top.empty()) {
      out += "   first    : (no results)\n";
    } else {
      out += fmt::format("   first    : {} (score {:.3f}){}\n", top[0].id, top[0].score,
                         q.judgments.contains(top[0].id) ? " [judged]" : "");
      if (const DocStore::Doc* f = docs ? docs->find(top[0].id) : nullptr) {
        if (!f->title.empty()) out += "     title  : " + one_line(f->title) + "\n";
        const std::string lead = lead_of(f->body);
        out += "     lead   : " + one_line(lead) + "\n";
        out += "     stems  : " + stems_of(analyzer, lead, 40) + "\n";
      }
    }
  }
  return out;
}

std::string to_json(const std::vector<SetReport>& reports, std::size_t trials) {
  json sets = json::array();
  for (const SetReport& r : reports) {
    json variants = json::array();
    for (const Evaluation& e : r.variants) {
      json per_query = json::array();
      for (std::size_t k = 0; k < e.per_query.size(); ++k) {
        const QueryScores& s = e.per_query[k];
        json top = json::array();
        for (const Hit& h : e.top[k]) top.push_back(h.id);
        per_query.push_back(json{{"qid", r.queries ? r.queries->queries.at(e.query_index[k]).qid : ""},
                                 {"rr10", s.rr10},
                                 {"ndcg10", s.ndcg10},
                                 {"success1", s.success1},
                                 {"success10", s.success10},
                                 {"recall100", s.recall100},
                                 {"rank", s.first_relevant_rank},
                                 {"top", std::move(top)}});
      }
      variants.push_back(json{{"name", e.name},
                              {"analyzer", e.analyzer_id},
                              {"settings", e.settings},
                              {"summary", summary_json(e.summary)},
                              {"unjudged", e.unjudged},
                              {"per_query", std::move(per_query)}});
    }
    json comparisons = json::array();
    if (!r.variants.empty()) {
      for (Metric m : {Metric::kMrr10, Metric::kNdcg10, Metric::kSuccess1}) {
        const auto tests = compare_to_baseline(r, m, trials);
        for (std::size_t i = 0; i < tests.size(); ++i) {
          if (i == r.baseline) continue;
          json t = test_json(tests[i]);
          t["a"] = r.variants[r.baseline].name;
          t["b"] = r.variants[i].name;
          t["metric"] = metric_name(m);
          comparisons.push_back(std::move(t));
        }
      }
    }
    sets.push_back(json{{"set", r.name},
                        {"description", r.description},
                        {"baseline", r.variants.empty() ? "" : r.variants[r.baseline].name},
                        {"variants", std::move(variants)},
                        {"comparisons", std::move(comparisons)}});
  }
  return json{{"sets", std::move(sets)}}.dump(1) + "\n";
}

std::vector<std::pair<std::string, QueryScores>> read_json_run(const std::string& path,
                                                               const std::string& set,
                                                               const std::string& variant) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot open results file '" + path + "'");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    throw InputError(path + ": invalid JSON: " + e.what());
  }
  const json* chosen_set = nullptr;
  if (!doc.contains("sets") || !doc["sets"].is_array()) throw InputError(path + ": no \"sets\" array");
  for (const json& s : doc["sets"]) {
    if (set.empty() ? doc["sets"].size() == 1 : s.value("set", "") == set) chosen_set = &s;
  }
  if (chosen_set == nullptr) {
    throw InputError(path + ": " +
                     (set.empty() ? std::string("several sets; name one") : "no set '" + set + "'"));
  }
  const json* chosen = nullptr;
  const json& variants = (*chosen_set)["variants"];
  for (const json& v : variants) {
    if (variant.empty() ? variants.size() == 1 : v.value("name", "") == variant) chosen = &v;
  }
  if (chosen == nullptr) {
    throw InputError(
        path + ": " +
        (variant.empty() ? std::string("several variants; name one") : "no variant '" + variant + "'"));
  }
  std::vector<std::pair<std::string, QueryScores>> out;
  try {
    for (const json& q : (*chosen)["per_query"]) {
      QueryScores s;
      s.rr10 = q.at("rr10").get<double>();
      s.ndcg10 = q.at("ndcg10").get<double>();
      s.success1 = q.at("success1").get<double>();
      s.success10 = q.at("success10").get<double>();
      s.recall100 = q.at("recall100").get<double>();
      s.first_relevant_rank = q.at("rank").get<std::size_t>();
      out.emplace_back(q.at("qid").get<std::string>(), s);
    }
  } catch (const json::exception& e) {
    throw InputError(path + ": malformed per_query entry: " + e.what());
  }
  return out;
}

}  // namespace bahth::eval
