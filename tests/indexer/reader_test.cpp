// Readers: ISO 8601 dates, record validation, JSON Lines / gzip / directories / .txt files.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <zlib.h>

#include <catch2/catch.hpp>

#include "bahth/error.h"
#include "bahth/ingest.h"
#include "support.h"

using namespace bahth;
using bahth::test::TempDir;
using bahth::test::write_file;
namespace fs = std::filesystem;

namespace {

std::vector<RawRecord> read_all(const std::vector<std::string>& inputs, std::size_t max_bytes = 1u << 20) {
  RecordReader reader(inputs, max_bytes);
  std::vector<RawRecord> out;
  RawRecord r;
  while (reader.next(r)) out.push_back(r);
  return out;
}

void write_gz(const fs::path& p, const std::string& content) {
  gzFile gz = gzopen(p.c_str(), "wb");
  REQUIRE(gz != nullptr);
  gzwrite(gz, content.data(), static_cast<unsigned>(content.size()));
  gzclose(gz);
}

}  // namespace

TEST_CASE("date: ISO 8601 forms are accepted, as written (no zone conversion)", "[date]") {
  auto [text, sortable] = GENERATE(table<std::string, std::string>({
      {"2024-03-23", "20240323000000"},
      {"2024-03-23T14:00:00", "20240323140000"},
      {"2024-03-23T14:00", "20240323140000"},
      {"2024-03-23 14:00:00", "20240323140000"},
      {"2024-03-23T14:00:00+03:00", "20240323140000"},
      {"2024-03-23T23:30:00-05:00", "20240323233000"},
      {"2024-03-23T14:00:00Z", "20240323140000"},
      {"2024-03-23T14:00:00.123456Z", "20240323140000"},
      {"2024-03-23T14:00:00+0300", "20240323140000"},
      {"2024-02-29T00:00:00", "20240229000000"},
      {"2024-03-23T24:00:00", "20240323235959"},
  }));
  CAPTURE(text);
  const DateParse d = parse_iso8601_date(text);
  REQUIRE(d.date);
  CHECK(d.error.empty());
  CHECK(d.date->sortable() == sortable);
  CHECK(d.date->year_month() == sortable.substr(0, 4) + "-" + sortable.substr(4, 2));
}

TEST_CASE("date: anything else is refused with a reason", "[date]") {
  auto [text, reason] = GENERATE(table<std::string, std::string>({
      {"23/03/2024", "is not a date"},
      {"2024-13-01", "month 13 out of range"},
      {"2023-02-29", "day 29 out of range"},
      {"2024-03-23T25:00", "hour 25 out of range"},
      {"2024-03-23T14:61", "minute 61 out of range"},
      {"2024-03-23T14:00:00+3", "bad time zone"},
      {"2024-03-23T14:00:00 garbage", "unexpected"},
      {"2024-03-23X", "unexpected"},
      {"yesterday", "is not a date"},
      {"0999-01-01", "year 999 out of range"},
  }));
  CAPTURE(text);
  const DateParse d = parse_iso8601_date(text);
  CHECK_FALSE(d.date);
  CHECK_THAT(d.error, Catch::Contains(reason));
}

TEST_CASE("record: a valid line becomes an article with every field", "[record]") {
  const RecordParse p = parse_json_record(
      R"({"id":"a1","title":"عنوان","body":"نص","date":"2024-03-23","source":"S","category":"C","url":"u","x":[1]})",
      {"f.jsonl", 3});
  REQUIRE(p.article);
  CHECK(p.problems.empty());
  CHECK(p.article->id == "a1");
  CHECK(p.article->title == "عنوان");
  CHECK(p.article->body == "نص");
  CHECK(p.article->source == "S");
  CHECK(p.article->category == "C");
  CHECK(p.article->url == "u");
  REQUIRE(p.article->date);
  CHECK(p.article->date->sortable() == "20240323000000");
  CHECK(p.article->record.find(R"("x":[1])") != std::string::npos);
}

TEST_CASE("record: null and missing optional fields are fine", "[record]") {
  const RecordParse p = parse_json_record(R"({"id":"a2","title":null,"date":""})", {"f.jsonl", 1});
  REQUIRE(p.article);
  CHECK(p.problems.empty());
  CHECK(p.article->title.empty());
  CHECK_FALSE(p.article->date);
}

