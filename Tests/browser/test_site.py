#!/usr/bin/env python3
"""The built site as a reader sees it, in real headless Chromium.

Builds the Portuguese fixture site with the release binary, serves it on 127.0.0.1, and checks
navigation, anchors (accented ids), previous/next, breadcrumbs, the theme toggle, the small-screen
menu, search (accents and case ignored, over HTTP and from file://) and `folio serve` reloading an
open page after an edit; then crawls every page and checks every internal link and fragment resolves.

    python3 Tests/browser/test_site.py .build/release/folio
Needs Debian's chromium, chromium-driver and python3-selenium (make browser-deps).
"""
import functools
import html.parser
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import time
import threading
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(REPO, "Tests", "FolioTests", "Fixtures", "portuguese-site", "input")
RESULTS = {"passed": 0, "failed": 0}


def check(name, condition, detail=""):
    RESULTS["passed" if condition else "failed"] += 1
    print(("ok - " if condition else "FAIL - ") + name + ("" if condition or not detail else ": " + str(detail)))


def build_site(folio, work):
    repo = os.path.join(work, "repo")
    shutil.copytree(FIXTURE, repo)
    run = subprocess.run([folio, "build"], cwd=repo, capture_output=True, text=True)
    check("the fixture site builds cleanly", run.returncode == 0, run.stderr)
    return os.path.join(repo, "site")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder):
    handler = functools.partial(QuietHandler, directory=folder)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_address[1]


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)


def path_of(driver):
    return urllib.parse.unquote(urllib.parse.urlsplit(driver.current_url).path)


def reader_checks(driver, base):
    driver.get(base)
    check("home page title", driver.title == "Início · Microservice Shop", driver.title)
    check("html lang is pt-BR", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "pt-BR")

    driver.find_element(By.LINK_TEXT, "instalação rápida").click()
    check("a .md link with an accented fragment opens the page", path_of(driver) == "/guia/setup/", driver.current_url)
    fragment = urllib.parse.unquote(urllib.parse.urlsplit(driver.current_url).fragment)
    check("the fragment names the accented heading id", fragment == "instalação-rápida", fragment)
    top = driver.execute_script("var e = document.getElementById('instalação-rápida'); return e && e.getBoundingClientRect().top;")
    check("the browser scrolled to the heading", top is not None and 0 <= top < 300, top)

    current = driver.find_elements(By.CSS_SELECTOR, "#sidebar a[aria-current=page]")
    check("the sidebar marks the current page", [a.text for a in current] == ["Preparação do ambiente"], [a.text for a in current])
    toc = driver.find_elements(By.CSS_SELECTOR, ".toc a")
    check("the table of contents lists h2/h3", [a.text for a in toc] == ["Instalação rápida", "Configuração do worker", "Configuração do worker"], [a.text for a in toc])
    toc[2].click()
    check("a table-of-contents link jumps to the repeated heading", driver.current_url.endswith("#configura%C3%A7%C3%A3o-do-worker-1") or
          urllib.parse.unquote(driver.current_url).endswith("#configuração-do-worker-1"), driver.current_url)

    driver.find_element(By.CSS_SELECTOR, "a[rel=next]").click()
    check("Próximo leads to the next page in reading order", path_of(driver) == "/guia/alpha/", driver.current_url)
    driver.find_element(By.CSS_SELECTOR, "a[rel=prev]").click()
    check("Anterior leads back", path_of(driver) == "/guia/setup/", driver.current_url)
    crumbs = driver.find_elements(By.CSS_SELECTOR, ".breadcrumbs li")
    check("breadcrumbs read Início › Guia › page", [c.text for c in crumbs] == ["Início", "Guia", "Preparação do ambiente"], [c.text for c in crumbs])
    driver.find_element(By.CSS_SELECTOR, ".breadcrumbs a[href='../']").click()
    check("a breadcrumb opens the section's landing page", path_of(driver) == "/guia/", driver.current_url)

    driver.get(base + "operacao/runbook/")
    heading = driver.find_element(By.CSS_SELECTOR, "article h1").text
    check("a title from YAML shows as text, not markup", heading == 'Runbook <orders> & "pagamentos"', heading)
    boxes = driver.find_elements(By.CSS_SELECTOR, "article input[type=checkbox]")
    check("task list items render as checkboxes", [b.is_selected() for b in boxes] == [False, True])

    background = lambda: driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    before = background()
    driver.find_element(By.CSS_SELECTOR, "[data-folio-theme]").click()
    after = background()
    check("the theme toggle switches light and dark", before != after, (before, after))
    driver.refresh()
    check("the chosen theme survives a reload", background() == after, background())

    driver.set_window_size(375, 800)
    driver.get(base + "guia/setup/")
    sidebar = driver.find_element(By.ID, "sidebar")
    check("on a phone the sidebar starts hidden", not sidebar.is_displayed())
    driver.find_element(By.CSS_SELECTOR, "[data-folio-menu]").click()
    check("the Menu button shows the sidebar", sidebar.is_displayed())
    driver.save_screenshot(os.path.join(tempfile.gettempdir(), "folio-phone.png"))
    driver.set_window_size(1280, 900)
    driver.get(base + "guia/setup/")
    driver.save_screenshot(os.path.join(tempfile.gettempdir(), "folio-desktop.png"))


