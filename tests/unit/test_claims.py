"""The claims register and the ledger."""

import pytest

from govexport.claims import ledger as claims
from govexport.claims.checks import CHECKS
from govexport.data.dataset import load_dataset


@pytest.fixture(scope="module")
def register():
    return claims.load_register()


@pytest.fixture(scope="module")
def default_ledger():
    return claims.ledger(load_dataset({})).set_index("claim_id")


def test_every_testable_claim_has_a_check_and_every_check_a_claim(register):
    testable = {c["id"] for c in register if c["criterion"] != "not testable"}
    assert testable == set(CHECKS)


def test_quotes_are_in_the_paper(register, paper_text):
    lines = paper_text.splitlines()
    for claim in register:
        assert any(claim["quote"] in line for line in lines), claim["id"]


def test_register_covers_the_papers_headline_numbers(register):
    values = {(c["chapter"], c["paper_value"]) for c in register}
    for expected in [("dataset", 59), ("domains", 24), ("domains", 22), ("domains", 9), ("domains", 4),
                     ("officials", 1200)]:
        assert expected in values


@pytest.mark.parametrize("criterion, paper, ours, verdict", [
    ("exact", 59, 59, "reproduced"),
    ("exact", 59, 58, "not reproduced"),
    ("tolerance: 5%", 1200, 1165, "approximately reproduced"),
    ("tolerance: 5%", 1200, 1139, "not reproduced"),
    ("tolerance: 5%", 1200, 1200, "reproduced"),
    ("tolerance: 50", 1200, 1151, "approximately reproduced"),
    ("tolerance: 50", 1200, 1149, "not reproduced"),
])
def test_verdict_rules(criterion, paper, ours, verdict):
    claim = {"id": "x", "criterion": criterion, "paper_value": paper}
    assert claims.verdict_for(claim, claims.Result(ours, "")) == verdict


def test_judgement_needs_a_verdict():
    with pytest.raises(ValueError):
        claims.verdict_for({"id": "x", "criterion": "judgement", "paper_value": "most"}, claims.Result(1, ""))


def test_default_ledger_headlines(default_ledger):
    assert default_ledger.loc["officials-total-1200", "reproduced_value"] == "1165"
    assert default_ledger.loc["officials-total-1200", "verdict"] == "approximately reproduced"
    assert default_ledger.loc["domain-security-24", "verdict"] == "reproduced"
    assert default_ledger.loc["security-larger-scope", "verdict"] == "not reproduced"


def test_smaller_delegation_moves_estimate_by_the_arithmetic(default_ledger):
    small = claims.ledger(load_dataset({"delegation_single": 10})).set_index("claim_id")
    # 45 single-state programs, each delegation 10 officials smaller.
    assert int(default_ledger.loc["officials-total-1200", "reproduced_value"]) - \
        int(small.loc["officials-total-1200", "reproduced_value"]) == 10 * 45


def test_with_baseline_marks_changes(tmp_path, default_ledger):
    base = default_ledger.reset_index()
    path = claims.write_csv(base, tmp_path / "claims.csv")
    variant = claims.ledger(load_dataset({"delegation_single": 10}))
    merged = claims.with_baseline(variant, path).set_index("claim_id")
    assert merged.loc["officials-total-1200", "default_value"] == "1165"
    assert merged.loc["officials-total-1200", "changed"]
    assert not merged.loc["domain-trade-22", "changed"]


@pytest.mark.parametrize("given", [
    {"first_year": 2020}, {"first_year": 2019}, {"last_year": 2009}, {"states": "Turkmenistan"},
    {"domains": "other"}, {"domains": "security"}, {"domains": "legal", "states": "Kyrgyzstan"},
    {"ruleset": "trainee_sector", "domains": "security"}, {"delegation_single": 0.5}, {"duplicates": "drop"},
], ids=str)
def test_ledger_has_a_verdict_for_every_claim_under_narrow_selections(given, register):
    table = claims.ledger(load_dataset(given))
    assert len(table) == len(register) and set(table["verdict"]) <= set(claims.VERDICTS)


def test_a_selection_of_no_program_is_refused():
    from govexport.errors import ParameterError
    with pytest.raises(ParameterError, match="select no program"):
        load_dataset({"first_year": 2008, "last_year": 2008})
