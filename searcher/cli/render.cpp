// SPDX-License-Identifier: GPL-2.0-or-later
#include <fmt/format.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/ushape.h>
#include <unicode/utf16.h>

#include <memory>
#include <ostream>

#include "bahth/utf8.h"
#include "cli.h"

namespace bahth::cli {

namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kMatch = "\x1b[1;33m";  // bold yellow
constexpr std::string_view kWarn = "\x1b[35m";

bool bidi_control(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

struct Styles {
  bool color;
  std::string_view on(std::string_view s) const { return color ? s : std::string_view(); }
  std::string_view off() const { return color ? kReset : std::string_view(); }
};

// text with highlights as a logical-order string, each highlight wrapped in on/off.
std::string marked(std::string_view text, const std::vector<Highlight>& hl, std::string_view on,
                   std::string_view off) {
  std::string out;
  std::size_t pos = 0;
  for (const auto& h : hl) {
    if (h.begin < pos || h.end > text.size() || h.begin >= h.end) continue;
    out += terminal_safe(text.substr(pos, h.begin - pos));
    out += on;
    out += terminal_safe(text.substr(h.begin, h.end - h.begin));
    out += off;
    pos = h.end;
  }
  out += terminal_safe(text.substr(pos));
  return out;
}

// Prints text (with highlights) indented, wrapped and reordered for --visual, as-is otherwise.
void print_block(std::ostream& out, std::string_view indent, std::string_view text,
                 const std::vector<Highlight>& hl, std::string_view on, std::string_view off,
                 const RenderOptions& opt) {
  if (!opt.visual) {
    out << indent << marked(text, hl, on, off) << '\n';
    return;
  }
  const std::size_t width = opt.width > indent.size() + 10 ? opt.width - indent.size() : 40;
  for (const auto& line : wrap(text, width)) {
    std::vector<Highlight> local;
    for (const auto& h : hl) {
      const std::size_t b = std::max(h.begin, line.begin);
      const std::size_t e = std::min(h.end, line.end);
      if (b < e) local.push_back({b - line.begin, e - line.begin});
    }
    out << indent << visual_line(text.substr(line.begin, line.end - line.begin), local, on, off) << '\n';
  }
}

}  // namespace

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = utf8::decode(text, i);
    if (cp == utf8::kInvalid || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
      utf8::append(out, 0xFFFD);
    } else if (bidi_control(cp)) {
      continue;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

std::vector<Highlight> wrap(std::string_view text, std::size_t width) {
  std::vector<Highlight> lines;
  std::size_t line_begin = 0;
  std::size_t last_space = std::string_view::npos;
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    const char32_t cp = utf8::decode(text, i);
    if (cp == ' ') last_space = at;
    ++count;
    if (count > width && last_space != std::string_view::npos && last_space > line_begin) {
      lines.push_back({line_begin, last_space});
      line_begin = last_space + 1;
      last_space = std::string_view::npos;
      count = utf8::length(text.substr(line_begin, i - line_begin));
    }
  }
  if (line_begin < text.size() || lines.empty()) lines.push_back({line_begin, text.size()});
  return lines;
}

std::string visual_line(std::string_view text, const std::vector<Highlight>& highlights, std::string_view on,
                        std::string_view off) {
  const std::string safe_input(text);
  // UTF-16 copy with a highlight flag per unit (terminal_safe is applied per code point below).
  std::u16string u;
  std::vector<char> lit;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    char32_t cp = utf8::decode(text, i);
    bool h = false;
    for (const auto& r : highlights) h = h || (at >= r.begin && at < r.end);
    if (cp == utf8::kInvalid || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) cp = 0xFFFD;
    if (bidi_control(cp)) continue;
    if (cp > 0xFFFF) {
      u.push_back(static_cast<char16_t>(U16_LEAD(cp)));
      u.push_back(static_cast<char16_t>(U16_TRAIL(cp)));
      lit.push_back(h);
      lit.push_back(h);
    } else {
      u.push_back(static_cast<char16_t>(cp));
      lit.push_back(h);
    }
  }
  if (u.empty()) return {};
  const auto len = static_cast<int32_t>(u.size());
  UErrorCode err = U_ZERO_ERROR;
  // Shape Arabic letters into their joined presentation forms, keeping the length (a lam-alef
  // ligature leaves a space next to it), so the highlight flags still line up.
  std::u16string shaped(u.size(), u'\0');
  u_shapeArabic(reinterpret_cast<const UChar*>(u.data()), len, reinterpret_cast<UChar*>(shaped.data()), len,
                U_SHAPE_LETTERS_SHAPE | U_SHAPE_LENGTH_FIXED_SPACES_NEAR | U_SHAPE_TEXT_DIRECTION_LOGICAL,
                &err);
  if (U_FAILURE(err)) {
    shaped = u;
    err = U_ZERO_ERROR;
  }
  std::unique_ptr<UBiDi, decltype(&ubidi_close)> bidi(ubidi_openSized(len, 0, &err), &ubidi_close);
  if (U_FAILURE(err)) return marked(safe_input, highlights, on, off);
  // Direction from the text (not the shaped copy: presentation forms are still RTL, but keep it plain).
  ubidi_setPara(bidi.get(), reinterpret_cast<const UChar*>(u.data()), len, UBIDI_DEFAULT_LTR, nullptr, &err);
  if (U_FAILURE(err)) return marked(safe_input, highlights, on, off);
  const int32_t runs = ubidi_countRuns(bidi.get(), &err);
  if (U_FAILURE(err)) return marked(safe_input, highlights, on, off);

