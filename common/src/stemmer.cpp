// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/stemmer.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "bahth/error.h"
#include "string_index.h"

namespace bahth {
namespace {

using Side = AffixRule::Side;

// Larkey, Ballesteros & Connell (2002/2007), "light10": strip و when 3 letters remain, then one
// definite article when 2 remain, then each suffix in turn when 2 remain. ة and ى do not exist
// after normalization, so ية/ة collapse into يه/ه. (The suffixes are stage 3: stage 2 is bahth's.)
constexpr std::array kLight10Prefixes = {
    AffixRule{Side::kPrefix, "و", 3, 0},    //
    AffixRule{Side::kPrefix, "ال", 2, 1},   //
    AffixRule{Side::kPrefix, "وال", 2, 1},  //
    AffixRule{Side::kPrefix, "بال", 2, 1},  //
    AffixRule{Side::kPrefix, "كال", 2, 1},  //
    AffixRule{Side::kPrefix, "فال", 2, 1},  //
    AffixRule{Side::kPrefix, "لل", 2, 1},   //
};
constexpr std::array kLight10Suffixes = {
    AffixRule{Side::kSuffix, "ها", 2, 3},  //
    AffixRule{Side::kSuffix, "ان", 2, 3},  //
    AffixRule{Side::kSuffix, "ات", 2, 3},  //
    AffixRule{Side::kSuffix, "ون", 2, 3},  //
    AffixRule{Side::kSuffix, "ين", 2, 3},  //
    AffixRule{Side::kSuffix, "يه", 2, 3},  //
    AffixRule{Side::kSuffix, "ه", 2, 3},   //
    AffixRule{Side::kSuffix, "ي", 2, 3},   //
};

// bahth's default starts as light10; rows are added here only when docs/relevance.md shows they
// help on both evaluation sets.
//
// Stage 2 (before light10's suffixes): the possessive and object pronouns that follow a feminine
// or plural ending. Before a pronoun, ة is written ت (حكومة → حكومتهم) and the plural keeps ات
// (قرارات → قراراتهم); light10 strips at most the ه of such words (حكومته → حكومت, قراراته →
// قرارات, and حكومتهم not at all), so they never meet their own stem. Both need 3 letters left:
// a stem ending in ت stays whole (بيته, صوتها), and after a 2-letter remainder ات is اة
// (حياته → حيا, as حياة; not حي). The plural pronouns هم هما هن نا, which light10 never strips,
// go after any stem of at least 4 letters (بلادهم, شعوبنا); shorter words ending so are mostly
// whole words (مهم, تفاهم, راهن, اننا).
constexpr std::array kPronouns = {
    AffixRule{Side::kSuffix, "اتهما", 3, 2},  //
    AffixRule{Side::kSuffix, "اتهم", 3, 2},   //
    AffixRule{Side::kSuffix, "اتهن", 3, 2},   //
    AffixRule{Side::kSuffix, "اتها", 3, 2},   //
    AffixRule{Side::kSuffix, "اتنا", 3, 2},   //
    AffixRule{Side::kSuffix, "اته", 3, 2},    //
    AffixRule{Side::kSuffix, "تهما", 3, 2},   //
    AffixRule{Side::kSuffix, "تهم", 3, 2},    //
    AffixRule{Side::kSuffix, "تهن", 3, 2},    //
    AffixRule{Side::kSuffix, "تها", 3, 2},    //
    AffixRule{Side::kSuffix, "تنا", 3, 2},    //
    AffixRule{Side::kSuffix, "ته", 3, 2},     //
    AffixRule{Side::kSuffix, "هما", 4, 2},    //
    AffixRule{Side::kSuffix, "هم", 4, 2},     //
    AffixRule{Side::kSuffix, "هن", 4, 2},     //
    AffixRule{Side::kSuffix, "نا", 4, 2},     //
};

// The tables end to end, as one array.
template <std::size_t... N>
constexpr auto concat(const std::array<AffixRule, N>&... tables) {
  std::array<AffixRule, (N + ...)> out{};
  std::size_t i = 0;
  ((std::copy(tables.begin(), tables.end(), out.begin() + i), i += N), ...);
  return out;
}

constexpr auto kLight10 = concat(kLight10Prefixes, kLight10Suffixes);
constexpr auto kBahth = concat(kLight10Prefixes, kPronouns, kLight10Suffixes);

// Letters (code points, for valid UTF-8): the bytes that are not continuation bytes.
std::size_t letters(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

// The first (prefix) or last (suffix) min(8, size) bytes of word, little-endian: for a suffix
// the last byte of the word lands in the top byte.
std::uint64_t head_bytes(std::string_view word) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, word.data(), std::min<std::size_t>(8, word.size()));
  return v;
}

std::uint64_t tail_bytes(std::string_view word) noexcept {
  unsigned char buf[8] = {};
  const std::size_t n = std::min<std::size_t>(8, word.size());
  std::memcpy(buf + 8 - n, word.data() + word.size() - n, n);
  std::uint64_t v = 0;
  std::memcpy(&v, buf, 8);
  return v;
}

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
  void stem_into(std::string_view normalized, std::string& out) const override {
    out.assign(normalized);
  }
  std::string_view name() const noexcept override { return "none"; }
};

}  // namespace

