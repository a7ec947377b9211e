// Hostile input: broken records, huge lines, odd ids, and queries built to hurt (10,000 terms,
// 100,000 parentheses, one-letter wildcards, nothing searchable). Each gets a clear error or a sane
// result; never a crash or a hang (ctest TIMEOUT bounds every case).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "bahth/error.h"
#include "bahth/searcher.h"
#include "query_parser.h"
#include "support.h"

using namespace bahth::reliability;
using nlohmann::json;

namespace {

// An index of the generated articles plus 3,000 with distinct words starting with "ظ" (so a
// one-letter prefix query "ظ*" would expand to thousands of terms).
struct HostileIndex {
  TempDir tmp;
  fs::path db = tmp / "db";
  HostileIndex() {
    write_articles(tmp / "a.jsonl", 500);
    std::ofstream out(tmp / "b.jsonl", std::ios::binary);
    static const char* const kLetters[] = {"ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط"};
    for (int i = 0; i < 3000; ++i) {
      std::string word = "ظ";
      int v = i;
      for (int k = 0; k < 4; ++k) {
        word += kLetters[v % 14];
        v /= 14;
      }
      out << R"({"id":"b-)" << i << R"(","title":"عنوان )" << word << R"(","body":"نص يحتوي )" << word
          << R"( وكلمات أخرى"})" << '\n';
    }
    out.close();
    const ProcessResult r = run_index({"-d", db.string(), "-q", (tmp / "a.jsonl").string(),
                                       (tmp / "b.jsonl").string()});
    if (r.exit_code != 0) FAIL("indexing failed: " << r.err);
  }
};

HostileIndex& shared_index() {
  static HostileIndex index;
  return index;
}

json search_json(const std::vector<std::string>& extra, int* exit_code = nullptr) {
  std::vector<std::string> args{"-d", shared_index().db.string(), "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const ProcessResult r = run_search(args);
  INFO("exit " << r.exit_code << ", stderr: " << r.err.substr(0, 2000));
  REQUIRE_FALSE(r.signaled);
  if (exit_code != nullptr) *exit_code = r.exit_code;
  if (r.exit_code != 0) {
    CHECK(r.err.find("bahth-search") != std::string::npos);
    return json();
  }
  REQUIRE(json::accept(r.out));
  return json::parse(r.out);
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("broken records are reported by file and line - the good ones around them are indexed",
          "[hostile][input]") {
  TempDir tmp;
  std::string data;
  data += R"({"id":"ok-1","title":"أول","body":"نص سليم"})" "\n";
  data += "{\"id\":\"bad-utf8\",\"title\":\"\xff\xfe\xc3\",\"body\":\"x\"}\n";  // line 2
  data += std::string("{\"id\":\"nul\",\"body\":\"a\0b\"}\n", 26);                 // line 3: raw NUL
  data += R"({"id":"escaped-nul","title":"قبل\u0000بعد","body":"نص"})" "\n";     // line 4: valid
  data += "\xc0\xaf\xed\xa0\x80\n";                                                // line 5: overlong, surrogate
  data += R"({"id":"ok-2","title":"ثاني","body":"نص سليم آخر"})" "\n";
  data += R"({"id":"unterminated)" "\n";                                            // line 7
  data += "[1,2,3]\n";                                                             // line 8
  data += R"({"id":12,"body":"x"})" "\n";                                           // line 9
  data += R"({"id":"t","title":{"nested":[1,2]}})" "\n";                            // line 10
  write_file(tmp / "in.jsonl", data);
  const fs::path db = tmp / "db";
  const ProcessResult r = run_index({"-d", db.string(), (tmp / "in.jsonl").string()});
  INFO(r.err);
  CHECK_FALSE(r.signaled);
  CHECK(r.exit_code == 3);
  for (const int line : {2, 3, 5, 7, 8, 9, 10}) {
    CHECK(r.err.find("in.jsonl:" + std::to_string(line) + ":") != std::string::npos);
  }
  CHECK(r.err.find("UTF-8") != std::string::npos);
  CHECK(has_id(db, "ok-1"));
  CHECK(has_id(db, "ok-2"));
  CHECK(has_id(db, "escaped-nul"));
  CHECK_FALSE(has_id(db, "bad-utf8"));
}

TEST_CASE("a 100 MB single line is reported as too large without being kept - the next line is indexed",
          "[hostile][input][big]") {
  TempDir tmp;
  const fs::path input = tmp / "big.jsonl";
  {
    std::ofstream out(input, std::ios::binary);
    out << R"({"id":"before","body":"قبل"})" << '\n';
    out << R"({"id":"huge","body":")";
    const std::string chunk = repeat("كلمة ", 1 << 12);  // 4096 words = 36,864 bytes
    for (std::size_t written = 0; written < (100u << 20); written += chunk.size()) out << chunk;
    out << R"("})" << '\n';
    out << R"({"id":"after","body":"بعد"})" << '\n';
  }
  REQUIRE(fs::file_size(input) > (100u << 20));
  const fs::path db = tmp / "db";
  const ProcessResult r = run_index({"-d", db.string(), input.string()});
  INFO(r.err);
  CHECK_FALSE(r.signaled);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("big.jsonl:2:") != std::string::npos);
  CHECK(r.err.find("larger than the limit") != std::string::npos);
  CHECK(has_id(db, "before"));
  CHECK(has_id(db, "after"));
  CHECK_FALSE(has_id(db, "huge"));
}

