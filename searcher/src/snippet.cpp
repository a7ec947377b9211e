// SPDX-License-Identifier: GPL-2.0-or-later
#include "snippet.h"

#include <algorithm>
#include <unordered_map>

#include "bahth/utf8.h"

namespace bahth::detail {

namespace {

constexpr std::string_view kEllipsis = "…";

bool is_space_cp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000 || cp == 0x85;
}
// Shown as a space: whitespace and control characters.
bool blank(char32_t cp) {
  return is_space_cp(cp) || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

// A word of the text: byte range, code point range, and the query item it matches (-1: none).
struct Tk {
  std::size_t begin;
  std::size_t end;
  std::size_t cp_begin;
  std::size_t cp_end;
  int item;
};

class CpCounter {
 public:
  explicit CpCounter(std::string_view s) : s_(s) {}
  // Code points before byte offset pos (pos must not decrease between calls).
  std::size_t at(std::size_t pos) {
    for (; byte_ < pos && byte_ < s_.size(); ++byte_) {
      if ((static_cast<unsigned char>(s_[byte_]) & 0xC0) != 0x80) ++cp_;
    }
    return cp_;
  }

 private:
  std::string_view s_;
  std::size_t byte_ = 0;
  std::size_t cp_ = 0;
};

std::vector<Tk> mark(std::string_view text, const Analyzer& analyzer, const HighlightTerms& terms) {
  std::vector<Tk> out;
  CpCounter cps(text);
  analyzer.for_each_token(text, [&](const Token& t) {
    int item = -1;
    if (!terms.stems.empty()) {
      if (auto it = terms.stems.find(t.stem); it != terms.stems.end()) item = it->second;
    }
    if (item < 0 && !terms.exacts.empty()) {
      if (auto it = terms.exacts.find(t.normalized); it != terms.exacts.end()) item = it->second;
    }
    const std::size_t cb = cps.at(t.begin);
    const std::size_t ce = cps.at(t.end);
    out.push_back(Tk{t.begin, t.end, cb, ce, item});
  });
  return out;
}

// Appends text[begin, end) cleaned to out; ranges (sorted, within [begin, end]) are mapped to
// offsets in out and appended to hl. Runs of blanks become one space (none at the start of out).
void append_clean(std::string& out, std::string_view text, std::size_t begin, std::size_t end,
                  const std::vector<Highlight>& ranges, std::vector<Highlight>& hl) {
  std::size_t r = 0;
  bool open = false;
  Highlight cur;
  bool pending_space = false;
  auto flush = [&](std::size_t i) {
    // Range boundaries at byte i (ends first, then begins).
    if (open && ranges[r].end <= i) {
      cur.end = out.size();
      if (cur.end > cur.begin) hl.push_back(cur);
      open = false;
      ++r;
    }
    if (!open && r < ranges.size() && ranges[r].begin <= i) {
      if (pending_space && !out.empty()) {
        out.push_back(' ');
        pending_space = false;
      }
      cur.begin = out.size();
      open = true;
    }
  };
  for (std::size_t i = begin; i < end;) {
    flush(i);
    const std::size_t start = i;
    const char32_t cp = utf8::decode(text, i);
    if (cp == utf8::kInvalid) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      utf8::append(out, 0xFFFD);
    } else if (blank(cp)) {
      pending_space = true;
    } else {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(text.substr(start, i - start));
    }
  }
  flush(end);
  if (open) {
    cur.end = out.size();
    if (cur.end > cur.begin) hl.push_back(cur);
  }
}

std::size_t prev_cp_start(std::string_view s, std::size_t pos) {
  return utf8::floor_boundary(s, pos - 1);
}

bool has_text(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = utf8::decode(s, i);
    if (cp == utf8::kInvalid || !blank(cp)) return true;
  }
  return false;
}

struct Window {
  std::size_t first;  // token indices, inclusive
  std::size_t last;
};

