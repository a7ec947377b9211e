// Every input in the fuzz seed corpora and every crash the fuzzers found (tests/fuzz/corpus/*/),
// replayed through the same checks as the fuzz targets (tests/fuzz/fuzz_checks.h), in the normal
// build: a crash found once stays fixed.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../fuzz/fuzz_checks.h"

namespace fs = std::filesystem;

TEST_CASE("fuzz corpora and found crashes replay cleanly", "[fuzz-regression]") {
  const std::string target = GENERATE(std::string("analyzer"), std::string("query_parser"),
                                      std::string("jsonl_reader"), std::string("snippet"));
  const fs::path dir = fs::path(BAHTH_FUZZ_CORPUS_DIR) / target;
  REQUIRE(fs::is_directory(dir));
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    const std::string data = s.str();
    INFO(target << ": " << e.path().filename().string());
    const std::string problem = bahth::fuzz::run_target(target, data);
    CHECK(problem.empty());
    ++n;
  }
  CHECK(n > 0);
}
