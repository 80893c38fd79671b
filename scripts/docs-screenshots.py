#!/usr/bin/env python3
"""`make screenshots`: the pictures of the theme in content/guide/themes.md, taken from Folio's own
docs (content/guide/code-blocks/) in headless Chromium at 1440 and 1024 px (light) and 390 px
(dark), so that they show the theme as it is built now.

    /usr/bin/python3 scripts/docs-screenshots.py .build/release/folio
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Tests", "browser"))
import test_site  # noqa: E402

folio = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".build/release/folio")
output = tempfile.mkdtemp(prefix="folio-shots-")
subprocess.run([folio, "build", "--output", output], cwd=test_site.REPO, capture_output=True)
server, base = test_site.serve(output)
driver = test_site.browser()
folder = os.path.join(test_site.REPO, "content", "guide", "img")
os.makedirs(folder, exist_ok=True)
try:
    for width, scheme, name in ((1440, "light", "theme-1440.png"), (1024, "light", "theme-1024.png"), (390, "dark", "theme-390-dark.png")):
        driver.set_window_size(width, 900 if width > 400 else 844)
        driver.get(base + "guide/code-blocks/")
        driver.execute_script("document.documentElement.dataset.theme = arguments[0]", scheme)
        driver.save_screenshot(os.path.join(folder, name))
        print("wrote content/guide/img/" + name)
finally:
    driver.quit()
    server.shutdown()
