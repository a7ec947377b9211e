#!/usr/bin/env bash
# The demo: installs what is missing, builds, and shows what the analyzer makes of corpus sentences.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
BUILD_DIR=${BUILD_DIR:-build} scripts/build.sh >/dev/null
bin=${BUILD_DIR:-build}
show() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }
show "$bin/searcher/bahth-search" --analyze "وبالمدينة، فسيكتبونها للاجتماع «الكـبير» في ٢٠٢٤م بنسبة ٣٫٥٪"
show "$bin/searcher/bahth-search" --analyze "الْمُدَرِّسَةُ والمدرسه، مستشفى ومستشفي، کتاب NATO COVID-19"
