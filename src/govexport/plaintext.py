"""Text is text: the invisible characters no input may hold, and cells a spreadsheet must not run.

Unicode's control (Cc) and format (Cf) characters cannot be seen on a page: a zero-width space makes
"Ministry of Commerce" a second trainer that reads like the first, a right-to-left override reverses a
name as displayed, a NUL or BEL reaches the HTML and the CSV files. Every input refuses them (`invisible`
finds the first), except the tab and line end where the format allows them (YAML text).

A cell that opens with = + - or @ is run as a formula by a spreadsheet (OWASP's "CSV injection");
`neutralise` prefixes such a cell with an apostrophe in every CSV the build writes, numbers excepted.
"""

import unicodedata

import regex

INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = regex.compile(r"[-+]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?")


def invisible(text, allowed=""):
    """(position, character) of the first Cc or Cf character of `text` not in `allowed`, or None.

    One pass over the text: a 1 MB cell is scanned once."""
    for match in INVISIBLE.finditer(text):
        if match.group() not in allowed:
            return match.start(), match.group()
    return None


def describe(char):
    """'U+200B (ZERO WIDTH SPACE)'; a control character has no Unicode name: 'U+0007 (a control character)'."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name or 'a control character'})"


def invisible_problem(char):
    """What a refusal says about `char`."""
    return (
        f"holds the invisible character {describe(char)}; remove it (it cannot be seen on the page, "
        "and makes a name read like another)"
    )


def neutralise(value):
    """A CSV cell a spreadsheet shows as text: an apostrophe before a leading = + - @ (or tab, carriage
    return), unless the cell is a plain number such as -2 or +1.5%."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_frame(frame):
    """A copy of a DataFrame with every text cell neutralised (see `neutralise`)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or str(out[column].dtype) in ("string", "str"):
            out[column] = out[column].map(neutralise)
    return out
