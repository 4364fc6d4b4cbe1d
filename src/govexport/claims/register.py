"""The claims register (data/claims.yaml): every checkable statement of the paper, validated, and read.

Each claim has an id, the paper's `section` and `location`, the exact `quote`, the `paper_value`, its
`kind` and `chapter`, a `test` (the argued reading, in words) and a `criterion`: either `not testable`
or `readings` (see verdict.py). Optional keys:

- `inputs`: what the claim's check reads besides the data (search patterns, year windows, measure lists);
- `reported`: a figure the paper reports from elsewhere (`value`, and `first_year`/`last_year`, `state`);
- `by_construction`: rule sets under which the verdict rests on the coding fitted to the paper's counts
  (a count that coding was written to give, or a lead that exists only through its catch-all rule);
- `part`: for a partial test, the part of what the claim speaks of that the tables record (the three printed
  curricula of the security programs; what the compilation kept); the verdict speaks for that part only;
- `unit: year` for a value that is a year (shown 2007, not 2,007);
- `same_as: <id>`: the claim repeats another's statement and takes its criterion, inputs, unit and
  by_construction (the abstract and introduction restate the same figures).

Every problem is one DataError naming the file, the claim (number and id), the field and the value.
"""

import copy
import functools
import math
import re
from pathlib import Path

from ..errors import DataError
from ..paths import display, project_root
from ..safeyaml import load
from .verdict import OPS, OTHERWISE, Register

REGISTER = Path("data") / "claims.yaml"
VERDICTS = (
    "reproduced",
    "approximately reproduced",
    "not reproduced",
    "not testable with this data",
    "not testable in this run",
)
KINDS = ("count", "share", "estimate", "trend", "comparison", "consistency", "external")
MAIN_SECTIONS = ("Abstract", "Conclusion")  # the paper's main claims; the others are auxiliary
CHAPTERS = ("dataset", "domains", "officials", "trends", "states", "curricula", "context")
SECTIONS = (
    "Abstract",
    "Introduction",
    "Advocating Security Governance with Chinese Characteristics",
    "Table 1",
    "Table 2",
    "Central Asian Adoption of Chinese Security Management",
    "Security and Human Rights Impact on Central Asian States",
    "Conclusion",
    "References",
)
REQUIRED = ("id", "section", "location", "quote", "paper_value", "kind", "chapter", "test")
OPTIONAL = ("criterion", "source", "inputs", "reported", "by_construction", "unit", "same_as", "part")
INHERITED = ("criterion", "inputs", "by_construction", "unit", "part")  # what `same_as` copies
NOT_TESTABLE = "not testable"
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MEASURE = re.compile(r"[a-z][a-z0-9_]*")
TOLERANCE = re.compile(r"[0-9]+(\.[0-9]+)?%")


PRINCIPLES = ("readings", "testable", "parts", "not_testable", "consistency", "evidence", "tallies")


def load_register(path: Path | str | None = None, root: Path | None = None) -> Register:
    """The claims, validated, in the register's order (a fresh copy the caller may change)."""
    return copy.deepcopy(_load(*_key(path, root))[0])


def principles(path=None, root=None):
    """The register's principles (how claims are read, tested and tallied), as {name: text} in PRINCIPLES order."""
    return dict(_load(*_key(path, root))[1])


def _key(path, root):
    root = root or project_root()
    path = Path(path) if path else root / REGISTER
    shown = display(path, root)
    try:
        stamp = path.stat()
        key = (str(path.resolve()), stamp.st_mtime_ns, stamp.st_size)
    except OSError:
        key = (str(path), None, None)  # let load() name the problem
    return key, shown


@functools.lru_cache(maxsize=8)
def _load(key, shown):
    doc = load(key[0], shown)
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list) or not doc["claims"]:
        raise DataError(shown, "must be a mapping with a non-empty list `claims`")
    unknown = sorted(set(doc) - {"claims", "principles"})
    if unknown:
        raise DataError(shown, "is not a section of the register (sections: claims, principles)", column=unknown[0])
    stated = doc.get("principles", {})
    if (
        not isinstance(stated, dict)
        or set(stated) != set(PRINCIPLES)
        or not all(isinstance(v, str) and v.strip() for v in stated.values())
    ):
        raise DataError(shown, f"must state each of {list(PRINCIPLES)} as text", column="principles")
    claims = doc["claims"]
    seen = {}
    for number, claim in enumerate(claims, start=1):
        _check_claim(claim, number, shown, seen)
        seen[claim["id"]] = claim
    for number, claim in enumerate(claims, start=1):
        if "same_as" in claim:
            _inherit(claim, seen, number, shown)
        if "criterion" not in claim:
            raise DataError(
                shown, "is missing (give a criterion or same_as)", row=_row(number, claim), column="criterion"
            )
        _check_criterion(claim, _row(number, claim), shown)
    return claims, {name: " ".join(stated[name].split()) for name in PRINCIPLES}


