"""Coding Table 1: dates, durations, states, domains, duplicates — checked against counts read off the paper."""

import pytest

from govexport.data import coding
from govexport.data.dataset import load_dataset

STATE_OF = {
    "Kazakh": "Kazakhstan",
    "Kyrgyz": "Kyrgyzstan",
    "Tajik": "Tajikistan",
    "Uzbek": "Uzbekistan",
    "Turkmen": "Turkmenistan",
}


def test_parse_date_and_duration():
    assert coding.parse_date("2019 October") == (2019, 10)
    assert coding.parse_date("2007 January") == (2007, 1)
    assert coding.parse_duration("14 days") == 14
    assert coding.parse_duration("") is None


@pytest.mark.parametrize(
    "trainee, states",
    [
        ("Kyrgyz Ministry of Health", ["Kyrgyzstan"]),
        ("Kazakh, Kyrgyz and Uzbek Ministry of Finance", ["Kazakhstan", "Kyrgyzstan", "Uzbekistan"]),
        (
            "Kazakh, Kyrgyz, Turkmen, Uzbek Ministry of Transport",
            ["Kazakhstan", "Kyrgyzstan", "Turkmenistan", "Uzbekistan"],
        ),
        (
            "Kazakh, Kyrgyz, Uzbek, Tajik and Turkmen Geology and Minerals Departments",
            ["Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Tajikistan", "Turkmenistan"],
        ),
        ("Tajik Ministry of Internal Affairs", ["Tajikistan"]),
    ],
)
def test_parse_states(trainee, states):
    assert coding.parse_states(trainee, STATE_OF) == states


def test_parse_states_rejects_unknown_and_repeated():
    with pytest.raises(ValueError, match="unknown demonym 'Afghan'"):
        coding.parse_states("Afghan diplomats", STATE_OF)
    with pytest.raises(ValueError, match="twice"):
        coding.parse_states("Kazakh and Kazakh diplomats", STATE_OF)


def test_paper_ruleset_gives_the_papers_split(data):
    # The paper: 24 security, 22 trade, nine legal, four other.
    assert data.programs["domain"].value_counts().to_dict() == {"security": 24, "trade": 22, "legal": 9, "other": 4}


def test_every_program_names_the_rule_that_fired(data):
    rules = set(data.codebook.ruleset("paper")["rule_id"])
    assert set(data.programs["domain_rule"]) <= rules
    assert data.programs.set_index("program_id").loc["P53", "domain_rule"] == "paper-customs"


def test_first_matching_rule_wins(data):
    rules = data.codebook.ruleset("paper")
    # A police-ministry course for prosecutors is legal: the trainee rule comes before the trainer rule.
    assert coding.first_rule("Ministry of Public Security", "Uzbek Prosecutors", rules).domain == "legal"
    rule = coding.first_rule("Ministry of Public Security", "Uzbek Ministry of Internal Affairs", rules)
    assert rule.domain == "security"


def test_state_counts(data):
    # Read off Table 1: 45 rows name one state; the other 14 name 53 state delegations in all.
    assert int((~data.programs["multi_state"]).sum()) == 45
    assert int(data.programs["multi_state"].sum()) == 14
    assert len(data.program_states) == 45 + 53


def test_duplicate_row_is_flagged_and_can_be_dropped(data):
    assert data.programs.loc[data.programs["duplicate_of"] != "", "program_id"].tolist() == ["P02"]
    assert len(load_dataset({"duplicates": "drop"}).programs) == 58


def test_year_range_filter():
    data = load_dataset({"first_year": 2014, "last_year": 2019})
    assert data.programs["year"].between(2014, 2019).all()
    assert len(data.programs) == 59 - 2 - 1 - 1 - 1 - 1 - 1  # drops 2007 (2), 2009, 2011, 2012, 2013, 2020


def test_missing_durations_are_missing(data):
    assert data.programs["duration_days"].isna().sum() == 21
    assert data.programs.set_index("program_id").loc["P03", "duration_days"] == 20
