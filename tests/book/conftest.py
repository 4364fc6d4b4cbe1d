"""Fixtures of the book tests: one Chromium for the browser tests that run in a row, closed when they are done.

The browser tests (test_browser.py, test_accessibility.py, test_hostile_content.py, test_reading.py,
test_multiverse_book.py) form one pytest-xdist unit (tests/conftest.py), so under `make test` they run in one worker
and one Chromium serves them. It is launched when a test first drives it and closed as soon as the next test does
not: while it is open, Playwright's sync API keeps its event loop marked as running in this thread, and a build
(asyncio.run, in a fixture or a test) could not start in it.
"""

import contextlib

import pytest
from frontend import launched

_open = contextlib.ExitStack()  # holds the Chromium while it is open
_chromium = []  # the open Chromium, if any


def _current():
    if not _chromium:
        _chromium.append(_open.enter_context(launched()))
    return _chromium[0]


def _close():
    _chromium.clear()
    _open.close()


class Chromium:
    """Debian's Chromium driven by Playwright, launched on first use (a test closes the pages it opens)."""

    def __getattr__(self, name):
        return getattr(_current(), name)


@pytest.fixture(scope="session")
def browser(built):
    """The session's Chromium (the default book is built before it opens, see the module's docstring)."""
    del built  # asked for its side effect: built before any Chromium is open
    yield Chromium()
    _close()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(nextitem):
    """After a test's own teardown: Chromium closes unless the next test drives it too."""
    if _chromium and (nextitem is None or "browser" not in nextitem.fixturenames):
        _close()
