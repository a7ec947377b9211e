// bahth — the analyzer's view of a text, for users and applications (like Elasticsearch's
// _analyze): what each word becomes in the index.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bahth {

/// One word of an analyzed text.
struct AnalyzedToken {
  std::string surface;      ///< the word as it appears in the text
  std::size_t begin = 0;    ///< byte offset of the word in the text
  std::size_t end = 0;      ///< byte offset just past the word
  std::uint32_t position = 0;
  std::string normalized;   ///< folded form: the exact-form term
  std::string stem;         ///< light stem: the term that plain words match on
  bool stopword = false;    ///< ignored in queries (still indexed)
};

struct Analysis {
  std::string analyzer;  ///< analyzer id, e.g. "bahth-ar/2"
  std::vector<AnalyzedToken> tokens;
};

/// Analyzes text with bahth's analyzer. stemmer selects a variant: "bahth" (the default),
/// "light10", "snowball" or "none".
/// Throws bahth::InputError for an unknown stemmer name. Thread-safe.
Analysis analyze_text(std::string_view text, std::string_view stemmer = "bahth");

/// The stable JSON form: {"analyzer": ID, "tokens": [{"surface", "begin", "end", "position",
/// "normalized", "stem", "stopword"}, …]}.
std::string to_json(const Analysis& analysis);

}  // namespace bahth
