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
FIXTURE = os.path.join(REPO, "Tests", "FolioCoreTests", "Fixtures", "portuguese-site", "input")
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
    results = search_results(driver, "instalacao")
    titles = [r.find_element(By.CSS_SELECTOR, ".search-title").text for r in results]
    check("'instalacao' finds the accented heading first", titles[:1] == ["Instalação rápida"], titles)
    page = results[0].find_element(By.CSS_SELECTOR, ".search-page").text if results else ""
    check("a section result names its page", page == "Preparação do ambiente", page)
    driver.find_element(By.CSS_SELECTOR, "[data-folio-search-input]").send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: path_of(d) == "/guia/setup/")
    fragment = urllib.parse.unquote(urllib.parse.urlsplit(driver.current_url).fragment)
    check("Enter opens the first result at its heading", fragment == "instalação-rápida", driver.current_url)
    top = driver.execute_script("var e = document.getElementById('instalação-rápida'); return e && e.getBoundingClientRect().top;")
    check("the browser scrolled to the result's heading", top is not None and 0 <= top < 300, top)

    driver.find_element(By.TAG_NAME, "body").send_keys("/")
    active = driver.execute_script("return document.activeElement.hasAttribute('data-folio-search-input')")
    check("'/' focuses the search box", active)
    results = search_results(driver, "REINÍCIO serviço")
    check("case, accents and several words: 'REINÍCIO serviço' finds the runbook section",
          [r.find_element(By.CSS_SELECTOR, ".search-title").text for r in results][:1] == ["Reinício"], [r.text for r in results])
    marks = driver.find_elements(By.CSS_SELECTOR, ".search-results mark")
    check("the snippet marks the matched word", any(m.text.lower() in ("reinício", "serviço") for m in marks), [m.text for m in marks])
    results = search_results(driver, "pagamentos")
    texts = [r.find_element(By.CSS_SELECTOR, ".search-title").text for r in results]
    check("a title with markup is shown as text", 'Runbook <orders> & "pagamentos"' in texts, texts)
    check("no element comes out of the index", not driver.find_elements(By.CSS_SELECTOR, ".search-results orders"))
    search_results(driver, "xyzzy")
    empty = driver.find_elements(By.CSS_SELECTOR, ".search-results .search-empty")
    check("no match says so in the site's language", [e.text for e in empty] == ["Nenhum resultado"], [e.text for e in empty])

    driver.get("file://" + os.path.join(site, "guia", "index.html"))
    results = search_results(driver, "worker")
    check("search works from file:// too", len(results) == 2, [r.text for r in results])


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
    shutil.copytree(os.path.join(REPO, "Tests", "FolioCoreTests", "Fixtures", "published-site", "input"), repo)
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
    shutil.copytree(os.path.join(REPO, "Tests", "FolioCoreTests", "Fixtures", "mkdocs-site", "input"), repo)
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