TEST_CASE("ids with slashes or quotes or spaces or control characters round-trip or are rejected clearly",
          "[hostile][input][ids]") {
  TempDir tmp;
  const std::vector<std::string> ids = {"a/b/c",        "../../etc/passwd", "with \"quotes\"", "with 'single'",
                                        "tab\there",    "esc\x1b[31mred",    "nl\nline",         "سلاش/عربي",
                                        "back\\slash",  "  spaced  ",        "semi;colon|pipe",  "*star?"};
  std::string data;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    json rec = {{"id", ids[i]}, {"title", "عنوان " + std::to_string(i)}, {"body", "نص مشترك رقم"}};
    data += rec.dump() + "\n";
  }
  write_file(tmp / "in.jsonl", data);
  const fs::path db = tmp / "db";
  const ProcessResult r = run_index({"-d", db.string(), (tmp / "in.jsonl").string()});
  INFO(r.err);
  CHECK_FALSE(r.signaled);
  CHECK((r.exit_code == 0 || r.exit_code == 3));
  std::size_t stored = 0;
  for (const auto& id : ids) {
    if (has_id(db, id)) ++stored;
  }
  // Every id is either stored exactly as given or its line is reported.
  const long long docs = doc_count(db);
  CHECK(static_cast<long long>(stored) == docs);
  if (stored < ids.size()) CHECK(r.exit_code == 3);
  // Search output carries them as valid JSON, and --like/--delete work with them.
  const ProcessResult s = run_search({"-d", db.string(), "--json", "--limit", "100", "مشترك"});
  REQUIRE(s.exit_code == 0);
  const json j = json::parse(s.out);
  CHECK(j["hits"].size() == stored);
  for (const auto& hit : j["hits"]) {
    CHECK(has_id(db, hit["id"].get<std::string>()));
  }
  if (has_id(db, "a/b/c")) {
    const ProcessResult like = run_search({"-d", db.string(), "--json", "--like", "a/b/c"});
    CHECK(like.exit_code == 0);
    CHECK(json::accept(like.out));
    const ProcessResult del = run_index({"-d", db.string(), "-q", "--delete", "a/b/c", "../../etc/passwd"});
    CHECK(del.exit_code == 0);
    CHECK_FALSE(has_id(db, "a/b/c"));
    CHECK(fs::exists("/etc/passwd"));
  }
}

