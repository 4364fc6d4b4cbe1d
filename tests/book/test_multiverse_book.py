"""The multiverse in a build and in a browser: the build's files, the explorer from file:// with no network
(keyboard, values against the Parquet table), axe-core on it, and the dask engine's table against the local one."""

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from frontend import DESKTOP, PHONE, axe_violations

from govexport.claims import engine
from govexport.claims import multiverse as mv
from govexport.claims.register import load_register
from govexport.report import explorer

PAGE = "build/default/html/notebooks/08_robustness.html"


@pytest.fixture(scope="module")
def book_multiverse(built):
    root, _ = built
    return mv.read(root / "build/default")


def test_the_build_writes_the_multiverse_and_the_ledger_takes_its_grades(built, book_multiverse):
    root, _ = built
    out = root / "build/default"
    assert (out / mv.TABLE).is_file() and (out / mv.SUMMARY).is_file()
    table, summary = book_multiverse.table, book_multiverse.summary
    assert len(table) >= 100_000
    claims = pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False).set_index("claim_id")
    grades = summary.set_index("claim_id")["grade"]
    assert list(claims.columns).index("grade") == list(claims.columns).index("verdict") + 1
    assert (claims.loc[grades.index, "grade"] == grades).all()
    register = {c["id"]: c for c in load_register(root=root)}
    assert set(grades.index) == {i for i, c in register.items() if isinstance(c["criterion"], dict)}
    default = table[table["default"]].set_index("claim_id")
    assert (default["verdict"].astype(str) == claims.loc[default.index, "verdict"]).all()


def _offline_page(browser, root, viewport=DESKTOP):
    """Chapter 8 from file://, every request that leaves the page's own files refused and recorded."""
    context = browser.new_context(viewport=viewport, offline=True)
    left = []

    def guard(route):
        if not route.request.url.startswith("file://"):
            left.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((root / PAGE).as_uri(), wait_until="load")
    page.wait_for_selector(".gx-explorer svg text", timeout=30_000)
    return context, page, left, errors


def _shown(page):
    """{claim: (value, verdict)} as the explorer draws them: its SVG text marks, row by row."""
    marks = page.evaluate(
        """() => Array.from(document.querySelectorAll('.gx-explorer svg [role="graphics-symbol"]'))
            .map(e => e.getAttribute('aria-label'))"""
    )
    rows = {}
    for label in marks:
        parts = dict(p.split(": ", 1) for p in label.split("; ") if ": " in p)
        claim = parts.get("claim")
        if claim is None:
            continue
        if "value" in parts:
            rows.setdefault(claim, {})["value"] = parts["value"]
        if "verdict" in parts:
            rows.setdefault(claim, {})["verdict"] = parts["verdict"].removeprefix(explorer.CHANGED + " ")
    return rows


def _expected(table, choices, picked):
    """{claim: (value, verdict)} of the Parquet table for the alternatives `picked` ({choice id: index})."""
    rows = table
    out = {}
    for claim_id, mine in rows.groupby("claim_id", observed=True):
        for c in choices:
            index = picked.get(c["id"], c["default"])
            wanted = c["values"][index] if c["numeric"] else c["alternatives"][index]["label"]
            column = mine[c["id"]]
            if column.isna().all():
                continue
            mine = mine[column.astype(float) == float(wanted)] if c["numeric"] else mine[column.astype(str) == wanted]
        out[claim_id] = {"value": str(mine["value"].iloc[0]), "verdict": str(mine["verdict"].iloc[0])}
    return out


