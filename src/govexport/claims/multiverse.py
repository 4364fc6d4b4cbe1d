"""The multiverse: every testable claim under every combination of the defensible choices that bear on it.

Multiverse analysis (Steegen, Tuerlinckx, Gelman & Vanpaemel 2016) runs one analysis under every
combination of defensible choices; here the analysis is the ledger, claim by claim. The choices are
data/choices.yaml's (claims/choices.py); each claim is judged by the ledger's verdict rule
(verdict.judge) on the measures of its own check (checks.evaluate), so the default specification gives
the ledger's verdicts exactly.

Specifications. The universe choices (the coding, and the run parameters: the repeated row, the two
delegation sizes) are crossed for every claim; a claim's own choices (an input of its check, which
measures count, a threshold of its criterion) are crossed with them for the claims they name. The table
has one row per claim and specification.

Work. A task is one dataset (a coding and the parameters that change the tables) with some of the
claims; the executor (engine.py: local processes or dask) runs the tasks. A worker runs each claim's check
once per combination of the claim's inputs, recording which run parameters the check reads: only a check
that reads a delegation size runs again for each size on the grid (the others' results hold for every
size, since nothing else changes). The first coding's tasks also probe each check without the coded columns
(domain, domain_rule) and without the rule set: a check that gives the same result so, at every grid point,
cannot change with the coding, and the other codings' tasks skip it. A claim that repeats another (same_as)
and is tested the same way takes that one's results. Thresholds are re-judged on the same measures.
"""

import dataclasses
import itertools
import json
import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis import domains
from ..data.dataset import load_dataset
from ..params import validate
from ..paths import project_root
from .checks import evaluate
from .choices import Alternative, load_choices, with_threshold
from .formatting import value_text
from .register import load_register, paper_split
from .verdict import judge, testable

TRACED = ("delegation_single", "delegation_multi")  # run parameters that change no table, only what checks compute
HOLDS = ("reproduced", "approximately reproduced")
NOT_TESTABLE = "not testable"  # the grade of a claim no specification can test
TESTED = (*HOLDS, "not reproduced")
CLAIMS_PER_TASK = 12
TABLE, SUMMARY = "multiverse.parquet", "multiverse-summary.csv"
METADATA_KEY = b"govexport.multiverse"  # the Parquet file's own record of its choices and counts
# What the table holds besides the choices; a reader of the Parquet file finds it in its metadata too.
COLUMNS = {
    "claim_id": "the claim (data/claims.yaml)",
    "value": "the claim's value in this specification, as the ledger shows it",
    "estimate": "the measure its strictest reading compares first (as a ratio when compared with another measure)",
    "measures": "every measure its criterion reads, as JSON",
    "verdict": "the verdict of the ledger's rule under this specification's thresholds",
    "holds": "reproduced or approximately reproduced",
    "default": "every choice at the book's default: the ledger's own row",
}


@dataclasses.dataclass
class Multiverse:
    table: pd.DataFrame  # one row per claim and specification (COLUMNS and one column per choice)
    summary: pd.DataFrame  # one row per claim: shares, grade, what bears on it, what flips it
    choices: list  # [{id, kind, label, alternatives: [{label, reason}], default, claims}] as resolved for the run
    grades: list  # [{name, floor, strict, meaning}]
    evaluations: int  # checks actually run (the rest of the table is the same results, re-judged or repeated)


# --- the coding choice: rule sets as they code, and refits of the paper's split ------------------------------


def resolve_coding(choice, data, register):
    """The coding choice's alternatives for the run's data: each rule set of the codebook as it codes (the run's
    first: the default), then each refit: a coding of the uncertain programs of rule set `fitted_to` that
    gives the paper's split, other than that rule set's own. Value ('ruleset', name) or ('refit', name,
    ((program_id, domain), ...))."""
    spec, codebook = choice.spec, data.codebook
    names = [data.params["ruleset"], *(r for r in codebook.rulesets if r != data.params["ruleset"])]
    alternatives = [
        Alternative(
            ("ruleset", name),
            f"rule set {codebook.label(name)}",
            spec["rulesets"].get(name, "a rule set of the codebook"),
        )
        for name in names
    ]
    fitted = spec["fitted_to"]
    if fitted in codebook.rulesets:
        alternatives += _refits(data, fitted, register, spec["refit"])
    return dataclasses.replace(choice, alternatives=tuple(alternatives), default=0)


