// Helpers for the indexer tests: temp dirs, running the real bahth-index, reading databases.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

namespace bahth::test {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const noexcept { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

struct ProcessResult {
  int exit_code = -1;  ///< exit status, or 128 + signal number
  std::string out;
  std::string err;
};

/// The bahth-index binary of this build.
std::string index_binary();

/// Runs bahth-index with args (no shell); stdin from stdin_file ("" = /dev/null).
ProcessResult run_index(const std::vector<std::string>& args, const std::string& stdin_file = "");

/// A bahth-index process running in the background (output to files in dir).
class Background {
 public:
  Background(const std::vector<std::string>& args, const fs::path& dir);
  ~Background();
  pid_t pid() const noexcept { return pid_; }
  void kill(int sig);
  /// Waits for the process to end.
  ProcessResult wait();
  bool running();

 private:
  pid_t pid_ = -1;
  fs::path out_, err_;
  bool done_ = false;
  int status_ = 0;
};

/// The sample archive's files (corpus/*.jsonl) and its number of articles.
fs::path corpus_dir();
std::size_t corpus_article_count();

/// Reads a whole file.
std::string slurp(const fs::path& p);
void write_file(const fs::path& p, const std::string& content);

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
