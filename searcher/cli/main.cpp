// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  return bahth::cli::run_search_cli(argc, argv, std::cout, std::cerr, isatty(STDOUT_FILENO) != 0);
}
