// Snippets and highlights (no database needed).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <random>

#include "bahth/analyzer.h"
#include "bahth/utf8.h"
#include "snippet.h"

using bahth::Analyzer;
using bahth::Snippet;
using bahth::SnippetOptions;
using bahth::detail::HighlightTerms;

namespace {

const Analyzer& analyzer() {
  static const Analyzer a;
  return a;
}

// Query words → highlight terms, each word its own item (as the query builder does).
HighlightTerms terms(std::initializer_list<std::string> words) {
  HighlightTerms t;
  for (const auto& w : words) {
    for (const auto& tok : analyzer().analyze(w)) t.stems.emplace(tok.stem, t.items);
    ++t.items;
  }
  return t;
}

std::vector<std::string> highlighted(const Snippet& s) {
  std::vector<std::string> out;
  for (const auto& h : s.highlights) out.push_back(s.text.substr(h.begin, h.end - h.begin));
  return out;
}

// Checks the invariants every snippet keeps.
void check_invariants(const Snippet& s) {
  CHECK(bahth::utf8::is_valid(s.text));
  for (char c : s.text) CHECK(static_cast<unsigned char>(c) >= 0x20);
  std::size_t prev_end = 0;
  for (const auto& h : s.highlights) {
    CHECK(h.begin < h.end);
    CHECK(h.end <= s.text.size());
    CHECK(h.begin >= prev_end);
    prev_end = h.end;
    CHECK(bahth::utf8::floor_boundary(s.text, h.begin) == h.begin);
    CHECK((h.end == s.text.size() || bahth::utf8::floor_boundary(s.text, h.end) == h.end));
  }
}

// The passages of a snippet (without the ellipses).
std::vector<std::string> pieces(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  const std::string e = "…";
  while (pos <= text.size()) {
    const std::size_t next = text.find(e, pos);
    std::string piece = text.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    while (!piece.empty() && piece.front() == ' ') piece.erase(0, 1);
    while (!piece.empty() && piece.back() == ' ') piece.pop_back();
    if (!piece.empty()) out.push_back(piece);
    if (next == std::string::npos) break;
    pos = next + e.size();
  }
  return out;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("snippet: highlights whole words in their original form, diacritics and clitics kept") {
  const std::string body = "قال الوزير إن وَالاقْتِصَادُ الوطني يتعافى، وإن للاقتصاد فرصاً كبيرة.";
  const Snippet s = bahth::detail::make_snippet(body, analyzer(), terms({"اقتصاد"}), {});
  check_invariants(s);
  CHECK(highlighted(s) == std::vector<std::string>{"وَالاقْتِصَادُ", "للاقتصاد"});
  CHECK(s.text == body);  // short enough: no cut, no ellipsis
}

TEST_CASE("snippet: mixed Arabic, Latin and digits highlight correctly (RTL with LTR runs)") {
  const std::string body =
      "أعلنت شركة Google عن هاتف Pixel 9 بسعر ٧٩٩ من الدولارات في 2024م، فيما قالت Apple إن iPhone15 سيصل "
      "قريباً.";
  const Snippet s = bahth::detail::make_snippet(
      body, analyzer(), terms({"google", "pixel", "799", "2024", "دولار", "iphone15"}), {});
  check_invariants(s);
  CHECK(highlighted(s) ==
        std::vector<std::string>{"Google", "Pixel", "٧٩٩", "الدولارات", "2024", "iPhone15"});
  // The Arabic letter glued to the year (2024م) is a separate word and not highlighted.
  CHECK_THAT(s.text, Catch::Contains("2024م،"));
}

TEST_CASE("snippet: cuts only at whitespace, never inside a character or a combining mark") {
  // Heavily vocalized text: every letter carries a combining mark.
  const std::string word = "اَلْمُعَلِّمُونَ ";
  const std::string body = repeat("يُطَالِبُونَ بِزِيَادَةِ ", 30) + "الرَّوَاتِبِ " + repeat(word, 30);
  const std::string clean = bahth::detail::clean_text(body);
  for (std::size_t max_chars : {20u, 37u, 60u, 101u}) {
    SnippetOptions opt;
    opt.max_chars = max_chars;
    const Snippet s = bahth::detail::make_snippet(body, analyzer(), terms({"الرواتب"}), opt);
    CAPTURE(max_chars, s.text);
    check_invariants(s);
    CHECK(highlighted(s) == std::vector<std::string>{"الرَّوَاتِبِ"});
    CHECK(s.text.starts_with("… "));
    CHECK(s.text.ends_with(" …"));
    for (const auto& piece : pieces(s.text)) {
      const auto at = clean.find(piece);
      REQUIRE(at != std::string::npos);
      CHECK((at == 0 || clean[at - 1] == ' '));
      CHECK((at + piece.size() == clean.size() || clean[at + piece.size()] == ' '));
    }
  }
}

TEST_CASE("snippet: an ellipsis marks text cut at either end, none when nothing was cut") {
  const std::string filler = repeat("كلمة عادية أخرى هنا ", 40);
  SECTION("match in the middle") {
    const Snippet s =
        bahth::detail::make_snippet(filler + "النفط " + filler, analyzer(), terms({"النفط"}), {});
    CHECK(s.text.starts_with("… "));
    CHECK(s.text.ends_with(" …"));
  }
  SECTION("match at the start") {
    const Snippet s = bahth::detail::make_snippet("النفط " + filler, analyzer(), terms({"النفط"}), {});
    CHECK_FALSE(s.text.starts_with("…"));
    CHECK(s.text.ends_with(" …"));
  }
  SECTION("match at the end") {
    const Snippet s = bahth::detail::make_snippet(filler + "النفط.", analyzer(), terms({"النفط"}), {});
    CHECK(s.text.starts_with("… "));
    CHECK(s.text.ends_with("النفط."));
  }
}

TEST_CASE("snippet: the window with the most distinct query words wins") {
  const std::string filler = repeat("كلمة عادية أخرى هنا ", 20);
  const std::string body = repeat("النفط ", 6) + filler + "ارتفعت أسعار النفط " + filler;
  SnippetOptions opt;
  opt.max_windows = 1;
  const Snippet s = bahth::detail::make_snippet(body, analyzer(), terms({"النفط", "أسعار"}), opt);
  check_invariants(s);
  CHECK_THAT(s.text, Catch::Contains("أسعار النفط"));
  CHECK(highlighted(s).size() >= 2);
}

TEST_CASE("snippet: two passages when the query words are far apart") {
  const std::string filler = repeat("كلمة عادية أخرى هنا ", 40);
  const std::string body = "بدأ الاجتماع " + filler + "وانتهت القمة بالتوقيع " + filler + " وحضر السفير.";
  SnippetOptions opt;
  opt.max_windows = 2;
  const Snippet two = bahth::detail::make_snippet(body, analyzer(), terms({"الاجتماع", "السفير"}), opt);
  check_invariants(two);
  CHECK(highlighted(two) == std::vector<std::string>{"الاجتماع", "السفير"});
  CHECK_THAT(two.text, Catch::Contains(" … "));
  opt.max_windows = 1;
  const Snippet one = bahth::detail::make_snippet(body, analyzer(), terms({"الاجتماع", "السفير"}), opt);
  CHECK(highlighted(one).size() == 1);
}

TEST_CASE("snippet: without a match, the beginning of the body") {
  const std::string body = "السطر الأول من الخبر. " + repeat("كلمة عادية أخرى هنا ", 40);
  const Snippet s = bahth::detail::make_snippet(body, analyzer(), terms({"غائب"}), {});
  CHECK(s.text.starts_with("السطر الأول من الخبر."));
  CHECK(s.highlights.empty());
  CHECK(s.text.ends_with(" …"));
}

TEST_CASE("snippet: control characters and invalid UTF-8 are cleaned, offsets stay right") {
  const std::string body = "تنبيه \x1b[31mعاجل\x1b[0m: ارتفاع\x07 أسعار \xff\xfe النفط\r\nاليوم\tفي الأسواق";
  const Snippet s = bahth::detail::make_snippet(body, analyzer(), terms({"النفط", "عاجل"}), {});
  check_invariants(s);
  CHECK(s.text.find('\x1b') == std::string::npos);
  CHECK(highlighted(s) == std::vector<std::string>{"عاجل", "النفط"});
  CHECK_THAT(s.text, Catch::Contains("\xEF\xBF\xBD"));  // U+FFFD for the invalid bytes
}

TEST_CASE("snippet: invariants hold on random text") {
  std::mt19937 rng(4242);
  const std::vector<std::string> pieces{"النفط", "وَالنِّفْطُ",   " ",         "  ",    "\n",   "Google", "٢٠٢٤",
                                        "2024م", "،",        "«",         "»",     "\x1b", "\xff",   "\xd9",
                                        "ـ",     "\xcc\x81", "e\xcc\x81", "أسعار", ".",    "\t"};
  const HighlightTerms t = terms({"النفط", "google", "2024", "أسعار"});
  for (int i = 0; i < 500; ++i) {
    std::string body;
    const int n = static_cast<int>(rng() % 200);
    for (int k = 0; k < n; ++k) body += pieces[rng() % pieces.size()];
    SnippetOptions opt;
    opt.max_chars = 10 + rng() % 100;
    opt.max_windows = 1 + rng() % 2;
    CAPTURE(body, opt.max_chars);
    const Snippet s = bahth::detail::make_snippet(body, analyzer(), t, opt);
    check_invariants(s);
    for (const auto& h : highlighted(s)) CHECK_FALSE(h.empty());
    const Snippet title = bahth::detail::highlight_all(body, analyzer(), t);
    check_invariants(title);
  }
}

TEST_CASE("snippet: a title is highlighted whole") {
  const std::string title = "مؤتمر Google I/O 2024 يكشف عن نموذج Gemini 1.5 الجديد";
  const Snippet s = bahth::detail::highlight_all(title, analyzer(), terms({"google", "نموذج", "1.5"}));
  CHECK(s.text == title);
  CHECK(highlighted(s) == std::vector<std::string>{"Google", "نموذج", "1.5"});
}

TEST_CASE("snippet: exact forms highlight only that form") {
  HighlightTerms t;
  t.exacts.emplace(analyzer().normalize("أمريكا"), 0);
  t.items = 1;
  const std::string body = "زار أمريكا ثم الأمريكية ثم امريكا";
  const Snippet s = bahth::detail::make_snippet(body, analyzer(), t, {});
  CHECK(highlighted(s) == std::vector<std::string>{"أمريكا", "امريكا"});
}
