"""The default book as a reader meets it: words, not machine names; figures that read on a phone and a laptop;
tables that never break a word; every table whole when a page is printed from Chromium; a landing page; a
description for every page.

The variant books the tests build are scanned for machine names where they are built (test_book.py,
test_hostile_content.py).
"""

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from frontend import DESKTOP, PHONE, open_page, pages_of, served
from reading import LEFT_TO_OTHER_LAYERS, identifiers, identifiers_in_book, page_texts

LAPTOP = {"width": 1280, "height": 800}
SMALLEST_TEXT = 9  # CSS px: the smallest text a figure may show, or it must open enlarged on a tap


@pytest.fixture(scope="module")
def html(book_html):
    return book_html


@pytest.fixture(scope="module")
def site(html):
    with served(html) as base:
        yield base


# ---- words, not machine names ---------------------------------------------------------------------


def test_no_page_or_figure_of_the_default_book_shows_a_machine_name(html):
    assert identifiers_in_book(html) == LEFT_TO_OTHER_LAYERS


def test_the_scan_finds_machine_names_wherever_a_reader_meets_them(tmp_path):
    """The scan can fail: a name in prose, in inline code, an assignment, an alt text and a figure's label are
    found; code cells, code blocks, commands and paths are not."""
    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><meta name="description" content="on share_multi_state"></head><body>'
        "<p>It trails on median_duration.</p><p>Run <code>duplicates = 'drop'</code> and <code>mean_states</code>."
        '</p><img alt="rule set trainee_sector" src="x.png">'
        '<div class="cell_input"><pre>run = chapter.start("01_dataset")</pre></div>'
        "<p><code>govexport book -p delegation_single=10</code> reads <code>data/raw/table1_programs.tsv</code>"
        " or <code>domain_rules.csv</code>.</p></body></html>",
        encoding="utf-8",
    )
    found = " | ".join(identifiers(page_texts(page)))
    for name in ("share_multi_state", "median_duration", "duplicates = '", "mean_states", "trainee_sector"):
        assert name in found
    for typed in ("delegation_single", "table1_programs", "domain_rules", "01_dataset"):
        assert typed not in found


# ---- figures for every screen ------------------------------------------------------------------------

FIGURES = """() => Array.from(document.querySelectorAll('figure[id^="fig-"]')).map(f => {
  const img = f.querySelector('img'), link = f.querySelector('a.gx-enlarge');
  const box = img.getBoundingClientRect();
  return {id: f.id, width: box.width, number: (f.querySelector('.caption-number') || {}).textContent || '',
          href: link ? link.getAttribute('href') : null};
})"""


def svg_size(path):
    """(viewBox width, smallest font size) of a figure's SVG, both in its own units."""
    root = ElementTree.parse(path).getroot()
    width = float(root.get("viewBox").split()[2])
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", Path(path).read_text(encoding="utf-8"))]
    return width, min(sizes)


def figure_pages(html):
    return [name for name in pages_of(html) if 'id="fig-' in (html / name).read_text(encoding="utf-8")]


def test_every_figure_ships_its_svg_and_links_to_it(html):
    pages = figure_pages(html)
    assert pages
    for name in pages:
        soup = BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select('figure[id^="fig-"]'):
            link = figure.select_one("a.gx-enlarge")
            assert link is not None and link.img is not None, (name, figure["id"])
            target = (html / name).parent / link["href"]
            assert target.resolve() == (html / "figures" / f"{figure['id']}.svg").resolve() and target.is_file()


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_every_figure_reads_at_9_px_or_opens_enlarged(html, site, browser, viewport):
    """On a laptop every figure's smallest text is 9 CSS px or more as the page shows it; on a phone, a figure
    whose text is smaller opens on a tap in a dialog at its full size, where it is, and closes with Escape."""
    small = []
    for name in figure_pages(html):
        page, problems = open_page(browser, f"{site}/{name}", viewport=viewport)
        assert problems == [], name
        for figure in page.evaluate(FIGURES):
            width, smallest = svg_size(html / "figures" / f"{figure['id']}.svg")
            shown = smallest * figure["width"] / width
            if shown >= SMALLEST_TEXT:
                continue
            small.append((name, figure["id"], round(shown, 1)))
            page.locator(f"#{figure['id']} a.gx-enlarge").click()
            dialog = page.locator("dialog.gx-lightbox[open]")
            dialog.wait_for()
            enlarged = dialog.locator("img")
            enlarged.evaluate("img => img.decode()")
            assert smallest * enlarged.bounding_box()["width"] / width >= SMALLEST_TEXT, (name, figure["id"])
            assert figure["number"].strip() in dialog.inner_text()
            page.keyboard.press("Escape")
            page.wait_for_function("!document.querySelector('dialog.gx-lightbox')")
            assert page.evaluate("document.activeElement.closest('figure').id") == figure["id"]  # focus is back
        page.close()
    if viewport is LAPTOP:
        assert small == []


