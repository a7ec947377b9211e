#!/usr/bin/env bash
# The relevance table: builds bahth-eval, builds (or reuses) one index per analyzer variant for
# both evaluation sets, runs every query and prints the side-by-side table (docs/relevance.md).
#
#   scripts/relevance.sh [WORKDIR] [more bahth-eval table options, e.g. --json out.json --worst 20]
#
# WORKDIR (default build-eval/relevance-work) caches the indexes: a later run reuses every index
# whose analyzer output, schema and documents are unchanged. Data: $BAHTH_DATA (default
# ../shared/data, beside the repository); it is research-only and never copied into the repo.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${BAHTH_DATA:-../shared/data}
build=${BUILD_DIR:-build-eval}
work=build-eval/relevance-work
if [[ $# -gt 0 && $1 != -* ]]; then
  work=$1
  shift
fi
for f in ant-multisource/articles.jsonl ant-multisource/known_item_title_queries.jsonl \
         arcd-retrieval/docs.jsonl arcd-retrieval/queries.jsonl; do
  [[ -r $data/$f ]] || { echo "relevance.sh: missing $data/$f (set BAHTH_DATA)" >&2; exit 2; }
done
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target bahth-eval >/dev/null
exec "$build"/bench/relevance/bahth-eval table --workdir "$work" --threads 2 \
  --set "known-item,docs=$data/ant-multisource/articles.jsonl,queries=$data/ant-multisource/known_item_title_queries.jsonl,title=no" \
  --set "arcd,docs=$data/arcd-retrieval/docs.jsonl,queries=$data/arcd-retrieval/queries.jsonl,title=yes" \
  --variant nostem --variant snowball --variant light10 --variant bahth "$@"
