"""The two kinds of error a user can cause: bad data and bad parameters."""


class GovexportError(Exception):
    """Base class: every error the user can fix themselves."""


class DataError(GovexportError):
    """A data file does not match its schema. Names file, row, column and value."""

    def __init__(self, file, problem, row=None, column=None, value=None):
        self.file, self.row, self.column, self.value, self.problem = file, row, column, value, problem
        where = [str(file)]
        if row is not None:
            where.append(row if isinstance(row, str) else f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        message = ", ".join(where)
        if value is not None:
            message += f": value {value!r}"
        super().__init__(f"{message}: {problem}")


class ParameterError(GovexportError):
    """A run parameter is unknown, of the wrong type or impossible."""
