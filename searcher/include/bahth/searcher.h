// bahth — the embeddable searcher: ranked Arabic search over indexes built by bahth-index, with
// highlighted snippets, facets, "did you mean" and "more like this".
// SPDX-License-Identifier: GPL-2.0-or-later
//
//   bahth::Searcher searcher{"news.db"};
//   bahth::SearchRequest request;
//   request.query = "\"الطاقة المتجددة\" category:economy date:2024..";
//   bahth::SearchResults page = searcher.search(request);
//   for (const bahth::Hit& hit : page.hits) {
//     std::cout << hit.rank << ' ' << hit.title << '\n' << hit.snippet.text << '\n';
//   }
//
// Only standard types appear here: no Xapian or ICU header is needed to use the library. The query
// language is documented in docs/query-language.md, ranking, snippets and the JSON shape in
// docs/search.md.
//
// Errors: every exception thrown derives from bahth::Error (bahth/error.h), itself a
// std::runtime_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/error.h"

namespace bahth {

/// Order of the hits.
enum class SortOrder {
  kRelevance,  ///< best BM25 score first (ties: older documents first)
  kNewest,     ///< newest article first (ties broken by relevance)
  kOldest,     ///< oldest article first (ties broken by relevance)
};

/// How plain words written next to each other are combined (`a b c`).
enum class DefaultOperator {
  kOr,        ///< any word may match; BM25 ranks articles with more (and rarer) words higher
  kAnd,       ///< every word must match
  kAndThenOr  ///< every word must match; if nothing does, run again with kOr (with a warning)
};

/// The ranking knobs. The defaults are the values the relevance evaluation settles on
/// (docs/relevance.md); change them per request to experiment.
struct RankingOptions {
  double bm25_k1 = 1.2;  ///< BM25 term-frequency saturation
  double bm25_b = 0.75;  ///< BM25 document-length normalization (0 = none, 1 = full)
  /// The index already counts each title word kTitleWdf times in the combined title+body field.
  /// A positive title_boost adds, for every plain word, the BM25 weight of its title-only term
  /// (prefix "S") scaled by this factor. 0 = rely on the index's title wdf alone.
  double title_boost = 0.0;
  /// For every plain word whose normalized form differs from its stem, the BM25 weight of the exact
  /// form (prefix "E") scaled by this factor is added when the article has it (AND_MAYBE), so
  /// the spelling the user typed ranks first among the forms that share a stem. 0 = off. The
  /// default comes from the relevance evaluation (docs/relevance.md).
  double exact_boost = 0.2;
  /// A plain word that starts with one of the proclitics ب ل ك ف (لسويسرا) is also searched without
  /// it, as one term with the whole word (Xapian's OP_SYNONYM), when the index holds the rest's stem
  /// in at least this many times as many articles as the whole word's. 0 = off.
  double proclitic_ratio = 5.0;
  DefaultOperator default_operator = DefaultOperator::kOr;
  /// Window of `a NEAR b` without an explicit distance: at most this many words apart.
  unsigned near_distance = 10;
};

/// How snippets are cut.
struct SnippetOptions {
  std::size_t max_chars = 220;  ///< approximate length of the snippet in code points (without …)
  std::size_t max_windows = 2;  ///< at most this many separate passages, joined by " … "
};

/// One search.
struct SearchRequest {
  std::string query;       ///< in bahth's query language (docs/query-language.md)
  std::size_t offset = 0;  ///< hits to skip (for paging)
  std::size_t limit = 10;  ///< hits to return at most
  SortOrder sort = SortOrder::kRelevance;
  bool facets = false;    ///< count hits per source, category, year and month
  bool collapse = false;  ///< keep only the best article of each near-duplicate group
  bool snippets = true;   ///< build body snippets and title highlights
  bool explain = false;   ///< fill Hit::explanation and SearchResults::xapian_query
  /// Strict mode: a malformed query throws QuerySyntaxError instead of being repaired with a
  /// warning.
  bool strict = false;
  /// "Did you mean": suggest a respelled query when fewer than this many articles match (and
  /// the index was built with spelling data). 0 disables suggestions.
  std::size_t suggest_below = 3;
  /// Prefix search (`اقتصا*`) expands to at most this many index words (the most frequent ones);
  /// a warning says when the expansion was cut.
  std::size_t max_prefix_expansion = 100;
  /// Counting beyond the page (facets, an exact total_estimate) stops once this many seconds
  /// have passed since the match began; the page is then found without counting, so the hits
  /// are still the best ones, while the facets hold what was counted by then and
  /// SearchResults::time_limit_reached says so. Without facets a page needs no such counting and
  /// the limit does nothing. Not applied when remote indexes take part (a warning says so).
  /// 0 = no limit.
  double time_limit_seconds = 0;
  RankingOptions ranking;
  SnippetOptions snippet;
};

/// "More like this": articles similar to a given one.
struct MoreLikeThisRequest {
  std::size_t offset = 0;
  std::size_t limit = 10;
  std::size_t max_terms = 25;  ///< the most characteristic words of the article to search for
  bool collapse = false;
  bool snippets = true;
  RankingOptions ranking;
  SnippetOptions snippet;
};

/// A byte range [begin, end) into the text it belongs to. Always on UTF-8 code point
/// boundaries, covering whole words in their original form (diacritics and clitics included).
struct Highlight {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const Highlight&, const Highlight&) = default;
};

