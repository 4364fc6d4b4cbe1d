"""Reading the raw and codebook tables strictly: every problem is one DataError, raised before any output."""

import codecs
import csv
import io
import re

import pandas as pd

from .. import safeyaml
from ..errors import DataError
from ..paths import display
from . import schema

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tabs and line ends are the format's own

MAX_TABLE_BYTES = 100_000_000  # Table 1 is 5 kB; the 1000x benchmark table about 5 MB


def _decode(data, shown):
    """UTF-8 text (a leading byte-order mark dropped); DataError naming the line of the first bad bytes."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start)
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1)
        bad = data[err.start : err.end]
        raise DataError(
            shown,
            f"bytes {bad!r} at character {column + 1} are not UTF-8; save the file as UTF-8",
            row="header" if line == 0 else line,
        ) from None
    if not text.strip():
        raise DataError(shown, "the file is empty")
    return text


def _blank(cells):
    return len(cells) <= 1 and "".join(cells).strip() == ""


def _rows(text, delimiter, shown):
    """The rows of a delimited text as lists of cells; a csv problem becomes a DataError naming the row."""
    reader = csv.reader(
        io.StringIO(text), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if delimiter == "," else csv.QUOTE_NONE
    )
    rows = []
    try:
        for cells in reader:
            rows.append(cells)
    except csv.Error as err:
        problem = (
            f"has a cell longer than {csv.field_size_limit():,} characters; is this the right file?"
            if "field larger than field limit" in str(err)
            else f"cannot be read as a table ({err})"
        )
        raise DataError(shown, problem, row=len(rows) or "header") from None
    while len(rows) > 1 and _blank(rows[-1]):  # blank lines at the end of a file are harmless
        rows.pop()
    return rows


def read_table(path, resource_name, root=None):
    """A delimited table as a DataFrame of strings, validated against its resource in the data package."""
    shown = display(path, root)
    res = schema.resource(resource_name, root)
    fields = res["schema"]["fields"]
    expected = [f["name"] for f in fields]
    text = _decode(safeyaml.read_bytes(path, shown, MAX_TABLE_BYTES), shown)
    lines = _rows(text, res["dialect"]["delimiter"], shown)
    header, body = lines[0], lines[1:]
    schema.check_header(shown, header, expected)
    if not body:
        raise DataError(shown, "has a header but no rows")
    records = []
    for number, cells in enumerate(body, start=1):
        if _blank(cells):
            raise DataError(shown, "blank line inside the table (only blank lines at the end are ignored)", row=number)
        if len(cells) != len(expected):
            column = expected[len(cells)] if len(cells) < len(expected) else f"#{len(cells)} (beyond '{expected[-1]}')"
            problem = (
                f"has {len(cells)} cells where {len(expected)} are expected "
                f"({'missing' if len(cells) < len(expected) else 'extra'} cell)"
            )
            raise DataError(
                shown,
                problem,
                row=number,
                column=column,
                value=None if len(cells) < len(expected) else cells[len(expected)],
            )
        for column, cell in zip(expected, cells):
            control = CONTROL.search(cell)
            if control:  # a NUL or other control character would print as a second, look-alike name
                raise DataError(
                    shown,
                    f"holds the control character U+{ord(control.group()):04X}",
                    row=number,
                    column=column,
                    value=cell,
                )
        records.append(dict(zip(expected, cells)))
    schema.check_rows(shown, fields, records)
    return pd.DataFrame(records, columns=expected, dtype="string")


# The value types of data/datapackage.json's "x-key-types": (check, what the error message asks for).
KEY_TYPES = {
    "integer": (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
    "string": (lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string"),
    "list of strings": (
        lambda v: isinstance(v, list) and bool(v) and all(isinstance(s, str) and s.strip() for s in v),
        "a non-empty list of non-empty strings",
    ),
}


def read_table2(path, root=None):
    """Table 2 as a list of program dicts, checked for the keys and types the data package lists."""
    shown = display(path, root)
    doc = safeyaml.load(path, shown)
    res = schema.resource("table2", root)
    keys, types = res["x-keys"]["programs"], res.get("x-key-types", {})
    programs = doc.get("programs") if isinstance(doc, dict) else None
    if not isinstance(programs, list) or not programs:
        raise DataError(shown, "needs a non-empty list under 'programs'", column="programs")
    for number, program in enumerate(programs, start=1):
        if not isinstance(program, dict) or sorted(program, key=str) != sorted(keys):
            got = sorted(program, key=str) if isinstance(program, dict) else program
            raise DataError(shown, f"program needs exactly the keys {keys}", row=number, value=got)
        for key, kind in types.items():
            if kind not in KEY_TYPES:
                raise DataError(
                    schema.PACKAGE, f"type {kind!r} of table2's key {key!r} is not one of {list(KEY_TYPES)}"
                )
            ok, expected = KEY_TYPES[kind]
            if not ok(program[key]):
                raise DataError(shown, f"must be {expected}", row=number, column=key, value=program[key])
    return programs
