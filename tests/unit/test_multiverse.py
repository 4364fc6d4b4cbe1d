"""The multiverse: choices validated against the register, the default specification is the ledger, every
specification agrees with a ledger computed on its own, grades and flips follow from the table."""

import copy
import itertools
import json

import numpy as np
import pandas as pd
import pytest
import yaml

from govexport.claims import multiverse as mv
from govexport.claims.choices import load_choices, threshold_field, with_threshold
from govexport.claims.ledger import ledger
from govexport.claims.register import VERDICTS, load_register
from govexport.data.dataset import load_dataset
from govexport.errors import DataError


@pytest.fixture(scope="module")
def register():
    return load_register()


@pytest.fixture(scope="module")
def small(root, small_choices):
    return small_choices, mv.compute({}, root, choices_path=small_choices)


def test_the_shipped_choices_fit_the_register(register, root):
    choices, grades = load_choices(register, root=root)
    assert {c.kind for c in choices} == {"coding", "parameter", "input", "subset", "threshold"}
    for choice in choices:
        assert choice.label.strip()
        assert all(a.reason.strip() for a in choice.alternatives)
        for ref in choice.refs:  # a threshold's default is the register's value at every reference
            claim = next(c for c in register if c["id"] == ref["claim"])
            assert threshold_field(claim, ref)[1] == choice.alternatives[choice.default].value
    assert [g.name for g in grades][0] == "robust" and grades[-1].admits(0.0)


def _write(doc, tmp_path):
    path = tmp_path / "choices.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, named",
    [
        (
            lambda r: r["trend-frequency-abstract"]["criterion"]["readings"][0]["require"][0]["value"].update(times=3),
            "rapidly",
        ),
        (lambda r: r["first-year-abstract"]["criterion"]["readings"][0].update(name="another reading"), None),
        (lambda r: r["thousands-targeted"]["criterion"]["readings"].pop(), "thousands"),
        (lambda r: r.pop("dozens-of-practices"), "dozens"),
    ],
)
def test_a_stale_reference_fails_naming_the_choice(register, root, change, named):
    changed = copy.deepcopy(register)
    claims = {c["id"]: c for c in changed}
    change(claims)
    changed = list(claims.values())
    if named is None:  # removing a reading the choices do not name is no problem
        load_choices(changed, root=root)
        return
    with pytest.raises(DataError, match=rf"data/choices.yaml, choice \d+ \({named}\)"):
        load_choices(changed, root=root)


def test_choices_that_do_not_fit_are_refused(register, root, tmp_path):
    doc = yaml.safe_load((root / "data" / "choices.yaml").read_text(encoding="utf-8"))
    cases = [
        ("delegation_single", "default", 25, "paper_value"),
        ("scope_over_time", "alternatives", [{"keep": ["mean_states", "nonsense"], "reason": "x"}], "does not declare"),
        ("halves", "default", "ceil", "by default"),
        ("most", "alternatives", [{"value": 0.5}], "reason"),
        ("roughly", "alternatives", [{"value": 0.05, "reason": "a number for a tolerance"}], "does not fit"),
    ]
    for choice_id, key, value, message in cases:
        broken = copy.deepcopy(doc)
        entry = next(c for c in broken["choices"] if c["id"] == choice_id)
        entry[key] = value
        with pytest.raises(DataError, match=message):
            load_choices(register, path=_write(broken, tmp_path), root=tmp_path)


def test_with_threshold_sets_the_constant_a_reference_names(register):
    claims = {c["id"]: c for c in register}
    cases = [
        ({"claim": "trend-frequency-abstract", "measure": "late_rate", "reading": 0}, 3, "times"),
        ({"claim": "officials-total-1200", "measure": "officials", "reading": 0}, "10%", "tolerance"),
        ({"claim": "most-programs-single-state", "measure": "single_state_share", "reading": 0}, 0.6, "value"),
    ]
    for ref, value, field in cases:
        claim = claims[ref["claim"]]
        changed = with_threshold(claim, ref, value)
        assert threshold_field(changed, ref) == (field, value)
        assert threshold_field(claim, ref)[1] != value  # the register's entry is left as it was


def test_the_default_specification_is_the_ledger(small, register):
    _, multiverse = small
    book = ledger(load_dataset({}), register=register).set_index("claim_id")
    default = multiverse.table[multiverse.table["default"]].set_index("claim_id")
    testable = [c["id"] for c in register if isinstance(c["criterion"], dict)]
    assert list(default.index) == testable  # one default row per testable claim, in the register's order
    assert (default["verdict"].astype(str) == book.loc[testable, "verdict"]).all()
    assert (default["value"].astype(str) == book.loc[testable, "value"]).all()


