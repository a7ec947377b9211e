// SPDX-License-Identifier: GPL-2.0-or-later
#include "fixture.h"


#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "bahth/analyzer.h"
#include "bahth/indexer.h"

namespace bahth::test {

void build_index(const std::string& db_path, const std::vector<std::string>& inputs,
                 const std::string& stemmer, bool spelling) {
  IndexOptions options;
  options.analyzer.stemmer = parse_stemmer_kind(stemmer);
  options.spelling = spelling;
  options.threads = 1;
  index_inputs(db_path, inputs, options);
}

const std::string& corpus_db() {
  static TempDir dir;
  static const std::string path = [] {
    const std::string p = (dir.path() / "corpus.db").string();
    build_index(p, {BAHTH_CORPUS_DIR, BAHTH_TEST_DATA_DIR "/extra.jsonl"}, "bahth", true);
    return p;
  }();
  return path;
}

const Searcher& corpus_searcher() {
  static const Searcher searcher(corpus_db());
  return searcher;
}

std::vector<std::string> ids(const std::string& query, std::size_t limit) {
  SearchRequest r;
  r.query = query;
  r.limit = limit;
  r.snippets = false;
  std::vector<std::string> out;
  for (const auto& h : corpus_searcher().search(r).hits) out.push_back(h.id);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string article_text(const std::string& id) {
  for (const char* file : {BAHTH_CORPUS_DIR "/articles-a.jsonl", BAHTH_CORPUS_DIR "/articles-b.jsonl",
                           BAHTH_TEST_DATA_DIR "/extra.jsonl"}) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.value("id", "") == id) return j.value("title", "") + "\n" + j.value("body", "");
    }
  }
  // Other corpus files
  for (const auto& e : std::filesystem::directory_iterator(BAHTH_CORPUS_DIR)) {
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.value("id", "") == id) return j.value("title", "") + "\n" + j.value("body", "");
    }
  }
  return {};
}

bool has_stem(const std::string& text, const std::string& word) {
  static const Analyzer analyzer;
  const std::string stem = analyzer.stem(analyzer.normalize(word));
  bool found = false;
  analyzer.for_each_token(text, [&](const Token& t) { found = found || t.stem == stem; });
  return found;
}

RunResult run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env,
                  const std::string& stdin_text) {
  RunOptions options;
  options.stdin_text = stdin_text;
  // The caller's terminal settings must not leak into output the tests compare.
  options.env = {{"NO_COLOR", ""}, {"COLUMNS", ""}};
  for (const auto& assignment : env) {
    const auto eq = assignment.find('=');
    options.env[assignment.substr(0, eq)] = eq == std::string::npos ? "" : assignment.substr(eq + 1);
  }
  ProcessResult p = run(BAHTH_SEARCH_EXE, args, options);
  return RunResult{p.exit_code, std::move(p.out), std::move(p.err)};
}

}  // namespace bahth::test
