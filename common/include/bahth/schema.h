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
/// (bare_forms_implied()); 6: the stored record is compressed with a built-in dictionary; 7: title
/// positions only on S terms, body positions from 2, hashes as 8 bytes; 8: the stored record in a
/// value slot (kSlotRecord) instead of the document data.
inline constexpr int kSchemaVersion = 8;

// ---- metadata keys -------------------------------------------------------------------------
inline constexpr std::string_view kMetaAnalyzer = "bahth.analyzer";  ///< Analyzer::id()
inline constexpr std::string_view kMetaSchema = "bahth.schema";      ///< kSchemaVersion
/// "1" while a fresh build that is to be compacted at its end has not got there (killed, or
/// stopped): the run that finishes it compacts the database as the fresh build would have, and
/// clears it. Absent (or empty) otherwise.
inline constexpr std::string_view kMetaUnfinished = "bahth.unfinished";

// ---- term prefixes -------------------------------------------------------------------------
// Stems of title and body together: no prefix. Title terms get extra wdf (kTitleWdf) here so that
// BM25 over the combined field weights the title up. Only body words give them positions (from
// kBodyFirstPosition): a title's positions are its S terms', so a phrase or NEAR in "title and
// body" is a match of the stems in the body or of the S terms in the title (the searcher asks for
// both).
inline constexpr std::string_view kPrefixStem = "";
/// Title stems alone, with positions from 1 (title: field search, and phrases in the title).
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
/// The body's first word is at position 2 of the stem terms, and position 1 stays unused: Xapian
/// 1.4's exact-phrase check (ExactPhrasePostList) takes a term without positions in a document —
/// here a stem found only in the title — to be at position 0, so a phrase "A B" would match an
/// article with A only in its title and B at position 1. (Title words: 1, 2, … of the S terms.)
inline constexpr unsigned kBodyFirstPosition = 2;

// ---- weights --------------------------------------------------------------------------------
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
/// 8 bytes: hash of the article's content, to skip unchanged articles on re-indexing.
inline constexpr unsigned kSlotContentHash = 4;
/// Near-duplicate key: a hash of the lead's first stems (8 bytes), for collapsing wire stories.
inline constexpr unsigned kSlotLeadKey = 5;
/// The stored record (bahth/record.h: encode_record()), every field of the article as given, from
/// which the searcher shows results and makes snippets. A value slot rather than the document data
/// because glass deflates every document's data when it is written and again when it is compacted,
/// and the record is already compressed: the document data stays empty.
inline constexpr unsigned kSlotRecord = 6;

}  // namespace bahth::schema
