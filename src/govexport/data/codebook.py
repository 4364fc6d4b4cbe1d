"""The codebook: which demonym means which state, which rule gives which domain, and what readers call each
rule set (rulesets.csv: a label and a one-line description, declared once and used on every page).

A rule's pattern is data, run on every trainer or trainee: it runs with the `regex` module (the syntax
of Python's `re`) under a time bound, so a pattern that backtracks catastrophically, such as `^(a|a)+$`,
stops the run with one line naming the file, row, rule and pattern instead of running for hours.
"""

import errno
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import regex

from ..errors import DataError, shorten
from ..paths import display
from .read import read_table

PATTERN_SECONDS = 2.0  # one search of one rule's pattern in one text: microseconds for a sound pattern
_ORIGIN: dict[
    str, tuple
] = {}  # pattern -> (file shown, row, rule id) of the first rule that holds it, for the error message


@dataclass(frozen=True)
class Codebook:
    demonyms: pd.DataFrame  # demonym, state, iso3
    rules: pd.DataFrame  # ruleset, rule_id, field, pattern, domain, reason
    names: pd.DataFrame | None = None  # ruleset, label, description (rulesets.csv; optional in a codebook)

    @property
    def state_of(self):
        return dict(zip(self.demonyms["demonym"], self.demonyms["state"]))

    @property
    def states(self):
        return list(self.demonyms["state"])

    @property
    def rulesets(self):
        return list(dict.fromkeys(self.rules["ruleset"]))

    def ruleset(self, name):
        """The rules of one rule set, in the order they are tried."""
        if name not in self.rulesets:
            raise KeyError(f"unknown rule set {name!r}; the codebook has {self.rulesets}")
        return self.rules[self.rules["ruleset"] == name].reset_index(drop=True)

    def _named(self, name, column):
        if self.names is None:
            return None
        match = self.names.loc[self.names["ruleset"] == name, column]
        return str(match.iloc[0]) if len(match) else None

    def label(self, name):
        """What readers call a rule set ('paper-fitted'); a rule set rulesets.csv does not name is called by its
        name, its underscores as spaces ('group a')."""
        return self._named(name, "label") or name.replace("_", " ")

    def description(self, name):
        """A rule set's one-line description, or '' when rulesets.csv has none."""
        return self._named(name, "description") or ""


def load_codebook(folder, root=None):
    """Read and validate demonyms.csv and domain_rules.csv from a codebook folder."""
    problem = None
    try:
        if not stat.S_ISDIR(os.stat(folder).st_mode):
            problem = "is not a folder"
    except FileNotFoundError:
        problem = "no such folder"
    except OSError as err:
        if err.errno == errno.ELOOP:
            problem = "is a symbolic link that loops (Too many levels of symbolic links)"
        elif err.errno != errno.ENAMETOOLONG:  # a name too long for the system: reported by the read below
            problem = f"cannot be read ({err.strerror or err})"
    except ValueError:  # a NUL character in the name
        problem = "is not a valid folder name"
    if problem:
        raise DataError(
            display(folder, root), f"{problem}; the codebook is a folder with demonyms.csv and domain_rules.csv"
        )
    demonyms = read_table(folder / "demonyms.csv", "demonyms", root)
    rules_path = folder / "domain_rules.csv"
    rules = read_table(rules_path, "domain_rules", root)
    shown = display(rules_path, root)
    for number, (rule_id, pattern) in enumerate(zip(rules["rule_id"], rules["pattern"]), start=1):
        try:
            re.compile(pattern)  # the documented syntax is Python's
            compiled(pattern)
        except (re.error, regex.error) as err:
            raise DataError(
                shown, f"is not a valid regular expression ({err})", row=number, column="pattern", value=pattern
            ) from None
        _ORIGIN.setdefault(pattern, (shown, number, rule_id))
    names_path = folder / "rulesets.csv"  # optional: a codebook copied before it existed still loads
    names = read_table(names_path, "rulesets", root) if names_path.exists() else None
    return Codebook(demonyms=demonyms, rules=rules, names=names)


@lru_cache(maxsize=1024)
def compiled(pattern):
    return regex.compile(pattern, regex.IGNORECASE | regex.V0)


def search(pattern, text):
    """A rule's pattern searched in `text`, case-insensitively, as `re.search` would; a DataError naming the
    rule's file, row, id and pattern when one search runs longer than PATTERN_SECONDS."""
    try:
        return compiled(pattern).search(text, timeout=PATTERN_SECONDS)
    except TimeoutError:
        file, row, rule_id = _ORIGIN.get(pattern, ("the codebook's domain_rules.csv", None, "?"))
        raise DataError(
            file,
            f"rule {rule_id}: its pattern ran more than {PATTERN_SECONDS:g} s on {shorten(text, 40)} without "
            "finishing (catastrophic backtracking, as in (a|a)+ or (a+)+); rewrite it",
            row=row,
            column="pattern",
            value=pattern,
        ) from None
