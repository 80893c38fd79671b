#!/usr/bin/env bash
# End-to-end checks with the release binary, as a user runs it: Folio's own docs, the CLI's
# basics, and a build killed with SIGKILL at many moments leaving the previous site whole.
#   bash Tests/e2e/run.sh .build/release/folio
set -uo pipefail
FOLIO=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/folio-e2e.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }

# --- the CLI's basics -------------------------------------------------------------------
check "folio --version prints the version" bash -c "'$FOLIO' --version | grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$'"
check "folio build --help exits 0 and names the options" bash -c "'$FOLIO' build --help | grep -q -- '--strict'"
"$FOLIO" bogus > /dev/null 2>&1; check "an unknown subcommand exits 2" test $? -eq 2

# --- Folio's own documentation, strict -----------------------------------------------------
# Runbook reviews are measured on the day of the last commit (the reproducible-builds
# convention), so that a commit's CI result does not change as days pass.
SOURCE_DATE_EPOCH=$(git -C "$REPO" log -1 --format=%ct 2>/dev/null || true)
export SOURCE_DATE_EPOCH
out=$WORK/own-docs
(cd "$REPO" && "$FOLIO" build --strict --output "$out") > "$WORK/own.log" 2>&1
status=$?
check "content/ builds with --strict and no findings (exit $status)" test $status -eq 0
[ $status -eq 0 ] || cat "$WORK/own.log"
pages=$(find "$REPO/content" -name '*.md' | wc -l)
html=$(find "$out" -name 'index.html' | wc -l)
check "every page of content/ has its HTML page ($pages .md, $html .html)" test "$pages" -eq "$html"
check "the theme's assets are written" test -s "$out/assets/folio.css" -a -s "$out/assets/folio.js"
audit=$(python3 "$REPO/Tests/e2e/audit_site.py" "$out")
status=$?
check "every local href/src of Folio's own docs resolves ($(echo "$audit" | tail -1))" test $status -eq 0
[ $status -eq 0 ] || echo "$audit"

# --- folio check links over Folio's whole repository (README, content/, every Markdown file) ---
(cd "$REPO" && "$FOLIO" check links --all) > "$WORK/check.log" 2>&1
status=$?
check "folio check links --all is clean on Folio's own repository (exit $status: $(tail -1 "$WORK/check.log"))" test $status -eq 0
[ $status -eq 0 ] || cat "$WORK/check.log"
(cd "$REPO" && "$FOLIO" check --all --format json) > "$WORK/check.json" 2>&1
check "folio check --all (links and commands of every Markdown file) is clean and its JSON parses" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r['summary']['errors']==0 and r['version']==1 else 1)" "$WORK/check.json"

(cd "$REPO" && "$FOLIO" check commands --all --run) > "$WORK/run.log" 2>&1
status=$?
check "the runbook blocks of Folio's own docs pass with --run (exit $status: $(tail -1 "$WORK/run.log"))" test $status -eq 0
[ $status -eq 0 ] || cat "$WORK/run.log"

# --- examples/microservice-shop: the seed's world, built and checked clean, and its report ---
EXAMPLE=$REPO/examples/microservice-shop
(cd "$EXAMPLE" && "$FOLIO" build --strict --no-cache --output "$WORK/example-site") > "$WORK/example.log" 2>&1
status=$?
check "the Microservice Shop example builds with --strict and no findings (exit $status)" test $status -eq 0
[ $status -eq 0 ] || cat "$WORK/example.log"
audit=$(python3 "$REPO/Tests/e2e/audit_site.py" "$WORK/example-site")
check "every local href/src of the example's site resolves ($(echo "$audit" | tail -1))" test $? -eq 0
(cd "$EXAMPLE" && "$FOLIO" check --all) > "$WORK/example-check.log" 2>&1
status=$?
check "folio check --all is clean on the example ($(tail -1 "$WORK/example-check.log"))" test $status -eq 0
[ $status -eq 0 ] || cat "$WORK/example-check.log"
(cd "$EXAMPLE" && "$FOLIO" report --format json) > "$WORK/example-report.json"
check "folio report on the example: 3 requirements covered, video and model planned, nothing missing" python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
covered = [q['id'] for q in r['requirements'] if q['covered']]
kinds = {p['kind'] for p in r['planned']}
sys.exit(0 if covered == ['llms', 'mlops', 'documentacao'] and {'video', 'model'} <= kinds and not r['missing'] else 1)" "$WORK/example-report.json"

