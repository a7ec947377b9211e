// SPDX-License-Identifier: GPL-2.0-or-later
#include "support.h"


#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

namespace bahth::test {

ProcessResult run_index(const std::vector<std::string>& args, const std::string& stdin_file) {
  RunOptions options;
  options.stdin_file = stdin_file;
  return run(index_binary(), args, options);
}

fs::path corpus_dir() {
  return BAHTH_CORPUS_DIR;
}

std::size_t corpus_article_count() {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(corpus_dir())) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") != std::string::npos) ++n;
    }
  }
  return n;
}

Xapian::doccount doc_count(const fs::path& db) {
  return Xapian::Database(db.string()).get_doccount();
}

Xapian::Document document_by_id(const Xapian::Database& db, const std::string& id) {
  const std::string term = "Q" + id;
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) FAIL("no document with id " << id);
  return db.get_document(*p);
}

std::vector<std::string> term_list(const Xapian::Document& doc) {
  std::vector<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string s = *t;
    if (t.positionlist_count() > 0) {
      s += "[";
      bool first = true;
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        if (!first) s += ",";
        s += std::to_string(*p);
        first = false;
      }
      s += "]";
    } else if (t.get_wdf() > 1) {
      s += ":" + std::to_string(t.get_wdf());
    }
    out.push_back(s);
  }
  return out;
}

void write_generated_articles(const fs::path& file, std::size_t n, std::size_t first) {
  static const char* kWords[] = {"الحكومة", "الاقتصاد", "وزير",    "المباراة", "الفريق", "السوق",
                                 "الأسعار", "النفط",    "المدينة", "الشركة",   "مشروع",  "الجديد",
                                 "قال",     "في",       "من",      "على",      "إلى",    "أن",
                                 "المتوسط", "البحر",    "الثقافة", "معرض",     "الصحة",  "المستشفى"};
  std::mt19937 rng(static_cast<unsigned>(first) + 7);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kWords) - 1);
  std::ofstream out(file, std::ios::binary);
  for (std::size_t i = first; i < first + n; ++i) {
    std::string title, body;
    for (int w = 0; w < 8; ++w) title += std::string(w ? " " : "") + kWords[pick(rng)];
    for (int w = 0; w < 400; ++w) body += std::string(w ? " " : "") + kWords[pick(rng)];
    nlohmann::json j = {{"id", "gen-" + std::to_string(i)},
                        {"title", title},
                        {"body", body},
                        {"date", "2024-03-" + std::to_string(10 + i % 19) + "T10:00:00"},
                        {"source", i % 2 ? "Sahil Times" : "Wasat Agency"},
                        {"category", i % 3 ? "economy" : "sport"}};
    out << j.dump() << "\n";
  }
}

}  // namespace bahth::test
