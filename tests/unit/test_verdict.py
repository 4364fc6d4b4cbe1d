"""The one verdict rule: readings strictest first, every op, ties, margins, and the two kinds of 'not testable'."""

import math

import numpy as np
import pytest

from govexport.claims import formatting
from govexport.claims.formatting import Measure
from govexport.claims.verdict import Result, criterion_text, judge, not_in_run


def claim(*readings, paper=None):
    """A register entry with the given readings, each a list of (measure, op, value[, tolerance]) tuples."""

    def condition(spec):
        c = {"measure": spec[0], "op": spec[1], "value": spec[2]}
        if len(spec) > 3:
            c["tolerance"] = spec[3]
        return c

    return {
        "id": "x",
        "paper_value": paper,
        "criterion": {
            "readings": [{"name": f"reading {k}", "require": [condition(s) for s in r]} for k, r in enumerate(readings)]
        },
    }


@pytest.mark.parametrize(
    "op, value, x, holds, margin",
    [
        ("==", 59, 59, True, "n: 59 (needed: exactly 59); margin 0"),
        ("==", 59, 58, False, "n: 58 (needed: exactly 59); off by 1"),
        (">=", 24, 24, True, "n: 24 (needed: at least 24); margin 0"),
        (">=", 24, 23, False, "n: 23 (needed: at least 24); short by 1"),
        (">", 12, 24, True, "n: 24 (needed: more than 12); margin 12"),
        (">", 0, 0, False, "n: 0 (needed: more than 0); at the threshold, not above it"),
        ("<=", 10, 10, True, "n: 10 (needed: at most 10); margin 0"),
        ("<=", 10, 11, False, "n: 11 (needed: at most 10); over by 1"),
        ("<", 0.25, 0.18, True, None),
        ("<", 0.25, 0.25, False, None),
        ("<", 0.1, 0.18, False, None),
    ],
)
def test_every_op(op, value, x, holds, margin):
    j = judge(claim([("n", op, value)]), Result(x, {"n": x}))
    assert j.verdict == ("reproduced" if holds else "not reproduced")
    if margin:
        assert j.margin == margin


def test_within_a_percentage_of_the_paper_value():
    c = claim([("officials", "==", "paper")], [("officials", "within", "paper", "5%")], paper=1200)
    assert judge(c, Result(1200, {"officials": 1200})).verdict == "reproduced"
    j = judge(c, Result(1165, {"officials": 1165}))
    assert j.verdict == "approximately reproduced"
    assert j.margin.startswith("officials: 1,165 (needed: within 5% of 1,200); inside by 25")
    assert "officials: 1,165 (needed: exactly 1,200); off by 35" in j.margin
    assert judge(c, Result(1140, {"officials": 1140})).verdict == "approximately reproduced"  # exactly 5% off
    j = judge(c, Result(1139, {"officials": 1139}))
    assert j.verdict == "not reproduced" and j.margin == "officials: 1,139 (needed: within 5% of 1,200); outside by 1"


def test_within_an_absolute_tolerance():
    c = claim([("n", "within", 1200, 50)])
    assert judge(c, Result(None, {"n": 1151})).verdict == "reproduced"
    assert judge(c, Result(None, {"n": 1149})).verdict == "not reproduced"


def test_the_first_reading_that_holds_decides_and_the_reading_says_which():
    majority = claim([("security_share", ">", 0.5)], [("lead", ">", 0)])
    assert judge(majority, Result(None, {"security_share": 0.6, "lead": 5})).verdict == "reproduced"
    j = judge(majority, Result(None, {"security_share": 24 / 59, "lead": 2}))
    assert (j.verdict, j.reading) == ("approximately reproduced", "holds as reading 1, not as reading 0")
    assert j.holds == (False, True)
    assert "security share: 41% (needed: more than 50%); short by 9 points" in j.margin  # shares in points
    j = judge(majority, Result(None, {"security_share": 0.3, "lead": -1}))
    assert (j.verdict, j.reading) == ("not reproduced", "holds neither as reading 0 nor as reading 1")


def test_a_tie_is_not_a_lead():
    plurality = claim([("lead", ">", 0)])
    j = judge(plurality, Result(None, {"lead": 0}))
    assert j.verdict == "not reproduced" and "at the threshold, not above it" in j.margin


def test_every_condition_of_a_reading_must_hold():
    c = claim([("a", ">", 0), ("b", ">", 0)], [("a", ">", 0)])
    assert judge(c, Result(None, {"a": 1, "b": 0})).verdict == "approximately reproduced"
    assert judge(c, Result(None, {"a": 1, "b": 1})).verdict == "reproduced"