def search_results(driver, query):
    """Types `query` into the search box and returns the result links (or the empty message)."""
    box = driver.find_element(By.CSS_SELECTOR, "[data-folio-search-input]")
    box.clear()
    box.send_keys(query)
    panel = driver.find_element(By.CSS_SELECTOR, "[data-folio-search-results]")
    WebDriverWait(driver, 10).until(lambda d: panel.get_attribute("data-query") == query)
    WebDriverWait(driver, 10).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".search-results [data-pending]"))
    # A keystroke's search may render once more after the last one set data-query (the index
    # loads lazily): wait until the panel stops changing, or its elements go stale under us.
    previous = None
    for _ in range(50):
        current = panel.get_attribute("innerHTML")
        if current == previous:
            break
        previous = current
        time.sleep(0.1)
    return driver.find_elements(By.CSS_SELECTOR, ".search-results a")


def search_checks(driver, base, site):
    driver.get(base + "guia/alpha/")
    check("the search box is shown when scripts run", driver.find_element(By.CSS_SELECTOR, "[data-folio-search]").is_displayed())
    search_results(driver, "instalacao")
    pages = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".search-result .search-title")]
    check("'instalacao' finds the page of the accented heading first", pages[:1] == ["Preparação do ambiente"], pages)
    sections = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".search-result:first-child .search-section")]
    check("the matching section is listed beneath its page", sections[:1] == ["Instalação rápida"], sections)
    count = driver.find_element(By.CSS_SELECTOR, ".search-count").text
    check("the results are counted in the site's language", count in ("1 resultado", "2 resultados"), count)
    driver.find_element(By.CSS_SELECTOR, "[data-folio-search-input]").send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: path_of(d) == "/guia/setup/")
    fragment = urllib.parse.unquote(urllib.parse.urlsplit(driver.current_url).fragment)
    check("Enter opens the best result: the heading, when only a heading matched", fragment == "instalação-rápida", driver.current_url)
    top = driver.execute_script("var e = document.getElementById('instalação-rápida'); return e && e.getBoundingClientRect().top;")
    check("the browser scrolled to the result's heading", top is not None and 0 <= top < 300, top)

    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    active = driver.execute_script("return document.activeElement.hasAttribute('data-folio-search-input')")
    check("'/' focuses the search box", active)
    search_results(driver, "REINÍCIO serviço")
    first = driver.find_elements(By.CSS_SELECTOR, ".search-result:first-child .search-section")
    check("case, accents and several words: 'REINÍCIO serviço' finds the runbook section",
          [e.text for e in first][:1] == ["Reinício"], [e.text for e in first])
    marks = set(m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, ".search-results mark"))
    check("the snippet marks every matched word, not only the first", {"reinício", "serviço"} <= marks, marks)
    search_results(driver, "pagamentos")
    texts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".search-result .search-title")]
    check("a title with markup is shown as text", 'Runbook <orders> & "pagamentos"' in texts, texts)
    check("no element comes out of the index", not driver.find_elements(By.CSS_SELECTOR, ".search-results orders"))
    search_results(driver, "xyzzy")
    empty = driver.find_elements(By.CSS_SELECTOR, ".search-results .search-empty")
    check("no match says so in the site's language", [e.text for e in empty] == ["Nenhum resultado"], [e.text for e in empty])

    driver.get("file://" + os.path.join(site, "guia", "index.html"))
    search_results(driver, "worker")
    sections = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".search-section")]
    check("search works from file:// too: both 'worker' sections under their page", sections == ["Configuração do worker"] * 2, sections)


