// SPDX-License-Identifier: GPL-2.0-or-later
#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "bahth/analysis.h"
#include "bahth/utf8.h"
#include "cli.h"

namespace bahth::cli {

namespace {
// Pads s to width code points (terminals render an Arabic letter in one cell; marks take none,
// which only makes a column a little narrower).
std::string pad(const std::string& s, std::size_t width) {
  const std::size_t n = utf8::length(s);
  return n >= width ? s : s + std::string(width - n, ' ');
}
}  // namespace

void print_analysis(const std::string& text, const std::string& stemmer, bool json, std::ostream& out) {
  const Analysis a = analyze_text(text, stemmer);
  if (json) {
    out << to_json(a) << '\n';
    return;
  }
  std::size_t w_surface = 7, w_norm = 10, w_stem = 4;
  for (const auto& t : a.tokens) {
    w_surface = std::max(w_surface, utf8::length(t.surface));
    w_norm = std::max(w_norm, utf8::length(t.normalized));
    w_stem = std::max(w_stem, utf8::length(t.stem));
  }
  out << "analyzer: " << a.analyzer << '\n';
  out << fmt::format("{:>4}  {:>11}  {}  {}  {}  {}\n", "pos", "bytes", pad("surface", w_surface),
                     pad("normalized", w_norm), pad("stem", w_stem), "stopword");
  for (const auto& t : a.tokens) {
    out << fmt::format("{:>4}  {:>11}  {}  {}  {}  {}\n", t.position,
                       fmt::format("{}-{}", t.begin, t.end), pad(utf8::sanitize(t.surface), w_surface),
                       pad(t.normalized, w_norm), pad(t.stem, w_stem), t.stopword ? "yes" : "");
  }
}

}  // namespace bahth::cli
