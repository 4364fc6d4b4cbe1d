"""The checks and the ledger: checks only measure, verdicts follow from the register, every run gets a verdict."""

import ast
import copy
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govexport.analysis import domains
from govexport.claims import checks
from govexport.claims import ledger as claims
from govexport.claims.register import VERDICTS, load_register
from govexport.claims.verdict import testable as is_testable
from govexport.data.dataset import load_dataset
from govexport.errors import ParameterError


@pytest.fixture(scope="module")
def register():
    return load_register()


@pytest.fixture(scope="module")
def default_ledger(register):
    return claims.ledger(load_dataset({}), register=register).set_index("claim_id")


def test_ledger_columns_are_the_contract(default_ledger, register):
    assert list(default_ledger.reset_index().columns) == [
        "claim_id",
        "chapter",
        "section",
        "location",
        "kind",
        "quote",
        "paper_value",
        "value",
        "verdict",
        "evidence",
        "tally",
        "main",
        "restates",
        "tested_part",
        "reading",
        "margin",
        "by_construction",
        "reason",
        "criterion",
        "criterion_changed",
    ]
    assert len(default_ledger) == len(register) and set(default_ledger["verdict"]) <= set(VERDICTS)
    assert default_ledger["by_construction"].dtype == bool and default_ledger["main"].dtype == bool


def test_every_testable_claim_has_a_check_and_every_check_a_claim(register):
    assert all(checks.check_for(c) for c in register if is_testable(c))
    assert set(checks.CHECKS) <= {c["id"] for c in register}


def test_checks_hold_no_numbers():
    """Thresholds, windows and patterns are the register's: checks.py may use no number but 0 and 1."""
    tree = ast.parse(open(checks.__file__, encoding="utf-8").read())
    numbers = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
        and node.value not in (0, 1)
    ]
    assert numbers == []


def test_checks_hold_no_search_patterns_or_windows_of_the_register(register):
    """What a claim's `inputs` declare (patterns, topic names, windows) is read from the register, not retyped."""

    def values(value):  # the declared strings; the keys name them and are the checks' to use
        if isinstance(value, (dict, list)):
            return [s for v in (value.values() if isinstance(value, dict) else value) for s in values(v)]
        return [value] if isinstance(value, str) else []

    ids = {c["id"] for c in register}  # an input naming another claim: the checks register themselves by id
    declared = {s for c in register for s in values(c.get("inputs", {}))} - {"security"} - ids
    tree = ast.parse(open(checks.__file__, encoding="utf-8").read())
    typed = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert declared and not declared & typed


@pytest.mark.parametrize(
    "claim_id, path, new, verdict",
    [
        ("security-majority-abstract", (0, 0), 0.4, "reproduced"),  # a 'majority' of 40% would hold
        ("officials-total-1200", (0, 0), "2%", "not reproduced"),  # 1,165 is 2.9% off 1,200
        ("dozens-of-practices", (0, 0), 22, "reproduced"),  # 22 practices, briefings left out
        ("thousands-targeted", (0, 0), 1100, "reproduced"),  # the documented programs give 1,165
    ],
)
def test_verdicts_follow_the_registers_thresholds(register, claim_id, path, new, verdict):
    """The same data, a different declared threshold, a different verdict: criteria are read, not coded."""
    changed = copy.deepcopy(register)
    claim = next(c for c in changed if c["id"] == claim_id)
    condition = claim["criterion"]["readings"][path[0]]["require"][path[1]]
    condition["tolerance" if isinstance(new, str) else "value"] = new
    row = claims.ledger(load_dataset({}), register=changed).set_index("claim_id").loc[claim_id]
    assert row["verdict"] == verdict


