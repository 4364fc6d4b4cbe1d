"""Trends over time: counts checked by hand against Table 1 of the paper, and small synthetic cases."""

import math

import pandas as pd
import pytest

from govexport.analysis import audit, trends
from govexport.claims import paper_context
from govexport.data.dataset import load_dataset


def test_per_year_counts_and_zero_years(data):
    yearly = trends.per_year(data.programs, 2007, 2020).set_index("year")["programs"]
    # Table 1: two 2007 rows (the repeated MFA course), nothing in 2008 or 2010, 18 rows dated 2019, one in 2020.
    assert yearly[2007] == 2 and yearly[2008] == 0 and yearly[2010] == 0
    assert yearly[2017] == 11 and yearly[2018] == 10 and yearly[2019] == 18 and yearly[2020] == 1
    assert yearly.sum() == 59


def test_partial_year(data):
    coverage = audit.last_year_coverage(data.coded)
    assert trends.partial_year(coverage, 2007, 2020) == {"year": 2020, "month_name": "January", "programs": 1}
    assert trends.partial_year(coverage, 2014, 2019) is None  # the run stops before the partial year
    assert trends.partial_year({**coverage, "last_month": 12}, 2007, 2020) is None


def test_spearman_matches_hand_values():
    assert trends.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert trends.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ranks 1,2,3,4 vs 1,3,2,4: 1 - 6*2/(4*15) = 0.8
    assert trends.spearman([1, 2, 3, 4], [5, 9, 7, 11]) == pytest.approx(0.8)
    # ties take the average rank: y ranks 1.5, 1.5, 3, 4 -> Pearson of ranks
    assert trends.spearman([1, 2, 3, 4], [0, 0, 1, 2]) == pytest.approx(0.9486833, abs=1e-6)
    assert math.isnan(trends.spearman([1, 2, 3], [5, 5, 5]))


def test_split_sensitivity_at_the_ledger_split(data):
    table = trends.split_sensitivity(data.programs, 2007, 2019).set_index("split_year")
    row = table.loc[2013]
    assert (row["programs_early"], row["programs_late"]) == (5, 53)
    assert row["per_year_early"] == pytest.approx(5 / 6) and row["per_year_late"] == pytest.approx(53 / 7)
    assert bool(row["late_total_at_least_double"])
    # with only 2018-2019 late, the late total (28) is less than double the early total (30)
    assert not bool(table.loc[2018, "late_total_at_least_double"])
    assert table.index.min() == 2009 and table.index.max() == 2018


def test_leave_one_out_slopes_synthetic():
    programs = pd.DataFrame(
        {
            "year": [2000, 2001, 2001, 2002, 2002, 2002],
            "trainer": list("abcdef"),
            "n_states": 1,
            "domain": "trade",
            "duration_days": pd.array([1] * 6, dtype="Int64"),
        }
    )
    loo = trends.leave_one_out_slopes(programs, 2000, 2002).set_index("left_out")["slope"]
    assert loo[2000] == pytest.approx(1.0) and loo[2001] == pytest.approx(1.0) and loo[2002] == pytest.approx(1.0)
    assert trends.slope([2000, 2001, 2002], [1, 2, 3]) == pytest.approx(1.0)


def test_robustness_points_up_on_complete_years(data):
    table = trends.robustness(data.programs, 2007, 2019).set_index("check")
    assert table["points_up"].all()
    assert table["value"].iloc[0] == pytest.approx(trends.frequency_test(data.programs, 2007, 2019)["slope"])
    # dropping 2019 (18 programs, the peak) flattens the slope most
    loo = trends.leave_one_out_slopes(data.programs, 2007, 2019)
    assert loo.loc[loo["slope"].idxmin(), "left_out"] == 2019


def test_scope_changes_directions(data):
    table = trends.scope_changes(data.programs, 2013, 2007, 2019, scope_measures()).set_index("measure")
    # 2007-2012: 5 programs naming 4+4+5+3+1 = 17 states; 2013-2019: 53 programs
    assert table.loc["mean_states", "early"] == pytest.approx(17 / 5)
    assert table.loc["mean_states", "direction"] == "fell"
    assert table.loc["trainers_per_year", "direction"] == "rose"
    assert table.loc["mean_duration", "early"] == pytest.approx((20 + 21 + 14) / 3)  # the three stated, 2009-2012
    assert table.loc["mean_duration", "direction"] == "fell"


