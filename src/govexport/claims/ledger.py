"""The ledger: each claim's paper value beside ours, with a verdict."""

import csv
from pathlib import Path

import pandas as pd

from .checks import evaluate
from .register import VERDICTS, Result, load_register, verdict_for

LEDGER_COLUMNS = ["claim_id", "chapter", "location", "kind", "quote", "paper_value", "reproduced_value",
                  "verdict", "reason", "criterion"]


def _format(value):
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)  # years stay 2019, not 2,019
    return "" if value is None else str(value)


def ledger(data, chapter=None, register=None):
    """One row per claim (of one chapter, or all): paper value, our value, verdict and reason."""
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


def write_csv(table, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path


def print_ledger(path):
    """`govexport claims`: the ledger of a build, in the terminal."""
    from ..errors import GovexportError
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
