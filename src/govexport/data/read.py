"""Reading the raw and codebook tables strictly: every problem is one DataError, raised before any output."""

import csv
import io

import pandas as pd
import yaml

from ..errors import DataError
from ..paths import display
from . import schema


def _decode(path, shown):
    data = path.read_bytes()
    if not data.strip():
        raise DataError(shown, "the file is empty")
    for number, line in enumerate(data.split(b"\n")):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = line[err.start:err.end]
            raise DataError(shown, f"bytes {bad!r} at character {err.start + 1} are not UTF-8; save the file as UTF-8",
                            row="header" if number == 0 else number) from None
    return data.decode("utf-8-sig")


def read_table(path, resource_name, root=None):
    """A delimited table as a DataFrame of strings, validated against its resource in the data package."""
    shown = display(path, root)
    if not path.is_file():
        raise DataError(shown, "no such file")
    res = schema.resource(resource_name, root)
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    text = _decode(path, shown)
    reader = csv.reader(io.StringIO(text), delimiter=res["dialect"]["delimiter"], quoting=csv.QUOTE_MINIMAL
                        if res["dialect"]["delimiter"] == "," else csv.QUOTE_NONE)
    lines = [r for r in reader]
    header, body = lines[0], lines[1:]
    schema.check_header(shown, header, expected)
    records = []
    for number, cells in enumerate(body, start=1):
        if cells == [] or cells == [""]:
            raise DataError(shown, "blank line inside the table", row=number)
        if len(cells) != len(expected):
            column = expected[len(cells)] if len(cells) < len(expected) else f"#{len(cells)} (beyond '{expected[-1]}')"
            problem = (f"has {len(cells)} cells where {len(expected)} are expected "
                       f"({'missing' if len(cells) < len(expected) else 'extra'} cell)")
            raise DataError(shown, problem, row=number, column=column,
                            value=None if len(cells) < len(expected) else cells[len(expected)])
        records.append(dict(zip(expected, cells)))
    schema.check_rows(shown, fields, records)
    return pd.DataFrame(records, columns=expected, dtype="string")


def read_table2(path, root=None):
    """Table 2 as a list of program dicts, checked for the keys the data package lists."""
    shown = display(path, root)
    if not path.is_file():
        raise DataError(shown, "no such file")
    text = _decode(path, shown)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise DataError(shown, f"is not valid YAML: {err}") from None
    keys = schema.resource("table2", root)["x-keys"]["programs"]
    programs = doc.get("programs") if isinstance(doc, dict) else None
    if not isinstance(programs, list) or not programs:
        raise DataError(shown, "needs a non-empty list under 'programs'", column="programs")
    for number, program in enumerate(programs, start=1):
        if not isinstance(program, dict) or sorted(program) != sorted(keys):
            got = sorted(program) if isinstance(program, dict) else program
            raise DataError(shown, f"program needs exactly the keys {keys}", row=number, value=got)
        visits = program["field_visits"]
        if not isinstance(visits, list) or not all(isinstance(v, str) and v.strip() for v in visits):
            raise DataError(shown, "must be a list of non-empty strings", row=number, column="field_visits",
                            value=visits)
    return programs
