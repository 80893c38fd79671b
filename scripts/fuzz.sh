#!/usr/bin/env bash
# `make fuzz`: builds folio-fuzz with libFuzzer and AddressSanitizer and runs each target for
# FUZZ_SECONDS (default 60) from its seed corpus in Tests/fuzz/corpus/TARGET. New inputs collect in
# .build-fuzz/corpus/TARGET; a crash, leak or input slower than 10 s is written to
# .build-fuzz/crash-TARGET-* and fails the run. FUZZ_TARGETS picks targets.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
seconds=${FUZZ_SECONDS:-60}
# FUZZ_SEEDS_ONLY=1 (CI): run each target on its seed corpus only, under ASan, and stop: a crash
# found once stays fixed, and CI does not turn red on a new finding by chance.
limit=(-max_total_time="$seconds")
[ -n "${FUZZ_SEEDS_ONLY:-}" ] && limit=(-runs=0)
targets=${FUZZ_TARGETS:-"shell makefile yaml frontmatter markdown html matcher url printable json serve search directive glob path guard compose extensions attrlist mkdocs highlight parserecord httpanswer"}
# FUZZ_NO_BUILD=1 runs the binary already built (say, from a snapshot of the tree).
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    "$SWIFT" build -c release --scratch-path .build-fuzz --product folio-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -enable-testing -Xswiftc -use-ld=lld
fi
# The same leak suppressions as `make sanitize` (false positives and toolchain leaks, explained there).
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
status=0
for target in $targets; do
    mkdir -p ".build-fuzz/corpus/$target"
    # The highlighter's seeds also include the snippets it is compared with Pygments on.
    extra=()
    if [ "$target" = highlight ]; then extra=(Tests/highlight/snippets); fi
    if [ -n "${FUZZ_SEEDS_ONLY:-}" ]; then echo "== $target: seeds only"; else echo "== $target: ${seconds}s"; fi
    if ! .build-fuzz/release/folio-fuzz "$target" "${limit[@]}" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix=".build-fuzz/crash-$target-" ".build-fuzz/corpus/$target" "Tests/fuzz/corpus/$target" "${extra[@]}" \
        2> ".build-fuzz/$target.log"; then
        echo "!! $target failed: see .build-fuzz/$target.log and .build-fuzz/crash-$target-*"
        tail -30 ".build-fuzz/$target.log"
        status=1
    fi
    grep -E "^stat::number_of_executed_units|^Done" ".build-fuzz/$target.log" | tr '\n' ' '
    echo
done
exit "$status"
