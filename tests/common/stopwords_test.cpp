// Stopwords: normalized on load, used at query time only, never dropped from the token stream.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <string>

#include "bahth/analyzer.h"
#include "bahth/normalizer.h"
#include "bahth/stopwords.h"

using bahth::Analyzer;

TEST_CASE("testStopwordsNormalizedOnLoad: every spelling of a listed word is a stopword", "[stopwords]") {
  const Analyzer analyzer;
  auto [spelling] = GENERATE(table<std::string>({
      {"إلى"},    {"الى"},  {"إلي"}, {"الي"},                    // alef and alef maqsura variants
      {"أن"},     {"ان"},   {"إنّ"},  {"إن"},  {"لكنّ"}, {"لكن"},  // shadda
      {"هذه"},    {"هذہ"},                                       // Urdu heh goal
      {"علی"},    {"على"},                                       // Farsi yeh
      {"أيضاً"},   {"ايضا"},                                      // tanween
      {"\uFEFB"}, {"لا"},                                        // lam-alef ligature
      {"The"},    {"THE"},  {"the"},
  }));
  INFO(spelling);
  CHECK(analyzer.is_stopword(analyzer.normalize(spelling)));
}

TEST_CASE("testStopwordsEveryRawEntryIsFoundNormalized", "[stopwords]") {
  const bahth::Normalizer normalizer;
  const bahth::Stopwords stopwords(normalizer);
  const std::string_view raw = bahth::Stopwords::raw_list();
  std::size_t entries = 0;
  std::size_t i = 0;
  while (i < raw.size()) {
    while (i < raw.size() && (raw[i] == ' ' || raw[i] == '\n')) ++i;
    std::size_t j = i;
    while (j < raw.size() && raw[j] != ' ' && raw[j] != '\n') ++j;
    if (j > i) {
      const std::string word(raw.substr(i, j - i));
      INFO(word);
      CHECK(stopwords.contains(normalizer.normalize(word)));
      ++entries;
    }
    i = j;
  }
  CHECK(entries > 150);
  // Spelling variants collapse: there are fewer normalized entries than raw ones.
  CHECK(stopwords.size() < entries);
  CHECK(stopwords.size() > 100);
}

TEST_CASE("testStopwordsContentWordsAreNot", "[stopwords]") {
  const Analyzer analyzer;
  auto [word] = GENERATE(
      table<std::string>({{"كتاب"}, {"المدينة"}, {"وزير"}, {"NATO"}, {"2024"}, {"الاجتماع"}, {""}, {"فيي"}}));
  INFO(word);
  CHECK_FALSE(analyzer.is_stopword(analyzer.normalize(word)));
}

TEST_CASE("testStopwordsFollowNormalizerOptions", "[stopwords][options]") {
  // With alef maqsura kept, the list is normalized the same way, so إلى is still found.
  const Analyzer analyzer(
      bahth::AnalyzerOptions{.stemmer = bahth::StemmerKind::kBahth,
                             .normalizer = bahth::NormalizerOptions{.fold_alef_maqsura = false}});
  CHECK(analyzer.normalize("إلى") == "الى");
  CHECK(analyzer.is_stopword(analyzer.normalize("إلى")));
  CHECK(analyzer.is_stopword(analyzer.normalize("على")));
}

TEST_CASE("testStopwordsAreNotDroppedFromAnalyze", "[stopwords][analyzer]") {
  const Analyzer analyzer;
  const auto tokens = analyzer.analyze("سافر الوزير إلى عمّان في الصباح");
  REQUIRE(tokens.size() == 6);
  for (std::uint32_t i = 0; i < tokens.size(); ++i) CHECK(tokens[i].position == i);
  CHECK_FALSE(tokens[0].stopword);
  CHECK_FALSE(tokens[1].stopword);
  CHECK(tokens[2].stopword);
  CHECK(tokens[2].normalized == "الي");
  CHECK_FALSE(tokens[2].stem.empty());
  CHECK_FALSE(tokens[3].stopword);
  CHECK(tokens[4].stopword);
  CHECK(tokens[4].normalized == "في");
  CHECK_FALSE(tokens[5].stopword);
}