def serve_checks(folio, work, driver):
    """folio serve: a page open in the browser reloads itself after an edit is rebuilt."""
    repo = os.path.join(work, "serve-repo")
    shutil.copytree(FIXTURE, repo)
    process = subprocess.Popen([folio, "serve", "--port", "0"], cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for _ in range(50):
            line = process.stdout.readline()
            if "serving" in line:
                url = line.split(" at ", 1)[1].split("/ ", 1)[0] + "/"
                break
        check("folio serve announces its address", url is not None and url.startswith("http://127.0.0.1:"), url)
        if not url:
            return
        driver.get(url + "guia/setup/")
        check("the served page is the built page", driver.find_element(By.CSS_SELECTOR, "article h1").text == "Preparação do ambiente")
        driver.execute_script("window.folioMarker = 1")
        with open(os.path.join(repo, "content", "guia", "setup.md"), "a", encoding="utf-8") as page:
            page.write("\nTexto novo, escrito com o site aberto.\n")
        try:
            WebDriverWait(driver, 20).until(lambda d: "Texto novo, escrito com o site aberto." in d.page_source)
            reloaded = driver.execute_script("return window.folioMarker === undefined")
        except Exception:
            reloaded = False
        check("after an edit, the open page reloads itself with the new text", reloaded, driver.current_url)
        # Another page, which the next edit does not change, stays as it is.
        driver.get(url)
        driver.execute_script("window.folioMarker = 2")

        def version(page):
            with urllib.request.urlopen(url + "__folio/version?page=" + urllib.parse.quote(page, safe="")) as answer:
                return answer.read().decode()

        before = version("/guia/setup/")
        with open(os.path.join(repo, "content", "guia", "setup.md"), "a", encoding="utf-8") as page:
            page.write("\nOutro parágrafo.\n")
        for _ in range(100):
            if version("/guia/setup/") != before:
                break
            time.sleep(0.2)
        time.sleep(1.5)
        kept = driver.execute_script("return window.folioMarker === 2")
        check("a page the edit did not change is not reloaded", version("/guia/setup/") != before and kept, version("/"))
        check("serve left the output folder alone", not os.path.exists(os.path.join(repo, "site")))
        driver.get(url + "nada/aqui/")
        heading = driver.find_element(By.CSS_SELECTOR, "article h1").text
        check("a missing address shows the site's 404 page, in the site's language", heading == "Página não encontrada", heading)
        position = driver.execute_script("return getComputedStyle(document.querySelector('.topbar')).position")
        check("the 404 page is styled at any depth", position == "sticky", position)
        driver.find_element(By.LINK_TEXT, "Início").click()
        check("the 404 page's home link opens the home page", driver.title == "Início · Microservice Shop", driver.title)
    finally:
        process.terminate()
        process.wait(timeout=10)


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for key in ("href", "src"):
            if attrs.get(key):
                self.hrefs.append(attrs[key])


def crawl(base):
    """Every internal link and fragment on every page resolves."""
    seen, queue, broken, pages = set(), [base], [], {}

    def fetch(url):
        if url not in pages:
            with urllib.request.urlopen(url) as response:
                parser = Links()
                if response.headers.get_content_type() == "text/html":
                    parser.feed(response.read().decode("utf-8"))
                pages[url] = parser
        return pages[url]

    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        for href in fetch(url).hrefs:
            target = urllib.parse.urljoin(url, href)
            if not target.startswith(base):
                continue
            page, _, fragment = target.partition("#")
            try:
                parsed = fetch(page)
            except Exception as error:
                broken.append((url, href, str(error)))
                continue
            if fragment and urllib.parse.unquote(fragment) not in parsed.ids:
                broken.append((url, href, "no such id"))
            if page.endswith("/") and page not in seen:
                queue.append(page)
    check("every internal link and fragment on %d pages resolves" % len(seen), not broken, broken[:5])


def published_checks(folio, work, driver):
    """The published-files fixture: images and downloads load from pages at any depth."""
    repo = os.path.join(work, "published")
    shutil.copytree(os.path.join(REPO, "Tests", "FolioTests", "Fixtures", "published-site", "input"), repo)
    subprocess.run([folio, "build"], cwd=repo, capture_output=True, text=True)
    server, base = serve(os.path.join(repo, "site"))
    try:
        for page, count in (("", 2), ("guia/setup/", 2)):
            driver.get(base + page)
            loaded = driver.execute_script(
                "return Array.from(document.querySelectorAll('article img')).map(i => i.complete && i.naturalWidth > 0)")
            check("every image on /%s loads (%d)" % (page, count), loaded == [True] * count, loaded)
        pdf = driver.find_element(By.LINK_TEXT, "Manual em PDF") if driver.get(base) is None else None
        status = urllib.request.urlopen(urllib.parse.urljoin(base, pdf.get_attribute("href"))).status
        check("the PDF download link is served", status == 200, status)
        make = driver.find_element(By.LINK_TEXT, "Makefile").get_attribute("href")
        check("a link to a repository file opens its web view", make == "https://github.com/acme/loja/blob/main/Makefile", make)
    finally:
        server.shutdown()


def example_checks(folio, work, driver):
    """examples/microservice-shop: its generated deliverables and architecture tables in a browser."""
    repo = os.path.join(work, "example")
    shutil.copytree(os.path.join(REPO, "examples", "microservice-shop"), repo, ignore=shutil.ignore_patterns("site", ".folio"))
    run = subprocess.run([folio, "build"], cwd=repo, capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1795651200"))
    check("the Microservice Shop example builds cleanly", run.returncode == 0, run.stderr)
    server, base = serve(os.path.join(repo, "site"))
    try:
        driver.get(base + "entregas-do-estagio/")
        rows = driver.execute_script(
            "return Array.from(document.querySelectorAll('article table')[0].tBodies[0].rows).map(r => r.cells[0].innerText)")
        check("the generated summary shows the seed's three deliverables", rows == [
            "Trilhas de IA/LLM aplicadas ao fluxo de pedidos", "Pipelines e governança MLOps/LLMOps",
            "Documentação operacional e runbooks unificados"], rows)
        width = driver.execute_script(
            "const t = document.querySelectorAll('article table')[0]; return [t.getBoundingClientRect().right, t.closest('article').getBoundingClientRect().right]")
        check("the summary table fits the page's column", width[0] <= width[1] + 1, width)
        toc = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".toc a")]
        check("generated sections are in the table of contents", "1. Trilhas de IA/LLM aplicadas ao fluxo de pedidos" in toc, toc)
        driver.find_element(By.CSS_SELECTOR, "article table td a[href='../setup/']").click()
        check("an artifact link in a generated table cell opens the page", path_of(driver) == "/setup/", driver.current_url)
        driver.get(base + "architecture/")
        services = driver.execute_script(
            "return Array.from(document.querySelectorAll('article table')[0].tBodies[0].rows).map(r => r.cells[0].innerText)")
        check("the architecture page lists the compose file's seven services", services == [
            "gateway", "orders", "catalog", "payments", "worker", "rabbitmq", "postgres"], services)
    finally:
        server.shutdown()


