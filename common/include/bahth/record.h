// bahth — how the stored record (the article as compact JSON) is encoded for the database (value
// slot schema::kSlotRecord since schema 8; the document data before).
//
// Two layers (docs/indexing.md, "The stored record"):
//
// 1. Letters (schema 4): Arabic text in UTF-8 takes two bytes a letter, which a compressor does
//    not fully win back on records of a few kilobytes, so the Arabic block U+0600–U+067F takes one
//    byte each:
//      U+0600–U+067F                  one byte 0x80 + (cp − 0x600)
//      ASCII except 0x01 and 0x02     itself
//      any other code point           0x01, then its UTF-8 bytes (2–4)
//      any other byte                 0x02, then the byte (0x01 and 0x02 themselves, invalid UTF-8)
//    Compact JSON never holds raw control bytes, so 0x02 does not occur for records bahth writes;
//    it keeps the encoding lossless for any input. Stored as kRecordMarker + the letters.
//
// 2. Compressed (schema 6): the letters compressed by zstd (level 6) with a built-in dictionary,
//    in the analysis threads, so Xapian's writer has less to do (its own zlib finds nothing more
//    to take out). A record is a few kilobytes, too little for a compressor to learn Arabic news
//    from; the dictionary (common/data/record-dictionary-1.jsonl: our own corpus/ articles as
//    they were when schema 6 was made, never to be edited) gives it that start. 17.5 MB of
//    compressed records instead of zlib's 20.1 MB for the 20,000 ant-multisource articles.
//    Stored as kRecordMarkerCompressed, the dictionary's number (kRecordDictionary), then one zstd
//    frame (with the content size, without a checksum).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace bahth {

/// First byte of a record stored as letters (layer 1 alone; schemas 4 and 5). Data that starts with
/// neither marker is returned as it is by decode_record() (a record written as plain JSON).
inline constexpr char kRecordMarker = '\x03';
/// First byte of a record stored compressed (layer 2; schema 6 on).
inline constexpr char kRecordMarkerCompressed = '\x04';
/// The number of the built-in dictionary that encode_record() compresses with. A new dictionary
/// gets a new number; decode_record() keeps reading the old ones.
inline constexpr char kRecordDictionary = '\x01';

/// The stored form of a record (any bytes; lossless): compressed letters.
std::string encode_record(std::string_view record);

/// The letters form alone (kRecordMarker + layer 1), as schemas 4 and 5 stored it.
std::string encode_letters(std::string_view record);

/// The record back from its stored form, in any of the three forms. Never throws: truncated or
/// damaged data decodes to what it holds (the caller's JSON parser reports the damage); a
/// compressed record with a dictionary this build does not know decodes to "".
std::string decode_record(std::string_view data);

/// The built-in dictionary with this number, in letters (layer 1, without the marker); empty for a
/// number this build does not know. For tests and tools.
std::string_view record_dictionary(char number);

}  // namespace bahth
