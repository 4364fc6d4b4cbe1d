"""A cache that verifies itself (issue 22): every entry records the digest of each file it holds, and an entry
altered in place, truncated, or unreadable is dropped with one line and computed again, never published."""

import json
import shutil

import pytest

from govexport.publish import cache, pipeline


def build(root, chapters, name, overrides):
    said = []
    pipeline.build(name, overrides, root, chapters=chapters, log=said.append)
    return said


def entry_of(root, chapter_id):
    """The folder of the cache entry holding `chapter_id`'s execution (the mini project has one per chapter)."""
    found = [
        folder
        for folder in (root / "build/.cache").iterdir()
        if (folder / cache.ENTRY).is_file()
        and json.loads((folder / cache.ENTRY).read_text(encoding="utf-8")).get("chapter") == chapter_id
    ]
    assert len(found) == 1
    return found[0]


def alter_the_output(path):
    """The executed notebook, still valid JSON, saying 9999 where it said 20."""
    text = path.read_text(encoding="utf-8")
    assert "delegation_single is 20" in text
    path.write_text(text.replace("delegation_single is 20", "delegation_single is 9999"), encoding="utf-8")


def truncate(path):
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def garbage(path):
    path.write_bytes(b"\xff\xfe not json \x00")


@pytest.mark.parametrize(
    "damage, file, problem",
    [
        (alter_the_output, "notebook.ipynb", "notebook.ipynb does not match its recorded digest"),
        (truncate, "notebook.ipynb", "notebook.ipynb does not match its recorded digest"),
        (garbage, "notebook.ipynb", "notebook.ipynb does not match its recorded digest"),
        (truncate, "figures/01_alpha/alpha-line.png", "figures/01_alpha/alpha-line.png does not match"),
        (garbage, cache.ENTRY, "entry.json is not valid JSON"),
    ],
    ids=["altered", "truncated", "garbage", "truncated-png", "garbage-entry"],
)
def test_a_damaged_entry_is_dropped_with_one_line_and_executed_again(mini, mini_chapters, damage, file, problem):
    folder = entry_of(mini, "01_alpha")
    assert (folder / file).is_file(), sorted(p.name for p in folder.rglob("*"))
    damage(folder / file)
    # a variant that changes only 02_beta: 01_alpha's entry would be reused
    said = build(mini, mini_chapters, "v", {"first_year": 2010})
    dropped = [line for line in said if "dropped and computed again" in line]
    assert len(dropped) == 1 and problem in dropped[0] and "(01_alpha)" in dropped[0], said
    assert any(line.split()[:2] == ["01_alpha", "started"] for line in said), said
    page = (mini / "build/v/html/notebooks/01_alpha.html").read_text(encoding="utf-8")
    assert "delegation_single is 20" in page and "9999" not in page
    png = (mini / "build/v/figures/alpha-line.png").read_bytes()
    assert png == (entry_of(mini, "01_alpha") / "figures/01_alpha/alpha-line.png").read_bytes()
    assert json.loads((entry_of(mini, "01_alpha") / cache.ENTRY).read_text())["files"]  # stored again, with digests


def test_a_damaged_ledger_entry_is_computed_again(mini, mini_chapters):
    folder = next(
        f
        for f in (mini / "build/.cache").iterdir()
        if (f / cache.ENTRY).is_file() and json.loads((f / cache.ENTRY).read_text()).get("artifact") == "claims.csv"
    )
    ledger = folder / "claims.csv"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("reproduced", "refuted"), encoding="utf-8")
    shutil.rmtree(mini / "build/default")  # the default book again: its ledger would come from that entry
    said = build(mini, mini_chapters, "default", {})
    assert [line for line in said if "dropped" in line] == [
        f"  build/.cache/{folder.name[:12]}… (claims.csv): claims.csv does not match its recorded digest "
        "(altered or truncated); the entry is dropped and computed again"
    ]
    assert "refuted" not in (mini / "build/default/claims.csv").read_text(encoding="utf-8")
