// SPDX-License-Identifier: GPL-2.0-or-later
#include "query_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "bahth/schema.h"
#include "bahth/utf8.h"

namespace bahth::detail {

namespace {

// A query matching every article. Not Xapian's static MatchAll: that is one object whose
// reference count (not atomic) every copy changes, so searches in several threads at once
// corrupted it — a SIGSEGV in Enquire::set_query under ASan in "search: many threads can search
// one Searcher at once". Xapian's header says to build Query(std::string()) instead, which is
// what MatchAll is.
Xapian::Query match_all() { return Xapian::Query(std::string()); }

using K = QueryNode::Kind;
using M = QueryNode::Modifier;

// One built piece of the query.
struct Part {
  Xapian::Query q;
  std::string desc;
  bool filter = false;  // a boolean filter: contributes no weight
  bool empty = true;    // nothing searchable (dropped stopwords, empty phrase…)
  std::string field;    // for filters: "source", "category", "date" (same field: alternatives)
};

Part make(Xapian::Query q, std::string desc, bool filter = false, std::string field = "") {
  return Part{std::move(q), std::move(desc), filter, false, std::move(field)};
}

// Keeps only letters and digits (lower-case ASCII, any non-ASCII), for lenient name matching.
std::string squeeze(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out.push_back(c);
    else if (c >= 'A' && c <= 'Z')
      out.push_back(static_cast<char>(c - 'A' + 'a'));
  }
  return out;
}

// Splits normalized text into words on anything that is not a letter or digit.
std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x80 || std::isalnum(b)) {
      cur.push_back(c);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

class Builder {
 public:
  Builder(const Analyzer& analyzer, const Xapian::Database& db, const BuildOptions& options,
          DefaultOperator op)
      : an_(analyzer),
        db_(db),
        opt_(options),
        op_(op == DefaultOperator::kOr ? DefaultOperator::kOr : DefaultOperator::kAnd),
        bare_implied_(schema::bare_forms_implied(analyzer.options().stemmer)) {}

  BuiltQuery run(const ParsedQuery& parsed) {
    BuiltQuery out;
    if (parsed.empty()) {
      out.warnings.push_back("the query has nothing to search for");
      return out;
    }
    keep_stopwords_ = !has_content(parsed.root.front());
    Part p = build(parsed.root.front(), false, true);
    if (p.empty) {
      out.warnings.push_back("the query has nothing to search for");
    } else {
      out.empty = false;
      if (p.filter) {  // only filters: every article that passes them, unweighted
        p.q = Xapian::Query(Xapian::Query::OP_FILTER, match_all(), p.q);
      }
      out.query = std::move(p.q);
      out.description = std::move(p.desc);
    }
    out.warnings.insert(out.warnings.end(), warnings_.begin(), warnings_.end());
    out.highlight = std::move(highlight_);
    out.spell_words = std::move(spell_);
    // S terms that only filter (a phrase in title and body) add nothing to the score.
    for (const std::string& t : filter_title_terms_) {
      if (!weighted_title_terms_.contains(t)) term_scale_.insert_or_assign(t, 0.0);
    }
    out.term_scale = std::move(term_scale_);
    out.default_operator_used = default_used_;
    return out;
  }

 private:
  // True if the tree holds any searchable text besides stopwords.
  bool has_content(const QueryNode& n) const {
    switch (n.kind) {
      case K::kWord:
        for (const auto& t : an_.analyze(n.text)) {
          if (!t.stopword) return true;
        }
        return false;
      case K::kPhrase:
      case K::kExact:
      case K::kExactPhrase:
      case K::kPrefix:
        return true;
      case K::kSource:
      case K::kCategory:
      case K::kDate:
        return false;
      default:
        for (const auto& c : n.children) {
          if (has_content(c)) return true;
        }
        return false;
    }
  }

  int new_item() { return highlight_.items++; }

  void mark_stem(const Token& t, int item) {
    if (excluded_ > 0) return;
    if (t.stopword && !keep_stopwords_) return;
    highlight_.stems.emplace(t.stem, item);
  }

  // The term of a stem, in the title (S) or in title and body.
  static std::string term_name(const std::string& stem, bool title) {
    return std::string(title ? schema::kPrefixTitle : schema::kPrefixStem) + stem;
  }
  // The same, for a term that goes into the query with its weight.
  std::string stem_term(const std::string& stem, bool title) {
    std::string term = term_name(stem, title);
    if (title) weighted_title_terms_.insert(term);
    return term;
  }

  // A phrase over the stems of tokens (one term when there is only one).
  Xapian::Query phrase_query(const std::vector<Token>& toks, bool title) {
    std::vector<std::string> stems;
    std::vector<Xapian::termpos> positions;
    for (const auto& t : toks) {
      stems.push_back(t.stem);
      positions.push_back(t.position + 1);
    }
    if (stems.size() == 1) return Xapian::Query(stem_term(stems.front(), title), 1, positions.front());
    const auto window = static_cast<Xapian::termcount>(toks.back().position - toks.front().position + 1);
    return positional(Xapian::Query::OP_PHRASE, stems, positions, window, title);
  }

  // A phrase or NEAR of stems. In the title alone: of the S terms. In title and body: the stems
  // carry only the body's positions and the S terms the title's (schema.h), so it is the stems
  // in the body or the S terms in the title, weighted as the stems (what the AND of them gives,
  // as a phrase of them would); the OR only filters.
  Xapian::Query positional(Xapian::Query::op op, const std::vector<std::string>& stems,
                           const std::vector<Xapian::termpos>& positions, Xapian::termcount window,
                           bool title) {
    std::vector<Xapian::Query> title_terms, body_terms;
    for (std::size_t i = 0; i < stems.size(); ++i) {
      if (title) {
        title_terms.emplace_back(stem_term(stems[i], true), 1, positions[i]);
        continue;
      }
      std::string s_term = term_name(stems[i], true);
      filter_title_terms_.insert(s_term);
      title_terms.emplace_back(std::move(s_term), 1, positions[i]);
      body_terms.emplace_back(stem_term(stems[i], false), 1, positions[i]);
    }
    const Xapian::Query in_title(op, title_terms.begin(), title_terms.end(), window);
    if (title) return in_title;
    return Xapian::Query(
        Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, body_terms.begin(), body_terms.end()),
        Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(op, body_terms.begin(), body_terms.end(), window),
                      in_title));
  }

  static std::string phrase_desc(const std::vector<Token>& toks, bool title, const char* mark = "") {
    std::string s;
    for (const auto& t : toks) {
      if (!s.empty()) s += ' ';
      s += t.stem;
    }
    std::string pre = title ? "title:" : "";
    return toks.size() == 1 ? pre + mark + s : pre + mark + "\"" + s + "\"";
  }

  Part word(const QueryNode& n, bool title, bool required) {
    auto toks = an_.analyze(n.text);
    if (toks.empty()) return {};
    if (toks.size() > 1) {  // "COVID-19", "2024م": one written word, several tokens
      const int item = new_item();
      for (const auto& t : toks) mark_stem(t, item);
      return make(phrase_query(toks, title), phrase_desc(toks, title));
    }
    const Token& t = toks.front();
    if (t.stopword && !keep_stopwords_ && !required) return {};
    const int item = new_item();
    mark_stem(t, item);
    if ((!t.stopword || keep_stopwords_) && excluded_ == 0) {
      spell_.push_back(SpellWord{n.end - n.text.size(), n.end, t.normalized});
    }
    Xapian::Query q(stem_term(t.stem, title));
    std::string desc = (title ? "title:" : "") + t.stem;
    if (std::optional<Token> rest = proclitic_rest(t, title)) {
      // بريطانيا for لبريطانيا: one term for the ranking (the articles that write either form).
      q = Xapian::Query(Xapian::Query::OP_SYNONYM, q, Xapian::Query(stem_term(rest->stem, title)));
      desc = "(" + desc + "|" + rest->stem + ")";
      if (excluded_ == 0) highlight_.stems.emplace(rest->stem, item);
    }
    if (!title && opt_.ranking.exact_boost > 0 && t.normalized != t.stem) {
      std::string exact = std::string(schema::kPrefixExact) + t.normalized;
      q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(exact),
                                      opt_.ranking.exact_boost));
      term_scale_.emplace(std::move(exact), opt_.ranking.exact_boost);
    }
    if (!title && opt_.ranking.title_boost > 0) {
      q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(stem_term(t.stem, true)),
                                      opt_.ranking.title_boost));
    }
    return make(std::move(q), std::move(desc));
  }

  static constexpr std::string_view kProclitics[] = {"\u0628", "\u0644", "\u0643", "\u0641"};  // ب ل ك ف

  // The light stemmer leaves the one-letter proclitics ب ل ك ف on (stripping them blindly
  // turns كتاب into تاب). A query word that starts with one is also searched without it when the
  // index itself says the rest is the word: its stem is at least proclitic_ratio times as
  // frequent as the whole word's (لسويسرا → سويسرا, بوظيفتها → وظيفت; not كبير → بير).
  std::optional<Token> proclitic_rest(const Token& t, bool title) const {
    const double ratio = opt_.ranking.proclitic_ratio;
    if (ratio <= 0 || t.stopword) return std::nullopt;
    std::string_view w = t.normalized;
    // After the conjunction و, which the stemmer strips (وبريطانيا, ولسويسرا).
    static constexpr std::string_view kWaw = "\u0648";
    if (w.starts_with(kWaw) && !std::string_view(t.stem).starts_with(kWaw)) w.remove_prefix(kWaw.size());
    bool proclitic = false;
    for (std::string_view p : kProclitics) proclitic = proclitic || w.starts_with(p);
    if (!proclitic) return std::nullopt;
    const std::string_view rest_text = w.substr(2);  // each is one 2-byte letter
    if (utf8::length(rest_text) < 3) return std::nullopt;
    std::vector<Token> rest = an_.analyze(rest_text);
    if (rest.size() != 1 || rest.front().stopword || rest.front().stem == t.stem) return std::nullopt;
    const Xapian::doccount whole = db_.get_termfreq(term_name(t.stem, title));
    const Xapian::doccount without = db_.get_termfreq(term_name(rest.front().stem, title));
    if (without == 0 || static_cast<double>(without) < ratio * static_cast<double>(whole)) return std::nullopt;
    return std::move(rest.front());
  }

  Part phrase(const QueryNode& n, bool title) {
    auto toks = an_.analyze(n.text);
    if (toks.empty()) return {};
    const int item = new_item();
    for (const auto& t : toks) mark_stem(t, item);
    return make(phrase_query(toks, title), phrase_desc(toks, title));
  }

  Part exact(const QueryNode& n, bool title) {
    auto toks = an_.analyze(n.text);
    if (toks.empty()) return {};
    const int item = new_item();
    std::vector<Xapian::Query> exacts;
    std::string eds;
    for (const auto& t : toks) {
      if (excluded_ == 0) highlight_.exacts.emplace(t.normalized, item);
      exacts.push_back(exact_form(t.normalized, t.stem));
      if (!eds.empty()) eds += ' ';
      eds += t.normalized;
    }
    if (toks.size() == 1 && !title) return make(exacts.front(), "=" + eds);
    // A phrase (or a title word): the stems in order, and each exact form somewhere.
    Xapian::Query ex = exacts.size() == 1
                           ? exacts.front()
                           : Xapian::Query(Xapian::Query::OP_AND, exacts.begin(), exacts.end());
    return make(Xapian::Query(Xapian::Query::OP_FILTER, phrase_query(toks, title), ex),
                phrase_desc(toks, title) + " FILTER =\"" + eds + "\"");
  }

  // The articles holding `form` (normalized) itself. An affixed form (not its own stem) has an E
  // term everywhere. A bare form has one only where the article also holds its stem in an
  // affixed form (schema.h, kPrefixExact); elsewhere the stem term says it, unless one of the
  // stem's affixed forms is what put the stem there: E+form, or the stem without any of those.
  // Weighted as one term.
  Xapian::Query exact_form(const std::string& form, const std::string& stem) const {
    Xapian::Query e(std::string(schema::kPrefixExact) + form);
    if (!bare_implied_ || form != stem) return e;
    return Xapian::Query(Xapian::Query::OP_SYNONYM, e, bare_only(stem));
  }

  // The articles whose stem term `stem` comes from bare occurrences only.
  Xapian::Query bare_only(const std::string& stem) const {
    std::vector<Xapian::Query> affixed;
    for (const std::string& f : affixed_forms(stem)) affixed.emplace_back(std::string(schema::kPrefixExact) + f);
    if (affixed.empty()) return Xapian::Query(stem);
    return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(stem),
                         Xapian::Query(Xapian::Query::OP_OR, affixed.begin(), affixed.end()));
  }

  // Every indexed affixed form whose stem is `stem`. The stemmers of bare_forms_implied() cut the
  // stem out of the word after at most two proclitic stages (و, then one of ال وال بال كال فال
  // لل), so each such form starts with one of those 14 prefixes + the stem: scan those E ranges
  // and keep the forms that stem to it (docs/indexing.md: 0.08 ms median per stem on 20,000
  // articles). bahth's exclusions (لله → الله) are the one case where the stem is not inside.
  std::vector<std::string> affixed_forms(const std::string& stem) const {
    static const std::unordered_map<std::string, std::string> kExclusions = bahth_exclusions();
    const std::string ep(schema::kPrefixExact);
    std::vector<std::string> out;
    auto consider = [&](std::string_view form) {
      if (form != stem && an_.stem(form) == stem) out.emplace_back(form);
    };
    auto scan = [&](const std::string& proclitics) {
      const std::string start = ep + proclitics + stem;
      for (auto it = db_.allterms_begin(start); it != db_.allterms_end(start); ++it) {
        consider(std::string_view(*it).substr(ep.size()));
      }
    };
    for (const std::string first : {"", "\u0648"}) {  // و
      scan(first);
      for (const auto& article : article_forms()) scan(first + article);
    }
    if (an_.options().stemmer == StemmerKind::kBahth) {
      for (const auto& [form, st] : kExclusions) {
        if (st == stem && db_.term_exists(ep + form)) consider(form);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  Part prefix(const QueryNode& n, bool title) {
    const std::string norm = an_.normalize(n.text);
    if (norm.empty()) return {};
    std::vector<std::string> patterns{norm};
    bool has_article = false;
    for (const auto& a : article_forms()) has_article = has_article || norm.starts_with(a);
    if (!has_article) {
      for (const auto& a : article_forms()) patterns.push_back(a + norm);
    }
    std::vector<std::pair<Xapian::doccount, std::string>> found;  // (frequency, normalized word)
    const std::string ep(schema::kPrefixExact);
    for (const auto& p : patterns) {
      const std::string start = ep + p;
      for (auto it = db_.allterms_begin(start); it != db_.allterms_end(start); ++it) {
        found.emplace_back(it.get_termfreq(), (*it).substr(ep.size()));
      }
    }
    if (bare_implied_) {
      // Bare forms have no E term where the stem term implies them: the stems that start with a
      // pattern and are their own stem are such words (stem terms have no prefix letter).
      for (const auto& p : patterns) {
        for (auto it = db_.allterms_begin(p); it != db_.allterms_end(p); ++it) {
          const std::string word = *it;
          if (an_.stem(word) == word) found.emplace_back(it.get_termfreq(), word);
        }
      }
    }
    // Each word once (with its larger frequency: an E term's or its stem's), most frequent first.
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second < b.second : a.first > b.first;
    });
    found.erase(std::unique(found.begin(), found.end(),
                            [](const auto& a, const auto& b) { return a.second == b.second; }),
                found.end());
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const std::string desc = (title ? "title:" : "") + norm + "*";
    if (found.empty()) {
      warnings_.push_back(fmt::format("no indexed word starts with '{}'", norm));
      return make(Xapian::Query::MatchNothing, desc + "{}");
    }
    if (found.size() > opt_.max_prefix_expansion) {
      warnings_.push_back(fmt::format("'{}*' matches {} words; searched the {} most frequent", norm,
                                      found.size(), opt_.max_prefix_expansion));
      found.resize(opt_.max_prefix_expansion);
    }
    const int item = new_item();
    std::vector<Xapian::Query> terms;
    std::vector<std::string> seen;
    for (const auto& [freq, word] : found) {
      if (excluded_ == 0) highlight_.exacts.emplace(word, item);
      if (title) {
        std::string st = stem_term(an_.stem(word), true);
        if (std::find(seen.begin(), seen.end(), st) != seen.end()) continue;
        seen.push_back(st);
        terms.emplace_back(st);
      } else {
        terms.push_back(exact_form(word, an_.stem(word)));
      }
    }
    return make(Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()),
                fmt::format("{}{{{} words}}", desc, found.size()));
  }

  Part near(const QueryNode& n, bool title) {
    std::vector<std::string> stems;
    bool simple = true;
    const int item = new_item();
    for (const auto& c : n.children) {
      if (c.kind != K::kWord) {
        simple = false;
        continue;
      }
      auto toks = an_.analyze(c.text);
      if (toks.size() != 1) {
        simple = false;
        continue;
      }
      mark_stem(toks.front(), item);
      stems.push_back(toks.front().stem);
    }
    if (!simple || stems.size() < 2) {
      warnings_.push_back(
          fmt::format("NEAR works between single words (at byte {}); searched its parts with AND", n.begin));
      QueryNode g = make_node(K::kAnd);
      g.children = n.children;
      for (auto& c : g.children) c.modifier = M::kNone;
      return combine_and(g, title);
    }
    const unsigned distance = n.distance ? n.distance : opt_.ranking.near_distance;
    const auto window = static_cast<Xapian::termcount>(distance + stems.size() - 1);
    std::string desc = "(";
    for (std::size_t i = 0; i < stems.size(); ++i) {
      if (i) desc += fmt::format(" NEAR/{} ", distance);
      desc += stems[i];
    }
    desc += ")";
    std::vector<Xapian::termpos> positions(stems.size());
    for (std::size_t i = 0; i < positions.size(); ++i) positions[i] = static_cast<Xapian::termpos>(i + 1);
    return make(positional(Xapian::Query::OP_NEAR, stems, positions, window, title), desc);
  }

  // source:/category: → the boolean terms whose names match the value.
  Part name_filter(const QueryNode& n, std::string_view prefix, const char* field) {
    const std::string norm = an_.normalize(n.text);
    const std::string pre(prefix);
    std::vector<std::string> terms;
    if (!norm.empty() && db_.term_exists(pre + norm)) {
      terms.push_back(pre + norm);
    } else {
      // Lenient: ignore spacing and punctuation ("sahil_times" = "Sahil Times"), then accept a
      // whole-word match ("source:sahil").
      const std::string want = squeeze(norm);
      std::vector<std::string> partial;
      for (auto it = db_.allterms_begin(pre); it != db_.allterms_end(pre) && !want.empty(); ++it) {
        const std::string name = (*it).substr(pre.size());
        if (squeeze(name) == want) {
          terms.push_back(*it);
          continue;
        }
        for (const auto& w : words_of(name)) {
          if (w == norm || squeeze(w) == want) {
            partial.push_back(*it);
            break;
          }
        }
      }
      if (terms.empty()) terms = std::move(partial);
    }
    const std::string desc = fmt::format("{}:\"{}\"", field, norm);
    if (terms.empty()) {
      warnings_.push_back(fmt::format("no {} named '{}' in the index", field, n.text));
      return make(Xapian::Query::MatchNothing, desc, true, field);
    }
    return make(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), desc, true, field);
  }

  Part date(const QueryNode& n) {
    const auto lo =
        n.date_from.empty() ? std::string() : n.date_from + std::string(14 - n.date_from.size(), '0');
    const auto hi = n.date_to.empty() ? std::string() : n.date_to + std::string(14 - n.date_to.size(), '9');
    Xapian::Query q;
    if (lo.empty()) {
      q = Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, hi);
    } else if (hi.empty()) {
      q = Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, lo);
    } else {
      q = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, lo, hi);
    }
    return make(std::move(q), fmt::format("date:{}..{}", n.date_from, n.date_to), true, "date");
  }

  // Side-by-side items: required AND_MAYBE optional (or optional by the default operator),
  // FILTER filters, AND_NOT excluded.
  Part group(const QueryNode& n, bool title) {
    std::vector<Part> req, opt, filt, excl;
    for (const auto& c : n.children) {
      if (c.modifier == M::kExcluded) ++excluded_;
      Part p = build(c, title, c.modifier == M::kRequired);
      if (c.modifier == M::kExcluded) --excluded_;
      if (p.empty) continue;
      if (c.modifier == M::kExcluded)
        excl.push_back(std::move(p));
      else if (p.filter)
        filt.push_back(std::move(p));
      else if (c.modifier == M::kRequired)
        req.push_back(std::move(p));
      else
        opt.push_back(std::move(p));
    }
    return assemble(std::move(req), std::move(opt), std::move(filt), std::move(excl));
  }

  Part assemble(std::vector<Part> req, std::vector<Part> opt, std::vector<Part> filt,
                std::vector<Part> excl) {
    auto join = [](const std::vector<Part>& parts, Xapian::Query::op op, const char* sep, const char* mark) {
      std::vector<Xapian::Query> qs;
      std::string d;
      for (const auto& p : parts) {
        qs.push_back(p.q);
        if (!d.empty()) d += sep;
        d += mark + p.desc;
      }
      Xapian::Query q = qs.size() == 1 ? qs.front() : Xapian::Query(op, qs.begin(), qs.end());
      return std::pair{q, parts.size() == 1 ? d : "(" + d + ")"};
    };
    Part out;
    bool have = false;
    if (!opt.empty()) {
      const bool use_and = op_ == DefaultOperator::kAnd;
      if (opt.size() > 1) default_used_ = true;
      auto [q, d] =
          join(opt, use_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR, use_and ? " AND " : " OR ", "");
      out = make(q, d);
      have = true;
    }
    if (!req.empty()) {
      auto [q, d] = join(req, Xapian::Query::OP_AND, " AND ", "+");
      if (have) {
        out = make(Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, out.q), d + " " + out.desc);
      } else {
        out = make(q, d);
      }
      have = true;
    }
    if (!filt.empty()) {
      // Filters on the same field are alternatives; different fields all apply.
      std::vector<Part> fields;
      for (auto& f : filt) {
        auto same = std::find_if(fields.begin(), fields.end(),
                                 [&](const Part& p) { return !f.field.empty() && p.field == f.field; });
        if (same == fields.end()) {
          fields.push_back(std::move(f));
        } else {
          same->q = Xapian::Query(Xapian::Query::OP_OR, same->q, f.q);
          same->desc = "(" + same->desc + " OR " + f.desc + ")";
        }
      }
      auto [q, d] = join(fields, Xapian::Query::OP_AND, " ", "");
      if (have) {
        out = make(Xapian::Query(Xapian::Query::OP_FILTER, out.q, q), out.desc + " FILTER " + d);
      } else {
        out = make(q, d, true);
      }
      have = true;
    }
    if (!excl.empty()) {
      auto [q, d] = join(excl, Xapian::Query::OP_OR, " ", "-");
      if (!have) {
        out = make(match_all(), "*");
        warnings_.push_back("the query only excludes words; searched every other article");
      }
      const bool was_filter = out.filter;
      out = make(Xapian::Query(Xapian::Query::OP_AND_NOT, out.q, q), out.desc + " NOT " + d, was_filter);
    }
    return out;
  }

  Part combine_and(const QueryNode& n, bool title) {
    std::vector<Part> req, filt;
    for (const auto& c : n.children) {
      Part p = build(c, title, true);
      if (p.empty) continue;
      (p.filter ? filt : req).push_back(std::move(p));
    }
    return assemble(std::move(req), {}, std::move(filt), {});
  }

  Part build(const QueryNode& n, bool title, bool required) {
    switch (n.kind) {
      case K::kWord:
        return word(n, title, required);
      case K::kPhrase:
        return phrase(n, title);
      case K::kExact:
      case K::kExactPhrase:
        return exact(n, title);
      case K::kPrefix:
        return prefix(n, title);
      case K::kNear:
        return near(n, title);
      case K::kTitle: {
        Part p = build(n.children.front(), true, required);
        return p;
      }
      case K::kSource:
        return name_filter(n, schema::kPrefixSource, "source");
      case K::kCategory:
        return name_filter(n, schema::kPrefixCategory, "category");
      case K::kDate:
        return date(n);
      case K::kGroup:
        return group(n, title);
      case K::kAnd: {
        // The parser writes `a AND b` with bare children: both required.
        return combine_and(n, title);
      }
      case K::kAndNot: {
        Part a = build(n.children[0], title, required);
        ++excluded_;
        Part b = build(n.children[1], title, false);
        --excluded_;
        std::vector<Part> req;
        std::vector<Part> filt;
        if (!a.empty) (a.filter ? filt : req).push_back(std::move(a));
        std::vector<Part> excl;
        if (!b.empty) excl.push_back(std::move(b));
        return assemble(std::move(req), {}, std::move(filt), std::move(excl));
      }
      case K::kOr: {
        std::vector<Xapian::Query> qs;
        std::string d;
        bool all_filters = true;
        std::size_t count = 0;
        for (const auto& c : n.children) {
          Part p = build(c, title, false);
          if (p.empty) continue;
          all_filters = all_filters && p.filter;
          // A filter OR'd with weighted words must not add BM25 weight of its own.
          qs.push_back(p.filter ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, p.q, 0.0) : p.q);
          if (!d.empty()) d += " OR ";
          d += p.desc;
          ++count;
        }
        if (count == 0) return {};
        if (count == 1) return make(qs.front(), d, all_filters);
        return make(Xapian::Query(Xapian::Query::OP_OR, qs.begin(), qs.end()), "(" + d + ")", all_filters);
      }
    }
    return {};
  }

  const Analyzer& an_;
  const Xapian::Database& db_;
  const BuildOptions& opt_;
  DefaultOperator op_;
  bool bare_implied_;  // schema::bare_forms_implied() for this analyzer
  bool keep_stopwords_ = false;
  int excluded_ = 0;  // > 0 while building something excluded: not highlighted
  bool default_used_ = false;
  HighlightTerms highlight_;
  std::vector<SpellWord> spell_;
  std::map<std::string, double> term_scale_;
  std::set<std::string> weighted_title_terms_;  // S terms that carry weight somewhere in the query
  std::set<std::string> filter_title_terms_;    // S terms in the filter of a phrase (positional())
  std::vector<std::string> warnings_;
};

}  // namespace

const std::vector<std::string>& article_forms() {
  static const std::vector<std::string> forms{"ال", "وال", "بال", "كال", "فال", "لل"};
  return forms;
}

BuiltQuery build_query(const ParsedQuery& parsed, const Analyzer& analyzer, const Xapian::Database& db,
                       const BuildOptions& options, DefaultOperator op) {
  return Builder(analyzer, db, options, op).run(parsed);
}

}  // namespace bahth::detail
