// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/tokenizer.h"

#include <unicode/uchar.h>

namespace bahth {

namespace {
bool in_arabic_block(char32_t cp) noexcept {
  return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
         (cp >= 0x0870 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF);
}
}  // namespace

Tokenizer::Class Tokenizer::classify_slow(char32_t cp) noexcept {
  if (cp == '.' || cp == ',' || cp == 0x066B || cp == 0x066C) return Class::kNumSep;
  if (cp == 0x200C || cp == 0x200D || cp == 0x200E || cp == 0x200F || cp == 0x00AD || cp == 0x061C ||
      (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2060) {
    return Class::kJoiner;
  }
  const auto c = static_cast<UChar32>(cp);
  const int8_t type = u_charType(c);
  if (type == U_DECIMAL_DIGIT_NUMBER) return Class::kDigit;
  const bool letter = type == U_UPPERCASE_LETTER || type == U_LOWERCASE_LETTER ||
                      type == U_TITLECASE_LETTER || type == U_MODIFIER_LETTER ||
                      type == U_OTHER_LETTER;
  const bool mark = type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
                    type == U_ENCLOSING_MARK;
  if (in_arabic_block(cp) && (letter || mark)) return Class::kArabic;
  if (letter) return Class::kOther;
  if (mark) return Class::kMark;
  return Class::kSeparator;
}

Tokenizer::Tokenizer() {
  for (char32_t cp = 0; cp < 0x10000; ++cp) bmp_[cp] = classify_slow(cp);
}

}  // namespace bahth
