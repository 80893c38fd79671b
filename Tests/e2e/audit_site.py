#!/usr/bin/env python3
"""Every local href/src of a built site, checked as a browser would follow it.

    python3 Tests/e2e/audit_site.py SITE_DIR

Prints each dead reference (a page, the href, why) and the count; exits 1 when there is any.
A folder URL must have an index.html; a #fragment must be an id (or name) of the target page.
"""
import html.parser
import os
import sys
import urllib.parse


class Collector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            # <base href> (the 404 page's) is where links resolve from, not a link.
            if name in ("href", "src") and value is not None and tag != "base":
                self.references.append(value)
            if name in ("id", "name") and value is not None:
                self.ids.add(value)


def parse(path, cache={}):
    if path not in cache:
        collector = Collector()
        with open(path, encoding="utf-8") as handle:
            collector.feed(handle.read())
        cache[path] = collector
    return cache[path]


def audit(site):
    dead, checked = [], 0
    for folder, _, files in sorted(os.walk(site)):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            page = os.path.join(folder, name)
            for href in parse(page).references:
                parts = urllib.parse.urlsplit(href)
                if parts.scheme or parts.netloc or href.startswith("data:"):
                    continue
                checked += 1
                path = urllib.parse.unquote(parts.path)
                target = os.path.normpath(os.path.join(folder, path)) if path else page
                if not os.path.realpath(target).startswith(os.path.realpath(site)):
                    dead.append((page, href, "leaves the site"))
                    continue
                if os.path.isdir(target):
                    target = os.path.join(target, "index.html")
                if not os.path.isfile(target):
                    dead.append((page, href, "no such file"))
                    continue
                fragment = urllib.parse.unquote(parts.fragment)
                if fragment and fragment != "top" and target.endswith(".html") and fragment not in parse(target).ids:
                    dead.append((page, href, "no such id"))
    return dead, checked


if __name__ == "__main__":
    site = sys.argv[1]
    dead, checked = audit(site)
    for page, href, why in dead:
        print("%s: %s (%s)" % (os.path.relpath(page, site), href, why))
    print("%d local references checked, %d dead" % (checked, len(dead)))
    sys.exit(1 if dead else 0)
