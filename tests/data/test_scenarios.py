"""The shipped scenarios: well formed, documented in one line, and valid parameter sets."""


import pytest

from govexport import scenarios
from govexport.claims.ledger import ledger
from govexport.data.dataset import load_dataset
from govexport.errors import GovexportError
from govexport.paths import project_root

ROOT = project_root(__file__)

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_the_promised_scenarios_ship():
    names = {p.stem for p in SCENARIOS}
    assert {"small-delegations", "large-delegations", "no-duplicate", "trainee-sector", "security-only",
            "years-2014-2019", "extended-table"} <= names



@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_scenario_is_valid_and_runs_the_analysis(path):
    doc = scenarios.read_scenario(path)
    assert "\n" not in doc["description"].strip() and doc["name"] == path.stem
    data = load_dataset(doc["parameters"])
    table = ledger(data)
    assert table["verdict"].notna().all()


def test_scenarios_change_what_they_should():
    default = load_dataset({})
    assert len(load_dataset({"duplicates": "drop"}).programs) == len(default.programs) - 1
    security = load_dataset({"domains": "security"}).programs
    assert set(security["domain"]) == {"security"} and len(security) == 24
    extended = load_dataset(scenarios.read_scenario(ROOT / "scenarios/extended-table.yaml")["parameters"])
    invented = extended.programs[extended.programs["trainer"].str.contains("INVENTED EXAMPLE ROW")]
    assert len(extended.programs) == len(default.programs) + len(invented) and len(invented) == 3


def test_malformed_scenario_is_refused(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("parameters: [1, 2]\n", encoding="utf-8")
    with pytest.raises(GovexportError, match="exactly the keys"):
        scenarios.read_scenario(bad)