@pytest.mark.parametrize(
    "claim_id, verdict, reading",
    [
        ("security-majority-abstract", "not reproduced", "does not hold as a majority"),
        ("security-most-extensive", "reproduced", "holds as the largest domain by programs and by estimated officials"),
        ("trend-scope-abstract", "not reproduced", "does not hold as a rapid widening"),
        ("trend-frequency-abstract", "reproduced", "holds as a rapid rise"),
        ("security-upper-echelon-and-rank-and-file", "not testable with this data", "the tables do not bear out"),
        ("combat-simulations-and-field-trips", "not testable with this data", "the tables do not bear out combat"),
        ("thousands-targeted", "not testable with this data", "the tables do not bear out the documented programs"),
        ("lectures-ccp-achievements-first", "not reproduced", "does not hold as China's achievements first"),
        ("security-topics-range", "not testable with this data", "the tables do not bear out all six topics"),
        ("dozens-of-practices", "not testable with this data", "the tables do not bear out two dozen practices"),
        ("small-fraction", "not testable with this data", "the tables do not bear out a small fraction"),
        ("uzbek-larger-than-kyrgyz", "reproduced", "holds as the Uzbek figure larger"),
        ("tech-equipment-all-security-programs", "not reproduced", "does not hold as technology or equipment among"),
        ("courses-then-specific-areas", "reproduced", "holds as an introduction on China"),
        ("lectures-achievement-examples", "not testable with this data", "the tables do not bear out all three"),
        ("general-lectures-security-tenets", "reproduced", "holds as general lectures on security management"),
        ("gknb-relationship-shaped-by-training", "not testable with this data", "the tables do not bear out"),
        ("officials-total-1200", "reproduced", "holds as roughly 1,200 (within 5%)"),
        ("security-larger-scope", "not reproduced", "does not hold"),
        ("most-programs-single-state", "reproduced", "holds as most"),
        ("table2-late-2019", "not testable with this data", "the tables do not bear out every placeable curriculum"),
        ("government-led-only", "reproduced", "holds as every listed trainer"),
        ("multi-state-small-groups", "reproduced", "holds as multi-state groups no larger"),
        ("migration-authority-named-alike", "not reproduced", "does not hold as one name"),
        ("sharing-more-security-practices", "reproduced", "holds as more security programs a year"),
        ("urumqi-five-years", "reproduced", "holds as the two years five years apart"),
    ],
)
def test_verdicts_at_the_default(default_ledger, claim_id, verdict, reading):
    row = default_ledger.loc[claim_id]
    assert row["verdict"] == verdict and row["reading"].startswith(reading)


def test_a_bound_under_the_threshold_bears_the_claim_out(register):
    changed = copy.deepcopy(register)
    claim = next(c for c in changed if c["id"] == "small-fraction")
    for condition in claim["criterion"]["readings"][0]["require"]:
        condition["value"] = 0.2  # every upper bound (18%, 8%, 16%) is under a fifth
    row = claims.ledger(load_dataset({}), register=changed).set_index("claim_id").loc["small-fraction"]
    assert row["verdict"] == "reproduced"


def test_one_reading_per_claim_no_weaker_claim_as_approximately(register):
    """The register reads each claim in the paper's words: no claim keeps a looser second reading, so
    'approximately reproduced' can only come from a declared tolerance of the paper's own words."""
    for claim in register:
        if is_testable(claim) and "same_as" not in claim:
            assert len(claim["criterion"]["readings"]) == 1, claim["id"]


def test_a_bound_that_falls_short_is_not_testable_and_says_what_it_showed(default_ledger):
    for claim_id in ("thousands-targeted", "small-fraction", "gknb-relationship-shaped-by-training"):
        row = default_ledger.loc[claim_id]
        assert row["verdict"] == "not testable with this data" and row["margin"] and row["reason"], claim_id
        assert row["tested_part"], claim_id
    assert "1,165 (needed: at least 2,000); short by 835" in default_ledger.loc["thousands-targeted", "margin"]
    assert (
        "P55 (Kyrgyz State Committee for National Security, 2019)"
        in default_ledger.loc["gknb-relationship-shaped-by-training", "reason"]
    )


def test_partial_tests_name_their_part(default_ledger, register):
    partial = {c["id"] for c in register if c.get("part")}
    assert {"tech-equipment-all-security-programs", "courses-then-specific-areas", "dozens-of-practices"} <= partial
    shown = default_ledger.loc[sorted(partial)]
    testable_here = shown[shown["verdict"] != "not testable in this run"]
    assert (testable_here["tested_part"] != "").all()
    assert (default_ledger.drop(index=sorted(partial))["tested_part"] == "").all()


