"""What every chapter shows for the default run, as text, against its reviewed snapshot
(tests/unit/test_page_snapshots/<chapter>.md): a page function that changes a word, a number or a table cell
fails here, in the fast loop, without executing a notebook.

A change meant to alter a page: `make snapshots` rewrites the snapshots; read their diff (`git diff
tests/unit/test_page_snapshots`) as a reader would, and commit it with the change.
"""

import pytest
from pagetext import chapter_text

from govexport.report import book


@pytest.mark.parametrize("chapter_id", [c.id for c in book.CHAPTERS])
def test_a_chapter_shows_what_its_snapshot_says(chapter_id, file_regression):
    file_regression.check(chapter_text(chapter_id), basename=chapter_id, extension=".md", encoding="utf-8")
