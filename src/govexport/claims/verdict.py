"""The one verdict rule: a claim's declared criterion applied to what its check measured.

A testable claim's criterion (data/claims.yaml) is a list of readings, strictest first; each reading
requires conditions on named measures (`{measure, op, value}`, ops ==, >=, >, <=, <, within). Each
reading interprets the paper's own words; none is a weaker claim. The first reading whose conditions
all hold decides:

- the first (strictest) reading holds              -> reproduced
- only a later reading holds                       -> approximately reproduced
- no reading holds                                 -> not reproduced, or, for a criterion declared
                                                      `otherwise: not testable with this data` (the
                                                      tables give only a bound on what the claim speaks
                                                      of, which a shortfall cannot contradict), that
- the claim is declared `not testable`             -> not testable with this data
- the check found nothing to compare in this run   -> not testable in this run

A condition's `value` is a number, `paper` (the claim's paper_value) or `{measure: name, times: k}`
(k times another measure, for comparisons within the run). `within` also takes `tolerance` (a number,
or a percentage of the value such as '5%'). Equal values are never a lead: `> 0` on a difference fails
on a tie, and the margin says "at the threshold, not above it".

Measures are named for readers by the `Measure` their check declares (a noun phrase and a kind); the
criterion and the margins are written with those labels, never with the names in the register.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

from .formatting import Measure, amount, kind_of, number, points

OPS = ("==", ">=", ">", "<=", "<", "within")
OP_WORDS = {"==": "exactly", ">=": "at least", ">": "more than", "<=": "at most", "<": "under", "within": "within"}
NOT_TESTABLE = "not testable with this data"
OTHERWISE = ("not reproduced", NOT_TESTABLE)  # what a criterion may declare when no reading holds

# A claim as register.load_register validated it (data/claims.yaml: id, quote, criterion, inputs, ...), and the
# register: the claims in its order. Defined here, the lowest module of the claims layer, for all of it.
Claim = dict[str, Any]
Register = list[Claim]


@dataclass
class Result:
    """What a check found: this run's value for the ledger, the named measures the criterion reads, one line
    of reason; `in_run` False when the run has nothing to compare (the reason says why)."""

    value: object = None  # what the ledger shows as this run's value (value_text formats it)
    measures: Mapping[str, float | None] = field(default_factory=dict)  # None: the run gives no value for it
    reason: str = ""
    in_run: bool = True


def not_in_run(reason: str, value: object = None) -> Result:
    """A check's answer when the run cannot test the claim (no program of a domain, one year, a state absent)."""
    return Result(value=value, reason=reason, in_run=False)


@dataclass
class Judgement:
    verdict: str
    reading: str = ""  # which reading holds, in words ('holds as a plurality, not as a majority')
    margin: str = ""  # how far the value is from flipping the verdict
    holds: tuple[bool, ...] = ()  # per reading, strictest first
    note: str = ""  # why a run that the check thought testable is not (a measure without a value)
    bound: bool = False  # no reading holds, and the data give only a bound that cannot contradict the claim


def testable(claim):
    return isinstance(claim["criterion"], dict)


def judge(claim: Claim, result: Result | None, labels: Mapping[str, Measure] | None = None) -> Judgement:
    """The verdict, reading and margin for a claim (validated register entry) and its check's Result.

    `labels` maps a measure's name to its `Measure` (what its check declares); a name without one is
    shown with its underscores read as spaces."""
    if not testable(claim):
        return Judgement(NOT_TESTABLE)
    if result is None:
        raise ValueError(f"claim {claim['id']} is testable but has no check")
    if not result.in_run:
        return Judgement("not testable in this run")
    criterion = claim["criterion"]
    readings = criterion["readings"]
    measures = _measures(claim, result)
    undefined = [m for m in measures if not _finite(measures[m])]
    if undefined:  # e.g. a mean over no stated duration: nothing to compare, never a verdict on it
        shown = ", ".join(describe(m, labels).label for m in undefined)
        return Judgement("not testable in this run", note=f"this run gives no value for {shown}")
    paper = claim["paper_value"]
    holds = tuple(all(condition_holds(c, measures, paper) for c in r["require"]) for r in readings)
    names = [r["name"] for r in readings]

    def conditions(reading, only_failing=False):
        return "; ".join(
            margin_text(c, measures, paper, labels)
            for c in reading["require"]
            if not (only_failing and condition_holds(c, measures, paper))
        )

    if holds[0]:
        return Judgement("reproduced", f"holds as {names[0]}", conditions(readings[0]), holds)
    if any(holds):
        k = holds.index(True)
        margin = f"{conditions(readings[k])}; strictest reading: {conditions(readings[0], only_failing=True)}"
        return Judgement("approximately reproduced", f"holds as {names[k]}, not as {names[0]}", margin, holds)
    failing = conditions(readings[-1], only_failing=True)
    if criterion.get("otherwise", "not reproduced") == NOT_TESTABLE:
        reading = f"the tables do not bear out {names[-1]}, and what they give cannot contradict it"
        return Judgement(NOT_TESTABLE, reading, failing, holds, bound=True)
    reading = f"does not hold as {names[0]}" if len(names) == 1 else f"holds neither as {names[0]} nor as {names[-1]}"
    return Judgement("not reproduced", reading, failing, holds)


def _measures(claim, result):
    """The measures the criterion names, from the check's result; a missing one is a bug in the check."""
    needed = {c["measure"] for r in claim["criterion"]["readings"] for c in r["require"]}
    needed |= {
        c["value"]["measure"]
        for r in claim["criterion"]["readings"]
        for c in r["require"]
        if isinstance(c["value"], dict)
    }
    missing = sorted(needed - set(result.measures))
    if missing:
        raise ValueError(f"claim {claim['id']}: its check did not measure {missing}")
    return {m: result.measures[m] for m in sorted(needed)}


