"""Computed, not typed: the prose of the book carries no number that is not glued from computation.

What may stay: names ("Table 1"), numbered lists and exercises, the paper's own words in quotation
marks or block quotes, code, links and references, and the instructor's session timings.
"""

import json
import re

import pytest

from govexport.paths import project_root

ROOT = project_root(__file__)

ALLOWED = [
    r"\bTables?\s+[12](?:\s+and\s+2)?\b",  # the paper's tables by name
    r"^\s*#+\s+\d+\.",  # numbered exercise headings
    r"^\s*\d+\.\s",  # numbered list items
    r"\bexercises? \d+(?: and \d+)?\b",  # exercise numbers
]


def prose(text):
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)  # roles: glue, doc, cite, download
    text = re.sub(r"`[^`]*`", "", text)  # code spans
    text = re.sub(r"^\s*>.*$", "", text, flags=re.M)  # block quotes of the paper
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r'"[^"\n]*"|“[^”\n]*”', "", text)  # the paper's words, quoted
    for pattern in ALLOWED:
        text = re.sub(pattern, "", text, flags=re.M | re.I)
    return text


def narrative_sources():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                yield f"{path.name} cell {i}", "".join(cell["source"])
    for path in sorted((ROOT / "book").rglob("*.md")):
        if path.relative_to(ROOT / "book").as_posix() != "seminar/instructor.md":  # a session plan in minutes
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


SOURCES = list(narrative_sources())


@pytest.mark.parametrize("where, text", SOURCES, ids=[w for w, _ in SOURCES])
def test_no_typed_number_in_the_prose(where, text):
    assert re.findall(r"\S*\d\S*", prose(text)) == []


def test_the_check_catches_a_typed_number():
    assert re.findall(r"\S*\d\S*", prose("Security had 24 programs, {glue:text}`n_security` in all.")) == ["24"]
