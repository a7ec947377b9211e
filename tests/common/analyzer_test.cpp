// Analyzer: ids, offsets, positions, term agreement on the corpus, and thread stability.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bahth/analyzer.h"
#include "bahth/utf8.h"
#include "test_support.h"

using bahth::Analyzer;
using bahth::AnalyzerOptions;
using bahth::NormalizerOptions;
using bahth::StemmerKind;
using bahth::Token;
using bahth::test::code_points;

namespace {
const Analyzer& analyzer() {
  static const Analyzer a;
  return a;
}

std::string surface(std::string_view text, const Token& t) {
  return std::string(text.substr(t.begin, t.end - t.begin));
}
}  // namespace

TEST_CASE("testAnalyzerIdPerVariant", "[analyzer]") {
  auto [stemmer, normalizer, id] = GENERATE(table<StemmerKind, NormalizerOptions, std::string>({
      {StemmerKind::kBahth, NormalizerOptions{}, "bahth-ar/2"},
      {StemmerKind::kLight10, NormalizerOptions{}, "bahth-ar-light10/2"},
      {StemmerKind::kSnowball, NormalizerOptions{}, "bahth-ar-snowball/2"},
      {StemmerKind::kNone, NormalizerOptions{}, "bahth-ar-nostem/2"},
      {StemmerKind::kBahth, NormalizerOptions{.fold_hamza_seats = true}, "bahth-ar+fold-hamza-seats/2"},
      {StemmerKind::kLight10, NormalizerOptions{.fold_teh_marbuta = false},
       "bahth-ar-light10+keep-teh-marbuta/2"},
      {StemmerKind::kNone, NormalizerOptions{.fold_alef_maqsura = false},
       "bahth-ar-nostem+keep-alef-maqsura/2"},
  }));
  const AnalyzerOptions options{.stemmer = stemmer, .normalizer = normalizer};
  CHECK(Analyzer::id_for(options) == id);
  CHECK(Analyzer(options).id() == id);
  CHECK(id.ends_with("/" + std::to_string(Analyzer::kVersion)));
}

TEST_CASE("testAnalyzerIdsAreDistinct", "[analyzer]") {
  std::vector<std::string> ids;
  for (auto kind : {StemmerKind::kBahth, StemmerKind::kLight10, StemmerKind::kSnowball, StemmerKind::kNone}) {
    for (bool teh : {true, false}) {
      for (bool maqsura : {true, false}) {
        for (bool hamza : {true, false}) {
          ids.push_back(Analyzer::id_for(
              {.stemmer = kind,
               .normalizer = {
                   .fold_teh_marbuta = teh, .fold_alef_maqsura = maqsura, .fold_hamza_seats = hamza}}));
        }
      }
    }
  }
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

TEST_CASE("testAnalyzeTokenFields", "[analyzer]") {
  const std::string text = "وقال الوزيرُ، «سنلتقي في عمّان» يوم ٢٠٢٤م.";
  const auto tokens = analyzer().analyze(text);
  struct Row {
    std::string surface, normalized, stem;
    bool stopword;
  };
  const std::vector<Row> expected = {
      {"وقال", "وقال", "قال", false},       {"الوزيرُ", "الوزير", "وزير", false},
      {"سنلتقي", "سنلتقي", "سنلتق", false}, {"في", "في", "في", true},
      {"عمّان", "عمان", "عم", false},        {"يوم", "يوم", "يوم", false},
      {"٢٠٢٤", "2024", "2024", false},      {"م", "م", "م", false},
  };
  REQUIRE(tokens.size() == expected.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    INFO("token " << i << ": " << code_points(surface(text, tokens[i])));
    CHECK(surface(text, tokens[i]) == expected[i].surface);
    CHECK(tokens[i].normalized == expected[i].normalized);
    CHECK(tokens[i].stem == expected[i].stem);
    CHECK(tokens[i].stopword == expected[i].stopword);
    CHECK(tokens[i].position == i);
  }
}

TEST_CASE("testOffsetsSliceTheOriginalText", "[analyzer]") {
  // Offsets never move with normalization: removed marks, tatweel and controls stay inside.
  auto [text, surfaces] = GENERATE(table<std::string, std::vector<std::string>>({
      {"كَتَبَ الـوَلَدُ", {"كَتَبَ", "الـوَلَدُ"}},
      {"«ﻻ» ، كـبير", {"ﻻ", "كـبير"}},
      {"می\u200Cخواهم.", {"می\u200Cخواهم"}},
      {"\u200Fالعربية\u200F NATO", {"العربية", "NATO"}},
      {"١٬٠٠٠، 3.5.", {"١٬٠٠٠", "3.5"}},
  }));
  const auto tokens = analyzer().analyze(text);
  REQUIRE(tokens.size() == surfaces.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    CHECK(surface(text, tokens[i]) == surfaces[i]);
  }
}

TEST_CASE("testPositionsAreConsecutive", "[analyzer]") {
  const std::uint32_t first = GENERATE(0u, 1u, 1000u);
  for (const auto& a : bahth::test::corpus()) {
    const auto tokens = analyzer().analyze(a.body, first);
    REQUIRE_FALSE(tokens.empty());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      INFO(a.id << " token " << i);
      REQUIRE(tokens[i].position == first + i);
      if (i > 0) REQUIRE(tokens[i].begin >= tokens[i - 1].end);
    }
  }
}

