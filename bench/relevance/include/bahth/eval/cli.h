// bahth — the bahth-eval command line, as a library so tests can run it in-process.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace bahth::eval {

/// Runs bahth-eval with args (without the program name), writing results to out and progress and
/// errors to err. Returns the exit code: 0 ok, 1 runtime error, 2 usage error.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace bahth::eval
