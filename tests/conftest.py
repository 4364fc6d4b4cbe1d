"""Fixtures shared by every test folder: the project root, the default dataset, project copies, built books.

A built book is expensive (the default book, the mini project's): each is built once per run of the suite, however
many pytest-xdist workers need it (`shared`), and every worker's session gets its own copy of it, so that a test
may build in its copy as before without another worker seeing it.
"""

import fcntl
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


def shared(tmp_path_factory, name, make):
    """A folder made once per run of the suite, whichever xdist worker asks first (the others wait for it):
    `make(folder)` fills it. Returns the folder, which no test may change (copy it)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the basetemp the workers share
    folder = base / f"shared-{name}"
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also when `make` fails
        if not (base / f"shared-{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt left
            make(folder)
            (base / f"shared-{name}.done").touch()
    return folder


def copy_built(source, dest):
    """A copy of a built project (build/ and its cache included) that builds on incrementally as the original."""
    return Path(shutil.copytree(source, dest, symlinks=True))


def _build_default(folder):
    from govexport.publish import pipeline

    pipeline.build("default", {}, _copy_project(folder / "project"), log=lambda *_: None)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The default book, built in a project copy and given to each test session as its own copy: (root,
    index.html). Built once per run of the suite (see `shared`)."""
    seed = shared(tmp_path_factory, "default-book", _build_default) / "project"
    root = copy_built(seed, tmp_path_factory.mktemp("book") / "project")
    return root, root / "build" / "default" / "html" / "index.html"


def _print_default(tmp_path_factory):
    def make(folder):
        from govexport.publish import pdf

        seed = shared(tmp_path_factory, "default-book", _build_default) / "project"
        pdf.build_pdf("default", copy_built(seed, folder / "project"), log=lambda *_: None)

    return make


@pytest.fixture(scope="session")
def printed_default(tmp_path_factory):
    """The default book's print edition, made once per run of the suite (see `shared`) in a copy of the built
    default book: (that copy's root, its build/default/pdf/). Read-only; the caller checks TeX is there."""
    root = shared(tmp_path_factory, "default-pdf", _print_default(tmp_path_factory)) / "project"
    return root, root / "build/default/pdf"


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
    """The mini project with the repository's data, its choices cut to their defaults: its builds compute, cache
    and ship a multiverse as the book's do, in a fraction of a second (the multiverse's own tests, and the
    book's, use the shipped choices)."""
    shutil.copytree(MINI, dest, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(ROOT / "data", dest / "data")
    _cut_choices(dest / "data" / "choices.yaml", 0)
    return dest


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory, mini_chapters):
    """The mini project with its default book built, once per run of the suite (read-only in tests): its root."""
    from govexport.publish import pipeline

    def build(folder):
        pipeline.build("default", {}, _mini(folder / "project"), chapters=mini_chapters, log=lambda *_: None)

    seed = shared(tmp_path_factory, "mini-book", build) / "project"
    return copy_built(seed, tmp_path_factory.mktemp("mini") / "project")


@pytest.fixture
def mini(tmp_path, mini_built):
    """A copy of the built mini project (build/ and its cache included) to change and build again: its root."""
    return copy_built(mini_built, tmp_path / "mini")


# How `make test` spreads the tests over pytest-xdist workers (--dist loadfile): a file's tests stay on one
# worker (its module fixtures are made once), and the browser tests of five files share one worker too, and its
# Chromium while they run in a row (tests/book/conftest.py). Files are handed out in this order, longest first, so no
# worker is left with a long one at the end: it changes how long the suite takes, never what it checks.
BROWSER = (
    "tests/book/test_browser.py",
    "tests/book/test_accessibility.py",
    "tests/book/test_hostile_content.py",
    "tests/book/test_reading.py",
    "tests/book/test_multiverse_book.py",
)
LONGEST_FIRST = (
    "tests/book/test_pdf.py",  # builds the shared default book, then the print edition
    "tests/book/test_pipeline.py",
    "browser",  # the default book's pages, axe-core, and a hostile book built and opened
    "tests/book/test_book.py",
    "tests/book/test_notebooks.py",
    "tests/unit/test_prose_properties.py",
    "tests/book/test_crash.py",
    "tests/book/test_cache.py",
)


def group_of(nodeid):
    path = nodeid.split("::", 1)[0]
    return "browser" if path in BROWSER else path


def pytest_collection_modifyitems(config, items):
    rank = {group: i for i, group in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(group_of(item.nodeid), len(rank)))  # stable: a file keeps its order


def pytest_xdist_make_scheduler(config, log):
    """--dist loadfile with the browser files as one unit. (xdist_group marks and --dist loadgroup would say the
    same, but pytest-xdist 3.8 cannot rename pytest 9's node ids, so loadgroup groups nothing.)"""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Grouped(LoadFileScheduling):
        def _split_scope(self, nodeid):
            return group_of(nodeid)

    return Grouped(config, log)
