// Tokenizer: one TEST_CASE per segmentation rule.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/tokenizer.h"
#include "bahth/utf8.h"
#include "test_support.h"

using bahth::Span;
using bahth::Tokenizer;
using bahth::test::escape;

namespace {

const Tokenizer& tokenizer() {
  static const Tokenizer t;
  return t;
}

// The words of text, joined by " | " (an empty string for no words).
std::string words(std::string_view text) {
  std::string out;
  tokenizer().for_each(text, [&](Span s) {
    if (!out.empty()) out += " | ";
    out += text.substr(s.begin, s.end - s.begin);
  });
  return out;
}

void check(const std::string& text, const std::string& expected) {
  const std::string got = words(text);
  INFO("text     " << escape(text));
  INFO("expected " << escape(expected));
  INFO("got      " << escape(got));
  CHECK(got == expected);
}

}  // namespace

TEST_CASE("testSpacesSeparate", "[tokenizer]") {
  check("وزراء خارجية عرب", "وزراء | خارجية | عرب");
  check("  \t\nكتب\n\n", "كتب");
  check("كتب\u00A0قلم", "كتب | قلم");  // no-break space
  check("", "");
  check(" \t ", "");
}

TEST_CASE("testArabicPunctuationSeparates", "[tokenizer]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"قال، ثم", "قال | ثم"},              // ، U+060C
      {"الأول؛ الثاني", "الأول | الثاني"},  // ؛ U+061B
      {"لماذا؟ لأن", "لماذا | لأن"},        // ؟ U+061F
      {"«جدار من ورق»", "جدار | من | ورق"},
      {"قال،ثم؛لماذا؟«نعم»", "قال | ثم | لماذا | نعم"},  // no spaces at all
      {"٧٢٪ من", "٧٢ | من"},                             // ٪ U+066A
      {"بيان»…", "بيان"},
      {"(الصحة): حملة", "الصحة | حملة"},
  }));
  check(text, expected);
}

TEST_CASE("testNumbersKeepSeparators", "[tokenizer]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"٣٫١٤", "٣٫١٤"},
      {"3.5", "3.5"},
      {"١٬٠٠٠", "١٬٠٠٠"},
      {"1,200,000", "1,200,000"},
      {"بلغ ٢٫٧ مليار", "بلغ | ٢٫٧ | مليار"},
      {"7.25%", "7.25"},
      {"١٬٢٠٠٬٠٠٠ دولار", "١٬٢٠٠٬٠٠٠ | دولار"},
  }));
  check(text, expected);
}

TEST_CASE("testTrailingSeparatorDoesNotStick", "[tokenizer]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"عام 2024.", "عام | 2024"},
      {"1,200,000.", "1,200,000"},
      {"3, 4", "3 | 4"},
      {"٣٫ ٤", "٣ | ٤"},
      {"١٬", "١"},
      {".5", "5"},
      {"1..2", "1 | 2"},
      {"U.S.", "U | S"},
      {"a.b", "a | b"},
  }));
  check(text, expected);
}

TEST_CASE("testLatinWords", "[tokenizer]") {
  check("NATO summit", "NATO | summit");
  check("Jean-Luc Martin", "Jean | Luc | Martin");
  check("e\u0301cole", "e\u0301cole");  // a combining mark stays with its base
  check("don't", "don | t");
}

TEST_CASE("testMixedLatinDigitTokens", "[tokenizer]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"COVID-19", "COVID | 19"},
      {"iPhone15", "iPhone15"},
      {"G20", "G20"},
      {"A320neo", "A320neo"},
      {"OPEC+", "OPEC"},
      {"iPhone 15 Pro", "iPhone | 15 | Pro"},
      {"v1.2", "v1.2"},
  }));
  check(text, expected);
}

TEST_CASE("testScriptChangeSplits", "[tokenizer]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"2024م", "2024 | م"},
      {"٢٠٢٤م", "٢٠٢٤ | م"},
      {"م2024", "م | 2024"},
      {"عامNATO", "عام | NATO"},
      {"NATOعام", "NATO | عام"},
      {"ChatGPTالجديد", "ChatGPT | الجديد"},
      {"٥٠٠ محطة", "٥٠٠ | محطة"},
  }));
  check(text, expected);
}

TEST_CASE("testMarksAndTatweelStayInTheWord", "[tokenizer]") {
  check("كَتَبَ", "كَتَبَ");
  check("كـبير", "كـبير");
  check("ـكبير", "ـكبير");
  check("مدرّسٌ،", "مدرّسٌ");
  check("ٱلله", "ٱلله");
  check("\uFEFBعب", "\uFEFBعب");  // presentation forms are Arabic letters
}

