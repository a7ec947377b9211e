// SPDX-License-Identifier: GPL-2.0-or-later
#include "query_parser.h"

#include <fmt/format.h>

#include <optional>
#include <utility>

#include "bahth/error.h"
#include "bahth/utf8.h"

namespace bahth::detail {

namespace {

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xA0 ||
         cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Quote characters: ASCII " and the typographic “ ” „, which all pair with each other, and the
// guillemets « » used in Arabic text.
bool is_open_quote(char32_t cp) {
  return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB;
}
bool closes(char32_t open, char32_t cp) {
  if (open == 0xAB) return cp == 0xBB || cp == '"';
  return cp == '"' || cp == 0x201C || cp == 0x201D;
}
bool is_quote(char32_t cp) {
  return is_open_quote(cp) || cp == 0xBB;
}

bool ends_word(char32_t cp) {
  return is_space(cp) || is_quote(cp) || cp == '(' || cp == ')';
}

enum class T {
  kWord,
  kPhrase,
  kLParen,
  kRParen,
  kAnd,
  kOr,
  kNot,
  kNear,
  kPlus,
  kMinus,
  kEquals,
  kField,
  kEnd
};

struct Tok {
  Tok(T t, std::size_t b, std::size_t e) : type(t), begin(b), end(e) {}
  T type = T::kEnd;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string text;       // word text (without '*'), phrase contents, field name
  bool star = false;      // word ended in '*'
  unsigned distance = 0;  // NEAR/n
};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Maps a field name as written (title, TITLE, عنوان …) to its canonical name, or "".
std::string canonical_field(std::string_view name) {
  const std::string n = ascii_lower(name);
  if (n == "title" || n == "عنوان") return "title";
  if (n == "source" || n == "مصدر") return "source";
  if (n == "category" || n == "تصنيف" || n == "قسم") return "category";
  if (n == "date" || n == "تاريخ") return "date";
  return "";
}

class Parser {
 public:
  Parser(std::string_view text, bool strict) : text_(text), strict_(strict) {}

  ParsedQuery run() {
    lex();
    ParsedQuery out;
    if (auto node = parse_or()) out.root.push_back(std::move(*node));
    // Anything left over is a ')' the lexer already balanced away, so pos_ is at the end here.
    out.warnings = std::move(warnings_);
    return out;
  }

 private:
  // ---- problems --------------------------------------------------------------------------
  void problem(const std::string& what, std::size_t pos, const std::string& repair) {
    if (strict_) throw QuerySyntaxError(what, pos);
    warnings_.push_back(fmt::format("{} (at byte {}); {}", what, pos, repair));
  }

  // ---- lexer -----------------------------------------------------------------------------
  char32_t peek_cp(std::size_t i) const {
    std::size_t j = i;
    return utf8::decode(text_, j);
  }
  std::size_t next_cp(std::size_t i) const {
    utf8::decode(text_, i);
    return i;
  }

