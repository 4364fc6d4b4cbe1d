"""Chapter 7, the claims ledger: every claim of the paper with this run's value and verdict."""

from functools import lru_cache

from ...claims import ledger as claims_ledger
from ...data.dataset import load_dataset
from .. import book, figures
from ..tables import LedgerTable, table
from ..text import MD, number, paragraphs, plural, sentences
from .common import VERDICT_ORDER, changed_parameters, changes, verdict_counts_text

UNTESTABLE = ("not testable with this data",)


def _testable(rows):
    return rows[~rows["verdict"].isin(UNTESTABLE)]


def summary(run):
    rows = run.ledger
    testable = _testable(rows)
    return sentences(
        MD(
            "The register holds {}; {} can be tested with Tables 1 and 2, and {} on sources the tables cannot reach."
        ).format(
            plural(len(rows), "claim of the paper", "claims of the paper"),
            number(len(testable)),
            MD("{} rest").format(number(len(rows) - len(testable)))
            if len(rows) - len(testable) != 1
            else MD("1 rests"),
        ),
        MD("In this run the testable claims are: {}.").format(verdict_counts_text(testable)),
    )


def by_chapter_figure(run):
    rows = run.ledger
    counts = rows.groupby(["chapter", "verdict"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[v for v in VERDICT_ORDER if v in counts.columns], fill_value=0)
    order = sorted(counts.index, key=lambda name: (book.tested_in(name).claims != name, book.tested_in(name).id))
    counts = counts.loc[order].rename(index=lambda name: book.claims_title(name) or name)
    caption = MD(
        "The verdicts of this run, by the chapter that tests each claim, and last the paper's context, which no "
        "chapter tests (green only ever means reproduced)."
    )
    alt = (
        "Stacked horizontal bars of claims per chapter by verdict: "
        + "; ".join(
            f"{chapter}: " + ", ".join(f"{n} {v}" for v, n in row.items() if n) for chapter, row in counts.iterrows()
        )
        + "."
    )
    return run.figure("fig-verdicts-by-chapter", caption, alt, lambda: figures.verdicts_by_chapter(counts))


@lru_cache(maxsize=1)
def _default_ledger():
    return claims_ledger.ledger(load_dataset({}))


def variant(run):
    """For a run with other parameters: what changed, and which claims moved against the default run."""
    changed = changed_parameters(run.params)
    if not changed:
        return MD(
            "This run uses the paper's parameters throughout; a book built with other parameters shows here "
            "which claims move against this one."
        )
    compared = claims_ledger.with_baseline(run.ledger.reset_index(drop=True), _default_ledger())
    moved = compared[compared["changed"]]
    said = sentences(
        MD("This run changes {}.").format(changes(run)),
        MD("Against the default run, {} of {} change value or verdict{}").format(
            number(len(moved)), plural(len(compared), "claim"), MD(":") if len(moved) else MD(".")
        ),
    )
    if moved.empty:
        return said
    shown = moved[["claim_id", "default_value", "value", "default_verdict", "verdict"]].rename(
        columns={
            "claim_id": "claim",
            "default_value": "default value",
            "value": "this run",
            "default_verdict": "default verdict",
            "verdict": "verdict in this run",
        }
    )
    return paragraphs(said, MD(table(shown, numeric=("default value", "this run"))._repr_markdown_()))


def _why(row):
    parts = []
    if row.get("by_construction"):
        parts.append("reproduced by construction: the coding was written to give the paper's counts")
    for key in ("reading", "margin", "reason"):
        text = str(row.get(key) or "").strip().rstrip(".")
        if text:
            parts.append(text)
    return "; ".join(parts) + "." if parts else ""


def testable_table(run):
    rows = _testable(run.ledger).reset_index(drop=True)
    shown = rows.assign(why=[_why(r) for _, r in rows.iterrows()])
    return LedgerTable(shown[["claim_id", "section", "quote", "paper_value", "value", "verdict", "why"]])


def untestable_text(run):
    rows = run.ledger[run.ledger["verdict"].isin(UNTESTABLE)]
    return MD(
        "The paper sets its data in context with {} from other sources: the border, the diplomatic hierarchy, "
        "protests, rankings, treaties. Tables 1 and 2 cannot confirm or refute them; they are listed with the "
        "source the paper cites, so that a reader can follow them up."
    ).format(plural(len(rows), "statement"))


def untestable_table(run):
    register = {c["id"]: c for c in run.register}
    rows = run.ledger[run.ledger["verdict"].isin(UNTESTABLE)].reset_index(drop=True)
    shown = rows.assign(
        source=[register[i].get("source") or "none cited" for i in rows["claim_id"]],
        why=[str(r).rstrip(".") + "." for r in rows["reason"]],
    )
    return LedgerTable(
        shown[["claim_id", "section", "quote", "paper_value", "source", "verdict", "why"]],
        columns=(
            ("claim_id", "claim"),
            ("quote", "the paper says"),
            ("paper_value", "paper"),
            ("source", "source cited"),
            ("verdict", "verdict"),
            ("why", "why the tables cannot test it"),
        ),
    )
