// Normalizer: one TEST_CASE per rule, each rule alone, then the options and the fast path.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <string>

#include "bahth/normalizer.h"
#include "bahth/utf8.h"
#include "test_support.h"

using bahth::Normalizer;
using bahth::NormalizerOptions;
using bahth::test::code_points;

namespace {

std::string u8(char32_t cp) {
  std::string s;
  bahth::utf8::append(s, cp);
  return s;
}

const Normalizer& normalizer() {
  static const Normalizer n;
  return n;
}

// Checks one row: normalize(input) == expected, with code points in the message on failure.
void check(const std::string& input, const std::string& expected, const Normalizer& n = normalizer()) {
  const std::string got = n.normalize(input);
  INFO("input    " << code_points(input));
  INFO("expected " << code_points(expected));
  INFO("got      " << code_points(got));
  CHECK(got == expected);
}

}  // namespace

TEST_CASE("testHarakat: every mark U+064B-U+065F is removed", "[normalizer]") {
  const char32_t mark = GENERATE(range(char32_t{0x064B}, char32_t{0x0660}));
  // Between two letters that no mark composes with.
  check("ب" + u8(mark) + "ت", "بت");
}

TEST_CASE("testHarakat: vocalized words", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"كَتَبَ", "كتب"},
      {"يُقرّ", "يقر"},
      {"مُدَرِّسٌ", "مدرس"},
      {"الْمَدِينَةِ", "المدينه"},
  }));
  check(in, out);
}

TEST_CASE("testShadda", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"مدرّس", "مدرس"}, {"عمّان", "عمان"}, {"شحّ", "شح"}, {"يثبِّت", "يثبت"},  // shadda with kasra
  }));
  check(in, out);
}

TEST_CASE("testTanween", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"شكرًا", "شكرا"},  // fathatan U+064B
      {"كتابٌ", "كتاب"},  // dammatan U+064C
      {"بابٍ", "باب"},    // kasratan U+064D
      {"موعدًا", "موعدا"},
  }));
  check(in, out);
}

TEST_CASE("testSuperscriptAlef", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"هٰذا", "هذا"},
      {"ذٰلك", "ذلك"},
      {"الرحمٰن", "الرحمن"},
  }));
  check(in, out);
}

TEST_CASE("testQuranicMarks: every mark U+06D6-U+06ED is removed", "[normalizer]") {
  const char32_t mark = GENERATE(range(char32_t{0x06D6}, char32_t{0x06EE}));
  check("ب" + u8(mark) + "ت", "بت");
}

TEST_CASE("testTatweel", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"كـبير", "كبير"},
      {"جـديـد", "جديد"},
      {"كــــبير", "كبير"},
      {"ـ", ""},
  }));
  check(in, out);
}

TEST_CASE("testAlifMadda", "[normalizer]") {
  check("آمن", "امن");
  check("القرآن", "القران");
}

TEST_CASE("testAlifHamzaAbove", "[normalizer]") {
  check("أحمد", "احمد");
  check("مسألة", "مساله");
}

TEST_CASE("testAlifHamzaBelow", "[normalizer]") {
  check("إسلام", "اسلام");
  check("إلى", "الي");
}

TEST_CASE("testAlifWasla", "[normalizer]") {
  check("ٱستقبال", "استقبال");
  check("ٱلله", "الله");
}

TEST_CASE("testAlifWavyHamza: ٲ ٳ fold to ا", "[normalizer]") {
  check("ٲ", "ا");
  check("ٳ", "ا");
}

TEST_CASE("testAlefMaqsura", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"على", "علي"},
      {"مستشفى", "مستشفي"},
      {"إلى", "الي"},
      {"الأولى", "الاولي"},
  }));
  check(in, out);
}

TEST_CASE("testTehMarbuta", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"مدرسة", "مدرسه"},
      {"المدينة", "المدينه"},
      {"ة", "ه"},
  }));
  check(in, out);
}

TEST_CASE("testKeheh: Persian ک folds to ك", "[normalizer]") {
  check("کتاب", "كتاب");
  check("ڪ", "ك");  // swash kaf U+06AA
}

TEST_CASE("testFarsiYeh: ی and ے fold to ي", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"علی", "علي"},  // U+06CC
      {"ایران", "ايران"},
      {"بڑے", "بڑي"},  // U+06D2 yeh barree
  }));
  check(in, out);
}

TEST_CASE("testHehVariants: ۀ ہ ە fold to ه", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"خانۀ", "خانه"},  // U+06C0 heh with yeh above
      {"ہم", "هم"},      // U+06C1 heh goal
      {"ە", "ه"},        // U+06D5 ae
  }));
  check(in, out);
}

