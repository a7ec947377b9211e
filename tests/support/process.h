// Shared test support: temporary directories, running the real binaries (in the foreground or in
// the background), reading and writing files. Every test module links it (bahth_add_test).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bahth::test {

namespace fs = std::filesystem;

/// A fresh directory under the system's temporary directory, removed (with everything in it,
/// also parts a test made read-only) when the object goes away.
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

/// The programs built in this tree.
std::string index_binary();
std::string search_binary();

struct ProcessResult {
  int exit_code = -1;  ///< exit status, or 128 + signal number
  bool signaled = false;
  std::string out;
  std::string err;
};

struct RunOptions {
  std::string stdin_file;                    ///< read standard input from this file
  std::string stdin_text;                    ///< or from this text (when stdin_file is ""); else /dev/null
  std::optional<std::uint64_t> fsize_limit;  ///< RLIMIT_FSIZE in bytes, SIGXFSZ ignored
  std::map<std::string, std::string> env;    ///< set in the child ("" value = unset)
};

/// Runs program with args to completion; standard output and error are captured.
ProcessResult run(const std::string& program, const std::vector<std::string>& args,
                  const RunOptions& options = {});

/// A process running while the test goes on; killed (SIGKILL) if still running at destruction.
/// Its output goes to files in dir.
class Background {
 public:
  Background(const std::string& program, const std::vector<std::string>& args, const fs::path& dir,
             const RunOptions& options = {});
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
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

std::string slurp(const fs::path& p);
/// Writes content to p, creating the parent directories.
void write_file(const fs::path& p, const std::string& content);

}  // namespace bahth::test
