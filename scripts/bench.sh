#!/usr/bin/env bash
# Times `folio build` on the benchmark corpus (../shared/bench/gen_corpus.py), 1,000 and 10,000
# pages, with hyperfine when it is installed. Output goes to tmpfs, as the peers' figures do.
#   bash scripts/bench.sh .build/release/folio [PAGES...]
set -euo pipefail
FOLIO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
BENCH=$(cd "$(dirname "$0")/.." && pwd)/../shared/bench
[ -f "$BENCH/gen_corpus.py" ] || { echo "bench: $BENCH/gen_corpus.py not found" >&2; exit 1; }
for pages in "${@:-1000 10000}"; do
  corpus=/tmp/bench-$pages/plain
  stamp="$pages 1 $(sha1sum "$BENCH/gen_corpus.py" | cut -c1-12)"
  if [ "$(cat "/tmp/bench-$pages/plain.stamp" 2> /dev/null)" != "$stamp" ]; then
    python3 "$BENCH/gen_corpus.py" "$corpus" --pages "$pages" --seed 1 --layout plain --force > /dev/null
    echo "$stamp" > "/tmp/bench-$pages/plain.stamp"
  fi
  out=/dev/shm/folio-bench-$pages
  echo "== folio build, $pages pages ($corpus -> $out)"
  if command -v hyperfine > /dev/null; then
    (cd "$corpus" && hyperfine -N -i -w 1 -r 5 "$FOLIO build --output $out")
  else
    (cd "$corpus" && time "$FOLIO" build --output "$out")
  fi
  (cd "$corpus" && /usr/bin/time -v "$FOLIO" build --output "$out" 2>&1 > /dev/null | grep -E "Maximum resident|Elapsed") || true
  rm -rf "$out"
done
