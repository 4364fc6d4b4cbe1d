"""The errors a user can cause: bad data files and bad parameters. The CLI prints each as one line."""

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

    def __init__(self, file, problem, row=None, column=None, value=None):
        self.file, self.row, self.column, self.value, self.problem = file, row, column, value, problem
        shown = str(file)
        if len(shown) > 4 * SHORT or not shown.isprintable():  # a path the user typed, shown bounded on one line
            shown = shorten(shown, 4 * SHORT)
        where = [shown]
        if row is not None:
            where.append(row if isinstance(row, str) else f"row {row}")
        if column is not None:
            where.append(f"column {shorten(str(column))}")
        message = ", ".join(where)
        if value is not None:
            message += f": value {shorten(value)}"
        super().__init__(f"{message}: {problem}")


class ParameterError(GovexportError):
    """A run parameter is unknown, of the wrong type or impossible."""

    def _render_traceback_(self):
        # IPython shows what this returns instead of a traceback: in Jupyter a refusal is its one line of advice
        return [f"{type(self).__name__}: {self}"]
