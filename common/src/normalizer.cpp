// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "bahth/error.h"
#include "bahth/utf8.h"

namespace bahth {
namespace {

const icu::Normalizer2* nfkc_casefold() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || n == nullptr) {
    throw Error(std::string("ICU NFKC_Casefold normalizer unavailable: ") + u_errorName(status));
  }
  return n;
}

bool is_format_control(char32_t cp) noexcept {
  return cp == 0x00AD || cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

}  // namespace

Normalizer::Normalizer(NormalizerOptions options) : options_(options) {
  const icu::Normalizer2* n = nfkc_casefold();
  nfkc_cf_ = n;
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    if (cp < 0x80 && !(cp >= 'A' && cp <= 'Z')) continue;  // ASCII other than capitals is inert
    icu::UnicodeString s(static_cast<UChar32>(cp));
    UErrorCode status = U_ZERO_ERROR;
    if (n->quickCheck(s, status) != UNORM_YES || U_FAILURE(status)) {
      needs_icu_[cp / 64] |= std::uint64_t{1} << (cp % 64);
    }
  }
  for (char32_t cp = 0; cp < low_fold_.size(); ++cp) low_fold_[cp] = kKeep;
  for (char32_t cp = 'A'; cp <= 'Z'; ++cp) low_fold_[cp] = cp + ('a' - 'A');
  low_fold_[','] = kDrop;  // thousands separator (the tokenizer keeps it only between digits)
  for (char32_t cp = 0x064B; cp <= 0x065F; ++cp) low_fold_[cp] = kDrop;  // harakat, hamza marks
  low_fold_[0x0670] = kDrop;                                           // superscript alef
  for (char32_t cp = 0x06D6; cp <= 0x06ED; ++cp) low_fold_[cp] = kDrop;  // Quranic marks
  low_fold_[0x0640] = kDrop;                                           // tatweel
  low_fold_[0x066C] = kDrop;                                           // ٬ thousands separator
  low_fold_[0x066B] = '.';                                             // ٫ decimal separator
  low_fold_[0x00AD] = kDrop;
  low_fold_[0x061C] = kDrop;
  for (char32_t cp : {0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673}) low_fold_[cp] = 0x0627;
  if (options_.fold_alef_maqsura) low_fold_[0x0649] = 0x064A;
  if (options_.fold_teh_marbuta) low_fold_[0x0629] = 0x0647;
  if (options_.fold_hamza_seats) {
    low_fold_[0x0624] = 0x0648;
    low_fold_[0x0626] = 0x064A;
  }
  low_fold_[0x06A9] = 0x0643;  // ک keheh → ك
  low_fold_[0x06AA] = 0x0643;
  low_fold_[0x06CC] = 0x064A;  // ی Farsi yeh → ي
  low_fold_[0x06D2] = 0x064A;  // ے yeh barree → ي
  low_fold_[0x06C0] = 0x0647;  // ۀ heh with yeh above → ه
  low_fold_[0x06C1] = 0x0647;  // ہ heh goal → ه
  low_fold_[0x06D5] = 0x0647;  // ە ae → ه
  for (char32_t d = 0; d < 10; ++d) {
    low_fold_[0x0660 + d] = '0' + d;
    low_fold_[0x06F0 + d] = '0' + d;
  }
  // Combining marks that survive folding also need ICU: NFKC puts a run of them in canonical
  // order (e.g. U+0316 U+0618 → U+0618 U+0316), which a per-code-point lookup cannot do. The
  // harakat and Quranic marks are dropped, so ordinary vocalized Arabic stays on the fast path.
  for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    if (u_getCombiningClass(static_cast<UChar32>(cp)) != 0 && fold(cp) == kKeep) {
      needs_icu_[cp / 64] |= std::uint64_t{1} << (cp % 64);
    }
  }
  for (char32_t cp = 0; cp < fast_fold_.size(); ++cp) {
    const bool icu = (needs_icu_[cp / 64] >> (cp % 64) & 1) != 0 && !(cp >= 'A' && cp <= 'Z');
    fast_fold_[cp] = icu ? kIcu : low_fold_[cp];
  }
}

