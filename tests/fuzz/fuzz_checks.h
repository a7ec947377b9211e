// The checks behind the fuzz targets, shared with the regression test that replays the corpora
// (tests/reliability/fuzz_regression_test.cpp). run_target() returns "" when every invariant holds,
// else what broke; a crash or sanitizer report is a failure too.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xapian.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/error.h"
#include "bahth/ingest.h"
#include "bahth/utf8.h"
#include "query_builder.h"
#include "query_parser.h"
#include "snippet.h"

namespace bahth::fuzz {

inline bool is_continuation(std::string_view s, std::size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

inline const Analyzer& analyzer() {
  static const Analyzer a;
  return a;
}

/// Analyzer::for_each_token: tokens in order, inside the text, not overlapping, positions rising,
/// on code point boundaries and with valid UTF-8 output when the input is valid UTF-8.
inline std::string check_analyzer(std::string_view data) {
  const bool valid = utf8::is_valid(data);
  std::string problem;
  std::size_t prev_end = 0;
  std::int64_t prev_pos = -1;
  analyzer().for_each_token(data, [&](const Token& t) {
    if (!problem.empty()) return;
    if (t.begin >= t.end || t.end > data.size()) problem = "token range outside the text";
    else if (t.begin < prev_end) problem = "tokens overlap or go backwards";
    else if (static_cast<std::int64_t>(t.position) <= prev_pos) problem = "positions do not rise";
    else if (t.normalized.empty() || t.normalized.size() > kMaxWordBytes) problem = "bad normalized size";
    else if (t.stem.empty()) problem = "empty stem";
    else if (valid && (is_continuation(data, t.begin) || is_continuation(data, t.end)))
      problem = "token cuts a code point";
    else if (valid && (!utf8::is_valid(t.normalized) || !utf8::is_valid(t.stem)))
      problem = "invalid UTF-8 out of valid input";
    prev_end = t.end;
    prev_pos = t.position;
  });
  return problem;
}

inline std::string check_node(const detail::QueryNode& n, std::size_t size, int depth) {
  if (n.begin > n.end || n.end > size) return "node range outside the query";
  if (depth > 100000) return "tree deeper than the input";
  for (const auto& c : n.children) {
    auto p = check_node(c, size, depth + 1);
    if (!p.empty()) return p;
  }
  return "";
}

inline const Xapian::Database& small_db() {
  static const Xapian::Database db = [] {
    Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const char* const texts[] = {"الطاقة المتجددة في المدينة", "اقتصاد السوق والبنك", "الرياضة والشباب"};
    for (const char* t : texts) {
      Xapian::Document d;
      analyzer().for_each_token(t, [&](const Token& tok) {
        d.add_posting(tok.stem, tok.position + 1);
        d.add_term("E" + tok.normalized);
      });
      d.add_boolean_term("XSwasat agency");
      w.add_document(d);
    }
    return Xapian::Database(w);
  }();
  return db;
}

/// parse_query (lenient never throws; strict throws only QuerySyntaxError), node ranges inside
/// the text, describe() and build_query() on a small in-memory index.
inline std::string check_query(std::string_view data) {
  detail::ParsedQuery lenient;
  try {
    lenient = detail::parse_query(data, false);
  } catch (const std::exception& e) {
    return std::string("lenient parse threw: ") + e.what();
  }
  try {
    (void)detail::parse_query(data, true);
  } catch (const QuerySyntaxError&) {
  } catch (const std::exception& e) {
    return std::string("strict parse threw something else: ") + e.what();
  }
  for (const auto& n : lenient.root) {
    auto p = check_node(n, data.size(), 0);
    if (!p.empty()) return p;
    (void)detail::describe(n);
  }
  for (const auto op : {DefaultOperator::kOr, DefaultOperator::kAnd}) {
    try {
      detail::BuildOptions bo;
      bo.max_prefix_expansion = 10;
      const auto built = detail::build_query(lenient, analyzer(), small_db(), bo, op);
      if (!built.empty) {
        Xapian::Enquire enquire(small_db());
        enquire.set_query(built.query);
        (void)enquire.get_mset(0, 10);
      }
    } catch (const Xapian::Error& e) {
      return "build_query: Xapian::Error " + e.get_msg();
    } catch (const Error&) {
      // A clear bahth error is an acceptable answer.
    }
  }
  return "";
}

/// RecordReader over the bytes as a JSONL file, and parse_json_record on each record: accepted
/// articles have a non-empty, bounded id, valid UTF-8 fields and a valid JSON record.
inline std::string check_jsonl(std::string_view data) {
  const int fd = ::memfd_create("bahth-fuzz", 0);
  if (fd < 0) return "";  // no memfd: nothing to test
  std::size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) break;
    off += static_cast<std::size_t>(n);
  }
  std::string problem;
  try {
    RecordReader reader({"/proc/self/fd/" + std::to_string(fd)}, 4096);
    RawRecord rec;
    while (problem.empty() && reader.next(rec)) {
      if (rec.kind == RawRecord::Kind::kError) {
        if (rec.error.reason.empty()) problem = "reader error without a reason";
        continue;
      }
      if (rec.text.size() > 4096) problem = "record over max_record_bytes";
      const RecordParse parsed = parse_json_record(rec.text, rec.origin);
      if (parsed.article) {
        const Article& a = *parsed.article;
        if (a.id.empty() || a.id.size() > kMaxIdBytes) problem = "bad id accepted";
        for (const auto* f : {&a.id, &a.title, &a.body, &a.source, &a.category, &a.url}) {
          if (!utf8::is_valid(*f)) problem = "invalid UTF-8 accepted";
        }
        if (!nlohmann::json::accept(a.record)) problem = "stored record is not valid JSON";
      } else if (parsed.problems.empty()) {
        problem = "record rejected without a reason";
      }
    }
  } catch (const InputError&) {
  } catch (const std::exception& e) {
    problem = std::string("reader threw: ") + e.what();
  }
  ::close(fd);
  return problem;
}

