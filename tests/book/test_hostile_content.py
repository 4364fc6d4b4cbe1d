"""Data never runs as code: a variant built from tables and a scenario carrying HTML, script and MyST payloads
in every text field is opened page by page in Chromium; no script runs and no injected element exists."""

import pytest
import yaml
from frontend import DESKTOP, axe_violations, open_page, pages_of, served
from reading import LEFT_TO_OTHER_LAYERS, SNAKE, identifiers_in_book

from govexport.publish import pipeline

MARK = "window.__pwned = (window.__pwned || 0) + 1"
PAYLOADS = [
    f'<img src=x onerror="{MARK}">',
    f"<script>{MARK}</script>",
    f"[x](javascript:{MARK})",
    "{raw:html}`<b id=gx-injected>x</b>`",
    "<b id=gx-injected>bold</b>",
    f'<svg onload="{MARK}">',
]
TRAINERS = ["Ministry of Public Security", "Ministry of Commerce", "Supreme People's Court"]


def hostile_table(project):
    """Table 1 plus one row per payload, in the Trainer and the Trainee (which must open with a demonym)."""
    source = project / "data/raw/table1_programs.tsv"
    lines = source.read_text(encoding="utf-8").rstrip("\n").split("\n")
    for i, payload in enumerate(PAYLOADS):
        lines.append(
            f"{TRAINERS[i % 3]} {payload}\tKyrgyz officials {payload}\t2019 {['May', 'June'][i % 2]}\t{5 + i} days"
        )
    path = project / "scenarios/data/table1_hostile.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hostile_table2(project):
    doc = yaml.safe_load((project / "data/raw/table2_curricula.yaml").read_text(encoding="utf-8"))
    for program, payload in zip(doc["programs"], PAYLOADS):
        program["topic"] += f" {payload}"
        program["training_specifics"] += f" Such as {payload}, and others."
        program["field_visits"] = [v + f" {payload}" for v in program["field_visits"]]
    path = project / "scenarios/data/table2_hostile.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory, request):
    copy_project = request.getfixturevalue("copy_project")
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    table1, table2 = hostile_table(root), hostile_table2(root)
    scenario = {
        "name": "hostile",
        "description": f"A scenario whose description is a payload {PAYLOADS[0]}",
        "parameters": {"table1": table1.relative_to(root).as_posix(), "table2": table2.relative_to(root).as_posix()},
    }
    pipeline.build("hostile", scenario["parameters"], root, scenario=scenario, log=lambda *_: None)
    return root / "build" / "hostile"


def test_the_payloads_reach_the_pages_as_text(hostile_book):
    page = (hostile_book / "html/notebooks/01_dataset.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror" in page or "&lt;img" in page  # shown, escaped: the reader sees the data
    assert "<img src=x" not in page and "<script>window.__pwned" not in page


def test_no_script_runs_and_nothing_is_injected_on_any_page(hostile_book, browser):
    html = hostile_book / "html"
    with served(html) as base:
        checked = 0
        for name in pages_of(html):
            if 'http-equiv="Refresh"' in (html / name).read_text(encoding="utf-8"):
                continue  # a redirect (index.html), which navigates away: its target is checked
            # what the data could run has run by "load": inline scripts, onload, and onerror of images it waited for
            page, _ = open_page(browser, f"{base}/{name}")
            assert page.evaluate("window.__pwned || 0") == 0, name
            assert page.locator("#gx-injected").count() == 0, name
            assert page.locator("img[src='x'], svg[onload]").count() == 0, name
            hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
            assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")], name
            checked += 1
            page.close()
    assert checked >= 12


def test_the_downloads_are_data_not_pages(hostile_book):
    downloads = list((hostile_book / "html/_downloads").rglob("*"))
    files = [p for p in downloads if p.is_file()]
    assert files and all(p.suffix in {".tsv", ".csv", ".yaml", ".json"} for p in files)


def test_the_variant_banner_is_readable(hostile_book, browser):
    """A variant's pages carry its banner (the default book, which the accessibility tests check, has none):
    no serious or critical axe violation on a page with it, its colour contrast included."""
    html = hostile_book / "html"
    with served(html) as base:
        page, _ = open_page(browser, f"{base}/notebooks/03_officials.html", viewport=DESKTOP)
        banner = page.locator(".bd-header-announcement")
        assert "Variant build" in banner.inner_text() and banner.locator("code").count() >= 1
        assert axe_violations(page) == []
        page.close()


def test_a_variant_from_other_tables_shows_no_machine_name(hostile_book):
    """Its banner names the tables it read in words, their paths as code; no page says a parameter's name. (Its
    data are payloads written as code, `onerror="…"`, which its pages show as they are: only names are sought.)"""
    assert identifiers_in_book(hostile_book / "html", patterns=(SNAKE,)) == LEFT_TO_OTHER_LAYERS
