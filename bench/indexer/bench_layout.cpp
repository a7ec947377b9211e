// bahth-bench-index-layout: where the Xapian writer's time and the database's bytes go.
//
//   bahth-bench-index-layout ARTICLES.jsonl WORKDIR [N]
//
// Maps the first N articles (default 5000) with bahth's document mapping once, then writes them
// single-threaded into fresh databases (a commit every IndexOptions::batch_size articles), each
// time leaving one part of the layout out, and prints the writer's CPU time (add_document +
// commits) and the compacted size of each variant. The difference to "full" is what that part
// costs.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>
#include <xapian.h>

#include "bahth/document_mapping.h"
#include "bahth/indexer.h"
#include "bahth/ingest.h"
#include "bahth/schema.h"
#include "bahth/thread_cpu.h"

namespace {

namespace fs = std::filesystem;

struct Variant {
  const char* name;
  // Returns the document to write (a filtered copy of the full one).
  std::function<Xapian::Document(const Xapian::Document&)> make;
  // The writer also keeps each exact form's document frequency in user metadata ("E" + form →
  // decimal count), read and rewritten at every commit for the forms of that batch: what the
  // exact-form bonus would need to keep its IDF without E postings (docs/indexing.md).
  bool form_df_metadata = false;
};

// Normalized forms that are stopwords, and forms that are their own stem ("bare").
std::unordered_set<std::string> g_stopword_forms;
std::unordered_set<std::string> g_bare_forms;
// Stem terms that are stopwords (their analysis flags them).
std::unordered_set<std::string> g_stopword_stems;

// Which E (exact-form) terms a variant keeps. (Since schema 5 the mapping itself writes a bare
// form's E term only beside an affixed form of its stem: "full" is that layout.)
struct ExactForms {
  bool stopwords = true;  // E terms of stopword forms
  bool bare = true;       // E terms of bare forms
  bool stopword_positions = true;  // positions of stopword stem terms
  bool as_value = false;           // instead of E terms, one value: the forms' hashes (a sketch)
};

// The sketch of an exact-form column outside the postings: the 32-bit hashes of a document's E
// forms, sorted, delta-coded as varints, with each form's count (one byte, capped at 255).
std::string forms_value(const std::vector<std::pair<std::uint32_t, unsigned>>& forms) {
  std::string out;
  std::uint32_t last = 0;
  for (const auto& [h, n] : forms) {
    for (std::uint32_t d = h - last; ; d >>= 7) {
      if (d < 0x80) {
        out.push_back(static_cast<char>(d));
        break;
      }
      out.push_back(static_cast<char>((d & 0x7F) | 0x80));
    }
    out.push_back(static_cast<char>(std::min(n, 255u)));
    last = h;
  }
  return out;
}

Xapian::Document filtered(const Xapian::Document& full, bool keep_exact, bool keep_title, bool stem_positions,
                          bool title_positions, bool data, bool values, ExactForms ef = {}) {
  Xapian::Document d;
  std::vector<std::pair<std::uint32_t, unsigned>> forms;
  for (auto t = full.termlist_begin(); t != full.termlist_end(); ++t) {
    const std::string term = *t;
    const char c = term.empty() ? '\0' : term[0];
    const bool exact = c == 'E';
    const bool title = c == 'S';
    const bool boolean = c == 'Q' || c == 'X' || c == 'Y' || c == 'M' || c == 'D';
    if (exact && !keep_exact) continue;
    if (exact && ef.as_value) {
      forms.emplace_back(static_cast<std::uint32_t>(bahth::hash64(term)), t.get_wdf());
      continue;
    }
    if (exact && !ef.stopwords && g_stopword_forms.count(term.substr(1))) continue;
    if (exact && !ef.bare && g_bare_forms.count(term.substr(1))) continue;
    if (title && !keep_title) continue;
    if (boolean) {
      d.add_boolean_term(term);
      continue;
    }
    const bool positions = exact ? false
                           : title ? title_positions
                                   : stem_positions && (ef.stopword_positions || !g_stopword_stems.count(term));
    if (positions && t.positionlist_count() > 0) {
      const Xapian::termcount wdf = t.get_wdf();
      Xapian::termcount n = 0;
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p, ++n) d.add_posting(term, *p, 0);
      d.add_term(term, wdf);
    } else {
      d.add_term(term, t.get_wdf());
    }
  }
  // The stored record is a value slot (schema 8): "data" keeps it, "values" keeps the other slots.
  for (auto v = full.values_begin(); v != full.values_end(); ++v) {
    if (v.get_valueno() == bahth::schema::kSlotRecord ? data : values) d.add_value(v.get_valueno(), *v);
  }
  if (!forms.empty()) {
    std::sort(forms.begin(), forms.end());
    d.add_value(bahth::schema::kSlotRecord + 1, forms_value(forms));
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bahth-bench-index-layout ARTICLES.jsonl WORKDIR [N]\n";
    return 2;
  }
  const std::string input = argv[1];
  const fs::path work = argv[2];
  const std::size_t limit = argc > 3 ? std::stoul(argv[3]) : 5000;
  fs::create_directories(work);

