"""Thin chapters: each notebook is the registry's chapter, carries the defaults of the parameters it declares,
calls its page module and nothing else, and is committed with outputs that reproduce on any CPU."""

import ast
import importlib
import inspect
import json
import re

import pytest
import yaml

from govexport.params import DEFAULTS
from govexport.paths import project_root
from govexport.report import book

ROOT = project_root(__file__)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHAPTERS = [c.id for c in book.CHAPTERS]
CALL = re.compile(r"^page\.(\w+)\(run\)$")
# The exercises' cells a student works in: an answer cell (`q1_estimate = ...`, tagged `answer`) and its check.
ANSWER = re.compile(r"^(q\d+_\w+ = \.\.\.(  # .*)?\n?)+$")
CHECK = re.compile(r'^grader\.check\("(q\d+)"\)$')


def cells(chapter_id):
    return json.loads((ROOT / "notebooks" / f"{chapter_id}.ipynb").read_text(encoding="utf-8"))["cells"]


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def source(cell):
    return "".join(cell["source"])


def page_module(chapter_id):
    start = next(source(c) for c in cells(chapter_id) if "chapter.start(" in source(c))
    module = re.search(r"from govexport\.report\.pages import (\w+) as page", start).group(1)
    return importlib.import_module(f"govexport.report.pages.{module}")


def test_the_notebooks_are_the_registry_chapters_in_book_order():
    assert [p.stem for p in NOTEBOOKS] == CHAPTERS
    toc = yaml.safe_load((ROOT / "book" / "_toc.yml").read_text(encoding="utf-8"))
    listed = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    in_toc = [f.split("/")[-1] for f in listed if f.startswith("notebooks/")]
    assert sorted(in_toc) == CHAPTERS and in_toc[:8] == CHAPTERS[:8]


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_parameters_cell_carries_the_defaults_of_what_the_chapter_reads(chapter_id):
    declared = book.chapter(chapter_id).reads
    params = [c for c in cells(chapter_id) if "parameters" in tags(c)]
    if not declared:
        assert params == []
        return
    assert len(params) == 1
    values = {n.targets[0].id: ast.literal_eval(n.value) for n in ast.parse(source(params[0])).body}
    assert values == {name: DEFAULTS[name] for name in declared}, (
        f"notebooks/{chapter_id}.ipynb has an edited parameters cell: the committed chapter carries the defaults. "
        f"To restore it: git checkout notebooks/{chapter_id}.ipynb (to experiment, copy it first: "
        f"govexport work {chapter_id})"
    )


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_a_chapter_only_calls_its_page_module(chapter_id):
    code = [c for c in cells(chapter_id) if c["cell_type"] == "code" and not {"parameters"} & tags(c)]
    start = [c for c in code if "chapter.start(" in source(c)]
    assert len(start) == 1 and f'chapter.start("{chapter_id}", globals())' in source(start[0])
    assert "remove-cell" in tags(start[0])
    module = page_module(chapter_id)
    for cell in code:
        if cell is start[0]:
            continue
        text = source(cell).strip()
        if ANSWER.match(source(cell)) or CHECK.match(text):  # an exercise's answer cell and its check, shown
            assert ("answer" in tags(cell)) == bool(ANSWER.match(source(cell))), f"{chapter_id}: {text}"
            continue
        assert text == "run.provenance()" or CALL.match(text), f"{chapter_id}: a cell does more than call: {text}"
        assert tags(cell) & {"remove-input", "hide-input"}, f"{chapter_id}: code shown unfolded: {text}"
        if CALL.match(text):
            assert hasattr(module, CALL.match(text).group(1)), f"{chapter_id}: no page function for {text}"


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_every_page_function_appears_in_its_chapter(chapter_id):
    module = page_module(chapter_id)
    called = {
        CALL.match(source(c).strip()).group(1)
        for c in cells(chapter_id)
        if c["cell_type"] == "code" and CALL.match(source(c).strip())
    }
    defined = {
        name
        for name, f in inspect.getmembers(module, inspect.isfunction)
        if f.__module__ == module.__name__
        and not name.startswith("_")
        and list(inspect.signature(f).parameters) == ["run"]
    }
    assert defined - called == set(), f"{chapter_id}: page functions the chapter never shows"


def test_the_chapters_are_thin():
    lines = 0
    for chapter_id in CHAPTERS:
        for cell in cells(chapter_id):
            if cell["cell_type"] == "code":
                n = len([line for line in source(cell).splitlines() if line.strip()])
                lines += n
                hidden = "parameters" not in tags(cell)
                assert not hidden or n <= 10, f"{chapter_id}: a {n}-line code cell"
                assert not re.search(r"^\s*(def|class|import matplotlib|plt\.)", source(cell), re.M)
    assert lines < 400


FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d{4,}(?![\w.])")  # more decimals than the book ever reports


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_committed_outputs_reproduce_on_any_cpu(chapter_id):
    for cell in cells(chapter_id):
        if cell["cell_type"] != "code" or "nbval-ignore-output" in tags(cell):
            continue
        if CALL.match(source(cell).strip()):
            assert cell["outputs"], f"{chapter_id}: a page without its committed output (run `make notebooks`)"
        for output in cell["outputs"]:
            assert output.get("output_type") != "error"
            for mime, data in output.get("data", {}).items():
                if mime.startswith("image/"):
                    continue
                text = data if isinstance(data, str) else "".join(data)
                assert not FLOAT.findall(text), f"{chapter_id}: full-precision floats {FLOAT.findall(text)[:3]}"
                assert "{glue" not in text, f"{chapter_id}: raw glue syntax in an output"


# What a committed notebook may hold besides cells: nothing that names a machine, a time or a commit.
NOTEBOOK_METADATA = {"kernelspec", "language_info"}
CELL_METADATA = {"tags", "mystnb", "govexport"}  # govexport: what a figure reveals (the student edition)
VOLATILE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}"  # a date and time
    r"|\bUTC\b|\bcommit\b|uncommitted|\b[0-9a-f]{40}\b"  # the footer's stamp, a git hash
    r"|/home/|/tmp/|/root/|/work/"  # a path on one machine
)


@pytest.mark.parametrize("chapter_id", CHAPTERS)
def test_a_committed_notebook_holds_nothing_volatile(chapter_id):
    """Two commits that change no chapter content leave the committed notebooks byte-identical: no commit,
    time, path or execution timing is recorded (the footer's commit and time are added in a built book only)."""
    nb = json.loads((ROOT / "notebooks" / f"{chapter_id}.ipynb").read_text(encoding="utf-8"))
    assert set(nb["metadata"]) <= NOTEBOOK_METADATA and set(nb["metadata"]["language_info"]) == {"name"}
    for cell in nb["cells"]:
        assert set(cell.get("metadata", {})) <= CELL_METADATA, (chapter_id, cell.get("id"), cell["metadata"])
        for output in cell.get("outputs", []):
            assert output.get("metadata", {}) == {}, (chapter_id, cell.get("id"))
            for mime, data in output.get("data", {}).items():
                if not mime.startswith("image/"):
                    text = data if isinstance(data, str) else "".join(data)
                    found = VOLATILE.search(text)
                    assert not found, (chapter_id, cell.get("id"), text[max(0, found.start() - 80) : found.end() + 40])
