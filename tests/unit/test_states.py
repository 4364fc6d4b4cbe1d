"""States and trainers: counts checked by hand against Table 1 of the paper, and small synthetic cases."""

import pandas as pd
import pytest

from govexport.analysis import participation as states
from govexport.data.dataset import load_dataset


def test_single_multi(data):
    assert states.single_multi(data.programs) == pytest.approx(
        {"programs": 59, "single_state": 45, "multi_state": 14, "share_single": 45 / 59}
    )


def test_combinations(data):
    table = states.combinations(data.programs)
    assert table["programs"].sum() == 14
    top = table.iloc[0]
    # all but Turkmenistan: 2007 diplomats (twice), 2014 and 2019 agriculture, 2016 civil servants,
    # 2018 judges, 2018 drug control, 2019 customs
    assert top["states_combined"] == "Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan" and top["programs"] == 8
    five = table[table["n_states"] == 5]
    assert len(five) == 1 and five.iloc[0]["years"] == "2009"


def test_participation_leaders_tie(data):
    part = states.participation(data.program_states)
    assert states.leaders(part, "programs") == ["Tajikistan", "Uzbekistan"]  # 26 each
    assert states.leaders(part, "single_state") == ["Tajikistan"]  # 16
    assert states.leaders(pd.DataFrame(columns=["state", "programs"]), "programs") == []


def test_state_profile_turkmenistan(data):
    p = states.state_profile(data.program_states, data.programs, "Turkmenistan")
    assert (p["programs"], p["single_state"], p["multi_state"]) == (5, 3, 2)
    assert p["years"] == [2009, 2012, 2013, 2017, 2019]
    assert p["trainers"] == ["Ministry of Commerce", "Ministry of Public Security"]
    # a selection keeps every delegation of the programs it selects (README): the two multi-state programs
    # Turkmen officials shared with Kyrgyz ones
    narrow = load_dataset({"states": "Kyrgyzstan"})
    assert states.state_profile(narrow.program_states, narrow.programs, "Turkmenistan")["programs"] == 2


def test_domain_by_state(data):
    table = states.domain_by_state(data.program_states).set_index("state")
    assert table.loc["Turkmenistan", "security"] == 1 and table.loc["Turkmenistan", "trade"] == 4
    assert table.loc["Tajikistan", "all domains"] == 26
    assert list(table.columns) == ["security", "trade", "legal", "other", "all domains"]


def test_trainer_shares(data):
    table = states.trainer_shares(data.programs)
    assert list(table["trainer"][:2]) == ["Ministry of Commerce", "Ministry of Public Security"]
    assert list(table["programs"][:2]) == [22, 20]
    assert table.loc[1, "running_share"] == pytest.approx(42 / 59)
    assert table.loc[1, "domains"] == "legal 1, security 19"


def test_domain_scope_and_leader_table(data):
    scope = states.domain_scope(data.programs, data.program_states, 20, 5)
    sec = scope.set_index("domain").loc["security"]
    # 20 single-state security programs x 20 + 16 delegations (2007 x2, 2018 drugs, 2019 customs; 4 states each) x 5
    assert sec["officials"] == 480 and sec["delegations"] == 36
    table = states.leader_table(scope, "security", ["mean_states", "trainers", "programs"]).set_index("measure")
    assert table.loc["mean_states", "status"] == "trails" and table.loc["mean_states", "best_other"] == "trade"
    assert table.loc["trainers", "status"] == "ties"  # 5 trainers each for security and legal
    assert table.loc["programs", "status"] == "leads"


def test_leader_table_absent_domain():
    scope = pd.DataFrame({"domain": ["trade", "legal"], "programs": [3, 1]})
    table = states.leader_table(scope, "security", ["programs"])
    assert table.loc[0, "status"] == "absent" and table.loc[0, "best_other"] == "trade"


def test_names():
    assert states.names([]) == "none"
    assert states.names(["Tajikistan"]) == "Tajikistan"
    assert states.names(["Tajikistan", "Uzbekistan"]) == "Tajikistan and Uzbekistan"
    assert states.names([2009, 2012, 2013]) == "2009, 2012 and 2013"


def test_trainer_by_state(data):
    table = states.trainer_by_state(data.program_states, data.programs)
    assert table.loc["Ministry of Commerce", "Tajikistan"] == 11
    assert table.loc["Ministry of Public Security", "Uzbekistan"] == 9
    assert table.loc["Ministry of Public Security", "Turkmenistan"] == 1  # the 2019 Turkmen police course
    assert list(table.index[:2]) == ["Ministry of Commerce", "Ministry of Public Security"]
    ones = [t for t, n in table["total programs"].items() if n == 1]
    assert ones == sorted(ones)  # ties in alphabetical order


def test_leader_table_security_only():
    scope = pd.DataFrame({"domain": ["security"], "programs": [24]})
    table = states.leader_table(scope, "security", ["programs"])
    assert table.loc[0, "status"] == "no other domain" and table.loc[0, "best_other"] is None
