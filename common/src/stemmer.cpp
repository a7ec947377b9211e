// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/stemmer.h"

#include <xapian.h>

#include <array>

#include "bahth/error.h"
#include "bahth/utf8.h"

namespace bahth {
namespace {

using Side = AffixRule::Side;

// Larkey, Ballesteros & Connell (2002/2007), "light10": strip و when 3 letters remain, then one
// definite article when 2 remain, then each suffix in turn when 2 remain. ة and ى do not exist
// after normalization, so ية/ة collapse into يه/ه.
constexpr std::array kLight10 = {
    AffixRule{Side::kPrefix, "و", 3, 0},   //
    AffixRule{Side::kPrefix, "ال", 2, 1},  //
    AffixRule{Side::kPrefix, "وال", 2, 1},  //
    AffixRule{Side::kPrefix, "بال", 2, 1},  //
    AffixRule{Side::kPrefix, "كال", 2, 1},  //
    AffixRule{Side::kPrefix, "فال", 2, 1},  //
    AffixRule{Side::kPrefix, "لل", 2, 1},   //
    AffixRule{Side::kSuffix, "ها", 2, 2},   //
    AffixRule{Side::kSuffix, "ان", 2, 2},   //
    AffixRule{Side::kSuffix, "ات", 2, 2},   //
    AffixRule{Side::kSuffix, "ون", 2, 2},   //
    AffixRule{Side::kSuffix, "ين", 2, 2},   //
    AffixRule{Side::kSuffix, "يه", 2, 2},   //
    AffixRule{Side::kSuffix, "ه", 2, 2},    //
    AffixRule{Side::kSuffix, "ي", 2, 2},    //
};

// bahth's default starts as light10; rows are added here only when docs/relevance.md shows they
// help on both evaluation sets.
constexpr std::array kBahth = kLight10;

std::size_t letters(std::string_view s) noexcept { return utf8::length(s); }

class SnowballStemmer : public Stemmer {
 public:
  std::string stem(std::string_view normalized) const override {
    thread_local Xapian::Stem stemmer("arabic");
    try {
      return stemmer(std::string(normalized));
    } catch (const Xapian::Error& e) {
      throw Error("Snowball stemmer failed: " + e.get_description());
    }
  }
  std::string_view name() const noexcept override { return "snowball"; }
};

class NullStemmer : public Stemmer {
 public:
  std::string stem(std::string_view normalized) const override { return std::string(normalized); }
  std::string_view name() const noexcept override { return "none"; }
};

}  // namespace

LightStemmer::LightStemmer(std::string name, std::span<const AffixRule> rules,
                           std::unordered_map<std::string, std::string> exclusions)
    : name_(std::move(name)), rules_(rules), exclusions_(std::move(exclusions)) {}

std::string LightStemmer::stem(std::string_view word) const {
  if (!exclusions_.empty()) {
    if (auto it = exclusions_.find(std::string(word)); it != exclusions_.end()) return it->second;
  }
  std::size_t len = letters(word);
  std::size_t i = 0;
  while (i < rules_.size()) {
    const int stage = rules_[i].stage;
    const bool prefix_stage = rules_[i].side == Side::kPrefix;
    for (; i < rules_.size() && rules_[i].stage == stage; ++i) {
      const AffixRule& r = rules_[i];
      const std::size_t alen = letters(r.affix);
      if (len < alen + static_cast<std::size_t>(r.min_remaining)) continue;
      if (r.side == Side::kPrefix ? word.starts_with(r.affix) : word.ends_with(r.affix)) {
        word = r.side == Side::kPrefix ? word.substr(r.affix.size())
                                       : word.substr(0, word.size() - r.affix.size());
        len -= alen;
        if (prefix_stage) {
          while (i < rules_.size() && rules_[i].stage == stage) ++i;
          break;
        }
      }
    }
  }
  return std::string(word);
}

std::span<const AffixRule> light10_rules() { return kLight10; }
std::span<const AffixRule> bahth_rules() { return kBahth; }

std::unordered_map<std::string, std::string> bahth_exclusions() {
  // Normalized forms. The divine name, which light10 turns into the preposition له.
  return {{"الله", "الله"}, {"لله", "الله"}, {"والله", "الله"}, {"بالله", "الله"}, {"ولله", "الله"}};
}

std::unique_ptr<Stemmer> make_stemmer(StemmerKind kind) {
  switch (kind) {
    case StemmerKind::kBahth:
      return std::make_unique<LightStemmer>("bahth", bahth_rules(), bahth_exclusions());
    case StemmerKind::kLight10:
      return std::make_unique<LightStemmer>("light10", light10_rules());
    case StemmerKind::kSnowball:
      return std::make_unique<SnowballStemmer>();
    case StemmerKind::kNone:
      return std::make_unique<NullStemmer>();
  }
  throw Error("unknown stemmer kind");
}

StemmerKind parse_stemmer_kind(std::string_view name) {
  if (name == "bahth") return StemmerKind::kBahth;
  if (name == "light10") return StemmerKind::kLight10;
  if (name == "snowball") return StemmerKind::kSnowball;
  if (name == "none") return StemmerKind::kNone;
  throw InputError("unknown stemmer '" + std::string(name) +
                   "' (expected bahth, light10, snowball or none)");
}

}  // namespace bahth
