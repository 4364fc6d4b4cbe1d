"""axe-core in Debian's Chromium on every page of the built book, and on the markup contract's fixture pages.

axe-core is the npm package pinned in package.json / package-lock.json, installed by make's set-up
(`npm ci`) into node_modules/ and injected from there: nothing is fetched at test time. A serious or
critical violation anywhere fails; the fixture pages, whose tables are all ours, must have none at all,
in light and dark mode, on a laptop and on a phone.
"""

import pytest
from frontend import DESKTOP, PHONE, axe_violations, dark, open_page, pages_of, served, write_contract_pages

ALL = ("minor", "moderate", "serious", "critical")


def test_every_page_of_the_book_has_no_serious_or_critical_violation(built, browser):
    root, _ = built
    html = root / "build/default/html"
    found = {}
    with served(html) as base:
        page = browser.new_page(viewport=DESKTOP)
        for name in [*pages_of(html), "search.html", "genindex.html"]:
            if 'http-equiv="Refresh"' in (html / name).read_text(encoding="utf-8"):
                continue  # a redirect (index.html): its target is checked
            page.goto(f"{base}/{name}", wait_until="load")
            violations = axe_violations(page)
            if violations:
                found[name] = violations
        page.close()
    assert found == {}


def test_our_tables_in_the_book_are_readable_in_dark_mode(built, browser):
    """The theme boxes HTML outputs in light grey in dark mode; the pages with our tables are checked there."""
    root, _ = built
    html = root / "build/default/html"
    pages = [name for name in pages_of(html) if 'class="gx-table' in (html / name).read_text(encoding="utf-8")]
    assert pages, "no page of the book has a table.gx-table"
    found = {}
    with served(html) as base:
        page = browser.new_page(viewport=DESKTOP)
        for name in pages:
            page.goto(f"{base}/{name}", wait_until="load")
            dark(page)
            violations = axe_violations(page, rules=["color-contrast"])
            if violations:
                found[name] = violations
        page.close()
    assert found == {}


@pytest.fixture(scope="module")
def contract(built, tmp_path_factory):
    """The fixture pages (frontend.py) served on loopback."""
    root, _ = built
    out = tmp_path_factory.mktemp("contract")
    write_contract_pages(
        root / "build/default/html", out, root / "build/default/claims.csv", root / "build/default/data/programs.csv"
    )
    with served(out) as base:
        yield base


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
@pytest.mark.parametrize("name", ["contract.html", "student.html"])
def test_fixture_pages_have_no_violation_at_all_in_light_or_dark_mode(contract, browser, name, viewport):
    page, _ = open_page(browser, f"{contract}/{name}", viewport=viewport)
    light = axe_violations(page, impacts=ALL)
    dark(page)
    assert {"light": light, "dark": axe_violations(page, impacts=ALL)} == {"light": [], "dark": []}
    page.close()


def test_axe_finds_what_it_should(browser, tmp_path):
    """The check can fail: a page with an unlabelled field and grey-on-grey text has violations."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><head><title>bad</title></head><body><main>'
        '<input type="text"><p style="color:#aaa;background:#bbb">faint</p></main></body></html>',
        encoding="utf-8",
    )
    with served(tmp_path) as base:
        page, _ = open_page(browser, f"{base}/bad.html")
        assert {rule for rule, _, _ in axe_violations(page)} >= {"label", "color-contrast"}
        page.close()
