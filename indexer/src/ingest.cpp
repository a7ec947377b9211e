// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/ingest.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "bahth/error.h"
#include "bahth/utf8.h"

namespace bahth {
namespace fs = std::filesystem;

std::string format_ingest_error(const IngestError& e) {
  if (e.line == 0) return fmt::format("{}: {}", e.file, e.reason);
  return fmt::format("{}:{}: {}", e.file, e.line, e.reason);
}

namespace {

IngestError make_error(const RecordOrigin& origin, std::string_view kind, std::string reason,
                       bool skipped = true) {
  return IngestError{origin.file, origin.line, std::move(reason), std::string(kind), skipped};
}

// Offset of the first byte that is not valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= s.size()) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const std::size_t at = i;
    if (utf8::decode(s, i) == utf8::kInvalid) return at;
  }
  return std::string_view::npos;
}

// A short, printable excerpt of a value for error messages.
std::string excerpt(std::string_view s, std::size_t max = 60) {
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, utf8::floor_boundary(s, max))) + "…";
}

const char* json_type_name(const nlohmann::ordered_json& j) {
  return j.type_name();
}

// Reads an optional string field; returns false (and sets the error) on a wrong type.
bool string_field(const nlohmann::ordered_json& obj, const char* name, std::string& out,
                  const RecordOrigin& origin, RecordParse& result) {
  const auto it = obj.find(name);
  if (it == obj.end() || it->is_null()) return true;
  if (!it->is_string()) {
    result.problems.push_back(
        make_error(origin, ingest_kind::kWrongType,
                   fmt::format("field {}: expected a string, got {}", name, json_type_name(*it))));
    return false;
  }
  out = it->get_ref<const std::string&>();
  return true;
}

std::string clean_json_message(const char* what) {
  // nlohmann: "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
  std::string_view m(what);
  if (const auto p = m.find("] "); p != std::string_view::npos && m.front() == '[') m.remove_prefix(p + 2);
  if (m.starts_with("parse error at line 1, ")) m.remove_prefix(std::strlen("parse error at line 1, "));
  return std::string(m);
}

void apply_date(Article& a, const std::string& date, const RecordOrigin& origin, RecordParse& result) {
  if (date.empty()) return;
  DateParse d = parse_iso8601_date(date);
  if (d.date) {
    a.date = d.date;
  } else {
    result.problems.push_back(make_error(origin, ingest_kind::kBadDate,
                                         "field date: " + d.error + "; indexed without a date",
                                         /*skipped=*/false));
  }
}

}  // namespace

RecordParse parse_json_record(std::string_view line, const RecordOrigin& origin) {
  RecordParse result;
  if (const std::size_t bad = first_invalid_utf8(line); bad != std::string_view::npos) {
    result.problems.push_back(
        make_error(origin, ingest_kind::kInvalidUtf8,
                   fmt::format("invalid UTF-8 at byte {} (byte value 0x{:02X})", bad + 1,
                               static_cast<unsigned>(static_cast<unsigned char>(line[bad])))));
    return result;
  }
  nlohmann::ordered_json obj;
  try {
    obj = nlohmann::ordered_json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    result.problems.push_back(
        make_error(origin, ingest_kind::kInvalidJson, "invalid JSON: " + clean_json_message(e.what())));
    return result;
  }
  if (!obj.is_object()) {
    result.problems.push_back(make_error(origin, ingest_kind::kNotAnObject,
                                         fmt::format("expected a JSON object, got {}", obj.type_name())));
    return result;
  }
  Article a;
  const auto id = obj.find("id");
  if (id == obj.end() || id->is_null()) {
    result.problems.push_back(make_error(origin, ingest_kind::kMissingId, "field id: missing"));
    return result;
  }
  if (!id->is_string()) {
    result.problems.push_back(
        make_error(origin, ingest_kind::kWrongType,
                   fmt::format("field id: expected a string, got {}", id->type_name())));
    return result;
  }
  a.id = id->get_ref<const std::string&>();
  if (a.id.find_first_not_of(" \t\r\n") == std::string::npos) {
    result.problems.push_back(make_error(origin, ingest_kind::kEmptyId, "field id: empty"));
    return result;
  }
  if (a.id.size() > kMaxIdBytes) {
    result.problems.push_back(make_error(origin, ingest_kind::kIdTooLong,
                                         fmt::format("field id: {} bytes, longer than the limit of {} ('{}')",
                                                     a.id.size(), kMaxIdBytes, excerpt(a.id))));
    return result;
  }
  std::string date;
  if (!string_field(obj, "title", a.title, origin, result) ||
      !string_field(obj, "body", a.body, origin, result) ||
      !string_field(obj, "source", a.source, origin, result) ||
      !string_field(obj, "category", a.category, origin, result) ||
      !string_field(obj, "url", a.url, origin, result) || !string_field(obj, "date", date, origin, result)) {
    return result;
  }
  apply_date(a, date, origin, result);
  a.record = obj.dump();
  result.article = std::move(a);
  return result;
}

