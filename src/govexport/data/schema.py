"""The data package (data/datapackage.json): field lists and constraints, checked row by row.

Besides Table Schema's constraints (required, unique, pattern, enum, maxLength) a field may carry, beside
its `constraints` (Frictionless refuses unknown constraints), `x-number-maximum`: the largest number its
text may open with ("366" for "366 days"); `x-pattern-problem`, what a value that does not match its
pattern is told (instead of "does not match ..."). A resource may carry `x-max-rows`.
"""

import json
import re
from functools import cache

from ..errors import DataError
from ..paths import project_root
from ..safeyaml import read_bytes

PACKAGE = "data/datapackage.json"


@cache
def _package(path):
    try:
        package = json.loads(read_bytes(path, PACKAGE).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(PACKAGE, f"is not valid JSON in UTF-8 ({err})") from None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise DataError(PACKAGE, "needs a list under 'resources'", column="resources")
    return package


def datapackage(root=None):
    """The parsed datapackage.json of the project."""
    return _package(str((root or project_root()) / PACKAGE))


def resource(name, root=None):
    """One resource of the data package, by name."""
    for res in datapackage(root)["resources"]:
        if isinstance(res, dict) and res.get("name") == name:
            return res
    raise DataError(PACKAGE, f"has no resource named {name!r}; the package needs it")


def field_names(name, root=None):
    return [f["name"] for f in resource(name, root)["schema"]["fields"]]


def check_header(file, header, expected):
    """The header must name exactly the schema's columns, in order."""
    if header == expected:
        return
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if len(header) == 1 and len(expected) > 1:
        raise DataError(
            file,
            f"the header has one column where {len(expected)} are expected: wrong delimiter? (expected {expected})",
            row="header",
            value=header[0],
        )
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
    limit = constraints.get("maxLength")
    if limit is not None and len(value) > limit:
        raise DataError(
            file,
            f"is {len(value):,} characters long; at most {limit:,} are accepted",
            row=row,
            column=name,
            value=value,
        )
    if value != value.strip():
        raise DataError(file, "has leading or trailing spaces", row=row, column=name, value=value)
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        problem = field.get("x-pattern-problem") or f"does not match {hint or 'pattern ' + pattern}"
        raise DataError(file, problem, row=row, column=name, value=value)
    maximum = field.get("x-number-maximum")
    number = re.match(r"[0-9]+", value) if maximum is not None else None
    if number and (len(number.group()) > len(str(maximum)) or int(number.group()) > maximum):
        raise DataError(
            file,
            f"is more than {maximum}, the largest {name} {PACKAGE} accepts "
            f"({field.get('x-maximum-reason', 'see its description')})",
            row=row,
            column=name,
            value=value,
        )
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
                    raise DataError(
                        file,
                        f"repeats row {seen[field['name']][value]}; must be unique",
                        row=number,
                        column=field["name"],
                        value=value,
                    )
                seen[field["name"]][value] = number