  void lex() {
    std::size_t i = 0;
    std::vector<std::size_t> open_parens;
    const std::size_t n = text_.size();
    bool at_token_start = true;  // '+', '-', '=' are modifiers only where a token may start
    std::size_t dropped_parens = 0;  // '(' nested deeper than kMaxQueryNesting, ignored
    while (i < n) {
      if (toks_.size() >= kMaxQueryTokens) {  // bounds the tree's depth and the work done
        problem(fmt::format("query longer than {} words and operators", kMaxQueryTokens), i,
                "ignored the rest");
        break;
      }
      const char32_t cp = peek_cp(i);
      const std::size_t after = next_cp(i);
      if (is_space(cp) || cp == utf8::kInvalid) {
        i = after;
        at_token_start = true;
        continue;
      }
      if (cp == '(' && (open_parens.size() >= kMaxQueryNesting || dropped_parens > 0)) {
        if (dropped_parens++ == 0) {
          problem(fmt::format("parentheses nested deeper than {}", kMaxQueryNesting), i,
                  "ignored the deeper ones");
        }
        i = after;
        at_token_start = true;
        continue;
      }
      if (cp == '(') {
        open_parens.push_back(toks_.size());
        toks_.push_back(Tok{T::kLParen, i, after});
        i = after;
        at_token_start = true;
        continue;
      }
      if (cp == ')' && dropped_parens > 0) {
        --dropped_parens;
        i = after;
        at_token_start = true;
        continue;
      }
      if (cp == ')') {
        if (open_parens.empty()) {
          problem("unmatched ')'", i, "ignored it");
        } else {
          open_parens.pop_back();
          toks_.push_back(Tok{T::kRParen, i, after});
        }
        i = after;
        at_token_start = true;
        continue;
      }
      if (cp == 0xBB) {  // a closing guillemet with no opening one: punctuation
        i = after;
        continue;
      }
      if (is_open_quote(cp)) {
        std::size_t j = after;
        std::size_t close = n;
        while (j < n) {
          const char32_t c = peek_cp(j);
          if (closes(cp, c)) {
            close = j;
            break;
          }
          j = next_cp(j);
        }
        Tok t{T::kPhrase, i, close == n ? n : next_cp(close)};
        t.text = std::string(text_.substr(after, close - after));
        if (close == n) problem("unclosed quote", i, "searched the rest of the query as a phrase");
        toks_.push_back(std::move(t));
        i = toks_.back().end;
        at_token_start = true;
        continue;
      }
      if (at_token_start && (cp == '+' || cp == '-' || cp == '=')) {
        const T type = cp == '+' ? T::kPlus : cp == '-' ? T::kMinus : T::kEquals;
        if (after >= n || is_space(peek_cp(after)) || peek_cp(after) == ')') {
          problem(fmt::format("'{}' with nothing after it", static_cast<char>(cp)), i, "ignored it");
        } else {
          toks_.push_back(Tok{type, i, after});
        }
        i = after;
        continue;  // the token that follows starts right here: keep at_token_start
      }
      // A word: up to whitespace, a parenthesis or a quote.
      std::size_t j = i;
      while (j < n && !ends_word(peek_cp(j))) j = next_cp(j);
      std::string_view word = text_.substr(i, j - i);
      // field:value — the value starts right after the colon.
      if (const auto colon = word.find(':'); colon != std::string_view::npos && colon > 0) {
        std::string field = canonical_field(word.substr(0, colon));
        if (!field.empty()) {
          Tok t{T::kField, i, i + colon + 1};
          t.text = std::move(field);
          toks_.push_back(std::move(t));
          i = i + colon + 1;
          at_token_start = true;
          continue;
        }
      }
      Tok t{T::kWord, i, j};
      if (word == "AND") {
        t.type = T::kAnd;
      } else if (word == "OR") {
        t.type = T::kOr;
      } else if (word == "NOT") {
        t.type = T::kNot;
      } else if (word == "NEAR") {
        t.type = T::kNear;
      } else if (word.starts_with("NEAR/")) {
        const std::string digits = fold_digits(word.substr(5));
        unsigned d = 0;
        bool ok = !digits.empty() && digits.size() <= 4;
        for (char c : digits) {
          if (c < '0' || c > '9')
            ok = false;
          else
            d = d * 10 + static_cast<unsigned>(c - '0');
        }
        if (ok) {
          t.type = T::kNear;
          t.distance = d;
        } else {
          problem(fmt::format("bad NEAR distance '{}'", word.substr(5)), i + 5, "used the default");
          t.type = T::kNear;
        }
      } else {
        while (!word.empty() && word.back() == '*') {
          word.remove_suffix(1);
          t.star = true;
        }
        t.text = std::string(word);
        if (t.text.empty()) {  // '*' alone
          problem("'*' with no prefix before it", i, "ignored it");
          i = j;
          at_token_start = true;
          continue;
        }
      }
      toks_.push_back(std::move(t));
      i = j;
      at_token_start = true;
    }
    // Unclosed parentheses: close them at the end of the query.
    for (auto it = open_parens.rbegin(); it != open_parens.rend(); ++it) {
      problem("unclosed '('", toks_[*it].begin, "closed it at the end of the query");
      toks_.push_back(Tok{T::kRParen, n, n});
    }
    toks_.push_back(Tok{T::kEnd, n, n});
  }

  // ---- parser ----------------------------------------------------------------------------
  const Tok& peek() const { return toks_[pos_]; }
  const Tok& take() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }

  static const char* name(T t) {
    switch (t) {
      case T::kAnd:
        return "AND";
      case T::kOr:
        return "OR";
      case T::kNot:
        return "NOT";
      case T::kNear:
        return "NEAR";
      default:
        return "operator";
    }
  }

