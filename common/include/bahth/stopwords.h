// bahth — the Arabic stopword list, used at query time only.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bahth {

class Normalizer;

/// bahth's own list of Arabic function words (prepositions, pronouns, particles, auxiliaries,
/// and their common clitic forms such as وفي, ومن), plus a few English ones. The list is
/// normalized with the given normalizer when loaded, so membership is tested on normalized
/// forms. Words are never dropped from the index, so phrases that contain them still match.
///
/// Thread-safety: immutable after construction.
class Stopwords {
 public:
  explicit Stopwords(const Normalizer& normalizer);
  bool contains(std::string_view normalized) const;
  std::size_t size() const noexcept { return words_.size(); }

  /// The raw list as written in the source (unnormalized), one word per entry.
  static std::string_view raw_list() noexcept;

 private:
  std::vector<std::string> words_;    // normalized, unique
  std::vector<std::uint32_t> index_;  // open-addressing hash index into words_ (string_index.h)
  std::size_t max_bytes_ = 0;         // longest entry: longer words are not looked up at all
};

}  // namespace bahth
