// Test helpers for the searcher: an index of corpus/ (+ tests/searcher/data/extra.jsonl) built
// once per test process, and running the real bahth-search binary (TempDir and the process
// runner come from tests/support/process.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "bahth/searcher.h"
#include "process.h"

namespace bahth::test {

/// Path of the shared test index: corpus/ plus extra.jsonl (near-duplicates, mixed scripts,
/// diacritics, control characters), built with spelling data.
const std::string& corpus_db();
/// A Searcher over corpus_db(), shared by the tests of one process.
const Searcher& corpus_searcher();

/// Builds an index from inputs at db_path (stemmer: "bahth", "light10", …).
void build_index(const std::string& db_path, const std::vector<std::string>& inputs,
                 const std::string& stemmer = "bahth", bool spelling = false);

/// Ids of the hits of a query (default request otherwise, limit 100).
std::vector<std::string> ids(const std::string& query, std::size_t limit = 100);
bool contains(const std::vector<std::string>& v, const std::string& s);

/// Title and body of an article of the sample archive, by id ("" if unknown).
std::string article_text(const std::string& id);
/// True if some word of text has this stem under the default analyzer.
bool has_stem(const std::string& text, const std::string& word);

/// Result of running a process.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
/// Runs bahth-search with args (no shell), with extra environment assignments ("NAME=value").
RunResult run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                  const std::string& stdin_text = "");

}  // namespace bahth::test
