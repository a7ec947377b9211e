// SPDX-License-Identifier: GPL-2.0-or-later
#include "test_support.h"


#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bahth/utf8.h"


namespace bahth::test {

namespace fs = std::filesystem;

namespace {
std::vector<Article> load_corpus() {
  const fs::path dir = BAHTH_CORPUS_DIR;
  std::vector<fs::path> files;
  if (fs::is_directory(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (name.starts_with("articles-") && name.ends_with(".jsonl")) files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Article> out;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    int lineno = 0;
    while (std::getline(in, line)) {
      ++lineno;
      if (line.empty()) continue;
      try {
        const auto j = nlohmann::json::parse(line);
        out.push_back({j.at("id").get<std::string>(), j.at("title").get<std::string>(),
                       j.at("body").get<std::string>()});
      } catch (const std::exception& e) {
        FAIL(f.string() << ":" << lineno << ": " << e.what());
      }
    }
  }
  return out;
}
}  // namespace

const std::vector<Article>& corpus() {
  static const std::vector<Article> articles = load_corpus();
  if (articles.empty()) FAIL("no corpus/articles-*.jsonl under " << BAHTH_CORPUS_DIR);
  return articles;
}

const Article& article(std::string_view id) {
  for (const auto& a : corpus()) {
    if (a.id == id) return a;
  }
  FAIL("no article " << id << " in " << BAHTH_CORPUS_DIR);
  throw std::logic_error("unreachable");
}

std::vector<std::string> sentences(std::string_view text) {
  std::vector<std::string> out;
  auto flush = [&](std::size_t from, std::size_t to) {
    while (from < to && std::isspace(static_cast<unsigned char>(text[from]))) ++from;
    while (to > from && std::isspace(static_cast<unsigned char>(text[to - 1]))) --to;
    if (to > from) out.emplace_back(text.substr(from, to - from));
  };
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = utf8::decode(text, i);
    const bool ends = cp == '.' || cp == '!' || cp == '?' || cp == 0x061F || cp == 0x2026;
    if (ends && (i == text.size() || std::isspace(static_cast<unsigned char>(text[i])))) {
      flush(start, i);
      start = i;
    }
  }
  flush(start, text.size());
  return out;
}

bool on_decode_boundary(std::string_view s, std::size_t pos) {
  std::size_t i = 0;
  while (i < pos) utf8::decode(s, i);
  return i == pos;
}

std::string escape(std::string_view s) {
  std::string out;
  char buf[8];
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0x20 && b < 0x7F && b != '\\') {
      out.push_back(ch);
    } else {
      std::snprintf(buf, sizeof buf, "\\x%02X", b);
      out += buf;
    }
  }
  return out;
}

std::string code_points(std::string_view s) {
  std::string out;
  char buf[16];
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    const char32_t cp = utf8::decode(s, i);
    if (!out.empty()) out.push_back(' ');
    if (cp == utf8::kInvalid) {
      std::snprintf(buf, sizeof buf, "<%02X>", static_cast<unsigned char>(s[at]));
    } else {
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    }
    out += buf;
  }
  return out;
}

}  // namespace bahth::test
