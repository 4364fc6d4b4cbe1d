"""The data package passes the Frictionless validator itself, tables included: the standard's own check.

Custom properties (`x-...`) live beside `constraints`, never inside them: Frictionless refuses a constraint it
does not know for a field's type.
"""

import json

import frictionless

from govexport.paths import project_root

ROOT = project_root(__file__)
PACKAGE = ROOT / "data" / "datapackage.json"


def test_the_data_package_and_every_table_are_valid():
    report = frictionless.validate(str(PACKAGE))
    problems = [error.message for task in report.tasks for error in task.errors] + [e.message for e in report.errors]
    assert report.valid, problems
    names = {res["name"] for res in json.loads(PACKAGE.read_text(encoding="utf-8"))["resources"]}
    assert {task.name for task in report.tasks} == names


def test_no_custom_property_sits_inside_constraints():
    for res in json.loads(PACKAGE.read_text(encoding="utf-8"))["resources"]:
        for field in res.get("schema", {}).get("fields", []):
            assert not [k for k in field.get("constraints", {}) if k.startswith("x-")], (res["name"], field["name"])
