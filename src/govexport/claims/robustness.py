"""Robustness: every testable claim's verdict under the default run, each shipped scenario and each rule set.

One row per testable claim; columns `claim_id`, `default`, one per scenario (its `name`, in file-name
order) and one per rule set of the default codebook (`ruleset: <name>`). Computed with the package's
functions, each dataset loaded once (a scenario or rule set whose parameters equal another's reuses
its ledger), in about a second: no notebook runs.
"""

import csv
from pathlib import Path

import pandas as pd

from ..data.dataset import load_dataset
from ..params import DEFAULTS
from ..paths import project_root
from ..scenarios import read_scenario
from .ledger import ledger
from .register import load_register
from .verdict import testable

SCENARIOS = Path("scenarios")


def runs(root):
    """(column, parameters) for the default run, each scenario of scenarios/*.yaml and each rule set."""
    default = load_dataset({}, root)
    columns = [("default", {})]
    columns += [(s["name"], s["parameters"]) for s in map(read_scenario, sorted((root / SCENARIOS).glob("*.yaml")))]
    columns += [(f"ruleset: {name}", {"ruleset": name}) for name in default.codebook.rulesets]
    return columns


def robustness(root=None, register=None):
    """The verdict matrix (a DataFrame of verdict strings; see the module docstring)."""
    root = Path(root) if root else project_root()
    claims = register if register is not None else load_register(root=root)
    verdicts, seen = {}, {}
    for column, parameters in runs(root):
        key = repr(sorted({**DEFAULTS, **parameters}.items()))  # 'ruleset: paper' is the default run
        if key not in seen:
            seen[key] = ledger(load_dataset(parameters, root), register=claims).set_index("claim_id")["verdict"]
        verdicts[column] = seen[key]
    table = pd.DataFrame(verdicts).reindex([c["id"] for c in claims if testable(c)])
    return table.rename_axis("claim_id").reset_index()


def write_csv(table, path):
    """The matrix as CSV (UTF-8, '\\n' line ends); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path
