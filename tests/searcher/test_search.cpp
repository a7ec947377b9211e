// The searcher library on a real index of corpus/ (+ tests/searcher/data/extra.jsonl).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "bahth/analyzer.h"
#include "bahth/searcher.h"
#include "bahth/utf8.h"
#include "fixture.h"
#include "query_builder.h"
#include "query_parser.h"

using namespace bahth;
using bahth::test::contains;
using bahth::test::corpus_searcher;
using bahth::test::ids;

namespace {

SearchResults run(const std::string& query, std::size_t limit = 100) {
  SearchRequest r;
  r.query = query;
  r.limit = limit;
  return corpus_searcher().search(r);
}

std::set<std::string> id_set(const std::string& query) {
  auto v = ids(query);
  return {v.begin(), v.end()};
}

// The ids of the hits of query on searcher s (default request).
std::set<std::string> id_set(const Searcher& s, const std::string& query) {
  SearchRequest r;
  r.query = query;
  std::set<std::string> out;
  for (const auto& h : s.search(r).hits) out.insert(h.id);
  return out;
}

bool subset(const std::set<std::string>& a, const std::set<std::string>& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

const Analyzer& analyzer() {
  static const Analyzer a;
  return a;
}

bool has_normalized(const std::string& text, const std::string& normalized) {
  bool found = false;
  analyzer().for_each_token(text, [&](const Token& t) { found = found || t.normalized == normalized; });
  return found;
}

}  // namespace

TEST_CASE("search: plain words match through the analyzer, every hit contains the stem") {
  const std::string word = GENERATE(as<std::string>{}, "أمريكا", "النفط", "الانتخابات", "المهرجان", "iPhone");
  CAPTURE(word);
  const auto hits = ids(word);
  REQUIRE_FALSE(hits.empty());
  for (const auto& id : hits) {
    CAPTURE(id);
    CHECK(test::has_stem(test::article_text(id), word));
  }
}

TEST_CASE("search: spelling variants find the properly spelled text (hamza, ة/ه, ى/ي)") {
  const auto [typed, proper] = GENERATE(table<std::string, std::string>({
      {"امريكا", "أمريكا"},
      {"الامريكيه", "الأمريكية"},
      {"اسعار", "أسعار"},
      {"مستشفي", "مستشفى"},
      {"الصحه", "الصحة"},
      {"IPHONE", "iphone"},
  }));
  CAPTURE(typed, proper);
  const auto a = id_set(typed);
  CHECK_FALSE(a.empty());
  CHECK(a == id_set(proper));
}

TEST_CASE("search: a light stem joins derived forms (الأمريكية finds أمريكي)") {
  const auto hits = id_set("الأمريكية");
  bool found_other_form = false;
  for (const auto& id : hits) {
    const std::string text = test::article_text(id);
    found_other_form = found_other_form || has_normalized(text, "امريكي") || has_normalized(text, "امريكيون");
  }
  CHECK(found_other_form);
}

TEST_CASE("search: term agreement — every title word finds its own article") {
  for (const char* id : {"a-001", "a-014", "b-012", "x-004", "x-005"}) {
    const std::string text = test::article_text(id);
    const std::string title = text.substr(0, text.find('\n'));
    for (const auto& t : analyzer().analyze(title)) {
      if (t.stopword) continue;
      const std::string word = title.substr(t.begin, t.end - t.begin);
      CAPTURE(id, word);
      CHECK(contains(ids(word, 1000), id));
    }
  }
}

TEST_CASE("search: phrases match in order, across clitics and spelling variants") {
  SECTION("a phrase finds its articles, and only articles with all its words") {
    const auto phrase = id_set("\"الطاقة المتجددة\"");
    CHECK(phrase.count("b-007") == 1);
    CHECK(phrase.count("b-012") == 1);
    CHECK(subset(phrase, id_set("+الطاقة +المتجددة")));
  }
  SECTION("across a clitic: \"طاقة الرياح\" matches وطاقة الرياح") {
    CHECK(contains(ids("\"طاقة الرياح\""), "b-007"));
  }
  SECTION("spelling variants inside a phrase") {
    CHECK(id_set("\"الطاقه المتجدده\"") == id_set("\"الطاقة المتجددة\""));
  }
  SECTION("word order matters") {
    CHECK(id_set("\"المتجددة الطاقة\"").empty());
  }
  SECTION("stopwords are kept inside phrases") {
    CHECK(contains(ids("\"أدنى مستوى له في\""), "a-015"));
    CHECK_FALSE(contains(ids("\"أدنى مستوى في له\""), "a-015"));
  }
  SECTION("guillemets quote too") {
    CHECK(id_set("«الطاقة المتجددة»") == id_set("\"الطاقة المتجددة\""));
  }
}

TEST_CASE("search: NEAR finds words close together in any order") {
  const auto phrase = id_set("\"الطاقة المتجددة\"");
  const auto near = id_set("المتجددة NEAR/1 الطاقة");
  CHECK(subset(phrase, near));
  const auto wide = id_set("الطاقة NEAR المتجددة");
  CHECK(subset(near, wide));
  CHECK(subset(wide, id_set("+الطاقة +المتجددة")));
}

TEST_CASE("search: AND, OR, NOT, +, - and parentheses") {
  const auto oil = id_set("النفط");
  const auto price = id_set("أسعار");
  SECTION("AND") {
    const auto both = id_set("النفط AND أسعار");
    CHECK_FALSE(both.empty());
    for (const auto& id : both) CHECK((oil.count(id) && price.count(id)));
    CHECK(id_set("+النفط +أسعار") == both);
  }
  SECTION("OR") {
    const auto either = id_set("النفط OR أسعار");
    CHECK(subset(oil, either));
    CHECK(subset(price, either));
  }
  SECTION("NOT and -") {
    const auto only = id_set("النفط NOT أسعار");
    CHECK_FALSE(only.empty());
    for (const auto& id : only) CHECK((oil.count(id) && !price.count(id)));
    CHECK(id_set("النفط -أسعار") == only);
    CHECK(id_set("النفط AND NOT أسعار") == only);
  }
  SECTION("parentheses") {
    const auto grouped = id_set("(النفط OR الغاز) AND أسعار");
    for (const auto& id : grouped) CHECK(price.count(id));
    CHECK(subset(id_set("النفط AND أسعار"), grouped));
  }
  SECTION("a query that only excludes matches everything else, with a warning") {
    const auto r = run("-النفط");
    CHECK(r.total_estimate > 0);
    for (const auto& h : r.hits) CHECK_FALSE(oil.count(h.id));
    CHECK_FALSE(r.warnings.empty());
  }
}

TEST_CASE("search: the default operator (OR, AND, AND then OR)") {
  SearchRequest r;
  r.query = "النفط كلمةليستفيالفهرس";
  r.ranking.default_operator = DefaultOperator::kOr;
  const auto any = corpus_searcher().search(r);
  CHECK(any.total_estimate > 0);
  r.ranking.default_operator = DefaultOperator::kAnd;
  CHECK(corpus_searcher().search(r).total_estimate == 0);
  r.ranking.default_operator = DefaultOperator::kAndThenOr;
  const auto fallback = corpus_searcher().search(r);
  CHECK(fallback.total_estimate == any.total_estimate);
  REQUIRE_FALSE(fallback.warnings.empty());
  CHECK_THAT(fallback.warnings.back(), Catch::Contains("any of them"));
  r.query = "أسعار النفط";
  const auto all = corpus_searcher().search(r);
  CHECK(all.warnings.empty());
  for (const auto& h : all.hits) CHECK(contains(ids("+أسعار +النفط"), h.id));
}

TEST_CASE("search: the exact-form operator skips stemming") {
  SECTION("one word") {
    const auto exact = id_set("=الأمريكية");
    CHECK_FALSE(exact.empty());
    for (const auto& id : exact) CHECK(has_normalized(test::article_text(id), "الامريكيه"));
    const auto stemmed = id_set("الأمريكية");
    CHECK(subset(exact, stemmed));
    CHECK(exact.size() < stemmed.size());
  }
  SECTION("a phrase: the words in order and in exactly these forms") {
    const auto exact = id_set("=\"الطاقة المتجددة\"");
    CHECK(exact.count("b-007") == 1);
    CHECK(subset(exact, id_set("\"الطاقة المتجددة\"")));
    CHECK(id_set("=\"طاقة المتجددة\"").count("b-012") == 0);
  }
}

TEST_CASE("search: prefix search on normalized forms, with and without the article") {
  const auto r = run("اقتصا*");
  REQUIRE(r.total_estimate > 0);
  bool with_article = false;
  for (const auto& h : r.hits) {
    bool found = false;
    analyzer().for_each_token(test::article_text(h.id), [&](const Token& t) {
      if (t.normalized.starts_with("اقتصا")) found = true;
      for (const char* a : {"ال", "وال", "بال", "كال", "فال", "لل"}) {
        if (t.normalized.starts_with(std::string(a) + "اقتصا")) found = with_article = true;
      }
    });
    CAPTURE(h.id);
    CHECK(found);
    CHECK_FALSE(h.snippet.highlights.empty());
  }
  CHECK(with_article);
  SECTION("hamza and diacritics in the prefix are normalized") {
    CHECK(id_set("إقتِصا*") == id_set("اقتصا*"));
  }
  SECTION("a cut expansion says so") {
    SearchRequest q;
    q.query = "اقتصا*";
    q.max_prefix_expansion = 1;
    const auto cut = corpus_searcher().search(q);
    REQUIRE_FALSE(cut.warnings.empty());
    CHECK_THAT(cut.warnings.front(), Catch::Contains("most frequent"));
    CHECK(cut.total_estimate <= r.total_estimate);
  }
  SECTION("a prefix nothing starts with") {
    const auto none = run("ظظظظ*");
    CHECK(none.total_estimate == 0);
    CHECK_FALSE(none.warnings.empty());
  }
}

TEST_CASE("search: phrases and NEAR match within the title or within the body, never across") {
  // Schema 7: the stems carry the body's positions (from 2) and the S terms the title's (from 1).
  // "across" and "same-pos" are what Xapian 1.4's exact phrase check gets wrong when the body's
  // first word is at position 1 (schema.h, kBodyFirstPosition).
  test::TempDir dir;
  const std::string input = (dir.path() / "in.jsonl").string();
  test::write_file(input, R"({"id":"title","title":"ارتفاع أسعار النفط","body":"قال التقرير شيئا آخر"})"
                          "\n"
                          R"({"id":"body","title":"تقرير","body":"سجل ارتفاع أسعار النفط أمس"})"
                          "\n"
                          // أسعار ends the title and النفط starts the body
                          R"({"id":"across","title":"ارتفاع أسعار","body":"النفط في السوق"})"
                          "\n"
                          // the title's first word and the body's first word share position 1
                          R"({"id":"same-pos","title":"أسعار","body":"النفط"})"
                          "\n");
  const std::string db = (dir.path() / "db").string();
  test::build_index(db, {input});
  const Searcher s(db);
  auto found = [&](const std::string& q) { return id_set(s, q); };
  CHECK(found("\"أسعار النفط\"") == std::set<std::string>{"title", "body"});
  CHECK(found("title:\"أسعار النفط\"") == std::set<std::string>{"title"});
  CHECK(found("\"النفط أسعار\"").empty());
  CHECK(found("أسعار NEAR/1 النفط") == std::set<std::string>{"title", "body"});
  CHECK(found("=\"أسعار النفط\"") == std::set<std::string>{"title", "body"});
  CHECK(found("+أسعار +النفط") == std::set<std::string>{"title", "body", "across", "same-pos"});
  // A phrase is weighted as its words' stems are, wherever it was found (without the exact-form
  // bonus, the AND of the words is just that).
  auto scores = [&](const std::string& q) {
    SearchRequest r;
    r.query = q;
    r.ranking.exact_boost = 0;
    std::map<std::string, double> out;
    for (const auto& h : s.search(r).hits) out[h.id] = h.score;
    return out;
  };
  const auto phrase = scores("\"أسعار النفط\"");
  const auto both = scores("+أسعار +النفط");
  REQUIRE(phrase.size() == 2);
  for (const auto& [id, score] : phrase) {
    CAPTURE(id);
    CHECK(score > 0);
    CHECK(score == Approx(both.at(id)));
  }
  // --explain: the title terms that only filter weigh nothing, so the weights add up to the score;
  // where the query also weights one (title:أسعار), it counts.
  for (const std::string q : {"\"أسعار النفط\"", "title:أسعار \"أسعار النفط\""}) {
    SearchRequest r;
    r.query = q;
    r.explain = true;
    r.ranking.exact_boost = 0;
    for (const auto& h : s.search(r).hits) {
      CAPTURE(q, h.id);
      double sum = 0, title_weight = 0;
      for (const auto& tw : h.explanation) {
        sum += tw.weight;
        if (tw.term == "Sاسعار") title_weight = tw.weight;
      }
      if (q.starts_with("title:")) {
        CHECK((title_weight > 0) == (h.id != "body"));  // every other article has أسعار in its title
      } else {
        CHECK(sum == Approx(h.score));
        CHECK(title_weight == 0);
      }
    }
  }
}

TEST_CASE("search: field search title:, source:, category:") {
  SECTION("title:") {
    const auto r = run("title:النفط");
    REQUIRE_FALSE(r.hits.empty());
    for (const auto& h : r.hits) CHECK(test::has_stem(h.title, "النفط"));
    CHECK(subset(id_set("title:النفط"), id_set("النفط")));
    CHECK(id_set("title:النفط").size() < id_set("النفط").size());
    CHECK(contains(ids("title:\"كأس المدن\""), "a-021"));
  }
  const auto [query, field, value] = GENERATE(table<std::string, std::string, std::string>({
      {"source:\"Sahil Times\"", "source", "Sahil Times"},
      {"source:sahil_times", "source", "Sahil Times"},
      {"source:sahil", "source", "Sahil Times"},
      {"source:\"al-ufuq daily\" النفط", "source", "Al-Ufuq Daily"},
      {"category:economy", "category", "economy"},
      {"category:SPORT الفجر", "category", "sport"},
  }));
  CAPTURE(query);
  const auto r = run(query);
  REQUIRE_FALSE(r.hits.empty());
  for (const auto& h : r.hits) CHECK((field == "source" ? h.source : h.category) == value);
  SECTION("filters on one field are alternatives, on two fields both apply") {
    const auto two = run("category:economy category:sport");
    for (const auto& h : two.hits) CHECK((h.category == "economy" || h.category == "sport"));
    CHECK(two.total_estimate ==
          run("category:economy").total_estimate + run("category:sport").total_estimate);
    CHECK(run("category:economy source:\"Wasat Agency\"").total_estimate <
          run("category:economy").total_estimate);
  }
  SECTION("an unknown name matches nothing, with a warning") {
    const auto none = run("source:nosuchpaper");
    CHECK(none.total_estimate == 0);
    CHECK_FALSE(none.warnings.empty());
  }
}

TEST_CASE("search: date filters, open ends and Arabic-Indic digits") {
  const auto [query, from, to] = GENERATE(table<std::string, std::string, std::string>({
      {"date:2024-03-01..2024-03-31", "2024-03-01", "2024-03-31~"},
      {"date:2024-03", "2024-03", "2024-03~"},
      {"date:2024..", "2024", "9999"},
      {"date:..2023-12", "0000", "2023-12~"},
      {"date:٢٠٢٤-٠١..٢٠٢٤-٠٦", "2024-01", "2024-06~"},
      {"date:2023", "2023", "2023~"},
  }));
  CAPTURE(query);
  const auto r = run(query);
  REQUIRE_FALSE(r.hits.empty());
  for (const auto& h : r.hits) {
    CAPTURE(h.date);
    CHECK(h.date >= from);
    CHECK(h.date <= to);
  }
  SECTION("with words") {
    const auto with_words = run("النفط " + query);
    for (const auto& h : with_words.hits) CHECK((h.date >= from && h.date <= to));
  }
}

TEST_CASE("search: Arabic-Indic digits in a date range equal ASCII ones") {
  CHECK(id_set("date:٢٠٢٣-٠٥..٢٠٢٣-١٢") == id_set("date:2023-05..2023-12"));
  CHECK(id_set("date:۲۰۲۴..") == id_set("date:2024.."));
}

TEST_CASE("search: stopwords are ignored unless they are all the query has") {
  CHECK(id_set("النفط في") == id_set("النفط"));
  CHECK(id_set("من النفط إلى") == id_set("النفط"));
  const auto only = run("في");
  CHECK(only.total_estimate > 0);
  // '+' keeps a stopword: it must then occur.
  CHECK(run("+في النفط").total_estimate == run("في").total_estimate);
}

TEST_CASE("search: sort by date, newest or oldest first") {
  SearchRequest r;
  r.query = "category:economy OR category:politics";
  r.limit = 100;
  r.sort = SortOrder::kNewest;
  const auto newest = corpus_searcher().search(r);
  REQUIRE(newest.hits.size() > 3);
  for (std::size_t i = 1; i < newest.hits.size(); ++i) CHECK(newest.hits[i - 1].date >= newest.hits[i].date);
  r.sort = SortOrder::kOldest;
  const auto oldest = corpus_searcher().search(r);
  for (std::size_t i = 1; i < oldest.hits.size(); ++i) CHECK(oldest.hits[i - 1].date <= oldest.hits[i].date);
}

TEST_CASE("search: offset and limit page through the results, ranks continue") {
  SearchRequest r;
  r.query = "النفط OR الانتخابات OR المهرجان";
  r.limit = 6;
  const auto all = corpus_searcher().search(r);
  REQUIRE(all.hits.size() == 6);
  r.limit = 3;
  const auto p1 = corpus_searcher().search(r);
  r.offset = 3;
  const auto p2 = corpus_searcher().search(r);
  REQUIRE(p1.hits.size() == 3);
  REQUIRE(p2.hits.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(p1.hits[i].id == all.hits[i].id);
    CHECK(p2.hits[i].id == all.hits[i + 3].id);
    CHECK(p2.hits[i].rank == i + 4);
  }
  CHECK(all.total_estimate >= 6);
  CHECK(p2.total_estimate == all.total_estimate);
  for (std::size_t i = 1; i < all.hits.size(); ++i) CHECK(all.hits[i - 1].score >= all.hits[i].score);
}

TEST_CASE("search: hits carry the stored fields") {
  const auto r = run("title:زلزال");
  REQUIRE_FALSE(r.hits.empty());
  const auto it = std::find_if(r.hits.begin(), r.hits.end(), [](const Hit& h) { return h.id == "x-001"; });
  REQUIRE(it != r.hits.end());
  CHECK(it->source == "Wasat Agency");
  CHECK(it->category == "politics");
  CHECK(it->date == "2024-11-03T06:10:00+03:00");
  CHECK(it->url == "https://wasat.example/2024/11/03/x-001");
  CHECK(it->fields.at("agency") == "وسط");
  const auto all = run("زلزال");
  for (const auto& h : all.hits) {
    if (h.id == "x-002") CHECK(h.fields.at("wire") == "true");
    if (h.id == "x-003") CHECK(h.fields.at("tags") == "[\"زلزال\",\"الشمال\"]");
  }
}

TEST_CASE("search: facet counts by source, category, year and month") {
  SearchRequest r;
  r.query = "النفط OR الانتخابات OR الصحة";
  r.facets = true;
  r.limit = 2;
  const auto res = corpus_searcher().search(r);
  REQUIRE(res.has_facets);
  auto sum = [](const std::vector<FacetValue>& v) {
    std::uint64_t s = 0;
    for (const auto& f : v) s += f.count;
    return s;
  };
  CHECK(sum(res.facets.source) == res.total_estimate);
  CHECK(sum(res.facets.category) == res.total_estimate);
  CHECK(sum(res.facets.year) == res.total_estimate);
  CHECK(sum(res.facets.month) == res.total_estimate);
  for (std::size_t i = 1; i < res.facets.source.size(); ++i) {
    CHECK(res.facets.source[i - 1].count >= res.facets.source[i].count);
  }
  for (const auto& y : res.facets.year) CHECK(y.value.size() == 4);
  for (const auto& m : res.facets.month) CHECK(m.value.size() == 7);
  // The economy count equals a filtered search.
  for (const auto& c : res.facets.category) {
    if (c.value != "economy") continue;
    SearchRequest f = r;
    f.query = "(" + r.query + ") category:economy";
    f.facets = false;
    f.limit = 100;
    CHECK(corpus_searcher().search(f).total_estimate == c.count);
  }
  r.facets = false;
  CHECK_FALSE(corpus_searcher().search(r).has_facets);
}

TEST_CASE("search: near-duplicates collapse on request") {
  SearchRequest r;
  r.query = "زلزال وادي السدر";
  const auto plain = corpus_searcher().search(r);
  std::set<std::string> wire;
  for (const auto& h : plain.hits) {
    if (h.id.starts_with("x-00") && h.id <= "x-003") wire.insert(h.id);
  }
  CHECK(wire.size() == 3);
  r.collapse = true;
  const auto collapsed = corpus_searcher().search(r);
  std::size_t shown = 0;
  for (const auto& h : collapsed.hits) {
    if (h.id == "x-001" || h.id == "x-002" || h.id == "x-003") {
      ++shown;
      CHECK(h.collapsed == 2);
    }
  }
  CHECK(shown == 1);
}

TEST_CASE("search: did you mean, when a query finds little") {
  const auto r = run("ماراثوون");
  CHECK(r.total_estimate == 0);
  REQUIRE_FALSE(r.did_you_mean.empty());
  CHECK(run(r.did_you_mean).total_estimate > 0);
  SECTION("nothing to suggest for a query that finds enough") {
    CHECK(run("النفط").did_you_mean.empty());
  }
  SECTION("the rest of the query is kept") {
    const auto q = run("title:ماراثوون");
    CHECK_THAT(q.did_you_mean, Catch::StartsWith("title:"));
  }
}

TEST_CASE("search: more like this") {
  const auto r = corpus_searcher().more_like_this("x-001");
  REQUIRE(r.hits.size() >= 2);
  std::set<std::string> top{r.hits[0].id, r.hits[1].id};
  CHECK(top == std::set<std::string>{"x-002", "x-003"});
  for (const auto& h : r.hits) CHECK(h.id != "x-001");
  CHECK_FALSE(r.parsed_query.empty());
  CHECK_FALSE(r.hits[0].snippet.highlights.empty());
  CHECK_THROWS_AS(corpus_searcher().more_like_this("no-such-id"), InputError);
}

TEST_CASE("search: explain gives the query and per-term weights") {
  SearchRequest r;
  r.query = "أسعار النفط";
  r.explain = true;
  const auto res = corpus_searcher().search(r);
  CHECK_FALSE(res.xapian_query.empty());
  CHECK(res.parsed_query == "(اسعار OR نفط)");
  REQUIRE_FALSE(res.hits.empty());
  const auto& h = res.hits.front();
  REQUIRE_FALSE(h.explanation.empty());
  double total = 0;
  for (const auto& t : h.explanation) {
    CHECK(t.weight > 0);
    CHECK(t.wdf > 0);
    total += t.weight;
  }
  CHECK(total == Approx(h.score).epsilon(0.01));
}

TEST_CASE("search: title matches rank above body-only matches") {
  const auto r = run("ماراثون");
  REQUIRE(r.hits.size() >= 2);
  CHECK(test::has_stem(r.hits.front().title, "ماراثون"));
  SearchRequest boosted;
  boosted.query = "ماراثون";
  boosted.ranking.title_boost = 2.0;
  const auto b = corpus_searcher().search(boosted);
  CHECK(b.hits.front().score > r.hits.front().score);
  SearchRequest flat;
  flat.query = "ماراثون";
  flat.ranking.bm25_b = 0;
  flat.ranking.bm25_k1 = 2.0;
  CHECK(corpus_searcher().search(flat).hits.front().score != Approx(r.hits.front().score));
}

TEST_CASE("search: snippets with mixed scripts and diacritics from the index") {
  SECTION("Arabic with Latin and digits") {
    const auto r = run("Google Gemini");
    REQUIRE_FALSE(r.hits.empty());
    const Hit& h = r.hits.front();
    CHECK(h.id == "x-004");
    std::set<std::string> words;
    for (const auto& x : h.snippet.highlights) words.insert(h.snippet.text.substr(x.begin, x.end - x.begin));
    CHECK(words == std::set<std::string>{"Google", "Gemini"});
    std::set<std::string> title_words;
    for (const auto& x : h.title_highlights) title_words.insert(h.title.substr(x.begin, x.end - x.begin));
    CHECK(title_words == std::set<std::string>{"Google", "Gemini"});
    CHECK(h.snippet.text.find('\x1b') == std::string::npos);
    CHECK(h.snippet.text.find('\x07') == std::string::npos);
  }
  SECTION("undiacritized query, diacritized text: the original form is highlighted") {
    const auto r = run("المعلمون الرواتب");
    REQUIRE_FALSE(r.hits.empty());
    const Hit& h = r.hits.front();
    CHECK(h.id == "x-005");
    REQUIRE_FALSE(h.title_highlights.empty());
    CHECK(h.title.substr(h.title_highlights[0].begin,
                         h.title_highlights[0].end - h.title_highlights[0].begin) == "اَلْمُعَلِّمُونَ");
    std::set<std::string> words;
    for (const auto& x : h.snippet.highlights) words.insert(h.snippet.text.substr(x.begin, x.end - x.begin));
    CHECK(words.count("اَلْمُعَلِّمُونَ") == 1);
    CHECK(words.count("الرَّوَاتِبِ") == 1);
  }
  SECTION("without snippets") {
    SearchRequest r;
    r.query = "النفط";
    r.snippets = false;
    const auto res = corpus_searcher().search(r);
    REQUIRE_FALSE(res.hits.empty());
    CHECK(res.hits.front().snippet.text.empty());
    CHECK_FALSE(res.hits.front().title.empty());
  }
  SECTION("excluded words are not highlighted") {
    const auto r = run("النفط -أمريكا");
    for (const auto& h : r.hits) {
      for (const auto& x : h.snippet.highlights) {
        CHECK(test::has_stem(h.snippet.text.substr(x.begin, x.end - x.begin), "النفط"));
      }
    }
  }
}

TEST_CASE("search: JSON output has the documented shape and is always valid") {
  SearchRequest r;
  r.query = "Gemini OR النفط";
  r.facets = true;
  const auto res = corpus_searcher().search(r);
  const auto j = nlohmann::json::parse(to_json(res));
  CHECK(j["query"] == r.query);
  CHECK(j["total_estimate"].get<std::uint64_t>() == res.total_estimate);
  REQUIRE(j["hits"].size() == res.hits.size());
  for (const auto& h : j["hits"]) {
    for (const char* k : {"rank", "id", "score", "title", "date", "source", "category", "url", "snippet",
                          "highlights", "title_highlights", "fields"}) {
      CAPTURE(k);
      CHECK(h.contains(k));
    }
    const std::string snippet = h["snippet"];
    for (const auto& range : h["highlights"]) {
      REQUIRE(range.size() == 2);
      CHECK(range[0].get<std::size_t>() < range[1].get<std::size_t>());
      CHECK(range[1].get<std::size_t>() <= snippet.size());
    }
  }
  CHECK(j.contains("facets"));
  CHECK(j.contains("warnings"));
  CHECK(j.contains("parsed_query"));
  SECTION("invalid UTF-8 in a result still gives valid JSON") {
    SearchResults bad;
    bad.query = "\xff\xfe";
    Hit h;
    h.title = "abc\xc3";
    bad.hits.push_back(h);
    CHECK_NOTHROW(nlohmann::json::parse(to_json(bad)));
  }
}

TEST_CASE("search: many threads can search one Searcher at once") {
  const std::vector<std::string> queries{"النفط",
                                         "\"الطاقة المتجددة\"",
                                         "اقتصا*",
                                         "category:sport",
                                         "أسعار NEAR النفط",
                                         "title:الانتخابات",
                                         "date:2024..",
                                         "Google",
                                         "زلزال -الشمال"};
  std::vector<std::string> expected;
  for (const auto& q : queries) expected.push_back(to_json(run(q, 10)));
  std::atomic<int> mismatches{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        const std::size_t k = static_cast<std::size_t>(t + i) % queries.size();
        try {
          if (to_json(run(queries[k], 10)) != expected[k]) ++mismatches;
        } catch (...) {
          ++errors;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
  CHECK(errors == 0);
}

TEST_CASE("search: exact forms of bare words - no E term where the stem term implies them") {
  // Schema 5: كتاب (its own stem) gets an E term only beside an affixed form of كتاب (الكتاب).
  // The exact operator, exact phrases and prefix search must still tell the three kinds apart,
  // with every stemmer variant (Snowball keeps all E terms).
  const std::string stemmer = GENERATE("bahth", "light10", "snowball", "none");
  CAPTURE(stemmer);
  test::TempDir dir;
  const std::string input = (dir.path() / "in.jsonl").string();
  test::write_file(input, R"({"id":"bare","body":"كتاب جديد"})"
                          "\n"
                          R"({"id":"affixed","body":"الكتاب جديد"})"
                          "\n"
                          R"({"id":"both","body":"كتاب قديم والكتاب جديد"})"
                          "\n"
                          R"({"id":"title","title":"كتاب","body":"نص"})"
                          "\n"
                          R"({"id":"none","body":"مكتبة جديدة"})"
                          "\n");
  const std::string db = (dir.path() / "db").string();
  test::build_index(db, {input}, stemmer);
  const Searcher s(db);
  auto found = [&](const std::string& q) { return id_set(s, q); };
  CHECK(found("=كتاب") == std::set<std::string>{"bare", "both", "title"});
  CHECK(found("=الكتاب") == std::set<std::string>{"affixed"});
  CHECK(found("=والكتاب") == std::set<std::string>{"both"});
  // An exact phrase: the stems in order, and each form somewhere in the article (so "both", which
  // has كتاب bare at its start, matches too where والكتاب and كتاب share a stem).
  const auto phrase = found("=\"كتاب جديد\"");
  CHECK(phrase.count("bare") == 1);
  CHECK(phrase.count("affixed") == 0);
  CHECK(phrase.count("both") == (stemmer == "bahth" || stemmer == "light10" ? 1 : 0));
  CHECK(found("=\"الكتاب جديد\"") == std::set<std::string>{"affixed"});
  CHECK(found("title:=كتاب") == std::set<std::string>{"title"});
  CHECK(found("كتا*") == std::set<std::string>{"bare", "affixed", "both", "title"});
  CHECK(found("title:كتا*") == std::set<std::string>{"title"});
  CHECK(found("=جديد") == std::set<std::string>{"bare", "affixed", "both"});
  CHECK(found("=كتاب -=الكتاب") == std::set<std::string>{"bare", "both", "title"});
}

TEST_CASE("search: queries that match every article can be built in many threads at once") {
  // Regression: filters alone and exclusions alone search "every article but…", and that query
  // was Xapian's static MatchAll, whose reference count (not atomic) concurrent copies corrupted:
  // a SIGSEGV in Enquire::set_query under ASan in about 1 run in 15 of the test above. Building
  // such queries in 8 threads at once, each with its own database handle as a Searcher's pool
  // gives them, crashed here within a few runs.
  const std::vector<std::string> queries{"category:sport", "date:2024..", "-النفط"};
  const Analyzer analyzer;
  std::vector<std::string> expected;
  {
    const Xapian::Database db(test::corpus_db());
    for (const auto& q : queries) {
      expected.push_back(
          detail::build_query(detail::parse_query(q, false), analyzer, db, {}, DefaultOperator::kOr).description);
    }
  }
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const Xapian::Database db(test::corpus_db());
      for (int i = 0; i < 3000; ++i) {
        const std::size_t k = static_cast<std::size_t>(t + i) % queries.size();
        const detail::BuiltQuery b =
            detail::build_query(detail::parse_query(queries[k], false), analyzer, db, {}, DefaultOperator::kOr);
        if (b.description != expected[k] || b.query.empty()) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mismatches == 0);
}

TEST_CASE("search: a Searcher sees commits made after it was opened") {
  test::TempDir dir;
  const std::string db = (dir.path() / "live.db").string();
  test::build_index(db, {BAHTH_CORPUS_DIR "/articles-a.jsonl"});
  const Searcher searcher(db);
  SearchRequest r;
  r.query = "زلزال";
  CHECK(searcher.search(r).total_estimate == 0);
  const auto before = searcher.document_count();
  // Several commits, so that the old revision the pooled handle had is gone.
  test::build_index(db, {BAHTH_TEST_DATA_DIR "/extra.jsonl"});
  test::build_index(db, {BAHTH_CORPUS_DIR "/articles-b.jsonl"});
  CHECK(searcher.document_count() > before);
  CHECK(searcher.search(r).total_estimate == 3);
}

TEST_CASE("search: several shards search as one index") {
  test::TempDir dir;
  const std::string a = (dir.path() / "a.db").string();
  const std::string b = (dir.path() / "b.db").string();
  test::build_index(a, {BAHTH_CORPUS_DIR "/articles-a.jsonl"});
  test::build_index(b, {BAHTH_CORPUS_DIR "/articles-b.jsonl"});
  const Searcher both(std::vector<std::string>{a, b});
  SearchRequest r;
  r.query = "الانتخابات";
  r.limit = 100;
  std::set<char> prefixes;
  for (const auto& h : both.search(r).hits) prefixes.insert(h.id[0]);
  CHECK(prefixes == std::set<char>{'a', 'b'});
  CHECK(both.document_count() == Searcher(a).document_count() + Searcher(b).document_count());
}

TEST_CASE("search: indexes built by the relevance variants are searchable with their analyzer") {
  const std::string stemmer = GENERATE(as<std::string>{}, "light10", "snowball", "none");
  CAPTURE(stemmer);
  test::TempDir dir;
  const std::string db = (dir.path() / "variant.db").string();
  test::build_index(db, {BAHTH_CORPUS_DIR}, stemmer);
  const Searcher s(db);
  CHECK(s.analyzer_id() == Analyzer::id_for({.stemmer = parse_stemmer_kind(stemmer), .normalizer = {}}));
  SearchRequest r;
  r.query = "النفط";
  CHECK(s.search(r).total_estimate > 0);
}

TEST_CASE("search: readers keep working while a writer commits (reopen and retry)") {
  test::TempDir dir;
  const std::string db = (dir.path() / "busy.db").string();
  test::build_index(db, {BAHTH_CORPUS_DIR});
  const Searcher searcher(db);
  std::atomic<bool> stop{false};
  std::atomic<int> errors{0};
  std::atomic<int> searches{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      SearchRequest r;
      r.query = "النفط OR الانتخابات OR تحديث";
      r.facets = true;
      while (!stop) {
        try {
          const auto res = searcher.search(r);
          if (res.hits.empty()) ++errors;
          ++searches;
        } catch (const std::exception& e) {
          ++errors;
        }
      }
    });
  }
  // Each round changes every article of a small file, so each run commits a new revision.
  for (int round = 0; round < 8; ++round) {
    const auto file = dir.path() / "update.jsonl";
    {
      std::ofstream out(file);
      for (int k = 0; k < 20; ++k) {
        out << nlohmann::json{{"id", "u-" + std::to_string(k)},
                              {"title", "تحديث رقم " + std::to_string(round)},
                              {"body",
                               "نص متغير للجولة " + std::to_string(round) + " والمقالة " + std::to_string(k)},
                              {"date", "2024-01-01"},
                              {"source", "Test"},
                              {"category", "test"}}
                   .dump()
            << '\n';
      }
    }
    test::build_index(db, {file.string()});
  }
  stop = true;
  for (auto& th : readers) th.join();
  CHECK(errors == 0);
  CHECK(searches > 0);
  SearchRequest last;
  last.query = "title:تحديث";
  CHECK(searcher.search(last).total_estimate == 20);
}

TEST_CASE("search: the exact-form bonus ranks the typed spelling up, and 0 turns it off") {
  // الحكومة and حكومات share the stem حكوم; the bonus adds weight only where the exact form occurs.
  SearchRequest with;
  with.query = "الحكومة";
  with.limit = 100;
  with.explain = true;
  SearchRequest without = with;
  without.ranking.exact_boost = 0;
  const auto a = corpus_searcher().search(with);
  const auto b = corpus_searcher().search(without);
  REQUIRE_FALSE(a.hits.empty());
  CHECK(a.total_estimate == b.total_estimate);  // a bonus, never a filter
  CHECK(a.xapian_query.find("Eالحكومه") != std::string::npos);
  CHECK(b.xapian_query.find("Eالحكومه") == std::string::npos);
  bool some_bonus = false;
  for (const auto& h : a.hits) {
    for (const auto& t : h.explanation) some_bonus = some_bonus || t.term == "Eالحكومه";
  }
  CHECK(some_bonus);
}

TEST_CASE("search: a word with a proclitic also finds the word without it, when the index says it is one") {
  test::TempDir dir;
  const std::string db = (dir.path() / "proclitic.db").string();
  const auto file = dir.path() / "articles.jsonl";
  {
    std::ofstream out(file);
    auto article = [&](const std::string& id, const std::string& body) {
      out << nlohmann::json{{"id", id}, {"body", body}}.dump() << '\n';
    };
    for (int k = 0; k < 10; ++k) article("s-" + std::to_string(k), "زار الوفد سويسرا في الربيع رقم " + std::to_string(k));
    article("l-1", "رسالة لسويسرا من الوفد");
    for (int k = 0; k < 5; ++k) article("k-" + std::to_string(k), "مشروع كبير في المدينة رقم " + std::to_string(k));
    article("b-1", "حفروا بير ماء في القرية");
  }
  test::build_index(db, {file.string()});
  const Searcher searcher(db);
  auto search = [&](const std::string& q, double ratio) {
    SearchRequest r;
    r.query = q;
    r.limit = 100;
    r.explain = true;
    r.ranking.proclitic_ratio = ratio;
    return searcher.search(r);
  };
  auto hit_ids = [](const SearchResults& res) {
    std::set<std::string> s;
    for (const auto& h : res.hits) s.insert(h.id);
    return s;
  };

  // لسويسرا: سويسرا is in 10 articles, لسويسرا in 1: one term for both (OP_SYNONYM).
  const SearchResults with = search("لسويسرا", 5);
  CHECK(with.hits.size() == 11);
  CHECK(hit_ids(with).contains("l-1"));
  CHECK(hit_ids(with).contains("s-3"));
  CHECK(with.xapian_query.find("SYNONYM") != std::string::npos);
  // The article that has only سويسرا gets it highlighted.
  for (const auto& h : with.hits) {
    if (h.id != "s-3") continue;
    REQUIRE(h.snippet.highlights.size() == 1);
    const Highlight& m = h.snippet.highlights.front();
    CHECK(h.snippet.text.substr(m.begin, m.end - m.begin) == "سويسرا");
  }
  // Off: only the article that writes لسويسرا.
  CHECK(hit_ids(search("لسويسرا", 0)) == std::set<std::string>{"l-1"});
  // A form no article has: the rest alone still finds سويسرا.
  CHECK(search("بسويسرا", 5).hits.size() == 10);
  // كبير is not ك + بير: بير (1 article) is not 5 times as frequent as كبير (5).
  const SearchResults big = search("كبير", 5);
  CHECK(big.hits.size() == 5);
  CHECK_FALSE(hit_ids(big).contains("b-1"));
  CHECK(big.xapian_query.find("SYNONYM") == std::string::npos);
}
