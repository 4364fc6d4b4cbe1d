"""Loaded for every test pytest runs here, nbval's chapters (notebooks/) included: a failure caused by an edited
chapter says so, with the command that restores it. (The fixtures are in tests/conftest.py.)"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


# ---- a failure caused by an edited chapter says so, with the command that restores it -------------------------

_edited = None


def edited_chapters():
    """The committed chapters (notebooks/NN_*.ipynb) that differ from git's copy, as relative paths."""
    global _edited
    if _edited is None:
        import subprocess

        try:
            status = subprocess.run(
                ["git", "status", "--porcelain", "--", "notebooks/"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            status = ""
        _edited = sorted(
            line[3:].strip() for line in status.splitlines() if line[:2].strip() == "M" and line.endswith(".ipynb")
        )
    return _edited


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item):  # pluggy passes only the arguments named
    outcome = yield
    report = outcome.get_result()
    if report.failed and edited_chapters():
        chapters = edited_chapters()
        report.sections.append(
            (
                "edited chapters",
                "The tests compare the book with its committed chapters, and these differ from them: "
                + ", ".join(chapters)
                + ". If you edited them, that may be why this test failed. To put a chapter back: "
                + "; ".join(f"git checkout {path}" for path in chapters)
                + " (to keep your edits, copy it into work/ first: cp <chapter> work/). "
                "To experiment without touching the book: govexport work <chapter id>.",
            )
        )