  std::optional<QueryNode> parse_or() {
    std::vector<QueryNode> parts;
    if (auto first = parse_and()) parts.push_back(std::move(*first));
    while (peek().type == T::kOr) {
      const Tok op = take();
      auto rhs = parse_and();
      if (!rhs) {
        problem("OR with nothing after it", op.begin, "ignored it");
        continue;
      }
      if (parts.empty()) problem("OR with nothing before it", op.begin, "ignored it");
      parts.push_back(std::move(*rhs));
    }
    if (parts.empty()) return std::nullopt;
    if (parts.size() == 1) return std::move(parts.front());
    QueryNode node = make_node(QueryNode::Kind::kOr);
    node.begin = parts.front().begin;
    node.end = parts.back().end;
    for (auto& p : parts) {
      if (p.kind == QueryNode::Kind::kOr) {
        for (auto& c : p.children) node.children.push_back(std::move(c));
      } else {
        node.children.push_back(std::move(p));
      }
    }
    return node;
  }

  static bool only_excluded(const QueryNode& n) {
    if (n.modifier == QueryNode::Modifier::kExcluded) return true;
    if (n.kind != QueryNode::Kind::kGroup) return false;
    for (const auto& c : n.children) {
      if (c.modifier != QueryNode::Modifier::kExcluded) return false;
    }
    return true;
  }

  // Turns an all-excluded group into the positive group of the same items.
  static QueryNode positive(QueryNode n) {
    n.modifier = QueryNode::Modifier::kNone;
    if (n.kind == QueryNode::Kind::kGroup) {
      for (auto& c : n.children) c.modifier = QueryNode::Modifier::kNone;
      if (n.children.size() == 1) return std::move(n.children.front());
    }
    return n;
  }

  std::optional<QueryNode> parse_and() {
    std::optional<QueryNode> left = parse_group();
    while (peek().type == T::kAnd || peek().type == T::kNot) {
      const Tok op = take();
      auto rhs = parse_group();
      if (!rhs) {
        problem(fmt::format("{} with nothing after it", name(op.type)), op.begin, "ignored it");
        continue;
      }
      if (!left) {
        if (op.type == T::kAnd) {
          problem("AND with nothing before it", op.begin, "ignored it");
          left = std::move(rhs);
        } else {
          // A leading NOT excludes (handled by parse_group normally; here after a dropped AND).
          QueryNode g = make_node(QueryNode::Kind::kGroup);
          g.begin = op.begin;
          g.end = rhs->end;
          rhs->modifier = QueryNode::Modifier::kExcluded;
          g.children.push_back(std::move(*rhs));
          left = std::move(g);
        }
        continue;
      }
      QueryNode node = make_node(op.type == T::kNot ? QueryNode::Kind::kAndNot : QueryNode::Kind::kAnd);
      if (op.type == T::kAnd && only_excluded(*rhs)) {  // a AND NOT b, a AND -b
        node.kind = QueryNode::Kind::kAndNot;
        *rhs = positive(std::move(*rhs));
      }
      if (node.kind == QueryNode::Kind::kAnd && left->kind == QueryNode::Kind::kAnd &&
          left->modifier == QueryNode::Modifier::kNone) {
        // a AND b AND c: one node with three children, not a tree as deep as the chain is long.
        left->end = rhs->end;
        left->children.push_back(std::move(*rhs));
        continue;
      }
      node.begin = left->begin;
      node.end = rhs->end;
      node.children.push_back(std::move(*left));
      node.children.push_back(std::move(*rhs));
      left = std::move(node);
    }
    return left;
  }

  bool group_stops(T t, bool have_items) const {
    return t == T::kEnd || t == T::kRParen || t == T::kOr || t == T::kAnd || (t == T::kNot && have_items);
  }

  std::optional<QueryNode> parse_group() {
    QueryNode group = make_node(QueryNode::Kind::kGroup);
    while (!group_stops(peek().type, !group.children.empty())) {
      const std::size_t before = pos_;
      if (auto item = parse_item()) {
        group.children.push_back(std::move(*item));
        continue;
      }
      if (pos_ == before) {  // a token that cannot start an item
        const Tok op = take();
        problem(fmt::format("{} with nothing before it", name(op.type)), op.begin, "ignored it");
      }
    }
    if (group.children.empty()) return std::nullopt;
    if (group.children.size() == 1 && group.children.front().modifier == QueryNode::Modifier::kNone) {
      return std::move(group.children.front());
    }
    group.begin = group.children.front().begin;
    group.end = group.children.back().end;
    return group;
  }

