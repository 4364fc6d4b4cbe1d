"""The ledger: each claim's paper value beside this run's, with the verdict its declared criterion gives.

Every row is rendered from one `Outcome` (the claim, what its check measured, the judgement): the chapters
state a claim's verdict from the same object (`outcomes`), so a page and the ledger cannot disagree.

Tallies count distinct claims: a restatement (`same_as`) shares its first occurrence's verdict and is
counted once there; a reproduced verdict is independent evidence, or by construction when it rests on the
coding fitted to the paper's counts.
"""

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..data.dataset import Dataset
from ..plaintext import neutralise_frame
from .checks import evaluate, labels_for
from .formatting import Measure, value_text
from .lock import history
from .register import VERDICTS, by_id, first_occurrence, is_main, load_register
from .verdict import Claim, Judgement, Register, Result, criterion_text, judge

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
    "evidence",
    "tally",
    "main",
    "restates",
    "tested_part",
    "reading",
    "margin",
    "by_construction",
    "reason",
    "criterion",
    "criterion_changed",
]
BASELINE_COLUMNS = ["default_value", "default_verdict", "changed"]
INDEPENDENT, CONSISTENCY, CONSTRUCTED = "independent", "consistency", "by construction"
# The headline categories, over distinct claims, in the order every page, figure and file gives them.
TALLIES = (
    "reproduced, independent evidence",
    "reproduced, consistency check",
    "reproduced by construction",
    "approximately reproduced",
    "not reproduced",
    "not testable with this data",
    "not testable in this run",
)
RESTATEMENT = "restatement"


@dataclass
class Outcome:
    """One claim in one run: its register entry, what its check found, and the judgement of its criterion."""

    claim: Claim
    result: Result | None  # None for a claim without a check (not testable)
    judgement: Judgement
    labels: Mapping[str, Measure]  # what its measures are, for readers
    constructed: bool  # the run's rule set is one the claim's verdict rests on by construction

    @property
    def verdict(self) -> str:
        return self.judgement.verdict

    @property
    def evidence(self) -> str:
        """What a reproduced claim (approximately or not) rests on: 'by construction' (the coding fitted to the
        paper's counts), 'consistency' (the paper against itself) or 'independent'; '' for other verdicts."""
        if self.verdict not in ("reproduced", "approximately reproduced"):
            return ""
        if self.constructed:
            return CONSTRUCTED
        return CONSISTENCY if self.claim["kind"] == "consistency" else INDEPENDENT

    @property
    def tally(self) -> str:
        """The headline category this claim counts under (TALLIES), or 'restatement'."""
        if "same_as" in self.claim:
            return RESTATEMENT
        if self.verdict == "reproduced":
            return {INDEPENDENT: TALLIES[0], CONSISTENCY: TALLIES[1], CONSTRUCTED: TALLIES[2]}[self.evidence]
        return self.verdict

    @property
    def tested_part(self) -> str:
        """The part of what the claim speaks of that the tables record, for a partial test ('' for a full one)."""
        return self.claim.get("part", "") if self.verdict != "not testable in this run" else ""

    @property
    def measures(self) -> Mapping[str, float | None]:
        return self.result.measures if self.result is not None else {}


def outcome(claim: Claim, data: Dataset, register: Register) -> Outcome:
    """The Outcome of one claim in one run."""
    result = evaluate(claim, data, register)
    labels = labels_for(claim, register)
    constructed = data.params["ruleset"] in claim.get("by_construction", [])
    return Outcome(claim, result, judge(claim, result, labels), labels, constructed)


def outcomes(data: Dataset, chapter: str | None = None, register: Register | None = None) -> dict[str, Outcome]:
    """{claim id: Outcome} for every claim (of one chapter, or all), in the register's order."""
    claims = register if register is not None else load_register()
    return {c["id"]: outcome(c, data, claims) for c in claims if not chapter or c["chapter"] == chapter}


def row(found: Outcome, register: Register | None = None) -> dict[str, object]:
    """The ledger row of one Outcome."""
    claim, result, judged = found.claim, found.result, found.judgement
    reason = result.reason if result is not None else claim["test"]  # a claim without a check: why it has none
    if judged.note:
        reason = f"{reason}; {judged.note}" if reason else judged.note
    main_claim = by_id(register).get(first_occurrence(claim), claim) if register is not None else claim
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
        "evidence": found.evidence,
        "tally": found.tally,
        "main": is_main(main_claim),
        "restates": claim.get("same_as", ""),
        "tested_part": found.tested_part,
        "reading": judged.reading,
        "margin": judged.margin,
        "by_construction": found.constructed,
        "reason": reason,
        "criterion": criterion_text(claim, found.labels),
        "criterion_changed": history(claim["id"]),
    }


def ledger(data: Dataset, chapter: str | None = None, register: Register | None = None) -> pd.DataFrame:
    """One row per claim (of one chapter, or all), in the register's order: LEDGER_COLUMNS."""
    claims = register if register is not None else load_register()
    found = outcomes(data, chapter, claims)
    return pd.DataFrame([row(o, claims) for o in found.values()], columns=LEDGER_COLUMNS)


def verdict_counts(table):
    """Claims per verdict, every verdict listed (zeros included), in VERDICTS order."""
    return table["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def tallies(table, main=None, partly=False):
    """Distinct claims per headline category (TALLIES order, zeros included): restatements left out; `main`
    True or False keeps only the paper's main (abstract and conclusion) or auxiliary claims; `partly` counts
    only the claims tested in part (with a tested part named)."""
    rows = table[table["tally"] != RESTATEMENT]
    if main is not None:
        rows = rows[rows["main"] == main]
    if partly:
        rows = rows[rows["tested_part"] != ""]
    return rows["tally"].value_counts().reindex(list(TALLIES), fill_value=0)


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
