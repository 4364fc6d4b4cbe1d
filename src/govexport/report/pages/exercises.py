"""Chapter 9, seminar exercises: each names a shipped scenario and asks for a number the student computes; a
check in the notebook (otter-grader's `grader.check("q1")`, test files in report/exercise_checks/) says whether
the answer is right, with a hint when it is not. What a check expects is computed here from the run the notebook
has, so a group that recodes the table (its own codebook and rule set in the parameters cell) is checked
against its own coding. Each solution is computed with the same functions as the chapters; the student edition
seals it (report/reveal.py).
"""

import math
from functools import lru_cache
from numbers import Real
from pathlib import Path

from ...analysis import officials, trends
from ...claims import ledger as claims_ledger
from ...claims import paper_context as context
from ...claims.register import paper_assumptions
from ...data.dataset import load_dataset
from ...params import DOMAINS
from ...paths import project_root
from ...scenarios import read_scenario
from .. import reveal
from ..text import MD, code, names, number, percent, plural, sentences, span, year


@lru_cache(maxsize=8)
def _scenario(name):
    """The dataset and ledger (indexed by claim id) of a shipped scenario, or of the default run."""
    given = {} if name == "default" else read_scenario(project_root() / "scenarios" / f"{name}.yaml")["parameters"]
    data = load_dataset(given)
    return data, claims_ledger.ledger(data).set_index("claim_id")


def _solution(question, run, *parts):
    """The solution: the right answers for this run, then the reasoning (sealed in the student edition)."""
    return MD("**Solution.** ") + reveal.answer(sentences(answers_text(question, run), *parts))


def _ask(*names_):
    return MD("Write your {} in the answer cell below, run it, then run the check under it.").format(
        MD("answers") if len(names_) > 1 else MD("answer")
    )


def _verdict(ledger, claim_id):
    row = ledger.loc[claim_id]
    return MD("*{}*").format(MD(row["verdict"])) + (
        MD(" ({})").format(row["reading"].rstrip(".")) if row.get("reading") else MD("")
    )


def officials_prompt(run):
    paper = paper_assumptions()
    small, _ = _scenario("small-delegations")
    return sentences(
        MD("The paper assumes {} per single-state program and {} per state in multi-state programs.").format(
            plural(paper["single"], "official"), number(paper["multi"])
        ),
        MD(
            "Build {} ({} and {}). What is the estimate now? Write the change as a formula in the number of "
            "single-state programs and multi-state delegations, and check it against the ledger."
        ).format(
            code("scenarios/small-delegations.yaml"),
            plural(small.params["delegation_single"], "official"),
            number(small.params["delegation_multi"]),
        ),
        MD("In this notebook: what does this run's table give with those two sizes?"),
        _ask(*ANSWERS["q1"]),
    )


def officials_solution(run):
    default, _ = _scenario("default")
    small, small_ledger = _scenario("small-delegations")
    ds = default.params["delegation_single"] - small.params["delegation_single"]
    dm = default.params["delegation_multi"] - small.params["delegation_multi"]
    e0 = officials.estimate(
        default.program_states, default.params["delegation_single"], default.params["delegation_multi"]
    )
    e1 = officials.estimate(small.program_states, small.params["delegation_single"], small.params["delegation_multi"])
    return _solution(
        "q1",
        run,
        MD("The estimate falls from {} to {}.").format(number(e0["total"], 1), number(e1["total"], 1)),
        MD(
            "Each of the {} single-state programs sends {} fewer officials and each of the {} multi-state delegations "
            "{} fewer, so the drop is {} × {} + {} × {} = {}."
        ).format(
            number(e0["single_state_programs"]),
            number(ds, 1),
            number(e0["multi_state_delegations"]),
            number(dm, 1),
            number(e0["single_state_programs"]),
            number(ds, 1),
            number(e0["multi_state_delegations"]),
            number(dm, 1),
            number(e0["total"] - e1["total"], 1),
        ),
        MD(
            "The ledger's verdict on \"roughly around\" the paper's total becomes {}: the paper's figure is only as "
            "good as its assumed delegation sizes, which it does not source."
        ).format(_verdict(small_ledger, "officials-total-1200")),
    )