def test_a_value_can_be_a_multiple_of_another_measure():
    rapid = claim([("late", ">=", {"measure": "early", "times": 2})], [("late", ">", {"measure": "early"})])
    assert judge(rapid, Result(None, {"late": 2.0, "early": 1.0})).verdict == "reproduced"
    j = judge(rapid, Result(None, {"late": 1.5, "early": 1.0}))
    assert j.verdict == "approximately reproduced"
    assert "late: 1.5 (needed: at least 2 × early (1)); short by 0.5" in j.margin
    assert judge(rapid, Result(None, {"late": 1.0, "early": 1.0})).verdict == "not reproduced"


def test_floating_point_noise_is_not_a_difference():
    c = claim([("share", "==", 0.3)])
    assert judge(c, Result(None, {"share": 0.1 + 0.2})).verdict == "reproduced"


def test_not_testable_with_this_data_is_declared():
    j = judge({"id": "x", "paper_value": 3000, "criterion": "not testable"}, None)
    assert (j.verdict, j.reading, j.margin) == ("not testable with this data", "", "")


def test_not_testable_in_this_run_is_the_checks_answer():
    j = judge(claim([("n", ">", 0)]), not_in_run("the run has no security program"))
    assert (j.verdict, j.reading, j.margin) == ("not testable in this run", "", "")


@pytest.mark.parametrize("undefined", [math.nan, math.inf, None])
def test_a_measure_without_a_value_is_never_judged(undefined):
    j = judge(claim([("n", ">", 0)]), Result(None, {"n": undefined}))
    assert j.verdict == "not testable in this run" and "no value for n" in j.note


def test_a_check_that_forgets_a_measure_is_a_bug():
    with pytest.raises(ValueError, match="did not measure"):
        judge(claim([("n", ">", 0)]), Result(None, {"m": 1}))


def test_criterion_text_says_what_each_verdict_requires():
    c = claim([("security_share", ">", 0.5)], [("security_lead", ">", 0)])
    assert criterion_text(c) == (
        "reproduced if reading 0, that is, security share: more than 50%; approximately reproduced "
        "if reading 1, that is, security lead: more than 0; otherwise not reproduced"
    )
    paper = claim([("officials", "within", "paper", "5%")], paper=1200)
    assert "officials: within 5% of the paper's 1,200" in criterion_text(paper)
    assert criterion_text({"criterion": "not testable"}) == "declared not testable with this data"


def test_measures_are_named_by_their_declared_labels():
    labels = {"security_share": Measure("security's share of the programs", "share")}
    c = claim([("security_share", ">", 0.5)])
    j = judge(c, Result(None, {"security_share": 24 / 59}), labels)
    assert j.margin == "security's share of the programs: 41% (needed: more than 50%); short by 9 points"
    assert criterion_text(c, labels) == (
        "reproduced if reading 0, that is, security's share of the programs: more than 50%; otherwise not reproduced"
    )
    year = {"first": Measure("the earliest year", "year")}
    assert judge(claim([("first", "==", 2007)]), Result(None, {"first": 2007}), year).margin == (
        "the earliest year: 2007 (needed: exactly 2007); margin 0"
    )


def test_a_bound_that_falls_short_is_not_testable_not_a_refutation():
    floor = claim([("officials", ">=", 2000)])
    floor["criterion"]["otherwise"] = "not testable with this data"
    j = judge(floor, Result(None, {"officials": 1165}))
    assert j.verdict == "not testable with this data" and j.bound
    assert j.reading == "the tables do not bear out reading 0, and what they give cannot contradict it"
    assert j.margin == "officials: 1,165 (needed: at least 2,000); short by 835"
    assert judge(floor, Result(None, {"officials": 2400})).verdict == "reproduced"
    assert "otherwise not testable with this data (what the tables give is a bound" in criterion_text(floor)


@pytest.mark.parametrize(
    "x, name, shown",
    [
        (24 / 59, "security_share", "41%"),
        (0.004, "x_fraction", "0.4%"),
        (2019, "last_year", "2019"),
        (1165.0, "officials", "1,165"),
        (7.571428, "late_rate", "7.57"),
        (12.25, "n", "12.2"),
        (0.8333, "n", "0.83"),
        (1.5, "n", "1.5"),
        (math.nan, "n", ""),
        (math.inf, "n", ""),
        (None, "n", ""),
        (3.0, "trainers_per_year", "3"),
    ],
)
def test_numbers_are_shown_without_float_noise(x, name, shown):
    assert formatting.number(x, name) == shown


def test_values_keep_years_as_years():
    assert formatting.value_text(2007, "year") == "2007"
    assert formatting.value_text(3000) == "3,000"
    assert formatting.value_text(1165.0) == "1,165"
    assert formatting.value_text("late 2019") == "late 2019" and formatting.value_text(None) == ""


def test_numpy_numbers_are_numbers():
    assert judge(claim([("n", ">", 0)]), Result(None, {"n": np.int64(3)})).verdict == "reproduced"
    assert judge(claim([("n", ">", 0)]), Result(None, {"n": np.float64(0.0)})).verdict == "not reproduced"