TEST_CASE("testArabicIndicDigits", "[normalizer]") {
  check("٠١٢٣٤٥٦٧٨٩", "0123456789");
  check("٢٠٢٤", "2024");
}

TEST_CASE("testExtendedArabicIndicDigits", "[normalizer]") {
  check("۰۱۲۳۴۵۶۷۸۹", "0123456789");
  check("۱۴۰۳", "1403");
}

TEST_CASE("testDecimalSeparator: ٫ becomes '.'", "[normalizer]") {
  check("٣٫١٤", "3.14");
  check("٢٫٧", "2.7");
  check("3.5", "3.5");
}

TEST_CASE("testThousandsSeparators: ٬ and ',' are dropped", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"١٬٠٠٠", "1000"},
      {"1,200,000", "1200000"},
      {"١٬٢٠٠٬٠٠٠", "1200000"},
  }));
  check(in, out);
}

TEST_CASE("testLatinCaseFold", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"NATO", "nato"},
      {"iPhone", "iphone"},
      {"ChatGPT", "chatgpt"},
      {"OPEC", "opec"},
      {"ÉCOLE", "école"},
      {"Straße", "strasse"},  // full case folding
      {"covid", "covid"},
  }));
  check(in, out);
}

TEST_CASE("testPresentationForms: NFKC maps them to plain letters", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"\uFEDB\uFE98\uFE8E\uFE8F", "كتاب"},  // initial/medial/final forms of كتاب
      {"\uFE8D", "ا"},
      {"\uFB8E", "ك"},                // keheh isolated → ک → ك
      {"\uFBFC", "ي"},                // Farsi yeh isolated → ی → ي
      {"\uFDF2", "الله"},             // the ligature of the divine name
      {"\uFF21\uFF22\uFF23", "abc"},  // fullwidth Latin
  }));
  check(in, out);
}

TEST_CASE("testLamAlefLigature", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"\uFEFB", "لا"},  // ﻻ
      {"\uFEFC", "لا"},  // final form
      {"\uFEF7", "لا"},  // ﻷ lam-alef with hamza above → لأ → لا
      {"\uFEF9", "لا"},  // ﻹ lam-alef with hamza below
      {"\uFEF5", "لا"},  // ﻵ lam-alef with madda
      {"ا\uFEFBعب", "الاعب"},
  }));
  check(in, out);
}

TEST_CASE("testCombiningHamza: composes under NFKC, then folds", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"ا\u0654", "ا"},  // → أ → ا
      {"ا\u0655", "ا"},  // → إ → ا
      {"ا\u0653", "ا"},  // → آ → ا
      {"و\u0654", "ؤ"},  // → ؤ, kept (a hamza seat)
      {"ي\u0654", "ئ"},  // → ئ, kept
      {"مسو\u0654ول", "مسؤول"},
      {"ه\u0654", "ه"},  // → ۀ → ه
      {"ب\u0654", "ب"},  // nothing to compose with: the mark is removed
  }));
  check(in, out);
}

TEST_CASE("testFormatControls: bidi and zero-width controls are dropped", "[normalizer]") {
  const char32_t control =
      GENERATE(values<char32_t>({0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
                                 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x061C, 0x00AD, 0x2060, 0xFEFF}));
  check("ب" + u8(control) + "ت", "بت");
  check(u8(control) + "NATO" + u8(control), "nato");
}

TEST_CASE("testInvalidBytes: invalid UTF-8 is dropped", "[normalizer]") {
  auto [in, out] = GENERATE(table<std::string, std::string>({
      {"ب\xFFت", "بت"},
      {"\xC0\xAF"
       "abc",
       "abc"},                 // overlong '/'
      {"\xED\xA0\x80x", "x"},  // a surrogate
      {"ABC\xE2\x82", "abc"},  // truncated sequence at the end
      {"\uFEFB\xFF", "لا"},    // on ICU's path too, not as U+FFFD
      {"\xFE\u0623\u0654", "ا"},
  }));
  check(in, out);
}

TEST_CASE("testNothingToDo: plain text is copied", "[normalizer]") {
  auto [in] = GENERATE(table<std::string>({{"كتب"}, {"nato"}, {"2024"}, {"3.5"}, {"ؤ"}, {"ئ"}, {""}}));
  check(in, in);
}

TEST_CASE("testOptionFoldHamzaSeats", "[normalizer][options]") {
  const Normalizer folding(NormalizerOptions{.fold_hamza_seats = true});
  check("مسؤول", "مسؤول");
  check("رئيس", "رئيس");
  check("مسؤول", "مسوول", folding);
  check("رئيس", "رييس", folding);
  check("و\u0654", "و", folding);  // composed by NFKC first, then folded
  check("أحمد", "احمد", folding);
}

