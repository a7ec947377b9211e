// bahth — the CPU time of the calling thread (the indexer's IndexStats and the benchmarks).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <time.h>

namespace bahth {

/// CPU seconds used by the calling thread so far (CLOCK_THREAD_CPUTIME_ID): unlike wall time, it
/// counts neither waiting nor other processes on a shared machine.
inline double thread_cpu_seconds() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace bahth
