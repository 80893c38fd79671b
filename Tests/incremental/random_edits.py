#!/usr/bin/env python3
"""The incremental build against clean builds, on random edits of a 1,000-page corpus.

    python3 Tests/incremental/random_edits.py FOLIO_BINARY [--edits N] [--pages N] [--seed S]

Makes the benchmark corpus (../shared/bench/gen_corpus.py, or a small corpus of its own when
that is not there), builds it once, then N times: makes a random edit (a page's text, a
heading, a title or weight in front matter, a rename, a deletion, a new page linking to
others, the deliverables data, a file touched without change), builds incrementally into
site/, builds the same tree from scratch with --no-cache into another folder, and requires
the two sites to be byte-identical, with the same diagnostics and exit status. It also
requires the incremental builds to have reused most pages: a cache that never hits would pass
the comparison and prove nothing. Every 25 edits, once every file is more than a second old, it
builds twice more without a change: the second of those must keep the site as it is (same
folder, not swapped) and say again what the clean build said.
"""

import argparse
import filecmp
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GENERATOR = os.path.join(os.environ.get("FOLIO_BENCH", os.path.join(REPO, "..", "shared", "bench")), "gen_corpus.py")


def own_corpus(root, pages, rng):
    """A corpus with folders, headings, cross links and front matter, when the bench is absent."""
    paths = []
    for n in range(pages):
        folder = ["guide", "ops", "ops/runbooks", "reference", "architecture"][n % 5]
        paths.append(f"content/{folder}/page-{n}.md")
    for n, path in enumerate(paths):
        os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
        links = []
        for _ in range(4):
            target = rng.choice(paths)
            rel = os.path.relpath(target, os.path.dirname(path))
            links.append(f"[see {os.path.basename(target)}]({rel}#section-{rng.randint(0, 2)})")
        body = "\n\n".join(f"## Section {k}\n\nText {n}.{k} {' '.join(links[k:k + 2])}" for k in range(3))
        with open(os.path.join(root, path), "w") as out:
            out.write(f"---\ntitle: Page {n}\nweight: {n % 7}\n---\n# Page {n}\n\n{body}\n")
    with open(os.path.join(root, "content/index.md"), "w") as out:
        out.write("# Home\n\n[Guide](guide/page-0.md)\n")


def make_corpus(root, pages, seed, rng):
    if os.path.exists(GENERATOR):
        subprocess.run([sys.executable, GENERATOR, root, "--pages", str(pages), "--seed", str(seed), "--layout", "plain", "--force"],
                       check=True, stdout=subprocess.DEVNULL)
        return "bench corpus"
    own_corpus(root, pages, rng)
    return "own corpus (no ../shared/bench)"


def pages_of(root):
    found = []
    for folder, _, files in os.walk(os.path.join(root, "content")):
        for name in files:
            if name.endswith(".md"):
                found.append(os.path.relpath(os.path.join(folder, name), root))
    return sorted(found)


def read(root, path):
    with open(os.path.join(root, path), encoding="utf-8") as source:
        return source.read()


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as out:
        out.write(text)


