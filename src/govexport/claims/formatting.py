"""Numbers as the ledger shows them: thousands separators, years as years, shares as percentages, no float noise.

A measure is shown by its declared kind (`Measure`, declared beside the check that measures it): a share
(41%), a year (2019, never 2,019), or an amount (1,165; 7.6). Where no kind is declared, the name says it:
a name ending in `_share` or `_fraction` is a share, a name containing `year` (not `per_year`) a year.
"""

import math
from dataclasses import dataclass

KINDS = ("share", "year", "amount")


@dataclass(frozen=True)
class Measure:
    """What a reader is told a measure is: a noun phrase ("security's share of the programs") and its kind."""

    label: str
    kind: str = "amount"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"measure kind {self.kind!r} is not one of {KINDS}")


def is_share(name):
    return name.endswith(("_share", "_fraction"))


def is_year(name):
    return "year" in name and "per_year" not in name


def kind_of(name):
    """A measure's kind: `name` is a kind itself, or a measure name whose ending says it."""
    if name in KINDS:
        return name
    return "share" if is_share(name) else "year" if is_year(name) else "amount"


def number(x, name=""):
    """A number for a reader, by the kind `name` is or its measure name says; '' for None, NaN or infinity."""
    if x is None or isinstance(x, bool):
        return "" if x is None else ("yes" if x else "no")
    x = float(x)
    if not math.isfinite(x):
        return ""
    kind = kind_of(name)
    if kind == "share":
        return percent(x)
    if kind == "year" and x.is_integer():
        return str(int(x))
    return amount(x)


def amount(x):
    """1165 -> '1,165'; 7.571 -> '7.57'; 0.8333 -> '0.83'; 12.25 -> '12.2'; never '1.0' or '0.41379...'."""
    x = float(x)
    if x.is_integer():
        return f"{int(x):,}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    text = f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"
    return text.rstrip("0").rstrip(".")


def percent(x):
    """0.4068 -> '41%'; 0.0042 -> '0.4%' (a small share is not rounded away to 0%)."""
    x = float(x)
    if x != 0 and abs(x) < 0.01:
        return f"{x:.1%}"
    return f"{x:.0%}"


def points(x):
    """A difference of shares in percentage points: 0.093 -> '9 points'; 0.004 -> '0.4 points'."""
    p = abs(float(x)) * 100
    text = f"{p:.1f}".rstrip("0").rstrip(".") if p < 1 else f"{p:.0f}"
    return f"{text} point" + ("" if text == "1" else "s")


def value_text(value, unit=None):
    """A claim's value (the paper's or a run's) as a display string; `unit` 'year' keeps 2007 as 2007."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return ""
        return number(value, "year" if unit == "year" else "")
    return str(value)


READABLE = 10**15  # a count past this is not read digit by digit


def readable(n):
    """amount(n), or 'more than 1,000,000,000,000,000' for a count too long to read."""
    return amount(n) if n < READABLE else f"more than {amount(READABLE)}"


def many(n, singular, plural=None, base=None, exponent=None):
    """counted(n, ...) for a number a reader can read; for one too long ('4 to the power 3,000 codings (a number
    of 1,807 digits)') the power it is, when `base` and `exponent` say which."""
    nouns = plural or singular + "s"
    if n < READABLE or base is None or exponent is None:
        return counted(n, singular, plural) if n < READABLE else f"{readable(n)} {nouns}"
    digits = math.floor(exponent * math.log10(base)) + 1
    return f"{amount(base)} to the power {amount(exponent)} {nouns} (a number of {amount(digits)} digits)"


def counted(n, singular, plural=None):
    """'1 program', '3 programs', '1,165 officials': a count with its noun in the right number."""
    word = singular if float(n) == 1 else (plural or singular + "s")
    return f"{amount(n)} {word}"