def test_the_explorer_works_offline_by_keyboard_and_agrees_with_the_parquet_table(built, browser, book_multiverse):
    root, _ = built
    context, page, left, errors = _offline_page(browser, root)
    choices = book_multiverse.choices
    assert left == [] and errors == []
    assert _shown(page) == _expected(book_multiverse.table, choices, {})
    selects = page.locator(".gx-explorer select")
    assert selects.count() == len(choices)
    for j, c in enumerate(choices):  # each menu has its label, the choice's own words
        assert c["label"] in selects.nth(j).evaluate("s => s.closest('label').textContent")
    samples = [
        {"coding": 1, "duplicates": 1},
        {"delegation_single": 0, "delegation_multi": 6, "thousands": 0, "roughly": 2},
        {"halves": 1, "scope_over_time": 1, "scope_by_domain": 4, "most": 2, "dozens": 1, "rapidly": 2},
        {"coding": len(choices[0]["alternatives"]) - 1, "small_fraction": 2, "rapidly_scope": 2},
    ]
    ids = [c["id"] for c in choices]
    for sample in samples:
        for cid, index in sample.items():
            select = selects.nth(ids.index(cid))
            select.focus()
            current = int(select.evaluate("s => s.selectedIndex"))
            key = "ArrowDown" if index > current else "ArrowUp"
            for _ in range(abs(index - current)):  # by keyboard: the menus are native selects
                page.keyboard.press(key)
            assert int(select.evaluate("s => s.selectedIndex")) == index
        page.wait_for_timeout(200)
        assert _shown(page) == _expected(book_multiverse.table, choices, sample), sample
        for cid in sample:  # back to the book's choices
            selects.nth(ids.index(cid)).select_option(index=next(c["default"] for c in choices if c["id"] == cid))
    assert left == [] and errors == []
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_the_explorer_has_no_accessibility_violation(built, browser, viewport):
    root, _ = built
    context, page, left, _ = _offline_page(browser, root, viewport)
    violations = axe_violations(page, impacts=("moderate", "serious", "critical"))
    assert [v for v in violations if any("gx-explorer" in t or "vega" in t for t in v[2])] == []
    assert left == []
    context.close()


def test_the_page_carries_the_explorer_data_not_a_cdn(built):
    root, _ = built
    page = (root / PAGE).read_text(encoding="utf-8")
    for name in explorer.SCRIPTS:
        assert f'src="../_static/vega/{name}"' in page
        assert (root / "build/default/html/_static/vega" / name).stat().st_size > 10_000
    assert "cdn" not in page.lower() and "https://cdn" not in page


def test_a_local_cluster_gives_the_local_table(small_choices, root):
    """The same multiverse on dask.distributed (a two-worker LocalCluster) as on local processes."""
    with engine.local(2) as pool:
        local = mv.compute({}, root, executor=pool, choices_path=small_choices)
    with engine.dask(workers=2) as cluster:
        distributed = mv.compute({}, root, executor=cluster, choices_path=small_choices)
    as_text = {c: str for c in local.table.select_dtypes("category")}
    pd.testing.assert_frame_equal(local.table.astype(as_text), distributed.table.astype(as_text))
    pd.testing.assert_frame_equal(local.summary, distributed.summary)
    assert json.dumps(local.choices) == json.dumps(distributed.choices)


def test_govexport_book_takes_the_dask_engine(built, tmp_path):
    """`govexport book --engine dask` on a LocalCluster writes the default engine's multiverse: built on a copy of
    the default book with the multiverse left out of its cache, so the build computes it again on dask (and
    reuses the chapters, which the other tests check)."""
    import subprocess
    import sys

    project = Path(shutil.copytree(built[0], tmp_path / "project", symlinks=True))
    local = mv.read(project / "build/default")
    entries = [e.parent for e in (project / "build/.cache").glob("*/entry.json") if "multiverse" in e.read_text()]
    assert entries
    for entry in entries:
        shutil.rmtree(entry)
    done = subprocess.run(
        [sys.executable, "-m", "govexport.cli", "book", "--engine", "dask", "--name", "dask"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert re.search(r"multiverse +done", done.stdout), done.stdout  # computed, on dask
    distributed = mv.read(project / "build/dask")
    as_text = {c: str for c in local.table.select_dtypes("category")}
    pd.testing.assert_frame_equal(distributed.table.astype(as_text), local.table.astype(as_text))
    pd.testing.assert_frame_equal(distributed.summary, local.summary)


def test_a_scheduler_without_dask_is_refused(root, tmp_path, copy_project):
    import subprocess
    import sys

    project = copy_project(tmp_path / "project")
    done = subprocess.run(
        [sys.executable, "-m", "govexport.cli", "book", "--scheduler", "tcp://127.0.0.1:1"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and done.stderr.startswith("govexport: error: --scheduler")
    assert not (project / "build").exists()
