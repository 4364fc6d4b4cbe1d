"""The officials estimate: the paper's arithmetic checked by hand against Table 1, and small synthetic cases."""

import re

import pandas as pd
import pytest

from govexport.analysis import officials
from govexport.claims import paper_context
from govexport.claims.register import paper_assumptions
from govexport.paths import project_root
from govexport.report import figures


def synthetic():
    # one single-state program (A), one two-state program (B, C)
    return pd.DataFrame(
        {
            "program_id": ["p1", "p2", "p2"],
            "state": ["A", "B", "C"],
            "year": [2014, 2015, 2015],
            "domain": ["security", "trade", "trade"],
            "multi_state": [False, True, True],
        }
    )


def test_estimate_by_hand(data):
    e = officials.estimate(data.program_states, 20, 5)
    assert (e["single_state_programs"], e["multi_state_programs"], e["multi_state_delegations"]) == (45, 14, 53)
    assert e["total"] == 45 * 20 + 53 * 5 == 1165


def test_paper_assumptions():
    assert paper_assumptions() == {"single": 20, "multi": 5, "total": 1200}


def test_marginal_effects_are_exact(data):
    ps = data.program_states
    m = officials.marginal_effects(ps)
    assert m == {"per_single": 45, "per_multi": 53}
    base = officials.estimate(ps, 20, 5)["total"]
    assert officials.estimate(ps, 21, 5)["total"] - base == m["per_single"]
    assert officials.estimate(ps, 20, 6)["total"] - base == m["per_multi"]
    assert officials.marginal_effects(synthetic()) == {"per_single": 1, "per_multi": 2}


def test_single_for_total(data):
    s = officials.single_for_total(data.program_states, 1200, 5)
    assert s == pytest.approx((1200 - 265) / 45)
    assert officials.estimate(data.program_states, s, 5)["total"] == pytest.approx(1200)
    assert officials.single_for_total(synthetic()[synthetic()["multi_state"]], 10, 5) is None


def test_grid_values():
    assert officials.grid_values(20, 5) == [10, 15, 20, 25, 30]
    assert officials.grid_values(5, 7) == [2, 3, 4, 5, 6, 7, 8]
    assert officials.grid_values(10, 5) == [6, 8, 10, 12, 14]
    assert officials.grid_values(1, 7) == [1, 2, 3, 4]  # nothing below one official
    assert 12.5 in officials.grid_values(12.5, 5)


def test_sensitivity_grid_corners(data):
    grid = officials.sensitivity_grid(data.program_states, [10, 30], [2, 8])
    assert grid.loc[10, 2] == 45 * 10 + 53 * 2 and grid.loc[30, 8] == 45 * 30 + 53 * 8


def test_uncertainty_band(data):
    band = officials.uncertainty(data.program_states, 20, 5, 0.25)
    assert band["single_range"] == (15, 25) and band["multi_range"] == (4, 6)
    assert (band["low"], band["high"]) == (45 * 15 + 53 * 4, 45 * 25 + 53 * 6)


def test_simulate_is_seeded_and_centred(data):
    a = officials.simulate(data.program_states, 20, 5, draws=2000)
    b = officials.simulate(data.program_states, 20, 5, draws=2000)
    assert a == b
    assert a["p5"] < 1165 < a["p95"]
    assert abs(a["mean"] - 1165) < 0.02 * 1165
    # more spread per delegation, wider band
    wide = officials.simulate(data.program_states, 20, 5, cv=1.0, draws=2000)
    assert wide["p95"] - wide["p5"] > a["p95"] - a["p5"]


def test_by_state_by_hand(data):
    t = officials.by_state_split(data.program_states, 20, 5).set_index("state")
    assert t["officials"].sum() == 1165
    # Uzbekistan: 12 single-state programs, and all 14 multi-state programs include it
    assert tuple(t.loc["Uzbekistan"]) == (240, 70, 310)
    assert t.index[0] == "Tajikistan" and t.loc["Tajikistan", "officials"] == 370
    simple = officials.by_state(data.program_states, 20, 5).set_index("state")["officials"]
    assert (t["officials"].sort_index() == simple.sort_index()).all()


def test_state_total_and_window(data):
    ps = data.program_states
    # Kyrgyz programs of 2013-2018: five single-state (health, economics, justice, prosecutors, governance)
    # and seven multi-state
    assert officials.state_total(ps, "Kyrgyzstan", 20, 5, (2013, 2018)) == 5 * 20 + 7 * 5
    assert officials.state_total(ps, "Kyrgyzstan", 20, 5, (2018, 2018)) == 10  # judges and drug control
    assert officials.state_total(ps[ps["state"] != "Uzbekistan"], "Uzbekistan", 20, 5) == 0.0


def test_overlap():
    assert officials.overlap((2013, 2018), 2007, 2020) == (2013, 2018)
    assert officials.overlap((2013, 2018), 2014, 2019) == (2014, 2018)
    assert officials.overlap((2013, 2018), 2019, 2020) is None


def test_kabar_headline_matches_the_reference_list():
    bib = (project_root() / "book" / "references.bib").read_text(encoding="utf-8")
    entry = bib[bib.index("@misc{kabar2018") :].split("\n}", 1)[0]
    assert re.search(rf"title\s*=\s*{{{{V etom godu {paper_context.kabar_headline()['value']} ", entry)


def test_estimate_table(data):
    t = officials.estimate_table(officials.estimate(data.program_states, 20, 5), 20, 5)
    # 45 single-state programs; the 14 multi-state programs name 53 state delegations (not 14: one per state)
    assert t["count"].tolist()[:2] == [45, 53] and pd.isna(t["count"].iloc[2])
    assert t["officials"].tolist() == [900, 265, 1165]
    table = officials.estimate_table(officials.estimate(data.program_states, 12.5, 5), 12.5, 5)
    assert table["officials"][0] == 562.5 and table["officials each"].tolist()[:2] == [12.5, 5]


def test_plot_sensitivity_frames(data):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    grid = officials.sensitivity_grid(data.program_states, [10, 15, 20], [4, 5, 6])
    fig = figures.plot_sensitivity(grid, (20, 5), (20, 5))
    assert len(fig.axes[0].patches) == 1  # the paper's cell is the run's: one frame
    plt.close(fig)
    fig = figures.plot_sensitivity(grid, (10, 4), (20, 5))
    frames = fig.axes[0].patches
    # rows are drawn largest first: (20, 5) is row 0, column 1; (10, 4) row 2, column 0
    assert sorted(p.get_xy() for p in frames) == [(0, 2), (1, 0)]
    plt.close(fig)
    fig = figures.plot_sensitivity(grid, (99, 99))
    assert not fig.axes[0].patches  # a cell outside the grid is not drawn
    plt.close(fig)