def test_every_rule_set_specification_agrees_with_its_own_ledger(small, register):
    """Where a specification is a plain parameter set, the ledger computed on its own gives the same verdicts:
    the recorded reads of the delegation sizes lose nothing."""
    _, multiverse = small
    table = multiverse.table
    chosen = table[table["coding"].astype(str).str.startswith("rule set ")]
    thresholds = [c["id"] for c in multiverse.choices if c["kind"] in ("threshold", "input", "subset")]
    defaults = {c["id"]: c["alternatives"][c["default"]]["label"] for c in multiverse.choices}
    for column in thresholds:
        chosen = chosen[chosen[column].isna() | (chosen[column].astype(str) == defaults[column])]
    universes = chosen[["coding", "duplicates", "delegation_single", "delegation_multi"]].drop_duplicates()
    assert len(universes) == 2 * 2 * 3 * 3
    codebook = load_dataset({}).codebook
    by_label = {f"rule set {codebook.label(name)}": name for name in codebook.rulesets}
    for u in universes.itertuples(index=False):
        params = {
            "ruleset": by_label[u.coding],
            "duplicates": u.duplicates,
            "delegation_single": u.delegation_single,
            "delegation_multi": u.delegation_multi,
        }
        expected = ledger(load_dataset(params), register=register).set_index("claim_id")
        rows = chosen[
            (chosen["coding"] == u.coding)
            & (chosen["duplicates"] == u.duplicates)
            & (chosen["delegation_single"] == u.delegation_single)
            & (chosen["delegation_multi"] == u.delegation_multi)
        ].set_index("claim_id")
        assert (rows["verdict"].astype(str) == expected.loc[rows.index, "verdict"]).all(), params
        assert (rows["value"].astype(str) == expected.loc[rows.index, "value"]).all(), params


def test_the_table_is_the_full_crossing_of_what_bears_on_each_claim(small):
    _, multiverse = small
    table, choices = multiverse.table, multiverse.choices
    universal = [c for c in choices if c["kind"] in ("coding", "parameter")]
    size = int(np.prod([len(c["alternatives"]) for c in universal]))
    for claim_id, rows in table.groupby("claim_id", observed=True):
        own = [c for c in choices if c["kind"] not in ("coding", "parameter") and claim_id in c["claims"]]
        assert len(rows) == size * int(np.prod([len(c["alternatives"]) for c in own]))
        columns = [c["id"] for c in universal + own]
        assert not rows.duplicated(subset=columns).any()
        assert rows[[c["id"] for c in choices if c not in universal + own]].isna().all().all()
        assert rows["default"].sum() == 1
    assert set(table["verdict"].astype(str)) <= set(VERDICTS)


def test_thresholds_are_rejudged_on_the_same_measures(small, register):
    _, multiverse = small
    rows = multiverse.table[multiverse.table["claim_id"] == "trend-frequency-abstract"]
    claim = next(c for c in register if c["id"] == "trend-frequency-abstract")
    for _, r in rows.iterrows():
        m = json.loads(r["measures"])
        times = float(r["rapidly"])
        rapid = m["late_rate"] >= times * m["early_rate"] and m["slope"] > 0
        assert r["verdict"] == ("reproduced" if rapid else "not reproduced")
    assert claim["criterion"]["readings"][0]["require"][0]["value"]["times"] == 2  # the register, untouched


def test_grades_follow_the_declared_floors():
    grades = [
        {"name": "robust", "floor": 0.9, "strict": False},
        {"name": "fragile", "floor": 0.5, "strict": False},
        {"name": "knife-edge", "floor": 0.0, "strict": True},
        {"name": "never holds", "floor": 0.0, "strict": False},
    ]
    shares = [1.0, 0.9, 0.899, 0.5, 0.499, 0.001, 0.0]
    expected = ["robust", "robust", "fragile", "fragile", "knife-edge", "knife-edge", "never holds"]
    assert [mv.grade_of(s, grades) for s in shares] == expected
    assert mv.grade_of(float("nan"), grades) == mv.NOT_TESTABLE


def test_the_summary_follows_from_the_table(small):
    _, multiverse = small
    table, summary = multiverse.table, multiverse.summary.set_index("claim_id")
    by_id = {c["id"]: c for c in multiverse.choices}
    for claim_id, rows in table.groupby("claim_id", observed=True):
        s = summary.loc[claim_id]
        tested = rows[rows["verdict"].isin(mv.TESTED)]
        assert s["share_holds"] == pytest.approx(tested["holds"].mean(), nan_ok=True)
        assert s["grade"] == mv.grade_of(s["share_holds"], multiverse.grades)
        default = rows[rows["default"]].iloc[0]
        assert s["default_verdict"] == default["verdict"]
        flips = json.loads(s["flips"])
        assert bool(flips) == bool(s["flipped_by"])
        for flip in flips:  # each named flip is a row one choice away from the default
            choice = by_id[flip["choice"]]
            held = [c["id"] for c in multiverse.choices if c is not choice and pd.notna(default[c["id"]])]
            match = rows[np.logical_and.reduce([rows[c] == default[c] for c in held])]
            shown = match[choice["id"]].map(mv._shown)
            assert (match.loc[shown == flip["alternative"], "verdict"].astype(str) == flip["verdict"]).all()
            assert flip["verdict"] != s["default_verdict"]
        if s["grade"] == "robust" and s["default_verdict"] in mv.HOLDS:
            assert s["share_holds"] >= 0.9