  std::string out;
  bool lit_now = false;
  auto emit = [&](int32_t index, bool mirror) {
    UChar32 cp;
    int32_t j = index;
    U16_NEXT(shaped.data(), j, len, cp);
    // The space the shaper leaves next to a lam-alef ligature (to keep the length) is dropped.
    if (cp == ' ' && u[static_cast<std::size_t>(index)] != u' ') return j;
    if (mirror) cp = u_charMirror(cp);
    const bool h = lit[static_cast<std::size_t>(index)] != 0;
    if (h != lit_now) {
      out += h ? on : off;
      lit_now = h;
    }
    utf8::append(out, static_cast<char32_t>(cp));
    return j;
  };
  auto is_mark = [](UChar32 cp) {
    const auto t = u_charType(cp);
    return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
  };
  for (int32_t r = 0; r < runs; ++r) {
    int32_t start = 0;
    int32_t length = 0;
    const UBiDiDirection dir = ubidi_getVisualRun(bidi.get(), r, &start, &length);
    const int32_t stop = start + length;
    if (dir == UBIDI_LTR) {
      for (int32_t i = start; i < stop;) i = emit(i, false);
      continue;
    }
    // Right-to-left run: clusters (a base and its marks) from last to first, each in logical order
    // so that a terminal attaches the marks to the right letter.
    int32_t end = stop;
    while (end > start) {
      int32_t b = end;
      UChar32 cp;
      U16_PREV(shaped.data(), start, b, cp);
      while (is_mark(cp) && b > start) U16_PREV(shaped.data(), start, b, cp);  // back to the base
      for (int32_t i = b; i < end;) i = emit(i, true);
      end = b;
    }
  }
  if (lit_now) out += off;
  return out;
}

void print_results(const SearchResults& r, const RenderOptions& opt, std::ostream& out) {
  const Styles st{opt.color};
  for (const auto& w : r.warnings) out << st.on(kWarn) << "warning: " << terminal_safe(w) << st.off() << '\n';
  if (!r.did_you_mean.empty()) {
    out << "Did you mean: " << st.on(kBold) << terminal_safe(r.did_you_mean) << st.off() << '\n';
  }
  if (opt.explain) {
    out << "parsed query: " << terminal_safe(r.parsed_query) << '\n';
    if (!r.xapian_query.empty()) out << "xapian query: " << terminal_safe(r.xapian_query) << '\n';
  }
  if (r.hits.empty()) {
    out << (r.total_estimate == 0
                ? "No results.\n"
                : fmt::format("No results on this page (about {} in all).\n", r.total_estimate));
  } else {
    out << fmt::format("Results {}–{} of about {}\n", r.hits.front().rank, r.hits.back().rank,
                       r.total_estimate);
  }
  for (const auto& h : r.hits) {
    out << '\n';
    const std::string num = fmt::format("{:>3}. ", h.rank);
    out << num;
    std::string bold_on(st.on(kBold));
    // The title: bold, query words in the match colour (then back to bold).
    std::string match_on = opt.color ? std::string(kMatch) : "";
    std::string match_off = opt.color ? std::string(kReset) + bold_on : "";
    out << bold_on;
    if (opt.visual) {
      out << visual_line(h.title, h.title_highlights, match_on, match_off);
    } else {
      out << marked(h.title, h.title_highlights, match_on, match_off);
    }
    out << st.off() << '\n';
    std::string meta = h.source;
    for (const auto* part : {&h.date, &h.category, &h.id}) {
      if (part->empty()) continue;
      if (!meta.empty()) meta += " · ";
      meta += *part;
    }
    if (h.collapsed > 0) meta += fmt::format(" · +{} similar", h.collapsed);
    meta += fmt::format(" · score {:.3f}", h.score);
    out << "     " << st.on(kDim) << terminal_safe(meta) << st.off() << '\n';
    if (!h.snippet.text.empty()) {
      print_block(out, "     ", h.snippet.text, h.snippet.highlights, st.on(kMatch), st.off(), opt);
    }
    if (!h.url.empty()) out << "     " << st.on(kDim) << terminal_safe(h.url) << st.off() << '\n';
    if (opt.explain) {
      for (const auto& t : h.explanation) {
        out << fmt::format("       {:<24} wdf {:>3}  weight {:.3f}\n", terminal_safe(t.term), t.wdf,
                           t.weight);
      }
    }
  }
  if (r.has_facets) {
    out << '\n';
    auto facet = [&](const char* name, const std::vector<FacetValue>& values) {
      out << st.on(kBold) << name << st.off() << ':';
      for (const auto& v : values) out << "  " << terminal_safe(v.value) << " (" << v.count << ')';
      out << '\n';
    };
    facet("source", r.facets.source);
    facet("category", r.facets.category);
    facet("year", r.facets.year);
    facet("month", r.facets.month);
  }
}

}  // namespace bahth::cli
