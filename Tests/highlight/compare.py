#!/usr/bin/env python3
"""Folio's syntax highlighting against Pygments, on the same code, as the reader gets it.

Builds a site whose page holds every snippet of Tests/highlight/snippets/ (one file per
language, the language is the file name's stem) and, with --corpus DIR, every fenced block of
DIR's Markdown in a language Folio highlights. Reads each block's tokens back from the built HTML
and lexes the same code with Pygments (the oracle, from PyPI). Every token Folio colours must be
a token Pygments colours with the same class over the same characters (whitespace at either end
ignored); where Folio leaves text plain, anything goes.

    python3 Tests/highlight/compare.py .build/release/folio [--corpus ../shared/corpora] [--verbose]

Exit code 1 when a snippet's token disagrees with Pygments (corpus blocks are measured, not
required: they print their agreement).
"""
import html
import html.parser
import os
import re
import shutil
import subprocess
import sys
import tempfile

from pygments.formatters.html import _get_ttype_class
from pygments.lexers import get_lexer_by_name

HERE = os.path.dirname(os.path.abspath(__file__))
LANGUAGES = ["console", "bash", "yaml", "json", "toml", "ini", "python", "go", "javascript", "typescript", "swift", "sql",
             "dockerfile", "makefile", "hcl", "diff", "xml", "html", "promql"]
ALIASES = {"sh": "bash", "shell": "bash", "zsh": "bash", "yml": "yaml", "py": "python", "js": "javascript", "ts": "typescript",
           "golang": "go", "docker": "dockerfile", "make": "makefile", "terraform": "hcl", "tf": "hcl", "shell-session": "console",
           "patch": "diff", "python3": "python", "jsonc": "json", "toml": "toml", "cfg": "ini"}
PYGMENTS_NAME = {"console": "console", "promql": "promql"}


