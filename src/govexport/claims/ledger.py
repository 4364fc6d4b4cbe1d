"""The ledger: each claim's paper value beside this run's, with the verdict its declared criterion gives."""

import csv
from pathlib import Path

import pandas as pd

from ..plaintext import neutralise_frame
from .checks import evaluate
from .formatting import value_text
from .register import VERDICTS, load_register
from .verdict import criterion_text, judge

LEDGER_COLUMNS = [
    "claim_id",
    "chapter",
    "section",
    "location",
    "kind",
    "quote",
    "paper_value",
    "value",
    "verdict",
    "reading",
    "margin",
    "by_construction",
    "reason",
    "criterion",
]
BASELINE_COLUMNS = ["default_value", "default_verdict", "changed"]


def ledger(data, chapter=None, register=None):
    """One row per claim (of one chapter, or all), in the register's order: LEDGER_COLUMNS."""
    claims = register if register is not None else load_register()
    rows = [row(claim, data, claims) for claim in claims if not chapter or claim["chapter"] == chapter]
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def row(claim, data, register):
    """The ledger row of one claim in one run."""
    result = evaluate(claim, data, register)
    judged = judge(claim, result)
    reason = result.reason if result is not None else claim["test"]
    if judged.note:
        reason = f"{reason}; {judged.note}" if reason else judged.note
    constructed = data.params["ruleset"] in claim.get("by_construction", [])
    reading = judged.reading
    if constructed and judged.verdict == "reproduced":
        reading = (
            f"reproduced by construction: rule set '{data.params['ruleset']}' was written to give the "
            f"paper's figures ({reading})"
        )
    return {
        "claim_id": claim["id"],
        "chapter": claim["chapter"],
        "section": claim["section"],
        "location": claim["location"],
        "kind": claim["kind"],
        "quote": claim["quote"],
        "paper_value": value_text(claim["paper_value"], claim.get("unit")),
        "value": value_text(result.value, claim.get("unit")) if result is not None else "",
        "verdict": judged.verdict,
        "reading": reading,
        "margin": judged.margin,
        "by_construction": constructed,
        "reason": reason,
        "criterion": criterion_text(claim),
    }


def verdict_counts(table):
    """Claims per verdict, every verdict listed (zeros included), in VERDICTS order."""
    return table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def with_baseline(table, baseline):
    """A variant's ledger with the default run's value and verdict beside each claim, and whether either changed.

    `baseline` is the default run's ledger (a DataFrame with claim_id, value and verdict); a claim the
    baseline lacks gets '' for both and counts as changed.
    """
    base = baseline[["claim_id", "value", "verdict"]].rename(
        columns={"value": "default_value", "verdict": "default_verdict"}
    )
    merged = table.drop(columns=BASELINE_COLUMNS, errors="ignore").merge(base, on="claim_id", how="left")
    merged[["default_value", "default_verdict"]] = merged[["default_value", "default_verdict"]].fillna("")
    merged["changed"] = (merged["value"] != merged["default_value"]) | (merged["verdict"] != merged["default_verdict"])
    return merged


def write_csv(table, path):
    """The ledger as CSV (UTF-8, '\\n' line ends), booleans written yes/no, no cell a spreadsheet would run as
    a formula (plaintext.neutralise); returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = neutralise_frame(table)
    for column in shown.columns:
        if shown[column].dtype == bool:
            shown[column] = shown[column].map({True: "yes", False: "no"})
    shown.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return path
