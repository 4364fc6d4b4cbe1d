"""Chapter 9's self-checking exercises, through otter-grader as a notebook calls them (`grader.check("q1")`): the
right answer, computed here independently with pandas from the run's data, passes; a wrong one fails with a
hint that does not give the answer; under the default run and under variants (another coding, other
delegation sizes, other years), so that a group's recoding is checked against its own coding."""

import math
from pathlib import Path

import pytest

from govexport.report import chapter
from govexport.report.pages import exercises

VARIANTS = {
    "default": {},
    "trainee-sector": {"ruleset": "trainee_sector"},
    "small, recent": {"delegation_single": 12, "delegation_multi": 4, "first_year": 2012, "last_year": 2019},
}


@pytest.fixture(scope="module", autouse=True)
def no_log_left():
    """otter logs each check to .OTTER_LOG in the working folder: the tests' log is removed after them."""
    log = Path(".OTTER_LOG")
    existed = log.exists()
    yield
    if not existed:
        log.unlink(missing_ok=True)


@pytest.fixture(scope="module", params=list(VARIANTS))
def run(request):
    return chapter.for_params("09_seminar_exercises", VARIANTS[request.param])


@pytest.fixture(scope="module")
def grader():
    return exercises.grader()


def right_answers(run):
    """Each question's answers, recomputed with pandas from the run's tables (not with the package's functions)."""
    states, programs, params = run.data.program_states, run.data.programs, run.data.params
    multi = states[states["multi_state"]]
    single = states[~states["multi_state"]]["program_id"].nunique()
    q1 = single * 10 + len(multi) * 3  # scenarios/small-delegations.yaml
    q2 = int((programs["duplicate_of"].isna() | (programs["duplicate_of"] == "")).sum())
    share = float((programs["domain"] == "security").mean())
    years = programs["year"]
    last_complete = min(dict.__getitem__(params, "last_year"), 2019)  # the table's 2020 is partial
    first = max(dict.__getitem__(params, "first_year"), 2007)
    n = last_complete - first + 1
    split = first + n // 2
    early = years.between(first, split - 1).sum() / (split - first)
    late = years.between(split, last_complete).sum() / (last_complete - split + 1)
    kyrgyz = states[(states["state"] == "Kyrgyzstan") & states["year"].between(2013, 2018)]
    delegation_single, delegation_multi = (
        dict.__getitem__(params, k) for k in ("delegation_single", "delegation_multi")
    )
    officials = (~kyrgyz["multi_state"]).sum() * delegation_single + kyrgyz["multi_state"].sum() * delegation_multi
    q5 = max(0, math.ceil((750 - officials) / delegation_single))
    return {
        "q1": {"q1_estimate": q1},
        "q2": {"q2_programs": q2},
        "q3": {"q3_share": round(share, 3), "q3_majority": share > 0.5},
        "q4": {"q4_early": round(early, 2), "q4_late": round(late, 2)},
        "q5": {"q5_programs": q5},
    }


def checked(grader, question, run, answers):
    result = grader.check(question, global_env={"run": run, **answers})
    return result.grade == 1, repr(result)


@pytest.mark.parametrize("question", list(exercises.ANSWERS))
def test_the_right_answer_passes(grader, run, question):
    ok, shown = checked(grader, question, run, right_answers(run)[question])
    assert ok, shown


@pytest.mark.parametrize("question", list(exercises.ANSWERS))
def test_a_wrong_answer_fails_with_a_hint_and_not_the_answer(grader, run, question):
    right = right_answers(run)[question]
    wrong = {name: (not value) if isinstance(value, bool) else value * 1.5 + 7 for name, value in right.items()}
    ok, shown = checked(grader, question, run, wrong)
    assert not ok and "Hint:" in shown, shown
    for value in right.values():
        if not isinstance(value, bool):
            assert f" {value} " not in shown.replace(",", "")


def test_an_unanswered_question_says_what_to_set(grader, run):
    ok, shown = checked(grader, "q3", run, {"q3_share": ..., "q3_majority": ...})
    assert not ok and "No answer yet: set q3_share and q3_majority" in shown


def test_common_slips_get_their_own_hint(grader):
    run = chapter.for_params("09_seminar_exercises", {})
    share = right_answers(run)["q3"]["q3_share"]
    assert "a percentage" in checked(grader, "q3", run, {"q3_share": share * 100, "q3_majority": False})[1]
    assert "own delegation sizes" in checked(grader, "q1", run, {"q1_estimate": 1165})[1]


def test_every_question_has_an_otter_test_file_and_a_cell_pair_in_the_chapter():
    import json

    from govexport.paths import project_root

    nb = json.loads((project_root() / "notebooks" / "09_seminar_exercises.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    for question, names in exercises.ANSWERS.items():
        assert (exercises.CHECKS / f"{question}.py").is_file()
        assert f'grader.check("{question}")' in sources
        assert any(all(f"{n} = ..." in s for n in names) for s in sources)
