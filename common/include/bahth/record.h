// bahth — how the stored record (the article as compact JSON) is kept in a document's data.
//
// Xapian compresses each document's data with zlib on its own; Arabic text in UTF-8 takes two
// bytes a letter, which zlib does not fully win back on records of a few kilobytes. So the record
// is stored with the Arabic block U+0600–U+067F in one byte each (schema 4): 20.1 MB of zlib
// output instead of 24.6 MB for the 20,000 records of the ant-multisource file, and less for
// Xapian's writer to compress (docs/indexing.md, "The stored record").
//
// Encoded form: kRecordMarker, then for each code point of the record
//   U+0600–U+067F                  one byte 0x80 + (cp − 0x600)
//   ASCII except 0x01 and 0x02     itself
//   any other code point           0x01, then its UTF-8 bytes (2–4)
//   any other byte                 0x02, then the byte (0x01 and 0x02 themselves, invalid UTF-8)
// Compact JSON never holds raw control bytes, so 0x02 does not occur for records bahth writes;
// it keeps the encoding lossless for any input.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace bahth {

/// First byte of an encoded record. Data that does not start with it is returned as it is by
/// decode_record() (a record written as plain JSON).
inline constexpr char kRecordMarker = '\x03';

/// The stored form of a record (any bytes; lossless).
std::string encode_record(std::string_view record);

/// The record back from a document's data. Never throws: truncated or damaged data decodes to
/// what it holds (the caller's JSON parser reports the damage).
std::string decode_record(std::string_view data);

}  // namespace bahth
