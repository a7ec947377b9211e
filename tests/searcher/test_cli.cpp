// bahth-search end to end: the real binary, text and JSON output, exit codes.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bahth/utf8.h"
#include "cli.h"
#include "fixture.h"

using bahth::test::corpus_db;
using bahth::test::run_cli;

namespace {
std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}
bool has_escape(const std::string& s) {
  return s.find('\x1b') != std::string::npos;
}
}  // namespace

TEST_CASE("cli: text output shows rank, title, source, date and snippet, no colour when piped") {
  const auto r = run_cli({"-d", corpus_db(), "النفط", "--limit", "3"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_THAT(r.out, Catch::Contains("Results 1–3 of about"));
  CHECK_THAT(r.out, Catch::Contains("  1. "));
  CHECK_THAT(r.out, Catch::Contains("  3. "));
  CHECK_THAT(r.out, Catch::Contains("…"));
  CHECK_FALSE(has_escape(r.out));
  CHECK(bahth::utf8::is_valid(r.out));
}

TEST_CASE("cli: colour on request, never with --color never, NO_COLOR respected") {
  const auto colour = run_cli({"-d", corpus_db(), "النفط", "--limit", "2", "--color", "always"});
  CHECK(colour.exit_code == 0);
  CHECK_THAT(colour.out, Catch::Contains("\x1b[1;33m"));
  const auto never = run_cli({"-d", corpus_db(), "النفط", "--color", "never"});
  CHECK_FALSE(has_escape(never.out));
  // auto: only on a terminal and without NO_COLOR; the test's stdout is a file.
  const auto no_color = run_cli({"-d", corpus_db(), "النفط"}, {"NO_COLOR=1"});
  CHECK_FALSE(has_escape(no_color.out));
}

TEST_CASE("cli: escape sequences and control characters from articles never reach the terminal") {
  // x-004 contains ESC [31m, a BEL and a right-to-left override.
  for (const char* color : {"never", "always"}) {
    const auto r = run_cli({"-d", corpus_db(), "Gemini", "--color", color});
    CAPTURE(color);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Gemini"));
    CHECK(r.out.find("\x1b[31m") == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
    CHECK(r.out.find("\u202e") == std::string::npos);
  }
  CHECK(bahth::cli::terminal_safe("a\x1b[2Jb\x07\u202ec\xff") == "a\uFFFD[2Jb\uFFFDc\uFFFD");
}

TEST_CASE("cli: --json has the documented shape") {
  const auto r = run_cli({"-d", corpus_db(), "--json", "--limit", "4", "\"الطاقة المتجددة\""});
  REQUIRE(r.exit_code == 0);
  const auto all = lines(r.out);
  REQUIRE(all.size() == 1);
  const auto j = nlohmann::json::parse(all.front());
  CHECK(j["query"] == "\"الطاقة المتجددة\"");
  CHECK(j["total_estimate"].get<int>() >= 2);
  REQUIRE(j["hits"].size() >= 2);
  const auto& h = j["hits"][0];
  CHECK(h["rank"] == 1);
  for (const char* k :
       {"id", "score", "title", "date", "source", "category", "url", "snippet", "highlights"}) {
    CAPTURE(k);
    CHECK(h.contains(k));
  }
  const std::string snippet = h["snippet"];
  REQUIRE_FALSE(h["highlights"].empty());
  for (const auto& range : h["highlights"]) {
    const auto b = range[0].get<std::size_t>();
    const auto e = range[1].get<std::size_t>();
    REQUIRE(e <= snippet.size());
    CHECK((bahth::test::has_stem(snippet.substr(b, e - b), "الطاقة") ||
           bahth::test::has_stem(snippet.substr(b, e - b), "المتجددة")));
  }
}

TEST_CASE("cli: --batch runs one query per line and writes one JSON object per line") {
  bahth::test::TempDir dir;
  const auto file = dir.path() / "queries.txt";
  std::ofstream(file)
      << "النفط\n\n\"الطاقة المتجددة\"\n{\"qid\": \"q7\", \"query\": \"category:sport\"}\nكلمةليستفيالفهرس\n";
  const auto r = run_cli({"-d", corpus_db(), "--batch", file.string(), "--limit", "2"});
  CHECK(r.exit_code == 0);
  const auto out = lines(r.out);
  REQUIRE(out.size() == 4);
  CHECK(nlohmann::json::parse(out[0])["query"] == "النفط");
  CHECK(nlohmann::json::parse(out[1])["query"] == "\"الطاقة المتجددة\"");
  const auto third = nlohmann::json::parse(out[2]);
  CHECK(third["qid"] == "q7");
  CHECK(third["query"] == "category:sport");
  CHECK(nlohmann::json::parse(out[3])["hits"].empty());
  SECTION("from standard input") {
    const auto s = run_cli({"-d", corpus_db(), "--batch", "-"}, {}, "النفط\nالانتخابات\n");
    CHECK(s.exit_code == 0);
    CHECK(lines(s.out).size() == 2);
  }
  SECTION("strict mode: a bad line gives an error object and exit code 2, the others still run") {
    const auto s =
        run_cli({"-d", corpus_db(), "--batch", "-", "--strict"}, {}, "النفط\n(النفط\nالانتخابات\n");
    CHECK(s.exit_code == 2);
    const auto o = lines(s.out);
    REQUIRE(o.size() == 3);
    const auto bad = nlohmann::json::parse(o[1]);
    CHECK(bad["position"] == 0);
    CHECK_THAT(bad["error"].get<std::string>(), Catch::Contains("unclosed"));
    CHECK_THAT(s.err, Catch::Contains("-:2:"));
  }
}

TEST_CASE("cli: exit codes") {
  const auto [args, code] = GENERATE(table<std::vector<std::string>, int>({
      {{"-d", "@DB@", "النفط"}, 0},
      {{"-d", "@DB@", "كلمةليستفيالفهرس"}, 0},
      {{"النفط"}, 2},                                      // no index given
      {{"-d", "@DB@"}, 2},                                 // nothing to search for
      {{"-d", "@DB@", "--sort", "sideways", "النفط"}, 2},  // bad option value
      {{"-d", "@DB@", "--no-such-option", "النفط"}, 2},
      {{"-d", "/nonexistent/bahth.db", "النفط"}, 1},  // no database there
      {{"-d", "@DB@", "--strict", "النفط AND"}, 2},   // strict-mode query error
      {{"-d", "@DB@", "النفط AND"}, 0},               // lenient: warning only
      {{"-d", "@DB@", "--batch", "/nonexistent/queries"}, 2},
      {{"-d", "@DB@", "--like", "no-such-id"}, 2},
      {{"--help"}, 0},
      {{"--analyze", "الكتاب"}, 0},
  }));
  std::vector<std::string> a = args;
  for (auto& s : a) {
    if (s == "@DB@") s = corpus_db();
  }
  CAPTURE(a);
  const auto r = run_cli(a);
  CHECK(r.exit_code == code);
  if (code != 0) CHECK_FALSE(r.err.empty());
}

TEST_CASE("cli: the strict-mode error names the byte position, lenient mode warns") {
  const auto strict = run_cli({"-d", corpus_db(), "--strict", "النفط AND"});
  CHECK_THAT(strict.err, Catch::Contains("at byte 11"));
  const auto lenient = run_cli({"-d", corpus_db(), "النفط AND"});
  CHECK_THAT(lenient.out, Catch::Contains("warning: AND with nothing after it"));
}

TEST_CASE("cli: --facets, --collapse, --explain, --sort, --offset, --like") {
  SECTION("facets") {
    const auto r = run_cli({"-d", corpus_db(), "--facets", "النفط"});
    CHECK_THAT(r.out, Catch::Contains("source:") && Catch::Contains("category:") &&
                          Catch::Contains("year:") && Catch::Contains("month:"));
  }
  SECTION("collapse") {
    const auto r = run_cli({"-d", corpus_db(), "--collapse", "--json", "زلزال وادي السدر"});
    const auto j = nlohmann::json::parse(r.out);
    int wire = 0;
    for (const auto& h : j["hits"]) {
      const std::string id = h["id"];
      if (id == "x-001" || id == "x-002" || id == "x-003") {
        ++wire;
        CHECK(h["collapsed"] == 2);
      }
    }
    CHECK(wire == 1);
  }
  SECTION("explain") {
    const auto r = run_cli({"-d", corpus_db(), "--explain", "أسعار النفط", "--limit", "1"});
    CHECK_THAT(r.out, Catch::Contains("parsed query: (اسعار OR نفط)") && Catch::Contains("xapian query:") &&
                          Catch::Contains("weight"));
  }
  SECTION("sort and offset") {
    const auto r = run_cli({"-d", corpus_db(), "--json", "--sort", "oldest", "--offset", "1", "--limit", "3",
                            "category:economy"});
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["hits"].size() == 3);
    CHECK(j["hits"][0]["rank"] == 2);
    CHECK(j["hits"][0]["date"].get<std::string>() <= j["hits"][1]["date"].get<std::string>());
  }
  SECTION("more like this") {
    const auto r = run_cli({"-d", corpus_db(), "--like", "x-001", "--json", "--limit", "2"});
    CHECK(r.exit_code == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["hits"].size() == 2);
    CHECK(j["hits"][0]["id"] != "x-001");
  }
  SECTION("several -d options") {
    const auto r = run_cli({"-d", corpus_db(), "-d", corpus_db(), "--json", "النفط"});
    CHECK(r.exit_code == 0);
  }
}

TEST_CASE("cli: --analyze keeps its JSON shape") {
  const auto r = run_cli({"--analyze", "وَالكِتابُ", "--json"});
  CHECK(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["analyzer"] == "bahth-ar/2");
  REQUIRE(j["tokens"].size() == 1);
  for (const char* k : {"surface", "begin", "end", "position", "normalized", "stem", "stopword"})
    CHECK(j["tokens"][0].contains(k));
}

TEST_CASE("cli: --visual prints Arabic in visual order, shaped") {
  SECTION("visual_line reverses Arabic, keeps Latin and digits left to right") {
    // سلام → presentation forms in visual (reversed) order: final meem, the lam-alef ligature, seen.
    const std::string v = bahth::cli::visual_line("سلام", {}, "", "");
    std::vector<char32_t> cps;
    for (std::size_t i = 0; i < v.size();) cps.push_back(bahth::utf8::decode(v, i));
    REQUIRE(cps.size() == 3);
    for (char32_t c : cps) CHECK((c >= 0xFE70 && c <= 0xFEFF));
    CHECK(static_cast<std::uint32_t>(cps.front()) == 0xFEE1);  // meem (isolated after alef), now leftmost
    CHECK(static_cast<std::uint32_t>(cps.back()) == 0xFEB3);   // seen, initial form, rightmost
    CHECK(bahth::cli::visual_line("abc 123", {}, "", "") == "abc 123");
    const std::string mixed = bahth::cli::visual_line("في 2024 قال", {}, "", "");
    CHECK_THAT(mixed, Catch::Contains("2024"));  // digits keep their order
  }
  SECTION("highlights survive the reordering") {
    const std::string v = bahth::cli::visual_line("abc النفط xyz", {{4, 14}}, "[", "]");
    CHECK(v.find('[') != std::string::npos);
    CHECK(v.find(']') != std::string::npos);
    CHECK(v.starts_with("abc ["));
    CHECK(v.ends_with("] xyz"));
  }
  SECTION("mirrored brackets in right-to-left text") {
    const std::string v = bahth::cli::visual_line("قال (نعم)", {}, "", "");
    CHECK_THAT(v, Catch::Contains("("));
    CHECK(v.find('(') < v.find(')'));
  }
  SECTION("end to end") {
    const auto r = run_cli({"-d", corpus_db(), "--visual", "--limit", "1", "النفط"});
    CHECK(r.exit_code == 0);
    bool presentation = false;
    for (std::size_t i = 0; i < r.out.size();) {
      const char32_t c = bahth::utf8::decode(r.out, i);
      presentation = presentation || (c >= 0xFE70 && c <= 0xFEFF);
    }
    CHECK(presentation);
  }
  SECTION("wrapping splits at spaces") {
    const auto w = bahth::cli::wrap("aaa bbb ccc ddd", 8);
    REQUIRE(w.size() == 2);
    CHECK(w[0].begin == 0);
    CHECK(w[0].end == 7);
    CHECK(w[1].begin == 8);
  }
}
