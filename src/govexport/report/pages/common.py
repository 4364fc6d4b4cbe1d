"""What several chapters say alike: the paper's values, the run's changed parameters, the table's added
rows, the busiest years (ties named), and the claims a chapter tests."""

from collections import Counter
from functools import lru_cache

from ...claims.ledger import CONSTRUCTED, TALLIES, tallies, verdict_counts
from ...data.dataset import load_dataset
from ...params import LABELS, changed_from_defaults, shown_value
from ...paths import project_root
from .. import reveal
from ..chapter import Run
from ..tables import LedgerTable
from ..text import MD, agree, escape, names, number, plural, sentences, year


def paper_value(run, claim_id):
    """The value the paper states for a claim, as the register records it."""
    return run.claim(claim_id)["paper_value"]


@lru_cache(maxsize=4)
def _paper_rows(root):
    return load_dataset({}, root).table1


def paper_table(root=None):
    """The paper's Table 1 as transcribed (data/raw), whatever table the run reads."""
    return _paper_rows(root or project_root())


def added_rows(data):
    """The run's programs whose printed row is not in the paper's Table 1 (an extended table's additions)."""
    key = ["Trainer", "Trainee", "Date", "Duration"]
    paper = Counter(map(tuple, paper_table()[key].astype(str).to_numpy()))
    added = []
    for program_id, row in zip(data.coded["program_id"], data.table1[key].astype(str).to_numpy()):
        row = tuple(row)
        if paper[row] > 0:
            paper[row] -= 1
        else:
            added.append(program_id)
    return added


def changes(run):
    """Each parameter this run changes, in words: 'the officials per single-state program to 10 (default 20)'."""
    labels = {name: run.data.codebook.label(name) for name in run.data.codebook.rulesets}
    return names(
        [
            MD("the {} to {} (default {})").format(
                LABELS[name], shown_value(name, value, labels), shown_value(name, default, labels)
            )
            for name, value, default in changed_from_defaults(run.params)
        ]
    )


def busiest(yearly, column="programs", noun="program"):
    """'The busiest year is 2018, with 12 programs' — ties named, and a flat series said to be flat."""
    if yearly.empty or yearly[column].max() == 0:
        return MD("No year of this run has a {}.").format(MD(noun))
    top = int(yearly[column].max())
    years = [int(y) for y in yearly.loc[yearly[column] == top, "year"]]
    if len(years) == len(yearly) and len(years) > 1:
        return MD("Every year of the run has the same number of {}: {}.").format(MD(noun + "s"), number(top))
    if len(years) == 1:
        return MD("The busiest year is {}, with {}.").format(year(years[0]), plural(top, noun))
    return MD("The busiest years are {}, with {} each.").format(names([year(y) for y in years]), plural(top, noun))


def verdict_counts_text(rows):
    """'3 reproduced, 1 approximately reproduced and 2 not testable with this data' (zeros left out)."""
    parts = [MD(f"{number(n)} {verdict}") for verdict, n in verdict_counts(rows).items() if n]
    return reveal.verdict(names(parts))


def claims_intro(run: Run) -> MD:
    """A chapter's closing paragraph on the claims it tests, before the table of them."""
    rows = run.ledger
    if rows.empty:
        return MD("This chapter tests no claim of the paper directly.")
    return MD(
        "This chapter tests {} of the paper: {}. Each row sets the paper's value beside this run's, with "
        "the verdict the claim's declared criterion gives; the ledger gathers every claim."
    ).format(plural(len(rows), "claim"), verdict_counts_text(rows))


def how_it_holds(row, with_margin=True):
    """The reading that holds (or none), and how far the value is from flipping its verdict."""
    parts = [
        str(row.get(key) or "").strip().rstrip(".") for key in (("reading", "margin") if with_margin else ("reading",))
    ]
    text = "; ".join(p for p in parts if p)
    return text + "." if text else ""