# ---- tables: whole words, on every screen -----------------------------------------------------------

BROKEN_WORDS = """() => {
  const WORD = /[^\\s\\-\\/\\u2010-\\u2014\\u2e80-\\u9fff\\uff00-\\uffef]+[\\-\\/\\u2010-\\u2014]?/g;
  const broken = [];
  for (const cell of document.querySelectorAll('article table td, article table th')) {
    if (!cell.checkVisibility()) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // a line may break at a space, after a hyphen, a dash or a slash, and between Chinese characters: what
      // lies between must stay on one line
      for (const m of node.data.matchAll(WORD)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


def table_pages(html):
    return [name for name in pages_of(html) if "<table" in (html / name).read_text(encoding="utf-8")]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "laptop"])
def test_no_word_is_broken_inside_a_table_cell(html, site, browser, viewport):
    broken = {}
    for name in table_pages(html):
        page, _ = open_page(browser, f"{site}/{name}", viewport=viewport)
        words = page.evaluate(BROKEN_WORDS)
        if words:
            broken[name] = sorted(set(words))[:10]
        page.close()
    assert broken == {}


def test_a_table_wider_than_a_phone_scrolls_in_its_wrap_with_its_first_column_in_view(html, site, browser):
    page, _ = open_page(browser, f"{site}/notebooks/01_dataset.html", viewport=PHONE)
    wrap = page.locator("table.gx-explorable").locator("xpath=..")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # Table 1 is wider than a phone: it scrolls
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    first = page.locator("table.gx-explorable tbody tr").first.locator("td").first
    before = first.bounding_box()["x"]
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    assert abs(first.bounding_box()["x"] - before) < 1  # the id column stays where it was
    page.close()


# ---- print: every column of every table ------------------------------------------------------------

HEADERS = """() => Array.from(document.querySelectorAll('article table')).map(t =>
  Array.from(t.querySelectorAll('thead th')).map(th => th.textContent))"""
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll('article thead th'))
    .filter(th => th.getBoundingClientRect().right > width + 1).map(th => th.textContent.trim());
}"""


def squashed(text):
    return re.sub(r"[\s\u00ad]+", "", text)


def test_printing_each_page_from_chromium_keeps_every_column_header(html, site, browser, tmp_path):
    """Each page printed to PDF by Chromium (its print stylesheet, A4): every column header of every table is in
    the PDF's text, as often as the page's tables have it, and none lies beyond the paper's edge."""
    missing, beyond = {}, {}
    for name in table_pages(html):
        page, _ = open_page(browser, f"{site}/{name}", viewport=DESKTOP)
        page.emulate_media(media="print")
        headers = [h for table in page.evaluate(HEADERS) for h in table if h.strip()]
        pdf = tmp_path / (name.replace("/", "_") + ".pdf")
        page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=False)
        page.set_viewport_size({"width": 718, "height": 1000})  # A4's printable width, portrait, in CSS px
        wide = page.locator("section.gx-wide-page").count() > 0
        if wide:
            page.set_viewport_size({"width": 1047, "height": 700})  # landscape
        if page.evaluate(OVERFLOW):
            beyond[name] = page.evaluate(OVERFLOW)
        page.close()
        text = squashed(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout)
        lost = [h for h in set(headers) if text.count(squashed(h)) < headers.count(h)]
        if lost:
            missing[name] = lost
    assert missing == {} and beyond == {}


# ---- a landing page, and a description for every page ---------------------------------------------


def test_the_landing_page_is_a_page_of_the_book_that_leads_to_every_chapter(html):
    index = (html / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="Refresh"' not in index
    soup = BeautifulSoup(index, "html.parser")
    title = soup.select_one("article h1")
    assert title and "reproduction" in title.get_text()
    links = {a["href"] for a in soup.select("article a[href]")}
    for chapter in sorted((html / "notebooks").glob("*.html")):
        assert f"notebooks/{chapter.name}" in links, chapter.name


def test_every_page_has_a_meta_description_of_its_own(html):
    descriptions = {}
    for name in [*pages_of(html), "search.html"]:
        soup = BeautifulSoup((html / name).read_text(encoding="utf-8"), "html.parser")
        tags = soup.find_all("meta", attrs={"name": "description"})
        assert len(tags) == 1, name
        content = tags[0]["content"]
        assert 40 <= len(content) <= 160, (name, content)
        descriptions[name] = content
    chapters = [d for n, d in descriptions.items() if n.startswith("notebooks/")]
    assert len(set(chapters)) == len(chapters)  # each chapter says what it is about
