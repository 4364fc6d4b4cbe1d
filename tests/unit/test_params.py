"""Parameters are validated before any work, with a message that lists what is valid."""

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
    assert "unknown parameter 'delegation_singel'" in message
    for name in params.DEFAULTS:
        assert name in message


@pytest.mark.parametrize("name, value, expected", [
    ("delegation_single", -5, "positive number"),
    ("delegation_single", 0, "positive number"),
    ("delegation_multi", "five", "positive number"),
    ("delegation_multi", True, "positive number"),
    ("first_year", 2019.5, "a year"),
    ("duplicates", "remove", "['keep', 'drop']"),
    ("run_name", "my run", "letters, digits"),
    ("table1", 42, "a string"),
])
def test_wrong_type_or_impossible_value(name, value, expected):
    message = refused({name: value})
    assert f"parameter {name}={value!r} is invalid" in message and expected in message


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
    assert set(data.program_states["state"]) == {"Kyrgyzstan", "Tajikistan"}


def test_cli_refuses_bad_parameter_before_writing(project, capsys):
    assert cli.main(["book", "-p", "delegation_single=-3", "--name", "bad"]) == 2
    assert "delegation_single=-3 is invalid" in capsys.readouterr().err
    assert not (project / "build").exists()


def test_cli_refuses_parameters_without_a_name(project, capsys):
    assert cli.main(["book", "-p", "delegation_single=10"]) == 2
    assert "--name" in capsys.readouterr().err


def test_cli_parses_typed_values():
    assert cli.parse_assignments(["delegation_single=10", "states=Kyrgyzstan", "delegation_multi=2.5"]) == {
        "delegation_single": 10, "states": "Kyrgyzstan", "delegation_multi": 2.5}
