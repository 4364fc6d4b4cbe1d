"""Chapter 7, the claims ledger: every claim of the paper with this run's value and verdict."""

from functools import lru_cache

from ...claims import ledger as claims_ledger
from ...claims.ledger import RESTATEMENT, TALLIES
from ...claims.register import principles as register_principles
from ...data.dataset import load_dataset
from ...params import changed_from_defaults
from .. import book, figures, reveal
from ..tables import LedgerTable, table
from ..text import MD, number, paragraphs, plural, sentences
from .common import changes, tally_text

UNTESTABLE = ("not testable with this data",)


def _testable(rows):
    return rows[~rows["verdict"].isin(UNTESTABLE)]


def principles(run):
    """How the register reads, tests and tallies the claims: its principles, stated once in data/claims.yaml."""
    stated = register_principles()
    return reveal.mentions(  # they name verdicts, and give none
        paragraphs(*(MD("**{}.** {}").format(MD(PRINCIPLE_TITLES[k]), stated[k]) for k in stated))
    )


PRINCIPLE_TITLES = {
    "readings": "One reading per word",
    "testable": "What can be tested",
    "parts": "When the tables hold only part",
    "not_testable": "What cannot be tested",
    "consistency": "The paper against itself",
    "evidence": "Independent evidence and construction",
    "tallies": "Counting claims",
}


def summary(run):
    rows = run.ledger
    restated = int((rows["tally"] == RESTATEMENT).sum())
    return sentences(
        MD(
            "The register holds {} from the paper's sentences, {} of which {} an earlier claim and {} counted with it."
        ).format(
            plural(len(rows), "claim"),
            number(restated),
            MD("restates") if restated == 1 else MD("restate"),
            MD("is") if restated == 1 else MD("are"),
        ),
        tally_text(rows),
        tally_text(rows, main=True),
    )


def by_chapter_figure(run):
    rows = run.ledger[run.ledger["tally"] != RESTATEMENT]
    counts = rows.groupby(["chapter", "tally"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[t for t in TALLIES if t in counts.columns], fill_value=0)
    # the chapters in the book's order, by their titles; last the paper's context, which no chapter tests
    order = sorted(counts.index, key=lambda name: (book.tested_in(name).claims != name, book.tested_in(name).id))
    counts = counts.loc[order].rename(index=lambda name: book.claims_title(name) or name)
    caption = reveal.mentions(
        MD(
            "The verdicts of this run over distinct claims (restatements counted once), by the chapter that tests each "
            "claim, and last the paper's context, which no chapter tests; reproduced by construction is told apart "
            "from independent evidence."
        )
    )
    alt = (
        "Stacked horizontal bars of distinct claims per chapter by verdict: "
        + "; ".join(
            f"{chapter}: " + ", ".join(f"{n} {v}" for v, n in row.items() if n) for chapter, row in counts.iterrows()
        )
        + "."
    )
    return run.figure(
        "fig-verdicts-by-chapter", caption, alt, lambda: figures.verdicts_by_chapter(counts), reveals=reveal.VERDICT
    )


@lru_cache(maxsize=1)
def _default_ledger():
    return claims_ledger.ledger(load_dataset({}))


def variant(run):
    """For a run with other parameters: what changed, and which claims moved against the default run."""
    changed = changed_from_defaults(run.params)
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
    shown = moved[["claim_id", "default_value", "value", "default_verdict", "verdict"]].copy()
    for column in ("default_verdict", "verdict"):
        shown[column] = [reveal.verdict(v) for v in shown[column]]
    shown = shown.rename(
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
    for key in ("reading", "margin", "reason", "criterion_changed"):
        text = str(row.get(key) or "").strip().rstrip(".")
        if text:
            parts.append(text)
    return "; ".join(parts) + "." if parts else ""


def testable_table(run):
    rows = _testable(run.ledger).reset_index(drop=True)
    summary = run.multiverse.summary.set_index("claim_id")["grade"]
    shown = rows.assign(why=[_why(r) for _, r in rows.iterrows()], grade=rows["claim_id"].map(summary).fillna(""))
    return LedgerTable(  # each claim's grade across the multiverse beside its verdict (chapter 8 says how)
        shown[[*LedgerTable.COLUMNS, "grade", *LedgerTable.QUALIFIERS]],
        columns=(*LedgerTable.columns[:5], ("grade", "grade (chapter 8)"), LedgerTable.columns[5]),
    )


def untestable_text(run):
    rows = run.ledger[run.ledger["verdict"].isin(UNTESTABLE)]
    bounded = int((rows["tested_part"] != "").sum())
    said = MD(
        "The paper sets its data in context with {} that Tables 1 and 2 cannot decide. Most rest on sources the "
        "tables do not reach: the border, the diplomatic hierarchy, protests, rankings, treaties, purposes and "
        "effects. They are listed with the source the paper cites, so that a reader can follow them up."
    ).format(plural(len(rows), "statement"))
    if not bounded:
        return said
    return sentences(
        said,
        MD(
            "For {} the tables hold a part of what the claim speaks of, which falls short of bearing it out and cannot "
            "contradict it; the row says what the part showed."
        ).format(plural(bounded, "of them", "of them")),
    )


def untestable_table(run):
    register = {c["id"]: c for c in run.register}
    rows = run.ledger[run.ledger["verdict"].isin(UNTESTABLE)].reset_index(drop=True)
    shown = rows.assign(
        source=[register[i].get("source") or "none cited" for i in rows["claim_id"]],
        why=[_why(r) for _, r in rows.iterrows()],
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
