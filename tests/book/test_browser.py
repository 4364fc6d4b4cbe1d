"""The built book in a real browser: Playwright driving Debian's Chromium (never a downloaded browser).

Two kinds of page: the built book's own, and a fixture page of the markup contract (frontend.py) that
shows the ledger and an explorable table exactly as govexport.report emits them, styled and scripted
by the book's real govexport.css, explorable.js and (student edition) student.js/css.
"""

import csv
import re
import subprocess

import pytest
from frontend import DESKTOP, PHONE, SLUGS, dark, open_page, pages_of, served, write_contract_pages

from govexport.report.theme import VERDICT_COLOURS


@pytest.fixture(scope="module")
def site(built):
    """The default book's HTML served on loopback: (base URL, html folder)."""
    root, _ = built
    html = root / "build/default/html"
    with served(html) as base:
        yield base, html


@pytest.fixture(scope="module")
def contract(built, tmp_path_factory):
    """The fixture pages served on loopback: (base URL, claims, programs)."""
    root, _ = built
    out = tmp_path_factory.mktemp("contract")
    claims, programs = write_contract_pages(
        root / "build/default/html", out, root / "build/default/claims.csv", root / "build/default/data/programs.csv"
    )
    with served(out) as base:
        yield base, claims, programs


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
        page, problems = open_page(browser, f"{base}/{name}", idle=True)
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


def test_search_finds_a_term_from_the_text(site, browser):
    base, _ = site
    page, _ = open_page(browser, f"{base}/search.html?q=Procuratorate", idle=True)
    results = page.locator("#search-results li")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1
    page.close()


# ---- the ledger: every row, on a phone and on paper ---------------------------------------------------

VERDICTS_IN_VIEW = """tables => tables.flatMap(table => Array.from(table.querySelectorAll('tr.gx-row'))).map(row => {
  const cell = row.querySelector('td.gx-verdict');
  if (!cell) return {id: row.id, text: '', left: 0, right: 0, width: 0, shown: false, missing: 'no td.gx-verdict'};
  const box = cell.getBoundingClientRect();
  return {id: row.id, text: cell.innerText.trim(), left: box.left, right: box.right, width: box.width,
          shown: cell.checkVisibility()};
})"""


def verdicts_out_of_view(page, tables):
    """The verdict cell of every row of these tables, and those a reader cannot see without scrolling sideways."""
    width = page.evaluate("document.documentElement.clientWidth")
    cells = tables.evaluate_all(VERDICTS_IN_VIEW)
    return cells, [
        c for c in cells if not (c["shown"] and c["text"] and c["width"] > 0 and c["left"] >= 0 and c["right"] <= width)
    ]


def test_fixture_ledger_has_no_scroll_box_and_links_every_claim(contract, browser):
    base, claims, _ = contract
    page, problems = open_page(browser, f"{base}/contract.html", viewport=DESKTOP)
    assert problems == []
    wrap = page.locator("#fixture-ledger").locator("xpath=..")
    assert wrap.evaluate("w => w.scrollHeight <= w.clientHeight + 1 && w.scrollWidth <= w.clientWidth + 1")
    links = page.locator("#fixture-ledger td.gx-claim a")
    assert links.count() == len(claims)
    assert {links.nth(i).get_attribute("href") for i in range(links.count())} == {
        f"10_claims_register.html#claim-{c['claim_id']}" for c in claims
    }
    cells, hidden = verdicts_out_of_view(page, page.locator("#fixture-ledger"))
    assert len(cells) == len(claims) and hidden == []
    page.close()


def test_fixture_ledger_shows_every_verdict_on_a_phone(contract, browser):
    base, claims, _ = contract
    page, _ = open_page(browser, f"{base}/contract.html", viewport=PHONE)
    cells, hidden = verdicts_out_of_view(page, page.locator("#fixture-ledger"))
    assert len(cells) == len(claims) and hidden == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # each claim is a card with labelled cells: the label comes from data-label, shown before the value
    label = page.locator("#fixture-ledger td.gx-verdict").first.evaluate(
        "td => getComputedStyle(td, '::before').content"
    )
    assert label == '"Verdict"'
    page.close()


def test_real_ledger_shows_every_verdict_on_a_phone(site, browser, built):
    base, _ = site
    page, _ = open_page(browser, f"{base}/notebooks/07_claims_ledger.html", viewport=PHONE)
    ledger = page.locator("table.gx-ledger")
    assert ledger.count() >= 1, "the ledger page has no table.gx-ledger (the markup contract)"
    cells, hidden = verdicts_out_of_view(page, ledger)
    assert len(cells) == len(read_claims(built)) and hidden == []
    page.close()


def read_claims(built):
    root, _ = built
    with open(root / "build/default/claims.csv", encoding="utf-8", newline="") as f:
        return [row["claim_id"] for row in csv.DictReader(f)]


