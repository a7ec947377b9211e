// SPDX-License-Identifier: GPL-2.0-or-later
#include "support.h"


#include <xapian.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

namespace bahth::reliability {

void write_articles(const fs::path& file, std::size_t n, const std::string& prefix, std::size_t first,
                    std::size_t body_words) {
  static const char* const kWords[] = {"الحكومة", "الاقتصاد", "المدينة", "الطاقة", "المتجددة", "الرياضة",
                                       "الثقافة", "الصحة",   "التعليم", "السوق",  "البنك",    "الوزير",
                                       "المؤتمر", "الشباب",  "الزراعة", "المياه", "النقل",    "الأسعار"};
  constexpr std::size_t kN = sizeof(kWords) / sizeof(kWords[0]);
  std::mt19937 rng(static_cast<unsigned>(first + 7));
  std::ofstream out(file, std::ios::binary);
  for (std::size_t i = first; i < first + n; ++i) {
    std::string body = "مشترك";
    for (std::size_t w = 0; w < body_words; ++w) {
      body += ' ';
      body += kWords[rng() % kN];
    }
    out << R"({"id":")" << prefix << i << R"(","title":"خبر رقم )" << i << R"( عن )" << kWords[i % kN]
        << R"(","body":")" << body << R"(","date":"2024-03-)" << (10 + i % 18)
        << R"(","source":"Wasat Agency","category":"economy"})" << '\n';
  }
}

long long doc_count(const fs::path& db) {
  try {
    Xapian::Database d(db.string());
    return static_cast<long long>(d.get_doccount());
  } catch (const Xapian::Error&) {
    return -1;
  }
}

long long id_count(const fs::path& db) {
  Xapian::Database d(db.string());
  long long n = 0;
  for (auto it = d.allterms_begin("Q"); it != d.allterms_end("Q"); ++it) {
    ++n;
    if (it.get_termfreq() != 1) return -1;  // a duplicate id
  }
  return n;
}

bool has_id(const fs::path& db, const std::string& id) {
  Xapian::Database d(db.string());
  return d.term_exists("Q" + id);
}

bool wait_for_docs(const fs::path& db, long long n, Background& proc) {
  for (int i = 0; i < 30000; ++i) {
    if (!proc.running()) return false;
    if (fs::exists(db / "iamglass") && doc_count(db) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

bool permissions_not_enforced() { return ::geteuid() == 0; }

bool has_unsafe_terminal_bytes(const std::string& text, bool allow_own_sgr) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b) {
      if (!allow_own_sgr) return true;
      // Only SGR (ESC [ digits ; m) and erase-line (ESC [ K) are allowed.
      std::size_t j = i + 1;
      if (j >= text.size() || text[j] != '[') return true;
      ++j;
      while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == ';')) ++j;
      if (j >= text.size() || (text[j] != 'm' && text[j] != 'K')) return true;
      i = j;
      continue;
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return true;
    if (c == 0xc2 && i + 1 < text.size()) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9f) return true;  // C1 control U+0080–U+009F
    }
    if (c == 0xe2 && i + 2 < text.size()) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      const auto e = static_cast<unsigned char>(text[i + 2]);
      // U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates)
      if (d == 0x80 && e >= 0xaa && e <= 0xae) return true;
      if (d == 0x81 && e >= 0xa6 && e <= 0xa9) return true;
    }
  }
  return false;
}

}  // namespace bahth::reliability
