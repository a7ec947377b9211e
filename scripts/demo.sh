#!/usr/bin/env bash
# The demo: installs what is missing, builds, indexes corpus/ and runs example searches that show
# the analyzer, stemming, a phrase, filters, facets, "did you mean" and snippets.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
BUILD_DIR=${BUILD_DIR:-build} scripts/build.sh >/dev/null
bin=${BUILD_DIR:-build}
db=${DEMO_DB:-demo-db}
# The demo's own database is rebuilt each time (corpus/ takes a second), so one left by an older
# version, whose schema this one no longer reads, never stops the demo. A DEMO_DB is updated.
if [[ -z ${DEMO_DB:-} ]]; then rm -rf demo-db; fi
show() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

show "$bin/searcher/bahth-search" --analyze "وبالمدينة، فسيكتبونها للاجتماع «الكـبير» في ٢٠٢٤م"
show "$bin/indexer/bahth-index" -d "$db" --spelling corpus/
# Stemming and normalization: امريكا (no hamza) also finds أمريكا and وأمريكا.
show "$bin/searcher/bahth-search" -d "$db" --limit 3 امريكا
# A phrase, matched across spelling variants.
show "$bin/searcher/bahth-search" -d "$db" --limit 2 '"الطاقة المتجددة"'
# Filters: source and date.
show "$bin/searcher/bahth-search" -d "$db" --limit 2 'الانتخابات source:sahil date:2023'
# Facets, and a misspelling.
show "$bin/searcher/bahth-search" -d "$db" --limit 1 --facets 'النفط OR الوقود'
show "$bin/searcher/bahth-search" -d "$db" --limit 1 ماراثوون
# JSON for scripts.
show "$bin/searcher/bahth-search" -d "$db" --json --limit 1 'اقتصا*'
