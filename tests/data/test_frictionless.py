"""The data package passes the Frictionless validator itself, tables included: the standard's own check.

Custom properties (`x-...`) live beside `constraints`, never inside them: Frictionless refuses a constraint it
does not know for a field's type. The validator runs as its command (`frictionless validate`), in a process of
its own: importing frictionless raises the csv module's field size limit for the whole process.
"""

import json
import subprocess
import sys
from pathlib import Path

from govexport.paths import project_root

ROOT = project_root(__file__)
PACKAGE = ROOT / "data" / "datapackage.json"
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def test_the_data_package_and_every_table_are_valid():
    done = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(PACKAGE)], capture_output=True, text=True, timeout=300
    )
    report = json.loads(done.stdout)
    problems = [e["message"] for task in report["tasks"] for e in task["errors"]] + [
        e["message"] for e in report["errors"]
    ]
    assert report["valid"] and done.returncode == 0, problems
    names = {res["name"] for res in json.loads(PACKAGE.read_text(encoding="utf-8"))["resources"]}
    assert {task["name"] for task in report["tasks"]} == names
    assert all(task["valid"] for task in report["tasks"])


def test_no_custom_property_sits_inside_constraints():
    for res in json.loads(PACKAGE.read_text(encoding="utf-8"))["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            assert not [k for k in field.get("constraints", {}) if k.startswith("x-")], (res["name"], field["name"])