struct Scored {
  bool found = false;
  std::size_t a = 0;  // indices into matches
  std::size_t b = 0;
  int distinct = 0;
  int fresh = 0;  // items not already shown by another window
  std::size_t count = 0;
};

// Best window of at most budget code points that starts and ends on a match.
Scored best_window(const std::vector<Tk>& toks, const std::vector<std::size_t>& m, std::size_t budget,
                   const std::vector<bool>* shown, const Window* avoid) {
  Scored best;
  std::unordered_map<int, int> counts;
  int distinct = 0;
  int fresh = 0;
  std::size_t b = 0;  // one past the last match in the window
  for (std::size_t a = 0; a < m.size(); ++a) {
    if (b < a) b = a;
    while (b < m.size() && toks[m[b]].cp_end - toks[m[a]].cp_begin <= budget) {
      const int it = toks[m[b]].item;
      if (counts[it]++ == 0) {
        ++distinct;
        if (shown && !(*shown)[static_cast<std::size_t>(it)]) ++fresh;
      }
      ++b;
    }
    if (b == a) {  // a single word longer than the budget: take it alone
      b = a + 1;
      const int it = toks[m[a]].item;
      if (counts[it]++ == 0) {
        ++distinct;
        if (shown && !(*shown)[static_cast<std::size_t>(it)]) ++fresh;
      }
    }
    const bool overlaps = avoid && !(m[b - 1] < avoid->first || m[a] > avoid->last);
    if (!overlaps) {
      const std::size_t count = b - a;
      const bool better = !best.found || fresh > best.fresh ||
                          (fresh == best.fresh &&
                           (distinct > best.distinct || (distinct == best.distinct && count > best.count)));
      if (better) best = Scored{true, a, b - 1, distinct, fresh, count};
    }
    const int it = toks[m[a]].item;
    if (--counts[it] == 0) {
      --distinct;
      if (shown && !(*shown)[static_cast<std::size_t>(it)]) --fresh;
    }
  }
  return best;
}

// Widens [first, last] with context up to budget code points: about a third before.
Window widen(const std::vector<Tk>& toks, Window w, std::size_t budget) {
  const std::size_t span = toks[w.last].cp_end - toks[w.first].cp_begin;
  if (span >= budget) return w;
  const std::size_t rem = budget - span;
  const std::size_t start_cp = toks[w.first].cp_begin;
  const std::size_t before_limit = start_cp >= rem / 3 ? start_cp - rem / 3 : 0;
  while (w.first > 0 && toks[w.first - 1].cp_begin >= before_limit) --w.first;
  while (w.last + 1 < toks.size() && toks[w.last + 1].cp_end - toks[w.first].cp_begin <= budget) ++w.last;
  while (w.first > 0 && toks[w.last].cp_end - toks[w.first - 1].cp_begin <= budget) --w.first;
  return w;
}

}  // namespace

std::string clean_text(std::string_view text) {
  std::string out;
  std::vector<Highlight> none;
  append_clean(out, text, 0, text.size(), {}, none);
  return out;
}

Snippet highlight_all(std::string_view text, const Analyzer& analyzer, const HighlightTerms& terms) {
  Snippet out;
  std::vector<Highlight> ranges;
  if (!terms.empty()) {
    for (const auto& t : mark(text, analyzer, terms)) {
      if (t.item >= 0) ranges.push_back({t.begin, t.end});
    }
  }
  append_clean(out.text, text, 0, text.size(), ranges, out.highlights);
  return out;
}

