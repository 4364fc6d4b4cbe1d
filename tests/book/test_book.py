"""The real book builds (in a copy of the project), strictly, and variants leave the default untouched.

The publish layer's own behaviour (caching, crashes, processes) is tested on the mini project
(test_pipeline.py, test_crash.py, test_processes.py); these tests hold the real chapters to the same
contract: a page per chapter, a verdict per claim, figures with their files, the parameters on record.
"""

import csv
import hashlib
import json

import pytest
from reading import LEFT_TO_OTHER_LAYERS, identifiers_in_book

from govexport.claims.register import load_register
from govexport.errors import GovexportError
from govexport.params import DEFAULTS
from govexport.publish import pipeline, workspace
from govexport.report.book import CHAPTERS


def tree_digest(folder):
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def read_ledger(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {row["claim_id"]: row for row in csv.DictReader(f)}


def number(text):
    return float(text.replace(",", ""))


def test_every_chapter_and_page_is_built(built):
    root, index = built
    assert index == root / "build/default/html/index.html" and index.is_file()
    html = root / "build/default/html"
    for chapter in CHAPTERS:
        assert (html / "notebooks" / f"{chapter.id}.html").is_file(), chapter.id
    for page in ("data", "glossary", "bibliography", "search"):
        assert (html / f"{page}.html").is_file()
    assert set(workspace.complete(root, "default")["chapters"]) == {c.id for c in CHAPTERS}


def test_the_ledger_has_a_verdict_for_every_claim(built):
    root, _ = built
    ledger = read_ledger(root / "build/default/claims.csv")
    assert set(ledger) == {c["id"] for c in load_register(root=root)}
    assert all(row["verdict"] for row in ledger.values())


def test_every_figure_is_numbered_and_saved_for_slides(built):
    root, _ = built
    figures = root / "build/default/figures"
    manifest = json.loads((figures / "figures.json").read_text(encoding="utf-8"))
    assert manifest, "the book shows no figure"
    for figure in manifest:
        assert figure["caption"] and figure["alt"] and figure["chapter"] in {c.id for c in CHAPTERS}
        assert figure["files"] == [f"{figure['name']}.png", f"{figure['name']}.svg"]
        assert all((figures / f).stat().st_size for f in figure["files"])
        page = (root / "build/default/html/notebooks" / f"{figure['chapter']}.html").read_text(encoding="utf-8")
        assert f'id="{figure["name"]}"' in page


def test_the_parameters_are_on_record(built):
    root, _ = built
    provenance = json.loads((root / "build/default/provenance.json").read_text(encoding="utf-8"))
    assert provenance["parameters"] == DEFAULTS
    assert provenance["edition"] == "instructor" and provenance["scenario"] is None


def test_a_rebuild_with_nothing_changed_does_nothing(built):
    root, _ = built
    messages = []
    pipeline.build("default", {}, root, log=messages.append)
    assert messages == [f"build/default is up to date: nothing it reads changed ({len(CHAPTERS)} chapters)"]


def test_a_variant_changes_the_estimate_by_the_arithmetic_and_leaves_the_default_untouched(built):
    root, _ = built
    before = tree_digest(root / "build/default")
    pipeline.build("small", {"delegation_single": 10}, root, log=lambda *_: None)
    assert tree_digest(root / "build/default") == before
    small = read_ledger(root / "build/small/claims.csv")["officials-total-1200"]
    default = read_ledger(root / "build/default/claims.csv")["officials-total-1200"]
    # 45 single-state programs, each sending 10 fewer officials.
    assert number(default["value"]) - number(small["value"]) == 10 * 45
    assert small["default_value"] == default["value"]


def test_the_variant_book_shows_no_machine_name(built):
    """The banner and the pages of a variant name its parameters in words (the default book: test_reading.py)."""
    root, _ = built
    pipeline.build("small", {"delegation_single": 10}, root, log=lambda *_: None)  # reused when already built
    banner = (root / "build/small/html/notebooks/03_officials.html").read_text(encoding="utf-8")
    assert "officials per single-state program: 10 (default 20)" in banner
    assert identifiers_in_book(root / "build/small/html") == LEFT_TO_OTHER_LAYERS


@pytest.mark.parametrize(
    "broken",
    [
        "{doc}`a chapter that does not exist <notebooks/99_missing>`",
        "{glue}`notebooks/01_dataset.ipynb::no_such_key`",
        "![a figure](figures/missing.png)",
    ],
    ids=["cross-reference", "glue-key", "image"],
)
def test_a_strict_build_fails_on_broken_references_and_keeps_the_last_good_book(built, broken):
    root, _ = built
    before = tree_digest(root / "build/default")
    page = root / "book/glossary.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\n\n" + broken + "\n", encoding="utf-8")
    try:
        with pytest.raises(GovexportError, match="did not compile"):
            pipeline.build("default", {}, root, log=lambda *_: None)
    finally:
        page.write_text(text, encoding="utf-8")
    assert tree_digest(root / "build/default") == before
