// bahth — one article → one Xapian document, following common/include/bahth/schema.h.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "bahth/analyzer.h"
#include "bahth/ingest.h"

namespace bahth {

struct MappingOptions {
  bool include_title = true;  ///< false: the title is stored but not indexed
  bool spelling = false;      ///< collect normalized Arabic words for the spelling table
};

/// Number of leading body stems (stopwords excluded) hashed into the lead key (value slot
/// schema::kSlotLeadKey).
inline constexpr std::size_t kLeadKeyStems = 30;

/// A document ready to be written, built without any database (so analysis threads can make
/// it while one thread writes).
struct MappedArticle {
  std::string id;
  std::string id_term;       ///< "Q" + id
  std::string content_hash;  ///< 8 bytes (hash_key()), also in value slot schema::kSlotContentHash
  Xapian::Document document;
  /// Distinct normalized Arabic words with their counts (only with MappingOptions::spelling).
  std::vector<std::pair<std::string, std::uint32_t>> spelling_words;
};

/// Builds the document for article:
///  - title words at positions 1, 2, … of the S terms, body words at positions 2, 3, … of the
///    stems (schema::kBodyFirstPosition; the two never meet in one phrase);
///  - every word's stem, unprefixed (title occurrences with wdf schema::kTitleWdf and no
///    position, body ones with their positions, the lead's and lede's weighted up); title stems
///    also as "S"+stem with positions; normalized surface forms as "E"+form without positions;
///    stopwords are kept;
///  - "Q"+id; XS/XC + the normalized source/category; Y/M/D date terms;
///  - value slots: date, source, category, year-month, content hash, lead key, and the record
///    (Article::record, the original record as compact JSON, encoded by encode_record());
///  - no document data.
MappedArticle map_article(const Analyzer& analyzer, const Article& article, const MappingOptions& options);

/// The content hash of an article as map_article() computes it (8 bytes, hash_key()): a
/// 64-bit hash of the stored record and of the mapping options, so an article is re-indexed
/// when either changes.
std::string content_hash(const Article& article, const MappingOptions& options);

/// The boolean filter term for a source or category value: prefix + the value normalized by
/// the analyzer's Normalizer (NFKC case-folded, Arabic letters folded), cut to fit a Xapian term.
/// The searcher must build its filter terms with this same function.
std::string filter_term(const Analyzer& analyzer, std::string_view prefix, std::string_view value);

/// A 64-bit hash (FNV-1a, then a final avalanche mix; stable across runs and machines).
std::uint64_t hash64(std::string_view data, std::uint64_t seed = 0) noexcept;
/// A hash as a value-slot key: its 8 bytes, most significant first.
std::string hash_key(std::uint64_t value);

}  // namespace bahth
