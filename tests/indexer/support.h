// Helpers for the indexer tests: running the real bahth-index, reading databases (TempDir,
// Background and the process runner come from tests/support/process.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "process.h"

namespace bahth::test {

namespace fs = std::filesystem;

/// Runs bahth-index with args (no shell); stdin from stdin_file ("" = /dev/null).
ProcessResult run_index(const std::vector<std::string>& args, const std::string& stdin_file = "");

/// The sample archive's files (corpus/*.jsonl) and its number of articles.
fs::path corpus_dir();
std::size_t corpus_article_count();

/// Number of documents in the database at path (opens it read-only).
Xapian::doccount doc_count(const fs::path& db);

/// The document with this id ("Q" term), or fails the test.
Xapian::Document document_by_id(const Xapian::Database& db, const std::string& id);

/// Terms of doc in Xapian's test style: "term[p1,p2]" with positions, "term:wdf" for
/// position-less terms with wdf > 1, plain "term" otherwise.
std::vector<std::string> term_list(const Xapian::Document& doc);

/// Writes n synthetic Arabic articles (ids "gen-<i>") as JSON Lines.
void write_generated_articles(const fs::path& file, std::size_t n, std::size_t first = 0);

}  // namespace bahth::test
