// bahth — the query language parser: query text → syntax tree, with byte positions.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Grammar (docs/query-language.md has the user's view):
//   query   := or
//   or      := and ( "OR" and )*
//   and     := group ( ("AND" | "NOT") group )*
//   group   := item+                        items side by side: the default operator
//   item    := ("+" | "-" | "NOT")? near
//   near    := primary ( ("NEAR" | "NEAR/n") primary )*
//   primary := "(" or ")" | FIELD ":" value | "=" (WORD | PHRASE) | PHRASE | WORD | WORD "*"
// Operators are upper-case ASCII words; phrases are quoted with "…", “…” or «…».
// The parser knows nothing of analysis: words are kept as written and analyzed by the builder.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bahth::detail {

struct QueryNode {
  enum class Kind {
    kWord,         ///< text: a plain word (may still analyze into several tokens)
    kPhrase,       ///< text: the words between the quotes
    kExact,        ///< text: =word
    kExactPhrase,  ///< text: ="words"
    kPrefix,       ///< text: the word before '*'
    kNear,         ///< children: the words; distance (0 = default)
    kGroup,        ///< children side by side, combined with the default operator
    kAnd,          ///< children[0] AND children[1]
    kAndNot,       ///< children[0] NOT children[1]
    kOr,           ///< children[0] OR children[1] (chains are flattened)
    kTitle,        ///< title:child
    kSource,       ///< text: the source name (a boolean filter)
    kCategory,     ///< text: the category name (a boolean filter)
    kDate,         ///< date_from/date_to: "YYYY", "YYYYMM" or "YYYYMMDD" digits, "" = open
  };
  enum class Modifier { kNone, kRequired, kExcluded };

  Kind kind = Kind::kWord;
  Modifier modifier = Modifier::kNone;  ///< for the items of a kGroup
  std::string text;
  std::size_t begin = 0;  ///< byte range of the node in the query text
  std::size_t end = 0;
  unsigned distance = 0;
  std::string date_from;
  std::string date_to;
  std::vector<QueryNode> children;
};

/// A node of the given kind, text and byte range.
inline QueryNode make_node(QueryNode::Kind kind, std::string text = {}, std::size_t begin = 0,
                           std::size_t end = 0) {
  QueryNode n;
  n.kind = kind;
  n.text = std::move(text);
  n.begin = begin;
  n.end = end;
  return n;
}

/// Limits that keep hostile queries cheap and the parse tree shallow (docs/reliability.md):
/// words and operators beyond kMaxQueryTokens are ignored, parentheses nested deeper than
/// kMaxQueryNesting are ignored (both with a warning; errors in strict mode).
inline constexpr std::size_t kMaxQueryTokens = 1024;
inline constexpr std::size_t kMaxQueryNesting = 32;

struct ParsedQuery {
  /// The tree; empty() means nothing searchable was written.
  std::vector<QueryNode> root;  ///< zero or one node
  std::vector<std::string> warnings;
  bool empty() const noexcept { return root.empty(); }
};

/// Parses a query. Lenient (strict == false): never throws; repairs malformed input (unclosed
/// quotes and parentheses, dangling operators, bad dates) and says what it did in warnings.
/// Strict: throws QuerySyntaxError with the byte position of the first problem.
ParsedQuery parse_query(std::string_view text, bool strict);

/// Folds Arabic-Indic (U+0660–U+0669) and extended (U+06F0–U+06F9) digits to ASCII.
std::string fold_digits(std::string_view text);

/// A readable one-line form of the syntax tree, for tests and --explain.
std::string describe(const QueryNode& node);

}  // namespace bahth::detail
