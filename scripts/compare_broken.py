#!/usr/bin/env python3
"""Compare `folio check links --format json` with a bench corpus' expected-broken.json.

    python3 scripts/compare_broken.py CORPUS folio.json

Links are matched as a multiset of (source page, line, target as written); prints the counts
and exits 1 unless both sides are equal.
"""
import collections
import json
import os
import sys


def main():
    corpus, report = sys.argv[1], sys.argv[2]
    with open(os.path.join(corpus, "expected-broken.json"), encoding="utf-8") as f:
        expected = collections.Counter((l["source"], l["line"], l["target"]) for l in json.load(f)["links"])
    with open(report, encoding="utf-8") as f:
        findings = json.load(f)["findings"]
    prefix = "content/"
    found = collections.Counter(
        (x["file"][len(prefix):] if x["file"].startswith(prefix) else x["file"], x["line"], x["target"])
        for x in findings
        if x["severity"] == "error"
    )
    missed, extra = expected - found, found - expected
    print(json.dumps({"expected": sum(expected.values()), "reported": sum(found.values()),
                      "matched": sum((expected & found).values()), "missed": sum(missed.values()),
                      "extra": sum(extra.values()), "examples": [list(k) for k in list(missed)[:3] + list(extra)[:3]]}))
    return 0 if not missed and not extra else 1


if __name__ == "__main__":
    sys.exit(main())
