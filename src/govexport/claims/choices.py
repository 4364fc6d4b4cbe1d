"""The multiverse's choices (data/choices.yaml): every analytic choice, its alternatives and why each is defensible.

A choice has an `id`, a `label` (what a reader is asked to choose), a `kind` and alternatives, each with a
one-line `reason`:

- `coding`: how programs are coded into domains. Its alternatives come from the run's data: every rule set
  of the codebook as it codes (the run's `ruleset` first, the default), then every other coding of the
  uncertain programs of the rule set `fitted_to` that gives the paper's split (analysis.domains
  .consistent_codings; a "refit"). `rulesets` gives a reason per rule set, `refit` the refits' reason.
- `parameter`: a run parameter (`parameter`), with `alternatives` given as values or as a `grid`
  {from, to, step}; `register: <claim id>` ties the default to that claim's paper_value.
- `input`: a value the checks of `claims` read from their `inputs` under `key` (`halves`, `band`).
- `subset`: which of the measures declared under `inputs.<key>` of `claims` count: `value: all` or
  `keep: [names]`.
- `threshold`: the constant of the register's conditions named by `refs` ({claim, measure, reading}):
  a number, or a tolerance ('5%') for `within`, or the factor of `{measure, times}`.

`default` names the alternative the book's ledger uses: for an input, the check's own default (or the
register's value under the key); for a threshold, the register's value at every reference, checked here.
A choice that names a claim also bears on the claims that repeat it (`same_as`). `grades` turn the share
of specifications under which a claim holds into a word. Every problem is one DataError naming the file,
the choice and the field.
"""

import copy
import functools
import math
from dataclasses import dataclass
from pathlib import Path

from ..analysis.trends import DEFAULT_HALVES
from ..errors import DataError
from ..measures import label as measure_label
from ..paths import display, project_root
from ..safeyaml import load
from .formatting import amount, number
from .register import by_id

CHOICES = Path("data") / "choices.yaml"
KINDS = ("coding", "parameter", "input", "subset", "threshold")
UNIVERSE = ("coding", "parameter")  # kinds every claim is evaluated under; the others bear on named claims
FIELDS = {
    "coding": ("fitted_to", "rulesets", "refit"),
    "parameter": ("parameter", "default", "alternatives", "register"),
    "input": ("key", "claims", "default", "alternatives"),
    "subset": ("key", "claims", "default", "alternatives"),
    "threshold": ("refs", "default", "alternatives"),
}
OPTIONAL = {"register"}
INPUT_DEFAULTS = {"halves": DEFAULT_HALVES}  # what a check uses when its claim's inputs do not say (checks.halves)


@dataclass(frozen=True)
class Alternative:
    value: object  # what the choice sets: a parameter's value, an input, a threshold, the measures kept
    label: str  # the alternative in a few words, for tables, figures and the explorer
    reason: str


@dataclass(frozen=True)
class Choice:
    id: str
    kind: str
    label: str
    alternatives: tuple  # of Alternative; for `coding`, filled from the data (see multiverse.codings)
    default: int  # index of the default alternative
    claims: tuple = ()  # the claims it bears on (input, subset, threshold), same_as repeats included
    target: str = ""  # the parameter or the inputs key it sets
    refs: tuple = ()  # thresholds: ({claim, measure, reading}, ...)
    spec: dict | None = None  # the validated entry, for the kinds that need more (coding)

    @property
    def universal(self):
        return self.kind in UNIVERSE


@dataclass(frozen=True)
class Grade:
    name: str
    floor: float
    strict: bool  # True: the share must pass the floor (above), False: reach it (at_least)
    meaning: str

    def admits(self, share):
        return share > self.floor if self.strict else share >= self.floor


def load_choices(register, path=None, root=None):
    """(choices, grades) of data/choices.yaml, validated against the claims `register` (a loaded register)."""
    root = root or project_root()
    path = Path(path) if path else root / CHOICES
    try:
        stamp = path.stat()
        key = (str(path.resolve()), stamp.st_mtime_ns, stamp.st_size)
    except OSError:
        key = (str(path), None, None)  # let load() name the problem
    return _validate(copy.deepcopy(_load(key, display(path, root))), register, display(path, root))