def _finite(x):
    return isinstance(x, Real) and not isinstance(x, bool) and math.isfinite(x)  # numpy numbers are Real too


def target(condition, measures, paper):
    """The number a condition compares with: a constant, the paper's value, or k times another measure."""
    value = condition["value"]
    if value == "paper":
        return paper
    if isinstance(value, dict):
        return value.get("times", 1) * measures[value["measure"]]
    return value


def allowed(condition, centre):
    """The half-width of a `within` condition: a number, or a percentage of the centre ('5%')."""
    tolerance = str(condition["tolerance"])
    if tolerance.endswith("%"):
        return abs(centre) * float(tolerance[:-1]) / 100
    return float(tolerance)


def compare(x, y):
    """-1, 0 or 1; values within floating-point noise of each other are equal (24/59 against 24/59)."""
    if math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12):
        return 0
    return -1 if x < y else 1


def condition_holds(condition, measures, paper):
    x, t = measures[condition["measure"]], target(condition, measures, paper)
    op = condition["op"]
    if op == "within":
        return compare(abs(x - t), allowed(condition, t)) <= 0
    c = compare(x, t)
    return {"==": c == 0, ">=": c >= 0, ">": c > 0, "<=": c <= 0, "<": c < 0}[op]


def describe(name, labels=None):
    """The `Measure` a reader is told about: the declared one, or one made from the name."""
    found = (labels or {}).get(name)
    return found if found else Measure(name.replace("_", " "), kind_of(name))


def _shown(x, name, labels):
    return number(x, describe(name, labels).kind)


def _target_text(condition, measures, paper, labels):
    name, value = condition["measure"], condition["value"]
    if isinstance(value, dict):
        times = value.get("times", 1)
        other = describe(value["measure"], labels)
        ref = f"{other.label} ({_shown(measures[value['measure']], value['measure'], labels)})"
        return ref if times == 1 else f"{amount(times)} × {ref}"
    shown = _shown(target(condition, measures, paper), name, labels)
    if condition["op"] == "within":
        return f"{_tolerance_text(condition, name, labels)} of {shown}"
    return shown


def _tolerance_text(condition, name, labels):
    tolerance = str(condition["tolerance"])
    return tolerance if tolerance.endswith("%") else _shown(float(tolerance), name, labels)


def _difference(d, name, labels):
    return points(d) if describe(name, labels).kind == "share" else amount(abs(d))


def margin_text(condition, measures, paper, labels=None):
    """How far a measure is from its condition, in words:
    "estimated officials: 1,165 (needed: within 5% of 1,200); inside by 25";
    "security's lead in programs: 0 (needed: more than 0); at the threshold, not above it"."""
    name = condition["measure"]
    x, t = measures[name], target(condition, measures, paper)
    op = condition["op"]
    if op == "within":
        room = allowed(condition, t) - abs(x - t)
        status = (
            f"inside by {_difference(room, name, labels)}"
            if room >= 0
            else (f"outside by {_difference(room, name, labels)}")
        )
    else:
        c, d = compare(x, t), _difference(x - t, name, labels)
        if op == "==":
            status = "margin 0" if c == 0 else f"off by {d}"
        elif c == 0 and op in (">", "<"):
            status = "at the threshold, not above it" if op == ">" else "at the threshold, not below it"
        elif (op in (">=", ">") and c >= 0) or (op in ("<=", "<") and c <= 0):
            status = f"margin {d}"
        else:
            status = f"short by {d}" if op in (">=", ">") else f"over by {d}"
    needed = f"{OP_WORDS[op]} {_target_text(condition, measures, paper, labels)}"
    return f"{describe(name, labels).label}: {_shown(x, name, labels)} (needed: {needed}); {status}"


def condition_text(condition, paper, labels=None):
    """A condition in words, before any run: "security's share of the programs is more than 50%";
    "estimated officials are within 5% of the paper's 1,200"."""
    name, value = condition["measure"], condition["value"]
    if isinstance(value, dict):
        times = value.get("times", 1)
        other = describe(value["measure"], labels).label
        shown = other if times == 1 else f"{amount(times)} × {other}"
    elif value == "paper":
        shown = f"the paper's {_shown(paper, name, labels) if isinstance(paper, (int, float)) else paper}"
    else:
        shown = _shown(value, name, labels)
    if condition["op"] == "within":
        shown = f"{_tolerance_text(condition, name, labels)} of {shown}"
    return f"{describe(name, labels).label}: {OP_WORDS[condition['op']]} {shown}"


def criterion_text(claim, labels=None):
    """The declared criterion as a reader reads it (the ledger's `criterion` column):
    "reproduced if a majority (over half of the programs), that is, security's share of the programs: more
    than 50%; otherwise not reproduced"."""
    if not testable(claim):
        return "declared not testable with this data"
    criterion = claim["criterion"]
    parts = []
    for k, r in enumerate(criterion["readings"]):
        verdict = "reproduced" if k == 0 else "approximately reproduced"
        conditions = ", and ".join(condition_text(c, claim["paper_value"], labels) for c in r["require"])
        parts.append(f"{verdict} if {r['name']}, that is, {conditions}")
    otherwise = criterion.get("otherwise", "not reproduced")
    if otherwise == NOT_TESTABLE:
        otherwise += " (what the tables give is a bound, which a shortfall cannot contradict)"
    return "; ".join(parts) + f"; otherwise {otherwise}"