# --- libcurl is loaded only when an external URL is asked, and its absence is said ------------
NET=$WORK/net
mkdir -p "$NET/content"
printf '# Links\n\n[closed](http://127.0.0.1:1/)\n' > "$NET/content/index.md"
(cd "$NET" && LD_DEBUG=libs "$FOLIO" build --output "$WORK/net-site") > "$WORK/net-build.log" 2>&1
check "a build loads no network library (libcurl, TLS, Kerberos)" bash -c "grep -q 'calling init: .*libcmark-gfm' '$WORK/net-build.log' && ! grep -qE 'calling init: .*/lib(curl|ssl|crypto|gnutls|krb5|gssapi)' '$WORK/net-build.log'"
(cd "$NET" && LD_DEBUG=libs "$FOLIO" check links --external --no-cache) > "$WORK/net-check.log" 2>&1
check "check links --external loads libcurl when it asks" grep -qE 'calling init: .*/libcurl' "$WORK/net-check.log"
check "and finds the closed port" grep -q "could not verify 'http://127.0.0.1:1/': connection refused" "$WORK/net-check.log"
(cd "$NET" && FOLIO_LIBCURL=/nonexistent/libcurl.so.4 "$FOLIO" check links --external --no-cache) > "$WORK/net-missing.log" 2>&1
status=$?
check "without libcurl each external URL is unverified and says why (exit $status)" \
    bash -c "test $status -eq 0 && grep -q \"content/index.md:3:1: warning: could not verify 'http://127.0.0.1:1/': libcurl could not be loaded (install libcurl4)\" '$WORK/net-missing.log'"
[ $status -eq 0 ] || cat "$WORK/net-missing.log"

# --- the check in the real binary: parses on every core, gives the same report one at a time ---
corpus=$WORK/corpus
mkdir -p "$corpus/content/a" "$corpus/content/b"
for ((i = 0; i < 400; i++)); do
  printf '# Page %d\n\n~~old~~ see www.example.org and [next](../b/p%d.md#section-%d) or [bad](p%d.md#nope).\n\n| a | b |\n| --- | --- |\n| [x](../a/p%d.md) | ~~y~~ |\n\n## Section %d\n' \
    "$i" "$i" "$i" "$i" "$(((i + 7) % 400))" "$i" > "$corpus/content/a/p$i.md"
  printf '# B %d\n\n## Section %d\n\n[back](../a/p%d.md#page-%d)\n' "$i" "$i" "$i" "$i" > "$corpus/content/b/p$i.md"
done
(cd "$corpus" && "$FOLIO" check links --format json > "$WORK/parallel.json")
(cd "$corpus" && taskset -c 0 "$FOLIO" check links --format json > "$WORK/serial.json")
check "the report on every core equals the report on one core" cmp -s "$WORK/parallel.json" "$WORK/serial.json"
check "the 400 broken anchors are reported, no more" python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r['summary']['errors']==400 else 1)" "$WORK/parallel.json"
if command -v script > /dev/null; then
  python3 "$REPO/Tests/support/http_server.py" > "$WORK/port" < /dev/null &
  server=$!
  sleep 0.5
  printf '# Links\n\n[a](http://127.0.0.1:%s/ok) [b](http://127.0.0.1:%s/missing)\n' "$(head -1 "$WORK/port")" "$(head -1 "$WORK/port")" > "$corpus/content/external.md"
  (cd "$corpus" && script -qec "'$FOLIO' check links --external --no-cache > /dev/null" /dev/null > "$WORK/tty.log" 2>&1)
  check "a terminal sees a progress bar while external links are checked" grep -q "checking external links" "$WORK/tty.log"
  (cd "$corpus" && "$FOLIO" check links --external --no-cache > /dev/null 2> "$WORK/notty.log")
  check "without a terminal there is no progress bar" test ! -s "$WORK/notty.log"
  kill $server 2> /dev/null
fi

# --- the published-files fixture: every dead reference in the output was reported -----------
fixture=$WORK/published
cp -r "$REPO/Tests/FolioTests/Fixtures/published-site/input" "$fixture"
(cd "$fixture" && "$FOLIO" build > /dev/null 2> "$WORK/published.log")
dead=$(python3 "$REPO/Tests/e2e/audit_site.py" "$fixture/site" | grep -c '^[^0-9]')
reported=$(grep -cE 'link\.(missing-file|missing-anchor|outside-repository)' "$WORK/published.log")
check "the fixture's dead references ($dead) are exactly its reported broken links ($reported)" test "$dead" -eq "$reported" -a "$reported" -eq 3

