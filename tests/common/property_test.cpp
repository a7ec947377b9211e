// Property tests: seeded random and adversarial input, a few thousand cases each.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/record.h"
#include "bahth/utf8.h"
#include "test_support.h"

using bahth::Analyzer;
using bahth::Token;
using bahth::test::code_points;
using bahth::test::escape;

namespace {

constexpr int kCases = 3000;

// Random text mixing everything that makes Arabic analysis hard, plus invalid UTF-8.
class TextGenerator {
 public:
  explicit TextGenerator(std::uint64_t seed) : rng_(seed) {}

  std::string text(std::size_t max_pieces = 40) {
    std::string s;
    const std::size_t n = pick(max_pieces + 1);
    for (std::size_t i = 0; i < n; ++i) piece(s);
    return s;
  }

  // Arbitrary bytes, biased towards the lead and continuation bytes of Arabic.
  std::string bytes(std::size_t max_len = 64) {
    std::string s;
    const std::size_t n = pick(max_len + 1);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t k = pick(4);
      if (k == 0) {
        s.push_back(static_cast<char>(0xD8 + pick(4)));
      } else if (k == 1) {
        s.push_back(static_cast<char>(0x80 + pick(64)));
      } else {
        s.push_back(static_cast<char>(pick(256)));
      }
    }
    return s;
  }

 private:
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  char32_t in(char32_t lo, char32_t hi) {
    return static_cast<char32_t>(lo + pick(static_cast<std::size_t>(hi - lo + 1)));
  }
  void cp(std::string& s, char32_t c) { bahth::utf8::append(s, c); }

  void piece(std::string& s) {
    static const std::vector<char32_t> punct = {' ',    ' ', ' ', '\n',   0x060C, 0x061B, 0x061F, 0x00AB,
                                                0x00BB, '.', ',', 0x066B, 0x066C, '!',    '-',    '%',
                                                0x066A, '(', ')', '"',    0x2026, 0x00A0, '+'};
    static const std::vector<char32_t> controls = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A,
                                                   0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
                                                   0x2068, 0x2069, 0x061C, 0x00AD, 0xFEFF, 0x2060};
    switch (pick(18)) {
      case 0:
      case 1:
      case 2:
      case 3:
        cp(s, in(0x0621, 0x063A));
        break;  // Arabic letters
      case 4:
        cp(s, in(0x0641, 0x064A));
        break;
      case 5:
        cp(s, in(0x064B, 0x065F));
        break;  // harakat, hamza marks
      case 6:
        cp(s, pick(2) ? 0x0640 : 0x0670);
        break;  // tatweel, superscript alef
      case 7:
        cp(s, in(0x06D6, 0x06ED));
        break;  // Quranic marks
      case 8:   // digits of three systems
        cp(s, pick(3) == 0 ? in('0', '9') : pick(2) ? in(0x0660, 0x0669) : in(0x06F0, 0x06F9));
        break;
      case 9:
        cp(s, pick(2) ? in('A', 'Z') : in('a', 'z'));
        break;
      case 10:
      case 11:
        cp(s, punct[pick(punct.size())]);
        break;
      case 12:
        cp(s, controls[pick(controls.size())]);
        break;
      case 13: {  // presentation forms and Persian
        static const std::vector<char32_t> v = {0xFEFB, 0xFEF7, 0xFE8D, 0xFECB, 0xFDF2, 0xFB8E,
                                                0xFBFC, 0x06A9, 0x06CC, 0x06D2, 0x06C0, 0x06C1,
                                                0x0671, 0x0622, 0x0623, 0x0625, 0x0649, 0x0629};
        cp(s, v[pick(v.size())]);
        break;
      }
      case 14:
        cp(s, pick(2) ? in(0x0300, 0x036F) : in(0x0610, 0x061A));
        break;    // other marks
      case 15: {  // anything at all
        char32_t c = in(1, 0xFFFF);
        if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;
        cp(s, c);
        break;
      }
      case 16:
        cp(s, pick(2) ? in(0x1F300, 0x1F64F) : in(0x20000, 0x2A6DF));
        break;    // 4-byte
      case 17: {  // invalid UTF-8
        static const std::vector<std::string> bad = {"\xFF", "\xC0\x80", "\xED\xA0\x80",     "\xD9",
                                                     "\x80", "\xE2\x80", "\xF4\x90\x80\x80", "\xFE"};
        s += bad[pick(bad.size())];
        break;
      }
    }
  }

  std::mt19937_64 rng_;
};

