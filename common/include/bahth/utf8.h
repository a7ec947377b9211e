// bahth — small UTF-8 helpers shared by the analyzer, the readers and the snippet maker.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bahth::utf8 {

/// Returned by decode() for a byte that does not start a valid, shortest-form UTF-8 sequence.
inline constexpr char32_t kInvalid = 0xFFFFFFFF;

/// Decodes the code point starting at s[i] and advances i past it. Invalid, overlong, surrogate
/// or out-of-range sequences yield kInvalid and advance i by exactly one byte, so a caller can
/// resynchronise on the next byte. Precondition: i < s.size().
inline char32_t decode(std::string_view s, std::size_t& i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  if (b0 >= 0xC2 && b0 < 0xE0) {  // two bytes (Arabic, and never overlong from C2 on)
    if (i + 1 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      if ((b1 & 0xC0) == 0x80) {
        i += 2;
        return static_cast<char32_t>((b0 & 0x1F) << 6 | (b1 & 0x3F));
      }
    }
    ++i;
    return kInvalid;
  }
  std::size_t len;
  char32_t cp;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + len > s.size()) {
    ++i;
    return kInvalid;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += len;
  return cp;
}

/// Appends the UTF-8 encoding of cp (which must be a valid scalar value) to out.
inline void append(std::string& out, char32_t cp) {
  if (cp >= 0x80 && cp < 0x800) {  // the common case: one append, not two push_backs
    const char two[2] = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    out.append(two, 2);
    return;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// True if s is entirely valid UTF-8.
inline bool is_valid(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    if (decode(s, i) == kInvalid) return false;
  }
  return true;
}

/// Copies s, replacing every invalid byte with U+FFFD. Returns the number of replacements in *bad.
std::string sanitize(std::string_view s, std::size_t* bad = nullptr);

/// Number of code points in s (invalid bytes count one each).
inline std::size_t length(std::string_view s) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) decode(s, i);
  return n;
}

/// Largest offset <= pos that is on a code point boundary of s.
inline std::size_t floor_boundary(std::string_view s, std::size_t pos) noexcept {
  if (pos >= s.size()) return s.size();
  while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

}  // namespace bahth::utf8
