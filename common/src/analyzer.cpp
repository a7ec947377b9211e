// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/analyzer.h"

namespace bahth {

std::string Analyzer::id_for(const AnalyzerOptions& options) {
  std::string id = "bahth-ar";
  switch (options.stemmer) {
    case StemmerKind::kBahth:
      break;
    case StemmerKind::kLight10:
      id += "-light10";
      break;
    case StemmerKind::kSnowball:
      id += "-snowball";
      break;
    case StemmerKind::kNone:
      id += "-nostem";
      break;
  }
  id += describe(options.normalizer);
  id += "/" + std::to_string(kVersion);
  return id;
}

Analyzer::Analyzer(AnalyzerOptions options)
    : options_(options),
      id_(id_for(options)),
      normalizer_(options.normalizer),
      stopwords_(normalizer_),
      stemmer_(make_stemmer(options.stemmer)) {}

Analyzer::~Analyzer() = default;

bool Analyzer::has_arabic_letter(std::string_view normalized) noexcept {
  // Normalized Arabic letters are all two-byte sequences starting with 0xD8 or 0xD9 (U+0600–U+067F)
  // or 0xDA/0xDB (U+0680–U+06FF).
  for (char ch : normalized) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0xD8 && b <= 0xDB) return true;
  }
  return false;
}

std::string Analyzer::stem(std::string_view normalized) const {
  if (!has_arabic_letter(normalized)) return std::string(normalized);
  return stemmer_->stem(normalized);
}

std::vector<Token> Analyzer::analyze(std::string_view text, std::uint32_t first_position) const {
  std::vector<Token> out;
  for_each_token(text, [&](const Token& t) { out.push_back(t); }, first_position);
  return out;
}

}  // namespace bahth