RecordParse parse_text_record(std::string_view text, std::string id, const RecordOrigin& origin) {
  RecordParse result;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    result.problems.push_back(
        make_error(origin, ingest_kind::kInvalidUtf8,
                   fmt::format("invalid UTF-8 at byte {} (byte value 0x{:02X})", bad + 1,
                               static_cast<unsigned>(static_cast<unsigned char>(text[bad])))));
    return result;
  }
  if (id.empty()) {
    result.problems.push_back(make_error(origin, ingest_kind::kEmptyId, "empty id"));
    return result;
  }
  if (id.size() > kMaxIdBytes) {
    result.problems.push_back(
        make_error(origin, ingest_kind::kIdTooLong,
                   fmt::format("id (the relative path) is {} bytes, longer than the limit of {}", id.size(),
                               kMaxIdBytes)));
    return result;
  }
  Article a;
  a.id = std::move(id);
  const std::size_t nl = text.find('\n');
  std::string_view title = text.substr(0, nl);
  if (!title.empty() && title.back() == '\r') title.remove_suffix(1);
  a.title = std::string(title);
  if (nl != std::string_view::npos) {
    std::string_view body = text.substr(nl + 1);
    a.body.reserve(body.size());
    for (char c : body) {
      if (c != '\r') a.body.push_back(c);
    }
    while (!a.body.empty() && (a.body.back() == '\n' || a.body.back() == ' ')) a.body.pop_back();
  }
  nlohmann::ordered_json obj;
  obj["id"] = a.id;
  obj["title"] = a.title;
  obj["body"] = a.body;
  a.record = obj.dump();
  result.article = std::move(a);
  return result;
}

// ---- RecordReader ----------------------------------------------------------------------------

struct RecordReader::Source {
  gzFile gz = nullptr;
  std::string path;     // display name
  std::string text_id;  // non-empty: the file is one .txt article
  bool is_text = false;
  std::vector<char> buf;
  std::size_t pos = 0;
  std::size_t len = 0;
  bool eof = false;
  bool failed = false;
  std::string error;  // why reading failed
  std::uint64_t line = 0;

  ~Source() {
    if (gz != nullptr) gzclose(gz);
  }

  // Refills buf; false at end of file or on error (failed set, message in error).
  bool refill() {
    if (eof) return false;
    const int n = gzread(gz, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      int errnum = 0;
      const char* msg = gzerror(gz, &errnum);
      error = errnum == Z_ERRNO ? std::strerror(errno) : (msg != nullptr ? msg : "read error");
      failed = eof = true;
      return false;
    }
    if (n == 0) {
      // gzread returns 0 both at a clean end and after a truncated gzip stream.
      int errnum = 0;
      const char* msg = gzerror(gz, &errnum);
      if (errnum != Z_OK && errnum != Z_STREAM_END) {
        error = msg != nullptr ? msg : "read error";
        failed = true;
      }
      eof = true;
      return false;
    }
    pos = 0;
    len = static_cast<std::size_t>(n);
    return true;
  }

  std::uint64_t offset() const { return gz != nullptr ? static_cast<std::uint64_t>(gzoffset(gz)) : 0; }
};

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix);
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

}  // namespace

RecordReader::RecordReader(std::vector<std::string> inputs, std::size_t max_record_bytes)
    : max_record_bytes_(max_record_bytes) {
  for (const std::string& input : inputs) {
    if (input == "-") {
      files_.push_back(input);
      display_.push_back(input);
      text_ids_.emplace_back();
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) throw InputError(fmt::format("input not found: {}", input));
    if (fs::is_directory(st)) {
      std::vector<std::pair<std::string, std::string>> found;  // relative path, full path
      fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
      if (ec) throw InputError(fmt::format("cannot read directory {}: {}", input, ec.message()));
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) throw InputError(fmt::format("cannot read directory {}: {}", input, ec.message()));
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        if (!ends_with(name, ".jsonl") && !ends_with(name, ".jsonl.gz") && !ends_with(name, ".txt")) continue;
        found.emplace_back(it->path().lexically_relative(input).generic_string(), it->path().string());
      }
      std::sort(found.begin(), found.end());
      for (auto& [rel, full] : found) {
        files_.push_back(full);
        display_.push_back(full);
        text_ids_.push_back(ends_with(rel, ".txt") ? rel : std::string());
        bytes_total_ += fs::file_size(full, ec);
      }
    } else {
      files_.push_back(input);
      display_.push_back(input);
      // A .txt file named directly is one article; its id is the path as given.
      text_ids_.push_back(ends_with(input, ".txt") ? input : std::string());
      if (fs::is_regular_file(st)) bytes_total_ += fs::file_size(input, ec);
    }
  }
}

RecordReader::~RecordReader() = default;

