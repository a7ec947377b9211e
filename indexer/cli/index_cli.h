// bahth-index command-line front end: everything the binary does, testable without a process.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <iosfwd>

namespace bahth::cli {

/// Exit codes of bahth-index (kept stable: scripts depend on them).
enum IndexExitCode : int {
  kIndexOk = 0,             ///< every record was indexed (or unchanged, or deleted)
  kIndexRuntimeError = 1,   ///< the run failed (database locked or incompatible, --max-errors exceeded…)
  kIndexUsageError = 2,     ///< bad command line
  kIndexSkipped = 3,        ///< the run finished, but some records were rejected and skipped
  kIndexInterrupted = 130,  ///< stopped by SIGINT/SIGTERM after committing what was read
};

/// Parses argv and runs bahth-index. out gets the summary, err the diagnostics and progress;
/// err_is_tty selects the progress bar over periodic plain lines. cancel, when set during the
/// run, stops reading (the signal handlers of main() set it).
int run_index_cli(int argc, char** argv, std::ostream& out, std::ostream& err, bool err_is_tty,
                  const std::atomic<bool>* cancel);

}  // namespace bahth::cli