# --- a build killed with SIGKILL leaves the previous site whole -------------------------
site=$WORK/killed
mkdir -p "$site/content"
write_pages() { # VERSION: 3,000 pages, each naming the version
  local version=$1 i
  for ((i = 0; i < 3000; i++)); do
    printf -- '---\ntitle: Page %d\n---\n# Page %d\n\nversion-%s\n\n## Section one\n\nSee [next](p%d.md#section-one).\n\n```bash\nmake page-%d\n```\n' \
      "$i" "$i" "$version" "$(((i + 1) % 3000))" "$i" > "$site/content/p$i.md"
  done
}
site_version() { # prints the single version all 3,000 pages show, or "mixed"/"missing(N)"
  local count versions
  count=$(find "$site/site" -path '*/p[0-9]*/index.html' 2> /dev/null | wc -l)
  [ "$count" -eq 3000 ] || { echo "missing($count)"; return; }
  versions=$(find "$site/site" -path '*/p[0-9]*/index.html' -exec grep -hoE 'version-[0-9]+' {} + | sort -u)
  [ "$(echo "$versions" | wc -l)" -eq 1 ] && echo "${versions#version-}" || echo mixed
}
write_pages 0
(cd "$site" && "$FOLIO" build > /dev/null 2>&1)
check "the first build of 3,000 pages succeeds" test "$(site_version)" = 0
killed_midway=0 whole=1 current=0
for delay in 0.01 0.03 0.06 0.1 0.15 0.2 0.3 0.45 0.6 0.8; do
  next=$((current + 1))
  write_pages "$next"
  (cd "$site" && exec "$FOLIO" build > /dev/null 2>&1) &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2> /dev/null
  wait "$pid"
  status=$?
  seen=$(site_version)
  if [ "$seen" = "$current" ]; then
    [ $status -eq 137 ] && killed_midway=$((killed_midway + 1))
  elif [ "$seen" = "$next" ]; then
    current=$next
  else
    whole=0
    echo "  after kill at ${delay}s: site is $seen (expected version $current or $next)"
  fi
done
check "after every SIGKILL the site was one whole version" test $whole -eq 1
check "at least one SIGKILL landed mid-build ($killed_midway did)" test $killed_midway -ge 1
write_pages 99
(cd "$site" && "$FOLIO" build > /dev/null 2>&1)
check "the next build completes and replaces the site" test "$(site_version)" = 99
check "no staging folder is left behind" test ! -e "$site/.site.folio-staging"

# --- two builds at once in one repository: the second waits for the first --------------------
write_pages 7
(cd "$site" && exec "$FOLIO" build > "$WORK/first.out" 2> "$WORK/first.err") &
first=$!
(cd "$site" && exec "$FOLIO" build > "$WORK/second.out" 2> "$WORK/second.err") &
second=$!
wait $first; first_status=$?
wait $second; second_status=$?
check "two concurrent builds both succeed (exit $first_status and $second_status)" test $first_status -eq 0 -a $second_status -eq 0
check "the site after two concurrent builds is whole" test "$(site_version)" = 7
check "no staging folder is left behind by concurrent builds" test ! -e "$site/.site.folio-staging"
waited=$(cat "$WORK/first.err" "$WORK/second.err" | grep -c 'another build is writing')
echo "  (builds that had to wait: $waited)"
write_pages 8
(cd "$site" && "$FOLIO" build > /dev/null 2>&1)
check "a later build still replaces the site" test "$(site_version)" = 8

# --- folio serve: the site over HTTP on 127.0.0.1, rebuilt when a page changes -------------
preview=$WORK/preview
mkdir -p "$preview/content"
printf '# Início\n\nPrimeira versão.\n' > "$preview/content/index.md"
(cd "$preview" && exec "$FOLIO" serve --port 0 > "$WORK/serve.out" 2> "$WORK/serve.err") &
serving=$!
url=""
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/serve.out" 2> /dev/null | head -n 1)
  [ -n "$url" ] && break
  sleep 0.1