std::uint64_t RecordReader::bytes_read() const noexcept {
  return bytes_done_ + (source_ ? source_->offset() : 0);
}

void RecordReader::close_source() {
  if (source_) {
    bytes_done_ += source_->offset();
    source_.reset();
  }
}

bool RecordReader::open_next() {
  close_source();
  if (next_file_ >= files_.size()) return false;
  const std::size_t k = next_file_++;
  auto src = std::make_unique<Source>();
  src->path = display_[k];
  src->text_id = text_ids_[k];
  src->is_text = !src->text_id.empty();
  if (files_[k] == "-") {
    const int fd = dup(STDIN_FILENO);
    if (fd < 0) throw InputError(fmt::format("cannot read standard input: {}", std::strerror(errno)));
    src->gz = gzdopen(fd, "rb");
  } else {
    src->gz = gzopen(files_[k].c_str(), "rb");
  }
  if (src->gz == nullptr) {
    throw InputError(fmt::format("cannot open {}: {}", display_[k], std::strerror(errno)));
  }
  gzbuffer(src->gz, 1u << 18);
  src->buf.resize(1u << 18);
  source_ = std::move(src);
  return true;
}

bool RecordReader::next(RawRecord& rec) {
  rec.text.clear();
  rec.text_id.clear();
  for (;;) {
    if (!source_ && !open_next()) return false;
    Source& s = *source_;
    if (s.is_text) {
      if (s.eof) {
        close_source();
        if (!open_next()) return false;
        continue;
      }
      // The whole file is one article.
      rec.origin = RecordOrigin{s.path, 0};
      bool too_large = false;
      std::uint64_t size = 0;
      while (s.refill()) {
        size += s.len;
        if (size > max_record_bytes_) {
          too_large = true;
          rec.text.clear();
        } else {
          rec.text.append(s.buf.data(), s.len);
        }
      }
      s.eof = true;
      if (s.failed) {
        rec.kind = RawRecord::Kind::kError;
        rec.error = make_error(rec.origin, ingest_kind::kUnreadable, "cannot read: " + s.error);
      } else if (too_large) {
        rec.kind = RawRecord::Kind::kError;
        rec.text.clear();
        rec.error = make_error(rec.origin, ingest_kind::kTooLarge,
                               fmt::format("article of {} bytes is larger than the limit of {} bytes "
                                           "(--max-article-bytes)",
                                           size, max_record_bytes_));
      } else {
        rec.kind = RawRecord::Kind::kTextFile;
        rec.text_id = s.text_id;
      }
      return true;
    }
    // JSON Lines: one line.
    bool any = false;
    bool too_large = false;
    std::uint64_t size = 0;
    bool got_line = false;
    while (!got_line) {
      if (s.pos >= s.len && !s.refill()) break;
      any = true;
      const char* start = s.buf.data() + s.pos;
      const std::size_t avail = s.len - s.pos;
      const void* nl = std::memchr(start, '\n', avail);
      const std::size_t seg =
          nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : avail;
      size += seg;
      if (too_large || size > max_record_bytes_) {
        too_large = true;
        rec.text.clear();
      } else {
        rec.text.append(start, seg);
      }
      s.pos += seg;
      if (nl != nullptr) {
        ++s.pos;  // the newline
        got_line = true;
      }
    }
    if (!any) {
      if (s.failed) {
        rec.kind = RawRecord::Kind::kError;
        rec.origin = RecordOrigin{s.path, s.line + 1};
        rec.error = make_error(rec.origin, ingest_kind::kUnreadable,
                               "cannot read further: " + s.error + "; the rest of the file is skipped");
        close_source();
        return true;
      }
      close_source();
      continue;
    }
    ++s.line;
    rec.origin = RecordOrigin{s.path, s.line};
    if (too_large) {
      rec.kind = RawRecord::Kind::kError;
      rec.error = make_error(rec.origin, ingest_kind::kTooLarge,
                             fmt::format("article of {} bytes is larger than the limit of {} bytes "
                                         "(--max-article-bytes)",
                                         size, max_record_bytes_));
      return true;
    }
    if (s.line == 1 && rec.text.starts_with("\xEF\xBB\xBF")) rec.text.erase(0, 3);
    if (!rec.text.empty() && rec.text.back() == '\r') rec.text.pop_back();
    if (is_blank(rec.text)) continue;
    rec.kind = RawRecord::Kind::kJsonLine;
    return true;
  }
}

std::vector<std::string> read_id_file(const std::string& path) {
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) throw InputError(fmt::format("cannot open id file {}: {}", path, std::strerror(errno)));
  }
  std::istream& in = path == "-" ? std::cin : file;
  std::vector<std::string> ids;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    const std::size_t e = line.find_last_not_of(" \t\r");
    ids.push_back(line.substr(b, e - b + 1));
  }
  if (in.bad()) throw InputError(fmt::format("cannot read id file {}", path));
  return ids;
}

}  // namespace bahth
