// bahth — splits UTF-8 text into word tokens with byte offsets into the original text.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace bahth {

/// A word as found in the original text: [begin, end) byte offsets, always on UTF-8 boundaries.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// Segments text into words. A word is a maximal run of letters, combining marks and digits of
/// one script group:
///  - Arabic letters and marks (including tatweel) form Arabic words; a change between Arabic
///    letters and any other letters or digits ends a word (2024م → 2024 | م);
///  - other letters and digits join (COVID19, G20, iPhone15); combining marks stay with their base;
///  - '.', ',', ٫ (U+066B) and ٬ (U+066C) stay inside a number when a digit follows them
///    (3.5, ٣٫١٤, ١٬٠٠٠, 1,200,000);
///  - ZWNJ, ZWJ, bidi and other invisible format controls inside a word do not split it, and are
///    never at a word's edges;
///  - everything else (spaces, punctuation ، ؛ ؟ « », symbols, invalid UTF-8 bytes) separates words.
///
/// Thread-safety: immutable after construction.
class Tokenizer {
 public:
  Tokenizer();

  /// Calls fn(Span) for each word of text, in order. Never reads outside text; invalid UTF-8
  /// bytes are separators and never fall inside a span.
  template <typename Fn>
  void for_each(std::string_view text, Fn&& fn) const;

  enum class Class : std::uint8_t { kSeparator, kArabic, kDigit, kOther, kMark, kJoiner, kNumSep };
  Class classify(char32_t cp) const noexcept { return cp < 0x10000 ? bmp_[cp] : classify_slow(cp); }

 private:
  static Class classify_slow(char32_t cp) noexcept;
  std::array<Class, 0x10000> bmp_{};
};

}  // namespace bahth

#include "bahth/utf8.h"

namespace bahth {

template <typename Fn>
void Tokenizer::for_each(std::string_view text, Fn&& fn) const {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // Find the start of a word: a letter, digit or Arabic mark.
    std::size_t start = i;
    char32_t cp = utf8::decode(text, i);
    Class c = cp == utf8::kInvalid ? Class::kSeparator : classify(cp);
    if (c != Class::kArabic && c != Class::kDigit && c != Class::kOther) continue;
    Class group = c;            // kArabic or kDigit/kOther (digits and other letters join)
    std::size_t end = i;        // end of the last code point that belongs to the word
    Class last = c;
    while (i < n) {
      const std::size_t pos = i;
      cp = utf8::decode(text, i);
      c = cp == utf8::kInvalid ? Class::kSeparator : classify(cp);
      bool joins = false;
      switch (c) {
        case Class::kArabic:
          joins = group == Class::kArabic;
          break;
        case Class::kDigit:
        case Class::kOther:
          joins = group != Class::kArabic;
          if (joins && c == Class::kOther) group = Class::kOther;
          break;
        case Class::kMark:
          joins = true;  // a combining mark stays with its base, whatever the script
          break;
        case Class::kJoiner:
        case Class::kNumSep: {
          // Inside a word only if a code point that continues the word follows.
          std::size_t peek = i;
          if (peek >= n) break;
          const char32_t next = utf8::decode(text, peek);
          const Class nc = next == utf8::kInvalid ? Class::kSeparator : classify(next);
          if (c == Class::kNumSep) {
            joins = last == Class::kDigit && nc == Class::kDigit;
          } else {
            joins = (nc == Class::kArabic && group == Class::kArabic) ||
                    ((nc == Class::kDigit || nc == Class::kOther) && group != Class::kArabic) ||
                    nc == Class::kMark || nc == Class::kJoiner;
          }
          break;
        }
        case Class::kSeparator:
          break;
      }
      if (!joins) {
        i = pos;
        break;
      }
      if (c != Class::kJoiner && c != Class::kMark) {
        last = c;
      }
      if (c != Class::kJoiner) end = i;
    }
    if (i < end) i = end;
    fn(Span{start, end});
    // Resume right after the word; joiners after its last letter are separators now.
    i = end;
  }
}

}  // namespace bahth