def test_the_full_multiverse_is_large(register, root):
    """The paper's multiverse counts at least 100,000 claim x specification evaluations (sized, not run here)."""
    choices, _ = load_choices(register, root=root)
    sizes = {c.id: len(c.alternatives) for c in choices if c.kind != "coding"}
    codings = len(
        mv.resolve_coding(next(c for c in choices if c.kind == "coding"), load_dataset({}), register).alternatives
    )
    universe = codings * np.prod([sizes[c.id] for c in choices if c.kind == "parameter"])
    total = 0
    for claim in (c for c in register if isinstance(c["criterion"], dict)):
        own = [sizes[c.id] for c in choices if c.kind not in ("coding", "parameter") and claim["id"] in c.claims]
        total += universe * int(np.prod(own))
    assert total >= 100_000


def test_parquet_round_trip_keeps_table_summary_and_choices(small, tmp_path):
    _, multiverse = small
    mv.write(multiverse, tmp_path)
    back = mv.read(tmp_path)
    pd.testing.assert_frame_equal(
        back.table.astype({c: str for c in back.table.select_dtypes("category")}),
        multiverse.table.astype({c: str for c in multiverse.table.select_dtypes("category")}),
    )
    assert back.choices == json.loads(json.dumps(multiverse.choices))
    assert back.summary["grade"].tolist() == multiverse.summary["grade"].tolist()


def test_refits_give_the_papers_split_and_rule_sets_code_as_they_do(register):
    data = load_dataset({})
    choices, _ = load_choices(register)
    coding = mv.resolve_coding(next(c for c in choices if c.kind == "coding"), data, register)
    assert coding.alternatives[0].value == ("ruleset", "paper")
    refits = [a for a in coding.alternatives if a.value[0] == "refit"]
    assert refits and all(a.reason for a in refits)
    split = data.programs["domain"].value_counts()
    for refit in refits:
        counts = mv.recoded(data, refit.value[2]).programs["domain"].value_counts()
        assert counts.equals(split.reindex(counts.index))  # the paper's 24/22/9/4, differently reached
        assert not mv.recoded(data, refit.value[2]).programs["domain"].equals(data.programs["domain"])
    assert len({a.label for a in coding.alternatives}) == len(coding.alternatives)


def test_the_recorder_sees_every_parameter_a_check_reads():
    recorder = mv.ReadRecorder({"a": 1, "b": 2})
    assert {**recorder} == {"a": 1, "b": 2} and recorder.read == {"a", "b"}
    recorder = mv.ReadRecorder({"a": 1, "b": 2})
    assert recorder.get("a") == 1 and "b" in recorder and recorder.read == {"a", "b"}
    assert list(itertools.islice(iter(recorder), 1)) == ["a"] and recorder.read == {"a", "b"}


def test_the_coding_probe_changes_nothing(small, root):
    """Checks found to give the same result without the coded columns are run under one coding only: the table is
    the one every check run under every coding gives."""
    path, multiverse = small
    exhaustive = mv.compute({}, root, choices_path=path, probe=False)
    assert exhaustive.evaluations > multiverse.evaluations
    as_text = {c: str for c in multiverse.table.select_dtypes("category")}
    pd.testing.assert_frame_equal(multiverse.table.astype(as_text), exhaustive.table.astype(as_text))


def test_the_headline_curves_name_measures_their_claims_read(register):
    """Chapter 8's specification curves plot measures of the register's criteria (a stale name fails here)."""
    from govexport.report.pages.robustness import HEADLINES

    claims = {c["id"]: c for c in register}
    for claim_id, measure, _, _ in HEADLINES:
        readings = claims[claim_id]["criterion"]["readings"]
        named = {c["measure"] for r in readings for c in r["require"]}
        assert measure is None or measure in named, (claim_id, measure)


@pytest.mark.parametrize("after", [0, 3, 60])  # before the tasks, between them and the table, within the summary
def test_a_stopped_computation_is_abandoned_at_its_next_checkpoint(root, tiny_choices, after):
    asked = []

    def stop():
        asked.append(1)
        return len(asked) > after

    with pytest.raises(mv.Abandoned):
        mv.compute({}, root, choices_path=tiny_choices, stop=stop)
    assert len(asked) == after + 1  # given up at the first checkpoint that was told to stop
