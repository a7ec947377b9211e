#!/usr/bin/env bash
# The cost curve: indexing speed, database size and search latency as the archive grows.
#
#   bench/scale/cost-curve.sh DATA_DIR WORK_DIR [SIZE ...]
#
#   DATA_DIR  a directory of real article files (every *.jsonl under it that is not a query file),
#             e.g. ../shared/data
#   WORK_DIR  scratch space: archives and databases are written here (a 1,000,000-article run needs
#             about 3 GB of archive and 8 GB per database; each size is deleted when measured)
#   SIZE      archive sizes in articles (default: 10000 50000 200000 1000000)
#
# For each size it writes a synthetic archive grown from the real articles (bahth-make-archive, new
# ids and lightly varied text beyond the first pass) and a fixed 400-query mix, then indexes it
#   - into one database with one writer   (bahth-index --writers 1)
#   - into a sharded archive of 2 shards   (bahth-index --shards 2: one writer per shard)
# timing each run (wall seconds, CPU seconds = user + system, peak RSS, and the 1-minute load average
# when it ended: wall-clock figures mean little on a loaded machine, CPU per article still does),
# and measures search latency (bahth-bench-latency: top 10
# with snippets, 1 warm-up + 3 timed passes) on both. Results go to WORK_DIR/cost-curve.csv and, when
# gnuplot is installed, to docs/cost-curve.png (bench/scale/plot.gp).
#
# Environment: BUILD_DIR (default build-bench; configured with -DBAHTH_BUILD_BENCH=ON, Release, if
# missing), KEEP=1 keeps the archives and databases, ONE_ARGS / TWO_ARGS replace the bahth-index
# options of the two modes (defaults "--writers 1" and "--shards 2"), MODES="2-shards" (or
# "1-shard") measures one mode only, REUSE=1 uses an existing archive of the same size, APPEND=1
# adds rows to an existing cost-curve.csv.
set -euo pipefail
cd "$(dirname "$0")/../.."

if (($# < 2)); then
  sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
data_dir=$1
work=$2
shift 2
sizes=("$@")
((${#sizes[@]})) || sizes=(10000 50000 200000 1000000)

build=${BUILD_DIR:-build-bench}
scripts/deps.sh time gnuplot-nox
if [[ ! -x $build/bench/scale/bahth-make-archive ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBAHTH_BUILD_BENCH=ON -DBAHTH_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target bahth-index bahth-make-archive bahth-bench-latency >/dev/null

mapfile -t inputs < <(find "$data_dir" -name '*.jsonl' ! -name '*quer*' ! -name 'docs.jsonl' | sort)
((${#inputs[@]})) || { echo "cost-curve: no *.jsonl articles under $data_dir" >&2; exit 2; }
mkdir -p "$work"
csv=$work/cost-curve.csv
[[ -s $csv && ${APPEND:-0} == 1 ]] || echo "articles,mode,index_s,articles_per_s,peak_rss_mb,db_mb,bytes_per_article,p50_ms,p95_ms,p99_ms,mean_ms,empty,cpu_s,cpu_ms_per_article,load1" >"$csv"

# measure N MODE DB ARGS...: indexes the archive with ARGS, measures time, peak RSS, size and search
# latency, and appends the row to the CSV.
measure() {
  local n=$1 mode=$2 db=$3
  shift 3
  rm -rf "$db"
  /usr/bin/time -f '%e %M %U %S' -o "$work/time.txt" "$build/indexer/bahth-index" -d "$db" --quiet "$@" "$archive" \
    2>"$work/index-$mode.log" || { cat "$work/index-$mode.log" >&2; exit 1; }
  read -r secs rss_kb user_s sys_s <"$work/time.txt"
  local load1 cpu
  load1=$(cut -d' ' -f1 /proc/loadavg)
  cpu=$(awk -v u="$user_s" -v s="$sys_s" 'BEGIN { printf "%.2f", u + s }')
  local bytes
  bytes=$(du -sb "$db" | cut -f1)
  local lat
  lat=$("$build/bench/scale/bahth-bench-latency" -d "$db" --queries "$queries" --csv | tee "$work/latency-$mode.txt" |
        grep '^CSV,' | cut -d, -f3-)
  IFS=, read -r mean p50 p95 p99 _max empty <<<"$lat"
  local rate
  rate=$(awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
  printf '%s,%s,%s,%s,%.0f,%.1f,%.0f,%s,%s,%s,%s,%s,%s,%.3f,%s\n' "$n" "$mode" "$secs" "$rate" \
    "$(awk -v k="$rss_kb" 'BEGIN { print k / 1024 }')" "$(awk -v b="$bytes" 'BEGIN { print b / 1e6 }')" \
    "$(awk -v b="$bytes" -v n="$n" 'BEGIN { print b / n }')" "$p50" "$p95" "$p99" "$mean" "$empty" \
    "$cpu" "$(awk -v c="$cpu" -v n="$n" 'BEGIN { print c * 1000 / n }')" "$load1" | tee -a "$csv"
}

for n in "${sizes[@]}"; do
  archive=$work/archive-$n.jsonl
  queries=$work/queries-$n.jsonl
  if [[ ${REUSE:-0} != 1 || ! -s $archive || ! -s $queries ]]; then
    "$build/bench/scale/bahth-make-archive" --count "$n" --out "$archive" --queries "$queries" "${inputs[@]}"
  fi
  if [[ " ${MODES:-1-shard 2-shards} " == *" 1-shard "* ]]; then
    # shellcheck disable=SC2086 # the option lists are meant to split
    measure "$n" 1-shard "$work/db-$n-1" ${ONE_ARGS:---writers 1}
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$work/db-$n-1"
  fi
  if [[ " ${MODES:-1-shard 2-shards} " == *" 2-shards "* ]]; then
    # shellcheck disable=SC2086
    measure "$n" 2-shards "$work/db-$n-2" ${TWO_ARGS:---shards 2}
    [[ ${KEEP:-0} == 1 ]] || rm -rf "$work/db-$n-2"
  fi
  [[ ${KEEP:-0} == 1 ]] || rm -f "$archive"
done

column -s, -t "$csv"
if command -v gnuplot >/dev/null; then
  gnuplot -e "csv='$csv'; out='docs/cost-curve.png'" bench/scale/plot.gp
  echo "plot: docs/cost-curve.png"
fi