  std::optional<QueryNode> parse_item() {
    auto modifier = QueryNode::Modifier::kNone;
    std::optional<Tok> mod_tok;
    const T t = peek().type;
    if (t == T::kPlus || t == T::kMinus || t == T::kNot) {
      mod_tok = take();
      modifier = t == T::kPlus ? QueryNode::Modifier::kRequired : QueryNode::Modifier::kExcluded;
    }
    auto node = parse_near();
    if (!node) {
      if (mod_tok) {
        const std::string what = mod_tok->type == T::kNot ? "NOT" : mod_tok->type == T::kPlus ? "'+'" : "'-'";
        problem(what + " with nothing after it", mod_tok->begin, "ignored it");
      }
      return std::nullopt;
    }
    if (mod_tok) node->begin = mod_tok->begin;
    node->modifier = modifier;
    return node;
  }

  std::optional<QueryNode> parse_near() {
    auto left = parse_primary();
    if (!left || peek().type != T::kNear) return left;
    QueryNode near = make_node(QueryNode::Kind::kNear);
    near.begin = left->begin;
    near.end = left->end;
    near.children.push_back(std::move(*left));
    while (peek().type == T::kNear) {
      const Tok op = take();
      near.distance = std::max(near.distance, op.distance);
      auto rhs = parse_primary();
      if (!rhs) {
        problem("NEAR with nothing after it", op.begin, "ignored it");
        break;
      }
      near.end = rhs->end;
      near.children.push_back(std::move(*rhs));
    }
    if (near.children.size() == 1) return std::move(near.children.front());
    return near;
  }

  std::optional<QueryNode> parse_primary() {
    const Tok t = peek();
    switch (t.type) {
      case T::kLParen: {
        take();
        auto inner = parse_or();
        const Tok close = take();  // the lexer balanced the parentheses: this is the ')'
        if (!inner) {
          problem("empty parentheses", t.begin, "ignored them");
          return std::nullopt;
        }
        inner->begin = t.begin;
        inner->end = close.end;
        return inner;
      }
      case T::kPhrase: {
        take();
        if (t.text.find_first_not_of(" \t\n\r") == std::string::npos) return std::nullopt;  // ""
        QueryNode n = make_node(QueryNode::Kind::kPhrase, t.text, t.begin, t.end);
        return n;
      }
      case T::kEquals: {
        take();
        const Tok u = peek();
        if (u.type == T::kWord) {
          take();
          if (u.star) problem("'*' after an exact form", u.end, "searched the exact word");
          return make_node(QueryNode::Kind::kExact, u.text, t.begin, u.end);
        }
        if (u.type == T::kPhrase) {
          take();
          return make_node(QueryNode::Kind::kExactPhrase, u.text, t.begin, u.end);
        }
        problem("'=' with no word or phrase after it", t.begin, "ignored it");
        while (peek().type == T::kEquals) take();  // "===x": no recursion per '='
        return parse_primary();
      }
      case T::kWord: {
        take();
        QueryNode n =
            make_node(t.star ? QueryNode::Kind::kPrefix : QueryNode::Kind::kWord, t.text, t.begin, t.end);
        return n;
      }
      case T::kField:
        take();
        return parse_field(t);
      default:
        return std::nullopt;
    }
  }

  std::optional<QueryNode> parse_field(const Tok& field) {
    const Tok v = peek();
    if (field.text == "title") {
      while (peek().type == T::kField && peek().text == "title") take();  // title:title:x = title:x
      auto value = parse_primary();
      if (!value) {
        problem("title: with nothing after it", field.begin, "ignored it");
        return std::nullopt;
      }
      QueryNode n = make_node(QueryNode::Kind::kTitle, {}, field.begin, value->end);
      n.children.push_back(std::move(*value));
      return n;
    }
    if (v.type != T::kWord && v.type != T::kPhrase) {
      problem(field.text + ": with nothing after it", field.begin, "ignored it");
      return std::nullopt;
    }
    take();
    std::string value = v.text + (v.star ? "*" : "");
    if (field.text == "date") {
      QueryNode n = make_node(QueryNode::Kind::kDate, value, field.begin, v.end);
      if (!parse_date_range(fold_digits(value), n.date_from, n.date_to)) {
        problem(fmt::format("bad date range '{}' (expected YYYY, YYYY-MM or YYYY-MM-DD, or "
                            "FROM..TO with either end left open)",
                            value),
                v.begin, "ignored the date filter");
        return std::nullopt;
      }
      if (!n.date_from.empty() && !n.date_to.empty() &&
          n.date_from.substr(0, std::min(n.date_from.size(), n.date_to.size())) >
              n.date_to.substr(0, std::min(n.date_from.size(), n.date_to.size()))) {
        problem(fmt::format("date range '{}' ends before it starts", value), v.begin, "swapped its ends");
        std::swap(n.date_from, n.date_to);
      }
      return n;
    }
    if (value.empty()) {
      problem(field.text + ": with an empty value", v.begin, "ignored it");
      return std::nullopt;
    }
    return make_node(field.text == "source" ? QueryNode::Kind::kSource : QueryNode::Kind::kCategory, value,
                     field.begin, v.end);
  }

