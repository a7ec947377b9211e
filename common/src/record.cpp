// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/record.h"

#include <algorithm>

#include "bahth/utf8.h"

namespace bahth {

namespace {

constexpr char kEscapeUtf8 = '\x01';
constexpr char kEscapeByte = '\x02';

// Length of the UTF-8 sequence a valid lead byte starts.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  return 2;
}

}  // namespace

std::string encode_record(std::string_view record) {
  // At most two bytes out for each byte in (an escaped byte); trimmed at the end.
  std::string out(1 + 2 * record.size(), '\0');
  char* o = out.data();
  *o++ = kRecordMarker;
  std::size_t i = 0;
  while (i < record.size()) {
    const auto c = static_cast<unsigned char>(record[i]);
    if (c < 0x80) {
      if (c == kEscapeUtf8 || c == kEscapeByte) *o++ = kEscapeByte;
      *o++ = static_cast<char>(c);
      ++i;
      continue;
    }
    // U+0600-U+067F is exactly the two-byte sequences D8 80 .. D9 BF.
    if ((c == 0xD8 || c == 0xD9) && i + 1 < record.size() &&
        (static_cast<unsigned char>(record[i + 1]) & 0xC0) == 0x80) {
      *o++ = static_cast<char>(0x80 | ((c & 1) << 6) | (static_cast<unsigned char>(record[i + 1]) & 0x3F));
      i += 2;
      continue;
    }
    const std::size_t start = i;
    if (utf8::decode(record, i) == utf8::kInvalid) {
      *o++ = kEscapeByte;
      *o++ = record[start];
    } else {
      *o++ = kEscapeUtf8;
      for (std::size_t k = start; k < i; ++k) *o++ = record[k];
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

std::string decode_record(std::string_view data) {
  if (data.empty() || data.front() != kRecordMarker) return std::string(data);
  // At most two bytes out for each byte in (an Arabic letter).
  std::string out(2 * data.size(), '\0');
  char* o = out.data();
  for (std::size_t i = 1; i < data.size();) {
    const auto b = static_cast<unsigned char>(data[i]);
    if (b >= 0x80) {  // U+0600 + (b - 0x80): D8 or D9, then a continuation byte
      *o++ = static_cast<char>(0xD8 | ((b >> 6) & 1));
      *o++ = static_cast<char>(0x80 | (b & 0x3F));
      ++i;
    } else if (data[i] == kEscapeUtf8 && i + 1 < data.size()) {
      const std::size_t n =
          std::min(sequence_length(static_cast<unsigned char>(data[i + 1])), data.size() - i - 1);
      for (std::size_t k = 0; k < n; ++k) *o++ = data[i + 1 + k];
      i += 1 + n;
    } else if (data[i] == kEscapeByte && i + 1 < data.size()) {
      *o++ = data[i + 1];
      i += 2;
    } else if (data[i] == kEscapeUtf8 || data[i] == kEscapeByte) {
      break;  // an escape with nothing after it: the data was cut here
    } else {
      *o++ = data[i];
      ++i;
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

}  // namespace bahth
