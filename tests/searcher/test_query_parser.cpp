// The query language parser (no database needed).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <random>

#include "bahth/error.h"
#include "bahth/utf8.h"
#include "query_parser.h"

using bahth::detail::describe;
using bahth::detail::parse_query;

namespace {
std::string tree(const std::string& q, bool strict = false) {
  const auto p = parse_query(q, strict);
  return p.empty() ? "" : describe(p.root.front());
}
}  // namespace

TEST_CASE("parser: each construct gives its syntax tree") {
  const auto [query, expected] = GENERATE(table<std::string, std::string>({
      {"اقتصاد", "اقتصاد"},
      {"النفط الخام", "(النفط الخام)"},
      {"\"الطاقة المتجددة\"", "\"الطاقة المتجددة\""},
      {"«الطاقة المتجددة»", "\"الطاقة المتجددة\""},
      {"“الطاقة المتجددة”", "\"الطاقة المتجددة\""},
      {"النفط AND الغاز", "(النفط AND الغاز)"},
      {"النفط OR الغاز OR الفحم", "(النفط OR الغاز OR الفحم)"},
      {"النفط NOT الغاز", "(النفط NOT الغاز)"},
      {"النفط AND NOT الغاز", "(النفط NOT الغاز)"},
      {"+النفط -الغاز الفحم", "(+النفط -الغاز الفحم)"},
      {"(النفط OR الغاز) أسعار", "((النفط OR الغاز) أسعار)"},
      {"النفط NEAR أسعار", "(النفط NEAR أسعار)"},
      {"النفط NEAR/5 أسعار", "(النفط NEAR/5 أسعار)"},
      {"=أمريكا", "=أمريكا"},
      {"=\"الطاقة المتجددة\"", "=\"الطاقة المتجددة\""},
      {"اقتصا*", "اقتصا*"},
      {"title:النفط", "title:النفط"},
      {"title:\"كأس المدن\"", "title:\"كأس المدن\""},
      {"source:\"Sahil Times\"", "source:\"Sahil Times\""},
      {"category:economy النفط", "(category:\"economy\" النفط)"},
      {"عنوان:النفط", "title:النفط"},
      {"date:2024-03-01..2024-03-31", "date:20240301..20240331"},
      {"date:2024..", "date:2024.."},
      {"date:..2023-12", "date:..202312"},
      {"date:2024-03", "date:202403..202403"},
      {"date:٢٠٢٤-٠٣..٢٠٢٤-٠٥", "date:202403..202405"},
      {"date:20240301", "date:20240301..20240301"},
      {"-source:\"Sahil Times\" النفط", "(-source:\"Sahil Times\" النفط)"},
      {"COVID-19", "COVID-19"},
      {"and or not", "(and or not)"},  // lower case: plain words
      {"https://example.com/a", "https://example.com/a"},
  }));
  CAPTURE(query);
  const auto p = parse_query(query, true);
  CHECK(p.warnings.empty());
  CHECK(tree(query, true) == expected);
}

TEST_CASE("parser: lenient mode repairs malformed queries and says so") {
  const auto [query, expected, warning] = GENERATE(table<std::string, std::string, std::string>({
      {"\"الطاقة المتجددة", "\"الطاقة المتجددة\"", "unclosed quote"},
      {"النفط AND", "النفط", "AND with nothing after it"},
      {"AND النفط", "النفط", "AND with nothing before it"},
      {"النفط OR", "النفط", "OR with nothing after it"},
      {"OR النفط", "النفط", "OR with nothing before it"},
      {"النفط OR OR الغاز", "(النفط OR الغاز)", "OR with nothing after it"},
      {"النفط NEAR", "النفط", "NEAR with nothing after it"},
      {"NEAR النفط", "النفط", "NEAR with nothing before it"},
      {"(النفط OR الغاز", "(النفط OR الغاز)", "unclosed '('"},
      {"النفط) الغاز", "(النفط الغاز)", "unmatched ')'"},
      {"النفط + الغاز", "(النفط الغاز)", "'+' with nothing after it"},
      {"النفط -", "النفط", "'-' with nothing after it"},
      {"= النفط", "النفط", "'=' with nothing after it"},
      {"date:2024-13 النفط", "النفط", "bad date range"},
      {"date:tomorrow النفط", "النفط", "bad date range"},
      {"date:2024-05..2024-01", "date:202401..202405", "ends before it starts"},
      {"title: النفط", "title:النفط", ""},
      {"source: ", "", "source: with nothing after it"},
      {"() النفط", "النفط", "empty parentheses"},
      {"* النفط", "النفط", "'*' with no prefix"},
      {"النفط NEAR/x الغاز", "(النفط NEAR الغاز)", "bad NEAR distance"},
  }));
  CAPTURE(query);
  const auto p = parse_query(query, false);
  CHECK(tree(query) == expected);
  if (warning.empty()) {
    CHECK(p.warnings.empty());
  } else {
    REQUIRE(p.warnings.size() >= 1);
    CHECK_THAT(p.warnings.front(), Catch::Contains(warning) && Catch::Contains("at byte"));
  }
}

