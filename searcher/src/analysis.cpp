// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/analysis.h"

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "bahth/analyzer.h"
#include "bahth/error.h"

namespace bahth {

namespace {
// Analyzers are costly to build and immutable: one per variant, shared by all threads.
const Analyzer& shared_analyzer(StemmerKind kind) {
  static std::mutex mutex;
  static std::map<StemmerKind, std::unique_ptr<Analyzer>> analyzers;
  std::lock_guard lock(mutex);
  auto& slot = analyzers[kind];
  if (!slot) slot = std::make_unique<Analyzer>(AnalyzerOptions{.stemmer = kind, .normalizer = {}});
  return *slot;
}
}  // namespace

Analysis analyze_text(std::string_view text, std::string_view stemmer) {
  const Analyzer& analyzer = shared_analyzer(parse_stemmer_kind(stemmer));
  Analysis out;
  out.analyzer = analyzer.id();
  analyzer.for_each_token(text, [&](const Token& t) {
    out.tokens.push_back(AnalyzedToken{std::string(text.substr(t.begin, t.end - t.begin)), t.begin, t.end,
                                       t.position, t.normalized, t.stem, t.stopword});
  });
  return out;
}

std::string to_json(const Analysis& analysis) {
  nlohmann::ordered_json tokens = nlohmann::ordered_json::array();
  for (const auto& t : analysis.tokens) {
    tokens.push_back({{"surface", t.surface},
                      {"begin", t.begin},
                      {"end", t.end},
                      {"position", t.position},
                      {"normalized", t.normalized},
                      {"stem", t.stem},
                      {"stopword", t.stopword}});
  }
  nlohmann::ordered_json j = {{"analyzer", analysis.analyzer}, {"tokens", std::move(tokens)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace bahth
