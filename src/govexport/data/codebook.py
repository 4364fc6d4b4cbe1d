"""The codebook: which demonym means which state, which rule gives which domain, and what readers call each
rule set (rulesets.csv: a label and a one-line description, declared once and used on every page)."""

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..paths import display
from .read import read_table


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
    try:
        is_folder = folder.is_dir()
    except OSError:  # a name too long for the system: reported by the read below
        is_folder = True
    if not is_folder:
        problem = "is not a folder" if folder.exists() else "no such folder"
        raise DataError(
            display(folder, root), f"{problem}; the codebook is a folder with demonyms.csv and domain_rules.csv"
        )
    demonyms = read_table(folder / "demonyms.csv", "demonyms", root)
    rules_path = folder / "domain_rules.csv"
    rules = read_table(rules_path, "domain_rules", root)
    for number, pattern in enumerate(rules["pattern"], start=1):
        try:
            re.compile(pattern)
        except re.error as err:
            raise DataError(
                display(rules_path, root),
                f"is not a valid regular expression ({err})",
                row=number,
                column="pattern",
                value=pattern,
            ) from None
    names_path = folder / "rulesets.csv"  # optional: a codebook copied before it existed still loads
    names = read_table(names_path, "rulesets", root) if names_path.exists() else None
    return Codebook(demonyms=demonyms, rules=rules, names=names)


def ruleset_labels(folder, root=None):
    """{rule set: label} from a codebook folder's rulesets.csv, {} when it has none or cannot be read (for a
    banner written before the data are checked; the run itself reports a broken codebook)."""
    path = Path(folder) / "rulesets.csv"
    try:
        names = read_table(path, "rulesets", root) if path.is_file() else None
    except (DataError, OSError):
        return {}
    return {} if names is None else dict(zip(names["ruleset"], names["label"]))
