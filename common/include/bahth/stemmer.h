// bahth — stemmers for normalized Arabic words.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bahth {

/// Stems one normalized Arabic word (the output of Normalizer). Implementations are pure
/// functions of their input: immutable and safe to call from many threads.
class Stemmer {
 public:
  virtual ~Stemmer() = default;
  /// Returns the stem of a normalized word (never empty for a non-empty word).
  virtual std::string stem(std::string_view normalized) const = 0;
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
  std::string_view name() const noexcept override { return name_; }

 private:
  std::string name_;
  std::span<const AffixRule> rules_;
  std::unordered_map<std::string, std::string> exclusions_;
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
