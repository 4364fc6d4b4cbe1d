import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The paper's text lives beside the repository (shared/paper/), or wherever GOVEXPORT_PAPER points.
PAPER = Path(os.environ.get("GOVEXPORT_PAPER",
                            ROOT.parent / "shared" / "paper" / "chinese-governance-export-in-central-asia.txt"))


def copy_project(dest):
    """A copy of what a run reads (data, book, notebooks, scenarios), to change or build without touching the repo."""
    for folder in ("data", "book", "notebooks", "scenarios"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder)
    return dest


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throw-away project copy, made the working directory."""
    root = copy_project(tmp_path / "project")
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def paper_text():
    if not PAPER.is_file():
        pytest.skip(f"the paper's text is not at {PAPER}")
    return PAPER.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The default book, built once per test session in a project copy: (root, index.html)."""
    from govexport import pipeline
    root = copy_project(tmp_path_factory.mktemp("book") / "project")
    index = pipeline.build("default", {}, root, log=lambda *_: None)
    return root, index
