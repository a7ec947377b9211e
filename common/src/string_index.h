// bahth — a small read-only hash index over short strings (stopwords, stemmer exclusions), built
// once and probed once per token. Private to common/.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::detail {

/// A cheap hash for words: the first and last 8 bytes (they overlap for short words) and the
/// length. Collisions only cost a comparison.
inline std::uint64_t word_hash(std::string_view s) noexcept {
  const std::size_t n = s.size();
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  if (n >= 8) {
    std::memcpy(&a, s.data(), 8);
    std::memcpy(&b, s.data() + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    std::memcpy(&x, s.data(), 4);
    std::memcpy(&y, s.data() + n - 4, 4);
    a = x;
    b = y;
  } else if (n > 0) {
    a = static_cast<unsigned char>(s[0]) |
        static_cast<std::uint64_t>(static_cast<unsigned char>(s[n / 2])) << 8 |
        static_cast<std::uint64_t>(static_cast<unsigned char>(s[n - 1])) << 16;
  }
  std::uint64_t h = (a ^ std::rotl(b, 29) ^ (static_cast<std::uint64_t>(n) << 56)) * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 32;
  return h * 0xBF58476D1CE4E5B9ULL;
}

/// Open addressing over keys[0..n): slots hold index + 1 (0 is empty). Keys must be unique.
inline std::vector<std::uint32_t> build_index(const std::vector<std::string>& keys) {
  std::size_t capacity = 8;
  while (capacity < keys.size() * 4) capacity *= 2;  // at most a quarter full: short probes
  std::vector<std::uint32_t> slots(capacity, 0);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    std::size_t i = word_hash(keys[k]) & (capacity - 1);
    while (slots[i] != 0) i = (i + 1) & (capacity - 1);
    slots[i] = static_cast<std::uint32_t>(k + 1);
  }
  return slots;
}

/// The index of s in keys, or keys.size() if absent.
inline std::size_t find_in_index(const std::vector<std::uint32_t>& slots,
                                 const std::vector<std::string>& keys, std::string_view s) noexcept {
  if (slots.empty()) return keys.size();
  const std::size_t mask = slots.size() - 1;
  for (std::size_t i = word_hash(s) & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots[i];
    if (slot == 0) return keys.size();
    const std::string& key = keys[slot - 1];
    if (key.size() == s.size() && std::memcmp(key.data(), s.data(), s.size()) == 0) return slot - 1;
  }
}

}  // namespace bahth::detail