std::string describe(const NormalizerOptions& options) {
  std::string d;
  if (!options.fold_teh_marbuta) d += "+keep-teh-marbuta";
  if (!options.fold_alef_maqsura) d += "+keep-alef-maqsura";
  if (options.fold_hamza_seats) d += "+fold-hamza-seats";
  return d;
}

char32_t Normalizer::fold(char32_t cp) const noexcept {
  if (cp < low_fold_.size()) return low_fold_[cp];
  if (is_format_control(cp)) return kDrop;
  return kKeep;
}

void Normalizer::fold_into(std::string_view text, std::string& out) const {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = utf8::decode(text, i);
    if (cp == utf8::kInvalid) continue;
    const char32_t f = fold(cp);
    if (f == kKeep) {
      out.append(text.data() + start, i - start);
    } else if (f != kDrop) {
      utf8::append(out, f);
    }
  }
}

void Normalizer::slow_path(std::string_view token, std::string& out) const {
  const auto* n = static_cast<const icu::Normalizer2*>(nfkc_cf_);
  // Drop invalid bytes first, as the fast path does: ICU would turn each into U+FFFD.
  std::string current;
  current.reserve(token.size());
  for (std::size_t i = 0; i < token.size();) {
    const std::size_t start = i;
    if (utf8::decode(token, i) != utf8::kInvalid) current.append(token.data() + start, i - start);
  }
  // NFKC_Casefold, then our folds; repeat in the rare case where removing a mark leaves text
  // that NFKC would still change (e.g. a base letter and a composing mark brought together).
  for (int round = 0; round < 4; ++round) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(current);
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString nf = n->normalize(u, status);
    std::string nfkc;
    if (U_FAILURE(status)) {
      nfkc = current;
    } else {
      nf.toUTF8String(nfkc);
    }
    out.clear();
    fold_into(nfkc, out);
    // Stable when nothing in out can change under NFKC_Casefold; ask ICU only when a code point
    // that might (a composing or reorderable mark, a supplementary character) is left.
    bool maybe_unstable = false;
    for (std::size_t i = 0; i < out.size() && !maybe_unstable;) {
      const char32_t cp = utf8::decode(out, i);
      maybe_unstable = cp >= 0x10000 || (needs_icu_[cp / 64] >> (cp % 64) & 1) != 0;
    }
    bool stable = true;
    if (maybe_unstable) {
      status = U_ZERO_ERROR;
      stable = n->isNormalized(icu::UnicodeString::fromUTF8(out), status) && U_SUCCESS(status);
    }
    if (stable) return;
    current = out;
  }
}

void Normalizer::normalize_into(std::string_view token, std::string& out) const {
  out.clear();
  // Fast path: one table lookup per code point; ICU only when a code point may change under
  // NFKC. Bytes that stay as they are accumulate in a run [run, start) copied in one append.
  const char* const data = token.data();
  std::size_t run = 0;
  for (std::size_t i = 0; i < token.size();) {
    const std::size_t start = i;
    const char32_t cp = utf8::decode(token, i);
    char32_t f;
    if (cp < fast_fold_.size()) {
      f = fast_fold_[cp];
      if (f == kKeep) continue;
      if (f == kIcu) {
        slow_path(token, out);
        return;
      }
    } else if (cp == utf8::kInvalid) {
      f = kDrop;
    } else if (cp >= 0x10000 || (needs_icu_[cp / 64] >> (cp % 64) & 1)) {
      slow_path(token, out);
      return;
    } else {
      continue;  // kept: above U+07FF only format controls fold, and they all need ICU
    }
    out.append(data + run, start - run);
    if (f != kDrop) utf8::append(out, f);
    run = i;
  }
  out.append(data + run, token.size() - run);
}

std::string Normalizer::normalize(std::string_view token) const {
  std::string out;
  normalize_into(token, out);
  return out;
}

}  // namespace bahth
