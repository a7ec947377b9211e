// The document mapping: one article → one Xapian document, per common/include/bahth/schema.h.
// Golden term lists in Xapian's "term[positions]" style.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bahth/document_mapping.h"
#include "bahth/record.h"
#include "bahth/schema.h"
#include "support.h"

using namespace bahth;
using bahth::test::term_list;

namespace {

Article parse(const std::string& line) {
  RecordParse p = parse_json_record(line, {"golden.jsonl", 1});
  REQUIRE(p.article);
  return *p.article;
}

const char* kGolden =
    R"({"id":"g-1","title":"مدينة الكتب","body":"في المدينة كتاب، NATO 2024","date":"2024-03-23T14:05:09+03:00","source":"Sahil Times","category":"Politics","url":"https://example.com/g-1","extra":{"k":1}})";

Xapian::termcount wdf_of(const Xapian::Document& doc, const std::string& term) {
  auto t = doc.termlist_begin();
  t.skip_to(term);
  REQUIRE(t != doc.termlist_end());
  REQUIRE(*t == term);
  return t.get_wdf();
}

}  // namespace

TEST_CASE("mapping: golden term list of a full article", "[mapping]") {
  const Analyzer analyzer;
  const MappedArticle m = map_article(analyzer, parse(kGolden), {});
  // Title words at positions 1, 2 of the S terms; body words at 2, 3, … of the stems
  // (kBodyFirstPosition). A title word's stem has no position of its own (كتب:3 is its title
  // wdf, kTitleWdf).
  // E terms for the affixed forms only (مدينه, الكتب, المدينه): في, كتاب, nato and 2024 are their
  // own stems and no other form of them is here, so their stem terms say they are there.
  const std::vector<std::string> expected = {
      "2024[6]", "D20240323", "Eالكتب",   "Eالمدينه",   "Eمدينه",        "M202403",
      "Qg-1",    "Sكتب[2]",   "Sمدين[1]", "XCpolitics", "XSsahil times", "Y2024",
      "nato[5]", "في[2]",     "كتاب[4]",  "كتب:3",      "مدين[3]"};
  CHECK(term_list(m.document) == expected);
  // مدين: the title's kTitleWdf and the lede's kLedeWdf (المدينة is in the body's first sentence).
  CHECK(wdf_of(m.document, "مدين") == schema::kTitleWdf + schema::kLedeWdf);
}

TEST_CASE("mapping: a bare form gets its E term where an affixed form of its stem is beside it", "[mapping]") {
  const Analyzer analyzer;
  // كتاب twice bare and once as الكتاب (stem كتاب); قرار bare only; والقرار is not here.
  const MappedArticle m = map_article(analyzer, parse(R"({"id":"k","body":"كتاب الكتاب كتاب قرار"})"), {});
  const std::vector<std::string> expected = {"Eالكتاب", "Eكتاب:2", "Qk", "قرار[5]", "كتاب[2,3,4]"};
  CHECK(term_list(m.document) == expected);
  CHECK(wdf_of(m.document, "Eكتاب") == 2);  // one per bare occurrence
  CHECK(wdf_of(m.document, "Eالكتاب") == 1);
}

TEST_CASE("mapping: with the Snowball stemmer every form keeps its E term", "[mapping]") {
  // Snowball rewrites letters, so the searcher could not find a stem's affixed forms by it.
  const Analyzer analyzer(AnalyzerOptions{.stemmer = StemmerKind::kSnowball});
  const MappedArticle m = map_article(analyzer, parse(R"({"id":"s","body":"في كتاب"})"), {});
  const auto terms = term_list(m.document);
  CHECK(std::find(terms.begin(), terms.end(), "Eفي") != terms.end());
  CHECK(std::find(terms.begin(), terms.end(), "Eكتاب") != terms.end());
}

TEST_CASE("mapping: title occurrences weigh kTitleWdf in the combined field, the lede kLedeWdf", "[mapping]") {
  const Analyzer analyzer;
  const MappedArticle m = map_article(analyzer, parse(kGolden), {});
  // once in the title, once in the (short) body, which is one sentence: all lede
  CHECK(wdf_of(m.document, "مدين") == schema::kTitleWdf + schema::kLedeWdf);
  CHECK(wdf_of(m.document, "كتب") == schema::kTitleWdf);
  CHECK(wdf_of(m.document, "كتاب") == schema::kLedeWdf);
  CHECK(wdf_of(m.document, "Sمدين") == 1);
  CHECK(wdf_of(m.document, "Eمدينه") == 1);
  CHECK(wdf_of(m.document, "Qg-1") == 0);  // boolean terms carry no weight
  CHECK(wdf_of(m.document, "XSsahil times") == 0);
}

