// SPDX-License-Identifier: GPL-2.0-or-later
#include "fixture.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "bahth/analyzer.h"
#include "bahth/indexer.h"

extern char** environ;

namespace bahth::test {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "bahth-searcher-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

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

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

RunResult run_cli(const std::vector<std::string>& args, const std::vector<std::string>& env,
                  const std::string& stdin_text) {
  TempDir dir;
  const auto in_path = dir.path() / "stdin";
  const auto out_path = dir.path() / "stdout";
  const auto err_path = dir.path() / "stderr";
  std::ofstream(in_path, std::ios::binary) << stdin_text;

  std::vector<std::string> argv_s{BAHTH_SEARCH_EXE};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) {
    const std::string v = *e;
    if (v.starts_with("NO_COLOR=") || v.starts_with("COLUMNS=")) continue;
    env_s.push_back(v);
  }
  env_s.insert(env_s.end(), env.begin(), env.end());
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("cannot run " + argv_s[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

}  // namespace bahth::test
