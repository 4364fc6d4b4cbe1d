"""Tables as the book shows them: plain HTML whose text is the same on every run (nbval compares it)."""

from IPython.display import HTML


def _html(frame, classes, index, scroll):
    shown = frame.astype(object).where(frame.notna(), "")  # a missing duration reads as blank, not <NA>
    table = shown.to_html(index=index, border=0, classes=classes, justify="left")
    return HTML(f'<div class="table-scroll">{table}</div>' if scroll else table)


def explorable(frame, index=False):
    """A table readers can filter and sort in the HTML book (book/_static/explorable.js)."""
    return _html(frame, ["explorable"], index, scroll=True)


def static(frame, index=False):
    return _html(frame, ["ledger"], index, scroll=False)


def ledger_table(table):
    """The ledger as a reader sees it in a chapter: an HTML table, its text identical from run to run."""
    shown = table[["claim_id", "quote", "paper_value", "reproduced_value", "verdict", "reason"]].rename(
        columns={"claim_id": "claim", "paper_value": "paper", "reproduced_value": "reproduced"})
    return explorable(shown)
