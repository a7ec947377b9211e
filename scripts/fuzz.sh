#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into BUILD_DIR (default build-fuzz/) and runs each for
# a bounded time, printing executions and crashes per target. Crash inputs are kept in
# build-fuzz/crashes/<target>/; copy each into tests/fuzz/corpus/<target>/ as a regression test.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET (default 60)] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then targets=(analyzer query_parser jsonl_reader snippet); fi
build_dir=${BUILD_DIR:-build-fuzz}
scripts/deps.sh clang libclang-rt-14-dev
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="$flags" -DBAHTH_FUZZ=ON -DBAHTH_BUILD_BENCH=OFF -DBAHTH_MIMALLOC=OFF >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=("fuzz_$t"); done
cmake --build "$build_dir" -j"${JOBS:-$(nproc)}" --target "${build_targets[@]}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
total_crashes=0
printf '%-14s %12s %8s %8s\n' target executions crashes seconds
results=()
for t in "${targets[@]}"; do
  work="$build_dir/fuzz-work/$t"
  crashes="$build_dir/crashes/$t"
  mkdir -p "$work" "$crashes"
  log="$build_dir/fuzz-$t.log"
  # libFuzzer stops at the first crash; its input is saved in $crashes/
  set +e
  "$build_dir/tests/fuzz/fuzz_$t" "$work" "tests/fuzz/corpus/$t" -max_total_time="$seconds" \
    -max_len=4096 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$crashes/" -print_final_stats=1 \
    >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  ncrash=$(find "$crashes" -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
  if [[ $rc -ne 0 && $ncrash -eq 0 ]]; then ncrash=1; fi
  total_crashes=$((total_crashes + ncrash))
  results+=("$(printf '%-14s %12s %8s %8s' "$t" "${execs:-?}" "$ncrash" "$seconds")")
  printf '%s\n' "${results[-1]}"
  if ((ncrash > 0)); then
    echo "  -> see $log and $crashes/" >&2
    grep -m3 -E 'ERROR|bahth fuzz|runtime error' "$log" | sed 's/^/     /' >&2 || true
  fi
done
echo "fuzz.sh: $total_crashes crash(es) in ${#targets[@]} target(s), ${seconds}s each"
((total_crashes == 0))