TEST_CASE("hostile queries give a sane result or a clear error - never a crash or a hang",
          "[hostile][query]") {
  struct Case {
    std::string name;
    std::string query;
  };
  const std::vector<Case> cases = {
      {"10,000 terms", repeat("كلمة ", 10000)},
      {"10,000 distinct terms", [] {
         std::string q;
         for (int i = 0; i < 10000; ++i) q += "w" + std::to_string(i) + " ";
         return q;
       }()},
      {"10,000 OR", repeat("الطاقة OR ", 10000) + "الطاقة"},
      {"10,000 phrases", repeat("\"الطاقة المتجددة\" ", 3000)},
      {"100,000 '('", std::string(100000, '(')},
      {"100,000 '(' then a word", std::string(100000, '(') + "الطاقة"},
      {"100,000 ')'", std::string(100000, ')')},
      {"50,000 nested groups", repeat("(a ", 50000) + std::string(50000, ')')},
      {"10,000 NOT", repeat("NOT ", 10000) + "الطاقة"},
      {"10,000 '-'", std::string(10000, '-') + "الطاقة"},
      {"10,000 NEAR", repeat("الطاقة NEAR ", 5000) + "الطاقة"},
      {"only stopwords", "في من على إلى عن"},
      {"only punctuation", "!!! ... ؟؟ ، ; : , . - —"},
      {"only quotes", "\"\"\"\"\"«»“”"},
      {"only operators", "AND OR NOT NEAR"},
      {"dangling field", "title: source: category: date:"},
      {"bad dates", "date:99999999..0 date:2024-13-45"},
      {"invalid UTF-8", "\xff\xfe\xc3 الطاقة \xed\xa0\x80"},
      {"control characters", "\x1b]0;x\x07\x01\x02 الطاقة\x7f"},
      {"only *", "*"},
      {"**** star run", std::string(1000, '*')},
      {"one letter wildcard", "ظ*"},
      {"many wildcards", repeat("ظ* ", 200)},
      {"huge word", repeat("ب", 50000)},
      {"50,000 AND chain", repeat("a AND ", 50000) + "b"},
      {"50,000 NOT chain", repeat("a NOT ", 50000) + "b"},
      {"50,000 OR chain", repeat("a OR ", 50000) + "b"},
      {"50,000 NEAR chain", repeat("a NEAR ", 50000) + "b"},
      {"100,000 '='", std::string(100000, '=') + "x"},
      {"100,000 '= '", repeat("= ", 100000) + "x"},
      {"30,000 title:", repeat("title:", 30000) + "x"},
      {"20,000 title:(", repeat("title:(", 20000) + "x"},
      {"30,000 '(a '", repeat("(a ", 30000)},
      {"100,001 quotes", std::string(100001, '"')},
      {"50,000 '+-'", repeat("+-", 50000) + "a"},
  };
  for (const auto& c : cases) {
    for (const bool strict : {false, true}) {
      DYNAMIC_SECTION(c.name << (strict ? " strict" : "")) {
        // Through a batch file: no argv size limit, and a query per line.
        TempDir tmp;
        write_file(tmp / "q.txt", c.query + "\n");
        std::vector<std::string> args{"-d", shared_index().db.string(), "--batch", (tmp / "q.txt").string()};
        if (strict) args.push_back("--strict");
        const ProcessResult r = run_search(args);
        INFO("exit " << r.exit_code << ", stderr: " << r.err.substr(0, 1000));
        REQUIRE_FALSE(r.signaled);
        CHECK(r.exit_code <= 2);
        if (r.exit_code == 0) {
          CHECK(json::accept(r.out.substr(0, r.out.find('\n'))));
        } else {
          CHECK(!(r.err.empty() && r.out.empty()));
        }
      }
    }
  }
}

TEST_CASE("the query parser library survives 1000000 parentheses and reports them", "[hostile][query]") {
  const std::string text = GENERATE(std::string(1000000, '('), std::string(1000000, ')'),
                                    repeat("(\"", 200000), repeat("(-", 200000));
  const auto parsed = bahth::detail::parse_query(text, false);
  CHECK(parsed.warnings.size() >= 1);
  CHECK_THROWS_AS(bahth::detail::parse_query(text, true), bahth::QuerySyntaxError);
}

TEST_CASE("a one-letter wildcard is bounded with a message and the bound is configurable",
          "[hostile][query][wildcard]") {
  const bahth::Searcher searcher(shared_index().db.string());
  const std::size_t bound = GENERATE(std::size_t{1}, std::size_t{10}, std::size_t{100}, std::size_t{1000});
  bahth::SearchRequest req;
  req.query = "ظ*";
  req.max_prefix_expansion = bound;
  req.limit = 5000;
  const auto res = searcher.search(req);
  INFO("bound " << bound << ": " << res.total_estimate << " matches");
  CHECK(res.total_estimate > 0);
  CHECK(res.total_estimate <= bound * 7);  // each expanded word is in one article; 7 article forms
  bool said = false;
  for (const auto& w : res.warnings) {
    if (w.find("*") != std::string::npos || w.find("expan") != std::string::npos) said = true;
  }
  CHECK(said);
  // The CLI says so too.
  const json j = search_json({"ظ*"});
  REQUIRE(j.is_object());
  CHECK_FALSE(j["warnings"].empty());
}

