// bahth — reading articles: JSON Lines (plain, gzip, standard input), directories of .jsonl,
// .jsonl.gz and .txt files; ISO 8601 dates; record validation.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/indexer.h"

namespace bahth {

/// A calendar date and time of day as written in the input (no time-zone conversion: the
/// article's own local time, which is what a reader of the paper saw).
struct ArticleDate {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;

  /// "YYYYMMDDhhmmss": sortable as a string (value slot schema::kSlotDate).
  std::string sortable() const;
  /// "YYYY-MM" (value slot schema::kSlotYearMonth).
  std::string year_month() const;
  bool operator==(const ArticleDate&) const = default;
};

/// Parses an ISO 8601 date: "2024-03-23", "2024-03-23T14:00", "2024-03-23T14:00:00",
/// "2024-03-23 14:00:00", with optional fractional seconds (".123") and an optional zone ("Z",
/// "+03:00", "+0300", "+03"). The zone is checked but not applied. Years 1000–9999.
/// Returns the reason when text is not such a date (e.g. "month 13 out of range").
struct DateParse {
  std::optional<ArticleDate> date;
  std::string error;  ///< empty when date is set
};
DateParse parse_iso8601_date(std::string_view text);

/// One article as read from the input, validated.
struct Article {
  std::string id;  ///< never empty
  std::string title;
  std::string body;
  std::string source;
  std::string category;
  std::string url;
  std::optional<ArticleDate> date;  ///< unset when absent or unparsable (reported)
  std::string record;               ///< the original record as compact JSON: every field, unknown ones too
};

/// Where a record came from, for error reports.
struct RecordOrigin {
  std::string file;        ///< as given on the command line, or a path under a given directory
  std::uint64_t line = 0;  ///< 1-based; 0 for a whole file (.txt)
};

/// Error kinds, used as keys of IndexStats::rejected_by_reason.
namespace ingest_kind {
inline constexpr std::string_view kInvalidJson = "invalid JSON";
inline constexpr std::string_view kInvalidUtf8 = "invalid UTF-8";
inline constexpr std::string_view kNotAnObject = "not a JSON object";
inline constexpr std::string_view kMissingId = "missing id";
inline constexpr std::string_view kEmptyId = "empty id";
inline constexpr std::string_view kIdTooLong = "id too long";
inline constexpr std::string_view kWrongType = "wrong field type";
inline constexpr std::string_view kTooLarge = "article too large";
inline constexpr std::string_view kBadDate = "bad date";  ///< a warning: indexed without date
inline constexpr std::string_view kUnreadable = "unreadable input";
}  // namespace ingest_kind

/// Longest id accepted, in bytes (a Xapian term is at most 245 bytes, "Q" included).
inline constexpr std::size_t kMaxIdBytes = 240;

/// Result of validating one record: an article, and any problems found. When `article` is
/// unset the record is rejected and problems holds the reason; problems may also hold warnings
/// (IngestError::skipped == false) for an accepted article, e.g. an unparsable date.
struct RecordParse {
  std::optional<Article> article;
  std::vector<IngestError> problems;
};

/// Validates one JSON Lines record (without its newline). Rejects: invalid UTF-8 (with the byte
/// offset), invalid JSON, anything but an object, a missing, empty, non-string or too long id, a
/// field among title/body/date/source/category/url that is neither a string nor null.
RecordParse parse_json_record(std::string_view line, const RecordOrigin& origin);

/// Validates a .txt article: first line the title, the rest the body, id given (the path
/// relative to the directory that was indexed). Rejects invalid UTF-8.
RecordParse parse_text_record(std::string_view text, std::string id, const RecordOrigin& origin);

/// One raw record found by RecordReader.
struct RawRecord {
  enum class Kind : std::uint8_t {
    kJsonLine,  ///< text is one JSON Lines line (no newline)
    kTextFile,  ///< text is a whole .txt article; text_id its id
    kError,     ///< the reader already rejected it; error says why (text is empty)
  };
  Kind kind = Kind::kJsonLine;
  std::string text;
  std::string text_id;
  RecordOrigin origin;
  IngestError error;
};

/// Reads records from inputs one at a time, in order, with bounded memory: a JSON Lines file
/// (optionally gzip-compressed, recognized by its content), "-" for standard input (gzip too), or
/// a directory, whose .jsonl, .jsonl.gz and .txt files are read recursively in path order. Other
/// files given by name are read as JSON Lines, except names ending in .txt. A line or .txt file
/// longer than max_record_bytes is not kept in memory: it comes back as a kError record.
/// Empty and whitespace-only lines are skipped; a UTF-8 byte order mark and a CR before the
/// newline are removed.
///
/// Throws InputError when an input does not exist or cannot be opened or read.
/// Not thread-safe: one thread reads.
class RecordReader {
 public:
  RecordReader(std::vector<std::string> inputs, std::size_t max_record_bytes);
  ~RecordReader();
  RecordReader(const RecordReader&) = delete;
  RecordReader& operator=(const RecordReader&) = delete;

  /// Fills rec with the next record; false at the end of all inputs.
  bool next(RawRecord& rec);

  /// Input bytes consumed so far (compressed bytes for gzip files).
  std::uint64_t bytes_read() const noexcept;
  /// Total size of all regular-file inputs (0 if unknown, e.g. only standard input).
  std::uint64_t bytes_total() const noexcept { return bytes_total_; }

 private:
  struct Source;
  bool open_next();
  void close_source();

  std::vector<std::string> files_;  // expanded: directories replaced by their files
  std::vector<std::string> display_;
  std::vector<std::string> text_ids_;  // id for .txt files found in directories ("" otherwise)
  std::size_t next_file_ = 0;
  std::size_t max_record_bytes_;
  std::uint64_t bytes_total_ = 0;
  std::uint64_t bytes_done_ = 0;  // of files already closed
  std::unique_ptr<Source> source_;
};

/// Reads one id per line (blank lines and surrounding whitespace ignored) from path ("-" for
/// standard input). Throws InputError when it cannot be read.
std::vector<std::string> read_id_file(const std::string& path);

}  // namespace bahth
