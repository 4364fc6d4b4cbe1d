"""Robustness: every testable claim's verdict under the default run, each shipped scenario and each rule set.

One row per testable claim; columns `claim_id`, `default`, one per scenario on the paper's tables (its
`name`, in file-name order) and one per rule set of the default codebook (`ruleset: <name>`) that no earlier
column already applies. A scenario that swaps the tables themselves (`table1`, `table2`: the
extended-table example's invented rows) is not an assumption about the paper's data and has no column.
Computed with the package's functions, each dataset loaded once, in about a second: no notebook runs.
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
OTHER_DATA = ("table1", "table2")  # a scenario that sets these analyses other tables, not the paper's


def on_paper_data(parameters):
    """Whether a scenario's parameters keep the paper's tables (it changes assumptions, not the data)."""
    return not any(k in parameters and parameters[k] != DEFAULTS[k] for k in OTHER_DATA)


def runs(root):
    """(column, parameters) for the default run, each scenario of scenarios/*.yaml on the paper's tables and each
    rule set that no earlier column applies with otherwise default parameters."""
    default = load_dataset({}, root)
    columns = [("default", {})]
    scenarios = map(read_scenario, sorted((root / SCENARIOS).glob("*.yaml")))
    columns += [(s["name"], s["parameters"]) for s in scenarios if on_paper_data(s["parameters"])]
    seen = {_key(p) for _, p in columns}
    columns += [
        (f"ruleset: {r}", {"ruleset": r}) for r in default.codebook.rulesets if _key({"ruleset": r}) not in seen
    ]
    return columns


def _key(parameters):
    return repr(sorted({**DEFAULTS, **parameters}.items()))


def ledger_of(parameters, root, register=None, kept=None, data=None):
    """The ledger of the run with `parameters` (whose dataset `data` is, if the caller has loaded it); `kept`
    ({run: ledger}, filled here) holds those computed already, so that pages showing several runs (the atlas and
    this matrix) compute each run once."""
    kept = {} if kept is None else kept
    key = _key(parameters)
    if key not in kept:
        kept[key] = ledger(data if data is not None else load_dataset(parameters, root), register=register)
    return kept[key]


def robustness(root=None, register=None, kept=None):
    """The verdict matrix (a DataFrame of verdict strings; see the module docstring). `kept`: see ledger_of."""
    root = Path(root) if root else project_root()
    claims = register if register is not None else load_register(root=root)
    kept = {} if kept is None else kept
    verdicts = {
        column: ledger_of(parameters, root, claims, kept).set_index("claim_id")["verdict"]
        for column, parameters in runs(root)
    }
    table = pd.DataFrame(verdicts).reindex([c["id"] for c in claims if testable(c)])
    return table.rename_axis("claim_id").reset_index()


def write_csv(table, path):
    """The matrix as CSV (UTF-8, '\\n' line ends); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path