def duplicate_prompt(run):
    return sentences(
        MD(
            "Table 1's first two rows are identical. Build {}. Which claims change value or verdict? Is the "
            "paper's count of programs a count of programs or of printed rows?"
        ).format(code("scenarios/no-duplicate.yaml")),
        MD("In this notebook: how many programs does this run count once the repeated row is dropped?"),
        _ask(*ANSWERS["q2"]),
    )


def duplicate_solution(run):
    _, default_ledger = _scenario("default")
    nodup, nodup_ledger = _scenario("no-duplicate")
    changed = [
        c
        for c in default_ledger.index
        if (default_ledger.loc[c, ["value", "verdict"]] != nodup_ledger.loc[c, ["value", "verdict"]]).any()
    ]
    return _solution(
        "q2",
        run,
        MD("{} change: {}.").format(plural(len(changed), "claim"), names([code(c) for c in changed])),
        MD("Without the repeat the table holds {}, so the paper's count is a count of printed rows.").format(
            plural(len(nodup.programs), "program")
        ),
        MD(
            "Whether the repeat is an error or two courses in one month cannot be told from the table: a good question "
            "for the author, and a reason to report counts with their source rows."
        ),
    )


def coding_prompt(run):
    return sentences(
        MD(
            "The paper's split codes programs mostly by the Chinese institution that ran them. Build {}, which "
            "codes them by the sector of the officials trained. Is security still the largest domain? A majority?"
        ).format(code("scenarios/trainee-sector.yaml")),
        MD(
            "In this notebook: what share of this run's programs does its coding put in security, and is that a "
            "majority? (Set the trainee-sector rule set in the parameters cell, or your group's codebook and rule "
            "set, and run the notebook again: the check follows the coding.)"
        ),
        _ask(*ANSWERS["q3"]),
    )


def coding_solution(run):
    default, _ = _scenario("default")
    sector, sector_ledger = _scenario("trainee-sector")
    split = sector.programs["domain"].value_counts().reindex(list(DOMAINS), fill_value=0)
    top = split[split == split.max()].index.tolist()
    lead = (
        MD("security is the largest domain")
        if top == ["security"]
        else MD("security ties for largest with {}").format(names([d for d in top if d != "security"]))
        if "security" in top
        else MD("security is not the largest domain ({} {} larger)").format(
            names(top), MD("is" if len(top) == 1 else "are")
        )
    )
    return _solution(
        "q3",
        run,
        MD("Coded by trainee sector the split is {}, so {}.").format(
            names([MD("{} {}").format(MD(d), number(n)) for d, n in split.items()]), lead
        ),
        MD(
            "Security's share is {} against {} under the paper's coding, and the ledger's verdict on the abstract's "
            '"majority" is {}.'
        ).format(
            percent((sector.programs["domain"] == "security").mean()),
            percent((default.programs["domain"] == "security").mean()),
            _verdict(sector_ledger, "security-majority-abstract"),
        ),
        MD("The headline depends on a coding choice the paper does not spell out."),
    )


def trend_prompt(run):
    recent, _ = _scenario("years-2014-2019")
    return sentences(
        MD(
            "Build {} ({} only). Does the frequency claim still hold when the sparse early years and the partial "
            "last year are left out? What else could make recent programs more numerous in a table compiled "
            "from what is online?"
        ).format(code("scenarios/years-2014-2019.yaml"), span(recent.params["first_year"], recent.params["last_year"])),
        MD(
            "In this notebook: split this run's complete years into an earlier and a later half; how many "
            "programs a year does each half have?"
        ),
        _ask(*ANSWERS["q4"]),
    )


def trend_solution(run):
    default, default_ledger = _scenario("default")
    _, recent_ledger = _scenario("years-2014-2019")
    return _solution(
        "q4",
        run,
        MD(
            "Over the whole table the halves hold {}; within the scenario's years, {} ({}), and the verdict is {}."
        ).format(
            MD(default_ledger.loc["trend-frequency-abstract", "value"]),
            MD(recent_ledger.loc["trend-frequency-abstract", "value"] or "nothing to compare"),
            MD(recent_ledger.loc["trend-frequency-abstract", "reason"].rstrip(".")),
            _verdict(recent_ledger, "trend-frequency-abstract"),
        ),
        MD(
            "Records of recent programs are also more likely to still be online than those of {}: a count of records "
            "rising is not by itself a count of programs rising."
        ).format(year(default.programs["year"].min())),
    )


