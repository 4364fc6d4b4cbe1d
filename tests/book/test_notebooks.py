"""The committed chapters under plain papermill and nbval: a parameter changes what a chapter says, a typo is
refused with the name it did not know, and nbval catches a changed data row.

(The shape of the committed chapters, their parameters cells and outputs, is tested in
tests/unit/test_chapters.py.)"""

import re
import subprocess
import sys

import nbformat

from govexport.paths import project_root

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
