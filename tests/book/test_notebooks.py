"""The committed chapters under plain papermill and nbval: a parameter changes what a chapter says, a typo is
refused with the name it did not know, nbval catches a changed data row, and re-recording a chapter after a
commit that changes no chapter content leaves it byte-identical.

(The shape of the committed chapters, their parameters cells and outputs, is tested in
tests/unit/test_chapters.py.)"""

import re
import subprocess
import sys

import nbformat

from govexport.paths import project_root
from govexport.publish import pipeline
from govexport.report import book

ROOT = project_root(__file__)


def papermill(out, *parameters):
    args = [a for name, value in parameters for a in ("-p", name, str(value))]
    return subprocess.run(
        [sys.executable, "-m", "papermill", "notebooks/03_officials.ipynb", str(out), *args, "--log-level", "ERROR"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def total_officials(path):
    """The estimate as the chapter states it: 'The total is **1,165 officials**'."""
    nb = nbformat.read(path, as_version=4)
    text = "".join(
        o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )
    return int(re.search(r"The total is \*\*([\d,]+) officials\*\*", text).group(1).replace(",", ""))


def test_plain_papermill_from_the_root_with_a_parameter(tmp_path):
    result = papermill(tmp_path / "officials.ipynb", ("delegation_single", 10))
    assert result.returncode == 0, result.stderr[-2000:]
    # 45 single-state programs, each delegation 10 officials smaller than the paper's 20
    assert (
        total_officials(ROOT / "notebooks/03_officials.ipynb") - total_officials(tmp_path / "officials.ipynb")
        == 10 * 45
    )


def test_a_typo_under_plain_papermill_is_refused_with_the_name_it_did_not_know(tmp_path):
    result = papermill(tmp_path / "officials.ipynb", ("delegation_singel", 10))
    assert result.returncode != 0
    assert "delegation_singel" in result.stderr and "delegation_single" in result.stderr


def nbval(root, *notebooks):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rfE",  # the summary names the failures, whatever PYTEST_ADDOPTS asks for
            "-o",
            "addopts=",
            "--rootdir",
            str(root),
            *map(str, notebooks),
        ],
        cwd=root,
        capture_output=True,
        text=True,
    )


def test_a_changed_data_row_makes_nbval_fail(tmp_path, copy_project):
    root = copy_project(tmp_path / "project")
    table = root / "data/raw/table1_programs.tsv"
    text = table.read_text(encoding="utf-8")
    # One police-ministry course recorded as a commerce one: a single changed cell.
    changed = text.replace(
        "Ministry of Public Security\tTurkmen Ministry of Internal Affairs",
        "Ministry of Commerce\tTurkmen Ministry of Internal Affairs",
        1,
    )
    assert changed != text
    table.write_text(changed, encoding="utf-8")
    result = nbval(root, root / "notebooks/01_dataset.ipynb", root / "notebooks/02_domains.ipynb")
    assert result.returncode != 0, result.stdout[-2000:]
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert any("01_dataset.ipynb" in line for line in failed), result.stdout[-3000:]
    assert any("02_domains.ipynb" in line for line in failed), result.stdout[-3000:]


def test_two_commits_that_change_no_chapter_leave_a_recorded_chapter_byte_identical(tmp_path, copy_project):
    """`govexport notebooks` in a repository, before and after a commit that touches no chapter's input: the
    chapter is rewritten neither time, so its committed bytes carry no commit, time or machine. (The register
    chapter reads no parameter and runs in a second; its footer is every chapter's, run.provenance().)"""
    root = copy_project(tmp_path / "project")

    def commit(message):
        for args in (["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message]):
            subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)

    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit("chapters recorded")
    chapters = (book.chapter("10_claims_register"),)
    recorded = (root / "notebooks" / chapters[0].notebook).read_bytes()
    assert pipeline.refresh_notebooks(root, chapters, log=lambda *_: None) == []
    readme = root / "data" / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8") + "\nA line no chapter reads.\n", encoding="utf-8")
    commit("a change to no chapter")
    assert pipeline.refresh_notebooks(root, chapters, log=lambda *_: None) == []
    assert (root / "notebooks" / chapters[0].notebook).read_bytes() == recorded
