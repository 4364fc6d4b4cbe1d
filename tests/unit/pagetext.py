"""A chapter's pages as text, without a kernel: the calls of its notebook's code cells, made in this process, each
output written as the Markdown a reader reads (tables as pipe tables, figures as their caption and alt text)."""

import importlib
import json
import re

from govexport.paths import project_root
from govexport.report import chapter
from govexport.report.chapter import Figure

ROOT = project_root(__file__)
PAGE_CALL = re.compile(r"page\.(\w+)\(run\)")
START = re.compile(r"from govexport\.report\.pages import (\w+) as page")


def rendered(shown):
    """One output as text: a figure by its name, caption and alt text (not drawn), anything else as Markdown."""
    if isinstance(shown, Figure):
        return f"Figure {shown.name}\n\ncaption: {shown.caption}\n\nalt: {shown.alt}"
    if hasattr(shown, "_repr_markdown_"):
        return shown._repr_markdown_()
    return str(shown)


def cell_sources(chapter_id):
    cells = json.loads((ROOT / "notebooks" / f"{chapter_id}.ipynb").read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]).strip() for c in cells if c["cell_type"] == "code"]


def chapter_text(chapter_id, params=None):
    """Every output of a chapter's code cells, in order, each under the call that made it (`page.x(run)`,
    `run.provenance()`), for a run with `params` (the default run when None)."""
    sources = cell_sources(chapter_id)
    module = importlib.import_module(
        f"govexport.report.pages.{START.search(next(s for s in sources if START.search(s))).group(1)}"
    )
    run = chapter.for_params(chapter_id, params or {})
    parts = []
    for source in sources:
        if source == "run.provenance()":
            shown = run.provenance()
        elif PAGE_CALL.fullmatch(source):
            shown = getattr(module, PAGE_CALL.fullmatch(source).group(1))(run)
        else:
            continue  # the parameters and start cells (tests/unit/test_chapters.py: nothing else is allowed)
        parts.append(f"<!-- {source} -->\n\n{rendered(shown).strip()}\n")
    return "\n".join(parts)