@functools.lru_cache(maxsize=4)
def _load(key, shown):
    return load(key[0], shown)


def _validate(doc, register, shown):
    if not isinstance(doc, dict) or set(doc) != {"grades", "choices"}:
        raise DataError(shown, "must be a mapping with exactly `grades` and `choices`")
    grades = _grades(doc["grades"], shown)
    if not isinstance(doc["choices"], list) or not doc["choices"]:
        raise DataError(shown, "must be a non-empty list", column="choices")
    claims = by_id(register)
    seen, out = set(), []
    for number_, entry in enumerate(doc["choices"], start=1):
        row = f"choice {number_}" + (f" ({entry['id']})" if isinstance(entry, dict) and "id" in entry else "")
        choice = _choice(entry, row, shown, claims)
        if choice.id in seen:
            raise DataError(shown, "repeats an earlier id", row=row, column="id", value=choice.id)
        seen.add(choice.id)
        out.append(choice)
    if sum(c.kind == "coding" for c in out) > 1:
        raise DataError(shown, "declares more than one coding choice", column="choices")
    return tuple(out), grades


def _grades(entries, shown):
    if not isinstance(entries, list) or not entries:
        raise DataError(shown, "must be a non-empty list", column="grades")
    grades = []
    for k, g in enumerate(entries, start=1):
        row = f"grade {k}"
        bounds = [key for key in ("at_least", "above") if isinstance(g, dict) and key in g]
        if not isinstance(g, dict) or len(bounds) != 1 or set(g) != {"name", "meaning", bounds[0]}:
            raise DataError(shown, "must be a mapping of name, meaning and one of at_least, above", row=row, value=g)
        floor = g[bounds[0]]
        if not _number(floor) or not 0 <= floor <= 1:
            raise DataError(shown, "must be a share between 0 and 1", row=row, column=bounds[0], value=floor)
        for key in ("name", "meaning"):
            if not isinstance(g[key], str) or not g[key].strip():
                raise DataError(shown, "must be non-empty text", row=row, column=key, value=g[key])
        grades.append(Grade(g["name"], float(floor), bounds[0] == "above", g["meaning"]))
    if any(a.floor < b.floor or (a.floor == b.floor and not a.strict and b.strict) for a, b in zip(grades, grades[1:])):
        raise DataError(shown, "must go from the highest floor to the lowest", column="grades")
    if not grades[-1].admits(0.0):
        raise DataError(shown, "the last grade must admit a share of 0", column="grades", value=grades[-1].name)
    return tuple(grades)


def _number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _text(entry, key, row, shown):
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataError(shown, "must be non-empty text", row=row, column=key, value=value)
    return value


def _choice(entry, row, shown, claims):
    if not isinstance(entry, dict):
        raise DataError(shown, "must be a mapping", row=row, value=entry)
    for key in ("id", "kind", "label"):
        _text(entry, key, row, shown)
    kind = entry["kind"]
    if kind not in KINDS:
        raise DataError(shown, f"is not one of {list(KINDS)}", row=row, column="kind", value=kind)
    allowed = {"id", "kind", "label", *FIELDS[kind]}
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise DataError(
            shown, f"is not a field of a {kind} choice ({', '.join(sorted(allowed))})", row=row, column=unknown[0]
        )
    missing = [k for k in FIELDS[kind] if k not in entry and k not in OPTIONAL]
    if missing:
        raise DataError(shown, "is missing", row=row, column=missing[0])
    base = {"id": entry["id"], "kind": kind, "label": entry["label"]}
    if kind == "coding":
        return _coding(entry, base, row, shown)
    if kind == "threshold":
        return _threshold(entry, base, row, shown, claims)
    alternatives = _alternatives(entry, row, shown)
    if kind == "parameter":
        from ..params import DEFAULTS

        if entry["parameter"] not in DEFAULTS:
            raise DataError(shown, "is not a run parameter", row=row, column="parameter", value=entry["parameter"])
        if "register" in entry:
            claim = _claim(entry["register"], claims, row, "register", shown)
            if claim["paper_value"] != entry["default"]:
                raise DataError(
                    shown,
                    f"differs from the paper_value {claim['paper_value']!r} of claim {claim['id']}",
                    row=row,
                    column="default",
                    value=entry["default"],
                )
        return _made(base, alternatives, entry, row, shown, target=entry["parameter"])
    names = _claims(entry, row, shown, claims)
    key = _text(entry, "key", row, shown)
    for claim_id in names:
        declared = claims[claim_id].get("inputs", {})
        if kind == "subset":
            listed = [m.get("measure") for m in declared.get(key, []) if isinstance(m, dict)]
            for alternative in alternatives:
                kept = alternative.value
                stray = [] if kept == "all" else [m for m in kept if m not in listed]
                if not listed or stray:
                    raise DataError(
                        shown,
                        f"names measures that claim {claim_id} does not declare under inputs.{key} "
                        f"({', '.join(listed) or 'none'})",
                        row=row,
                        column="alternatives",
                        value=stray or kept,
                    )
        else:
            current = declared.get(key, INPUT_DEFAULTS.get(key))
            if current is None or current != entry["default"]:
                raise DataError(
                    shown,
                    f"differs from what claim {claim_id}'s check uses by default ({current!r}, inputs.{key})",
                    row=row,
                    column="default",
                    value=entry["default"],
                )
    if kind == "subset" and entry["default"] != "all":
        raise DataError(shown, "must be 'all': the register's declared measures", row=row, column="default")
    return _made(base, alternatives, entry, row, shown, target=key, claims=_with_repeats(names, claims))


