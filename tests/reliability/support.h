// Helpers for the reliability tests: temp dirs, the real binaries as processes (with resource
// limits), generated archives, direct reads of a Xapian database.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bahth::reliability {

namespace fs = std::filesystem;

/// A fresh directory under the system temp dir, removed (made writable first) on destruction.
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

std::string index_binary();
std::string search_binary();

struct ProcessResult {
  int exit_code = -1;  ///< exit status, or 128 + signal number
  bool signaled = false;
  std::string out;
  std::string err;
};

struct RunOptions {
  std::string stdin_file;                   ///< "" = /dev/null
  std::optional<std::uint64_t> fsize_limit;  ///< RLIMIT_FSIZE in bytes, SIGXFSZ ignored
  std::map<std::string, std::string> env;   ///< set in the child ("" value = unset)
};

/// Runs program with args (no shell), waits, captures stdout/stderr through files.
ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                  const RunOptions& options = {});
inline ProcessResult run_index(const std::vector<std::string>& args, const RunOptions& o = {}) {
  return run(index_binary(), args, o);
}
inline ProcessResult run_search(const std::vector<std::string>& args, const RunOptions& o = {}) {
  return run(search_binary(), args, o);
}

/// A process running in the background, output to files in dir.
class Background {
 public:
  Background(const std::string& program, const std::vector<std::string>& args, const fs::path& dir,
             const RunOptions& options = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  pid_t pid() const noexcept { return pid_; }
  void kill(int sig);
  ProcessResult wait();
  bool running();

 private:
  pid_t pid_ = -1;
  fs::path out_, err_;
  bool done_ = false;
  int status_ = 0;
};

std::string slurp(const fs::path& p);
void write_file(const fs::path& p, const std::string& content);

/// n synthetic Arabic articles as JSON Lines, ids "<prefix><i>" for i in [first, first+n).
/// Each body holds ~body_words words, including the word "مشترك" (in every article).
void write_articles(const fs::path& file, std::size_t n, const std::string& prefix = "gen-",
                    std::size_t first = 0, std::size_t body_words = 60);

/// Number of documents; -1 if the database cannot be opened.
long long doc_count(const fs::path& db);
/// Number of distinct id terms (Q...) in the database.
long long id_count(const fs::path& db);
/// Whether the database holds an article with this id.
bool has_id(const fs::path& db, const std::string& id);

/// Polls until the database holds at least n documents or proc ends; true if reached.
bool wait_for_docs(const fs::path& db, long long n, Background& proc);

/// True when the current process can write where permissions say it cannot (root).
bool permissions_not_enforced();

/// Human output safety: true if text contains a raw ESC, a C1 control (U+0080–U+009F), a C0
/// control other than \n and \t, DEL, or a bidi embedding/override/isolate control.
bool has_unsafe_terminal_bytes(const std::string& text, bool allow_own_sgr);

}  // namespace bahth::reliability
