// bahth-eval: relevance evaluation of bahth's analyzers and ranking (see docs/relevance.md).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <iostream>
#include <string>
#include <vector>

#include "bahth/eval/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return bahth::eval::run_cli(args, std::cout, std::cerr);
}
