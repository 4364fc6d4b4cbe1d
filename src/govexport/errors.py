"""The errors a user can cause: bad data files and bad parameters. The CLI prints each as one line."""

import os
import re
import reprlib

SHORT = 80  # characters of a value a message shows; a 1 MB cell must not become a 1 MB message


def shorten(value, limit=SHORT):
    """repr(value) on one line, cut to `limit` characters with '…' when longer.

    A long string is cut before it is repr'd and containers are repr'd through reprlib, so shortening
    a huge value costs little.
    """
    try:
        text = repr(value[: limit + 1]) if isinstance(value, str) else _REPR.repr(value)
    except ValueError:  # an int of more digits than Python converts to text
        text = f"<{type(value).__name__} too large to show>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = SHORT


class GovexportError(Exception):
    """Base class: every error the user can fix themselves."""


class DataError(GovexportError):
    """A file a run reads does not match what is expected. Names file, row (or line), column and value."""

    def __init__(self, file, problem, row=None, column=None, value=None, field=None):
        """`column` names a table's column; `field`, for a YAML file, the path to a value ('programs → 2 → topic')."""
        self.file, self.row, self.column, self.value, self.problem = file, row, column, value, problem
        self.field = field
        shown = str(file)
        if len(shown) > 4 * SHORT or not shown.isprintable():  # a path the user typed, shown bounded on one line
            shown = shorten(shown, 4 * SHORT)
        where = [shown]
        if row is not None:
            where.append(row if isinstance(row, str) else f"row {row}")
        if column is not None:
            where.append(f"column {shorten(str(column))}")
        if field is not None:
            text = str(field)
            where.append(f"field {text if len(text) <= 2 * SHORT and text.isprintable() else shorten(text, 2 * SHORT)}")
        message = ", ".join(where)
        if value is not None:
            message += f": value {shorten(value)}"
        super().__init__(f"{message}: {problem}")


class ParameterError(GovexportError):
    """A run parameter is unknown, of the wrong type or impossible."""

    def _render_traceback_(self):
        # IPython shows what this returns instead of a traceback: in Jupyter a refusal is its one line of advice
        return [f"{type(self).__name__}: {self}"]


LONGEST = 400  # characters of a one-line message about a file operation


def os_problem(err, show=str):
    """An OSError as one line naming the path and the cause ('build/x/a.png: No space left on device').

    `show` turns a path into what the reader sees. shutil.copytree gathers the failures of every file into one
    shutil.Error (its list can run to thousands of entries): the first is named, with how many more failed.
    """
    entries = err.args[0] if err.args and isinstance(err.args[0], list) else None
    if entries is not None:  # shutil.Error: [(source, destination, "why"), ...]
        if not entries:
            return "copying failed"
        first = entries[0]
        destination, why = (first[1], first[2]) if isinstance(first, tuple) and len(first) == 3 else ("", first)
        more = (
            f" (and {len(entries) - 1:,} more {'file' if len(entries) == 2 else 'files'})" if len(entries) > 1 else ""
        )
        return _cut(f"{_shown(destination, show)}: {_cause_of(str(why))}{more}")
    cause = err.strerror or _cause_of(str(err)) or type(err).__name__
    path = err.filename if err.filename is not None else None
    return _cut(f"{_shown(path, show)}: {cause}" if path is not None else cause)


def _shown(path, show):
    try:
        return show(os.fsdecode(path))
    except (TypeError, ValueError, OSError, RuntimeError):
        return shorten(str(path), 4 * SHORT)


def _cause_of(text):
    """'[Errno 28] No space left on device: '/x'' -> 'No space left on device'."""
    match = re.match(r"\[Errno (\d+)\]", text)
    if match:
        return os.strerror(int(match.group(1)))
    return " ".join(text.split())[:LONGEST]


def _cut(text):
    text = " ".join(text.split())
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"
