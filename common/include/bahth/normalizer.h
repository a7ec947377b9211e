// bahth — per-token Arabic normalization.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace bahth {

/// Choices that change what the normalizer folds together. Each non-default choice is part of
/// the analyzer id, so an index records which one built it.
struct NormalizerOptions {
  bool fold_teh_marbuta = true;    ///< ة → ه
  bool fold_alef_maqsura = true;   ///< ى → ي
  bool fold_hamza_seats = false;   ///< ؤ → و, ئ → ي (off: they distinguish words)
};

/// A short stable description of non-default options ("" for the defaults), used in analyzer ids.
std::string describe(const NormalizerOptions& options);

/// Normalizes one token (a word found by the tokenizer), in this order:
///  1. NFKC with case folding (ICU's NFKC_Casefold): presentation forms and ligatures such as
///     lam-alef become plain letters, Latin is case-folded, default-ignorable code points (bidi
///     controls, ZWJ/ZWNJ, soft hyphen) disappear;
///  2. removes harakat U+064B–U+065F, superscript alef U+0670, Quranic marks U+06D6–U+06ED and
///     tatweel U+0640;
///  3. folds أ إ آ ٱ ٲ ٳ → ا, ى → ي, ة → ه, Persian/Urdu ک → ك, ی ے → ي, ۀ ہ → ه, Arabic-Indic
///     and extended digits → ASCII digits, ٫ → '.', and drops the thousands separators ٬ and ','.
/// Invalid UTF-8 bytes are dropped. The result is idempotent: normalize(normalize(x)) ==
/// normalize(x). A token with nothing to do (plain Arabic letters, lowercase ASCII) is copied
/// through a table lookup per character without calling ICU.
///
/// Thread-safety: immutable after construction; normalize() may be called from many threads.
class Normalizer {
 public:
  explicit Normalizer(NormalizerOptions options = {});

  /// Returns the normalized form of token (possibly empty).
  std::string normalize(std::string_view token) const;

  /// Same, writing into out (cleared first) to reuse its capacity on hot paths.
  void normalize_into(std::string_view token, std::string& out) const;

  const NormalizerOptions& options() const noexcept { return options_; }

 private:
  // The per-code-point fold for U+0000–U+07FF: kKeep leaves it, kDrop removes it, anything else
  // replaces it.
  static constexpr char32_t kKeep = 0xFFFFFFFE;
  static constexpr char32_t kDrop = 0xFFFFFFFD;
  // In fast_fold_ only: the code point may change under NFKC_Casefold, take the ICU path.
  static constexpr char32_t kIcu = 0xFFFFFFFC;
  char32_t fold(char32_t cp) const noexcept;
  void fold_into(std::string_view nfkc_text, std::string& out) const;
  void slow_path(std::string_view token, std::string& out) const;

  NormalizerOptions options_;
  std::array<char32_t, 0x800> low_fold_{};
  // low_fold_ with kIcu where needs_icu_ is set (except A–Z, which fold to a–z here directly):
  // one lookup per code point on the fast path for the Latin and Arabic ranges.
  std::array<char32_t, 0x800> fast_fold_{};
  // One bit per BMP code point: set where NFKC_Casefold may change the text (quick check != YES),
  // and for combining marks that folding keeps (NFKC may reorder them).
  std::array<std::uint64_t, 0x10000 / 64> needs_icu_{};
  const void* nfkc_cf_ = nullptr;  // const icu::Normalizer2*, owned by ICU
};

}  // namespace bahth
