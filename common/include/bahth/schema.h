// bahth — the index schema shared by the indexer and the searcher: term prefixes, value slots,
// metadata keys. Changing anything here that alters what is written means bumping kSchemaVersion.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string_view>

#include "bahth/stemmer.h"

namespace bahth::schema {

/// Version of the database layout below. Stored in the metadata next to the analyzer id.
/// 2: the lead of the body is weighted (kLeadWords); 3: its first sentence more (kLedeWords);
/// 4: the stored record is encoded (bahth/record.h); 5: E terms of bare forms only where needed
/// (bare_forms_implied()); 6: the stored record is compressed with a built-in dictionary.
inline constexpr int kSchemaVersion = 6;

// ---- metadata keys -------------------------------------------------------------------------
inline constexpr std::string_view kMetaAnalyzer = "bahth.analyzer";  ///< Analyzer::id()
inline constexpr std::string_view kMetaSchema = "bahth.schema";      ///< kSchemaVersion

// ---- term prefixes -------------------------------------------------------------------------
// Stems of title and body together: no prefix, with positions (phrases, proximity). Title terms
// also get extra wdf (kTitleWdf) here so that BM25 over the combined field weights the title up.
inline constexpr std::string_view kPrefixStem = "";
/// Title stems alone, with positions (title: field search).
inline constexpr std::string_view kPrefixTitle = "S";
/// Normalized surface forms (no stemming) of title and body, without positions: the exact-form
/// operator, the exact-form bonus and prefix (wildcard) search use these. Every affixed form (one
/// that is not its own stem) has one; a bare form (its own stem) only in a document that also holds
/// its stem in an affixed form, when bare_forms_implied(): elsewhere the stem term says it.
inline constexpr std::string_view kPrefixExact = "E";

/// True when a bare form's E term is left out where the stem term implies it (schema 5): for the
/// stemmers that cut a stem out of the word (bahth, light10, none), whose affixed forms the
/// searcher can find by the stem. Snowball rewrites letters: there every form keeps its E term.
inline bool bare_forms_implied(StemmerKind kind) noexcept { return kind != StemmerKind::kSnowball; }
/// Unique id of the article ("Q" + id, as given in the input).
inline constexpr std::string_view kPrefixId = "Q";
/// Boolean filters: source and category (normalized: NFKC-casefolded, as Normalizer does).
inline constexpr std::string_view kPrefixSource = "XS";
inline constexpr std::string_view kPrefixCategory = "XC";
/// Boolean date filters: Y2024, M202403, D20240323 (the date as written, local to the article).
inline constexpr std::string_view kPrefixYear = "Y";
inline constexpr std::string_view kPrefixMonth = "M";
inline constexpr std::string_view kPrefixDay = "D";

// ---- positions ------------------------------------------------------------------------------
/// Title words take positions from 1; body words start this far after the last title word, so
/// a phrase never matches across the title/body boundary.
inline constexpr unsigned kTitleBodyGap = 100;
/// wdf of each title occurrence in the combined (unprefixed) field; body occurrences count 1.
inline constexpr unsigned kTitleWdf = 3;
/// News is written as an inverted pyramid: the first sentences say what the story is about. The
/// first kLeadWords words of the body count kLeadWdf each in the combined field (chosen by the
/// relevance evaluation: +0.028 MRR@10 on known-item titles, neutral on ARCD; docs/relevance.md).
inline constexpr unsigned kLeadWords = 60;
inline constexpr unsigned kLeadWdf = 2;
/// The lede: the body's first sentence (up to the first . ! ? ؟ … or line break), at most
/// kLedeWords words, counts kLedeWdf per word instead of kLeadWdf (+0.012 MRR@10 on known-item
/// titles, -0.002 on ARCD, not significant; docs/relevance.md).
inline constexpr unsigned kLedeWords = 30;
inline constexpr unsigned kLedeWdf = 3;

// ---- value slots ----------------------------------------------------------------------------
/// "YYYYMMDDhhmmss" as written (no zone conversion): sortable as a string, range-filterable.
inline constexpr unsigned kSlotDate = 0;
/// Original source and category strings (facets).
inline constexpr unsigned kSlotSource = 1;
inline constexpr unsigned kSlotCategory = 2;
/// "YYYY-MM" (facets by month; the year is its first four bytes).
inline constexpr unsigned kSlotYearMonth = 3;
/// 16 hex digits: hash of the article's content, to skip unchanged articles on re-indexing.
inline constexpr unsigned kSlotContentHash = 4;
/// Near-duplicate key: a hash of the lead's first stems, for collapsing wire stories.
inline constexpr unsigned kSlotLeadKey = 5;

}  // namespace bahth::schema
