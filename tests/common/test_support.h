// Helpers shared by the common/ tests: the sample corpus, sentence splitting, readable dumps of
// UTF-8. Running real processes: tests/support/process.h.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bahth::test {

struct Article {
  std::string id;
  std::string title;
  std::string body;
};

/// Every article of corpus/articles-*.jsonl (BAHTH_CORPUS_DIR), files in name order, lines in
/// file order. Fails the current test (Catch FAIL) when the corpus is missing or malformed.
const std::vector<Article>& corpus();

/// The article with this id; fails the test if there is none.
const Article& article(std::string_view id);

/// Splits text into sentences after '.', '!', '?', '؟' or '…' followed by whitespace (so "3.5"
/// stays whole). Sentences are trimmed and never empty.
std::vector<std::string> sentences(std::string_view text);

/// True if a decoder reading s from its start (utf8::decode, one byte per invalid byte) begins
/// a code point or an invalid byte at pos, or pos == s.size().
bool on_decode_boundary(std::string_view s, std::size_t pos);

/// s with every non-ASCII or control byte shown as \xNN, for failure messages that must stay
/// readable whatever the terminal does with Arabic, marks and bidi controls.
std::string escape(std::string_view s);

/// Code points of s as "U+0628 U+064E …" (invalid bytes as "<NN>").
std::string code_points(std::string_view s);

}  // namespace bahth::test