  const bahth::Analyzer analyzer;
  std::vector<Xapian::Document> docs;
  std::vector<std::string> ids;
  {
    bahth::RecordReader reader({input}, 10u << 20);
    bahth::RawRecord rec;
    const double t0 = bahth::thread_cpu_seconds();
    while (docs.size() < limit && reader.next(rec)) {
      bahth::RecordParse p = bahth::parse_json_record(rec.text, rec.origin);
      if (!p.article) continue;
      bahth::MappedArticle m = bahth::map_article(analyzer, *p.article, {});
      ids.push_back(m.id_term);
      docs.push_back(std::move(m.document));
    }
    std::cout << fmt::format("{} articles parsed and mapped in {:.2f} s CPU ({:.0f}/s on one core)\n",
                             docs.size(), bahth::thread_cpu_seconds() - t0,
                             static_cast<double>(docs.size()) / (bahth::thread_cpu_seconds() - t0));
  }
  // Classify each distinct exact form once (outside the timing above): a normalized form
  // analyzes to itself, with its stem and stopword flag.
  {
    std::unordered_set<std::string> seen;
    for (const auto& d : docs) {
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty() || term[0] != 'E' || !seen.insert(term).second) continue;
        const auto toks = analyzer.analyze(std::string_view(term).substr(1));
        if (toks.size() != 1) continue;
        if (toks.front().stopword) g_stopword_forms.insert(toks.front().normalized);
        if (toks.front().stem == toks.front().normalized) g_bare_forms.insert(toks.front().normalized);
      }
    }
    seen.clear();
    for (const auto& d : docs) {
      for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z') || !seen.insert(term).second) continue;
        const auto toks = analyzer.analyze(term);
        if (toks.size() == 1 && toks.front().stopword) g_stopword_stems.insert(term);
      }
    }
  }

  const std::vector<Variant> variants = {
      // The first write warms the page cache and the allocator; it is printed but not the reference.
      {"full (warm-up)", [](const auto& d) { return filtered(d, true, true, true, true, true, true); }},
      {"full", [](const auto& d) { return filtered(d, true, true, true, true, true, true); }},
      {"no E terms", [](const auto& d) { return filtered(d, false, true, true, true, true, true); }},
      {"no S terms", [](const auto& d) { return filtered(d, true, false, true, true, true, true); }},
      {"S without positions", [](const auto& d) { return filtered(d, true, true, true, false, true, true); }},
      {"no positions at all",
       [](const auto& d) { return filtered(d, true, true, false, false, true, true); }},
      {"E: no stopwords",
       [](const auto& d) { return filtered(d, true, true, true, true, true, true, {.stopwords = false}); }},
      {"E: only affixed forms",
       [](const auto& d) { return filtered(d, true, true, true, true, true, true, {.bare = false}); }},
      {"E: affixed, no stopw.",
       [](const auto& d) {
         return filtered(d, true, true, true, true, true, true, {.stopwords = false, .bare = false});
       }},
      {"no stopword positions",
       [](const auto& d) {
         return filtered(d, true, true, true, true, true, true, {.stopword_positions = false});
       }},
      {"E as a value (sketch)",
       [](const auto& d) { return filtered(d, true, true, true, true, true, true, {.as_value = true}); }},
      {"E value + df metadata",
       [](const auto& d) { return filtered(d, true, true, true, true, true, true, {.as_value = true}); }, true},
      {"no stored record", [](const auto& d) { return filtered(d, true, true, true, true, false, true); }},
      {"no values", [](const auto& d) { return filtered(d, true, true, true, true, true, false); }},
  };
  std::cout << fmt::format("{:<22} {:>10} {:>12} {:>12} {:>10}\n", "variant", "write cpu s", "articles/s",
                           "compacted MB", "vs full");
  double full_bytes = 0;
  for (const Variant& v : variants) {
    const bool df_meta = v.form_df_metadata;
    std::vector<std::vector<std::string>> forms_of;  // bahth-index's analysis threads would make these
    if (df_meta) {
      for (const auto& d : docs) {
        auto& f = forms_of.emplace_back();
        for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
          if ((*t)[0] == 'E') f.push_back(*t);
        }
      }
    }
    std::vector<Xapian::Document> vd;
    vd.reserve(docs.size());
    for (const auto& d : docs) vd.push_back(v.make(d));
    const fs::path db_path = work / "layout.db";
    const fs::path compact_path = work / "layout-compact.db";
    fs::remove_all(db_path);
    fs::remove_all(compact_path);
    double cpu = 0;
    {
      Xapian::WritableDatabase db(db_path.string(), Xapian::DB_CREATE_OR_OVERWRITE);
      const double t0 = bahth::thread_cpu_seconds();
      db.begin_transaction();
      const std::size_t batch = bahth::IndexOptions{}.batch_size;  // commit as bahth-index does
      std::unordered_map<std::string, unsigned> delta;
      auto flush_df = [&] {
        for (const auto& [key, n] : delta) {
          const std::string old = db.get_metadata(key);
          const unsigned long was = old.empty() ? 0 : std::stoul(old);
          db.set_metadata(key, std::to_string(was + n));
        }
        delta.clear();
      };
      for (std::size_t i = 0; i < vd.size(); ++i) {
        db.add_document(vd[i]);
        if (df_meta) {
          for (const auto& f : forms_of[i]) ++delta[f];
        }
        if ((i + 1) % batch == 0) {
          if (df_meta) flush_df();
          db.commit_transaction();
          db.begin_transaction();
        }
      }
      if (df_meta) flush_df();
      db.commit_transaction();
      cpu = bahth::thread_cpu_seconds() - t0;
    }
    Xapian::Database(db_path.string()).compact(compact_path.string());
    const double bytes = static_cast<double>(bahth::directory_bytes(compact_path.string()));
    if (std::string(v.name) == "full") full_bytes = bytes;
    std::cout << fmt::format("{:<22} {:>10.2f} {:>12.0f} {:>12.2f} {:>+9.1f}%\n", v.name, cpu,
                             static_cast<double>(vd.size()) / cpu, bytes / 1e6,
                             full_bytes > 0 ? (bytes - full_bytes) / full_bytes * 100 : 0.0);
    for (const char* table : {"docdata", "termlist", "postlist", "position"}) {
      const fs::path f = compact_path / (std::string(table) + ".glass");
      std::error_code ec;
      const auto sz = fs::file_size(f, ec);
      std::cout << fmt::format("    {:<10} {:>8.2f} MB\n", table, ec ? 0.0 : static_cast<double>(sz) / 1e6);
    }
  }
  fs::remove_all(work / "layout.db");
  fs::remove_all(work / "layout-compact.db");
  return 0;
}