def mkdocs_checks(folio, work, driver):
    """An MkDocs project (the mkdocs-site fixture): its nav, callouts, tabs and details in a browser."""
    repo = os.path.join(work, "mkdocs")
    shutil.copytree(os.path.join(REPO, "Tests", "FolioTests", "Fixtures", "mkdocs-site", "input"), repo)
    run = subprocess.run([folio, "build"], cwd=repo, capture_output=True, text=True)
    check("the MkDocs project builds without a folio.yaml", run.returncode == 0, run.stderr)
    server, base = serve(os.path.join(repo, "site"))
    try:
        driver.get(base)
        entries = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".sidebar .nav > li > a")]
        check("the sidebar follows mkdocs.yml's nav, titles as written", entries == ["Home", "Guide", "Status page"], entries)
        width = driver.execute_script("return getComputedStyle(document.querySelector('.admonition.tip')).borderLeftWidth")
        check("extra_css from mkdocs.yml styles the page", width == "6px", width)
        alert = driver.find_element(By.CSS_SELECTOR, ".admonition.note .admonition-title").text
        check("a GitHub alert is a callout with its title", alert.endswith("Note"), alert)

        driver.get(base + "guide/deploy/")
        def visible_tab():
            return driver.execute_script(
                "return Array.from(document.querySelectorAll('.tabbed-block')).map(b => b.offsetParent !== null)")
        check("the first tab is shown, the second hidden", visible_tab() == [True, False], visible_tab())
        driver.find_element(By.CSS_SELECTOR, "label[for='__tabbed_1_2']").click()
        check("clicking a tab's label shows its block", visible_tab() == [False, True], visible_tab())
        driver.execute_script("document.getElementById('__tabbed_1_2').focus()")
        driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
        check("the arrow keys move between tabs", visible_tab() == [True, False], visible_tab())
        outline = driver.execute_script(
            "return getComputedStyle(document.querySelector(\"label[for='__tabbed_1_1']\")).outlineStyle")
        check("the focused tab's label shows the focus", outline == "solid", outline)
        details = driver.find_element(By.CSS_SELECTOR, "details.note")
        check("a ??? block starts closed", details.get_attribute("open") is None)
        details.find_element(By.TAG_NAME, "summary").click()
        check("clicking its summary opens it", details.get_attribute("open") is not None)
        driver.execute_script("document.documentElement.dataset.theme = 'dark'")
        colours = driver.execute_script(
            "const s = getComputedStyle(document.querySelector('details.note > summary'));"
            "return [s.color, s.backgroundColor, getComputedStyle(document.body).backgroundColor]")
        check("in dark mode a callout's title is light text on a dark tint", colours[0] != colours[1] and colours[1] != "rgb(255, 255, 255)", colours)
        driver.execute_script("document.documentElement.dataset.theme = 'light'")
        nxt = driver.find_element(By.CSS_SELECTOR, "a[rel='next']").get_attribute("href")
        check("next follows the nav", urllib.parse.urlsplit(nxt).path == "/guide/rollback/", nxt)
    finally:
        server.shutdown()
    # Tabs are radio buttons and CSS: they work with JavaScript turned off.
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    plain = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    server, base = serve(os.path.join(repo, "site"))
    try:
        plain.get(base + "guide/deploy/")
        plain.find_element(By.CSS_SELECTOR, "label[for='__tabbed_1_2']").click()
        shown = [b.is_displayed() for b in plain.find_elements(By.CSS_SELECTOR, ".tabbed-block")]
        check("without JavaScript, a tab's label still switches the tabs", shown == [False, True], shown)
    finally:
        plain.quit()
        server.shutdown()


