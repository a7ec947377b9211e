// bahth — snippets: the best passages of a text for a query, with whole-word highlights.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/searcher.h"
#include "query_builder.h"

namespace bahth::detail {

/// Only the first this many bytes of a body are searched for passages.
inline constexpr std::size_t kMaxSnippetScanBytes = 64 * 1024;

/// Builds the snippet of body for the query terms in terms:
///  - analyzes body with analyzer (the index's), marking each word whose stem is in terms.stems or
///    whose normalized form is in terms.exacts;
///  - picks the window of about options.max_chars code points with the most distinct query items,
///    then the most matches, then the earliest; when it misses items found elsewhere and
///    options.max_windows > 1, two half-size windows instead (the second for the missing items);
///  - widens the window with context and cuts only at whitespace or word boundaries, never inside
///    a code point or between a letter and its combining marks; "…" marks cut text;
///  - without matches, the beginning of the body.
/// The text is cleaned (see clean_text) and the highlights index into it.
Snippet make_snippet(std::string_view body, const Analyzer& analyzer, const HighlightTerms& terms,
                     const SnippetOptions& options);

/// The whole of a short text (a title), cleaned, with every matching word highlighted.
Snippet highlight_all(std::string_view text, const Analyzer& analyzer, const HighlightTerms& terms);

/// Display-safe copy: invalid UTF-8 → U+FFFD; control characters (C0, DEL, C1) and line/paragraph
/// separators → space; runs of whitespace → one space; trimmed.
std::string clean_text(std::string_view text);

}  // namespace bahth::detail