TEST_CASE("mapping: value slots and stored record", "[mapping]") {
  const Analyzer analyzer;
  const Article a = parse(kGolden);
  const MappedArticle m = map_article(analyzer, a, {});
  const Xapian::Document& d = m.document;
  CHECK(d.get_value(schema::kSlotDate) == "20240323140509");  // as written: no zone conversion
  CHECK(d.get_value(schema::kSlotSource) == "Sahil Times");
  CHECK(d.get_value(schema::kSlotCategory) == "Politics");
  CHECK(d.get_value(schema::kSlotYearMonth) == "2024-03");
  CHECK(d.get_value(schema::kSlotContentHash) == m.content_hash);
  CHECK(m.content_hash.size() == 8);
  CHECK(d.get_value(schema::kSlotLeadKey).size() == 8);
  // The record is the original, compact, with unknown fields and in input order.
  // It is stored compressed (bahth/record.h): Arabic in one byte a letter, then zstd with the
  // built-in dictionary, in a value slot; the document data stays empty (schema.h, kSlotRecord).
  CHECK(d.get_data().empty());
  CHECK(d.get_value(schema::kSlotRecord).front() == kRecordMarkerCompressed);
  CHECK(
      decode_record(d.get_value(schema::kSlotRecord)) ==
      R"({"id":"g-1","title":"مدينة الكتب","body":"في المدينة كتاب، NATO 2024","date":"2024-03-23T14:05:09+03:00","source":"Sahil Times","category":"Politics","url":"https://example.com/g-1","extra":{"k":1}})");
  CHECK(m.id_term == "Qg-1");
}

TEST_CASE("mapping: without a title, body positions start at 2 as always, and no S terms", "[mapping]") {
  const Analyzer analyzer;
  const MappedArticle m = map_article(analyzer, parse(R"({"id":"b","body":"في المدينة"})"), {});
  const std::vector<std::string> expected = {"Eالمدينه", "Qb", "في[2]", "مدين[3]"};
  CHECK(term_list(m.document) == expected);
  CHECK(m.document.get_value(schema::kSlotDate).empty());
}

TEST_CASE("mapping: include_title=false stores the title but does not index it", "[mapping]") {
  const Analyzer analyzer;
  const Article a = parse(R"({"id":"t","title":"مدينة","body":"كتاب"})");
  const MappedArticle m = map_article(analyzer, a, MappingOptions{.include_title = false});
  const std::vector<std::string> expected = {"Qt", "كتاب[2]"};
  CHECK(term_list(m.document) == expected);
  CHECK(decode_record(m.document.get_value(schema::kSlotRecord)).find("مدينة") != std::string::npos);
  // Indexing with and without titles gives different hashes, so switching re-indexes.
  CHECK(m.content_hash != map_article(analyzer, a, {}).content_hash);
}

TEST_CASE("mapping: phrases typed without hamza or article match the same positions", "[mapping]") {
  const Analyzer analyzer;
  const MappedArticle with = map_article(analyzer, parse(R"({"id":"h","body":"أمن الملاحة"})"), {});
  const MappedArticle without = map_article(analyzer, parse(R"({"id":"h","body":"امن ملاحة"})"), {});
  auto positional = [](const Xapian::Document& d) {
    std::vector<std::string> out;
    for (const std::string& t : term_list(d)) {
      if (t.find('[') != std::string::npos) out.push_back(t);
    }
    return out;
  };
  CHECK(positional(with.document) == positional(without.document));
  // ... while the exact forms differ.
  CHECK(term_list(with.document) != term_list(without.document));
}

TEST_CASE("mapping: stopwords stay in the index with their positions", "[mapping]") {
  const Analyzer analyzer;
  const MappedArticle m = map_article(analyzer, parse(R"({"id":"s","body":"من في على"})"), {});
  const auto terms = term_list(m.document);
  CHECK(std::find(terms.begin(), terms.end(), "في[3]") != terms.end());
  // A bare stopword needs no E term (its stem term is it); beside an affixed form of it, it has one.
  CHECK(std::find(terms.begin(), terms.end(), "Eفي") == terms.end());
}

TEST_CASE("mapping: content hash follows the record, lead key follows the lead", "[mapping]") {
  const Analyzer analyzer;
  auto map = [&](const std::string& line) { return map_article(analyzer, parse(line), {}); };
  const auto a = map(R"({"id":"x","title":"أ","body":"نص الخبر الأول عن المدينة"})");
  const auto same = map(R"({"id":"x","title":"أ","body":"نص الخبر الأول عن المدينة"})");
  const auto retitled = map(R"({"id":"y","title":"عنوان آخر","body":"نص الخبر الأول عن المدينة"})");
  const auto other = map(R"({"id":"x","title":"أ","body":"نص مختلف تماما"})");
  CHECK(a.content_hash == same.content_hash);
  CHECK(a.content_hash != retitled.content_hash);
  CHECK(a.content_hash != other.content_hash);
  // Wire copies under another id and headline collapse together.
  CHECK(a.document.get_value(schema::kSlotLeadKey) == retitled.document.get_value(schema::kSlotLeadKey));
  CHECK(a.document.get_value(schema::kSlotLeadKey) != other.document.get_value(schema::kSlotLeadKey));
}

TEST_CASE("mapping: source and category filter terms are normalized", "[mapping]") {
  const Analyzer analyzer;
  auto [value, term] = GENERATE(table<std::string, std::string>({
      {"Sahil Times", "XSsahil times"},
      {"  Sahil Times ", "XSsahil times"},
      {"الأخبار", "XSالاخبار"},
      {"ﻻ", "XSلا"},  // lam-alef ligature → letters (NFKC)
  }));
  CAPTURE(value);
  CHECK(filter_term(analyzer, schema::kPrefixSource, value) == term);
  const MappedArticle m =
      map_article(analyzer, parse(nlohmann::json{{"id", "f"}, {"source", value}}.dump()), {});
  const auto terms = term_list(m.document);
  CHECK(std::find(terms.begin(), terms.end(), term) != terms.end());
  CHECK(m.document.get_value(schema::kSlotSource) == value);  // the original, for display
}

TEST_CASE("mapping: very long values are cut to fit a Xapian term", "[mapping]") {
  const Analyzer analyzer;
  std::string source;
  for (int i = 0; i < 200; ++i) source += "م";
  const std::string t = filter_term(analyzer, schema::kPrefixSource, source);
  CHECK(t.size() <= 245);
  CHECK(t.size() % 2 == 0);  // "XS" + whole two-byte letters: cut on a UTF-8 boundary
}

TEST_CASE("mapping: spelling words are normalized Arabic words, not stems", "[mapping]") {
  const Analyzer analyzer;
  const MappedArticle m =
      map_article(analyzer, parse(R"({"id":"w","title":"المدينة","body":"المدينة NATO 2024"})"),
                  MappingOptions{.include_title = true, .spelling = true});
  REQUIRE(m.spelling_words.size() == 1);
  CHECK(m.spelling_words[0].first == "المدينه");
  CHECK(m.spelling_words[0].second == 2);
}

TEST_CASE("mapping: a sentence without an end is the lede for kLedeWords words, the lead for kLeadWords",
          "[mapping]") {
  static_assert(schema::kLedeWords < schema::kLeadWords && schema::kLedeWdf > schema::kLeadWdf);
  const Analyzer analyzer;
  std::string body;
  for (unsigned i = 0; i < schema::kLeadWords; ++i) body += "كلمة ";
  body += "خاتمة";
  const std::string json = R"({"id":"lead-1","body":")" + body + R"("})";
  const MappedArticle m = map_article(analyzer, parse(json.c_str()), {});
  CHECK(wdf_of(m.document, "كلم") ==
        schema::kLedeWords * schema::kLedeWdf + (schema::kLeadWords - schema::kLedeWords) * schema::kLeadWdf);
  CHECK(wdf_of(m.document, "خاتم") == 1);  // word kLeadWords + 1: past the lead
}

TEST_CASE("mapping: the lede is the body's first sentence", "[mapping]") {
  const Analyzer analyzer;
  // Each body: first sentence "قال الوزير 3.5" (a decimal point ends nothing), then "ثم سافر".
  auto [end] = GENERATE(table<std::string>({{"."}, {"!"}, {"?"}, {"؟"}, {"…"}, {R"(\n)"}, {". "}}));
  const std::string json =
      R"({"id":"lede-1","title":"عنوان","body":"قال الوزير 3.5)" + end + R"(ثم سافر"})";
  CAPTURE(end);
  const MappedArticle m = map_article(analyzer, parse(json.c_str()), {});
  CHECK(wdf_of(m.document, "قال") == schema::kLedeWdf);
  CHECK(wdf_of(m.document, "وزير") == schema::kLedeWdf);
  CHECK(wdf_of(m.document, "3.5") == schema::kLedeWdf);
  CHECK(wdf_of(m.document, "ثم") == schema::kLeadWdf);  // second sentence: lead, not lede
  CHECK(wdf_of(m.document, "سافر") == schema::kLeadWdf);
  CHECK(wdf_of(m.document, "عنو") == schema::kTitleWdf);  // the title is not the lede

  // A comma does not end the sentence.
  const MappedArticle c = map_article(analyzer, parse(R"({"id":"lede-2","body":"قال الوزير، ثم سافر"})"), {});
  CHECK(wdf_of(c.document, "سافر") == schema::kLedeWdf);
}
