"""The data package (data/datapackage.json): field lists and constraints, checked row by row."""

import json
import re
from functools import cache
from pathlib import Path

from ..errors import DataError
from ..paths import project_root


@cache
def _package(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def datapackage(root=None):
    """The parsed datapackage.json of the project."""
    return _package(str((root or project_root()) / "data" / "datapackage.json"))


def resource(name, root=None):
    """One resource of the data package, by name."""
    for res in datapackage(root)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"no resource named {name!r} in data/datapackage.json")


def field_names(name, root=None):
    return [f["name"] for f in resource(name, root)["schema"]["fields"]]


def check_header(file, header, expected):
    """The header must name exactly the schema's columns, in order."""
    if header == expected:
        return
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if len(header) == 1 and len(expected) > 1:
        raise DataError(file, f"the header has one column where {len(expected)} are expected: "
                        f"wrong delimiter? (expected {expected})", row="header", value=header[0])
    if missing:
        raise DataError(file, f"missing column (expected columns {expected})", row="header", column=missing[0])
    if extra:
        raise DataError(file, f"unexpected extra column (expected columns {expected})", row="header", column=extra[0])
    raise DataError(file, f"columns out of order: expected {expected}", row="header", value="\t".join(header))


def check_value(file, row, field, value):
    """One cell against its field's constraints; raises DataError naming file, row, column and value."""
    constraints = field.get("constraints", {})
    name = field["name"]
    hint = field.get("x-format-hint")
    if value == "":
        if constraints.get("required"):
            raise DataError(file, "is required but blank", row=row, column=name, value=value)
        return
    if value != value.strip():
        raise DataError(file, "has leading or trailing spaces", row=row, column=name, value=value)
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        raise DataError(file, f"does not match {hint or 'pattern ' + pattern}", row=row, column=name, value=value)
    enum = constraints.get("enum")
    if enum and value not in enum:
        raise DataError(file, f"is not one of {enum}", row=row, column=name, value=value)


def check_rows(file, fields, rows):
    """All cells of all rows (dicts of strings, numbered from 1) against the schema, uniqueness included."""
    seen = {f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")}
    for number, record in enumerate(rows, start=1):
        for field in fields:
            value = record[field["name"]]
            check_value(file, number, field, value)
            if field["name"] in seen:
                if value in seen[field["name"]]:
                    raise DataError(file, f"repeats row {seen[field['name']][value]}; must be unique",
                                    row=number, column=field["name"], value=value)
                seen[field["name"]][value] = number