TEST_CASE("record: bad records are rejected with the place and the reason", "[record]") {
  auto [line, kind, reason] = GENERATE(table<std::string, std::string_view, std::string>({
      {R"({"id":"x","title":"a")", ingest_kind::kInvalidJson, "invalid JSON"},
      {"not json", ingest_kind::kInvalidJson, "invalid JSON"},
      {R"([1,2])", ingest_kind::kNotAnObject, "expected a JSON object, got array"},
      {R"({"title":"t"})", ingest_kind::kMissingId, "field id: missing"},
      {R"({"id":null})", ingest_kind::kMissingId, "field id: missing"},
      {R"({"id":""})", ingest_kind::kEmptyId, "field id: empty"},
      {R"({"id":"   "})", ingest_kind::kEmptyId, "field id: empty"},
      {R"({"id":7})", ingest_kind::kWrongType, "field id: expected a string, got number"},
      {R"({"id":"x","title":["a"]})", ingest_kind::kWrongType, "field title: expected a string, got array"},
      {R"({"id":"x","body":{"a":1}})", ingest_kind::kWrongType, "field body: expected a string, got object"},
      {R"({"id":"x","date":20240323})", ingest_kind::kWrongType, "field date: expected a string, got number"},
      {R"({"id":"x","source":true})", ingest_kind::kWrongType,
       "field source: expected a string, got boolean"},
      {"{\"id\":\"x\",\"title\":\"\xD8\xB9\xFF\"}", ingest_kind::kInvalidUtf8,
       "invalid UTF-8 at byte 22 (byte value 0xFF)"},
      {"{\"id\":\"x\",\"title\":\"\xC0\xAF\"}", ingest_kind::kInvalidUtf8,
       "invalid UTF-8 at byte 20 (byte value 0xC0)"},
      {R"({"id":")" + std::string(241, 'i') + "\"}", ingest_kind::kIdTooLong, "longer than the limit of 240"},
  }));
  CAPTURE(line);
  const RecordParse p = parse_json_record(line, {"in.jsonl", 12});
  CHECK_FALSE(p.article);
  REQUIRE(p.problems.size() == 1);
  const IngestError& e = p.problems[0];
  CHECK(e.kind == kind);
  CHECK(e.skipped);
  CHECK_THAT(e.reason, Catch::Contains(reason));
  CHECK(format_ingest_error(e).starts_with("in.jsonl:12: "));
}

TEST_CASE("record: a bad date is a warning - the article is kept without a date", "[record]") {
  const RecordParse p = parse_json_record(R"({"id":"d","date":"23/03/2024"})", {"in.jsonl", 4});
  REQUIRE(p.article);
  CHECK_FALSE(p.article->date);
  REQUIRE(p.problems.size() == 1);
  CHECK_FALSE(p.problems[0].skipped);
  CHECK(p.problems[0].kind == ingest_kind::kBadDate);
  CHECK(format_ingest_error(p.problems[0]) ==
        "in.jsonl:4: field date: '23/03/2024' is not a date (expected an ISO 8601 date such as 2024-03-23 "
        "or 2024-03-23T14:00:00+03:00); indexed without a date");
}

TEST_CASE("record: a .txt article is title line + body", "[record]") {
  const RecordParse p = parse_text_record("\xEF\xBB\xBFعنوان الخبر\r\nالسطر الأول\r\nالسطر الثاني\n",
                                          "2024/a.txt", {"dir/2024/a.txt", 0});
  REQUIRE(p.article);
  CHECK(p.article->id == "2024/a.txt");
  CHECK(p.article->title == "عنوان الخبر");
  CHECK(p.article->body == "السطر الأول\nالسطر الثاني");
  CHECK(p.article->record ==
        R"({"id":"2024/a.txt","title":"عنوان الخبر","body":"السطر الأول\nالسطر الثاني"})");
}

TEST_CASE("reader: JSON Lines with line numbers, blank lines, BOM and CRLF", "[reader]") {
  TempDir dir;
  write_file(dir / "a.jsonl", "\xEF\xBB\xBF{\"id\":\"1\"}\r\n\n   \n{\"id\":\"2\"}\n{\"id\":\"3\"}");
  const auto recs = read_all({(dir / "a.jsonl").string()});
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].text == R"({"id":"1"})");
  CHECK(recs[0].origin.line == 1);
  CHECK(recs[1].origin.line == 4);
  CHECK(recs[2].text == R"({"id":"3"})");  // no final newline
  CHECK(recs[2].origin.line == 5);
  CHECK(recs[2].origin.file == (dir / "a.jsonl").string());
}

