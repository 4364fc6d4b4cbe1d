"""The codebook: which demonym means which state, and which rule gives which domain."""

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import DataError
from ..paths import display
from .read import read_table


@dataclass(frozen=True)
class Codebook:
    demonyms: pd.DataFrame  # demonym, state, iso3
    rules: pd.DataFrame  # ruleset, rule_id, field, pattern, domain, reason

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
    return Codebook(demonyms=demonyms, rules=rules)