def test_the_reasons_name_what_the_verdicts_rest_on(default_ledger):
    majority = default_ledger.loc["security-majority-abstract"]
    assert majority["value"] == "41% (24 of 59)"
    assert "ahead by 2 programs of trade (22): a plurality, the weaker claim" in majority["reason"]
    assert "the paper's own counts give 24 of 59 (41%)" in majority["reason"]
    assert "4 of the run's security programs" in majority["reason"] and "paper-residual" in majority["reason"]
    for program in ("P01", "P02", "P11", "P19"):
        assert program in majority["reason"]
    assert (
        "(P01, P02, P11, P19) left out, it is behind by 2 programs"
        in default_ledger.loc["security-most-extensive", "reason"]
    )
    echelons = default_ledger.loc["security-upper-echelon-and-rank-and-file", "reason"]
    assert "specific rule whose trainees name a senior rank: none" in echelons
    assert "P28 (Kazakh senior military prosecutors, coded legal)" in echelons and "rank and file" in echelons
    scope = default_ledger.loc["trend-scope-abstract", "reason"]
    assert "fell or unchanged: Central Asian states per program 3.4 → 1.51" in scope
    assert "mean_states" not in scope and "median" not in scope  # words, and the register's mean duration
    assert default_ledger.loc["trend-frequency-abstract", "reason"].startswith("programs a year, 2007–2012")
    assert (
        "not found: transnational crime, transport policing, disaster management"
        in default_ledger.loc["security-topics-range", "reason"]
    )
    assert "2018: 10 in the table of 119 reported" in default_ledger.loc["small-fraction", "reason"]
    late = default_ledger.loc["table2-late-2019", "reason"]
    assert "Anti-drug: P33 July 2018, P36 November 2018, P39 September 2018" in late


def test_margins_say_how_far_a_verdict_is_from_flipping(default_ledger):
    assert default_ledger.loc["officials-total-1200", "margin"] == (
        "estimated officials: 1,165 (needed: within 5% of 1,200); inside by 25"
    )
    assert default_ledger.loc["dozens-of-practices", "margin"] == (
        "distinct practices, briefings left out: 22 (needed: at least 24); short by 2"
    )
    assert default_ledger.loc["domain-security-24", "margin"] == (
        "programs coded in the domain: 24 (needed: exactly 24); margin 0"
    )
    assert default_ledger.loc["trend-scope-abstract", "margin"] == (
        "the share of scope measures that rose rapidly: 50% (needed: more than 50%); at the threshold, not above it"
    )
    testable_rows = default_ledger[default_ledger["verdict"].isin(VERDICTS[:3])]
    assert (testable_rows["margin"] != "").all() and (testable_rows["reading"] != "").all()


def test_criteria_read_as_sentences_in_words(default_ledger):
    frequency = default_ledger.loc["trend-frequency-abstract", "criterion"]
    assert frequency == (
        "reproduced if a rapid rise (the later half's yearly rate at least double the earlier half's, on a rising "
        "line), that is, programs a year in the later half: at least 2 × programs a year in the earlier half, and "
        "the slope of the least-squares line (programs a year, per year): more than 0; otherwise not reproduced"
    )
    for text in default_ledger["criterion"].tolist() + default_ledger["margin"].tolist():
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text  # no measure named by its identifier


def test_coded_counts_are_reproduced_by_construction_and_tallied_apart(default_ledger):
    for claim_id in ("domain-security-24", "domain-trade-22", "domain-legal-9", "domain-other-4"):
        row = default_ledger.loc[claim_id]
        assert row["by_construction"] and row["evidence"] == "by construction"
        assert row["tally"] == "reproduced by construction" and row["reading"] == "holds as the paper's count exactly"
        assert "7 of the 1,024 codings of its 6 uncertain programs" in row["reason"]
        assert "by construction" not in row["reason"] + row["reading"]  # said once, in its column
    assert default_ledger.loc["security-most-extensive", "evidence"] == "by construction"
    assert (
        "coded by the trainee-sector rule set, security is tied in programs and ahead by 5 estimated officials"
        in (default_ledger.loc["security-most-extensive", "reason"])
    )
    for claim_id in ("multi-state-small-groups", "urumqi-five-years", "domains-sum-59"):  # the paper against itself
        assert default_ledger.loc[claim_id, "evidence"] == "consistency", claim_id
        assert default_ledger.loc[claim_id, "tally"] == "reproduced, consistency check", claim_id
    assert default_ledger.loc["programs-total-abstract", "evidence"] == "independent"
    sector = claims.ledger(load_dataset({"ruleset": "trainee_sector"}), chapter="domains").set_index("claim_id")
    assert not sector["by_construction"].any()  # an independent coding is not fitted to the paper
    assert sector.loc["domain-security-24", "value"] == "21"