done
check "folio serve announces its address on 127.0.0.1 ($url)" test -n "$url"
check "the served home page is the built page" bash -c "curl --noproxy '*' -fsS '$url' | grep -q 'Primeira versão'"
check "a folder without its slash is redirected" bash -c "curl --noproxy '*' -sS -o /dev/null -w '%{http_code} %{redirect_url}' '${url}assets' | grep -q '^301 ${url}assets/$'"
check "a path that climbs out of the site is not served" bash -c "test \"\$(curl --noproxy '*' -sS --path-as-is -o /dev/null -w '%{http_code}' '${url}../../../../etc/passwd')\" = 404"
before=$(curl --noproxy '*' -fsS "${url}__folio/version?page=%2F")
printf '# Início\n\nSegunda versão.\n' > "$preview/content/index.md"
rebuilt=0
for _ in $(seq 1 100); do
  if curl --noproxy '*' -fsS "$url" 2> /dev/null | grep -q 'Segunda versão'; then rebuilt=1; break; fi
  sleep 0.1
done
check "an edited page is rebuilt and served within 10 seconds" test $rebuilt -eq 1
check "the version the edited page polls changed ($before -> $(curl --noproxy '*' -fsS "${url}__folio/version?page=%2F"))" test "$(curl --noproxy '*' -fsS "${url}__folio/version?page=%2F")" != "$before"
check "serve wrote only .folio/serve, not the output folder" test ! -e "$preview/site" -a -s "$preview/.folio/serve/index.html"
kill $serving 2> /dev/null; wait $serving 2> /dev/null
grep -q 'rebuilt 1 page' "$WORK/serve.out"; check "serve reported the rebuild" test $? -eq 0

# --- pathological Markdown: every page bounded in time and memory, the amplifying table refused ---
patho=$WORK/pathological
mkdir -p "$patho/content" && python3 "$REPO/Tests/e2e/pathological.py" "$patho/content"
cases=$(ls "$patho/content" | wc -l)
start=$(date +%s)
(cd "$patho" && ulimit -v 4000000 && timeout 120 "$FOLIO" build) > "$WORK/patho.log" 2>&1
status=$?
elapsed=$(( $(date +%s) - start ))
check "the $cases pathological pages build within 120 s and 4 GB ($elapsed s, exit $status)" test $status -eq 1
check "only the amplifying table is refused, at its line" bash -c "test \"\$(grep -c 'page.too-complex' '$WORK/patho.log')\" = 1 && grep -q '^content/table-amplification.md:3:1: error: this table would make 1000 columns x 10002 rows' '$WORK/patho.log'"
built=$(find "$patho/site" -name index.html | wc -l)
check "every pathological page has its HTML page, the refused one empty, and the home ($built pages)" test "$built" -eq $((cases + 1))
[ $status -eq 1 ] || tail -5 "$WORK/patho.log"

# --- real MkDocs projects (../shared/corpora, when present): built as they are, twice ---------
corpora=${CORPORA:-$REPO/../shared/corpora}
if [ -d "$corpora/mkdocs-material" ]; then
    for project in mkdocs mkdocs-material; do
        cp -r "$corpora/$project" "$WORK/$project"
        (cd "$WORK/$project" && "$FOLIO" build --output "$WORK/$project-a" > "$WORK/$project.log" 2>&1; echo $? > "$WORK/$project.status")
        (cd "$WORK/$project" && "$FOLIO" build --output "$WORK/$project-b" > /dev/null 2>&1)
        md=$(find "$WORK/$project/docs" -name '*.md' | wc -l)
        html=$(find "$WORK/$project-a" -name 'index.html' ! -path '*/assets/*' | wc -l)
        check "$project builds from its mkdocs.yml (exit $(cat "$WORK/$project.status"): its docs' own broken links; $md pages, $html HTML pages)" \
            bash -c "test $(cat "$WORK/$project.status") -eq 1 && test $html -ge $md"
        check "$project: two builds are byte-identical" diff -r -q "$WORK/$project-a" "$WORK/$project-b"
        left=$(python3 - "$WORK/$project-a" <<'PY'
import html.parser, os, re, sys
class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.skip = 0; self.parts = []
    def handle_starttag(self, tag, attrs):
        if tag in ("pre", "code", "script", "style"): self.skip += 1
    def handle_endtag(self, tag):
        if tag in ("pre", "code", "script", "style") and self.skip: self.skip -= 1
    def handle_data(self, data):
        if not self.skip: self.parts.append(data)
found = []
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        if name.endswith(".html"):
            parser = Text(); parser.feed(open(os.path.join(folder, name), encoding="utf-8").read())
            if re.search(r"^\s*(!!!|\?\?\?|===|```)", "".join(parser.parts), re.M): found.append(os.path.join(folder, name))
print(len(found), *found[:3])
PY
)
        check "$project: no !!!, ???, === or fence left as text on any page ($left)" test "${left%% *}" = 0
    done
else
    echo "skip - real MkDocs projects: $corpora not found (set CORPORA)"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
