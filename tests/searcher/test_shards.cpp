// A sharded archive searches exactly like one database holding the same articles (issue 7): the
// sample archive indexed once into one database and once into 3 shards, the same requests run on
// both through the library, and everything compared: ids, scores, facets, snippets, counts.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bahth/indexer.h"
#include "bahth/searcher.h"
#include "bahth/shards.h"
#include "fixture.h"

namespace bahth {
namespace {

struct Archives {
  test::TempDir dir;
  std::string single, sharded, merged;
  Archives() {
    single = (dir.path() / "one.db").string();
    sharded = (dir.path() / "three").string();
    merged = (dir.path() / "merged.db").string();
    const std::vector<std::string> inputs{BAHTH_CORPUS_DIR, BAHTH_TEST_DATA_DIR "/extra.jsonl"};
    IndexOptions o;
    o.threads = 1;
    o.spelling = true;
    index_inputs(single, inputs, o);
    o.shards = 3;
    index_inputs(sharded, inputs, o);
    merge_databases(merged, {sharded}, IndexOptions{});
  }
};

const Archives& archives() {
  static const Archives a;
  return a;
}

bool same_score(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// The key hits are ordered by: (date when sorted by date, score). Hits with equal keys are ties,
// which Xapian orders by docid, and docids differ between the layouts.
std::string order_key(const Hit& h, SortOrder sort) { return sort == SortOrder::kRelevance ? "" : h.date; }

// Everything about a hit except its rank and score (compared separately).
void check_same_hit(const Hit& a, const Hit& b) {
  CAPTURE(a.id);
  CHECK(a.id == b.id);
  CHECK(a.title == b.title);
  CHECK(a.date == b.date);
  CHECK(a.source == b.source);
  CHECK(a.category == b.category);
  CHECK(a.url == b.url);
  CHECK(a.fields == b.fields);
  CHECK(a.snippet.text == b.snippet.text);
  CHECK(a.snippet.highlights.size() == b.snippet.highlights.size());
  for (std::size_t i = 0; i < std::min(a.snippet.highlights.size(), b.snippet.highlights.size()); ++i) {
    CHECK(a.snippet.highlights[i].begin == b.snippet.highlights[i].begin);
    CHECK(a.snippet.highlights[i].end == b.snippet.highlights[i].end);
  }
  CHECK(a.title_highlights.size() == b.title_highlights.size());
  CHECK(a.collapsed == b.collapsed);
}

// Compares two pages of hits tie-aware: the same sequence of (key, score) and, within each run of
// tied hits, the same ids. A run cut by the page's edge may hold different members of the tie:
// those must be members of the whole tie (all_ties: id → key of every hit in the full result).
void check_same_hits(const std::vector<Hit>& a, const std::vector<Hit>& b, SortOrder sort, bool cut_front,
                     bool cut_back, const std::map<std::string, std::string>& all_ties) {
  REQUIRE(a.size() == b.size());
  std::map<std::string, const Hit*> by_id_b;
  for (const Hit& h : b) by_id_b[h.id] = &h;
  std::size_t i = 0;
  while (i < a.size()) {
    std::size_t j = i + 1;
    while (j < a.size() && order_key(a[j], sort) == order_key(a[i], sort) && same_score(a[j].score, a[i].score)) ++j;
    std::set<std::string> ids_a, ids_b;
    for (std::size_t k = i; k < j; ++k) {
      CAPTURE(k, a[k].id, b[k].id);
      CHECK(order_key(a[k], sort) == order_key(b[k], sort));
      CHECK(same_score(a[k].score, b[k].score));
      CHECK(a[k].rank == b[k].rank);
      ids_a.insert(a[k].id);
      ids_b.insert(b[k].id);
    }
    const bool at_edge = (i == 0 && cut_front) || (j == a.size() && cut_back);
    if (at_edge && ids_a != ids_b) {
      // Only other members of the same tie may take the places.
      const std::string key = order_key(a[i], sort) + "|" + std::to_string(a[i].score);
      for (const auto& id : ids_b) {
        CAPTURE(id);
        auto t = all_ties.find(id);
        REQUIRE(t != all_ties.end());
        CHECK(t->second == key);
      }
    } else {
      CHECK(ids_a == ids_b);
    }
    for (std::size_t k = i; k < j; ++k) {
      auto other = by_id_b.find(a[k].id);
      if (other != by_id_b.end()) check_same_hit(a[k], *other->second);
    }
    i = j;
  }
}

std::map<std::string, std::string> tie_keys(const SearchResults& r, SortOrder sort) {
  std::map<std::string, std::string> m;
  for (const Hit& h : r.hits) m[h.id] = order_key(h, sort) + "|" + std::to_string(h.score);
  return m;
}

// What may differ, and only because of Xapian 1.4 (docs/scaling.md, "What differs").
struct Leeway {
  // OP_SYNONYM (prefix queries): its frequency is estimated per shard from the expansion words
  // present in that shard, so scores (and the order) differ; the hits, facets and snippets do not.
  bool synonym_scores = false;
  // A page that did not look at every match (no facets, or collapsing): the count is Xapian's
  // estimate, which depends on the order the documents are met in (docids) and on statistics.
  bool estimate = false;
};

// "Did you mean": Xapian 1.4's spelling candidates over several databases are not those of one
// database. Both must keep the contract: a respelling that finds more than the query did.
void check_suggestion(const Searcher& s, const SearchResults& r) {
  if (r.did_you_mean.empty()) return;
  SearchRequest again;
  again.query = r.did_you_mean;
  again.limit = 0;
  again.facets = true;  // an exact count
  CHECK(s.search(again).total_estimate > r.total_estimate);
}

void check_same_results(const SearchResults& a, const SearchResults& b, SortOrder sort,
                        const SearchResults& full, Leeway leeway = {}) {
  if (!leeway.estimate) CHECK(a.total_estimate == b.total_estimate);
  CHECK(a.parsed_query == b.parsed_query);
  CHECK(a.warnings == b.warnings);
  CHECK(a.has_facets == b.has_facets);
  CHECK(a.facets.source == b.facets.source);
  CHECK(a.facets.category == b.facets.category);
  CHECK(a.facets.year == b.facets.year);
  CHECK(a.facets.month == b.facets.month);
  if (leeway.synonym_scores) {
    // The same hits, in some order: compared one by one on a whole result, by count on a page.
    REQUIRE(a.hits.size() == b.hits.size());
    if (a.offset == 0 && a.hits.size() == full.hits.size()) {
      std::map<std::string, const Hit*> by_id_b;
      for (const Hit& h : b.hits) by_id_b[h.id] = &h;
      for (const Hit& h : a.hits) {
        auto other = by_id_b.find(h.id);
        REQUIRE(other != by_id_b.end());
        check_same_hit(h, *other->second);
      }
    }
    return;
  }
  check_same_hits(a.hits, b.hits, sort, a.offset > 0, !a.hits.empty() && a.hits.size() < full.hits.size(),
                  tie_keys(full, sort));
}

bool is_prefix_query(const std::string& q) { return q.find('*') != std::string::npos; }

// The whole result of query q with facets, in relevance order unless sort says otherwise.
SearchRequest whole_request(const std::string& q, SortOrder sort = SortOrder::kRelevance, bool collapse = false) {
  SearchRequest r;
  r.query = q;
  r.sort = sort;
  r.collapse = collapse;
  r.facets = true;
  r.limit = 1000;
  return r;
}

const std::vector<std::string>& queries() {
  static const std::vector<std::string> q{
      "النفط",                                   // one word
      "أسعار النفط",                             // words (OR, BM25)
      "\"الطاقة المتجددة\"",                     // phrase
      "=\"الطاقة المتجددة\"",                    // exact phrase
      "النفط OR الانتخابات OR الصحة",            // OR
      "النفط NOT أسعار",                         // NOT
      "+النفط أسعار",                            // required
      "(النفط OR الغاز) AND أسعار",              // grouping
      "الطاقة NEAR المتجددة",                    // NEAR
      "اقتصا*",                                  // prefix
      "وزار*",                                   // prefix
      "title:اقتصا*",                            // prefix in titles
      "title:النفط",                             // field
      "=الأمريكية",                              // exact form
      "source:sahil",                            // source filter only (no scores)
      "category:economy النفط",                  // category filter + word
      "date:2024-01..2024-06 الحكومة",           // date range + word
      "date:2023 OR category:sport",             // filters only
      "الحكومه الامريكيه",                       // spelling variants
      "مستشفي الاطفال",                          // ...
      "كلمةليستفيالفهرس",                        // nothing (did-you-mean path)
      "النفط كلمةليستفيالفهرس",                  // a word the index lacks
  };
  return q;
}

TEST_CASE("shards: a 3-shard archive searches like one database (library)") {
  const Archives& ar = archives();
  const Searcher one(ar.single);
  const Searcher three(ar.sharded);
  CHECK(three.document_count() == one.document_count());
  for (const std::string& q : queries()) {
    for (const SortOrder sort : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest}) {
      for (const bool collapse : {false, true}) {
        CAPTURE(q, static_cast<int>(sort), collapse);
        SearchRequest r = whole_request(q, sort, collapse);
        const SearchResults full = one.search(r);
        const Leeway whole{.synonym_scores = is_prefix_query(q)};
        const SearchResults full3 = three.search(r);
        check_same_results(full, full3, sort, full, whole);
        check_suggestion(one, full);
        check_suggestion(three, full3);
        // Pages of 4: every page the same up to ties cut by its edges.
        r.limit = 4;
        const Leeway page{.synonym_scores = is_prefix_query(q), .estimate = collapse};
        for (r.offset = 0; r.offset < full.hits.size() + 4; r.offset += 4) {
          CAPTURE(r.offset);
          check_same_results(one.search(r), three.search(r), sort, full, page);
        }
      }
    }
  }
}

TEST_CASE("shards: more-like-this on a 3-shard archive equals one database") {
  const Archives& ar = archives();
  const Searcher one(ar.single);
  const Searcher three(ar.sharded);
  for (const std::string id : {"a-001", "a-005", "a-012", "b-003", "b-010", "b-020"}) {
    for (const bool collapse : {false, true}) {
      CAPTURE(id, collapse);
      MoreLikeThisRequest r;
      r.collapse = collapse;
      r.limit = 1000;
      const SearchResults full = one.more_like_this(id, r);
      CHECK(full.hits.size() > 3);
      check_same_results(full, three.more_like_this(id, r), SortOrder::kRelevance, full);
      r.limit = 5;
      r.offset = 5;
      check_same_results(one.more_like_this(id, r), three.more_like_this(id, r), SortOrder::kRelevance, full,
                         Leeway{.estimate = true});
    }
  }
}

TEST_CASE("shards: the archive merged back into one database equals the single database") {
  const Archives& ar = archives();
  const Searcher one(ar.single);
  const Searcher merged(ar.merged);
  for (const std::string& q : queries()) {
    CAPTURE(q);
    const SearchRequest r = whole_request(q);
    const SearchResults full = one.search(r);
    const SearchResults m = merged.search(r);
    check_same_results(full, m, SortOrder::kRelevance, full);
    CHECK(full.did_you_mean == m.did_you_mean);
  }
}

TEST_CASE("shards: several -d databases search as one, shards given one by one") {
  const Archives& ar = archives();
  const Searcher one(ar.single);
  std::vector<std::string> paths;
  for (unsigned k = 0; k < 3; ++k) paths.push_back(ar.sharded + "/" + shards::shard_name(k));
  const Searcher listed(paths);
  for (const std::string& q : queries()) {
    CAPTURE(q);
    const SearchRequest r = whole_request(q);
    const SearchResults full = one.search(r);
    check_same_results(full, listed.search(r), SortOrder::kRelevance, full,
                       Leeway{.synonym_scores = is_prefix_query(q)});
  }
}

TEST_CASE("shards: every shard's metadata is checked, not only the first one's") {
  test::TempDir dir;
  const std::string arc = (dir.path() / "arc").string();
  IndexOptions o;
  o.threads = 1;
  o.shards = 2;
  index_inputs(arc, {BAHTH_CORPUS_DIR}, o);
  // Replace shard 1 by a database built with another analyzer.
  const std::string s1 = arc + "/" + shards::shard_name(1);
  std::filesystem::remove_all(s1);
  IndexOptions other;
  other.threads = 1;
  other.analyzer.stemmer = StemmerKind::kLight10;
  index_inputs(s1, {BAHTH_CORPUS_DIR "/articles-b.jsonl"}, other);
  CHECK_NOTHROW(Searcher(arc + "/" + shards::shard_name(0)));
  // The stub file itself names the archive as well as its directory does.
  {
    IndexOptions o1;
    o1.threads = 1;
    o1.shards = 2;
    const std::string arc2 = (dir.path() / "arc2").string();
    index_inputs(arc2, {BAHTH_CORPUS_DIR}, o1);
    CHECK(Searcher(arc2 + "/XAPIANDB").document_count() == Searcher(arc2).document_count());
    CHECK(Searcher(arc2).document_count() > 0);
  }
  try {
    Searcher s(arc);
    FAIL("opened an archive whose shards were built by different analyzers");
  } catch (const IndexIncompatibleError& e) {
    CHECK_THAT(e.what(), Catch::Contains("shard-001"));
  }
  // A stub that lists a missing shard names it.
  std::filesystem::remove_all(s1);
  try {
    Searcher s(arc);
    FAIL("opened an archive with a missing shard");
  } catch (const IndexError& e) {
    CHECK_THAT(e.what(), Catch::Contains("shard-001"));
  }
}

TEST_CASE("shards: bahth-search -d ARCHIVE searches all shards") {
  const Archives& ar = archives();
  auto ids_of = [](const test::RunResult& r) {
    const auto j = nlohmann::json::parse(r.out);
    std::multiset<std::string> ids;
    for (const auto& h : j["hits"]) ids.insert(h["id"].get<std::string>());
    return std::make_pair(j["total_estimate"].get<std::uint64_t>(), ids);
  };
  const std::string q = "النفط OR الانتخابات";
  const auto one = test::run_cli({"-d", ar.single, "--json", "--limit", "100", q});
  const auto three = test::run_cli({"-d", ar.sharded, "--json", "--limit", "100", q});
  REQUIRE(one.exit_code == 0);
  REQUIRE(three.exit_code == 0);
  CHECK(three.err.empty());
  CHECK(ids_of(one).second.size() > 5);
  CHECK(ids_of(one) == ids_of(three));
  const auto listed = test::run_cli({"-d", ar.sharded + "/shard-000", "-d", ar.sharded + "/shard-001", "-d",
                                     ar.sharded + "/shard-002", "--json", "--limit", "100", q});
  REQUIRE(listed.exit_code == 0);
  CHECK(ids_of(listed) == ids_of(one));
}

}  // namespace
}  // namespace bahth