def fraction_prompt(run):
    kyrgyz = next(f for f in context.reported_figures() if f["state"] == "Kyrgyzstan")
    return MD(
        "The paper sets its estimate against reports of over {} Kyrgyz officials trained in {}. Using the "
        "extended-table workflow ({} shows the format, with invented rows), how many more single-state Kyrgyz "
        "programs of that period would the table need before it accounted for that many officials at the "
        "paper's delegation size? {}"
    ).format(
        number(kyrgyz["reported"]),
        span(*kyrgyz["years"]),
        code("scenarios/extended-table.yaml"),
        _ask(*ANSWERS["q5"]),
    )


def fraction_solution(run):
    default, _ = _scenario("default")
    kyrgyz = next(f for f in context.reported_figures() if f["state"] == "Kyrgyzstan")
    p = default.params
    in_table = officials.state_total(
        default.program_states, "Kyrgyzstan", p["delegation_single"], p["delegation_multi"], kyrgyz["years"]
    )
    needed = max(0, math.ceil((kyrgyz["reported"] - in_table) / p["delegation_single"]))
    return _solution(
        "q5",
        run,
        MD("The table accounts for about {} Kyrgyz officials in {} ({} of the reported figure).").format(
            number(in_table, 1), span(*kyrgyz["years"]), percent(in_table / kyrgyz["reported"])
        ),
        MD("At {} a program it would need {} more single-state Kyrgyz programs in those years.").format(
            plural(p["delegation_single"], "official"), number(needed)
        ),
        MD(
            "The table documents only what could be identified as government-led, which is the paper's own "
            "explanation of the gap."
        ),
    )


# ---- the checks: what each question expects of this run ------------------------------------------------------

CHECKS = Path(__file__).resolve().parents[1] / "exercise_checks"  # otter-grader's test files, qN.py
ANSWERS = {  # the variables a student sets for each question, in the notebook's answer cells
    "q1": ("q1_estimate",),
    "q2": ("q2_programs",),
    "q3": ("q3_share", "q3_majority"),
    "q4": ("q4_early", "q4_late"),
    "q5": ("q5_programs",),
}


def grader():
    """The notebook's grader: otter-grader's, reading the test files in CHECKS (`grader.check("q1")`)."""
    import otter

    return otter.Notebook(tests_dir=str(CHECKS))


def _small_delegations():
    params = read_scenario(project_root() / "scenarios" / "small-delegations.yaml")["parameters"]
    return params["delegation_single"], params["delegation_multi"]


def _with(run, **changes):
    """This run's dataset with some parameters changed (the run's own parameters otherwise)."""
    return load_dataset({**{k: dict.__getitem__(run.params, k) for k in run.params}, **changes})


def _halves(run):
    """(first, split, last) of the run's complete years, as the frequency claim's check splits them; None when
    the run has fewer than two complete years."""
    first, last = trends.complete_range(run.data.coded, run.params["first_year"], run.params["last_year"])
    return None if last - first < 1 else (first, trends.halves_split(first, last), last)


def _kyrgyz():
    return next(f for f in context.reported_figures() if f["state"] == "Kyrgyzstan")