inline std::string check_snippet_shape(const Snippet& s) {
  if (!utf8::is_valid(s.text)) return "snippet text is not valid UTF-8";
  for (const char c : s.text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "control character in snippet text";
  }
  std::size_t prev = 0;
  for (const auto& h : s.highlights) {
    if (h.begin >= h.end || h.end > s.text.size()) return "highlight outside the text";
    if (h.begin < prev) return "highlights overlap or are unsorted";
    if (is_continuation(s.text, h.begin) || is_continuation(s.text, h.end)) return "highlight cuts a code point";
    prev = h.end;
  }
  return "";
}

/// make_snippet / highlight_all / clean_text: the first line is the query (its words' stems are
/// the terms), the rest is the body; the first 8 bytes pick the snippet size.
inline std::string check_snippet(std::string_view data) {
  SnippetOptions options;
  if (data.size() >= 2) {
    options.max_chars = static_cast<unsigned char>(data[0]) * 2u;
    options.max_windows = static_cast<unsigned char>(data[1]) % 4u;
  }
  const std::size_t nl = data.find('\n');
  const std::string_view query = data.substr(0, nl == std::string_view::npos ? data.size() : nl);
  const std::string_view body = nl == std::string_view::npos ? std::string_view() : data.substr(nl + 1);
  detail::HighlightTerms terms;
  analyzer().for_each_token(query, [&](const Token& t) {
    terms.stems.emplace(t.stem, terms.items);
    terms.exacts.emplace(t.normalized, terms.items);
    ++terms.items;
  });
  const Snippet s = detail::make_snippet(body, analyzer(), terms, options);
  auto p = check_snippet_shape(s);
  if (!p.empty()) return "make_snippet: " + p;
  p = check_snippet_shape(detail::highlight_all(body.substr(0, 2000), analyzer(), terms));
  if (!p.empty()) return "highlight_all: " + p;
  Snippet cleaned;
  cleaned.text = detail::clean_text(data);
  p = check_snippet_shape(cleaned);
  if (!p.empty()) return "clean_text: " + p;
  return "";
}

inline std::string run_target(std::string_view target, std::string_view data) {
  if (target == "analyzer") return check_analyzer(data);
  if (target == "query_parser") return check_query(data);
  if (target == "jsonl_reader") return check_jsonl(data);
  if (target == "snippet") return check_snippet(data);
  return "unknown target";
}

}  // namespace bahth::fuzz