def _row(number, claim):
    return (
        f"claim {number} ({claim['id']})"
        if isinstance(claim, dict) and isinstance(claim.get("id"), str)
        else f"claim {number}"
    )


def _check_claim(claim, number, shown, seen):
    if not isinstance(claim, dict):
        raise DataError(shown, "must be a mapping of fields", row=f"claim {number}", value=claim)
    row = _row(number, claim)
    for key in REQUIRED:
        if key not in claim:
            raise DataError(shown, "is missing", row=row, column=key)
    unknown = sorted(set(claim) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise DataError(
            shown, f"is not a field of a claim (fields: {', '.join(REQUIRED + OPTIONAL)})", row=row, column=unknown[0]
        )
    if not isinstance(claim["id"], str) or not ID.fullmatch(claim["id"]):
        raise DataError(shown, "is not an id (lower-case words joined by '-')", row=row, column="id", value=claim["id"])
    if claim["id"] in seen:
        raise DataError(shown, "repeats an earlier id", row=row, column="id", value=claim["id"])
    for key, allowed in (("kind", KINDS), ("chapter", CHAPTERS), ("section", SECTIONS)):
        if claim[key] not in allowed:
            raise DataError(shown, f"is not one of {list(allowed)}", row=row, column=key, value=claim[key])
    for key in ("quote", "location", "test"):
        if not isinstance(claim[key], str) or not claim[key].strip():
            raise DataError(shown, "must be non-empty text", row=row, column=key, value=claim[key])
    if isinstance(claim["paper_value"], bool) or not isinstance(claim["paper_value"], (str, int, float)):
        raise DataError(shown, "must be a number or text", row=row, column="paper_value", value=claim["paper_value"])
    if claim.get("unit", "year") != "year":
        raise DataError(shown, "is not a known unit (only 'year')", row=row, column="unit", value=claim["unit"])
    if not isinstance(claim.get("inputs", {}), dict):
        raise DataError(shown, "must be a mapping", row=row, column="inputs", value=claim["inputs"])
    constructed = claim.get("by_construction", [])
    if not isinstance(constructed, list) or not all(isinstance(r, str) for r in constructed):
        raise DataError(shown, "must be a list of rule set names", row=row, column="by_construction", value=constructed)
    if "reported" in claim:
        _check_reported(claim["reported"], row, shown)
    if "part" in claim and (not isinstance(claim["part"], str) or not claim["part"].strip()):
        raise DataError(
            shown, "must be non-empty text (the part the tables record)", row=row, column="part", value=claim["part"]
        )


def _check_reported(reported, row, shown):
    if not isinstance(reported, dict) or not _number(reported.get("value")):
        raise DataError(shown, "must be a mapping with a numeric `value`", row=row, column="reported", value=reported)
    years = [reported.get(k) for k in ("first_year", "last_year")]
    if any(y is not None for y in years) and not (all(isinstance(y, int) for y in years) and years[0] <= years[1]):
        raise DataError(
            shown, "needs both first_year and last_year, in order", row=row, column="reported", value=reported
        )


def _inherit(claim, seen, number, shown):
    row = _row(number, claim)
    source = seen.get(claim["same_as"])
    if source is None or "same_as" in source:
        raise DataError(
            shown,
            "must name another claim that has its own criterion",
            row=row,
            column="same_as",
            value=claim["same_as"],
        )
    for key in INHERITED:
        if key in source and key not in claim:
            claim[key] = copy.deepcopy(source[key])


def _number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _check_criterion(claim, row, shown):
    criterion = claim["criterion"]
    if criterion == NOT_TESTABLE:
        return

    def fail(problem, column, value):
        raise DataError(shown, problem, row=row, column=column, value=value)

    if (
        not isinstance(criterion, dict)
        or not {"readings"} <= set(criterion) <= {"readings", "otherwise"}
        or not isinstance(criterion["readings"], list)
        or not criterion["readings"]
    ):
        fail(
            "must be 'not testable' or a mapping with a non-empty list `readings` (and `otherwise`)",
            "criterion",
            criterion,
        )
    if criterion.get("otherwise", OTHERWISE[0]) not in OTHERWISE:
        fail(f"is not one of {list(OTHERWISE)}", "criterion.otherwise", criterion["otherwise"])
    for k, reading in enumerate(criterion["readings"]):
        where = f"criterion.readings[{k}]"
        if not isinstance(reading, dict) or set(reading) != {"name", "require"}:
            fail("must be a mapping with exactly `name` and `require`", where, reading)
        if not isinstance(reading["name"], str) or not reading["name"].strip():
            fail("must be non-empty text", f"{where}.name", reading["name"])
        if not isinstance(reading["require"], list) or not reading["require"]:
            fail("must be a non-empty list of conditions", f"{where}.require", reading["require"])
        for j, condition in enumerate(reading["require"]):
            _check_condition(condition, claim, f"{where}.require[{j}]", fail)


def _check_condition(condition, claim, where, fail):
    if (
        not isinstance(condition, dict)
        or not {"measure", "op", "value"} <= set(condition)
        or not set(condition) <= {"measure", "op", "value", "tolerance"}
    ):
        fail("must be a mapping of measure, op, value (and tolerance for 'within')", where, condition)
    if not isinstance(condition["measure"], str) or not MEASURE.fullmatch(condition["measure"]):
        fail("is not a measure name (lower case, digits, '_')", f"{where}.measure", condition["measure"])
    if condition["op"] not in OPS:
        fail(f"is not one of {list(OPS)}", f"{where}.op", condition["op"])
    value = condition["value"]
    if value == "paper":
        if not _number(claim["paper_value"]):
            fail("is 'paper', but the claim's paper_value is not a number", f"{where}.value", value)
    elif isinstance(value, dict):
        if (
            not set(value) <= {"measure", "times"}
            or not isinstance(value.get("measure"), str)
            or not MEASURE.fullmatch(value["measure"])
            or not _number(value.get("times", 1))
        ):
            fail("must be a number, 'paper' or {measure: name, times: number}", f"{where}.value", value)
    elif not _number(value):
        fail("must be a number, 'paper' or {measure: name, times: number}", f"{where}.value", value)
    if (condition["op"] == "within") != ("tolerance" in condition):
        fail("a tolerance goes with op 'within', and only with it", f"{where}.tolerance", condition.get("tolerance"))
    if "tolerance" in condition:
        tolerance = condition["tolerance"]
        ok = (_number(tolerance) and tolerance >= 0) or (isinstance(tolerance, str) and TOLERANCE.fullmatch(tolerance))
        if not ok:
            fail("must be a non-negative number or a percentage such as '5%'", f"{where}.tolerance", tolerance)


# --- reading the register ----------------------------------------------------------------------------


def is_main(claim):
    """A main claim of the paper: one its abstract or conclusion makes (restated elsewhere or not)."""
    return claim["section"] in MAIN_SECTIONS


def first_occurrence(claim):
    """The id of the claim a restatement repeats (`same_as`), or the claim's own id."""
    return claim.get("same_as") or claim["id"]


def by_id(register=None):
    """The claims as a dict id -> claim."""
    return {c["id"]: c for c in (register if register is not None else load_register())}


def _shared():
    """The register file's claims by id as loaded: shared, so only read and copied from (`claim`)."""
    return _index(*_key(None, None))


@functools.lru_cache(maxsize=8)
def _index(key, shown):
    return {c["id"]: c for c in _load(key, shown)[0]}


def claim(claim_id, register=None):
    """One claim by id (from `register`, or a fresh copy of the register file's); KeyError naming it when the
    register has no such claim. Without a register only that claim is copied: pages and checks ask for one
    claim at a time, hundreds of times per run."""
    claims = {c["id"]: c for c in register} if register is not None else _shared()
    if claim_id not in claims:
        raise KeyError(f"the claims register has no claim {claim_id!r}")
    return claims[claim_id] if register is not None else copy.deepcopy(claims[claim_id])


def inputs(claim_id, register=None):
    """What a claim's check reads besides the data (its `inputs` mapping; {} when it has none)."""
    return claim(claim_id, register).get("inputs", {})


def reported(claim_id, register=None):
    """A figure the paper reports from elsewhere: {'value', and where given 'first_year', 'last_year', 'state', ...}."""
    found = claim(claim_id, register).get("reported")
    if found is None:
        raise KeyError(f"claim {claim_id!r} records no reported figure")
    return found


def threshold(claim_id, measure, register=None, reading=None):
    """The constant a claim's criterion compares `measure` with: in the given reading (0 = strictest), or in
    the first reading that sets one. KeyError when the criterion sets none."""
    readings = claim(claim_id, register)["criterion"]
    readings = readings["readings"] if isinstance(readings, dict) else []
    chosen = readings if reading is None else readings[reading : reading + 1]
    for r in chosen:
        for c in r["require"]:
            if c["measure"] == measure and _number(c["value"]):
                return c["value"]
    raise KeyError(f"claim {claim_id!r} sets no threshold on {measure!r}")


def paper_split(register=None):
    """The paper's programs per domain, from the register's count claims domain-<domain>-<n>."""
    from ..params import DOMAINS

    claims = register if register is not None else _shared().values()  # read only
    split = {}
    for c in claims:
        for name in DOMAINS:
            if c["id"].startswith(f"domain-{name}-") and c["kind"] == "count":
                split[name] = int(c["paper_value"])
    missing = [name for name in DOMAINS if name not in split]
    if missing:
        raise KeyError(f"the claims register has no count claim for domain(s) {missing}")
    return split


def paper_assumptions(register=None):
    """The paper's delegation sizes and total, from the register."""
    claims = {i: claim(i, register) for i in ("delegation-single-20", "delegation-multi-5", "officials-total-1200")}
    return {
        "single": claims["delegation-single-20"]["paper_value"],
        "multi": claims["delegation-multi-5"]["paper_value"],
        "total": claims["officials-total-1200"]["paper_value"],
    }