# The reading fixture: code of several languages with fence options, a console session, a wide
# table, long titles, a folder of sections, and pages for search ranking ("rollback" must put the
# Rollback windows page above seven FAQ sections that mention the word; more than ten results).
READING = {
    "folio.yaml": "title: Reading fixture\nrepository:\n  url: https://github.com/acme/a-rather-long-repository-name\n",
    "content/index.md": """# Reading fixture

Runs on every commit.

## Install

```console
$ make llm-setup
pip install -r requirements.txt
$ docker compose up -d orders \\
>   --build
Creating orders ... done
```

```python title="app.py" linenums="1" hl_lines="2"
def main(n: int = 10) -> None:
    print("hello", n)  # greet
```

## Services

| service | owner | image | ports | depends on | profile | a long description of what the service does |
| --- | --- | --- | --- | --- | --- | --- |
| orders-api-gateway-service | team-orders-and-payments | registry.example.com/acme/orders-api:1.2.3 | 8080:8080 | postgres, rabbitmq | default | takes orders from the web shop and hands them to the workers |

## A very long heading that goes on and on to test how the table of contents wraps it

Text.

### Details

```yaml
services:
  orders:
    image: "acme/orders:1.2"   # pinned
    ports: [8080]
```
""",
    "content/operations/index.md": "# Operations\n\nRunbooks.\n",
    "content/operations/rollback-windows.md": "# Rollback windows\n\nWhen a rollback may start.\n\n## Overview\n\nPlan it.\n",
    "content/operations/faq.md": "# FAQ\n\n" + "".join(
        "## Question %d\n\nAfter a deploy, a rollback takes %d minutes.\n\n" % (n, n) for n in range(1, 8)),
    "content/reference/index.md": "# Reference\n\nEverything.\n",
    "content/reference/a-page-with-a-title-long-enough-to-need-two-lines.md":
        "---\ntitle: A page whose title is long enough to need more than two lines in the sidebar of the site\n---\nText.\n",
}
for n in range(1, 14):
    READING["content/reference/deploy-%02d.md" % n] = "# Deploy step %d\n\nThe deploy goes on.\n" % n


def docs(folio, work):
    """Folio's own documentation (content/), built into a folder of the test's."""
    output = os.path.join(work, "docs-site")
    run = subprocess.run([folio, "build", "--output", output], cwd=REPO, capture_output=True, text=True)
    check("Folio's own docs build", run.returncode == 0, run.stderr[-2000:])
    return output


def reading_site(folio, work):
    repo = os.path.join(work, "reading")
    for path, text in READING.items():
        os.makedirs(os.path.dirname(os.path.join(repo, path)), exist_ok=True)
        with open(os.path.join(repo, path), "w", encoding="utf-8") as f:
            f.write(text)
    run = subprocess.run([folio, "build"], cwd=repo, capture_output=True, text=True)
    check("the reading fixture builds cleanly", run.returncode == 0, run.stderr)
    return os.path.join(repo, "site")