class CodeReader(html.parser.HTMLParser):
    """The (class, text) runs of every `<div class="... highlight"><pre><code>` in a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.depth, self.stack, self.in_code = [], 0, [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and "highlight" in (attrs.get("class") or "").split():
            self.blocks.append({"language": (attrs.get("class") or "").split()[0].replace("language-", ""), "runs": []})
        elif tag == "code" and self.blocks and not self.in_code and self.lasttag_is_pre:
            self.in_code = True
        elif tag == "span" and self.in_code:
            classes = (attrs.get("class") or "").split()
            self.stack.append(None if "line" in classes else " ".join(classes))
        self.lasttag_is_pre = tag == "pre"

    lasttag_is_pre = False

    def handle_endtag(self, tag):
        if tag == "code" and self.in_code:
            self.in_code = False
        elif tag == "span" and self.in_code and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_code:
            current = next((c for c in reversed(self.stack) if c), None)
            self.blocks[-1]["runs"].append((current, data))


def runs_with_offsets(runs):
    """[(class, start, end)] for the coloured runs, adjacent runs of one class merged."""
    out, offset = [], 0
    for cls, text in runs:
        if cls and out and out[-1][0] == cls and out[-1][2] == offset:
            out[-1] = (cls, out[-1][1], offset + len(text))
        elif cls:
            out.append((cls, offset, offset + len(text)))
        offset += len(text)
    return out


def pygments_runs(language, code):
    lexer = get_lexer_by_name(PYGMENTS_NAME.get(language, language), stripnl=False, ensurenl=False)
    out, offset = [], 0
    for token, value in lexer.get_tokens(code):
        cls = _get_ttype_class(token)
        if cls in ("", "w"):
            cls = None
        if cls and out and out[-1][0] == cls and out[-1][2] == offset:
            out[-1] = (cls, out[-1][1], offset + len(value))
        elif cls:
            out.append((cls, offset, offset + len(value)))
        offset += len(value)
    return out


def trimmed(code, start, end):
    while start < end and code[start].isspace():
        start += 1
    while end > start and code[end - 1].isspace():
        end -= 1
    return start, end


def compare(language, code, folio_runs):
    """(number of Folio's coloured runs, disagreements, coloured characters Pygments colours the same / Pygments' coloured characters)."""
    theirs = {}
    for cls, start, end in pygments_runs(language, code):
        theirs[trimmed(code, start, end)] = cls
    wrong = []
    for cls, start, end in folio_runs:
        span = trimmed(code, start, end)
        if span[0] == span[1]:
            continue
        if theirs.get(span) != cls:
            near = [(c, code[s:e]) for (s, e), c in theirs.items() if s < span[1] and e > span[0]]
            wrong.append("%s %r: Pygments has %s" % (cls, code[span[0]:span[1]], near[:4]))
    agreed = sum(e - s for (s, e), c in theirs.items() if any(trimmed(code, fs, fe) == (s, e) and fc == c for fc, fs, fe in folio_runs))
    total = sum(e - s for (s, e) in theirs)
    return len(folio_runs), wrong, agreed, total


def fence(code, language):
    ticks = "```"
    while ticks in code:
        ticks += "`"
    return "%s%s\n%s%s%s\n\n" % (ticks, language, code, "" if code.endswith("\n") else "\n", ticks)


def corpus_blocks(folder):
    """Fenced blocks in Folio's languages from every Markdown file under `folder`."""
    pattern = re.compile(r"^( {0,3})(```+|~~~+)[ \t]*\{?\s*\.?([A-Za-z0-9_+-]+)[^\n]*\n(.*?)^\1\2[ \t]*$", re.M | re.S)
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md"):
                continue
            text = open(os.path.join(root, name), encoding="utf-8", errors="replace").read()
            for match in pattern.finditer(text):
                language = ALIASES.get(match.group(3).lower(), match.group(3).lower())
                indent = match.group(1)
                code = "".join(line[len(indent):] if line.startswith(indent) else line for line in match.group(4).splitlines(True))
                if language in LANGUAGES and code.strip() and "```" not in code:
                    found.append((os.path.relpath(os.path.join(root, name), folder), language, code))
    return found


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folio = os.path.abspath(args[0] if args else ".build/release/folio")
    verbose = "--verbose" in sys.argv
    corpus = None
    if "--corpus" in sys.argv:
        corpus = sys.argv[sys.argv.index("--corpus") + 1]
        args = [a for a in args if a != corpus]
    snippets = []
    for name in sorted(os.listdir(os.path.join(HERE, "snippets"))):
        language = name.split(".")[0]
        snippets.append(("snippets/" + name, language, open(os.path.join(HERE, "snippets", name), encoding="utf-8").read()))
    extra = corpus_blocks(corpus) if corpus and os.path.isdir(corpus) else []
    work = tempfile.mkdtemp(prefix="folio-highlight-")
    try:
        os.makedirs(os.path.join(work, "content"))
        with open(os.path.join(work, "folio.yaml"), "w") as f:
            f.write("title: Highlighting\n")
        blocks = snippets + extra
        with open(os.path.join(work, "content", "index.md"), "w", encoding="utf-8") as f:
            f.write("# Snippets\n\n")
            for _, language, code in blocks:
                f.write(fence(code, language))
        run = subprocess.run([folio, "build"], cwd=work, capture_output=True, text=True)
        if run.returncode not in (0, 1):
            print("FAIL - folio build: " + run.stderr)
            return 1
        reader = CodeReader()
        reader.feed(open(os.path.join(work, "site", "index.html"), encoding="utf-8").read())
        if len(reader.blocks) != len(blocks):
            print("FAIL - %d highlighted blocks in the page for %d fences" % (len(reader.blocks), len(blocks)))
            return 1
        failed = 0
        totals = {}
        for (source, language, code), block in zip(blocks, reader.blocks):
            text = "".join(t for _, t in block["runs"])
            if text != code:
                print("FAIL - %s: the page's code differs from the fence's" % source)
                failed += 1
                continue
            count, wrong, agreed, total = compare(language, code, runs_with_offsets(block["runs"]))
            entry = totals.setdefault((source.startswith("snippets/"), language), [0, 0, 0, 0, 0])
            entry[0] += 1
            entry[1] += count
            entry[2] += len(wrong)
            entry[3] += agreed
            entry[4] += total
            if wrong and (source.startswith("snippets/") or verbose):
                for line in wrong[:12]:
                    print(("FAIL - " if source.startswith("snippets/") else "  differs - ") + "%s (%s): %s" % (source, language, line))
            if source.startswith("snippets/") and wrong:
                failed += 1
        for (is_snippet, language), (blocks_count, runs, wrong, agreed, total) in sorted(totals.items(), key=lambda kv: (not kv[0][0], kv[0][1])):
            print("%s %-11s %4d blocks  %5d coloured tokens, %3d unlike Pygments  (%.0f%% of Pygments' coloured text coloured alike)"
                  % ("snippets" if is_snippet else "corpus  ", language, blocks_count, runs, wrong, 100.0 * agreed / max(total, 1)))
        if extra:
            runs = sum(v[1] for (s, _), v in totals.items() if not s)
            wrong = sum(v[2] for (s, _), v in totals.items() if not s)
            print("corpus: %d blocks, %d coloured tokens, %d unlike Pygments (%.2f%% alike)" % (len(extra), runs, wrong, 100.0 * (runs - wrong) / max(runs, 1)))
        print("ok - every snippet's tokens agree with Pygments" if not failed else "FAIL - %d snippets disagree with Pygments" % failed)
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