  // One end of a date range → "YYYY", "YYYYMM" or "YYYYMMDD"; false if malformed.
  static bool parse_date(std::string_view s, std::string& out) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : s) {
      if (c >= '0' && c <= '9') {
        cur.push_back(c);
      } else if (c == '-' || c == '/' || c == '.') {
        parts.push_back(std::move(cur));
        cur.clear();
      } else {
        return false;
      }
    }
    parts.push_back(std::move(cur));
    if (parts.size() == 1 && (parts[0].size() == 6 || parts[0].size() == 8)) {  // 202403, 20240301
      const std::string all = parts[0];
      parts = {all.substr(0, 4), all.substr(4, 2)};
      if (all.size() == 8) parts.push_back(all.substr(6, 2));
    }
    if (parts.empty() || parts.size() > 3 || parts[0].size() != 4) return false;
    out = parts[0];
    const int limits[] = {0, 12, 31};
    for (std::size_t k = 1; k < parts.size(); ++k) {
      const std::string& p = parts[k];
      if (p.empty() || p.size() > 2) return false;
      const int v = std::stoi(p);
      if (v < 1 || v > limits[k]) return false;
      out += fmt::format("{:02}", v);
    }
    return true;
  }

  static bool parse_date_range(const std::string& value, std::string& from, std::string& to) {
    const auto dots = value.find("..");
    if (dots == std::string::npos) {
      if (!parse_date(value, from)) return false;
      to = from;
      return true;
    }
    const std::string a = value.substr(0, dots);
    const std::string b = value.substr(dots + 2);
    if (a.empty() && b.empty()) return false;
    if (!a.empty() && !parse_date(a, from)) return false;
    if (!b.empty() && !parse_date(b, to)) return false;
    return true;
  }

  std::string_view text_;
  bool strict_;
  std::vector<Tok> toks_;
  std::size_t pos_ = 0;
  std::vector<std::string> warnings_;
};

}  // namespace

ParsedQuery parse_query(std::string_view text, bool strict) {
  return Parser(text, strict).run();
}

std::string fold_digits(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t cp = utf8::decode(text, i);
    if (cp >= 0x660 && cp <= 0x669) {
      out.push_back(static_cast<char>('0' + (cp - 0x660)));
    } else if (cp >= 0x6F0 && cp <= 0x6F9) {
      out.push_back(static_cast<char>('0' + (cp - 0x6F0)));
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

std::string describe(const QueryNode& n) {
  using K = QueryNode::Kind;
  std::string mod = n.modifier == QueryNode::Modifier::kRequired   ? "+"
                    : n.modifier == QueryNode::Modifier::kExcluded ? "-"
                                                                   : "";
  auto join = [&](const char* sep) {
    std::string s;
    for (const auto& c : n.children) {
      if (!s.empty()) s += sep;
      s += describe(c);
    }
    return s;
  };
  switch (n.kind) {
    case K::kWord:
      return mod + n.text;
    case K::kPhrase:
      return mod + "\"" + n.text + "\"";
    case K::kExact:
      return mod + "=" + n.text;
    case K::kExactPhrase:
      return mod + "=\"" + n.text + "\"";
    case K::kPrefix:
      return mod + n.text + "*";
    case K::kNear:
      return mod + "(" + join(n.distance ? fmt::format(" NEAR/{} ", n.distance).c_str() : " NEAR ") + ")";
    case K::kGroup:
      return mod + "(" + join(" ") + ")";
    case K::kAnd:
      return mod + "(" + join(" AND ") + ")";
    case K::kAndNot:
      return mod + "(" + join(" NOT ") + ")";
    case K::kOr:
      return mod + "(" + join(" OR ") + ")";
    case K::kTitle:
      return mod + "title:" + join("");
    case K::kSource:
      return mod + "source:\"" + n.text + "\"";
    case K::kCategory:
      return mod + "category:\"" + n.text + "\"";
    case K::kDate:
      return mod + "date:" + n.date_from + ".." + n.date_to;
  }
  return "";
}

}  // namespace bahth::detail