def _made(base, alternatives, entry, row, shown, **extra):
    values = [a.value for a in alternatives]
    if len(set(map(repr, values))) < len(values):
        raise DataError(shown, "lists an alternative twice", row=row, column="alternatives")
    default = entry["default"]
    if default not in values:
        raise DataError(shown, "is not among the alternatives", row=row, column="default", value=default)
    return Choice(**base, alternatives=tuple(alternatives), default=values.index(default), **extra)


def _alternatives(entry, row, shown):
    items = entry.get("alternatives")
    if not isinstance(items, list) or not items:
        raise DataError(shown, "must be a non-empty list", row=row, column="alternatives")
    out = []
    for k, item in enumerate(items, start=1):
        where = f"alternatives[{k}]"
        if not isinstance(item, dict) or "reason" not in item or len(item) != 2:
            raise DataError(
                shown, "must be a mapping of one of value, grid, keep, and a reason", row=row, column=where, value=item
            )
        reason = _text(item, "reason", row, shown)
        if "grid" in item:
            out += [Alternative(v, amount(v), reason) for v in _grid(item["grid"], row, where, shown)]
        elif "keep" in item:
            kept = item["keep"]
            if not isinstance(kept, list) or not kept or not all(isinstance(m, str) for m in kept):
                raise DataError(shown, "must be a non-empty list of measure names", row=row, column=where, value=kept)
            out.append(Alternative(tuple(kept), ", ".join(measure_label(m) for m in kept), reason))
        elif "value" in item:
            value = item["value"]
            if not (_number(value) or isinstance(value, str)):
                raise DataError(shown, "must be a number or text", row=row, column=where, value=value)
            out.append(Alternative(value, amount(value) if _number(value) else value, reason))
        else:
            raise DataError(shown, "must have one of value, grid, keep", row=row, column=where, value=item)
    return out


def _grid(grid, row, where, shown):
    if not isinstance(grid, dict) or set(grid) != {"from", "to", "step"} or not all(map(_number, grid.values())):
        raise DataError(shown, "must be {from, to, step} of numbers", row=row, column=f"{where}.grid", value=grid)
    start, stop, step = grid["from"], grid["to"], grid["step"]
    if step <= 0 or stop < start or (stop - start) / step > 1000:
        raise DataError(shown, "must run upwards in at most 1,000 steps", row=row, column=f"{where}.grid", value=grid)
    count = int(round((stop - start) / step))
    return [round(start + k * step, 10) for k in range(count + 1)]


def _claim(claim_id, claims, row, column, shown):
    if claim_id not in claims:
        raise DataError(shown, "is not a claim of the register", row=row, column=column, value=claim_id)
    claim = claims[claim_id]
    if "same_as" in claim:
        raise DataError(shown, f"repeats {claim['same_as']}: name that claim", row=row, column=column, value=claim_id)
    return claim


