"""The introduction: the paper's evidence in its own figures, this run's, and the verdicts at a glance."""

from ...params import changed_from_defaults
from .. import reveal
from ..text import MD, number, paragraphs, sentences, year
from .common import changes, ledger_rows, paper_value, tally_text

# The claims set side by side at the top of the book: the paper's headline numbers.
AT_A_GLANCE = (
    "programs-total-abstract",
    "domain-security-24",
    "domain-trade-22",
    "domain-legal-9",
    "domain-other-4",
    "officials-total-1200",
    "trend-frequency-abstract",
    "trend-scope-abstract",
    "security-majority-abstract",
    "dozens-of-practices",
)


def evidence(run):
    """The paper's evidence, in the paper's own figures (from the claims register)."""
    return sentences(
        MD(
            "The paper argues that China exports its style of governance, above all its security management, to the "
            "Central Asian states by training their officials in China."
        ),
        MD(
            "Its evidence is a table of {} in-China training programs for Central Asian officials from {} to {}, "
            "compiled from publicly available Chinese records (its Table 1), and the curricula of {} security programs "
            "(its Table 2)."
        ).format(
            number(paper_value(run, "programs-total-abstract")),
            year(paper_value(run, "first-year-abstract")),
            year(paper_value(run, "last-year-abstract")),
            number(paper_value(run, "table2-three-programs")),
        ),
        MD("From them it draws counts, shares, an estimate of the officials trained, and trends over time."),
    )


def this_run(run):
    """Whether this is the book with the paper's parameters, and the verdicts of this run over distinct claims."""
    changed = changed_from_defaults(run.params)
    rows = run.ledger
    which = (
        MD("This book is built with the paper's data and parameters.")
        if not changed
        else MD(
            "**This is a variant book**: it changes {}. Its figures are this run's, not the paper's; the paper's "
            "own figures are quoted as the paper's."
        ).format(changes(run))
    )
    return paragraphs(
        sentences(which, tally_text(rows), tally_text(rows, main=True)),
        reveal.mentions(
            MD(
                "A claim the paper restates (the introduction repeats the abstract) is counted once. A verdict "
                "reproduced by construction rests on the coding of domains, which was fitted to the paper's own "
                "counts: it shows the counts can be had from the table, not that they are independent evidence. "
                "The claims ledger lists every claim, with its part where the tables record only part of what it "
                "speaks of."
            )
        ),
    )


def glance(run):
    """The paper's headline numbers beside this run's, with the verdicts and the reading that holds."""
    rows = run.ledger
    return ledger_rows(rows.loc[[c for c in AT_A_GLANCE if c in rows.index]], with_margin=False)
