// The stored record's encoding (bahth/record.h): what each kind of character becomes.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <string>

#include "bahth/record.h"
#include "test_support.h"

using bahth::decode_record;
using bahth::encode_record;
using bahth::test::escape;

TEST_CASE("record: Arabic letters take one byte, ASCII stays, other characters are escaped", "[record]") {
  // ك U+0643 -> 0xC3, ت U+062A -> 0xAA, ا U+0627 -> 0xA7, ب U+0628 -> 0xA8
  CHECK(escape(encode_record("{\"t\":\"كتاب\"}")) == escape("\x03{\"t\":\"\xC3\xAA\xA7\xA8\"}"));
  // the block's ends: U+0600 -> 0x80, U+067F -> 0xFF; U+0680 (outside) and é are escaped as UTF-8
  CHECK(escape(encode_record("\u0600\u067F")) == escape("\x03\x80\xFF"));
  CHECK(escape(encode_record("\u0680é")) == escape("\x03\x01\xDA\x80\x01\xC3\xA9"));
  // a 3-byte (…) and a 4-byte character
  CHECK(escape(encode_record("…😀")) == escape("\x03\x01\xE2\x80\xA6\x01\xF0\x9F\x98\x80"));
  // the escape bytes themselves, and bytes that are not UTF-8
  CHECK(escape(encode_record(std::string("\x01\x02\x03", 3))) == escape(std::string("\x03\x02\x01\x02\x02\x03", 6)));
  CHECK(escape(encode_record("\xFF\xD8")) == escape("\x03\x02\xFF\x02\xD8"));
}

TEST_CASE("record: decoding gives the record back; data without the marker is returned as it is", "[record]") {
  const std::string record =
      R"({"id":"a-1","title":"مدينة الكتب","body":"في المدينة كتاب، NATO 2024 … ۲۰۲۴ گ","extra":{"k":1}})";
  const std::string stored = encode_record(record);
  CHECK(stored.size() < record.size() * 2 / 3);
  CHECK(decode_record(stored) == record);
  CHECK(decode_record(record) == record);  // plain JSON
  CHECK(decode_record("").empty());
  CHECK(decode_record("\x03").empty());
  // cut inside an escape: what came before it, nothing invented
  CHECK(decode_record("\x03{\x01") == "{");
  CHECK(decode_record("\x03{\x01\xE2\x80") == "{\xE2\x80");
}
