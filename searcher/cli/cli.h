// bahth-search command-line front end: everything the binary does, testable without a process.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace bahth::cli {

/// Exit codes of bahth-search (kept stable: scripts depend on them).
enum ExitCode : int { kOk = 0, kRuntimeError = 1, kUsageError = 2 };

/// Parses argv and runs bahth-search. Writes results to out, diagnostics to err.
int run_search_cli(int argc, char** argv, std::ostream& out, std::ostream& err);

/// Prints the analyzer's view of text as a table (or JSON when json is true).
void print_analysis(const std::string& text, const std::string& stemmer, bool json, std::ostream& out);

}  // namespace bahth::cli