def printed_text(page, path):
    """The page printed to PDF as the browser prints it, and that PDF's text with all white space removed
    (so that a claim id broken over two lines of a cell is found whole)."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", text)


def test_fixture_tables_print_every_row_even_when_filtered(contract, browser, tmp_path):
    base, claims, programs = contract
    page, _ = open_page(browser, f"{base}/contract.html", viewport=DESKTOP)
    page.get_by_label("Filter rows").fill("Turkmen")  # the reader filtered before printing
    text = printed_text(page, tmp_path / "contract.pdf")
    assert [c["claim_id"] for c in claims if c["claim_id"] not in text] == []
    assert [p["program_id"] for p in programs if p["program_id"] not in text] == []
    assert "Filterrows" not in text  # tool bars stay on screen
    page.close()


def test_real_ledger_prints_every_claim(site, browser, built, tmp_path):
    base, _ = site
    page, _ = open_page(browser, f"{base}/notebooks/07_claims_ledger.html")
    text = printed_text(page, tmp_path / "ledger.pdf")
    ids = read_claims(built)
    assert len(ids) > 30 and [i for i in ids if i not in text] == []
    page.close()


# ---- verdict badges: the figures' hues, readable, never colour alone ----------------------------------


def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def rgb(css):
    return tuple(int(float(x)) for x in re.findall(r"[\d.]+", css)[:3])


def hex_rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


BADGE_STYLE = """b => { const s = getComputedStyle(b), before = getComputedStyle(b, '::before');
  return {colour: s.color, background: s.backgroundColor, border: s.borderTopColor, style: s.borderTopStyle,
          glyph: before.content, text: b.textContent.trim()}; }"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_badges_use_the_figures_hues_readably_and_not_by_colour_alone(contract, browser, mode):
    base, _, _ = contract
    page, _ = open_page(browser, f"{base}/contract.html", viewport=DESKTOP)
    if mode == "dark":
        dark(page)
    styles = {}
    for verdict, slug in SLUGS.items():
        badge = page.locator(f".gx-legend .gx-badge-{slug}")
        assert badge.count() == 1, slug
        styles[verdict] = badge.evaluate(BADGE_STYLE)
    for verdict, s in styles.items():
        assert rgb(s["border"]) == hex_rgb(VERDICT_COLOURS[verdict]), verdict
        assert contrast(rgb(s["colour"]), rgb(s["background"])) >= 4.5, (verdict, s)
        assert s["text"] == verdict and s["glyph"] not in ("none", "normal", '""'), (verdict, s)
    # besides its words, each verdict has its own glyph and border style
    assert len({(s["glyph"], s["style"]) for s in styles.values()}) == len(styles)
    # green means reproduced, and nothing else
    greenish = [v for v, s in styles.items() if (lambda r, g, b: g > r + 40 and g > b)(*rgb(s["border"]))]
    assert greenish == ["reproduced"]
    page.close()


def test_stylesheet_hues_are_the_figures_palette(root):
    css = (root / "book/_static/govexport.css").read_text(encoding="utf-8")
    declared = dict(re.findall(r"--gx-verdict-([a-z-]+):\s*(#[0-9A-Fa-f]{6})", css))
    assert {slug: declared.get(slug, "").upper() for slug in SLUGS.values()} == {
        SLUGS[v]: c.upper() for v, c in VERDICT_COLOURS.items()
    }


# ---- explorable tables ---------------------------------------------------------------------------------


def column(table, header):
    """The texts of one column, in the order the rows are now (visible rows only)."""
    return table.evaluate(
        """(t, header) => {
      const i = Array.from(t.tHead.rows[0].cells).findIndex(th => th.textContent.trim() === header);
      return Array.from(t.tBodies[0].rows).filter(r => !r.hidden).map(r => r.cells[i].textContent.trim());
    }""",
        header,
    )


def sort_key(text):
    return float(text.replace(",", "").rstrip("%"))


def test_fixture_explorable_sorts_by_keyboard_numbers_as_numbers_blanks_last(contract, browser):
    base, _, programs = contract
    page, _ = open_page(browser, f"{base}/contract.html", viewport=DESKTOP)
    table = page.locator("#fixture-programs")
    button = table.get_by_role("button", name=re.compile(r"^Duration \(days\)"))
    header = button.locator("xpath=..")
    # reach the button with the Tab key alone, from the table's filter box
    page.get_by_label("Filter rows").focus()
    for _ in range(40):
        if button.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert button.evaluate("b => b === document.activeElement"), "the sort button cannot be reached with Tab"
    blanks = sum(1 for p in programs if not p["duration_days"])
    assert blanks > 0
    for key, order in (("Enter", "ascending"), (" ", "descending"), ("Enter", "ascending")):
        page.keyboard.press(key if key != " " else "Space")
        assert header.get_attribute("aria-sort") == order
        values = column(table, "Duration (days)")
        filled = [v for v in values if v]
        assert values[len(filled) :] == [""] * blanks, f"blanks are not last when {order}"
        numbers = [sort_key(v) for v in filled]
        assert numbers == sorted(numbers, reverse=order == "descending")
    # only the sorted column carries aria-sort
    assert table.locator("thead th[aria-sort]").count() == 1
    page.close()


