// SPDX-License-Identifier: GPL-2.0-or-later
#include "support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bahth::reliability {

TempDir::TempDir() {
  std::string templ = (fs::temp_directory_path() / "bahth-rel-XXXXXX").string();
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

pid_t spawn(const std::string& program, const std::vector<std::string>& args, const fs::path& out,
            const fs::path& err, const RunOptions& options) {
  std::vector<std::string> argv_s{program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const std::string in = options.stdin_file.empty() ? "/dev/null" : options.stdin_file;
    const int fi = ::open(in.c_str(), O_RDONLY);
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
  const pid_t pid = spawn(program, args, io / "out", io / "err", options);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  return finish(status, io / "out", io / "err");
}

Background::Background(const std::string& program, const std::vector<std::string>& args, const fs::path& dir,
                       const RunOptions& options)
    : out_(dir / "bg.out"), err_(dir / "bg.err") {
  pid_ = spawn(program, args, out_, err_, options);
}

Background::~Background() {
  if (!done_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
  }
}

void Background::kill(int sig) { ::kill(pid_, sig); }

bool Background::running() {
  if (done_) return false;
  const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
  if (r == pid_) done_ = true;
  return !done_;
}

ProcessResult Background::wait() {
  if (!done_) {
    while (::waitpid(pid_, &status_, 0) < 0) {
    }
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
  std::ofstream out(p, std::ios::binary);
  out << content;
}

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
