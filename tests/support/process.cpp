// SPDX-License-Identifier: GPL-2.0-or-later
#include "process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bahth::test {

TempDir::TempDir() {
  std::string templ = (fs::temp_directory_path() / "bahth-test-XXXXXX").string();
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  // A test may have made parts read-only.
  for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
  fs::remove_all(path_, ec);
}

std::string index_binary() { return std::string(BAHTH_BINARY_DIR) + "/indexer/bahth-index"; }
std::string search_binary() { return std::string(BAHTH_BINARY_DIR) + "/searcher/bahth-search"; }

namespace {

/// Starts program; stdin comes from in (or /dev/null), stdout and stderr go to out and err.
pid_t spawn(const std::string& program, const std::vector<std::string>& args, const fs::path& in,
            const fs::path& out, const fs::path& err, const RunOptions& options) {
  std::vector<std::string> argv_s{program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int fi = ::open(in.empty() ? "/dev/null" : in.c_str(), O_RDONLY);
    const int fo = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int fe = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fi < 0 || fo < 0 || fe < 0) ::_exit(126);
    ::dup2(fi, 0);
    ::dup2(fo, 1);
    ::dup2(fe, 2);
    for (const auto& [k, v] : options.env) {
      if (v.empty()) {
        ::unsetenv(k.c_str());
      } else {
        ::setenv(k.c_str(), v.c_str(), 1);
      }
    }
    if (options.fsize_limit) {
      ::signal(SIGXFSZ, SIG_IGN);  // write() then fails with EFBIG instead of killing
      rlimit rl{};
      rl.rlim_cur = *options.fsize_limit;
      rl.rlim_max = *options.fsize_limit;
      ::setrlimit(RLIMIT_FSIZE, &rl);
    }
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

/// The file standard input is read from: options.stdin_file, or stdin_text written into dir.
fs::path stdin_path(const RunOptions& options, const fs::path& dir) {
  if (!options.stdin_file.empty()) return options.stdin_file;
  if (options.stdin_text.empty()) return {};
  const fs::path p = dir / "stdin";
  write_file(p, options.stdin_text);
  return p;
}

void wait_for(pid_t pid, int& status) {
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

ProcessResult finish(int status, const fs::path& out, const fs::path& err) {
  ProcessResult r;
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.exit_code = 128 + WTERMSIG(status);
    r.signaled = true;
  }
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

}  // namespace

ProcessResult run(const std::string& program, const std::vector<std::string>& args, const RunOptions& options) {
  TempDir io;
  const pid_t pid = spawn(program, args, stdin_path(options, io.path()), io / "out", io / "err", options);
  int status = 0;
  wait_for(pid, status);
  return finish(status, io / "out", io / "err");
}

Background::Background(const std::string& program, const std::vector<std::string>& args, const fs::path& dir,
                       const RunOptions& options)
    : out_(dir / "bg.out"), err_(dir / "bg.err") {
  pid_ = spawn(program, args, stdin_path(options, dir), out_, err_, options);
}

Background::~Background() {
  if (!done_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    wait_for(pid_, status_);
  }
}

void Background::kill(int sig) { ::kill(pid_, sig); }

bool Background::running() {
  if (done_) return false;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) done_ = true;
  return !done_;
}

ProcessResult Background::wait() {
  if (!done_) {
    wait_for(pid_, status_);
    done_ = true;
  }
  return finish(status_, out_, err_);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const fs::path& p, const std::string& content) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
}

}  // namespace bahth::test