TEST_CASE("testOptionKeepTehMarbuta", "[normalizer][options]") {
  const Normalizer keeping(NormalizerOptions{.fold_teh_marbuta = false});
  check("مدرسة", "مدرسة", keeping);
  check("مدرسة", "مدرسه");
  check("على", "علي", keeping);  // other folds are unaffected
}

TEST_CASE("testOptionKeepAlefMaqsura", "[normalizer][options]") {
  const Normalizer keeping(NormalizerOptions{.fold_alef_maqsura = false});
  check("على", "على", keeping);
  check("مدرسة", "مدرسه", keeping);
}

TEST_CASE("testOptionDescriptions", "[normalizer][options]") {
  CHECK(bahth::describe(NormalizerOptions{}) == "");
  CHECK(bahth::describe(NormalizerOptions{.fold_teh_marbuta = false}) == "+keep-teh-marbuta");
  CHECK(bahth::describe(NormalizerOptions{.fold_alef_maqsura = false}) == "+keep-alef-maqsura");
  CHECK(bahth::describe(NormalizerOptions{.fold_hamza_seats = true}) == "+fold-hamza-seats");
}

TEST_CASE("testNormalizeInto: reuses the buffer and clears it first", "[normalizer]") {
  std::string out = "left over";
  normalizer().normalize_into("كَتَبَ", out);
  CHECK(out == "كتب");
  normalizer().normalize_into("\uFEFB", out);
  CHECK(out == "لا");
  normalizer().normalize_into("", out);
  CHECK(out.empty());
}

// The fast path (a table lookup per code point) must give exactly what the ICU path gives. A
// leading ZWJ forces the ICU path (NFKC_Casefold removes it, and it composes with nothing).
namespace {
std::string via_icu(const Normalizer& n, const std::string& s) {
  return n.normalize("\u200D" + s);
}
}  // namespace

TEST_CASE("testFastPathEqualsSlowPath: every BMP code point, alone and between letters",
          "[normalizer][fastpath]") {
  const Normalizer& n = normalizer();
  const Normalizer hamza(NormalizerOptions{.fold_hamza_seats = true});
  std::size_t checked = 0;
  for (char32_t cp = 1; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    for (const std::string& s : {u8(cp), "ب" + u8(cp) + "ت", "a" + u8(cp) + "b", "ا" + u8(cp)}) {
      for (const Normalizer* norm : {&n, &hamza}) {
        const std::string fast = norm->normalize(s);
        const std::string slow = via_icu(*norm, s);
        if (fast != slow) {
          INFO("input " << code_points(s) << "\nfast  " << code_points(fast) << "\nslow  "
                        << code_points(slow));
          CHECK(fast == slow);
        }
        ++checked;
      }
    }
  }
  CHECK(checked > 400000);
}

TEST_CASE("testFastPathEqualsSlowPath: two combining marks after a letter", "[normalizer][fastpath]") {
  // Marks of different combining classes in either order: NFKC reorders them.
  const std::vector<char32_t> marks = {0x0300, 0x0301, 0x0316, 0x0327, 0x0610, 0x0615, 0x0618,
                                       0x061A, 0x064E, 0x0651, 0x0653, 0x0654, 0x0655, 0x0670,
                                       0x06E1, 0x08F0, 0x08FE, 0x0E48, 0x05B0};
  const Normalizer& n = normalizer();
  for (const std::string base : {"ب", "ا", "و", "a", "ي"}) {
    for (char32_t m1 : marks) {
      for (char32_t m2 : marks) {
        const std::string s = base + u8(m1) + u8(m2);
        const std::string fast = n.normalize(s);
        INFO("input " << code_points(s) << "\nfast  " << code_points(fast));
        CHECK(fast == via_icu(n, s));
        CHECK(n.normalize(fast) == fast);
      }
    }
  }
}

TEST_CASE("testFastPathEqualsSlowPath: every corpus word", "[normalizer][fastpath]") {
  const Normalizer& n = normalizer();
  std::size_t words = 0;
  for (const auto& a : bahth::test::corpus()) {
    std::string_view body = a.body;
    std::size_t i = 0;
    while (i < body.size()) {
      std::size_t j = body.find(' ', i);
      if (j == std::string_view::npos) j = body.size();
      const std::string w(body.substr(i, j - i));
      i = j + 1;
      if (w.empty()) continue;
      INFO(a.id << ": " << code_points(w));
      CHECK(n.normalize(w) == via_icu(n, w));
      ++words;
    }
  }
  CHECK(words > 5000);
}