def _refits(data, ruleset, register, reason):
    from ..data.coding import code_programs

    whole = code_programs(data.table1, data.codebook, ruleset)  # the paper's counts describe the whole table
    uncertain = domains.uncertain_programs(whole, data.codebook, ruleset)
    if uncertain.empty:
        return []
    try:
        codings, _ = domains.consistent_codings(whole, uncertain, paper_split(register))
    except ValueError:  # too many trainer groups to enumerate: no refit is offered
        return []
    groups = domains.uncertain_groups(uncertain)
    if codings.attrs.get("sampled"):  # too many fit to list: the multiverse takes the uniform sample listed
        reason += f" (one of {len(codings):,} drawn uniformly from the {codings.attrs['count']:,} codings that fit)"
    members = uncertain.groupby("trainer", sort=False)["program_id"].agg(tuple)
    programs = {g: members[t] for g, t in zip(groups["group"], groups["trainer"])}
    ids = dict(zip(groups["group"], groups["program_ids"]))
    now = dict(zip(groups["group"], groups["domain now"]))
    rows = [r for _, r in codings.iterrows() if not r["as coded"]]
    rows.sort(key=lambda r: tuple(str(r[g]) for g in groups["group"]))  # a stable order, whatever the search's
    out = []
    for k, r in enumerate(rows, start=1):
        moved = {}
        for g in groups["group"]:
            if r[g] != now[g]:
                moved.setdefault(r[g], []).append(ids[g])
        said = "; ".join(f"{', '.join(i)} {domain}" for domain, i in moved.items())
        value = ("refit", ruleset, tuple((p, r[g]) for g in groups["group"] for p in programs[g]))
        out.append(
            Alternative(value, f"refit {k}: {said}", f"{reason} (a refit of rule set {data.codebook.label(ruleset)})")
        )
    return out


def recoded(data, assignment):
    """`data` with the programs of `assignment` ((program_id, domain), ...) in those domains; the rule that coded
    them stays, so checks still see them as coded by judgement (a catch-all or an overridden trainer)."""
    domain_of = dict(assignment)

    def apply(frame):
        target = frame["program_id"].map(domain_of)
        return frame.assign(domain=target.fillna(frame["domain"]))

    return dataclasses.replace(
        data, coded=apply(data.coded), programs=apply(data.programs), program_states=apply(data.program_states)
    )


# --- planning ----------------------------------------------------------------------------------------------


@dataclasses.dataclass
class ClaimPlan:
    claim: dict  # the register entry
    own: list  # the claim's own choices (ids), in choices.yaml's order
    inputs: list  # per combination of its input and subset choices: {key: value} for its inputs
    variants: list  # per combination of its threshold choices: the claim with those thresholds
    repeats: int | None = (
        None  # the number of the plan it repeats (same_as, same check, criterion and inputs): its results
    )


def plan_claims(register, choices):
    claims = [c for c in register if testable(c)]
    plans = []
    for claim in claims:
        own = [c for c in choices if not c.universal and claim["id"] in c.claims]
        inputs_ = [c for c in own if c.kind in ("input", "subset")]
        thresholds = [c for c in own if c.kind == "threshold"]
        combos = []
        for picked in itertools.product(*(c.alternatives for c in inputs_)):
            override = dict(claim.get("inputs", {}))
            for choice, alternative in zip(inputs_, picked):
                override[choice.target] = _input_value(claim, choice, alternative)
            combos.append(override)
        variants = []
        for picked in itertools.product(*(c.alternatives for c in thresholds)):
            variant = claim
            for choice, alternative in zip(thresholds, picked):
                for ref in choice.refs:  # the references to this claim (or to the claim it repeats)
                    if ref["claim"] in (claim["id"], claim.get("same_as")):
                        variant = with_threshold(variant, ref, alternative.value)
            variants.append(variant)
        plans.append(ClaimPlan(claim, [c.id for c in inputs_ + thresholds], combos, variants))
    numbers = {p.claim["id"]: n for n, p in enumerate(plans)}
    for plan in plans:
        source = numbers.get(plan.claim.get("same_as"))
        if source is not None and _same_test(plan, plans[source]):
            plan.repeats = source
    return plans