def test_tallies_count_distinct_claims_split_by_evidence(default_ledger):
    counts = claims.tallies(default_ledger.reset_index())
    assert list(counts.index) == list(claims.TALLIES)
    restated = (default_ledger["tally"] == "restatement").sum()
    assert restated >= 10 and counts.sum() == len(default_ledger) - restated
    assert counts["reproduced by construction"] == 6
    assert (default_ledger.loc[default_ledger["restates"] != "", "tally"] == "restatement").all()
    main = claims.tallies(default_ledger.reset_index(), main=True)
    auxiliary = claims.tallies(default_ledger.reset_index(), main=False)
    assert (main + auxiliary).equals(counts)
    assert default_ledger.loc["programs-total-intro", "main"]  # restates the abstract: a main claim


def test_the_paper_values_and_run_values_are_display_strings(default_ledger):
    assert default_ledger.loc["first-year-abstract", ["paper_value", "value"]].tolist() == ["2007", "2007"]
    assert default_ledger.loc["border-length", "paper_value"] == "3,000"
    assert default_ledger.loc["officials-total-1200", ["paper_value", "value"]].tolist() == ["1,200", "1,165"]
    assert default_ledger.loc["border-length", "value"] == ""


def test_a_tie_is_named_not_taken_for_a_lead():
    tied = domains.standing(pd.Series({"security": 2, "other": 2}))
    assert tied["largest"] and tied["tied_with"] == ["other"]
    assert tied["margin"] == 0 and tied["status"].startswith("tied for largest with other")
    single = domains.standing(pd.Series({"security": 2, "trade": 1, "legal": 1}))
    assert single["largest"] and single["tied_with"] == [] and single["margin"] == 1
    sector = claims.ledger(load_dataset({"ruleset": "trainee_sector"}), chapter="domains").set_index("claim_id")
    assert sector.loc["security-majority-abstract", "verdict"] == "not reproduced"
    assert "tied in programs of other (21)" in sector.loc["security-majority-abstract", "reason"]
    assert sector.loc["security-most-extensive", "value"] == "tied in programs"


@pytest.mark.parametrize(
    "given, not_in_run",
    [
        (
            {"domains": "security"},
            [
                "security-majority-abstract",
                "security-most-extensive",
                "security-larger-scope",
                "programs-total-abstract",
                "small-fraction",
                "gknb-relationship-shaped-by-training",
            ],
        ),
        ({"first_year": 2019}, ["trend-frequency-abstract", "trend-scope-abstract", "small-fraction"]),
        (
            {"states": "Kazakhstan"},
            [
                "small-fraction",
                "most-programs-single-state",
                "gknb-relationship-shaped-by-training",
                "domain-security-24",
            ],
        ),
        ({"domains": "trade"}, ["security-upper-echelon-and-rank-and-file", "tech-equipment-all-security-programs"]),
        ({"first_year": 2014, "last_year": 2019}, ["officials-total-1200", "thousands-targeted", "domains-sum-59"]),
        # one Kazakh program, in 2016: the earlier half (2015) is empty, and scope cannot widen from nothing
        (
            {"states": "Kazakhstan", "first_year": 2015, "last_year": 2016},
            ["trend-scope-abstract", "trend-scope-intro"],
        ),
    ],
    ids=str,
)
def test_a_run_with_nothing_to_compare_says_so(given, not_in_run):
    table = claims.ledger(load_dataset(given)).set_index("claim_id")
    for claim_id in not_in_run:
        assert table.loc[claim_id, "verdict"] == "not testable in this run", claim_id
        assert table.loc[claim_id, "reason"] and table.loc[claim_id, "margin"] == ""


NOISE = re.compile(r"\b(?:nan|NaN|inf|None)\b|0\.\d{5,}")


@pytest.mark.parametrize(
    "given",
    [
        {"first_year": 2020},
        {"first_year": 2019},
        {"last_year": 2009},
        {"states": "Turkmenistan"},
        {"domains": "other"},
        {"domains": "security"},
        {"domains": "legal", "states": "Kyrgyzstan"},
        {"ruleset": "trainee_sector", "domains": "security"},
        {"delegation_single": 0.5},
        {"duplicates": "drop"},
        {"table1": "scenarios/data/table1_extended_INVENTED_EXAMPLE.tsv"},
    ],
    ids=str,
)
def test_every_claim_gets_a_clean_verdict_under_narrow_selections(given, register):
    table = claims.ledger(load_dataset(given), register=register)
    assert len(table) == len(register) and set(table["verdict"]) <= set(VERDICTS)
    for column in ("paper_value", "value", "reading", "margin", "reason", "criterion"):
        noisy = table[table[column].str.contains(NOISE)]
        assert noisy.empty, (column, noisy[["claim_id", column]].values.tolist())