const Analyzer& analyzer() {
  static const Analyzer a;
  return a;
}

}  // namespace

TEST_CASE("propertyNormalizationIsIdempotent", "[property][normalizer]") {
  TextGenerator gen(20240101);
  for (int i = 0; i < kCases; ++i) {
    const std::string s = gen.text(12);
    const std::string once = analyzer().normalize(s);
    const std::string twice = analyzer().normalize(once);
    if (once != twice) {
      INFO("input " << code_points(s) << "\nonce  " << code_points(once) << "\ntwice " << code_points(twice));
      CHECK(once == twice);
    }
  }
}

TEST_CASE("propertyStoredRecordEncodingIsLossless", "[property][record]") {
  // Any bytes, valid UTF-8 or not, come back unchanged from both stored forms.
  TextGenerator gen(404);
  std::mt19937_64 rng(405);
  for (int i = 0; i < kCases; ++i) {
    std::string s = gen.text(20);
    if (i % 3 == 0) {  // and raw bytes, the escape bytes themselves among them
      for (int k = 0; k < 8; ++k) s += static_cast<char>(rng() % 4 == 0 ? 1 + rng() % 3 : rng() % 256);
    }
    // Both stored forms: letters (schemas 4-5) and compressed letters (schema 6).
    for (const bool compressed : {false, true}) {
      const std::string encoded = compressed ? bahth::encode_record(s) : bahth::encode_letters(s);
      REQUIRE(encoded.front() == (compressed ? bahth::kRecordMarkerCompressed : bahth::kRecordMarker));
      if (bahth::decode_record(encoded) != s) {
        INFO("input   " << code_points(s) << "\nencoded " << escape(encoded));
        CHECK(bahth::decode_record(encoded) == s);
      }
      // Damaged data (cut anywhere) decodes without throwing, to a prefix of the record.
      const std::string cut = encoded.substr(0, 1 + rng() % encoded.size());
      const std::string back = bahth::decode_record(cut);
      CHECK(s.compare(0, back.size(), back) == 0);
    }
  }
}

TEST_CASE("propertyNormalizedIsValidUtf8AndFastEqualsSlow", "[property][normalizer]") {
  TextGenerator gen(7);
  for (int i = 0; i < kCases; ++i) {
    const std::string s = gen.text(12);
    const std::string fast = analyzer().normalize(s);
    const std::string slow = analyzer().normalize("\u200D" + s);  // ZWJ forces the ICU path
    INFO("input " << code_points(s));
    REQUIRE(bahth::utf8::is_valid(fast));
    if (fast != slow) {
      INFO("fast " << code_points(fast) << "\nslow " << code_points(slow));
      CHECK(fast == slow);
    }
  }
}

TEST_CASE("propertyOffsetsMonotonicInsideTextOnBoundaries", "[property][analyzer]") {
  TextGenerator gen(42);
  for (int i = 0; i < kCases; ++i) {
    const std::string text = gen.text();
    std::size_t last_end = 0;
    std::uint32_t next_position = 0;
    for (const Token& t : analyzer().analyze(text)) {
      INFO("text " << escape(text) << "\ntoken " << t.begin << "-" << t.end);
      REQUIRE(t.begin < t.end);
      REQUIRE(t.end <= text.size());
      REQUIRE(t.begin >= last_end);
      REQUIRE(t.position >= next_position);
      REQUIRE(bahth::test::on_decode_boundary(text, t.begin));
      REQUIRE(bahth::test::on_decode_boundary(text, t.end));
      // The slice is valid UTF-8 and starts and ends with a word character, not a joiner.
      const std::string_view slice = std::string_view(text).substr(t.begin, t.end - t.begin);
      REQUIRE(bahth::utf8::is_valid(slice));
      std::size_t k = 0;
      const auto first = analyzer().tokenizer().classify(bahth::utf8::decode(slice, k));
      CHECK(first != bahth::Tokenizer::Class::kJoiner);
      std::size_t back = slice.size() - 1;
      while (back > 0 && (static_cast<unsigned char>(slice[back]) & 0xC0) == 0x80) --back;
      const auto last = analyzer().tokenizer().classify(bahth::utf8::decode(slice, back));
      CHECK(last != bahth::Tokenizer::Class::kJoiner);
      CHECK(last != bahth::Tokenizer::Class::kNumSep);
      last_end = t.end;
      next_position = t.position + 1;
    }
  }
}