LightStemmer::LightStemmer(std::string name, std::span<const AffixRule> rules,
                           std::unordered_map<std::string, std::string> exclusions)
    : name_(std::move(name)), rules_(rules) {
  static_assert(std::endian::native == std::endian::little, "packed affixes assume little-endian");
  compiled_.reserve(rules_.size());
  for (const AffixRule& r : rules_) {
    CompiledRule c;
    c.size = r.affix.size();
    c.letters = letters(r.affix);
    c.needed = c.letters + static_cast<std::size_t>(std::max(r.min_remaining, 0));
    c.stage = r.stage;
    c.prefix = r.side == Side::kPrefix;
    c.packed = c.size > 0 && c.size <= 8;
    if (c.packed) {
      std::memcpy(&c.bytes, r.affix.data(), c.size);
      c.mask = c.size == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * c.size)) - 1;
    }
    compiled_.push_back(c);
  }
  for (auto& [word, stem] : exclusions) {
    excluded_words_.push_back(word);
    excluded_stems_.push_back(stem);
  }
  exclusion_index_ = detail::build_index(excluded_words_);
}

std::string_view LightStemmer::stem_view(std::string_view word) const {
  if (!excluded_words_.empty()) {
    const std::size_t e = detail::find_in_index(exclusion_index_, excluded_words_, word);
    if (e != excluded_words_.size()) return excluded_stems_[e];
  }
  std::size_t len = letters(word);
  std::uint64_t head = head_bytes(word);
  std::uint64_t tail = tail_bytes(word);
  const std::size_t n = compiled_.size();
  std::size_t i = 0;
  while (i < n) {
    const int stage = compiled_[i].stage;
    const bool prefix_stage = compiled_[i].prefix;
    for (; i < n && compiled_[i].stage == stage; ++i) {
      const CompiledRule& c = compiled_[i];
      if (len < c.needed) continue;
      if (c.prefix) {
        if (c.packed ? (head & c.mask) != c.bytes : !word.starts_with(rules_[i].affix)) continue;
        word.remove_prefix(c.size);
      } else {
        if (c.packed ? (tail >> (64 - 8 * c.size)) != c.bytes : !word.ends_with(rules_[i].affix)) {
          continue;
        }
        word.remove_suffix(c.size);
      }
      len -= c.letters;
      head = head_bytes(word);
      tail = tail_bytes(word);
      if (prefix_stage) {
        while (i < n && compiled_[i].stage == stage) ++i;
        break;
      }
    }
  }
  return word;
}

std::string LightStemmer::stem(std::string_view word) const { return std::string(stem_view(word)); }

void LightStemmer::stem_into(std::string_view word, std::string& out) const {
  out.assign(stem_view(word));
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