TEST_CASE("testMarksAloneAreNotWords: no token, no position", "[analyzer]") {
  const auto tokens = analyzer().analyze("كتب ـ َ \u200C ّ قلم");
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].position == 0);
  CHECK(tokens[1].normalized == "قلم");
  CHECK(tokens[1].position == 1);
}

TEST_CASE("testForEachTokenEqualsAnalyze", "[analyzer]") {
  const auto& a = bahth::test::corpus().front();
  const auto all = analyzer().analyze(a.body, 7);
  std::size_t i = 0;
  analyzer().for_each_token(
      a.body,
      [&](const Token& t) {
        REQUIRE(i < all.size());
        CHECK(t.begin == all[i].begin);
        CHECK(t.end == all[i].end);
        CHECK(t.position == all[i].position);
        CHECK(t.normalized == all[i].normalized);
        CHECK(t.stem == all[i].stem);
        CHECK(t.stopword == all[i].stopword);
        ++i;
      },
      7);
  CHECK(i == all.size());
}

TEST_CASE("testAnalyzerHelpersAgreeWithTokens", "[analyzer]") {
  // normalize/stem/is_stopword give what analyze() puts in a token.
  for (const auto& a : bahth::test::corpus()) {
    for (const auto& t : analyzer().analyze(a.title)) {
      const std::string s = surface(a.title, t);
      INFO(a.id << ": " << s);
      CHECK(analyzer().normalize(s) == t.normalized);
      CHECK(analyzer().stem(t.normalized) == t.stem);
      CHECK(analyzer().is_stopword(t.normalized) == t.stopword);
    }
  }
}

// GUIDE.md's term agreement: a word analyzed alone (as the query side sees it) gives the same
// terms as the same word analyzed in its sentence (as the indexer sees it).
TEST_CASE("testTermAgreement: a word alone gives the terms it gets in context", "[analyzer]") {
  const auto kind = GENERATE(StemmerKind::kBahth, StemmerKind::kLight10, StemmerKind::kSnowball);
  const Analyzer a({.stemmer = kind, .normalizer = {}});
  std::size_t words = 0;
  std::size_t article_index = 0;
  for (const auto& art : bahth::test::corpus()) {
    // A deterministic sample: every article's first sentences, and every third article whole.
    const auto sents = bahth::test::sentences(art.body);
    const std::size_t take = article_index++ % 3 == 0 ? sents.size() : std::min<std::size_t>(4, sents.size());
    for (std::size_t si = 0; si < take; ++si) {
      const std::string& sentence = sents[si];
      for (const auto& t : a.analyze(sentence)) {
        const std::string word = surface(sentence, t);
        const auto alone = a.analyze(word);
        INFO(a.id() << " " << art.id << ": " << word << " (" << code_points(word) << ")");
        REQUIRE(alone.size() == 1);
        CHECK(alone[0].begin == 0);
        CHECK(alone[0].end == word.size());
        CHECK(alone[0].normalized == t.normalized);
        CHECK(alone[0].stem == t.stem);
        CHECK(alone[0].stopword == t.stopword);
        ++words;
      }
    }
  }
  CHECK(words > 3000);
}

TEST_CASE("testThreadsShareOneAnalyzer: 8 threads give identical output", "[analyzer][threads]") {
  const StemmerKind kind = GENERATE(StemmerKind::kBahth, StemmerKind::kSnowball);
  const Analyzer shared({.stemmer = kind, .normalizer = {}});
  std::string text;
  for (const auto& a : bahth::test::corpus()) {
    text += a.title;
    text += "\n";
    text += a.body;
    text += "\n";
  }
  // Add every slow-path case so ICU is exercised concurrently too.
  text += " \uFEFBعب Straße كـبير و\u0654 ٣٫١٤ 1,200,000 COVID-19 \xFF";
  const std::vector<Token> reference = shared.analyze(text);
  REQUIRE(reference.size() > 10000);

  constexpr int kThreads = 8;
  constexpr int kRounds = 3;
  std::vector<std::vector<Token>> results(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int r = 0; r < kRounds; ++r) results[t] = shared.analyze(text);
      });
    }
  }
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    REQUIRE(results[t].size() == reference.size());
    std::size_t first_difference = reference.size();
    for (std::size_t i = 0; i < reference.size(); ++i) {
      const Token& x = results[t][i];
      const Token& y = reference[i];
      if (x.begin != y.begin || x.end != y.end || x.position != y.position || x.normalized != y.normalized ||
          x.stem != y.stem || x.stopword != y.stopword) {
        first_difference = i;
        break;
      }
    }
    CHECK(first_difference == reference.size());
  }
}
