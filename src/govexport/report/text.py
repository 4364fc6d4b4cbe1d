"""Writing prose from data: escaping, numbers, plurals and lists that stay true and safe for any run.

Every sentence whose wording depends on the data is built here or in the pages with these helpers:
- `MD` is Markdown the package wrote itself (trusted); anything else is data and is escaped, so a
  table cell holding `<script>` or a MyST role prints as text and never runs;
- numbers are formatted as the book reports them (1,165; 41%; 2007–2019), and a missing or infinite
  value is an error here rather than "nan" on a page;
- counts carry their noun in the right number ("1 program", "2 programs").
"""

import math
import re
from numbers import Number

# ASCII punctuation that Markdown, MyST (roles, targets, dollar maths, substitutions, comments) or HTML
# could read as syntax anywhere in a line. Commas, full stops, hyphens, quotes, question marks,
# semicolons and slashes are safe inside a line and stay unescaped, so the stored Markdown reads
# normally; what is special only at the start of a line (a list's "- " or "1.") is escaped there.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>&$:~^=@%])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+(?=[.)]))")


class MD(str):
    """Markdown written by the package: trusted, never escaped again. Displays as Markdown in notebooks."""

    def _repr_markdown_(self):
        return str(self)

    def __repr__(self):
        return str(self)

    def __add__(self, other):
        return MD(str(self) + str(escape(other)))

    def __radd__(self, other):
        return MD(str(escape(other)) + str(self))

    def format(self, *args, **kwargs):
        """Like str.format, with every argument that is not MD escaped."""
        return MD(str.format(self, *(escape(a) for a in args), **{k: escape(v) for k, v in kwargs.items()}))

    def join(self, items):
        return MD(str.join(self, (str(escape(i)) for i in items)))


def escape(value):
    """Data as Markdown text: punctuation escaped, line breaks folded. MD passes through; numbers format."""
    if isinstance(value, MD):
        return value
    if isinstance(value, bool):
        return MD("yes" if value else "no")
    if isinstance(value, Number):
        return number(value)
    text = re.sub(r"\s+", " ", str(value))  # a line break in data must not start a Markdown block
    text = _SPECIAL.sub(r"\\\1", text)
    match = _LINE_START.match(text)
    if match:  # a value that would open a list if it began a line: "- item", "1. item"
        lead, marker = match.groups()
        text = lead + (f"\\{marker}" if marker in "-+" else marker + "\\") + text[match.end() :]
    return MD(text)


def _finite(x):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"a missing or infinite value ({x}) cannot be written as a number; say what is missing")
    return x


def number(x, digits=0):
    """1165 -> '1,165'; 20.5 -> '20.5' (digits=1); whole numbers never carry decimals."""
    x = _finite(x)
    if digits and round(x, digits) != round(x):
        return MD(f"{x:,.{digits}f}")
    return MD(f"{round(x):,}")


def year(x):
    """A year as printed: 2019, never 2,019."""
    return MD(str(int(_finite(x))))


def percent(share, digits=0):
    """0.4068 -> '41%'."""
    return MD(f"{_finite(share) * 100:.{digits}f}%")


def signed(x, digits=2):
    """+1.15, −0.20 (a true minus sign)."""
    x = _finite(x)
    text = f"{abs(x):,.{digits}f}"
    return MD(("+" if x >= 0 else "−") + text)


def span(first, last):
    """'2007–2019', or '2019' when the span is one year."""
    return year(first) if int(first) == int(last) else MD(f"{int(first)}–{int(last)}")


def years_phrase(first, last):
    """'from 2007 to 2020', or 'in 2019' for a single year."""
    return (
        MD("in {}").format(year(first))
        if int(first) == int(last)
        else MD("from {} to {}").format(year(first), year(last))
    )


def span_of(first, last, singular, plural_form=None):
    """'10–30 officials', or '1 official' when the span is one value."""
    if float(first) == float(last):
        return plural(first, singular, plural_form, digits=1)
    return MD(f"{number(first, 1)}–{number(last, 1)} {plural_form or singular + 's'}")


def _is_one(n, digits=0):
    """Whether n is printed as 1 at this precision: the noun agrees with the number a reader sees (1.04 -> 1)."""
    return str(number(n, digits)) == "1"


def plural(n, singular, plural_form=None, digits=0):
    """'1 program', '24 programs', '0 programs'; the noun agrees with the number as printed; trusted text."""
    word = singular if _is_one(n, digits) else (plural_form or singular + "s")
    return MD(f"{number(n, digits)} {word}")


def count_word(n, singular, plural_form=None, digits=0):
    """The noun alone, in the number of n as printed."""
    return MD(singular if _is_one(n, digits) else (plural_form or singular + "s"))


def agree(n, singular_verb, plural_verb, none="none"):
    """A count as the subject of a verb: 'none names', '1 names', '3 name' (`none` may be '' for '0 name')."""
    if str(number(n)) == "0" and none:
        return MD(f"{none} {singular_verb}")
    return MD(f"{number(n)} {singular_verb if _is_one(n) else plural_verb}")


def names(items, conjunction="and", empty="none"):
    """'A', 'A and B', 'A, B and C' (each item escaped unless MD); `empty` when there are none."""
    items = [str(escape(i)) for i in items]
    if not items:
        return MD(empty)
    if len(items) == 1:
        return MD(items[0])
    return MD(", ".join(items[:-1]) + f" {conjunction} " + items[-1])


def code(text):
    """Literal text in a code span: nothing inside is read as Markdown (a backtick becomes a quote)."""
    return MD("`" + " ".join(str(text).replace("`", "'").split()) + "`")


def quote(text):
    """The paper's words in quotation marks, escaped."""
    return MD("“") + escape(text) + MD("”")


def blockquote(text):
    """The paper's words as a block quote."""
    return MD("> ") + escape(text)


def bold(text):
    return MD("**") + escape(text) + MD("**")


def italic(text):
    return MD("*") + escape(text) + MD("*")


def paragraphs(*parts):
    """Join non-empty paragraphs with a blank line."""
    return MD("\n\n".join(str(p) for p in parts if p))


def sentences(*parts):
    """Join non-empty sentences with a space."""
    return MD(" ".join(str(p) for p in parts if p))