def test_distinct_per_period(data):
    table = trends.distinct_per_period(data.programs, 2013, 2007, 2019).set_index("period")
    assert table.loc["2007–2012", "trainers"] == 2  # Ministry of Foreign Affairs, Ministry of Commerce
    assert table.loc["2007–2012", "programs"] == 5 and table.loc["2013–2019", "programs"] == 53
    assert table.loc["2013–2019", "domains"] == 4


def test_scope_per_year_and_durations(data):
    yearly = trends.scope_per_year(data.programs, 2007, 2020).set_index("year")
    assert yearly.loc[2019, "with_duration"] == 12 and yearly.loc[2008, "with_duration"] == 0
    assert yearly.loc[2007, "share_multi_state"] == 1.0 and math.isnan(yearly.loc[2008, "share_multi_state"])
    d = trends.durations(data.programs).set_index("domain")
    assert d.loc["security", "programs"] == 24 and d.loc["security", "without_duration"] == 8
    assert d["programs"].sum() == 59


def test_functions_survive_a_narrow_run():
    data = load_dataset({"states": "Turkmenistan", "first_year": 2014, "last_year": 2019})
    assert len(data.programs) == 2  # the 2017 transport course and the 2019 police course
    assert len(trends.split_sensitivity(data.programs, 2014, 2019)) == 3
    assert trends.durations(data.programs)["programs"].sum() == 2


def test_complete_range_and_split(data):
    assert trends.complete_range(data.coded, 2007, 2020) == (2007, 2019)
    assert trends.complete_range(data.coded, 2014, 2018) == (2014, 2018)
    assert trends.halves_split(2007, 2019) == 2013  # 2007-2012 (6 years) vs 2013-2019 (7 years)
    t = trends.frequency_test(data.programs, 2014, 2019)
    assert t["second_half"].startswith(str(trends.halves_split(2014, 2019)))


def test_trend_line(data):
    line = trends.trend_line(data.programs, 2007, 2019)
    slope = trends.frequency_test(data.programs, 2007, 2019)["slope"]
    assert line["fitted"].diff().dropna().to_numpy() == pytest.approx([slope] * 12)
    # least squares passes through the means: 58 programs over 13 years
    assert line["fitted"].mean() == pytest.approx(58 / 13)


def test_too_few_complete_years_do_not_crash(data):
    empty = trends.frequency_test(data.programs, 2020, 2019)  # a run of 2020 alone has no complete year
    assert empty["first_half"] == "–" and empty["programs_second_half"] == 0 and empty["peak_year"] is None
    early = load_dataset({"first_year": 2007, "last_year": 2008})
    table = trends.scope_changes(early.programs, 2008, 2007, 2008, scope_measures()).set_index("measure")
    assert table.loc["mean_duration", "direction"] == "no data"  # the 2007 rows state no duration
    assert table.loc["trainers_per_year", "direction"] == "fell"  # 1 trainer in 2007, none in 2008


@pytest.mark.parametrize(
    "given", [{}, {"first_year": 2014, "last_year": 2019}, {"states": "Kyrgyzstan"}, {"ruleset": "trainee_sector"}]
)
def test_scope_changes_agree_with_the_ledger(given):
    from govexport.claims.ledger import ledger

    data = load_dataset(given)
    first, last = trends.complete_range(data.coded, data.params["first_year"], data.params["last_year"])
    table = trends.scope_changes(data.programs, trends.halves_split(first, last), first, last, scope_measures())
    comparable = table[table["direction"] != "no data"]
    rapid = (comparable["direction"] == "rose") & (comparable["late"] >= 2 * comparable["early"])
    row = ledger(data, chapter="trends").set_index("claim_id").loc["trend-scope-abstract"]
    assert row["value"] == f"{rapid.sum()} of {len(comparable)} rose rapidly"


def test_the_halves_have_one_definition(data):
    """frequency_test, the ledger's checks and the chapter split the years at the same place, for odd and even
    numbers of years (an off-by-one in any one of them fails here)."""
    from govexport.claims import checks
    from govexport.report import chapter
    from govexport.report.pages import trends as page

    for first, last in ((2007, 2019), (2008, 2019), (2014, 2019), (2013, 2019)):
        given = load_dataset({"first_year": first, "last_year": last})
        split = trends.halves_split(first, last)
        assert checks.trend_halves(given) == (first, last, split)
        test = trends.frequency_test(given.programs, first, last)
        assert test["first_half"] == (str(first) if split - 1 == first else f"{first}–{split - 1}")
        years = page.Years(chapter.for_params("04_trends", {"first_year": first, "last_year": last}))
        assert (years.first_c, years.last_c, years.split) == (first, last, split)


def scope_measures():
    """The measures the register declares for the scope claims."""
    return [m["measure"] for m in paper_context.scope_measures()]
