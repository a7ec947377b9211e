#!/usr/bin/env bash
# Configures and builds bahth into BUILD_DIR (default: build/). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
# RelWithDebInfo with line tables only (-g1): backtraces and sanitizer reports still name file and
# line, and the build takes less time than with full -g (docs/reliability.md). For a debugger, add
# -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g -DNDEBUG" (or -DCMAKE_BUILD_TYPE=Debug).
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  "$@" >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