/// A passage of the article body. text is valid UTF-8 without control characters (line breaks
/// become spaces); "…" marks where text was cut. highlights are sorted and never overlap.
struct Snippet {
  std::string text;
  std::vector<Highlight> highlights;
};

/// Contribution of one query term to a hit's score (explain mode).
struct TermWeight {
  std::string term;       ///< the index term ("S…" title, "E…" exact form, else a stem)
  std::uint32_t wdf = 0;  ///< occurrences in the article (title ones counted kTitleWdf times)
  double weight = 0;      ///< its BM25 weight in this article, as if searched for alone
};

struct Hit {
  std::size_t rank = 0;  ///< 1-based position in the whole result list (offset + index + 1)
  std::string id;        ///< the article id from the archive
  double score = 0;      ///< BM25 score (0 for a query that is only filters)
  std::string title;     ///< cleaned like Snippet::text; title_highlights index into it
  std::string date;      ///< as written in the archive
  std::string source;
  std::string category;
  std::string url;
  /// Other fields of the archive record: strings as they are, other JSON values as JSON text.
  std::map<std::string, std::string> fields;
  Snippet snippet;
  std::vector<Highlight> title_highlights;
  /// With SearchRequest::collapse: how many near-duplicates of this article were hidden.
  std::size_t collapsed = 0;
  std::vector<TermWeight> explanation;  ///< explain mode only
};

struct FacetValue {
  std::string value;
  std::uint64_t count = 0;
  friend bool operator==(const FacetValue&, const FacetValue&) = default;
};

/// Counts over all matching articles (not only the returned page). source and category are
/// sorted by count (descending, then value); year ("2024") and month ("2024-03") by value.
struct Facets {
  std::vector<FacetValue> source;
  std::vector<FacetValue> category;
  std::vector<FacetValue> year;
  std::vector<FacetValue> month;
};

struct SearchResults {
  std::string query;                 ///< the query text as given
  std::uint64_t total_estimate = 0;  ///< estimated number of matching articles
  std::size_t offset = 0;
  std::vector<Hit> hits;
  bool has_facets = false;  ///< facets below were requested and computed
  Facets facets;
  /// Repairs made to the query, cut expansions, fallbacks, and features a remote index cannot
  /// provide ("did you mean").
  std::vector<std::string> warnings;
  /// SearchRequest::time_limit_seconds ran out while counting the facets: they are partial and
  /// total_estimate is an estimate (the hits are exact). Always false without a time limit.
  bool time_limit_reached = false;
  std::string did_you_mean;           ///< a respelled query that finds more, or ""
  /// How bahth understood the query: the analyzed terms and operators, e.g.
  /// `(امريك OR "اقتصاد امريك") FILTER category:economy`.
  std::string parsed_query;
  std::string xapian_query;  ///< explain mode only: Xapian's description of the query run
};

