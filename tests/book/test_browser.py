"""The built book in a real browser: Playwright driving Debian's Chromium (never a downloaded browser)."""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GOVEXPORT_CHROMIUM", "/usr/bin/chromium")
HOW_TO_GET_IT = ("Chromium is needed for the browser tests: install Debian's package with "
                 "`sudo apt-get install chromium` (it provides /usr/bin/chromium), or point GOVEXPORT_CHROMIUM "
                 "at a Chromium or Chrome binary. .ci/run installs it in CI.")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_or_explain():
    if Path(CHROMIUM).is_file() or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(HOW_TO_GET_IT)
    pytest.skip(HOW_TO_GET_IT)


@pytest.fixture(scope="module")
def site(built):
    """The default book's HTML served on loopback."""
    root, _ = built
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(root / "build/default/html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root / "build/default/html"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    chromium_or_explain()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def pages_of(html):
    skip = {"search.html", "genindex.html"}
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts)


def open_page(browser, url):
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return page, problems


RENDERED_PIXELS = """img => {
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const colours = new Set();
  for (let i = 0; i < d.length; i += 4 * 97) colours.add(d[i] + ',' + d[i+1] + ',' + d[i+2]);
  return {src: img.getAttribute('src'), width: img.naturalWidth, colours: colours.size};
}"""


@pytest.fixture(scope="module")
def visits(site, browser):
    """Every page of the book opened once: its problems and, for each figure, what it rendered."""
    base, html = site
    out = {}
    for name in pages_of(html):
        page, problems = open_page(browser, f"{base}/{name}")
        headings = page.locator("h1").count()
        images = page.locator("div.cell_output img")
        figures = [images.nth(i).evaluate(RENDERED_PIXELS) for i in range(images.count())]
        out[name] = {"problems": problems, "headings": headings, "figures": figures}
        page.close()
    return out


def test_every_page_loads_without_console_errors(visits):
    assert len(visits) >= 10
    assert all(v["headings"] >= 1 for v in visits.values())
    assert {name: v["problems"] for name, v in visits.items() if v["problems"]} == {}


def test_every_figure_has_rendered_pixels(visits):
    figures = [(name, f) for name, v in visits.items() for f in v["figures"]]
    assert len(figures) >= 5
    blank = [(name, f) for name, f in figures if f["width"] <= 100 or f["colours"] <= 5]
    assert not blank


def check_explorable(page, term):
    table = page.locator("table.explorable").first
    rows = table.locator("tbody tr")
    total = rows.count()
    assert total > 1
    page.locator("input.explorable-search").first.fill(term)
    visible = sum(rows.nth(i).is_visible() for i in range(total))
    assert 0 < visible < total, (term, visible, total)
    page.locator("input.explorable-search").first.fill("")
    header = table.locator("thead th").first
    first_before = rows.first.inner_text()
    header.click()
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert rows.first.inner_text() != first_before


@pytest.mark.parametrize("page_name, expected, term", [
    ("07_claims_ledger", "officials-total-1200", "approximately"),   # the ledger
    ("01_dataset", "Ministry of Public Security", "Turkmen"),          # the explorable data table
], ids=["ledger", "data-table"])
def test_explorable_table_is_there_and_responds(site, browser, page_name, expected, term):
    base, _ = site
    page, _ = open_page(browser, f"{base}/notebooks/{page_name}.html")
    assert expected in page.locator("table.explorable").first.inner_text()
    check_explorable(page, term)
    page.close()


def test_search_finds_a_term_from_the_text(site, browser):
    base, _ = site
    page, _ = open_page(browser, f"{base}/search.html?q=Procuratorate")
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    page.close()
