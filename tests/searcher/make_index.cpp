// bahth_test_make_index DB INPUT...: builds a bahth index with the indexer library (for tests).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <exception>
#include <iostream>

#include "bahth/indexer.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: bahth_test_make_index DB INPUT...\n";
    return 2;
  }
  try {
    bahth::IndexOptions options;
    options.threads = 1;
    const auto stats = bahth::index_inputs(argv[1], std::vector<std::string>(argv + 2, argv + argc), options);
    std::cout << stats.indexed << " articles indexed\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bahth_test_make_index: " << e.what() << '\n';
    return 1;
  }
}