TEST_CASE("propertyTermsValidNonEmptyBounded", "[property][analyzer]") {
  const bahth::StemmerKind kind = GENERATE(bahth::StemmerKind::kBahth, bahth::StemmerKind::kLight10,
                                           bahth::StemmerKind::kSnowball, bahth::StemmerKind::kNone);
  const Analyzer a({.stemmer = kind, .normalizer = {}});
  TextGenerator gen(99 + static_cast<int>(kind));
  for (int i = 0; i < kCases; ++i) {
    const std::string text = gen.text();
    for (const Token& t : a.analyze(text)) {
      INFO(a.id() << "\ntext " << escape(text) << "\nnormalized " << code_points(t.normalized) << "\nstem "
                  << code_points(t.stem));
      REQUIRE_FALSE(t.normalized.empty());
      REQUIRE_FALSE(t.stem.empty());
      REQUIRE(t.normalized.size() <= bahth::kMaxWordBytes);
      REQUIRE(t.stem.size() <= bahth::kMaxWordBytes);
      REQUIRE(bahth::utf8::is_valid(t.normalized));
      REQUIRE(bahth::utf8::is_valid(t.stem));
      REQUIRE(a.normalize(t.normalized) == t.normalized);  // terms are already normal
    }
  }
}

TEST_CASE("propertySegmentationIsLossless: gaps hold no word character", "[property][tokenizer]") {
  using C = bahth::Tokenizer::Class;
  const auto& tok = analyzer().tokenizer();
  TextGenerator gen(5);
  for (int i = 0; i < kCases; ++i) {
    const std::string text = gen.text();
    std::size_t gap_begin = 0;
    auto check_gap = [&](std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to;) {
        const std::size_t at = k;
        const char32_t cp = bahth::utf8::decode(text, k);
        if (cp == bahth::utf8::kInvalid) continue;
        const C c = tok.classify(cp);
        INFO("text " << escape(text) << "\nword character left out at byte " << at);
        CHECK(c != C::kArabic);
        CHECK(c != C::kDigit);
        CHECK(c != C::kOther);
      }
    };
    tok.for_each(text, [&](bahth::Span s) {
      check_gap(gap_begin, s.begin);
      gap_begin = s.end;
    });
    check_gap(gap_begin, text.size());
  }
}

TEST_CASE("propertyWordAloneAnalyzesLikeInContext", "[property][analyzer]") {
  TextGenerator gen(31337);
  for (int i = 0; i < kCases; ++i) {
    const std::string text = gen.text();
    for (const Token& t : analyzer().analyze(text)) {
      const std::string word = text.substr(t.begin, t.end - t.begin);
      const auto alone = analyzer().analyze(word);
      INFO("text " << escape(text) << "\nword " << code_points(word));
      REQUIRE(alone.size() == 1);
      CHECK(alone[0].normalized == t.normalized);
      CHECK(alone[0].stem == t.stem);
    }
  }
}

TEST_CASE("propertyNoCrashOnRandomBytes", "[property]") {
  TextGenerator gen(2718);
  std::size_t tokens = 0;
  for (int i = 0; i < kCases * 2; ++i) {
    const std::string bytes = gen.bytes();
    for (const Token& t : analyzer().analyze(bytes)) {
      REQUIRE(t.end <= bytes.size());
      REQUIRE(bahth::utf8::is_valid(t.normalized));
      ++tokens;
    }
    const std::string normalized = analyzer().normalize(bytes);
    REQUIRE(bahth::utf8::is_valid(normalized));
    REQUIRE(bahth::utf8::is_valid(analyzer().stem(normalized)));
  }
  CHECK(tokens > 0);
}
