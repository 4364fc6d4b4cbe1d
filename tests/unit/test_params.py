"""Parameters are validated before any work, with a one-line message that says what is valid."""

import math

import numpy as np
import pytest

from govexport import cli, params
from govexport.data.dataset import load_dataset
from govexport.errors import ParameterError


def refused(given):
    with pytest.raises(ParameterError) as info:
        load_dataset(given)
    return str(info.value)


def test_defaults_are_valid():
    assert params.validate({})["delegation_single"] == 20


def test_unknown_name_lists_valid_parameters():
    message = refused({"delegation_singel": 10})
    assert "unknown parameter 'delegation_singel' (did you mean 'delegation_single'?)" in message
    assert "\n" not in message
    for name in params.DEFAULTS:
        assert name in message


def test_unknown_name_far_from_any_gets_no_guess():
    message = refused({"colour": "red"})
    assert "unknown parameter 'colour'" in message and "did you mean" not in message


def test_huge_unknown_name_is_shortened():
    message = refused({"x" * 1_000_000: 1})
    assert len(message) < 600 and "…" in message


def test_name_that_is_not_a_string():
    assert "parameter names are strings; got 3" in refused({3: "x"})


@pytest.mark.parametrize("name", params.PIPELINE_SETS)
def test_names_the_pipeline_sets_are_refused(name):
    assert name not in params.DEFAULTS and name not in params.DESCRIPTIONS
    message = refused({name: "build/x"})
    assert f"parameter {name!r} is set by the pipeline" in message


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("delegation_single", -5, "positive number"),
        ("delegation_single", 0, "positive number"),
        ("delegation_multi", "five", "positive number"),
        ("delegation_multi", True, "positive number"),
        ("delegation_single", math.nan, "positive number"),
        ("delegation_single", math.inf, "positive number"),
        ("delegation_multi", 1000.5, "at most 1,000"),
        ("delegation_single", 10**6, "at most 1,000"),
        ("first_year", 2019.5, "a year"),
        ("first_year", 2019.0, "an integer"),
        ("last_year", True, "a year"),
        ("last_year", 20019, "1949-2100"),
        ("duplicates", "remove", "['keep', 'drop']"),
        ("duplicates", ["keep"], "['keep', 'drop']"),
        ("table1", 42, "a file path"),
        ("table1", "", "a file path"),
        ("table2", "data/\x00.yaml", "a file path"),
        ("ruleset", ["paper"], "rule set"),
        ("states", 5, "comma-separated list of states"),
    ],
)
def test_wrong_type_or_impossible_value(name, value, expected):
    message = refused({name: value})
    assert f"parameter {name}={value!r} is invalid" in message and expected in message


def test_delegation_limit_is_stated_in_the_description():
    assert "at most 1,000" in params.DESCRIPTIONS["delegation_single"]
    assert params.validate({"delegation_single": 1000, "delegation_multi": 2.5})["delegation_single"] == 1000


def test_numpy_integers_are_integers():
    assert params.validate({"first_year": np.int64(2014)})["first_year"] == 2014


@pytest.mark.parametrize("name", ["duplicates", "states"])
def test_long_value_is_shortened(name):
    message = refused({name: "y" * 1_000_000})
    assert "'yyyy" in message and "…" in message and len(message) < 400


def test_empty_year_range():
    message = refused({"first_year": 2019, "last_year": 2014})
    assert "empty year range: first_year=2019 is after last_year=2014" in message


def test_unknown_state_lists_the_states():
    message = refused({"states": "Kyrgyzstan, Mongolia"})
    assert "'Mongolia'" in message and "Kazakhstan" in message and "Turkmenistan" in message


def test_unknown_ruleset_lists_the_rulesets():
    message = refused({"ruleset": "by_vibes"})
    assert "'by_vibes'" in message and "'paper'" in message and "'trainee_sector'" in message