def edit(root, rng, serial):
    """One random change to the tree; returns what it did, for the failure message."""
    pages = pages_of(root)
    page = rng.choice(pages)
    text = read(root, page)
    kind = rng.choice(["text", "text", "heading", "title", "weight", "rename", "delete", "add", "data", "touch", "link"])
    if kind == "text":
        lines = text.split("\n")
        at = rng.randrange(len(lines) + 1)
        lines.insert(at, f"\nAn edited paragraph {serial} with *emphasis* and `code`.\n")
        write(root, page, "\n".join(lines))
    elif kind == "heading":
        headings = [m for m in re.finditer(r"^(#{2,3}) (.+)$", text, re.M)]
        if not headings:
            write(root, page, text + f"\n## Added heading {serial}\n")
        else:
            m = rng.choice(headings)
            write(root, page, text[:m.start(2)] + f"Renamed {serial} {m.group(2)}" + text[m.end(2):])
    elif kind in ("title", "weight"):
        if text.startswith("---\n") and "\n---\n" in text[4:]:
            end = text.index("\n---\n", 4)
            front, body = text[4:end], text[end + 5:]
        else:
            front, body = "", text
        key = "title" if kind == "title" else "weight"
        value = f"Retitled {serial}" if key == "title" else str(rng.randint(-5, 20))
        lines = [line for line in front.split("\n") if line and not line.startswith(key + ":")]
        lines.append(f"{key}: {value}")
        write(root, page, "---\n" + "\n".join(lines) + "\n---\n" + body)
    elif kind == "rename":
        folder = os.path.dirname(page)
        target = os.path.join(rng.choice([folder, "content", os.path.dirname(rng.choice(pages))]), f"moved-{serial}.md")
        os.makedirs(os.path.join(root, os.path.dirname(target)), exist_ok=True)
        os.rename(os.path.join(root, page), os.path.join(root, target))
        page = f"{page} -> {target}"
    elif kind == "delete":
        os.remove(os.path.join(root, page))
    elif kind == "add":
        folder = os.path.dirname(rng.choice(pages))
        links = []
        for target in rng.sample(pages, 3):
            links.append(f"[{os.path.basename(target)}]({os.path.relpath(target, folder)})")
        page = os.path.join(folder, f"new-{serial}.md")
        write(root, page, f"---\ntitle: New page {serial}\n---\n# New page {serial}\n\n## Links\n\n" + "\n".join(f"- {l}" for l in links) + "\n")
    elif kind == "data":
        data = os.path.join("data", "deliverables.yaml")
        if os.path.exists(os.path.join(root, data)):
            write(root, data, read(root, data).replace("title:", f"title: {serial}", 1) if rng.random() < 0.5 else read(root, data) + "\n")
        page = data
    elif kind == "touch":
        os.utime(os.path.join(root, page))
    elif kind == "link":
        target = rng.choice(pages)
        rel = os.path.relpath(target, os.path.dirname(page))
        write(root, page, text + f"\nSee [{serial}]({rel}#{rng.choice(['overview', 'rollback', 'missing-' + str(serial)])}).\n")
    return f"{kind} {page}"


def build(folio, root, *arguments):
    run = subprocess.run([folio, "build", *arguments], cwd=root, capture_output=True, text=True,
                         env={**os.environ, "FOLIO_TIMINGS": "1", "SOURCE_DATE_EPOCH": "1767225600"})
    notes = [line for line in run.stderr.splitlines() if line.startswith("folio: ")]
    diagnostics = [line for line in run.stderr.splitlines() if not line.startswith("folio: ")]
    reused = rendered = 0
    parsed = read = searched = search_kept = 0
    for line in notes:
        m = re.match(r"folio: search: pages read: (\d+), from search.bin: (\d+)", line)
        if m:
            searched, search_kept = int(m.group(1)), int(m.group(2))
        m = re.match(r"folio: pages parsed: (\d+), read from parse.bin: (\d+)", line)
        if m:
            parsed, read = int(m.group(1)), int(m.group(2))
        m = re.match(r"folio: pages reused: (\d+), rendered: (\d+)", line)
        if m:
            reused, rendered = int(m.group(1)), int(m.group(2))
    kept = any(line.startswith("folio: nothing changed since the last build") for line in notes)
    return run.returncode, diagnostics, run.stdout, (reused, rendered), kept, (parsed, read), (searched, search_kept)


