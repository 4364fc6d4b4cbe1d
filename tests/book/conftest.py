"""Fixtures of the book tests: one Chromium for all the browser tests of a session.

The browser tests (test_browser.py, test_accessibility.py, test_hostile_content.py, test_reading.py,
test_multiverse_book.py) form one pytest-xdist unit (tests/conftest.py), so under `make test` they run in one worker
and this one browser serves them all.
"""

import pytest
from frontend import launched


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, launched once per session (a test closes the pages it opens)."""
    with launched() as b:
        yield b
