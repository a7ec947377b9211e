// bahth — stemmers for normalized Arabic words.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bahth {

/// Stems one normalized Arabic word (the output of Normalizer). Implementations are pure
/// functions of their input: immutable and safe to call from many threads.
class Stemmer {
 public:
  virtual ~Stemmer() = default;
  /// Returns the stem of a normalized word (never empty for a non-empty word).
  virtual std::string stem(std::string_view normalized) const = 0;
  /// Same as stem(), replacing the contents of out (so a caller on a hot path can reuse its
  /// capacity). normalized must not view out's own characters.
  virtual void stem_into(std::string_view normalized, std::string& out) const {
    out = stem(normalized);
  }
  /// A short name, part of the analyzer id ("light10", "bahth", "snowball", "none").
  virtual std::string_view name() const noexcept = 0;
};

/// One affix-stripping rule: a row of a stemmer's table.
struct AffixRule {
  enum class Side { kPrefix, kSuffix };
  Side side;
  std::string_view affix;     ///< normalized form (ة is already ه, ى is already ي)
  int min_remaining;          ///< letters that must remain after stripping
  int stage;                  ///< rules run stage by stage; see LightStemmer
};

/// A table-driven light stemmer in the family of Larkey et al.'s light10. Rules run in stages
/// (ascending `stage`): in a prefix stage the first rule that matches strips and the stage ends;
/// in a suffix stage every rule that matches, in table order, strips in turn. A word in the
/// exclusion table (normalized names and loanwords) gets the stem the table gives instead.
class LightStemmer : public Stemmer {
 public:
  LightStemmer(std::string name, std::span<const AffixRule> rules,
               std::unordered_map<std::string, std::string> exclusions = {});
  std::string stem(std::string_view normalized) const override;
  void stem_into(std::string_view normalized, std::string& out) const override;
  std::string_view name() const noexcept override { return name_; }

 private:
  // The stem as a view into word or into excluded_stems_.
  std::string_view stem_view(std::string_view word) const;

  std::string name_;
  std::span<const AffixRule> rules_;
  // rules_ compiled for the hot loop: each affix's bytes packed little-endian into an integer
  // (affixes of up to 8 bytes), so matching is one comparison of machine words.
  struct CompiledRule {
    std::uint64_t bytes = 0;
    std::uint64_t mask = 0;
    std::size_t size = 0;     // affix bytes
    std::size_t letters = 0;  // affix code points
    std::size_t needed = 0;   // letters + min_remaining: the shortest word it applies to
    int stage = 0;
    bool prefix = false;
    bool packed = false;  // false: compare rules_[i].affix byte by byte
  };
  std::vector<CompiledRule> compiled_;
  std::vector<std::string> excluded_words_;  // exclusion table: word → stem, as two columns
  std::vector<std::string> excluded_stems_;
  std::vector<std::uint32_t> exclusion_index_;  // hash index into excluded_words_
};

/// The light10 rule table exactly as published (in normalized letters).
std::span<const AffixRule> light10_rules();
/// bahth's default table: light10 plus the rows the relevance evaluation kept (docs/relevance.md).
std::span<const AffixRule> bahth_rules();
/// Normalized words bahth's default stemmer does not strip, with the stem each gets.
std::unordered_map<std::string, std::string> bahth_exclusions();

enum class StemmerKind { kBahth, kLight10, kSnowball, kNone };

/// Creates a stemmer. kSnowball wraps Xapian's Stem("arabic") (one instance per thread).
std::unique_ptr<Stemmer> make_stemmer(StemmerKind kind);

/// Parses "bahth", "light10", "snowball" or "none"; throws InputError otherwise.
StemmerKind parse_stemmer_kind(std::string_view name);

}  // namespace bahth
