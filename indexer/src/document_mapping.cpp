// SPDX-License-Identifier: GPL-2.0-or-later
#include "bahth/document_mapping.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "bahth/record.h"
#include "bahth/schema.h"
#include "bahth/utf8.h"

namespace bahth {
namespace {

/// Xapian's limit on a term's length (in bytes, prefix included).
constexpr std::size_t kMaxTermBytes = 245;

bool has_arabic_letter(std::string_view s) noexcept {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b >= 0xD8 && b <= 0xDB;
  });
}

// True if the text between two words ends a sentence: . ! ? ؟ … or a line break. (A decimal point
// is inside its number's token, never between words.)
bool ends_sentence(std::string_view between) noexcept {
  return between.find_first_of(".!?\n") != std::string_view::npos ||
         between.find("\u061F") != std::string_view::npos || between.find("\u2026") != std::string_view::npos;
}

}  // namespace

std::uint64_t hash64(std::string_view data, std::uint64_t seed) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull ^ (seed * 0x9E3779B97F4A7C15ull);
  for (const char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  // splitmix64 finalizer: spreads FNV's weak high bits.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

std::string hash_key(std::uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  return out;
}

std::string content_hash(const Article& article, const MappingOptions& options) {
  // The record holds every field; the seed covers what changes the terms besides the record.
  return hash_key(hash64(article.record, options.include_title ? 1 : 2));
}

std::string filter_term(const Analyzer& analyzer, std::string_view prefix, std::string_view value) {
  const std::size_t b = value.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  value = value.substr(b, value.find_last_not_of(" \t\r\n") - b + 1);
  std::string norm = analyzer.normalize(value);
  if (norm.empty()) return {};
  std::string term(prefix);
  if (term.size() + norm.size() > kMaxTermBytes) {
    norm.resize(utf8::floor_boundary(norm, kMaxTermBytes - term.size()));
  }
  term += norm;
  return term;
}

MappedArticle map_article(const Analyzer& analyzer, const Article& a, const MappingOptions& options) {
  MappedArticle m;
  m.id = a.id;
  m.id_term.reserve(a.id.size() + 1);
  m.id_term.append(schema::kPrefixId).append(a.id);
  m.content_hash = content_hash(a, options);
  Xapian::Document& doc = m.document;

  std::unordered_map<std::string, std::uint32_t> spelling;
  std::string term;
  // Exact forms (schema.h, kPrefixExact): an affixed form always gets its E term; a bare form
  // only if the document also holds its stem in an affixed form (added after the body).
  const bool imply_bare = schema::bare_forms_implied(analyzer.options().stemmer);
  std::unordered_map<std::string, Xapian::termcount> bare;  // bare form -> occurrences
  std::unordered_set<std::string> affixed_stems;
  auto add_word = [&](const Token& t) {
    if (imply_bare && t.normalized == t.stem) {
      ++bare[t.normalized];
    } else {
      term.assign(schema::kPrefixExact).append(t.normalized);
      doc.add_term(term);
      if (imply_bare) affixed_stems.insert(t.stem);
    }
    if (options.spelling && has_arabic_letter(t.normalized)) ++spelling[t.normalized];
  };

  if (options.include_title && !a.title.empty()) {
    analyzer.for_each_token(
        a.title,
        [&](const Token& t) {
          doc.add_term(t.stem, schema::kTitleWdf);  // its positions are the S term's
          term.assign(schema::kPrefixTitle).append(t.stem);
          doc.add_posting(term, t.position);
          add_word(t);
        },
        1);
  }

  std::string lead;
  std::size_t lead_stems = 0;
  constexpr std::uint32_t body_first = schema::kBodyFirstPosition;  // the stems' positions: the body's
  bool in_lede = true;  // still in the body's first sentence
  std::size_t previous_end = 0;
  analyzer.for_each_token(
      a.body,
      [&](const Token& t) {
        const std::uint32_t nth = t.position - body_first;  // 0 for the body's first word
        if (in_lede && nth > 0) {
          in_lede = nth < schema::kLedeWords &&
                    !ends_sentence(std::string_view(a.body).substr(previous_end, t.begin - previous_end));
        }
        previous_end = t.end;
        doc.add_posting(t.stem, t.position,
                        in_lede ? schema::kLedeWdf : nth < schema::kLeadWords ? schema::kLeadWdf : 1);
        add_word(t);
        if (lead_stems < kLeadKeyStems && !t.stopword) {
          lead.append(t.stem).push_back(' ');
          ++lead_stems;
        }
      },
      body_first);
  for (const auto& [form, count] : bare) {
    if (!affixed_stems.contains(form)) continue;  // the stem term alone says the form is there
    term.assign(schema::kPrefixExact).append(form);
    doc.add_term(term, count);
  }

  doc.add_boolean_term(m.id_term);
  if (!a.source.empty()) {
    if (std::string t = filter_term(analyzer, schema::kPrefixSource, a.source); !t.empty()) {
      doc.add_boolean_term(t);
    }
    doc.add_value(schema::kSlotSource, a.source);
  }
  if (!a.category.empty()) {
    if (std::string t = filter_term(analyzer, schema::kPrefixCategory, a.category); !t.empty()) {
      doc.add_boolean_term(t);
    }
    doc.add_value(schema::kSlotCategory, a.category);
  }
  if (a.date) {
    const std::string ymd = a.date->sortable();  // YYYYMMDDhhmmss
    doc.add_boolean_term(std::string(schema::kPrefixYear) + ymd.substr(0, 4));
    doc.add_boolean_term(std::string(schema::kPrefixMonth) + ymd.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kPrefixDay) + ymd.substr(0, 8));
    doc.add_value(schema::kSlotDate, ymd);
    doc.add_value(schema::kSlotYearMonth, a.date->year_month());
  }
  doc.add_value(schema::kSlotContentHash, m.content_hash);
  if (lead_stems > 0) doc.add_value(schema::kSlotLeadKey, hash_key(hash64(lead)));
  doc.add_value(schema::kSlotRecord, encode_record(a.record));

  if (options.spelling) {
    m.spelling_words.assign(spelling.begin(), spelling.end());
  }
  return m;
}

}  // namespace bahth
