"""The claims register (data/claims.yaml) and the ledger: each claim's paper value beside ours, with a verdict."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .errors import DataError
from .paths import display, project_root

REGISTER = Path("data") / "claims.yaml"
VERDICTS = ("reproduced", "approximately reproduced", "not reproduced", "not testable with this data")
KINDS = ("count", "share", "estimate", "trend", "comparison", "external")
CHAPTERS = ("dataset", "domains", "officials", "trends", "states", "curricula", "context")
LEDGER_COLUMNS = ["claim_id", "chapter", "location", "kind", "quote", "paper_value", "reproduced_value",
                  "verdict", "reason", "criterion"]


@dataclass
class Result:
    """What an evaluator found: our value, the reason in one line, and a verdict when the criterion is judgement."""
    value: object
    reason: str
    verdict: str | None = None


def load_register(path=None, root=None):
    """The claims, validated: unique ids, known kinds, chapters and criteria."""
    root = root or project_root()
    path = Path(path) if path else root / REGISTER
    shown = display(path, root)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    claims = doc["claims"]
    seen = set()
    for number, claim in enumerate(claims, start=1):
        for key in ("id", "quote", "location", "paper_value", "kind", "criterion", "chapter", "test"):
            if key not in claim:
                raise DataError(shown, "is missing", row=number, column=key)
        if claim["id"] in seen:
            raise DataError(shown, "repeats an earlier id", row=number, column="id", value=claim["id"])
        seen.add(claim["id"])
        if claim["kind"] not in KINDS:
            raise DataError(shown, f"is not one of {KINDS}", row=number, column="kind", value=claim["kind"])
        if claim["chapter"] not in CHAPTERS:
            raise DataError(shown, f"is not one of {CHAPTERS}", row=number, column="chapter", value=claim["chapter"])
        parse_criterion(claim["criterion"], shown, number)
    return claims


def parse_criterion(text, file="claims", row=None):
    """'exact' | 'tolerance: 5%' | 'tolerance: 50' | 'judgement' | 'not testable' -> (kind, tolerance, relative)."""
    if text in ("exact", "judgement", "not testable"):
        return text, None, False
    match = re.fullmatch(r"tolerance: ([0-9.]+)(%?)", str(text))
    if not match:
        raise DataError(file, "is not exact, judgement, not testable or 'tolerance: N[%]'", row=row,
                        column="criterion", value=text)
    return "tolerance", float(match.group(1)), match.group(2) == "%"


def verdict_for(claim, result):
    """The verdict from the claim's criterion and our value (judgement claims bring their own)."""
    kind, tolerance, relative = parse_criterion(claim["criterion"])
    if kind == "not testable":
        return "not testable with this data"
    if kind == "judgement":
        if result.verdict not in VERDICTS:
            raise ValueError(f"claim {claim['id']}: a judgement needs a verdict from its evaluator")
        return result.verdict
    paper, ours = claim["paper_value"], result.value
    if ours == paper:
        return "reproduced"
    if kind == "tolerance" and isinstance(paper, (int, float)) and isinstance(ours, (int, float)):
        allowed = tolerance * abs(paper) / 100 if relative else tolerance
        if abs(ours - paper) <= allowed:
            return "approximately reproduced"
    return "not reproduced"


def _format(value):
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)  # years stay 2019, not 2,019
    return "" if value is None else str(value)


def ledger(data, chapter=None, register=None):
    """One row per claim (of one chapter, or all): paper value, our value, verdict and reason."""
    from .claim_checks import evaluate
    claims = register or load_register(root=None)
    rows = []
    for claim in claims:
        if chapter and claim["chapter"] != chapter:
            continue
        if claim["criterion"] == "not testable":
            result = Result(None, claim["test"])
        else:
            result = evaluate(claim["id"], data, claim)
        rows.append({
            "claim_id": claim["id"], "chapter": claim["chapter"], "location": claim["location"],
            "kind": claim["kind"], "quote": claim["quote"], "paper_value": _format(claim["paper_value"]),
            "reproduced_value": _format(result.value), "verdict": verdict_for(claim, result),
            "reason": result.reason, "criterion": claim["criterion"],
        })
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def styled(table):
    """The ledger as a reader sees it in a chapter: an HTML table, its text identical from run to run."""
    from .tables_html import explorable
    shown = table[["claim_id", "quote", "paper_value", "reproduced_value", "verdict", "reason"]].rename(
        columns={"claim_id": "claim", "paper_value": "paper", "reproduced_value": "reproduced"})
    return explorable(shown)


def write_csv(table, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path


def print_ledger(path):
    """`govexport claims`: the ledger of a build, in the terminal."""
    from .errors import GovexportError
    if not Path(path).is_file():
        raise GovexportError(f"{path}: no ledger; build the book first (govexport book)")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    width = max(len(c) for c in table["claim_id"])
    variant = "default_value" in table.columns
    for row in table.itertuples(index=False):
        line = (f"{row.claim_id:<{width}}  {row.verdict:<27}  paper {row.paper_value or '-':>10}  "
                f"this build {row.reproduced_value or '-':>10}")
        if variant:
            line += f"  default {row.default_value or '-':>10}" + ("  (changed)" if row.changed == "True" else "")
        print(line)
    counts = table["verdict"].value_counts()
    print("\n" + ", ".join(f"{counts.get(v, 0)} {v}" for v in VERDICTS))


def verdict_counts(table):
    """Claims per verdict, every verdict listed."""
    return table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def with_baseline(table, baseline_csv):
    """A variant's ledger with the default build's value and verdict beside each claim.

    Returns the table unchanged when there is no baseline ledger (the default run itself, or no default build).
    """
    path = Path(baseline_csv)
    if not path.is_file():
        return table
    base = pd.read_csv(path, dtype=str, keep_default_na=False)[["claim_id", "reproduced_value", "verdict"]]
    base = base.rename(columns={"reproduced_value": "default_value", "verdict": "default_verdict"})
    merged = table.merge(base, on="claim_id", how="left")
    merged["changed"] = (merged["reproduced_value"] != merged["default_value"]) | \
        (merged["verdict"] != merged["default_verdict"])
    return merged
