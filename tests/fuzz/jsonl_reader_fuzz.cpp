// libFuzzer target "jsonl_reader": see fuzz_checks.h for the invariants checked.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdio>
#include <cstdlib>

#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string problem =
      bahth::fuzz::run_target("jsonl_reader", std::string_view(reinterpret_cast<const char*>(data), size));
  if (!problem.empty()) {
    std::fprintf(stderr, "bahth fuzz jsonl_reader: %s\n", problem.c_str());
    std::abort();
  }
  return 0;
}