def ledger_rows(rows, with_margin=True):
    """Ledger rows as the ledger table shows them (grouped by the paper's section, verdict badges, ids linked)."""
    shown = rows.reset_index(drop=True)
    shown = shown.assign(why=[how_it_holds(r, with_margin) for _, r in shown.iterrows()])
    return LedgerTable(shown[[*LedgerTable.COLUMNS, *LedgerTable.QUALIFIERS]])


def claims_table(run: Run) -> LedgerTable:
    """The chapter's claims: what the paper says, its value, this run's value, the verdict and how it holds."""
    return ledger_rows(run.ledger)


def verdict_sentence(run: Run, claim_id: str) -> MD:
    """'The ledger's verdict on this claim is **reproduced**, by construction: holds as ...' — rendered from the
    claim's Outcome, the object its ledger row is made from, so a chapter and the ledger always agree."""
    found = run.outcome(claim_id)
    judged = found.judgement
    reading = judged.reading.rstrip(".")
    qualifiers = []
    if found.evidence == CONSTRUCTED:
        qualifiers.append(MD(", by construction (it rests on the coding fitted to the paper's counts)"))
    sentence = MD("The ledger's verdict on this claim is **{}**{}{}.").format(
        MD(judged.verdict), MD("").join(qualifiers), MD(": ") + escape(reading) if reading else MD("")
    )
    if found.tested_part:
        sentence = sentences(sentence, MD("It speaks for the part the tables record: {}.").format(found.tested_part))
    return reveal.verdict(sentence)


def verdict_word(run: Run, claim_id: str) -> MD:
    """A claim's verdict in bold, from its Outcome (for prose that names several verdicts in one sentence)."""
    return reveal.verdict(MD("**{}**").format(MD(run.outcome(claim_id).verdict)))


def tally_text(rows, main=None):
    """The headline tally of a ledger, over distinct claims, in TALLIES order: 'Of its 107 distinct claims, 37
    were tested: 21 reproduced from independent evidence, 6 reproduced by construction ...'. `main` True
    counts only the paper's main claims (its abstract and conclusion)."""
    counts, partly = tallies(rows, main=main), tallies(rows, main=main, partly=True)
    distinct = int(counts.sum())
    untestable = int(counts["not testable with this data"] + counts["not testable in this run"])
    tested = [
        MD("{} {}{}").format(
            number(counts[name]),
            MD(TALLY_WORDS[name]),
            MD(" ({} partly tested)").format(number(partly[name])) if partly[name] else MD(""),
        )
        for name in TALLIES[:5]
        if counts[name] or name in (TALLIES[0], TALLIES[4])
    ]
    whose = MD("main claims (its abstract's and conclusion's)") if main else MD("distinct claims")
    said = MD("Of the paper's {} {}, {} {} tested against Tables 1 and 2: {}").format(
        number(distinct), whose, number(distinct - untestable), agree_were(distinct - untestable), names(tested)
    )
    if not counts["not testable in this run"]:
        rest = MD("the other {} {} not testable with this data").format(
            number(untestable), MD("is") if untestable == 1 else MD("are")
        )
    else:
        rest = MD("of the other {}, {} not testable with this data and {} not testable in this run").format(
            number(untestable),
            agree(counts["not testable with this data"], "is", "are", none=""),
            number(counts["not testable in this run"]),
        )
    return reveal.verdict(MD("{}; {}.").format(said, rest))  # a tally of verdicts


def agree_were(n):
    return MD("was") if n == 1 else MD("were")


TALLY_WORDS = {
    "reproduced, independent evidence": "reproduced from independent evidence",
    "reproduced, consistency check": "reproduced as consistency checks of the paper against itself",
    "reproduced by construction": "reproduced by construction",
    "approximately reproduced": "approximately reproduced",
    "not reproduced": "not reproduced",
}


def plain_text(md):
    """Markdown the pages wrote, as plain text for an alt attribute (escapes and emphasis removed)."""
    return str(md).replace("\\", "").replace("**", "").replace("*", "")