def test_smaller_delegation_moves_estimate_by_the_arithmetic(default_ledger):
    small = claims.ledger(load_dataset({"delegation_single": 10})).set_index("claim_id")
    # 45 single-state programs, each delegation 10 officials smaller.
    assert (
        small.loc["officials-total-1200", "value"] == "715"
        and default_ledger.loc["officials-total-1200", "value"] == "1,165"
    )
    assert small.loc["officials-total-1200", "verdict"] == "not reproduced"


def test_with_baseline_marks_changes(default_ledger):
    variant = claims.ledger(load_dataset({"delegation_single": 10}))
    merged = claims.with_baseline(variant, default_ledger.reset_index()).set_index("claim_id")
    assert list(merged.columns[-3:]) == ["default_value", "default_verdict", "changed"]
    assert merged.loc["officials-total-1200", ["default_value", "default_verdict"]].tolist() == [
        "1,165",
        "reproduced",
    ]
    assert merged.loc["officials-total-1200", "changed"] and not merged.loc["domain-trade-22", "changed"]
    again = claims.with_baseline(merged.reset_index(), default_ledger.reset_index())
    assert list(again.columns) == list(merged.reset_index().columns)  # applying it twice adds nothing


def test_write_csv_writes_booleans_as_yes_no(tmp_path, default_ledger):
    path = claims.write_csv(default_ledger.reset_index(), tmp_path / "out" / "claims.csv")
    back = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("claim_id")
    assert back.loc["domain-security-24", "by_construction"] == "yes"
    assert back.loc["border-length", "by_construction"] == "no"
    assert back.loc["officials-total-1200", "value"] == "1,165"


def test_verdict_counts_list_every_verdict(default_ledger):
    counts = claims.verdict_counts(default_ledger)
    assert list(counts.index) == list(VERDICTS) and counts.sum() == len(default_ledger)
    assert counts["not testable in this run"] == 0


STATES = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
SECURITY_CLAIMS = [
    "security-majority-abstract",
    "security-most-extensive",
    "security-larger-scope",
    "security-upper-echelon-and-rank-and-file",
    "tech-equipment-all-security-programs",
]


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow])
@given(
    years=st.tuples(st.integers(2005, 2021), st.integers(0, 16)),
    states=st.one_of(st.just("all"), st.lists(st.sampled_from(STATES), min_size=1, max_size=4, unique=True)),
    domains=st.one_of(
        st.just("all"),
        st.lists(st.sampled_from(["security", "trade", "legal", "other"]), min_size=1, max_size=3, unique=True),
    ),
    ruleset=st.sampled_from(["paper", "trainee_sector"]),
    duplicates=st.sampled_from(["keep", "drop"]),
    sizes=st.tuples(st.sampled_from([0.5, 1, 20, 100]), st.sampled_from([0.25, 5, 50])),
)
def test_any_valid_run_gets_a_verdict_for_every_claim_and_none_on_an_empty_comparison(
    years, states, domains, ruleset, duplicates, sizes
):
    given_params = {
        "first_year": years[0],
        "last_year": min(years[0] + years[1], 2021),
        "ruleset": ruleset,
        "duplicates": duplicates,
        "delegation_single": sizes[0],
        "delegation_multi": sizes[1],
        "states": states if states == "all" else ",".join(states),
        "domains": domains if domains == "all" else ",".join(domains),
    }
    try:
        data = load_dataset(given_params)
    except ParameterError:  # a selection of no program is refused before any check runs
        return
    table = claims.ledger(data).set_index("claim_id")
    assert set(table["verdict"]) <= set(VERDICTS)
    for column in ("value", "reading", "margin", "reason"):
        assert not table[column].str.contains(NOISE).any(), column
    if not (data.programs["domain"] == "security").any():
        assert not table.loc[SECURITY_CLAIMS, "verdict"].isin(VERDICTS[:2]).any()
