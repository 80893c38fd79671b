#!/usr/bin/env bash
# `swift test`, and when it fails, the failing tests and their recorded issues again at the end,
# so that a CI log cut to its last lines still says what failed.
set -uo pipefail
SWIFT=${SWIFT:-swift}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$SWIFT" test "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo
    echo "=== what failed (repeated from above) ==="
    grep -E -A12 'recorded an issue|✘ Test [^r]|error: |XCTAssert|Fatal error|Crash' "$log" | grep -v -E '^(✔|◇)' | head -150
fi
exit "$status"