def _same_test(plan, source):
    """Whether a claim that repeats another is tested exactly as that one (so its results are that one's)."""
    from .checks import check_for

    a, b = plan.claim, source.claim
    return (
        check_for(a) is check_for(b)
        and plan.own == source.own
        and all(a.get(k) == b.get(k) for k in ("criterion", "inputs", "unit"))
    )


def _input_value(claim, choice, alternative):
    if choice.kind == "subset":
        declared = claim["inputs"][choice.target]
        return declared if alternative.value == "all" else [m for m in declared if m["measure"] in alternative.value]
    return alternative.value


# --- the work of one task (runs in a worker) -------------------------------------------------------------


class ReadRecorder(Mapping):
    """A run's parameters that remember which of them a check read."""

    def __init__(self, values):
        self._values, self.read = dict(values), set()

    def __getitem__(self, name):
        self.read.add(name)
        return self._values[name]

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)


def estimate(claim, measures):
    """The measure the strictest reading compares first; as a ratio when it is compared with another measure."""
    first = claim["criterion"]["readings"][0]["require"][0]
    x = measures.get(first["measure"])
    if isinstance(first["value"], dict):
        y = measures.get(first["value"]["measure"])
        return float(x) / float(y) if _finite(x) and _finite(y) and y != 0 else math.nan
    return float(x) if _finite(x) else math.nan


def _finite(x):
    return isinstance(x, (int, float, np.number)) and not isinstance(x, bool) and math.isfinite(float(x))


CODED = ("domain", "domain_rule")  # the only columns that differ between codings (data/coding.py)


def blind(data):
    """`data` without what a coding sets: the columns CODED (the rule set is a parameter, and read-recorded)."""
    return dataclasses.replace(
        data, **{name: getattr(data, name).drop(columns=list(CODED), errors="ignore") for name in FRAMES}
    )


FRAMES = ("coded", "programs", "program_states")


def _same(a, b):
    if a is None or b is None:
        return a is b
    return (a.in_run, value_text(a.value), json.dumps(_measures(a))) == (
        b.in_run,
        value_text(b.value),
        json.dumps(_measures(b)),
    )


def _measures(result):
    return {k: _plain(v) for k, v in sorted(result.measures.items())}


def _coding_free(claim, blinded, params, register):
    """The check's result on `blinded` (blind(data)) when it does not read the rule set, else None: if that is what
    it gives with the coded columns, no coding can change its result (the probe behind `probe` tasks)."""
    recorder = ReadRecorder(params)
    try:
        result = evaluate(claim, dataclasses.replace(blinded, params=recorder), register)
    except Exception:  # noqa: BLE001 (it needs the coded columns: it depends on the coding)
        return None
    return None if "ruleset" in recorder.read else result


