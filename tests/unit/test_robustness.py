"""The robustness matrix: each testable claim's verdict under the default run, every scenario and every rule set."""

import time

import pandas as pd
import pytest

from govexport import scenarios
from govexport.claims import robustness
from govexport.claims.ledger import ledger
from govexport.claims.register import VERDICTS, load_register
from govexport.data.dataset import load_dataset


@pytest.fixture(scope="module")
def timed(root):
    start = time.perf_counter()
    table = robustness.robustness(root)
    return table, time.perf_counter() - start


def test_one_row_per_testable_claim_one_column_per_run(timed, root):
    table, _ = timed
    testable = [c["id"] for c in load_register() if isinstance(c["criterion"], dict)]
    assert table["claim_id"].tolist() == testable
    shipped = [scenarios.read_scenario(p) for p in sorted((root / "scenarios").glob("*.yaml"))]
    # a scenario on other tables (the extended table's invented rows) is no assumption about the paper's data
    names = [s["name"] for s in shipped if not {"table1", "table2"} & set(s["parameters"])]
    assert "extended-table" not in names and len(names) == len(shipped) - 1
    # the rule sets as the codebook's file lists them, less those a column already applies: 'paper' is the default
    # run, 'trainee_sector' the trainee-sector scenario (a new rule set is a new column, nothing to edit here)
    rulesets = dict.fromkeys(pd.read_csv(root / "data/codebook/domain_rules.csv", dtype=str)["ruleset"])
    assert {"paper", "trainee_sector"} <= set(rulesets)
    extra = [r for r in rulesets if r not in ("paper", "trainee_sector")]
    assert list(table.columns) == ["claim_id", "default", *names, *(f"ruleset: {r}" for r in extra)]
    parameters = [robustness._key(p) for _, p in robustness.runs(root)]
    assert len(set(parameters)) == len(parameters)  # no column repeats another's assumptions
    assert set(table.drop(columns="claim_id").to_numpy().ravel()) <= set(VERDICTS)


def test_the_columns_are_the_ledgers_of_those_runs(timed):
    table, _ = timed
    table = table.set_index("claim_id")
    default = ledger(load_dataset({})).set_index("claim_id")["verdict"]
    assert (table["default"] == default.reindex(table.index)).all()
    sector = table.loc[
        ["security-majority-abstract", "security-most-extensive", "domain-security-24"], "trainee-sector"
    ]
    assert set(sector) == {"not reproduced"}  # security ties with other at 21 programs each
    assert table.loc["programs-total-abstract", "security-only"] == "not testable in this run"
    # 30/8 per delegation: a floor of 1,774 officials, still short of thousands, cannot contradict the claim
    assert table.loc["thousands-targeted", "large-delegations"] == "not testable with this data"


def test_it_takes_seconds_not_a_notebook_run(timed):
    _, seconds = timed
    assert seconds < 15  # about 2 s on the project's 2-core machine


def test_a_new_scenario_is_a_new_column(tmp_path, copy_project):
    root = copy_project(tmp_path / "project")
    (root / "scenarios" / "zz-tiny.yaml").write_text(
        "description: One official per delegation.\nname: zz-tiny\nparameters:\n  delegation_single: 1\n"
        "  delegation_multi: 1\n",
        encoding="utf-8",
    )
    table = robustness.robustness(root).set_index("claim_id")
    assert table.loc["officials-total-1200", "zz-tiny"] == "not reproduced"
    assert table.loc["small-fraction", "zz-tiny"] == "reproduced"


def test_write_csv(tmp_path, timed):
    table, _ = timed
    path = robustness.write_csv(table, tmp_path / "build" / "robustness.csv")
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert back.equals(table.astype(str))