def expected(question, run):
    """{variable: the right answer for this run} of one question."""
    if question == "q1":
        single, multi = _small_delegations()
        return {"q1_estimate": officials.estimate(run.data.program_states, single, multi)["total"]}
    if question == "q2":
        return {"q2_programs": len(_with(run, duplicates="drop").programs)}
    if question == "q3":
        share = float((run.data.programs["domain"] == "security").mean()) if len(run.data.programs) else 0.0
        return {"q3_share": share, "q3_majority": share > 0.5}
    if question == "q4":
        halves = _halves(run)
        if halves is None:
            return {"q4_early": None, "q4_late": None}
        first, split, last = halves
        yearly = trends.per_year(run.data.programs, first, last)
        early, late = yearly[yearly["year"] < split], yearly[yearly["year"] >= split]
        return {"q4_early": float(early["programs"].mean()), "q4_late": float(late["programs"].mean())}
    if question == "q5":
        kyrgyz, single = _kyrgyz(), run.params["delegation_single"]
        in_table = officials.state_total(
            run.data.program_states, "Kyrgyzstan", single, run.params["delegation_multi"], kyrgyz["years"]
        )
        return {"q5_programs": max(0, math.ceil((kyrgyz["reported"] - in_table) / single))}
    raise KeyError(f"no exercise {question!r}; the exercises are {', '.join(ANSWERS)}")


def _is_number(value):
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _close(answer, right, tolerance):
    return _is_number(answer) and abs(answer - right) <= tolerance


HINTS = {
    "q1": "the estimate is single-state programs × officials per single-state program + multi-state delegations × "
    "officials per state; chapter 3's first table counts both, and the scenario gives the two sizes",
    "q2": "Table 1 prints one program twice: count the rows of run.data.table1 that are not an exact repeat of an "
    "earlier row (pandas: drop_duplicates()) within the run's years and selection, or set duplicates = 'drop' in "
    "the parameters cell and count run.data.programs",
    "q3": "run.data.programs['domain'] holds each program's domain under the run's rule set; the share is the "
    "security programs divided by all programs, as a fraction between 0 and 1; a majority is more than half",
    "q4": "a half's rate is its programs divided by its years; use the run's complete years only (chapter 4 says "
    "whether the last year is partial), the earlier half the shorter one when their number is odd",
    "q5": "count the officials of the Kyrgyz programs of the reported years as chapter 3 does "
    "(officials.state_total), then the programs of one delegation each that would close the gap, rounded up",
}


def check(question, run, **answers):
    """Whether the answers (variable -> value) to `question` are right for this run; AssertionError with a hint
    (never the answer) when not. The checks of report/exercise_checks/ call this."""
    right = expected(question, run)
    missing = [name for name in ANSWERS[question] if answers.get(name) is Ellipsis or answers.get(name) is None]
    if missing and any(right[name] is not None for name in missing):
        raise AssertionError(f"No answer yet: set {' and '.join(missing)} in the cell above, run it, then this one.")
    for name, value in right.items():
        answer = answers.get(name)
        if value is None:
            if answer is not None and answer is not Ellipsis:
                raise AssertionError(
                    f"This run has fewer than two complete years: set {name} = None. Hint: {HINTS[question]}."
                )
            continue
        if isinstance(value, bool):
            if answer is not value:
                raise AssertionError(f"{name} should be True or False, and is not right yet. Hint: {HINTS[question]}.")
            continue
        tolerance = 0.005 if name == "q3_share" else 0.05 if name.startswith("q4") else 0.5
        if not _close(answer, value, tolerance):
            extra = ""
            if name == "q3_share" and _close(answer, 100 * value, 0.5):
                extra = " It looks like a percentage: give a fraction between 0 and 1."
            elif name == "q1_estimate" and _close(answer, _own_estimate(run), 0.5):
                extra = " That is the estimate at this run's own delegation sizes, not the scenario's."
            raise AssertionError(f"{name} is not right yet.{extra} Hint: {HINTS[question]}.")


def _own_estimate(run):
    return officials.estimate(run.data.program_states, run.params["delegation_single"], run.params["delegation_multi"])[
        "total"
    ]


def answers_text(question, run):
    """The right answers of `question` for this run, as a sentence of the solution."""
    right = expected(question, run)
    shown = []
    for name, value in right.items():  # in the order of the answer cell
        if value is None:
            shown.append(MD("none (fewer than two complete years)"))
        elif isinstance(value, bool):
            shown.append(MD("yes") if value else MD("no"))
        else:
            digits = 3 if name == "q3_share" else 2 if name.startswith("q4") else 0
            shown.append(number(value, digits))
    which = MD("the answers are") if len(shown) > 1 else MD("the answer is")
    return MD("For this run's parameters {} {}.").format(which, names(shown))