TEST_CASE("queries with nothing searchable give an empty result with a warning", "[hostile][query]") {
  const std::string q = GENERATE(std::string("في من على"), std::string("!!! ؟؟ ..."), std::string("\"\""),
                                 std::string("()"));
  const json j = search_json({q});
  REQUIRE(j.is_object());
  CHECK(j["hits"].empty());
}

TEST_CASE("bahth-search has configurable per-query expansion and time limits", "[hostile][query][limits]") {
  int code = -1;
  const json small = search_json({"--max-expansion", "5", "--limit", "1000", "ظ*"}, &code);
  REQUIRE(code == 0);
  CHECK(small["total_estimate"].get<long long>() <= 5 * 7);
  CHECK_FALSE(small["warnings"].empty());
  const json large = search_json({"--max-expansion", "5000", "--limit", "1000", "ظ*"}, &code);
  REQUIRE(code == 0);
  CHECK(large["total_estimate"].get<long long>() >= 3000);
  // A time limit gives a valid answer and says when it ran out: 1 µs cannot cover a match that
  // counts facets over every article holding مشترك (the 500 generated ones) or a ظ word. The facets
  // are partial, the hits still the best ones.
  const json timed = search_json({"--time-limit", "0.000001", "--facets", "مشترك OR ظ*"}, &code);
  CHECK(code == 0);
  REQUIRE(timed.is_object());
  CHECK(timed.value("time_limit_reached", false) == true);
  CHECK(timed["hits"].size() == 10);
  const auto counted = [](const json& j) {
    long long n = 0;
    for (const auto& f : j["facets"]["month"]) n += f["count"].get<long long>();
    return n;
  };
  // Without a limit, or with an hour, the field is absent.
  for (const std::vector<std::string>& limit : {std::vector<std::string>{}, std::vector<std::string>{"--time-limit", "3600"}}) {
    std::vector<std::string> args = limit;
    args.insert(args.end(), {"--facets", "مشترك OR ظ*"});
    const json full = search_json(args, &code);
    CHECK(code == 0);
    REQUIRE(full.is_object());
    CHECK_FALSE(full.contains("time_limit_reached"));
    CHECK(full["hits"] == timed["hits"]);
    CHECK(counted(full) == 500);  // the generated articles, all of March 2024
    CHECK(counted(timed) < counted(full));
  }
  // The library says it in SearchResults::time_limit_reached.
  const bahth::Searcher searcher(shared_index().db.string());
  bahth::SearchRequest req;
  req.query = "مشترك";
  req.facets = true;
  CHECK_FALSE(searcher.search(req).time_limit_reached);
  req.time_limit_seconds = 1e-6;
  CHECK(searcher.search(req).time_limit_reached);
  req.facets = false;
  req.time_limit_seconds = 3600;
  CHECK_FALSE(searcher.search(req).time_limit_reached);
  // In text mode the warning goes to stderr (stdout keeps the results).
  const ProcessResult text =
      run_search({"-d", shared_index().db.string(), "--time-limit", "0.000001", "--facets", "مشترك"});
  CHECK(text.exit_code == 0);
  CHECK(text.err.find("bahth-search: warning: the time limit of") != std::string::npos);
  CHECK(text.err.find("was reached") != std::string::npos);
  CHECK(text.out.find("time limit") == std::string::npos);
  const ProcessResult untimed = run_search({"-d", shared_index().db.string(), "--facets", "مشترك"});
  CHECK(untimed.exit_code == 0);
  CHECK(untimed.err.find("time limit") == std::string::npos);
  const ProcessResult bad = run_search({"-d", shared_index().db.string(), "--time-limit", "-1", "x"});
  CHECK(bad.exit_code == 2);
}

TEST_CASE("overlong and deeply nested queries are cut with a warning in lenient mode", "[hostile][query]") {
  const std::string text = GENERATE(repeat("a AND ", 50000) + "b", repeat("a NOT ", 50000) + "b",
                                    repeat("(a ", 30000), std::string(100000, '=') + "x",
                                    repeat("title:", 30000) + "x");
  const auto parsed = bahth::detail::parse_query(text, false);
  CHECK(parsed.warnings.size() >= 1);
  CHECK(parsed.warnings.size() <= 100);
  if (!parsed.empty()) CHECK_FALSE(bahth::detail::describe(parsed.root.front()).empty());
  CHECK_THROWS_AS(bahth::detail::parse_query(text, true), bahth::QuerySyntaxError);
}