def code_checks(driver, base):
    """Highlighted code, fence options and the copy button."""
    driver.set_window_size(1280, 900)
    driver.get(base)
    prompts = [e.text.strip() for e in driver.find_elements(By.CSS_SELECTOR, ".language-console .gp")]
    check("a console block marks its prompts", prompts == ["$", "$", ">"], prompts)
    outputs = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".language-console .go")]
    check("and its output", outputs == ["pip install -r requirements.txt", "Creating orders ... done"], outputs)
    tokens = driver.execute_script(
        "return Array.from(document.querySelectorAll('.language-python code span[class]:not(.line)')).map(s => s.className + ':' + s.textContent)")
    for expected in ("k:def", "nf:main", "nb:int", "mi:10", "kc:None", "nb:print", 's2:"hello"', "c1:# greet"):
        check("python token %s is highlighted with Pygments' class" % expected, expected in tokens, tokens)
    colours = driver.execute_script(
        "const k = document.querySelector('.language-python .k'), s = document.querySelector('.language-python .s2');"
        "return [getComputedStyle(k).color, getComputedStyle(s).color, getComputedStyle(k.closest('pre')).color]")
    check("keywords and strings have their own colours", len(set(colours)) == 3, colours)
    title = driver.find_element(By.CSS_SELECTOR, ".language-python .filename").text
    check("title= names the file above the block", title == "app.py", title)
    numbers = driver.execute_script(
        "return Array.from(document.querySelectorAll('.language-python .line')).map(l => getComputedStyle(l, '::before').content)")
    check("linenums numbers the lines", numbers == ['"1"', '"2"'], numbers)
    marked = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".language-python .hll")]
    check("hl_lines marks line 2", marked == ['    print("hello", n)  # greet'], marked)
    yaml = driver.execute_script(
        "return Array.from(document.querySelectorAll('.language-yaml span[class]')).map(s => s.className + ':' + s.textContent)")
    check("yaml keys and values are told apart", "nt:services" in yaml and 'c1:# pinned' in yaml, yaml)

    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    buttons = driver.find_elements(By.CSS_SELECTOR, ".copy-button")
    check("every code block has a copy button", len(buttons) == len(driver.find_elements(By.CSS_SELECTOR, ".page pre")), len(buttons))
    label = buttons[0].get_attribute("aria-label")
    check("the copy button is named for screen readers", label == "Copy code", label)
    body = driver.find_element(By.TAG_NAME, "body")
    driver.execute_script("arguments[0].focus()", buttons[0])
    check("the copy button is reachable by keyboard", driver.switch_to.active_element == buttons[0])
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: buttons[0].text == "Copied")
    status = driver.execute_script("return arguments[0].parentNode.querySelector('[role=status]').textContent", buttons[0])
    check("copying is announced", status == "Copied", status)
    copied = driver.execute_async_script("navigator.clipboard.readText().then(arguments[0], e => arguments[0]('error: ' + e))")
    check("a console block copies its commands without prompts or output",
          copied == "make llm-setup\ndocker compose up -d orders \\\n  --build", copied)
    buttons[1].click()
    copied = driver.execute_async_script("navigator.clipboard.readText().then(arguments[0], e => arguments[0]('error: ' + e))")
    check("a python block copies its code without line numbers", copied == 'def main(n: int = 10) -> None:\n    print("hello", n)  # greet', copied)
    anchor = driver.find_element(By.CSS_SELECTOR, "h2#install .heading-anchor")
    check("heading anchors are named for screen readers", anchor.get_attribute("aria-label") == "Link to this section: Install",
          anchor.get_attribute("aria-label"))
    check("and reachable by keyboard", anchor.get_attribute("tabindex") is None and anchor.get_attribute("aria-hidden") is None)
    driver.execute_script("arguments[0].focus()", anchor)
    check("a focused heading anchor is visible", driver.execute_script("return getComputedStyle(arguments[0]).opacity", anchor) == "1")