TEST_CASE("reader: gzip-compressed JSON Lines stream like plain ones", "[reader]") {
  TempDir dir;
  std::string content;
  for (int i = 1; i <= 1000; ++i) content += "{\"id\":\"" + std::to_string(i) + "\"}\n";
  write_gz(dir / "a.jsonl.gz", content);
  RecordReader reader({(dir / "a.jsonl.gz").string()}, 1u << 20);
  RawRecord r;
  std::size_t n = 0;
  while (reader.next(r)) {
    ++n;
    CHECK(r.origin.line == n);
  }
  CHECK(n == 1000);
  CHECK(reader.bytes_read() == fs::file_size(dir / "a.jsonl.gz"));
}

TEST_CASE("reader: directories are read recursively, in path order, by extension", "[reader]") {
  TempDir dir;
  write_file(dir / "in/b.jsonl", "{\"id\":\"b\"}\n");
  write_file(dir / "in/a/x.txt", "title\nbody\n");
  write_file(dir / "in/a/y.jsonl.gz.part", "ignored");
  write_file(dir / "in/notes.md", "ignored");
  write_gz(dir / "in/c.jsonl.gz", "{\"id\":\"c\"}\n");
  const auto recs = read_all({(dir / "in").string()});
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].kind == RawRecord::Kind::kTextFile);
  CHECK(recs[0].text_id == "a/x.txt");
  CHECK(recs[0].text == "title\nbody\n");
  CHECK(recs[1].text == R"({"id":"b"})");
  CHECK(recs[2].text == R"({"id":"c"})");
}

TEST_CASE("reader: an oversized line is rejected without stopping the file", "[reader]") {
  TempDir dir;
  write_file(dir / "a.jsonl",
             "{\"id\":\"1\"}\n{\"id\":\"" + std::string(5000, 'x') + "\"}\n{\"id\":\"3\"}\n");
  const auto recs = read_all({(dir / "a.jsonl").string()}, 1000);
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].kind == RawRecord::Kind::kError);
  CHECK(recs[1].text.empty());  // never kept in memory
  CHECK(recs[1].error.kind == ingest_kind::kTooLarge);
  CHECK(recs[1].error.line == 2);
  CHECK_THAT(recs[1].error.reason, Catch::Contains("larger than the limit of 1000 bytes"));
  CHECK(recs[2].text == R"({"id":"3"})");
  CHECK(recs[2].origin.line == 3);
}

TEST_CASE("reader: a truncated gzip file is reported, and the next input is still read", "[reader]") {
  TempDir dir;
  std::string content;
  for (int i = 0; i < 2000; ++i)
    content += "{\"id\":\"" + std::to_string(i) + "\",\"body\":\"" + std::to_string(i * 7919) + "\"}\n";
  write_gz(dir / "full.jsonl.gz", content);
  const std::string gz = bahth::test::slurp(dir / "full.jsonl.gz");
  write_file(dir / "cut.jsonl.gz", gz.substr(0, gz.size() / 2));
  write_file(dir / "next.jsonl", "{\"id\":\"after\"}\n");
  const auto recs = read_all({(dir / "cut.jsonl.gz").string(), (dir / "next.jsonl").string()});
  REQUIRE(recs.size() >= 2);
  const auto err = std::find_if(recs.begin(), recs.end(),
                                [](const RawRecord& r) { return r.kind == RawRecord::Kind::kError; });
  REQUIRE(err != recs.end());
  CHECK(err->error.kind == ingest_kind::kUnreadable);
  CHECK(recs.back().text == R"({"id":"after"})");
}

TEST_CASE("reader: a missing input fails before anything is read", "[reader]") {
  TempDir dir;
  CHECK_THROWS_AS(RecordReader({(dir / "nope.jsonl").string()}, 1000), InputError);
  CHECK_THROWS_WITH(RecordReader({(dir / "nope.jsonl").string()}, 1000), Catch::Contains("input not found"));
}

TEST_CASE("reader: id files list one id per line", "[reader]") {
  TempDir dir;
  write_file(dir / "ids.txt", "a-1\n  a-2  \r\n\n\ta-3\n");
  CHECK(read_id_file((dir / "ids.txt").string()) == std::vector<std::string>{"a-1", "a-2", "a-3"});
  CHECK_THROWS_AS(read_id_file((dir / "none.txt").string()), InputError);
}