/// Options of a Searcher (not of a single search).
struct SearcherOptions {
  /// Database handles kept open for reuse when idle. More threads than this can still search at
  /// once; their extra handles are closed after use.
  std::size_t max_idle_handles = 8;
  /// Remote indexes (HOST:PORT): seconds to wait for the connection and for each answer of
  /// xapian-tcpsrv before giving up with IndexUnreachableError. 0 = wait for ever.
  double remote_timeout_seconds = 10;
};

/// Searches one index, or several shards as one.
///
/// An index is a local path, or a remote database served by Xapian's xapian-tcpsrv, given as
/// `HOST:PORT`, `tcp://HOST:PORT` or `[IPv6]:PORT` (an existing local path of that name wins).
/// Local and remote shards mix freely. Over the remote backend everything works the same except
/// "did you mean", which Xapian cannot serve remotely: the results then carry a warning instead.
///
/// Construction opens the database(s) and checks that they were built by an analyzer this
/// version understands (the relevance variants "bahth", "light10", "snowball" and "none" with
/// default normalizer options) and by the same schema version.
///
/// Thread-safety: all const members may be called from many threads at once; each call uses its
/// own database handle from an internal pool. A database changed by a writer while it is read
/// is reopened and the search retried, so a long-lived Searcher sees new commits.
///
/// Lifetime: results are plain values independent of the Searcher. A Searcher may be moved;
/// destroying it while another thread uses it is undefined.
class Searcher {
 public:
  /// Opens the index at db_path.
  /// Throws IndexNotFoundError (no database there), IndexIncompatibleError (built by another
  /// analyzer, schema or Xapian version: rebuild with bahth-index), IndexCorruptError,
  /// IndexLockedError (the index is being created and has no committed data yet),
  /// IndexUnreachableError (a remote index cannot be reached or does not answer in time; the
  /// message names host:port), InputError (a malformed remote spec such as `h:70000`).
  explicit Searcher(const std::string& db_path, SearcherOptions options = {});
  /// Opens several shards and searches them as one index. All must share the same analyzer.
  /// Throws as above, and IndexIncompatibleError if the shards disagree, InputError if
  /// db_paths is empty.
  explicit Searcher(const std::vector<std::string>& db_paths, SearcherOptions options = {});
  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Runs one search. Throws QuerySyntaxError (strict mode only), IndexCorruptError,
  /// IndexUnreachableError (a remote index went away or timed out; the message names host:port;
  /// the Searcher stays usable and connects again on the next call),
  /// IndexError (the database kept changing during several retries) or Error.
  SearchResults search(const SearchRequest& request) const;

  /// Articles similar to the one with this id (which is not among the hits).
  /// Throws InputError if no article has that id, and as search() otherwise.
  SearchResults more_like_this(const std::string& id, const MoreLikeThisRequest& request = {}) const;

  /// Number of articles in the index (all shards). Throws as search().
  std::uint64_t document_count() const;
  /// Id of the analyzer that built the index (and analyzes queries), e.g. "bahth-ar/2".
  const std::string& analyzer_id() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The stable JSON form of results (one line, valid UTF-8):
/// {"query", "total_estimate", "offset", "hits": [{"rank", "id", "score", "title", "date",
///  "source", "category", "url", "snippet", "highlights": [[begin, end], …],
///  "title_highlights": [[begin, end], …], "fields": {…}, "collapsed"?, "explanation"?}, …],
///  "facets"?, "warnings": [...], "did_you_mean"?, "parsed_query", "xapian_query"?}.
/// Optional members ("?") appear only when they carry something. See docs/search.md.
std::string to_json(const SearchResults& results);

}  // namespace bahth