Snippet make_snippet(std::string_view body, const Analyzer& analyzer, const HighlightTerms& terms,
                     const SnippetOptions& options) {
  Snippet out;
  if (body.size() > kMaxSnippetScanBytes)
    body = body.substr(0, utf8::floor_boundary(body, kMaxSnippetScanBytes));
  const HighlightTerms none;
  const std::vector<Tk> toks = mark(body, analyzer, terms.empty() ? none : terms);
  if (toks.empty()) {
    out.text =
        clean_text(body.substr(0, utf8::floor_boundary(body, std::min(body.size(), options.max_chars * 4))));
    return out;
  }
  const std::size_t budget = std::max<std::size_t>(options.max_chars, 20);
  std::vector<std::size_t> matches;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    if (toks[i].item >= 0) matches.push_back(i);
  }

  std::vector<Window> windows;
  if (matches.empty()) {
    windows.push_back(widen(toks, Window{0, 0}, budget));
  } else {
    const Scored one = best_window(toks, matches, budget, nullptr, nullptr);
    std::vector<bool> present(static_cast<std::size_t>(std::max(terms.items, 1)), false);
    int total = 0;
    for (std::size_t i : matches) {
      auto idx = static_cast<std::size_t>(toks[i].item);
      if (idx < present.size() && !present[idx]) {
        present[idx] = true;
        ++total;
      }
    }
    bool two = false;
    if (options.max_windows > 1 && one.distinct < total) {
      const std::size_t half = budget / 2;
      const Scored first = best_window(toks, matches, half, nullptr, nullptr);
      std::vector<bool> shown(present.size(), false);
      for (std::size_t k = first.a; k <= first.b; ++k)
        shown[static_cast<std::size_t>(toks[matches[k]].item)] = true;
      Window w1{matches[first.a], matches[first.b]};
      w1 = widen(toks, w1, half);
      const Scored second = best_window(toks, matches, half, &shown, &w1);
      if (second.found && second.fresh > 0) {
        Window w2 = widen(toks, Window{matches[second.a], matches[second.b]}, half);
        // Keep the two passages apart and in text order.
        if (w2.first < w1.first) std::swap(w1, w2);
        if (w2.first <= w1.last + 1) {
          w2.first = std::min(w1.last + 1, w2.last);
        }
        if (w2.first > w1.last) {
          windows = {w1, w2};
          two = true;
        }
      }
    }
    if (!two) windows.push_back(widen(toks, Window{matches[one.a], matches[one.b]}, budget));
  }

  for (std::size_t k = 0; k < windows.size(); ++k) {
    const Window& w = windows[k];
    // Byte boundaries: stretch to the surrounding whitespace to keep punctuation such as « » ،
    // with its word, but never into the neighbouring word.
    std::size_t begin = toks[w.first].begin;
    const std::size_t floor = w.first > 0 ? toks[w.first - 1].end : 0;
    while (begin > floor) {
      const std::size_t p = prev_cp_start(body, begin);
      std::size_t q = p;
      const char32_t cp = utf8::decode(body, q);
      if (cp != utf8::kInvalid && blank(cp)) break;
      begin = p;
    }
    std::size_t end = toks[w.last].end;
    const std::size_t ceil = w.last + 1 < toks.size() ? toks[w.last + 1].begin : body.size();
    while (end < ceil) {
      std::size_t q = end;
      const char32_t cp = utf8::decode(body, q);
      if (cp != utf8::kInvalid && blank(cp)) break;
      end = q;
    }
    const bool cut_before = has_text(body.substr(0, begin));
    const bool cut_after = has_text(body.substr(end));
    if (cut_before && (k == 0 || !out.text.ends_with(kEllipsis))) {
      if (!out.text.empty()) out.text += ' ';
      out.text += kEllipsis;
      out.text += ' ';
    } else if (k > 0) {
      out.text += ' ';
    }
    std::vector<Highlight> ranges;
    for (std::size_t i = w.first; i <= w.last; ++i) {
      if (toks[i].item >= 0) ranges.push_back({toks[i].begin, toks[i].end});
    }
    std::string piece;
    std::vector<Highlight> hl;
    append_clean(piece, body, begin, end, ranges, hl);
    const std::size_t base = out.text.size();
    out.text += piece;
    for (auto h : hl) out.highlights.push_back({h.begin + base, h.end + base});
    if (cut_after) {
      out.text += ' ';
      out.text += kEllipsis;
    }
  }
  return out;
}

}  // namespace bahth::detail