def toc_nav_checks(driver, base):
    """The table of contents at every width, and sections that open in place."""
    for width in (1440, 1024, 390):
        driver.set_window_size(width, 900)
        driver.get(base)
        toc = driver.find_element(By.CSS_SELECTOR, ".toc")
        links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".toc a") if a.is_displayed()]
        if width > 1100:
            check("the table of contents is beside the content at %d px" % width, links[:2] == ["Install", "Services"], links)
            place = driver.execute_script("return arguments[0].getBoundingClientRect().left > document.querySelector('article').getBoundingClientRect().right", toc)
            check("to its right", place)
            continue
        summary = driver.find_element(By.CSS_SELECTOR, ".toc summary")
        above = driver.execute_script("return arguments[0].getBoundingClientRect().bottom <= document.querySelector('article').getBoundingClientRect().top", toc)
        check("at %d px 'On this page' is above the content, folded" % width, summary.is_displayed() and above and toc.get_attribute("open") is None, above)
        summary.click()
        links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".toc a") if a.is_displayed()]
        check("it opens to the page's sections at %d px" % width, links[:2] == ["Install", "Services"], links)
        driver.find_element(By.CSS_SELECTOR, ".toc a[href='#services']").click()
        top = driver.execute_script("return document.getElementById('services').getBoundingClientRect().top")
        check("and its links jump to the section at %d px" % width, 0 <= top < 200, top)
    driver.set_window_size(1440, 900)
    driver.get(base)
    driver.execute_script("document.getElementById('details').scrollIntoView()")
    time.sleep(0.3)
    active = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".toc a.is-active")]
    check("the section being read is highlighted in the table of contents", active == ["Details"], active)

    driver.get(base)
    toggles = driver.find_elements(By.CSS_SELECTOR, ".sidebar .nav-toggle")
    names = [t.get_attribute("aria-label") for t in toggles]
    check("each section has a named disclosure button", names == ["Show pages in Operations", "Show pages in Reference"], names)
    operations = driver.find_element(By.XPATH, "//nav[@id='sidebar']//a[normalize-space()='Operations']/following-sibling::ul")
    check("a closed section's pages are hidden", not operations.is_displayed())
    toggles[0].click()
    check("its arrow shows them in place", operations.is_displayed() and toggles[0].get_attribute("aria-expanded") == "true")
    check("without leaving the page", path_of(driver) == "/")
    toggles[0].send_keys(Keys.ENTER)
    check("and hides them again, by keyboard too", not operations.is_displayed())
    toggles[1].click()
    long_title = driver.find_element(By.CSS_SELECTOR, ".sidebar a[title^='A page whose title']")
    lines = driver.execute_script(
        "const s = getComputedStyle(arguments[0]);"
        "return (arguments[0].getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)) / parseFloat(s.lineHeight)", long_title)
    check("a long title takes at most two lines in the sidebar", lines <= 2.1, lines)


def ranking_checks(driver, base):
    """Search ranks pages whose title matches above sections that mention the words."""
    driver.set_window_size(1280, 900)
    driver.get(base)
    search_results(driver, "rollback")
    pages = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".search-result .search-title")]
    check("'rollback': the Rollback windows page comes first", pages[:2] == ["Rollback windows", "FAQ"], pages)
    faq = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".search-result:nth-child(2) .search-section")]
    check("the FAQ's sections are grouped beneath it", faq[:1] == ["Question 1"] and len(faq) == 3, faq)
    search_results(driver, "rollback deploy")
    marks = set(m.text.lower() for m in driver.find_elements(By.CSS_SELECTOR, ".search-result:first-child mark"))
    check("every word of the query is highlighted", marks == {"rollback", "deploy"}, marks)
    search_results(driver, "deploy")
    count = driver.find_element(By.CSS_SELECTOR, ".search-count").text
    shown = len(driver.find_elements(By.CSS_SELECTOR, ".search-result"))
    check("14 results are counted and 10 shown", (count, shown) == ("14 results", 10), (count, shown))
    driver.find_element(By.CSS_SELECTOR, ".search-more").click()
    shown = len(driver.find_elements(By.CSS_SELECTOR, ".search-result"))
    check("'Show more results' reaches the rest", shown == 14, shown)
    driver.set_window_size(390, 800)
    driver.get(base)
    search_results(driver, "rollback")
    left = driver.execute_script("return Math.min.apply(null, Array.from(document.querySelectorAll('.search-results a')).map(a => a.getBoundingClientRect().left))")
    check("on a phone the results panel starts inside the screen", left >= 0, left)
    driver.set_window_size(1280, 900)


def site_pages(folder):
    pages = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        if os.path.relpath(root, folder).startswith("assets"):
            continue
        for name in sorted(files):
            if name.endswith(".html") and name != "404.html":
                path = os.path.relpath(os.path.join(root, name), folder)
                pages.append("" if path == "index.html" else path[:-len("index.html")] if path.endswith("/index.html") else path)
    return pages


def overflow_checks(driver, sites):
    """No page is wider than a phone's or a tablet's screen."""
    for width in (320, 390, 768):
        driver.set_window_size(width, 800)
        wide = []
        total = 0
        for name, base, pages in sites:
            for page in pages:
                driver.get(base + page)
                total += 1
                sizes = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
                if sizes[0] > sizes[1]:
                    wide.append((name, page, sizes))
        check("no page is wider than the screen at %d px (%d pages)" % (width, total), not wide, wide[:5])
    driver.set_window_size(1280, 900)


AXE = os.path.join(REPO, ".build-axe", "axe.min.js")


