#!/usr/bin/env python3
"""make mkdocs-compat: builds real MkDocs projects with MkDocs and with Folio and compares them.

For each project (default: ../shared/corpora/mkdocs and ../shared/corpora/mkdocs-material):
- MkDocs builds a copy whose mkdocs.yml lost the plugins, hooks and Markdown extensions that are
  not installed (PyPI: mkdocs, mkdocs-material, pymdown-extensions);
- Folio builds another copy with mkdocs.yml unchanged;
- the two sites are compared page by page: the set of page URLs, previous/next links (the nav
  order), heading ids, admonitions, details, tab sets and footnotes; Folio's pages are searched
  for syntax left as text (!!!, ???, ===, fences); and every link of Folio's site is followed
  offline (0 dead references expected beyond those the sources themselves break).

Prints one table per project and a total; exits 1 when a comparison differs, so CI could run it.
Usage: scripts/mkdocs-compat.py FOLIO_BINARY [PROJECT ...] [--details]
"""
import html
from collections import Counter
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import yaml


class Loader(yaml.SafeLoader):
    """mkdocs.yml as text: every tag kept as a plain value, so the file can be edited and written back."""


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return TaggedValue(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return TaggedValue(node.tag, loader.construct_sequence(node, deep=True))
    return TaggedValue(node.tag, loader.construct_mapping(node, deep=True))


class TaggedValue:
    def __init__(self, tag, value):
        self.tag, self.value = tag, value


def _represent_tagged(dumper, data):
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


Loader.add_multi_constructor("!", _any_tag)
Loader.add_multi_constructor("tag:yaml.org,2002:python/", _any_tag)
yaml.SafeDumper.add_representer(TaggedValue, _represent_tagged)


def installed_plugins():
    return {entry.name for entry in importlib.metadata.entry_points(group="mkdocs.plugins")}


def importable(extension):
    name = extension.split(":")[0]
    try:
        __import__(name if "." in name else "markdown.extensions." + name)
        return True
    except ImportError:
        try:
            __import__(name)
            return True
        except ImportError:
            return False


def reference_config(path, dropped):
    """The project's mkdocs.yml without what cannot run here; names what was dropped."""
    with open(path) as f:
        config = yaml.load(f, Loader=Loader)
    plugins = installed_plugins()
    kept = []
    for plugin in config.get("plugins", []) or []:
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name in plugins and name not in ("minify",):
            kept.append(plugin)
        else:
            dropped.append("plugin " + name)
    if "plugins" in config:
        config["plugins"] = kept
    if config.pop("watch", None):
        dropped.append("watch")
    for hook in config.pop("hooks", []) or []:
        dropped.append("hook " + hook)
    extensions = []
    for extension in config.get("markdown_extensions", []) or []:
        name = extension if isinstance(extension, str) else next(iter(extension))
        if importable(name):
            extensions.append(extension)
        else:
            dropped.append("extension " + name)
    config["markdown_extensions"] = extensions
    # A page's `template:` names a template of the project's own theme folder, not copied.
    docs = os.path.join(os.path.dirname(path), config.get("docs_dir", "docs"))
    for folder, _, files in os.walk(docs):
        for name in files:
            if name.endswith(".md"):
                page = os.path.join(folder, name)
                with open(page, encoding="utf-8") as f:
                    text = f.read()
                if text.startswith("---") and re.search(r"^template:.*$", text.split("\n---", 1)[0], re.M):
                    head, rest = text.split("\n---", 1)
                    with open(page, "w", encoding="utf-8") as f:
                        f.write(re.sub(r"^template:.*\n?", "", head, flags=re.M) + "\n---" + rest)
    theme = config.get("theme")
    if isinstance(theme, dict):
        theme.pop("custom_dir", None)
    with open(path, "w") as f:
        yaml.safe_dump(config, f, allow_unicode=True, sort_keys=False)


class Page(HTMLParser):
    """What one built page holds, read with Python's HTML parser."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.ids, self.heading_ids, self.links = [], [], []
        self.prev = self.next = None
        self.counts = {"admonitions": 0, "details": 0, "tab sets": 0, "footnotes": 0}
        self.text = []
        self.skip = 0
        self.in_heading = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if "id" in attrs:
            self.ids.append(attrs["id"])
            if re.fullmatch(r"h[1-6]", tag) and "modal-title" not in classes:
                self.heading_ids.append(attrs["id"])
        if "name" in attrs and tag == "a":
            self.ids.append(attrs["name"])
        if "admonition" in classes:
            self.counts["admonitions"] += 1
        # Folio's "On this page" is a <details> of the theme, not of the page.
        if tag == "details" and "toc" not in classes:
            self.counts["details"] += 1
        if "tabbed-set" in classes:
            self.counts["tab sets"] += 1
        if tag == "li" and re.match(r"fn[:-]", attrs.get("id") or ""):
            self.counts["footnotes"] += 1
        rel = attrs.get("rel") or ""
        if tag == "a" and ("prev" in rel.split() or "md-footer__link--prev" in classes):
            self.prev = attrs.get("href")
        if tag == "a" and ("next" in rel.split() or "md-footer__link--next" in classes):
            self.next = attrs.get("href")
        for key in ("href", "src"):
            if tag in ("a", "img", "link", "script", "source") and attrs.get(key):
                self.links.append(attrs[key])
        if tag in ("pre", "code", "script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("pre", "code", "script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def pages_of(site):
    """Built pages by directory URL (`guide/setup/`), 404 and theme files left out."""
    found = {}
    for folder, _, files in os.walk(site):
        for name in files:
            if name != "index.html":
                continue
            path = os.path.join(folder, name)
            url = os.path.relpath(folder, site).replace(os.sep, "/")
            url = "" if url == "." else url + "/"
            with open(path, encoding="utf-8", errors="replace") as f:
                found[url] = f.read()
    return found


def absolute(url, href):
    """A page-relative href as a site URL (`../b/` from `a/` -> `b/`), or None when it leaves the site."""
    if href is None:
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    base = "/" + url
    joined = os.path.normpath(os.path.join(os.path.dirname(base), unquote(parts.path))) if parts.path else base.rstrip("/")
    joined = joined.lstrip("/")
    if joined == ".":
        joined = ""
    if parts.path.endswith("/") or parts.path == "" or joined == "":
        joined = joined + "/" if joined else ""
    return joined


LEFTOVER = re.compile(r"^\s*(!!!|\?\?\?|===|```)", re.M)


def dead_links(site, pages):
    """Every relative href/src of Folio's pages that names no file (or no id)."""
    dead = []
    ids = {url: set(Page(text).ids) for url, text in pages.items()}
    for url, text in pages.items():
        for href in Page(text).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("data:"):
                continue
            path = unquote(parts.path)
            # A path from the root (the copyright's /about/…) is read as the site at the host's root.
            base = site if path.startswith("/") else os.path.join(site, url)
            target = os.path.normpath(os.path.join(base, path.lstrip("/"))) if path else os.path.join(site, url)
            if path.endswith("/") or os.path.isdir(target):
                target_url = os.path.relpath(target, site).replace(os.sep, "/")
                target_url = "" if target_url == "." else target_url + "/"
                if not os.path.exists(os.path.join(target, "index.html")):
                    dead.append((url, href))
                    continue
                if parts.fragment and unquote(parts.fragment) not in ids.get(target_url, set()):
                    dead.append((url, href))
            elif not os.path.exists(target):
                dead.append((url, href))
    return dead


def compare(folio, project, details):
    name = os.path.basename(project.rstrip("/"))
    work = tempfile.mkdtemp(prefix="mkdocs-compat-")
    try:
        reference, ours = os.path.join(work, "mkdocs"), os.path.join(work, "folio")
        shutil.copytree(project, reference)
        shutil.copytree(project, ours)
        dropped = []
        reference_config(os.path.join(reference, "mkdocs.yml"), dropped)
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], cwd=reference, capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr[-3000:])
            raise SystemExit(f"{name}: mkdocs build failed")
        built = subprocess.run([folio, "build", "--output", "out"], cwd=ours, capture_output=True, text=True)
        if built.returncode not in (0, 1):
            print(built.stdout[-3000:], built.stderr[-3000:])
            raise SystemExit(f"{name}: folio build failed ({built.returncode})")
        theirs_pages = pages_of(os.path.join(reference, "out"))
        our_pages = pages_of(os.path.join(ours, "out"))
        rows = []
        def row(what, same, total, note=""):
            rows.append((what, same, total, note))
        common = sorted(set(theirs_pages) & set(our_pages))
        only_theirs = sorted(set(theirs_pages) - set(our_pages))
        only_ours = sorted(set(our_pages) - set(theirs_pages))
        row("pages at the same URL", len(common), len(set(theirs_pages) | set(our_pages)),
            f"only MkDocs: {only_theirs[:5]} only Folio: {only_ours[:5]}" if only_theirs or only_ours else "")
        parsed_theirs = {url: Page(theirs_pages[url]) for url in common}
        parsed_ours = {url: Page(our_pages[url]) for url in common}
        same_chain = [url for url in common
                      if (absolute(url, parsed_theirs[url].prev), absolute(url, parsed_theirs[url].next))
                      == (absolute(url, parsed_ours[url].prev), absolute(url, parsed_ours[url].next))]
        row("previous/next (nav order)", len(same_chain), len(common),
            ", ".join(u or "/" for u in common if u not in same_chain)[:300])
        heading_pages = [url for url in common if parsed_theirs[url].heading_ids == parsed_ours[url].heading_ids]
        total_ids = sum(len(parsed_theirs[u].heading_ids) for u in common)
        same_ids = sum(sum((Counter(parsed_theirs[u].heading_ids) & Counter(parsed_ours[u].heading_ids)).values()) for u in common)
        row("heading ids (all of a page's, in order)", len(heading_pages), len(common))
        row("heading ids (one by one)", same_ids, total_ids)
        if details:
            for url in common:
                a, b = parsed_theirs[url].heading_ids, parsed_ours[url].heading_ids
                if a != b:
                    print(f"  ids {url}: MkDocs only {[i for i in a if i not in b][:6]} Folio only {[i for i in b if i not in a][:6]}")
        for kind in ("admonitions", "details", "tab sets", "footnotes"):
            total = sum(parsed_theirs[u].counts[kind] for u in common)
            same = [u for u in common if parsed_theirs[u].counts[kind] == parsed_ours[u].counts[kind]]
            differing = [f"{u or '/'} {parsed_theirs[u].counts[kind]}/{parsed_ours[u].counts[kind]}" for u in common if u not in same]
            row(f"{kind} per page ({total} in all)", len(same), len(common), ", ".join(differing)[:300])
        leftovers = [u for u in our_pages if LEFTOVER.search("".join(Page(our_pages[u]).text))]
        row("pages without !!!, ???, === or ``` left as text", len(our_pages) - len(leftovers), len(our_pages), ", ".join(leftovers)[:300])
        dead = dead_links(os.path.join(ours, "out"), our_pages)
        dead_theirs = set(dead_links(os.path.join(reference, "out"), theirs_pages))
        new_dead = [d for d in dead if d not in dead_theirs]
        row("Folio's dead links that MkDocs' site has too", len(dead) - len(new_dead), len(dead),
            f"{len(dead)} dead in Folio's site, {len(dead_theirs)} in MkDocs'; only in Folio's: {new_dead[:8]}")
        errors = [line for line in built.stdout.splitlines() + built.stderr.splitlines() if ": error:" in line]
        print(f"\n## {name}  (MkDocs {importlib.metadata.version('mkdocs')}, Material {importlib.metadata.version('mkdocs-material')}; dropped for MkDocs: {', '.join(dropped) or 'nothing'})\n")
        print("| comparison | same | of | differences |")
        print("| --- | ---: | ---: | --- |")
        for what, same, total, note in rows:
            print(f"| {what} | {same} | {total} | {note.replace('|', '/')} |")
        print(f"\nFolio's own findings on the sources: {len(errors)} errors")
        if details:
            for line in errors:
                print("  " + line)
        # The build fails on what MkDocs users rely on blindly: the same pages, the same order,
        # no syntax left as text. The other rows are measured and reported.
        required = ("pages at the same URL", "previous/next (nav order)", "pages without")
        return all(same == total for what, same, total, _ in rows if what.startswith(required))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    args = [a for a in sys.argv[1:] if a != "--details"]
    details = "--details" in sys.argv
    if not args:
        raise SystemExit(__doc__)
    folio = os.path.abspath(args[0])
    here = os.path.dirname(os.path.abspath(__file__))
    projects = args[1:] or [os.path.join(here, "..", "..", "shared", "corpora", p) for p in ("mkdocs", "mkdocs-material")]
    results = [compare(folio, p, details) for p in projects if p != "--details"]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