def evaluate_task(task):
    """For one dataset and some claims: ([(claim number, input combination, grid point or -1 for all, threshold
    variant, value, estimate, measures JSON, verdict)], checks run, the (claim number, input combination) pairs
    whose results hold under every coding, when the task probes for them)."""
    data, grid, register = task["data"], task["grid"], task["register"]
    if task["recode"]:
        data = recoded(data, task["recode"])
    records, runs, free = [], 0, set()
    blinded = blind(data) if task["probe"] else None  # once per task: its checks' derived tables are kept per frame
    for number, plan in task["claims"]:
        for i, inputs in enumerate(plan.inputs):
            if (number, i) in task["skip"]:
                continue
            claim = {**plan.claim, "inputs": inputs} if inputs else plan.claim
            recorder = ReadRecorder({**data.params, **grid[task["default_point"]]})
            first = evaluate(claim, dataclasses.replace(data, params=recorder), register)
            runs += 1
            points = [(-1, first)]
            if recorder.read & set(TRACED):
                points = [(task["default_point"], first)] + [
                    (g, evaluate(claim, dataclasses.replace(data, params={**data.params, **point}), register))
                    for g, point in enumerate(grid)
                    if g != task["default_point"]
                ]
                runs += len(grid) - 1
            if task["probe"]:
                defaults = {**data.params, **grid[task["default_point"]]}
                blinds = [
                    (result, _coding_free(claim, blinded, {**defaults, **(grid[g] if g >= 0 else {})}, register))
                    for g, result in points
                ]
                runs += len(blinds)
                if all(b is not None and _same(r, b) for r, b in blinds):
                    free.add((number, i))
            for g, result in points:
                shown = value_text(result.value, plan.claim.get("unit")) if result is not None else ""
                measures = _measures(result) if result else {}
                for v, variant in enumerate(plan.variants):
                    verdict = judge(variant, result).verdict
                    records.append((number, i, g, v, shown, estimate(variant, measures), json.dumps(measures), verdict))
    return records, runs, free


