"""`govexport work CHAPTER`: a copy of a chapter in work/ (which .gitignore leaves out) to edit and run in Jupyter.

The copy runs like the chapter (it finds the project root from work/), with the default parameters in
its `parameters` cell; the committed chapter in notebooks/ stays as it is.
"""

import shutil

from ..errors import GovexportError
from ..paths import display
from ..report.book import CHAPTERS


def work_copy(chapter_id, root, reset=False, chapters=CHAPTERS):
    """Copy notebooks/<chapter>.ipynb to work/; returns (the copy's path, how to reset it)."""
    known = {c.id: c for c in chapters}
    if chapter_id not in known:
        raise GovexportError(f"no chapter {chapter_id[:80]!r}; the book's chapters are {', '.join(known)}")
    source = root / "notebooks" / known[chapter_id].notebook
    folder = root / "work"
    dest = folder / source.name
    reset_hint = f"govexport work {chapter_id} --reset"
    if dest.exists() and not reset:
        raise GovexportError(
            f"{display(dest, root)} exists (your edits); to start again from the chapter: {reset_hint}"
        )
    folder.mkdir(exist_ok=True)
    shutil.copyfile(source, dest)
    return dest, reset_hint
