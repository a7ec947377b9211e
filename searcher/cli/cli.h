// bahth-search command-line front end: everything the binary does, testable without a process.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "bahth/searcher.h"

namespace bahth::cli {

/// Exit codes of bahth-search (kept stable: scripts depend on them).
enum ExitCode : int { kOk = 0, kRuntimeError = 1, kUsageError = 2 };

/// Parses argv and runs bahth-search. Writes results to out, diagnostics to err.
/// is_tty says whether out is a terminal (colour is used only then, and never with NO_COLOR).
int run_search_cli(int argc, char** argv, std::ostream& out, std::ostream& err, bool is_tty = false);

/// Prints the analyzer's view of text as a table (or JSON when json is true).
void print_analysis(const std::string& text, const std::string& stemmer, bool json, std::ostream& out);

struct RenderOptions {
  bool color = false;      ///< ANSI colour and bold
  bool visual = false;     ///< reorder bidi text into visual order (ICU ubidi) and shape Arabic
  std::size_t width = 80;  ///< wrap width for --visual
  bool explain = false;
};

/// Human-readable results: rank, title, source, date, snippet with highlights.
void print_results(const SearchResults& results, const RenderOptions& options, std::ostream& out);

/// Text made safe for a terminal: control characters (C0, DEL, C1 — so no escape sequences)
/// become U+FFFD, bidi embedding/override/isolate controls are dropped, invalid UTF-8 → U+FFFD.
std::string terminal_safe(std::string_view text);

/// One line of logical-order text (with highlights, byte ranges into text) in visual order for a
/// terminal without bidi support: runs reordered with ICU ubidi, mirrored characters mirrored,
/// Arabic letters shaped to presentation forms, combining marks kept after their base letter.
/// Highlighted characters are wrapped in on/off.
std::string visual_line(std::string_view text, const std::vector<Highlight>& highlights, std::string_view on,
                        std::string_view off);

/// Splits text into lines of at most width code points at spaces (a longer word gets a line of
/// its own); returns the byte ranges of the lines.
std::vector<Highlight> wrap(std::string_view text, std::size_t width);

}  // namespace bahth::cli
