// bahth-search --analyze, run as a real process: the table and the stable JSON shape.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bahth/analyzer.h"
#include "process.h"
#include "test_support.h"

namespace {

// Runs bahth-search with args (no shell, standard input /dev/null).
bahth::test::ProcessResult run_search(const std::vector<std::string>& args) {
  return bahth::test::run(bahth::test::search_binary(), args);
}

std::vector<std::string> keys(const nlohmann::ordered_json& object) {
  std::vector<std::string> out;
  for (const auto& [key, value] : object.items()) out.push_back(key);
  return out;
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("cliAnalyzeJsonShape", "[cli]") {
  const std::string text = "وبالمدينة، «COVID-19» ٣٫١٤ إلى كـبير";
  const auto r = run_search({"--analyze", text, "--json"});
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const auto j = nlohmann::ordered_json::parse(r.out);
  REQUIRE(j.is_object());
  CHECK(keys(j) == std::vector<std::string>{"analyzer", "tokens"});
  CHECK(j["analyzer"] == bahth::Analyzer::id_for({}));
  REQUIRE(j["tokens"].is_array());
  const std::vector<std::string> token_keys = {"surface",    "begin", "end",     "position",
                                               "normalized", "stem",  "stopword"};
  struct Row {
    std::string surface, normalized, stem;
    bool stopword;
  };
  const std::vector<Row> expected = {
      {"وبالمدينة", "وبالمدينه", "مدين", false},
      {"COVID", "covid", "covid", false},
      {"19", "19", "19", false},
      {"٣٫١٤", "3.14", "3.14", false},
      {"إلى", "الي", "ال", true},
      {"كـبير", "كبير", "كبير", false},
  };
  REQUIRE(j["tokens"].size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& t = j["tokens"][i];
    INFO("token " << i << ": " << t.dump());
    CHECK(keys(t) == token_keys);
    REQUIRE(t["surface"].is_string());
    REQUIRE(t["begin"].is_number_unsigned());
    REQUIRE(t["end"].is_number_unsigned());
    REQUIRE(t["position"].is_number_unsigned());
    REQUIRE(t["normalized"].is_string());
    REQUIRE(t["stem"].is_string());
    REQUIRE(t["stopword"].is_boolean());
    const auto begin = t["begin"].get<std::size_t>();
    const auto end = t["end"].get<std::size_t>();
    REQUIRE(begin < end);
    REQUIRE(end <= text.size());
    CHECK(t["surface"] == text.substr(begin, end - begin));
    CHECK(t["surface"] == expected[i].surface);
    CHECK(t["position"] == i);
    CHECK(t["normalized"] == expected[i].normalized);
    CHECK(t["stem"] == expected[i].stem);
    CHECK(t["stopword"] == expected[i].stopword);
  }
}

TEST_CASE("cliAnalyzeJsonEmptyText", "[cli]") {
  const auto r = run_search({"--analyze", "", "--json"});
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::ordered_json::parse(r.out);
  CHECK(keys(j) == std::vector<std::string>{"analyzer", "tokens"});
  CHECK(j["tokens"].is_array());
  CHECK(j["tokens"].empty());
}

TEST_CASE("cliAnalyzeJsonInvalidUtf8StaysValidJson", "[cli]") {
  const auto r = run_search({"--analyze", "كتب\xFF\xFEقلم \xC3", "--json"});
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::ordered_json::parse(r.out);  // throws on invalid UTF-8
  REQUIRE(j["tokens"].size() == 2);
  CHECK(j["tokens"][0]["surface"] == "كتب");
  CHECK(j["tokens"][1]["surface"] == "قلم");
  CHECK(j["tokens"][1]["begin"] == 8);
}

TEST_CASE("cliAnalyzeStemmerVariant", "[cli]") {
  auto [stemmer, id, stem] = GENERATE(table<std::string, std::string, std::string>({
      {"bahth", "bahth-ar/2", "الله"},
      {"light10", "bahth-ar-light10/2", "له"},
      {"none", "bahth-ar-nostem/2", "الله"},
  }));
  const auto r = run_search({"--analyze", "الله", "--json", "--stemmer", stemmer});
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::ordered_json::parse(r.out);
  CHECK(j["analyzer"] == id);
  REQUIRE(j["tokens"].size() == 1);
  CHECK(j["tokens"][0]["stem"] == stem);
}

TEST_CASE("cliAnalyzeTable", "[cli]") {
  const std::string text = "ذهب الوزير إلى 2024م";
  const auto r = run_search({"--analyze", text});
  INFO("stdout:\n" << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == 0);
  const auto out = lines(r.out);
  REQUIRE(out.size() == 2 + 5);
  CHECK(out[0] == "analyzer: " + bahth::Analyzer::id_for({}));
  // Header: pos, bytes, surface, normalized, stem, stopword — in that order.
  const std::string& header = out[1];
  const auto p_pos = header.find("pos");
  const auto p_bytes = header.find("bytes");
  const auto p_surface = header.find("surface");
  const auto p_norm = header.find("normalized");
  const auto p_stem = header.find("stem");
  const auto p_stop = header.find("stopword");
  REQUIRE(p_stop != std::string::npos);
  CHECK(p_pos < p_bytes);
  CHECK(p_bytes < p_surface);
  CHECK(p_surface < p_norm);
  CHECK(p_norm < p_stem);
  CHECK(p_stem < p_stop);
  const std::vector<std::vector<std::string>> rows = {
      {"0", "0-6", "ذهب", "ذهب", "ذهب"},
      {"1", "7-19", "الوزير", "الوزير", "وزير"},
      {"2", "20-26", "إلى", "الي", "ال", "yes"},
      {"3", "27-31", "2024", "2024", "2024"},
      {"4", "31-33", "م", "م", "م"},
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::istringstream in(out[2 + i]);
    std::vector<std::string> fields;
    for (std::string f; in >> f;) fields.push_back(f);
    INFO("row " << i << ": " << out[2 + i]);
    CHECK(fields == rows[i]);
  }
}

TEST_CASE("cliUsageErrors", "[cli]") {
  auto [args, fragment] = GENERATE(table<std::vector<std::string>, std::string>({
      {{"--analyze", "x", "--stemmer", "porter"}, "porter"},
      {std::vector<std::string>{}, "bahth-search"},  // exact wording belongs to the searcher
      {{"--analyze"}, "--analyze"},
      {{"--no-such-option"}, "no-such-option"},
  }));
  const auto r = run_search(args);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains(fragment));
  CHECK(r.out.empty());
}
