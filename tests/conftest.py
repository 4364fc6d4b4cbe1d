"""Fixtures shared by every test folder: the project root, the default dataset, project copies, built books."""

import os
import shutil
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

from govexport.data.dataset import load_dataset
from govexport.paths import project_root

# The same tree passes or fails the same way on every run: Hypothesis draws its examples from a fixed
# derandomised sequence. `make deep` searches afresh and further (--hypothesis-profile=deep, with
# GOVEXPORT_PROPERTY_EXAMPLES raised for the prose test).
settings.register_profile("default", derandomize=True, deadline=None)
settings.register_profile("deep", derandomize=False, deadline=None, max_examples=200)
settings.load_profile("default")

matplotlib.use("Agg")  # figures are drawn off-screen in every test

ROOT = project_root(__file__)
# The paper's text lives beside the repository (shared/paper/), or wherever GOVEXPORT_PAPER points.
PAPER = Path(
    os.environ.get(
        "GOVEXPORT_PAPER", ROOT.parent / "shared" / "paper" / "chinese-governance-export-in-central-asia.txt"
    )
)
PROJECT_FOLDERS = ("data", "book", "notebooks", "scenarios")


def _copy_project(dest):
    """A copy of what a run reads (data, book, notebooks, scenarios), to change or build without touching the repo;
    node_modules/ (the JavaScript the book ships) is linked, not copied."""
    for folder in PROJECT_FOLDERS:
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return dest


def _cut_choices(dest, reach):
    """data/choices.yaml with each grid cut to the points within `reach` steps of its default."""
    import yaml

    doc = yaml.safe_load((ROOT / "data" / "choices.yaml").read_text(encoding="utf-8"))
    for choice in doc["choices"]:
        for alternative in choice.get("alternatives", []):
            if "grid" in alternative:
                step = alternative["grid"]["step"]
                around = {"from": choice["default"] - reach * step, "to": choice["default"] + reach * step}
                alternative["grid"] = {**around, "step": step}
    dest.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def small_choices(tmp_path_factory):
    """The shipped choices with each grid cut to three points around its default: a multiverse a tenth the size
    (for tests that compute several)."""
    return _cut_choices(tmp_path_factory.mktemp("choices") / "choices.yaml", 1)


@pytest.fixture(scope="session")
def tiny_choices(tmp_path_factory):
    """The shipped choices with each grid cut to its default: every choice but the delegation sizes varies."""
    return _cut_choices(tmp_path_factory.mktemp("choices") / "choices.yaml", 0)


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def data():
    """The default dataset: the paper's tables with the paper's parameters (read-only in tests)."""
    return load_dataset({})


@pytest.fixture(scope="session")
def copy_project():
    """Make a project copy at a given folder: copy_project(tmp_path / 'project') -> its root."""
    return _copy_project


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throw-away project copy, made the working directory."""
    root = _copy_project(tmp_path / "project")
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
    from govexport.publish import pipeline

    root = _copy_project(tmp_path_factory.mktemp("book") / "project")
    index = pipeline.build("default", {}, root, log=lambda *_: None)
    return root, index


@pytest.fixture(scope="session")
def book_html(built):
    """The default book's HTML folder (built once per session)."""
    root, _ = built
    return root / "build/default/html"


# A tiny project honouring the chapter contract (tests/book/mini/README.md), for the publish layer's tests.
MINI = Path(__file__).parent / "book" / "mini"


@pytest.fixture(scope="session")
def mini_chapters():
    from govexport.report.book import REGISTER, Chapter

    return (
        Chapter("01_alpha", "Alpha", ("delegation_single",)),
        Chapter("02_beta", "Beta", ("first_year",)),
        Chapter("03_gamma", "Gamma", (), (REGISTER,)),
    )


def _mini(dest):
    shutil.copytree(MINI, dest, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(ROOT / "data", dest / "data")
    return dest


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory, mini_chapters):
    """The mini project with its default book built once per session (read-only in tests): its root."""
    from govexport.publish import pipeline

    root = _mini(tmp_path_factory.mktemp("mini") / "project")
    pipeline.build("default", {}, root, chapters=mini_chapters, log=lambda *_: None)
    return root


@pytest.fixture
def mini(tmp_path, mini_built):
    """A copy of the built mini project (build/ and its cache included) to change and build again: its root."""
    return Path(shutil.copytree(mini_built, tmp_path / "mini", symlinks=True))