def test_fixture_explorable_filters_counts_and_chooses_columns(contract, browser):
    base, _, programs = contract
    page, _ = open_page(browser, f"{base}/contract.html", viewport=DESKTOP)
    table = page.locator("#fixture-programs")
    status = page.locator(".gx-toolbar [role=status]").first
    assert status.inner_text() == f"{len(programs)} rows"
    page.get_by_label("Filter rows").fill("Turkmen")
    shown = len(column(table, "Program"))
    assert 0 < shown < len(programs)
    assert status.inner_text() == f"{shown} of {len(programs)} rows shown"
    # a column marked data-gx-hidden starts hidden and the chooser shows it
    month = table.locator("thead th", has_text="Month")
    assert not month.is_visible()
    page.locator(".gx-columns summary").first.click()
    page.get_by_role("checkbox", name="Month").check()
    assert month.is_visible()
    # at the common laptop width, the default columns fit: domain and the rule that fired are in view
    page.get_by_role("checkbox", name="Month").uncheck()
    assert table.locator("xpath=..").evaluate("w => w.scrollWidth <= w.clientWidth + 1")
    for name in ("Domain", "Rule that fired"):
        box = table.locator("thead th", has_text=name).bounding_box()
        assert box["x"] + box["width"] <= DESKTOP["width"], name
    page.close()


def test_real_data_table_is_explorable(site, browser):
    base, _ = site
    page, _ = open_page(browser, f"{base}/notebooks/01_dataset.html", viewport=DESKTOP)
    table = page.locator("table.gx-explorable").first
    assert table.count() == 1, "the dataset chapter has no table.gx-explorable (the markup contract)"
    assert "Ministry of Public Security" in table.inner_text()
    rows = table.locator("tbody tr")
    total = rows.count()
    page.get_by_label("Filter rows").first.fill("Turkmen")
    visible = sum(rows.nth(i).is_visible() for i in range(total))
    assert 0 < visible < total
    page.close()


# ---- the student edition's verdicts ----------------------------------------------------------------------


def test_student_edition_hides_verdicts_until_revealed_for_this_tab_only(contract, browser):
    base, claims, _ = contract
    context = browser.new_context(viewport=DESKTOP)
    page, problems = open_page(browser, f"{base}/student.html", context=context)
    assert problems == []
    ledger = page.locator("#fixture-ledger")
    badges = page.locator("#fixture-ledger td.gx-verdict .gx-badge")
    assert badges.count() == 0  # sealed: not in the page at all until revealed
    assert page.locator("#fixture-ledger td.gx-verdict .gx-sealed").first.is_visible()
    assert page.locator("p .gx-sealed").first.is_visible()
    # neither the words of a verdict nor a reason are in the page's text, and a sealed reason keeps its cell
    assert "reproduced" not in ledger.inner_text() and claims[0]["reason"] not in ledger.inner_text()
    assert page.locator("#fixture-ledger td.gx-why .gx-sealed").first.is_visible()

    button = page.get_by_role("button", name="Reveal verdicts")
    button.focus()
    page.keyboard.press("Enter")
    assert badges.count() == len(claims) and badges.first.is_visible()
    assert claims[0]["reason"] in ledger.inner_text()
    assert "revealed" in page.locator(".gx-reveal-bar [role=status]").inner_text().lower()
    assert page.get_by_role("button", name="Hide verdicts").count() == 1

    page.reload(wait_until="load")  # the same tab remembers
    assert page.locator("#fixture-ledger td.gx-verdict .gx-badge").first.is_visible()
    page.close()
    context.close()

    fresh = browser.new_context(viewport=DESKTOP)  # a new session does not
    page, _ = open_page(browser, f"{base}/student.html", context=fresh)
    assert page.locator("#fixture-ledger td.gx-verdict .gx-badge").count() == 0
    page.close()
    fresh.close()


def test_default_edition_page_shows_verdicts_without_a_reveal_button(contract, browser):
    base, _, _ = contract
    page, _ = open_page(browser, f"{base}/contract.html", viewport=DESKTOP)
    assert page.locator("#fixture-ledger td.gx-verdict .gx-badge").first.is_visible()
    assert page.get_by_role("button", name="Reveal verdicts").count() == 0
    page.close()