def test_states_parameter_accepts_comma_separated_names():
    data = load_dataset({"states": "Kyrgyzstan,Tajikistan"})
    # the programs with officials of either state, each with every delegation it names (README)
    assert data.params["states"] == ["Kyrgyzstan", "Tajikistan"]
    chosen = data.programs["states"].str.split(";")
    assert chosen.apply(lambda names: bool({"Kyrgyzstan", "Tajikistan"} & set(names))).all()
    assert set(data.program_states["state"]) == {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"}


def test_cli_refuses_bad_parameter_before_writing(project, capsys):
    assert cli.main(["book", "-p", "delegation_single=-3", "--name", "bad"]) == 2
    assert "delegation_single=-3 is invalid" in capsys.readouterr().err
    assert not (project / "build").exists()


def test_cli_refuses_parameters_without_a_name(project, capsys):
    assert cli.main(["book", "-p", "delegation_single=10"]) == 2
    assert "--name" in capsys.readouterr().err


def test_cli_parses_typed_values():
    assert cli.parse_assignments(["delegation_single=10", "states=Kyrgyzstan", "delegation_multi=2.5"]) == {
        "delegation_single": 10,
        "states": "Kyrgyzstan",
        "delegation_multi": 2.5,
    }


# --- from_namespace: the gate a chapter notebook passes, with its globals() ------------------------

OFFICIALS = ("table1", "first_year", "last_year", "delegation_single", "delegation_multi")
IPYTHON = {
    "In": ["", "x = 1"],
    "Out": {1: 2},
    "get_ipython": object,
    "exit": None,
    "quit": None,
    "_": 3,
    "__name__": "__main__",
    "_i1": "x = 1",
}


def gate(namespace, reads=OFFICIALS):
    with pytest.raises(ParameterError) as info:
        params.from_namespace(namespace, reads, "03_officials")
    message = str(info.value)
    assert "\n" not in message
    return message


def test_namespace_gives_the_parameters_the_chapter_reads():
    namespace = {**IPYTHON, **params.DEFAULTS, "delegation_single": 10, "np": np, "run": object()}
    assert params.from_namespace(namespace, OFFICIALS, "03_officials") == {
        "table1": params.DEFAULTS["table1"],
        "first_year": 2007,
        "last_year": 2020,
        "delegation_single": 10,
        "delegation_multi": 5,
    }


def test_namespace_without_parameters_gives_none():
    assert params.from_namespace(dict(IPYTHON), OFFICIALS) == {}


PARAMETERS_CELL = "# Parameters: papermill and govexport set these\n"


def test_namespace_typo_is_refused_with_the_closest_name_advice_first():
    typo = {**IPYTHON, "In": ["", PARAMETERS_CELL + "delegation_singel = 10"], "delegation_singel": 10}
    message = gate(typo)
    assert message.startswith("Did you mean delegation_single? Correct 'delegation_singel' in the parameters cell")
    assert len(message) <= 160


def test_namespace_typo_fixed_and_run_again_passes_without_a_restart():
    """Jupyter: the typo's variable stays in the namespace; the parameters cell's latest run no longer assigns it."""
    inputs = [
        "",
        PARAMETERS_CELL + "delegation_singel = 10",
        "run = start()",
        PARAMETERS_CELL + "delegation_single = 10",
    ]
    namespace = {**IPYTHON, "In": inputs, "delegation_singel": 10, "delegation_single": 10}
    assert params.from_namespace(namespace, OFFICIALS, "03_officials") == {"delegation_single": 10}


def test_namespace_readers_own_variables_are_never_refused_in_jupyter():
    namespace = {**IPYTHON, "In": ["", "x = 3", PARAMETERS_CELL + "delegation_single = 20"], "x": 3, "rulset": "a"}
    assert params.from_namespace(namespace, OFFICIALS, "03_officials") == {}


def test_parameter_cell_names_reads_the_latest_run_of_each_parameters_cell():
    inputs = [PARAMETERS_CELL + "a = 1\nb = 2", "# Parameters\nc = 3", PARAMETERS_CELL + "a = 1", "d = 4", "# Param("]
    assert params.parameter_cell_names(inputs) == {"a", "c"}


def test_namespace_name_of_any_literal_type_is_checked():
    for value in ("x", 1, 2.5, True, None, [1], (1,), {"a": 1}, np.float64(2.0)):
        assert "Remove 'stray' from the parameters cell" in gate({"stray": value})


def test_namespace_parameter_the_chapter_does_not_read_is_refused_when_changed():
    message = gate({"table2": "other.yaml"})
    assert message.startswith("Set table2 back to 'data/raw/table2_curricula.yaml'")
    assert "03_officials does not read it" in message and "delegation_single" in message  # what it does read


def test_namespace_parameter_the_chapter_does_not_read_passes_at_its_default():
    namespace = {**params.DEFAULTS}
    assert "table2" not in params.from_namespace(namespace, OFFICIALS, "03_officials")
    assert params.from_namespace(namespace, (), "08_robustness") == {}


def test_namespace_chapter_that_reads_nothing_refuses_any_change():
    assert "08_robustness does not read it, so first_year=2014" in str(
        pytest.raises(ParameterError, params.from_namespace, {"first_year": 2014}, (), "08_robustness").value
    )


@pytest.mark.parametrize("name", params.PIPELINE_SETS)
def test_namespace_with_a_pipeline_name_is_refused(name):
    assert "is set by the pipeline" in gate({name: "build/x"})


def test_namespace_leaves_values_to_validate():
    """from_namespace checks names; the values go through validate, as every other door's do."""
    overrides = params.from_namespace({"delegation_single": -3}, OFFICIALS)
    with pytest.raises(ParameterError, match="delegation_single=-3 is invalid"):
        params.validate(overrides)


@pytest.mark.parametrize(
    "assignment, expected",
    [
        ("delegation_singel=10", "did you mean 'delegation_single'?"),
        ("delegation_single=.nan", "delegation_single=nan is invalid"),
        ("delegation_multi=1e9", "at most 1,000"),
        ("first_year=2007.0", "an integer"),
    ],
)
def test_cli_refuses_in_one_line(project, capsys, assignment, expected):
    assert cli.main(["book", "--name", "bad", "-p", assignment]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("govexport: error: ") and expected in lines[0]
    assert not (project / "build").exists()