def _plain(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(float(x)) else None
    return x


# --- the whole computation ---------------------------------------------------------------------------------


class Abandoned(Exception):
    """The computation was given up at a checkpoint: its `stop` said so (a stopped build)."""


def compute(params=None, root=None, executor=None, register=None, choices_path=None, probe=True, stop=None):
    """The multiverse of the run with `params` (the choices' own parameters are varied; the rest, such as the
    tables, years and selections, are the run's). `executor`: anything with concurrent.futures' `map` (engine.py);
    None runs the tasks here, one after the other. `probe` False runs every check under every coding (the
    tests compare the two). `stop`: a function asked between steps; when it says yes, Abandoned is raised."""

    def checkpoint():
        if stop is not None and stop():
            raise Abandoned

    root = Path(root) if root else project_root()
    register = register if register is not None else load_register(root=root)
    choices, grades = load_choices(register, path=choices_path, root=root)
    params = validate(dict(params or {}))
    universal = [c for c in choices if c.universal]
    coding = next((c for c in universal if c.kind == "coding"), None)
    traced = [c for c in universal if c.kind == "parameter" and c.target in TRACED]
    tabled = [c for c in universal if c.kind == "parameter" and c.target not in TRACED]
    base = load_dataset(params, root)
    if coding is not None:
        coding = resolve_coding(coding, base, register)
        choices = tuple(coding if c.id == coding.id else c for c in choices)
    universe = ([coding] if coding else []) + tabled + traced
    grid = [
        {c.target: a.value for c, a in zip(traced, point)}
        for point in itertools.product(*(c.alternatives for c in traced))
    ]
    default_point = (
        int(np.ravel_multi_index([c.default for c in traced], [len(c.alternatives) for c in traced])) if traced else 0
    )
    plans = plan_claims(register, choices)
    datasets = []  # (coding index, tabled indexes, dataset, recode)
    for coding_index, alternative in enumerate(coding.alternatives if coding else [None]):
        for picked in itertools.product(*(range(len(c.alternatives)) for c in tabled)):
            given = {**params, **{c.target: c.alternatives[k].value for c, k in zip(tabled, picked)}}
            recode = ()
            if alternative is not None:
                given["ruleset"] = alternative.value[1]
                recode = alternative.value[2] if alternative.value[0] == "refit" else ()
            datasets.append((coding_index, picked, load_dataset(given, root), recode))
    run = executor.map if executor is not None else map

    def tasks(which, probe, skip):
        out, keys = [], []
        numbered = [(n, p) for n, p in enumerate(plans) if p.repeats is None]
        for coding_index, picked, data, recode in which:
            for start in range(0, len(numbered), CLAIMS_PER_TASK):
                out.append(
                    {
                        "data": data,
                        "recode": recode,
                        "grid": grid or [{}],
                        "default_point": default_point,
                        "register": register,
                        "claims": numbered[start : start + CLAIMS_PER_TASK],
                        "probe": probe,
                        "skip": skip.get(picked, set()),
                    }
                )
                keys.append(([coding_index] if coding else []) + list(picked))
        return out, keys

    # Phase 1, the first coding, probing which results hold under every coding; phase 2, the other codings, for
    # the claims whose results may change with it. A result that holds under every coding counts for each.
    probe = probe and coding is not None
    first, keys = tasks([d for d in datasets if d[0] == 0 or not probe], probe=probe, skip={})
    checkpoint()
    results = list(run(evaluate_task, first))
    checkpoint()
    free = {}
    for (_, _, pairs), key in zip(results, keys):
        free.setdefault(tuple(key[1:]), set()).update(pairs)
    rest, rest_keys = tasks([d for d in datasets if d[0] != 0 and probe], probe=False, skip=free)
    results += list(run(evaluate_task, rest))
    checkpoint()
    keys += rest_keys
    evaluations = sum(runs for _, runs, _ in results)
    outcomes = _outcomes(results, keys, [c.id for c in ([coding] if coding else []) + tabled], free, coding)
    repeated = [
        outcomes[outcomes["claim"] == p.repeats].assign(claim=n) for n, p in enumerate(plans) if p.repeats is not None
    ]
    outcomes = pd.concat([outcomes, *repeated], ignore_index=True)
    table = _expand(outcomes, plans, choices, universe, traced, checkpoint)
    resolved = [_described(c) for c in choices]
    grades_ = [dataclasses.asdict(g) for g in grades]
    return Multiverse(table, summarise(table, resolved, grades_, checkpoint), resolved, grades_, evaluations)


def _described(choice):
    return {
        "id": choice.id,
        "kind": choice.kind,
        "label": choice.label,
        "alternatives": [{"label": a.label, "reason": a.reason} for a in choice.alternatives],
        "default": choice.default,
        "claims": list(choice.claims),
        "numeric": choice.kind == "parameter" and all(_finite(a.value) for a in choice.alternatives),
        "values": [a.value if _finite(a.value) else a.label for a in choice.alternatives],
    }


def _outcomes(results, keys, key_names, free, coding):
    """The records as a frame keyed by the dataset's choices; a result that holds under every coding gets the
    coding -1 (for all)."""
    rows = []
    for (records, _, _), key in zip(results, keys):
        shared = free.get(tuple(key[1:]), set()) if coding is not None else set()
        for record in records:
            lead = [-1, *key[1:]] if (record[0], record[1]) in shared else key
            rows.append((*lead, *record))
    columns = [*key_names, "claim", "inputs", "point", "variant", "value", "estimate", "measures", "verdict"]
    return pd.DataFrame(rows, columns=columns)


def _expand(outcomes, plans, choices, universe, traced, checkpoint=lambda: None):
    """The full crossing, claim by claim: one row per claim and specification, choices as labels (or numbers)."""
    by_id = {c.id: c for c in choices}
    coding_id = next((c.id for c in universe if c.kind == "coding"), None)
    n_codings = len(by_id[coding_id].alternatives) if coding_id else 1
    n_points = int(np.prod([len(c.alternatives) for c in traced])) if traced else 1
    frames = []
    for number, plan in enumerate(plans):
        checkpoint()
        mine = outcomes[outcomes["claim"] == number]
        if coding_id is not None:  # a result that holds under every coding: one copy per coding
            everywhere = mine[mine[coding_id] < 0]
            if len(everywhere):
                everywhere = everywhere.loc[everywhere.index.repeat(n_codings)].assign(
                    **{coding_id: np.tile(np.arange(n_codings), len(everywhere))}
                )
                mine = pd.concat([mine[mine[coding_id] >= 0], everywhere], ignore_index=True)
        shared = mine[mine["point"] < 0]
        if len(shared):  # a check that reads no delegation size: its result holds at every grid point
            shared = shared.loc[shared.index.repeat(n_points)].assign(point=np.tile(np.arange(n_points), len(shared)))
        mine = pd.concat([mine[mine["point"] >= 0], shared], ignore_index=True)
        own = [by_id[i] for i in plan.own]
        inputs_ = [c for c in own if c.kind != "threshold"]
        thresholds = [c for c in own if c.kind == "threshold"]
        columns = [c.id for c in universe + own]
        shape = [len(c.alternatives) for c in universe + own]  # every combination, the last choice varying fastest
        crossing = pd.DataFrame(dict(zip(columns, np.indices(shape).reshape(len(shape), -1))))
        crossing["point"] = _ravel(crossing, traced) if traced else 0
        crossing["inputs"] = _ravel(crossing, inputs_) if inputs_ else 0
        crossing["variant"] = _ravel(crossing, thresholds) if thresholds else 0
        keys = [c.id for c in universe if c not in traced] + ["point", "inputs", "variant"]
        merged = crossing.merge(mine.drop(columns="claim"), on=keys, how="left", validate="one_to_one")
        merged["default"] = np.logical_and.reduce([merged[c.id] == c.default for c in universe + own])
        merged.insert(0, "claim_id", plan.claim["id"])
        frames.append(merged.drop(columns=["point", "inputs", "variant"]))
    table = pd.concat(frames, ignore_index=True)
    for choice in choices:
        if choice.id not in table:
            table[choice.id] = -1
        codes = table[choice.id].fillna(-1).astype(int).to_numpy()
        numeric = choice.kind == "parameter" and all(_finite(a.value) for a in choice.alternatives)
        if numeric:
            values = np.array([float(a.value) for a in choice.alternatives])
            table[choice.id] = np.where(codes >= 0, values[np.clip(codes, 0, None)], np.nan)
        else:
            table[choice.id] = pd.Categorical.from_codes(codes, [a.label for a in choice.alternatives])
    table["holds"] = table["verdict"].isin(HOLDS)
    order = ["claim_id", *(c.id for c in choices), "value", "estimate", "measures", "verdict", "holds", "default"]
    table = table[order]
    for column in ("claim_id", "value", "measures", "verdict"):
        table[column] = table[column].astype("category")
    return table


def _ravel(frame, choices):
    return np.ravel_multi_index([frame[c.id].to_numpy() for c in choices], [len(c.alternatives) for c in choices])


# --- the summary --------------------------------------------------------------------------------------------


def grade_of(share, grades):
    """The first grade that admits `share` (grades run from the highest floor down)."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return NOT_TESTABLE
    for g in grades:
        if (share > g["floor"]) if g["strict"] else (share >= g["floor"]):
            return g["name"]
    return grades[-1]["name"]


def summarise(table, choices, grades, checkpoint=lambda: None):
    """One row per claim: its specifications, the share under which it holds (and is reproduced outright), its
    grade, its default verdict, the choices that bear on it (ids) and the single changes that flip it: in words
    (`flipped_by`) and as JSON (`flips`: [{choice, alternative, verdict}])."""
    rows = []
    labels = {c["id"]: c for c in choices}
    for claim_id, rows_ in table.groupby("claim_id", observed=True, sort=False):
        checkpoint()
        tested = rows_[rows_["verdict"].isin(TESTED)]
        share = float(tested["holds"].mean()) if len(tested) else math.nan
        strict = float((tested["verdict"] == "reproduced").mean()) if len(tested) else math.nan
        default = rows_[rows_["default"]]
        default_verdict = str(default["verdict"].iloc[0]) if len(default) else ""
        bearing = [c for c in choices if rows_[c["id"]].notna().all()]
        codes = {c["id"]: _codes(rows_[c["id"]]) for c in bearing}  # each column's codes, once per claim
        outcome = _key([_codes(rows_[c]) for c in ("value", "measures", "verdict")])
        bears_on = [c["id"] for c in bearing if _bears(outcome, [codes[b] for b in codes if b != c["id"]])]
        at_default = {b["id"]: (rows_[b["id"]] == _default_value(b)).to_numpy() for b in bearing}
        verdicts = rows_["verdict"].astype(str).to_numpy()
        flips = []
        for c in bearing:
            held = [at_default[b] for b in at_default if b != c["id"]]
            mask = np.logical_and.reduce(held) if held else np.ones(len(rows_), dtype=bool)
            for value, verdict in zip(rows_[c["id"]].to_numpy()[mask], verdicts[mask]):
                if verdict != default_verdict:
                    flips.append({"choice": c["id"], "alternative": _shown(value), "verdict": verdict})
        rows.append(
            {
                "claim_id": claim_id,
                "specifications": len(rows_),
                "tested": len(tested),
                "share_holds": share,
                "share_reproduced": strict,
                "grade": grade_of(share, grades),
                "default_verdict": default_verdict,
                "bears_on": "; ".join(bears_on),
                "flipped_by": "; ".join(
                    f"{labels[f['choice']]['label']} = {f['alternative']}: {f['verdict']}" for f in flips
                ),
                "flips": json.dumps(flips, ensure_ascii=False),
            }
        )
    return pd.DataFrame(rows)


def _default_value(choice):
    value = choice["values"][choice["default"]]
    return float(value) if choice["numeric"] else choice["alternatives"][choice["default"]]["label"]


def _shown(value):
    return value_text(float(value)) if isinstance(value, (float, np.floating)) else str(value)


def _codes(column):
    return column.cat.codes.to_numpy() if isinstance(column.dtype, pd.CategoricalDtype) else pd.factorize(column)[0]


def _bears(outcome, others):
    """Whether a claim's outcome (_key of its value, measures and verdict) changes along a choice with every other
    choice held (`others`: the other bearing choices' codes)."""
    if not others:
        return _distinct(outcome) > 1
    held = _key(others)  # one number per combination of the other choices
    return _distinct(_key([held, outcome])) > _distinct(held)


def _key(codes):
    """One integer per row for each combination of the code arrays' values: dense codes from 0, combined pair
    by pair so that no product of sizes outgrows an int64."""
    key = np.zeros(len(codes[0]), dtype=np.int64)
    for c in codes:
        dense = pd.factorize(c)[0].astype(np.int64)
        key = pd.factorize(key * (_distinct(dense) + 1) + dense)[0].astype(np.int64)
    return key


def _distinct(dense):
    """How many values an array of dense codes (from 0) takes."""
    return int(dense.max(initial=-1)) + 1


# --- files ----------------------------------------------------------------------------------------------------


def write(multiverse, folder):
    """multiverse.parquet (its choices, grades and counts in the file's metadata) and multiverse-summary.csv."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    arrow = pa.Table.from_pandas(multiverse.table, preserve_index=False)
    record = {
        "choices": multiverse.choices,
        "grades": multiverse.grades,
        "evaluations": multiverse.evaluations,
        "columns": COLUMNS,
    }
    arrow = arrow.replace_schema_metadata({**(arrow.schema.metadata or {}), METADATA_KEY: json.dumps(record)})
    pq.write_table(arrow, folder / TABLE, compression="zstd")
    multiverse.summary.to_csv(folder / SUMMARY, index=False, lineterminator="\n", float_format="%.6g")
    return folder / TABLE, folder / SUMMARY


def read(folder):
    """The Multiverse that `write` wrote into `folder`."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    arrow = pq.read_table(folder / TABLE)
    record = json.loads(arrow.schema.metadata[METADATA_KEY])
    table = arrow.to_pandas()
    summary = pd.read_csv(folder / SUMMARY, keep_default_na=False, na_values=[""])
    for column in ("bears_on", "flipped_by", "flips", "default_verdict"):
        summary[column] = summary[column].fillna("")
    return Multiverse(table, summary, record["choices"], record["grades"], record["evaluations"])
