// SPDX-License-Identifier: GPL-2.0-or-later
#include "support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

namespace bahth::test {

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "bahth-indexer-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string index_binary() {
  return std::string(BAHTH_BINARY_DIR) + "/indexer/bahth-index";
}

namespace {

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

pid_t spawn(const std::vector<std::string>& args, const std::string& stdin_file, const fs::path& out,
            const fs::path& err) {
  std::vector<std::string> argv_s;
  argv_s.push_back(index_binary());
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in = open(stdin_file.empty() ? "/dev/null" : stdin_file.c_str(), O_RDONLY);
    const int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || o < 0 || e < 0) _exit(127);
    dup2(in, 0);
    dup2(o, 1);
    dup2(e, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

ProcessResult run_index(const std::vector<std::string>& args, const std::string& stdin_file) {
  TempDir io;
  const pid_t pid = spawn(args, stdin_file, io / "out", io / "err");
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult r;
  r.exit_code = decode_status(status);
  r.out = slurp(io / "out");
  r.err = slurp(io / "err");
  return r;
}

Background::Background(const std::vector<std::string>& args, const fs::path& dir)
    : out_(dir / "bg.out"), err_(dir / "bg.err") {
  pid_ = spawn(args, "", out_, err_);
}

Background::~Background() {
  if (!done_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
}

void Background::kill(int sig) {
  ::kill(pid_, sig);
}

bool Background::running() {
  if (done_) return false;
  const pid_t r = waitpid(pid_, &status_, WNOHANG);
  if (r == pid_) done_ = true;
  return !done_;
}

ProcessResult Background::wait() {
  if (!done_) {
    waitpid(pid_, &status_, 0);
    done_ = true;
  }
  ProcessResult r;
  r.exit_code = decode_status(status_);
  r.out = slurp(out_);
  r.err = slurp(err_);
  return r;
}

fs::path corpus_dir() {
  return BAHTH_CORPUS_DIR;
}

std::size_t corpus_article_count() {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(corpus_dir())) {
    if (e.path().extension() != ".jsonl") continue;
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") != std::string::npos) ++n;
    }
  }
  return n;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const fs::path& p, const std::string& content) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
}

Xapian::doccount doc_count(const fs::path& db) {
  return Xapian::Database(db.string()).get_doccount();
}

Xapian::Document document_by_id(const Xapian::Database& db, const std::string& id) {
  const std::string term = "Q" + id;
  Xapian::PostingIterator p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) FAIL("no document with id " << id);
  return db.get_document(*p);
}

std::vector<std::string> term_list(const Xapian::Document& doc) {
  std::vector<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    std::string s = *t;
    if (t.positionlist_count() > 0) {
      s += "[";
      bool first = true;
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        if (!first) s += ",";
        s += std::to_string(*p);
        first = false;
      }
      s += "]";
    } else if (t.get_wdf() > 1) {
      s += ":" + std::to_string(t.get_wdf());
    }
    out.push_back(s);
  }
  return out;
}

void write_generated_articles(const fs::path& file, std::size_t n, std::size_t first) {
  static const char* kWords[] = {"الحكومة", "الاقتصاد", "وزير",    "المباراة", "الفريق", "السوق",
                                 "الأسعار", "النفط",    "المدينة", "الشركة",   "مشروع",  "الجديد",
                                 "قال",     "في",       "من",      "على",      "إلى",    "أن",
                                 "المتوسط", "البحر",    "الثقافة", "معرض",     "الصحة",  "المستشفى"};
  std::mt19937 rng(static_cast<unsigned>(first) + 7);
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kWords) - 1);
  std::ofstream out(file, std::ios::binary);
  for (std::size_t i = first; i < first + n; ++i) {
    std::string title, body;
    for (int w = 0; w < 8; ++w) title += std::string(w ? " " : "") + kWords[pick(rng)];
    for (int w = 0; w < 400; ++w) body += std::string(w ? " " : "") + kWords[pick(rng)];
    nlohmann::json j = {{"id", "gen-" + std::to_string(i)},
                        {"title", title},
                        {"body", body},
                        {"date", "2024-03-" + std::to_string(10 + i % 19) + "T10:00:00"},
                        {"source", i % 2 ? "Sahil Times" : "Wasat Agency"},
                        {"category", i % 3 ? "economy" : "sport"}};
    out << j.dump() << "\n";
  }
}

}  // namespace bahth::test