def differences(left, right):
    comparison = filecmp.dircmp(left, right)
    found = []

    def walk(c, prefix):
        found.extend(os.path.join(prefix, n) for n in c.left_only + c.right_only + c.diff_files + c.funny_files)
        for name, sub in c.subdirs.items():
            walk(sub, os.path.join(prefix, name))
    walk(comparison, "")
    # dircmp compares shallowly (size and mtime) first; compare bytes of the rest too.
    for folder, _, files in os.walk(left):
        for name in files:
            a = os.path.join(folder, name)
            b = os.path.join(right, os.path.relpath(a, left))
            if os.path.exists(b) and not filecmp.cmp(a, b, shallow=False):
                found.append(os.path.relpath(a, left))
    return sorted(set(found))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folio")
    parser.add_argument("--edits", type=int, default=int(os.environ.get("FOLIO_INCREMENTAL_EDITS", "200")))
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folio = os.path.abspath(args.folio)
    rng = random.Random(args.seed)
    # Memory, when there is some: 400 builds of 1,000 pages write a lot.
    work = tempfile.mkdtemp(prefix="folio-incremental-", dir="/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None)
    root = os.path.join(work, "repo")
    clean = os.path.join(work, "clean")
    try:
        what = make_corpus(root, args.pages, args.seed, rng)
        status = build(folio, root)[0]
        if status not in (0, 1):
            print(f"not ok - the first build failed with status {status}")
            return 1
        reused_total = rendered_pages = kept_checks = parsed_total = read_total = searched_total = search_kept_total = 0
        for serial in range(1, args.edits + 1):
            change = edit(root, rng, serial)
            inc = build(folio, root)
            if os.path.exists(clean):
                shutil.rmtree(clean)
            ref = build(folio, root, "--no-cache", "--output", clean)
            problems = []
            if inc[0] != ref[0]:
                problems.append(f"exit status {inc[0]}, a clean build {ref[0]}")
            if inc[1] != ref[1]:
                problems.append("diagnostics differ:\n  " + "\n  ".join(sorted(set(inc[1]) ^ set(ref[1]))[:10]))
            site = os.path.join(root, "site")
            if inc[0] in (0, 1):
                diff = differences(site, clean)
                if diff:
                    problems.append(f"{len(diff)} files differ: " + ", ".join(diff[:10]))
            if problems:
                print(f"not ok - edit {serial} ({change}): " + "; ".join(problems))
                return 1
            reused_total += inc[3][0]
            parsed_total += inc[5][0]
            read_total += inc[5][1]
            searched_total += inc[6][0]
            search_kept_total += inc[6][1]
            rendered_pages += inc[3][0] + inc[3][1]
            if serial % 25 == 0 and inc[0] in (0, 1):
                # Nothing changed: the first build records what it read (every file is older than
                # a second), the second keeps the site and repeats the report.
                time.sleep(1.1)
                build(folio, root)
                folder = os.stat(site).st_ino
                again = build(folio, root)
                if not again[4] or os.stat(site).st_ino != folder:
                    problems.append("a build with nothing changed did not keep the site")
                if again[0] != ref[0] or again[1] != ref[1] or again[2] != inc[2]:
                    problems.append("a build with nothing changed reported otherwise than a clean build")
                diff = differences(site, clean)
                if diff:
                    problems.append(f"after a build with nothing changed, {len(diff)} files differ: " + ", ".join(diff[:10]))
                kept_checks += 1
            if problems:
                print(f"not ok - edit {serial} ({change}): " + "; ".join(problems))
                return 1
        ratio = reused_total / max(rendered_pages, 1)
        if ratio < 0.5:
            print(f"not ok - incremental builds reused {ratio:.0%} of the pages; the cache is not doing its job")
            return 1
        # An edit changes a page or two (a rename, a new page): the others' parses are read.
        parse_ratio = read_total / max(parsed_total + read_total, 1)
        if parse_ratio < 0.9:
            print(f"not ok - incremental builds read {parse_ratio:.0%} of the pages' parses from .folio/cache/parse.bin; the parse store is not doing its job")
            return 1
        # Only the pages an edit changes (a title: every page's sidebar, not its search entry) are
        # read again for the search index.
        search_ratio = search_kept_total / max(searched_total + search_kept_total, 1)
        if search_ratio < 0.9:
            print(f"not ok - incremental builds took {search_ratio:.0%} of the pages' search entries from .folio/cache/search.bin; the search store is not doing its job")
            return 1
        print(f"ok - {args.edits} random edits of the {what} ({args.pages} pages): every incremental build byte-identical to a clean one, "
              f"same diagnostics and status; {ratio:.0%} of pages reused, {parse_ratio:.1%} of parses and {search_ratio:.1%} of search entries read from the stores; {kept_checks} builds with nothing changed kept the site")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
