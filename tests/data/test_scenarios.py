"""The shipped scenarios: well formed, documented in one line, and valid parameter sets; a bad one refused."""

import pytest

from govexport import cli, scenarios
from govexport.claims.ledger import ledger
from govexport.data.dataset import load_dataset
from govexport.errors import DataError, GovexportError
from govexport.paths import project_root

ROOT = project_root(__file__)

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_the_promised_scenarios_ship():
    names = {p.stem for p in SCENARIOS}
    assert {
        "small-delegations",
        "large-delegations",
        "no-duplicate",
        "trainee-sector",
        "security-only",
        "years-2014-2019",
        "extended-table",
    } <= names


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


GOOD = "description: Smaller delegations.\nname: small\nparameters:\n  delegation_single: 10\n"


def refused(tmp_path, text):
    """The DataError reading a scenario file with this text; it names the file, on one line."""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        scenarios.read_scenario(path)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message and len(message) < 600
    return message


def test_a_good_scenario_keeps_its_shape(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert scenarios.read_scenario(path) == {
        "description": "Smaller delegations.",
        "name": "small",
        "parameters": {"delegation_single": 10},
    }


@pytest.mark.parametrize(
    "text, expected",
    [
        ("parameters: [1, 2]\n", "exactly the keys ['description', 'name', 'parameters']"),
        ("- a\n- b\n", "exactly the keys"),
        ("", "exactly the keys"),
        ("description: x\nname: y\n", "got ['description', 'name']"),
        (GOOD + "output_dir: build/x\n", "got ['description', 'name', 'output_dir', 'parameters']"),
        (GOOD + "  output_dir: build/elsewhere\n", "parameter 'output_dir' is set by the pipeline"),
        (GOOD + "  run_name: default\n", "parameter 'run_name' is set by the pipeline"),
        (GOOD + "  delegation_singel: 30\n", "did you mean 'delegation_single'?"),
        (GOOD + "  first_year: 2019.5\n", "first_year=2019.5 is invalid"),
        (GOOD + "  delegation_multi: .nan\n", "delegation_multi=nan is invalid"),
        (GOOD.replace("delegation_single: 10", "delegation_single: 100000"), "at most 1,000"),
        (GOOD.replace("Smaller delegations.", "|\n  two\n  lines"), "column 'description'"),
        (GOOD.replace("Smaller delegations.", "x" * 201), "at most 200"),
        (GOOD.replace("Smaller delegations.", "[1]"), "must be one line of text"),
        (GOOD.replace("name: small", "name: ../../etc"), "is not a build name"),
        (GOOD.replace("name: small", "name: Small Delegations"), "is not a build name"),
        (GOOD.replace("name: small", "name: 12"), "is not a build name"),
        (GOOD.replace("name: small", "name: default"), "is reserved"),
        (GOOD.replace("parameters:\n  delegation_single: 10", "parameters: 10"), "must be a mapping"),
        (GOOD + "  delegation_single: 30\n", "line 5: repeats the key 'delegation_single'"),
        ("description: &d [x, x]\nname: *d\nparameters: {}\n", "line 1: sets the anchor &d"),
        ("description: 'open\n", "is not valid YAML"),
        ("description: x\n\tname: y\n", "line 2: is not valid YAML"),
    ],
)
def test_bad_scenario_is_refused_naming_the_file(tmp_path, text, expected):
    assert expected in refused(tmp_path, text)


def test_scenario_bomb_is_refused_quickly(tmp_path):
    lol = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
    )
    text = "description: bomb\nname: bomb\nparameters:\n" + "".join("  " + line + "\n" for line in lol.splitlines())
    assert "anchors and aliases are not accepted" in refused(tmp_path, text)


def test_huge_scenario_is_refused_before_parsing(tmp_path):
    assert "at most 100,000 are accepted" in refused(tmp_path, GOOD + "# " + "x" * 200_000 + "\n")


def test_missing_scenario_and_folder(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        scenarios.read_scenario(tmp_path / "none.yaml")
    with pytest.raises(DataError, match="is a folder, not a file"):
        scenarios.read_scenario(tmp_path)


def test_check_name_for_the_command_line():
    assert scenarios.check_name("my-run_2") == "my-run_2"
    for bad in ("", "a/b", "..", "x" * 65, "default"):
        with pytest.raises(GovexportError, match="^--name "):
            scenarios.check_name(bad)


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD + "  output_dir: build/elsewhere\n", "is set by the pipeline"),
        ("description: &d [x, x]\nname: *d\nparameters: {}\n", "anchors and aliases are not accepted"),
        ("description: 'open\n", "is not valid YAML"),
    ],
)
def test_cli_refuses_a_bad_scenario_in_one_line(project, capsys, text, expected):
    path = project / "scenarios" / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["book", "--scenario", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"govexport: error: {path}") and expected in lines[0]
    assert not (project / "build").exists()
