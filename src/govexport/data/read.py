"""Reading the raw and codebook tables strictly: every problem is one DataError, raised before any output."""

import codecs
import csv
import io

import pandas as pd

from .. import safeyaml
from ..errors import DataError
from ..paths import display
from ..plaintext import invisible, invisible_problem
from . import schema

# A table's size: Table 1 is 5 kB; at its largest (x-max-rows rows of cells at their maxLength) about 11 MB.
MAX_TABLE_BYTES = 20_000_000
# The csv module's limit on a cell, set for every read (a library imported beside the package may have raised
# it for the whole process); every field's maxLength is far below it.
CSV_CELL_LIMIT = 131_072


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
    csv.field_size_limit(CSV_CELL_LIMIT)
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
    most = res.get("x-max-rows")
    if most is not None and len(body) > most:
        raise DataError(
            shown,
            f"has {len(body):,} rows; at most {most:,} are accepted (x-max-rows in {schema.PACKAGE}: the largest "
            "table the book is built from in the benchmark's time)",
            row=most + 1,
        )
    records = []
    for number, cells in enumerate(body, start=1):
        if _blank(cells):
            raise DataError(shown, "blank line inside the table (only blank lines at the end are ignored)", row=number)
        if len(cells) != len(expected):
            # the first missing column, or the first extra cell (whose value is shown)
            column = (
                expected[len(cells)]
                if len(cells) < len(expected)
                else f"#{len(expected) + 1} (beyond '{expected[-1]}')"
            )
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
            found = invisible(cell)  # a table's cell is one line of text: no tab, no line end, nothing invisible
            if found:
                raise DataError(shown, invisible_problem(found[1]), row=number, column=column, value=cell)
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
    """Table 2 as a list of program dicts, checked for the keys, types and sizes the data package lists
    (x-keys, x-key-types, x-key-max-length, x-max-list-items, x-max-programs)."""
    shown = display(path, root)
    doc = safeyaml.load(path, shown)
    res = schema.resource("table2", root)
    keys, types = res["x-keys"]["programs"], res.get("x-key-types", {})
    programs = doc.get("programs") if isinstance(doc, dict) else None
    if not isinstance(programs, list) or not programs:
        raise DataError(shown, "needs a non-empty list under 'programs'", column="programs")
    most = res.get("x-max-programs")
    if most is not None and len(programs) > most:
        raise DataError(shown, f"has {len(programs):,} programs; at most {most:,} are accepted", column="programs")
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
        check_sizes(shown, res, number, program)
    return programs


def check_sizes(shown, res, number, program):
    """A Table 2 program's texts within x-key-max-length (each item of a list too), its lists within
    x-max-list-items: every text the chapters scan is bounded."""
    for key, items in res.get("x-max-list-items", {}).items():
        value = program.get(key)
        if isinstance(value, list) and len(value) > items:
            raise DataError(shown, f"has {len(value):,} items; at most {items:,} are accepted", row=number, column=key)
    for key, limit in res.get("x-key-max-length", {}).items():
        value = program.get(key)
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and len(text) > limit:
                raise DataError(
                    shown,
                    f"is {len(text):,} characters long; at most {limit:,} are accepted",
                    row=number,
                    column=key,
                    value=text,
                )
