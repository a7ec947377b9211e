// SPDX-License-Identifier: GPL-2.0-or-later
#include <fmt/format.h>

#include "bahth/ingest.h"

namespace bahth {
namespace {

bool is_leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n ASCII digits at text[i]; advances i.
bool digits(std::string_view text, std::size_t& i, int n, int& out) {
  if (i + static_cast<std::size_t>(n) > text.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    const char c = text[i + static_cast<std::size_t>(k)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  i += static_cast<std::size_t>(n);
  out = v;
  return true;
}

DateParse fail(std::string why) {
  return DateParse{std::nullopt, std::move(why)};
}

}  // namespace

std::string ArticleDate::sortable() const {
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", year, month, day, hour, minute, second);
}

std::string ArticleDate::year_month() const {
  return fmt::format("{:04}-{:02}", year, month);
}

DateParse parse_iso8601_date(std::string_view text) {
  constexpr std::string_view kExpected =
      "expected an ISO 8601 date such as 2024-03-23 or 2024-03-23T14:00:00+03:00";
  ArticleDate d;
  std::size_t i = 0;
  if (!digits(text, i, 4, d.year) || i >= text.size() || text[i] != '-' || !digits(text, ++i, 2, d.month) ||
      i >= text.size() || text[i] != '-' || !digits(text, ++i, 2, d.day)) {
    return fail(fmt::format("'{}' is not a date ({})", text, kExpected));
  }
  if (d.year < 1000) return fail(fmt::format("year {} out of range", d.year));
  if (d.month < 1 || d.month > 12) return fail(fmt::format("month {} out of range", d.month));
  if (d.day < 1 || d.day > days_in_month(d.year, d.month)) {
    return fail(fmt::format("day {} out of range for {:04}-{:02}", d.day, d.year, d.month));
  }
  if (i == text.size()) return DateParse{d, {}};
  if (text[i] != 'T' && text[i] != 't' && text[i] != ' ') {
    return fail(
        fmt::format("unexpected '{}' after the date in '{}' ({})", text.substr(i, 1), text, kExpected));
  }
  ++i;
  if (!digits(text, i, 2, d.hour) || i >= text.size() || text[i] != ':' || !digits(text, ++i, 2, d.minute)) {
    return fail(fmt::format("bad time of day in '{}' ({})", text, kExpected));
  }
  if (i < text.size() && text[i] == ':') {
    if (!digits(text, ++i, 2, d.second)) return fail(fmt::format("bad seconds in '{}'", text));
    if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
      ++i;
      const std::size_t start = i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      if (i == start) return fail(fmt::format("bad fractional seconds in '{}'", text));
    }
  }
  // 24:00:00 is ISO 8601's end of day; keep it as 23:59:59 so the date stays the same.
  if (d.hour == 24 && d.minute == 0 && d.second == 0) {
    d.hour = 23, d.minute = 59, d.second = 59;
  }
  if (d.hour > 23) return fail(fmt::format("hour {} out of range", d.hour));
  if (d.minute > 59) return fail(fmt::format("minute {} out of range", d.minute));
  if (d.second > 60) return fail(fmt::format("second {} out of range", d.second));
  if (d.second == 60) d.second = 59;  // leap second
  if (i == text.size()) return DateParse{d, {}};
  if (text[i] == 'Z' || text[i] == 'z') {
    ++i;
  } else if (text[i] == '+' || text[i] == '-') {
    ++i;
    int zh = 0;
    int zm = 0;
    if (!digits(text, i, 2, zh)) return fail(fmt::format("bad time zone in '{}'", text));
    if (i < text.size()) {
      if (text[i] == ':') ++i;
      if (!digits(text, i, 2, zm)) return fail(fmt::format("bad time zone in '{}'", text));
    }
    if (zh > 14 || zm > 59) return fail(fmt::format("time zone out of range in '{}'", text));
  }
  if (i != text.size()) {
    return fail(fmt::format("unexpected '{}' at the end of '{}' ({})", text.substr(i), text, kExpected));
  }
  return DateParse{d, {}};
}

}  // namespace bahth