def _claims(entry, row, shown, claims):
    names = entry.get("claims")
    if not isinstance(names, list) or not names:
        raise DataError(shown, "must be a non-empty list of claim ids", row=row, column="claims", value=names)
    for name in names:
        claim = _claim(name, claims, row, "claims", shown)
        if not isinstance(claim["criterion"], dict):
            raise DataError(shown, "is a claim declared not testable", row=row, column="claims", value=name)
    return names


def _with_repeats(names, claims):
    """The named claims and every claim that repeats one of them (same_as), in the register's order."""
    return tuple(i for i, c in claims.items() if i in names or c.get("same_as") in names)


def _coding(entry, base, row, shown):
    rulesets = entry["rulesets"]
    if (
        not isinstance(rulesets, dict)
        or not rulesets
        or not all(isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in rulesets.items())
    ):
        raise DataError(shown, "must map rule set names to reasons", row=row, column="rulesets", value=rulesets)
    _text(entry, "fitted_to", row, shown)
    _text(entry, "refit", row, shown)
    return Choice(**base, alternatives=(), default=0, spec=dict(entry))


def _threshold(entry, base, row, shown, claims):
    refs = entry["refs"]
    if not isinstance(refs, list) or not refs:
        raise DataError(shown, "must be a non-empty list of {claim, measure, reading}", row=row, column="refs")
    alternatives = _alternatives(entry, row, shown)
    names = []
    for k, ref in enumerate(refs, start=1):
        where = f"refs[{k}]"
        if not isinstance(ref, dict) or set(ref) != {"claim", "measure", "reading"}:
            raise DataError(shown, "must be {claim, measure, reading}", row=row, column=where, value=ref)
        claim = _claim(ref["claim"], claims, row, f"{where}.claim", shown)
        field, current = threshold_field(claim, ref)
        if field is None:
            raise DataError(
                shown,
                f"is stale: claim {claim['id']} has no reading {ref['reading']!r} with a constant on measure "
                f"{ref['measure']!r}",
                row=row,
                column=where,
                value=ref,
            )
        if current != entry["default"]:
            raise DataError(
                shown,
                f"is stale: claim {claim['id']}'s reading {ref['reading']} sets {ref['measure']} {field} "
                f"{current!r}, not the default",
                row=row,
                column=where,
                value=entry["default"],
            )
        for alternative in alternatives:
            bad = (field == "tolerance") != isinstance(alternative.value, str)
            if bad or (field == "tolerance" and not str(alternative.value).rstrip("%").replace(".", "", 1).isdigit()):
                raise DataError(
                    shown,
                    f"does not fit the condition's {field}",
                    row=row,
                    column="alternatives",
                    value=alternative.value,
                )
        names.append(claim["id"])
    labelled = [Alternative(a.value, threshold_label(a.value, refs[0]["measure"]), a.reason) for a in alternatives]
    return _made(base, labelled, entry, row, shown, refs=tuple(refs), claims=_with_repeats(names, claims))


def threshold_label(value, measure):
    return value if isinstance(value, str) else number(value, measure)


def _conditions(claim, ref):
    criterion = claim["criterion"]
    readings = criterion["readings"] if isinstance(criterion, dict) else []
    k = ref["reading"]
    if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k < len(readings):
        return []
    return [c for c in readings[k]["require"] if c["measure"] == ref["measure"]]


def threshold_field(claim, ref):
    """(field, current value) of the condition a threshold reference names: 'value' for a constant,
    'tolerance' for `within`, 'times' for a comparison with another measure; (None, None) when stale."""
    found = _conditions(claim, ref)
    if len(found) != 1:
        return None, None
    condition = found[0]
    if condition["op"] == "within":
        return "tolerance", condition["tolerance"]
    if isinstance(condition["value"], dict):
        return "times", condition["value"].get("times", 1)
    if _number(condition["value"]):
        return "value", condition["value"]
    return None, None


def with_threshold(claim, ref, value):
    """A copy of `claim` whose condition named by `ref` has its constant set to `value`."""
    changed = copy.deepcopy(claim)
    field, _ = threshold_field(changed, ref)
    condition = _conditions(changed, ref)[0]
    if field == "times":
        condition["value"]["times"] = value
    else:
        condition[field] = value
    return changed


def by_choice_id(choices):
    return {c.id: c for c in choices}
