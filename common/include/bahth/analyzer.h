// bahth — the one analyzer that produces every term: for the indexer, the query parser and the
// snippet highlighter alike.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/normalizer.h"
#include "bahth/stemmer.h"
#include "bahth/stopwords.h"
#include "bahth/tokenizer.h"

namespace bahth {

/// One word of the analyzed text. begin/end are byte offsets into the ORIGINAL text (the
/// normalizer never moves them); position counts words from the first_position given to
/// analyze(). normalized is the folded surface form (the exact-form term), stem its light stem
/// (equal to normalized for non-Arabic words and numbers).
struct Token {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint32_t position = 0;
  std::string normalized;
  std::string stem;
  bool stopword = false;
};

struct AnalyzerOptions {
  StemmerKind stemmer = StemmerKind::kBahth;
  NormalizerOptions normalizer;
};

/// Words longer than this many bytes after normalization are dropped (they still use up a
/// position, so phrases never bridge them). Xapian terms are limited to 245 bytes including
/// the prefix.
inline constexpr std::size_t kMaxWordBytes = 120;

/// text → tokenize (byte offsets, positions) → normalize per token → stopword? → stem.
///
/// Thread-safety: immutable after construction; every const member may be called concurrently
/// from many threads. Construction builds lookup tables (a few milliseconds): make one and share.
class Analyzer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  /// Identifies everything that can change the analyzer's output, e.g. "bahth-ar/2" or
  /// "bahth-ar-light10/2". Stored in every index; a different id means "rebuild the index".
  const std::string& id() const noexcept { return id_; }

  /// Calls fn(const Token&) for each word of text. The Token is reused between calls: copy what
  /// you keep. Positions start at first_position.
  template <typename Fn>
  void for_each_token(std::string_view text, Fn&& fn, std::uint32_t first_position = 0) const;

  /// All tokens of text.
  std::vector<Token> analyze(std::string_view text, std::uint32_t first_position = 0) const;

  /// Normalizes one word (no segmentation).
  std::string normalize(std::string_view word) const { return normalizer_.normalize(word); }
  /// Stems one already-normalized word. Non-Arabic words and numbers are returned unchanged.
  std::string stem(std::string_view normalized) const;
  bool is_stopword(std::string_view normalized) const { return stopwords_.contains(normalized); }

  const Tokenizer& tokenizer() const noexcept { return tokenizer_; }
  const Normalizer& normalizer() const noexcept { return normalizer_; }
  const AnalyzerOptions& options() const noexcept { return options_; }

  /// The analyzer id that options would produce, without building an analyzer.
  static std::string id_for(const AnalyzerOptions& options);

  /// Version of the analyzer's output; bump whenever any change can alter a token.
  static constexpr int kVersion = 2;

 private:
  static bool has_arabic_letter(std::string_view normalized) noexcept;

  AnalyzerOptions options_;
  std::string id_;
  Tokenizer tokenizer_;
  Normalizer normalizer_;
  Stopwords stopwords_;
  std::unique_ptr<Stemmer> stemmer_;
};

template <typename Fn>
void Analyzer::for_each_token(std::string_view text, Fn&& fn, std::uint32_t first_position) const {
  Token tok;
  std::uint32_t position = first_position;
  tokenizer_.for_each(text, [&](Span span) {
    normalizer_.normalize_into(text.substr(span.begin, span.end - span.begin), tok.normalized);
    if (tok.normalized.empty()) return;  // only marks or controls: not a word
    const std::uint32_t pos = position++;
    if (tok.normalized.size() > kMaxWordBytes) return;
    tok.begin = span.begin;
    tok.end = span.end;
    tok.position = pos;
    tok.stopword = stopwords_.contains(tok.normalized);
    if (has_arabic_letter(tok.normalized)) {
      stemmer_->stem_into(tok.normalized, tok.stem);
    } else {
      tok.stem.assign(tok.normalized);
    }
    fn(static_cast<const Token&>(tok));
  });
}

}  // namespace bahth
