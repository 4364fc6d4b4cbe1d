"""The book builds (in a copy of the project), strictly, and variant builds leave the default untouched."""

import csv
import hashlib

import pytest

from govexport.build import pipeline
from govexport.claims.register import load_register
from govexport.errors import GovexportError


def tree_digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_ledger(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {row["claim_id"]: row for row in csv.DictReader(f)}


def test_default_book_has_every_chapter_and_page(built):
    root, index = built
    assert index == root / "build/default/html/index.html" and index.is_file()
    html = root / "build/default/html"
    for nb in pipeline.chapters(root):
        page = html / "notebooks" / f"{nb.stem}.html"
        assert page.is_file(), page
    for page in ("data", "glossary", "bibliography", "search"):
        assert (html / f"{page}.html").is_file()


def test_ledger_csv_has_a_verdict_for_every_claim(built):
    root, _ = built
    ledger = read_ledger(root / "build/default/claims.csv")
    assert set(ledger) == {c["id"] for c in load_register(root=root)}
    assert all(row["verdict"] for row in ledger.values())


def test_numbers_are_glued_into_the_pages(built):
    root, _ = built
    page = (root / "build/default/html/notebooks/01_dataset.html").read_text(encoding="utf-8")
    text = " ".join(page.split()).replace("<span class=\"pasted-text\">", "").replace("</span>", "")
    assert "The table lists 59 programs from 2007 to" in text


def test_figures_are_saved_for_slides(built):
    root, _ = built
    figures = root / "build/default/figures"
    pngs = {p.stem for p in figures.glob("*.png")}
    assert pngs and pngs == {p.stem for p in figures.glob("*.svg")}


def test_provenance_is_recorded(built):
    root, _ = built
    assert (root / "build/default/provenance.json").is_file()
    assert len(list((root / "build/default/provenance").glob("*.json"))) == len(pipeline.chapters(root))


def test_a_noop_rebuild_executes_nothing(built):
    root, _ = built
    messages = []
    pipeline.build("default", {}, root, log=messages.append)
    assert messages[0] == f"executing 0 of {len(pipeline.chapters(root))} chapters (all up to date)"


def test_variant_changes_the_estimate_by_the_arithmetic_and_leaves_default_untouched(built):
    root, _ = built
    before = tree_digest(root / "build/default")
    pipeline.build("small", {"delegation_single": 10}, root, log=lambda *_: None)
    assert tree_digest(root / "build/default") == before
    small = read_ledger(root / "build/small/claims.csv")["officials-total-1200"]
    default = read_ledger(root / "build/default/claims.csv")["officials-total-1200"]
    # 45 single-state programs, each sending 10 fewer officials.
    assert int(default["reproduced_value"]) - int(small["reproduced_value"]) == 10 * 45
    assert small["default_value"] == default["reproduced_value"]


@pytest.mark.parametrize("broken, expected", [
    ("{doc}`a chapter that does not exist <notebooks/99_missing>`", "did not compile"),
    ("{glue}`notebooks/01_dataset.ipynb::no_such_key`", "did not compile"),
    ("![a figure](figures/missing.png)", "did not compile"),
], ids=["cross-reference", "glue-key", "image"])
def test_strict_build_fails_on_broken_references_and_keeps_the_last_good_book(built, broken, expected):
    root, _ = built
    before = tree_digest(root / "build/default/html")
    intro = root / "book/intro.md"
    text = intro.read_text(encoding="utf-8")
    intro.write_text(text + "\n\n" + broken + "\n", encoding="utf-8")
    try:
        with pytest.raises(GovexportError, match=expected):
            pipeline.build("default", {}, root, log=lambda *_: None)
    finally:
        intro.write_text(text, encoding="utf-8")
    assert tree_digest(root / "build/default/html") == before
