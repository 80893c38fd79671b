#!/usr/bin/env python3
"""How long `folio serve` takes from an edit to a rebuilt page, on a corpus (part of `make bench`).

    python3 scripts/serve_latency.py FOLIO CORPUS [--edits N]

Starts `folio serve --port 0` in CORPUS, waits for it to serve, then N times appends a line to
one page's text and measures, from the moment the file is written:
  - "rebuilt": until serve prints its `rebuilt ...` line;
  - "reloadable": until the version the open page polls (`/__folio/version?page=`) changed and
    the page served has the new line, which is when a browser showing it reloads.
Prints the median and the slowest of each. The corpus is copied to tmpfs (/dev/shm) first, as
the other benchmarks write there: on this machine's disk, the first build's 300 MB of pages are
still being flushed when the edits start, and a small write then waits behind them.
"""

import argparse
import os
import re
import shutil
import tempfile
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read().decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folio")
    parser.add_argument("corpus")
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between edits (the search index catches up in about 1.5 s at 10,000 pages)")
    args = parser.parse_args()
    args.folio = os.path.abspath(args.folio)
    shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    work = tempfile.mkdtemp(prefix="folio-serve-latency-", dir=shm)
    try:
        corpus = os.path.join(work, "corpus")
        shutil.copytree(args.corpus, corpus, ignore=shutil.ignore_patterns(".folio", "site"))
        args.corpus = corpus
        return measure(args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(args):
    pages = sorted(os.path.relpath(os.path.join(folder, name), args.corpus)
                   for folder, _, names in os.walk(os.path.join(args.corpus, "content")) for name in names if name.endswith(".md"))
    page = pages[len(pages) // 2]
    url_path = "/" + os.path.splitext(os.path.relpath(page, "content"))[0] + "/"
    if url_path.endswith("/index/"):
        url_path = url_path[: -len("index/")]
    os.environ["no_proxy"] = "127.0.0.1"
    serve = subprocess.Popen([args.folio, "serve", "--port", "0"], cwd=args.corpus, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, bufsize=1)
    lines = []
    arrived = threading.Condition()

    def read():
        for line in serve.stdout:
            with arrived:
                lines.append((time.monotonic(), line.strip()))
                arrived.notify_all()
    threading.Thread(target=read, daemon=True).start()

    def wait_for(prefix, after, timeout=120):
        deadline = time.monotonic() + timeout
        with arrived:
            while True:
                for stamp, line in lines:
                    if stamp >= after and line.startswith(prefix):
                        return stamp, line
                if not arrived.wait(max(0.0, deadline - time.monotonic())):
                    raise SystemExit(f"serve: no '{prefix}' line within {timeout} s")

    try:
        _, serving = wait_for("serving", 0)
        base = re.search(r"http://127\.0\.0\.1:\d+/", serving).group(0)
        version_url = base + "__folio/version?page=" + urllib.parse.quote(url_path, safe="")
        time.sleep(1.5)  # the first build's search index, then quiet
        rebuilt, reloadable, kinds = [], [], []
        for number in range(args.edits):
            before = fetch(version_url)
            marker = f"Edit number {number} for the latency check."
            start = time.monotonic()
            with open(os.path.join(args.corpus, page), "ab") as out:
                out.write(f"\n{marker}\n".encode())
            stamp, line = wait_for("rebuilt", start)
            rebuilt.append(stamp - start)
            while not (fetch(version_url) != before and marker in fetch(base + url_path.lstrip("/"))):
                time.sleep(0.002)
            reloadable.append(time.monotonic() - start)
            kinds.append(line)
            time.sleep(args.pause)
        ms = lambda values: f"median {statistics.median(values) * 1000:.0f} ms, slowest {max(values) * 1000:.0f} ms"
        print(f"{len(pages)} pages, {args.edits} edits of {page}, {args.pause} s apart")
        print(f"  edit -> 'rebuilt':          {ms(rebuilt)}")
        print(f"  edit -> page reloadable:    {ms(reloadable)}")
        print(f"  last report: {kinds[-1]}")
    finally:
        serve.terminate()
        serve.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
