# Pathological Markdown: the cases of cmark's test/pathological_tests.py, the inline-comment input of
# CVE-2023-22484 (cmark issue #457, fixed after Debian's 0.29.0.gfm.6), link reference reuse
# (pulldown-cmark #844), and the GFM table amplification Folio refuses. Writes one page per case
# into the folder given; Tests/e2e/run.sh builds them all within 120 s and 4 GB.
import os, sys
cases = {
 "nested-strong-emph": ("*a **a " * 65000) + "b" + (" a** a*" * 65000),
 "emph-closers-no-openers": "a_ " * 65000,
 "emph-openers-no-closers": "_a " * 65000,
 "three-emph-openers": "a***" * 65000,
 "link-closers-no-openers": "a]" * 65000,
 "link-openers-no-closers": "[a" * 65000,
 "mismatched-openers-closers": "*a_ " * 50000,
 "openers-closers-multiple-of-3": "a**b" + ("c* " * 50000),
 "link-openers-emph-closers": "[ a_" * 50000,
 "bracket-paren-pattern": "[ (](" * 80000,
 "nested-brackets": ("[" * 50000) + "a" + ("]" * 50000),
 "nested-block-quotes": ("> " * 50000) + "a",
 "deeply-nested-lists": "".join("  " * x + "* a\n" for x in range(1000)),
 "backticks": "".join("e" + "`" * x for x in range(1, 2500)),
 "unclosed-links-a": "[a](<b" * 30000,
 "unclosed-links-b": "[a](b" * 30000,
 "unclosed-comments": "</" + "<!--" * 100000,
 "unclosed-cdata": "<![CDATA[" * 100000,
 "unclosed-processing": "<?" * 100000,
 "unclosed-declaration": "<!A " * 100000,
 "many-ref-definitions": "".join(f"[{i}]: u{i}\n" for i in range(50000)) + "[0]",
 "autolink-www": "www." * 50000,
 "strikethrough": "~~a " * 50000,
 "table-amplification": "|" + "|".join(["a"] * 1000) + "|\n|" + "|".join(["-"] * 1000) + "|\n" + "|x\n" * 10000,
 "table-many-rows": "|a|b|\n|-|-|\n" + "|x|y|\n" * 50000,
 "footnotes": "".join(f"x[^{i}]\n\n[^{i}]: y\n" for i in range(10000)),
 "emph-underscores-gfm7": "_" * 50000 + "a",
 "lt-gt": "<" * 100000 + ">" * 100000,
 "hyphens": "- " * 50000,
 "tasklists": "- [ ] a\n" * 50000,
 "inline-comments-cve-2023-22484": "a" + "<!--" * 50000,
 "reference-reuse": "[x]: " + "x" * 1000 + "\n" + "\n[x]" * 1000,
 # Callouts nested 1,500 deep (4.5 MB of indentation): each level copied its body once more
 # (2,500 levels took 37 s) until containers were limited to 16 levels.
 "nested-admonitions": "".join(" " * (4 * i) + "!!! note\n" for i in range(1500)) + " " * 6000 + "deep\n",
 "admonition-markers": "!!! a\n" * 50000 + "> [!NOTE]\n" * 50000,
 # Inline extensions: openers without closers, and many abbreviations over a long text.
 "unclosed-marks": "==a ^^b ++c ~d ^e " * 40000,
 "many-abbreviations": "".join(f"*[A{i}]: t\n" for i in range(20000)) + "\n" + "A1 AB A19999 x " * 40000,
 "many-tabs": "".join(f'=== "t{i}"\n    x\n' for i in range(20000)),
 "many-definitions": "term\n" + ":   d\n" * 50000,
 # 20,000 equal headings: Python-Markdown's numbering walked from _1 for each (34 s).
 "many-equal-headings": "## x\n\n" * 20000,
 # Highlighted code: nesting that recursed once per level, searches that ran to the end of the
 # block again for each opener, and a prompt regular expression that backtracks on a long line.
 "code-nested-substitutions": "```bash\n" + "$(" * 50000 + "\n```\n",
 "code-nested-backquotes": "```bash\n" + "`$(\"${" * 30000 + "\n```\n",
 "code-unclosed-heredocs": "```bash\n" + "".join(f"cat <<EOF{i}\n" for i in range(20000)) + "cat <<X\n" * 20000 + "```\n",
 "code-template-literals": "```js\n" + "`${" * 50000 + "\n```\n",
 "code-swift-interpolation": "```swift\n" + "\"\\(" * 50000 + "\n```\n",
 "code-fstrings": "```python\n" + "f'{" * 50000 + "\n```\n",
 "code-long-prompt-line": "```console\n" + "a" * 100000 + "$ x\n" + ("u@" + "h" * 50000 + " ") * 2 + "$\n```\n",
 "code-toml-commas": "```toml\nx = [" + "1," * 100000 + "]\n```\n",
 "code-unclosed-scripts": "```html\n" + "<script>" * 50000 + "\n```\n",
 "code-yaml-flow": "```yaml\nk: " + "[" * 50000 + "\n```\n",
 "code-many-lines": "```python title=\"x\" linenums=\"1\" hl_lines=\"1-10000\"\n" + "x = 1\n" * 100000 + "```\n",
}
folder = sys.argv[1]
os.makedirs(folder, exist_ok=True)
# Every Markdown extension on, so that each page also goes through them.
with open(os.path.join(os.path.dirname(os.path.abspath(folder)), "folio.yaml"), "w") as config:
    config.write("markdown:\n  extensions: [admonition, pymdownx.details, pymdownx.tabbed, attr_list, def_list, abbr, md_in_html,"
                 " pymdownx.mark, pymdownx.tilde, pymdownx.caret, pymdownx.keys, pymdownx.smartsymbols, pymdownx.emoji,"
                 " pymdownx.snippets, pymdownx.superfences, pymdownx.inlinehilite]\nanchors:\n  slugs: python-markdown\n")
for name, text in cases.items():
    open(f"{folder}/{name}.md", "w").write("# " + name + "\n\n" + text + "\n")