TEST_CASE("parser: strict mode throws QuerySyntaxError with the byte position") {
  const auto [query, position] = GENERATE(table<std::string, std::size_t>({
      {"\"الطاقة المتجددة", 0},
      {"النفط AND", 11},
      {"النفط OR OR الغاز", 11},
      {"(النفط OR الغاز", 0},
      {"النفط) الغاز", 10},
      {"النفط + الغاز", 11},
      {"date:2024-13", 5},
      {"النفط NEAR", 11},
  }));
  CAPTURE(query);
  try {
    parse_query(query, true);
    FAIL("no exception");
  } catch (const bahth::QuerySyntaxError& e) {
    CHECK(e.position() == position);
    CHECK_THAT(e.what(), Catch::Contains("at byte " + std::to_string(position)));
  }
}

TEST_CASE("parser: byte ranges of words point at the words in the query") {
  const std::string q = "أسعار \"الطاقة المتجددة\" title:النفط";
  const auto p = parse_query(q, true);
  REQUIRE(p.root.size() == 1);
  const auto& g = p.root.front();
  REQUIRE(g.children.size() == 3);
  CHECK(q.substr(g.children[0].begin, g.children[0].end - g.children[0].begin) == "أسعار");
  CHECK(q.substr(g.children[1].begin, g.children[1].end - g.children[1].begin) == "\"الطاقة المتجددة\"");
  CHECK(q.substr(g.children[2].begin, g.children[2].end - g.children[2].begin) == "title:النفط");
}

TEST_CASE("parser: Arabic-Indic and extended digits fold to ASCII") {
  CHECK(bahth::detail::fold_digits("٢٠٢٤-٠٣-٠١") == "2024-03-01");
  CHECK(bahth::detail::fold_digits("۲۰۲۴") == "2024");
  CHECK(bahth::detail::fold_digits("abc ١٢") == "abc 12");
}

TEST_CASE("parser: an empty or punctuation-only query is empty, not an error") {
  const auto q = GENERATE(as<std::string>{}, "", "   ", "()", "\"\"");
  CAPTURE(q);
  const auto p = parse_query(q, false);
  CHECK(p.empty());
}

TEST_CASE("parser: lenient mode never throws on random input") {
  std::mt19937 rng(12345);
  const std::vector<std::string> pieces{"النفط",  " ", "\"", "(",    ")",    "AND",    "OR",    "NOT",
                                        "NEAR/3", "+", "-",  "=",    "*",    "title:", "date:", "..",
                                        "2024",   "«", "»",  "\xff", "\xd8", ":",      "ـ"};
  for (int i = 0; i < 2000; ++i) {
    std::string q;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) q += pieces[rng() % pieces.size()];
    CAPTURE(q);
    bahth::detail::ParsedQuery p;
    REQUIRE_NOTHROW(p = parse_query(q, false));
    if (!p.empty()) {
      CHECK(p.root.front().begin <= q.size());
      CHECK(p.root.front().end <= q.size());
    }
  }
}
