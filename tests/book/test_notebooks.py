"""The committed chapters: parameter cells, committed outputs, and nbval catching a changed data row."""

import ast
import subprocess
import sys

import nbformat
import pytest

from govexport.params import DEFAULTS
from govexport.paths import project_root

ROOT = project_root(__file__)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_chapters():
    assert len(NOTEBOOKS) >= 7


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_carries_exactly_the_defaults(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "one cell tagged 'parameters'"
    values = {}
    for node in ast.parse(cells[0].source).body:
        values[node.targets[0].id] = ast.literal_eval(node.value)
    assert values == DEFAULTS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_with_outputs_of_the_default_run(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "every code cell executed (run `make notebooks`)"
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)
    assert not any("injected-parameters" in c.metadata.get("tags", []) for c in nb.cells), \
        "committed notebooks hold the default run, without injected parameters"


def nbval(root, *notebooks):
    return subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-p", "no:cacheprovider", "-q",
                           "-o", "addopts=", "--rootdir", str(root), *map(str, notebooks)],
                          cwd=root, capture_output=True, text=True)


def test_a_changed_data_row_makes_nbval_fail(tmp_path, copy_project):
    root = copy_project(tmp_path / "project")
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    table = root / "data/raw/table1_programs.tsv"
    text = table.read_text(encoding="utf-8")
    # One police-ministry course recorded as a commerce one: a single changed cell.
    changed = text.replace("Ministry of Public Security\tTurkmen Ministry of Internal Affairs",
                           "Ministry of Commerce\tTurkmen Ministry of Internal Affairs", 1)
    assert changed != text
    table.write_text(changed, encoding="utf-8")
    result = nbval(root, *notebooks)
    assert result.returncode != 0, result.stdout[-2000:]
    failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
    assert any("01_dataset.ipynb" in line for line in failed) or "01_dataset" in result.stdout
    assert any("02_domains.ipynb" in line for line in failed), result.stdout[-3000:]


def glued(path):
    """The values a notebook glued, by name, as text."""
    nb = nbformat.read(path, as_version=4)
    return {o.metadata["scrapbook"]["name"]: next(iter(o.data.values()))
            for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if o.get("metadata", {}).get("scrapbook")}


def test_plain_papermill_from_the_root_with_a_parameter(tmp_path):
    out = tmp_path / "officials.ipynb"
    subprocess.run([sys.executable, "-m", "papermill", "notebooks/03_officials.ipynb", str(out),
                    "-p", "delegation_single", "10", "--log-level", "ERROR"], cwd=ROOT, check=True,
                   capture_output=True)


    default = float(glued(ROOT / "notebooks/03_officials.ipynb")["total"])
    # 45 single-state programs, each delegation 10 officials smaller than the paper's 20.
    assert default - float(glued(out)["total"]) == 10 * 45