TEST_CASE("testJoinersInsideWordDoNotSplit", "[tokenizer]") {
  const std::string control = GENERATE(as<std::string>{}, "\u200C", "\u200D", "\u200E", "\u200F", "\u061C",
                                       "\u00AD", "\u2066", "\u202B");
  INFO("control " << escape(control));
  check("می" + control + "خواهم", "می" + control + "خواهم");
  check("Face" + control + "book", "Face" + control + "book");
}

TEST_CASE("testJoinersNeverAtTokenEdges", "[tokenizer]") {
  const std::string zwnj = "\u200C";
  const std::string zwj = "\u200D";
  check(zwnj + "كتب" + zwnj, "كتب");
  check(zwj + zwnj + "كتب" + zwj + zwnj + " قلم", "كتب | قلم");
  check("كتب" + zwnj + "، قلم", "كتب | قلم");
  check("كتب" + zwnj + "NATO", "كتب | NATO");  // across a script change it separates
  check(zwnj, "");
}

TEST_CASE("testZeroWidthSpaceSeparates", "[tokenizer]") {
  check("كتب\u200Bقلم", "كتب | قلم");
}

TEST_CASE("testInvalidUtf8Separates", "[tokenizer]") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"كتب\xFFقلم", "كتب | قلم"},
      {"abc\xC3", "abc"},
      {"\xD9كتب", "كتب"},  // a lone lead byte of an Arabic letter
      {"ك\xD9\x20تب", "ك | تب"},
      {"12\xE2\x82"
       "34",
       "12 | 34"},
      {"\xC0\xAF"
       "x",
       "x"},
  }));
  check(text, expected);
}

TEST_CASE("testSpansAreOnUtf8Boundaries", "[tokenizer]") {
  const std::string text = "وبالمدينة، فسيكتبونها «للاجتماع» COVID-19 ٣٫١٤ 2024م\xFF كـبير";
  tokenizer().for_each(text, [&](Span s) {
    REQUIRE(s.begin < s.end);
    REQUIRE(s.end <= text.size());
    CHECK(bahth::test::on_decode_boundary(text, s.begin));
    CHECK(bahth::test::on_decode_boundary(text, s.end));
    CHECK(bahth::utf8::is_valid(text.substr(s.begin, s.end - s.begin)));
  });
}

TEST_CASE("testOverlongTokenDroppedButPositionConsumed", "[tokenizer][analyzer]") {
  const bahth::Analyzer analyzer;
  const std::string longest(bahth::kMaxWordBytes, 'x');
  const std::string too_long(bahth::kMaxWordBytes + 1, 'x');
  const std::string arabic_too_long = [] {
    std::string s;
    for (std::size_t i = 0; i * 2 <= bahth::kMaxWordBytes; ++i) s += "ب";
    return s;
  }();
  SECTION("one byte over the limit") {
    const auto tokens = analyzer.analyze("قبل " + too_long + " بعد");
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].position == 0);
    CHECK(tokens[1].normalized == "بعد");
    CHECK(tokens[1].position == 2);
  }
  SECTION("an Arabic word over the limit") {
    const auto tokens = analyzer.analyze(arabic_too_long + " بعد");
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].position == 1);
  }
  SECTION("exactly at the limit is kept") {
    const auto tokens = analyzer.analyze(longest);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].normalized == longest);
  }
  SECTION("the limit applies after normalization: marks do not count") {
    std::string vocalized;
    for (std::size_t i = 0; i < 40; ++i) vocalized += "بَ";  // 160 bytes, 80 after normalization
    const auto tokens = analyzer.analyze(vocalized);
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].normalized.size() == 80);
  }
}

TEST_CASE("testClassify", "[tokenizer]") {
  using C = Tokenizer::Class;
  auto [cp, cls] = GENERATE(table<char32_t, C>({
      {U'ب', C::kArabic},       {0x064E, C::kArabic},                          // fatha
      {0x0640, C::kArabic},                                                    // tatweel
      {0xFEFB, C::kArabic},                                                    // lam-alef ligature
      {0x0663, C::kDigit},                                                     // ٣
      {0x06F3, C::kDigit},                                                     // ۳
      {U'7', C::kDigit},        {U'a', C::kOther},       {0x05D0, C::kOther},  // Hebrew alef
      {0x0301, C::kMark},       {0x200C, C::kJoiner},    {0x200D, C::kJoiner},    {0x066B, C::kNumSep},
      {0x066C, C::kNumSep},     {U'.', C::kNumSep},      {U',', C::kNumSep},      {0x060C, C::kSeparator},
      {0x061F, C::kSeparator},  {0x00AB, C::kSeparator}, {0x066A, C::kSeparator}, {0x200B, C::kSeparator},
      {0x1F600, C::kSeparator},  // emoji
      {0x20000, C::kOther},      // CJK extension B
  }));
  INFO("U+" << std::hex << static_cast<unsigned>(cp));
  CHECK(tokenizer().classify(cp) == cls);
}
