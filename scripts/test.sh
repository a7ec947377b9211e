#!/usr/bin/env bash
# The test command (README; CI runs it through .ci/run). Installs what is missing, then runs:
#   1. build  — the normal build (gcc, RelWithDebInfo, build/) and the whole suite through ctest;
#   2. asan   — the whole suite again under ASan+UBSan (scripts/sanitize.sh, build-asan/);
#   3. fuzz   — a fuzz smoke run: each libFuzzer target for FUZZ_SECONDS (default 10) s
#               (scripts/fuzz.sh, clang, build-fuzz/).
# It stops at the first stage that fails and prints how long each stage took.
# BAHTH_QUICK=1 runs stage 1 only (for developers). docs/reliability.md has the measured times.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${BAHTH_QUICK:-0}
fuzz_seconds=${FUZZ_SECONDS:-10}

if [[ $quick == 1 ]]; then
  scripts/deps.sh
else
  scripts/deps.sh clang libclang-rt-14-dev  # the fuzz stage needs clang and its sanitizer runtimes
fi

times=()
summary() {
  local t
  for t in "${times[@]}"; do echo "test.sh: $t" >&2; done
}
stage() {
  local name=$1
  shift
  echo "test.sh: stage $name: $*" >&2
  local start end status=0
  start=$(date +%s)
  "$@" || status=$?
  end=$(date +%s)
  times+=("$(printf '%-6s %5d s  %s' "$name" $((end - start)) "$([[ $status == 0 ]] && echo ok || echo "FAILED ($status)")")")
  if [[ $status != 0 ]]; then
    summary
    exit "$status"
  fi
}

build_and_test() {
  BUILD_DIR=${BUILD_DIR:-build} scripts/build.sh
  ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j"$(nproc)"
}

total_start=$(date +%s)
stage build build_and_test
if [[ $quick != 1 ]]; then
  stage asan env BUILD_DIR=build-asan scripts/sanitize.sh
  stage fuzz env BUILD_DIR=build-fuzz scripts/fuzz.sh "$fuzz_seconds"
fi
summary
echo "test.sh: all stages passed in $(($(date +%s) - total_start)) s" >&2
