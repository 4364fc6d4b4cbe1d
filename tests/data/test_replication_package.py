"""The replication package: the README in the sections of the Social Science Data Editors' template README, with
the Data and Code Availability Standard's rules; citing the book: CITATION.cff is valid for the Citation File
Format's own validator (cffconvert, pinned in
requirements-cffconvert.lock and installed by make's set-up in its own environment), and it, LICENSE and the
package agree on the version and the licence."""

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from test_pins import pins

from govexport import __version__
from govexport.paths import project_root

ROOT = project_root(__file__)
CFFCONVERT = Path(os.environ.get("GOVEXPORT_CFFCONVERT", ROOT / ".venv/cffconvert/bin/cffconvert"))


def test_cffconvert_validates_the_citation_file():
    if not CFFCONVERT.is_file():
        pytest.fail(f"cffconvert is not installed at {CFFCONVERT}: run `make book` (its set-up installs it)")
    done = subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid" in done.stdout


def test_the_citation_names_this_version_and_the_licence_of_the_code():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__
    assert cff["license"] == "MIT" and (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    paper = cff["references"][0]
    assert (paper["journal"], paper["volume"], paper["year"]) == ("Security and Human Rights", 32, 2022)


def test_cffconvert_is_pinned_with_its_whole_tree():
    lock = pins((ROOT / "requirements-cffconvert.lock").read_text(encoding="utf-8").splitlines())
    assert lock.get("cffconvert") == "2.0.0" and "jsonschema" in lock


def test_the_bibliography_gives_the_papers_volume_and_issue():
    from pybtex.database import parse_file

    from govexport.publish.bibstyle import Style

    entry = parse_file(ROOT / "book/references.bib").entries["yau2022"]
    text = next(Style().format_entries([entry])).text.render_as("text")
    assert "Security and Human Rights, 32 (1–4), 2022" in text


# The sections of the Social Science Data Editors' template README, in its order (subsections indented).
TEMPLATE = [
    "Overview",
    "Data Availability and Provenance Statements",
    "  Statement about Rights",
    "  License for Data",
    "  Summary of Availability",
    "  Details on each Data Source",
    "Dataset list",
    "Computational requirements",
    "  Software Requirements",
    "  Memory and Runtime Requirements",
    "Description of programs/code",
    "  License for Code",
    "Instructions to Replicators",
    "List of tables and programs",
    "References",
]


def test_the_readme_has_each_section_of_the_template_readme_in_its_order():
    headings = [
        line.lstrip("#").strip().lower()
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("## ") or line.startswith("### ")
    ]
    positions = [headings.index(s.strip().lower()) if s.strip().lower() in headings else -1 for s in TEMPLATE]
    assert -1 not in positions, [s for s, p in zip(TEMPLATE, positions) if p == -1]
    top = [p for s, p in zip(TEMPLATE, positions) if not s.startswith(" ")]
    assert top == sorted(top)


def test_the_readme_says_which_rules_of_the_data_and_code_availability_standard_hold():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rules = re.findall(r"^\| (\d+) [^|]+\| (yes|no|partly|not applicable) \|", readme, flags=re.M)
    assert [int(n) for n, _ in rules] == list(range(1, 17))
