// The stored record's encoding (bahth/record.h): what each kind of character becomes.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <string>

#include "bahth/record.h"
#include "bahth/shards.h"
#include "test_support.h"

using bahth::decode_record;
using bahth::encode_letters;
using bahth::encode_record;
using bahth::test::escape;

TEST_CASE("record: in letters, Arabic letters take one byte, ASCII stays, other characters are escaped", "[record]") {
  // ك U+0643 -> 0xC3, ت U+062A -> 0xAA, ا U+0627 -> 0xA7, ب U+0628 -> 0xA8
  CHECK(escape(encode_letters("{\"t\":\"كتاب\"}")) == escape("\x03{\"t\":\"\xC3\xAA\xA7\xA8\"}"));
  // the block's ends: U+0600 -> 0x80, U+067F -> 0xFF; U+0680 (outside) and é are escaped as UTF-8
  CHECK(escape(encode_letters("\u0600\u067F")) == escape("\x03\x80\xFF"));
  CHECK(escape(encode_letters("\u0680é")) == escape("\x03\x01\xDA\x80\x01\xC3\xA9"));
  // a 3-byte (…) and a 4-byte character
  CHECK(escape(encode_letters("…😀")) == escape("\x03\x01\xE2\x80\xA6\x01\xF0\x9F\x98\x80"));
  // the escape bytes themselves, and bytes that are not UTF-8
  CHECK(escape(encode_letters(std::string("\x01\x02\x03", 3))) == escape(std::string("\x03\x02\x01\x02\x02\x03", 6)));
  CHECK(escape(encode_letters("\xFF\xD8")) == escape("\x03\x02\xFF\x02\xD8"));
}

TEST_CASE("record: decoding gives the record back - data without a marker is returned as it is", "[record]") {
  const std::string record =
      R"({"id":"a-1","title":"مدينة الكتب","body":"في المدينة كتاب، NATO 2024 … ۲۰۲۴ گ","extra":{"k":1}})";
  const std::string letters = encode_letters(record);
  // 126 bytes of UTF-8: 24 letters of U+0600-U+067F take one byte less each, the 6 other
  // non-ASCII characters one escape byte more, and the marker.
  CHECK(record.size() == 126);
  CHECK(letters.size() == 126 - 24 + 6 + 1);
  CHECK(decode_record(letters) == record);  // schemas 4 and 5
  const std::string stored = encode_record(record);
  CHECK(stored.substr(0, 2) == std::string{bahth::kRecordMarkerCompressed, bahth::kRecordDictionary});
  CHECK(decode_record(stored) == record);
  CHECK(decode_record(record) == record);  // plain JSON
  CHECK(decode_record("").empty());
  CHECK(decode_record("\x03").empty());
  // cut inside an escape: what came before it, nothing invented
  CHECK(decode_record("\x03{\x01") == "{");
  CHECK(decode_record("\x03{\x01\xE2\x80") == "{\xE2\x80");
}

TEST_CASE("record: compressed with the built-in dictionary, smaller than the letters alone", "[record]") {
  // A record like the ones bahth stores: news text the dictionary (our own corpus/) has not seen.
  const std::string record =
      R"({"id":"t-77","title":"الحكومة تعلن خطة جديدة لدعم المزارعين في المناطق الريفية",)"
      R"("body":"أعلنت الحكومة يوم الأربعاء عن خطة جديدة لدعم المزارعين في المناطق الريفية، تشمل قروضا )"
      R"(ميسرة وتوزيع البذور والأسمدة بأسعار مخفضة. وقال وزير الزراعة في مؤتمر صحفي إن الخطة تهدف إلى )"
      R"(زيادة الإنتاج المحلي من القمح والشعير خلال الموسم المقبل، وتقليل الاعتماد على الاستيراد.",)"
      R"("date":"2024-05-08","source":"Sahil Times","category":"Economy"})";
  const std::string letters = encode_letters(record);
  const std::string stored = encode_record(record);
  CHECK(decode_record(stored) == record);
  // zstd with the dictionary takes out more than a third of what the letters form keeps.
  CHECK(stored.size() < letters.size() * 2 / 3);
  INFO("utf-8 " << record.size() << ", letters " << letters.size() << ", compressed " << stored.size());
  CHECK(stored.size() < record.size() / 3);
}

TEST_CASE("record: the dictionary is the one schema 6 databases were written with", "[record]") {
  // Databases hold records compressed with dictionary 1: any change to the file
  // common/data/record-dictionary-1.jsonl would make them unreadable. A new dictionary is a new
  // file with a new number.
  const std::string_view dict = bahth::record_dictionary(bahth::kRecordDictionary);
  CHECK(dict.size() == 69587);
  CHECK(bahth::shards::fnv1a64(dict) == 0xe71a5b3a4c8f8e30ULL);
  CHECK(bahth::record_dictionary('\x02').empty());
}

TEST_CASE("record: damaged compressed data decodes without throwing", "[record]") {
  const std::string record = R"({"id":"a-1","title":"مدينة الكتب","body":"في المدينة كتاب"})";
  const std::string stored = encode_record(record);
  // a dictionary this build does not know
  std::string other = stored;
  other[1] = '\x07';
  CHECK(decode_record(other).empty());
  // the marker alone, and a frame with its bytes flipped: no exception, a prefix at most
  CHECK(decode_record(std::string(1, bahth::kRecordMarkerCompressed)).empty());
  std::string flipped = stored;
  for (std::size_t i = 6; i < flipped.size(); ++i) flipped[i] = static_cast<char>(~flipped[i]);
  const std::string back = decode_record(flipped);
  CHECK(back.size() <= record.size());
}