def axe_checks(driver, sites):
    """axe-core (from PyPI's axe-core-python) on every page, in light and dark."""
    if not os.path.exists(AXE):
        check("axe-core is installed (scripts/python-tools.sh)", False, AXE)
        return
    source = open(AXE, encoding="utf-8").read()
    driver.set_window_size(1280, 900)
    for scheme in ("light", "dark"):
        found = {}
        total = 0
        for name, base, pages in sites:
            for page in pages:
                driver.get(base + page)
                total += 1
                driver.execute_script("document.documentElement.dataset.theme = arguments[0]", scheme)
                driver.execute_script(source)
                result = driver.execute_async_script(
                    "const done = arguments[0]; axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                    ".then(r => done(r.violations.map(v => [v.id, v.nodes.length, v.nodes.slice(0, 2).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').slice(0, 160))])), e => done([['error', 0, [String(e)]]]))")
                for rule, count, nodes in result:
                    found.setdefault(rule, []).append((name, page, count, nodes))
        check("axe finds no violation on %d pages in the %s scheme" % (total, scheme), not found,
              {rule: places[:3] for rule, places in found.items()})


def print_checks(driver, base):
    """Printing wraps long code lines and callouts instead of clipping them."""
    driver.set_window_size(1280, 900)
    driver.get(base)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        wrap = driver.execute_script("return Array.from(document.querySelectorAll('pre')).map(p => getComputedStyle(p).whiteSpace)")
        check("in print, code blocks wrap", set(wrap) == {"pre-wrap"}, wrap)
        hidden = driver.execute_script("return ['.sidebar', '.topbar', '.copy-button'].map(s => { const e = document.querySelector(s); return !e || getComputedStyle(e).display === 'none'; })")
        check("in print, the sidebar, top bar and copy buttons are left out", hidden == [True, True, True], hidden)
        table = driver.execute_script("const t = document.querySelector('.table-wrap'); return t.scrollWidth <= t.clientWidth + 1 || getComputedStyle(t).overflowX")
        check("in print, a wide table is not cut by its scrolling frame", table is True or table == "visible", table)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def screenshots(driver, sites, folder):
    """Screenshots at three widths, to look at (FOLIO_SCREENSHOTS=folder)."""
    os.makedirs(folder, exist_ok=True)
    for name, base, page in sites:
        for width in (1440, 1024, 390):
            driver.set_window_size(width, 900)
            driver.get(base + page)
            for scheme in ("light", "dark"):
                driver.execute_script("document.documentElement.dataset.theme = arguments[0]", scheme)
                driver.save_screenshot(os.path.join(folder, "%s-%d-%s.png" % (name, width, scheme)))
    driver.set_window_size(1280, 900)


def main():
    folio = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build", "release", "folio"))
    work = tempfile.mkdtemp(prefix="folio-browser-")
    server = driver = None
    try:
        site = build_site(folio, work)
        server, base = serve(site)
        crawl(base)
        driver = browser()
        reader_checks(driver, base)
        search_checks(driver, base, site)
        published_checks(folio, work, driver)
        example_checks(folio, work, driver)
        mkdocs_checks(folio, work, driver)
        reading = reading_site(folio, work)
        reading_server, reading_base = serve(reading)
        example_server, example_base = serve(os.path.join(work, "example", "site"))
        docs_site = docs(folio, work)
        docs_server, docs_base = serve(docs_site)
        mkdocs_server, mkdocs_base = serve(os.path.join(work, "mkdocs", "site"))
        try:
            code_checks(driver, reading_base)
            toc_nav_checks(driver, reading_base)
            ranking_checks(driver, reading_base)
            print_checks(driver, reading_base)
            sites = [("fixture", base, site_pages(site)), ("example", example_base, site_pages(os.path.join(work, "example", "site"))),
                     ("reading", reading_base, site_pages(reading)), ("docs", docs_base, site_pages(docs_site)),
                     ("mkdocs", mkdocs_base, site_pages(os.path.join(work, "mkdocs", "site")))]
            overflow_checks(driver, sites)
            axe_checks(driver, sites)
            if os.environ.get("FOLIO_SCREENSHOTS"):
                screenshots(driver, [("reading", reading_base, ""), ("example", example_base, "entregas-do-estagio/"),
                                     ("docs", docs_base, "")], os.environ["FOLIO_SCREENSHOTS"])
        finally:
            for server_ in (reading_server, example_server, docs_server, mkdocs_server):
                server_.shutdown()
        serve_checks(folio, work, driver)
    finally:
        if driver:
            driver.quit()
        if server:
            server.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (RESULTS["passed"], RESULTS["failed"]))
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
