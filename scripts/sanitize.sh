#!/usr/bin/env bash
# The whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer: builds the tree with
# -DBAHTH_SANITIZE=ON into BUILD_DIR (default build-asan/) and runs every ctest test.
# Usage: scripts/sanitize.sh [extra cmake arguments]     (docs/reliability.md)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-asan}
jobs=${JOBS:-$(nproc)}
# clang builds this tree in about 60 % of gcc's time (docs/reliability.md); the normal build stays
# with gcc. SANITIZE_CXX=g++ uses gcc here too.
scripts/deps.sh clang libclang-rt-14-dev
cxx=${SANITIZE_CXX:-clang++}
start=$(date +%s)
# Benchmarks are not tests: not built here (the evaluation library tests/eval needs still is).
# -O1 -g1 instead of -O2 -g: a cheaper build (line tables are enough for ASan's stack traces).
cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DBAHTH_SANITIZE=ON -DBAHTH_BUILD_BENCH=OFF "$@" >/dev/null
cmake --build "$build_dir" -j"$jobs"
built=$(date +%s)
# halt_on_error: the first report fails the test. Leak checking stays on (detect_leaks=1), and so
# does ODR checking (the default): the common code is linked once, into libbahth.so.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
ctest --test-dir "$build_dir" --output-on-failure -j"$jobs" || status=$?
end=$(date +%s)
echo "sanitize.sh: build $((built - start)) s, tests $((end - built)) s, total $((end - start)) s" >&2
exit "$status"
