#!/usr/bin/env bash
# Replays every seed input (Tests/fuzz/corpus/TARGET/*) through the ordinary build of folio-fuzz,
# so that an input that once crashed a parser stays fixed; part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/debug/folio-fuzz}
count=0
for folder in Tests/fuzz/corpus/*/; do
    target=$(basename "$folder")
    "$binary" "$target" "$folder"* || { echo "fuzz replay: target $target failed on its seeds"; exit 1; }
    count=$((count + $(ls "$folder" | wc -l)))
done
# The highlighter also on the snippets it is compared with Pygments on.
"$binary" highlight Tests/highlight/snippets/* || { echo "fuzz replay: target highlight failed on Tests/highlight/snippets"; exit 1; }
count=$((count + $(ls Tests/highlight/snippets | wc -l)))
echo "fuzz replay: $count seed inputs, every target held its invariants"
