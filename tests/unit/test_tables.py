"""Tables for readers: escaped cells, human markup (the contract book/_static/ styles), and a Markdown twin."""

import pandas as pd

from govexport.report.tables import LedgerTable, Table, badge, legend, table

HOSTILE = '<img src=x onerror="document.title=1">'


def test_cells_are_escaped_in_html_and_markdown():
    t = table(pd.DataFrame({"officials trained": [HOSTILE, "a | b"], "programs": ["1,165", ""]}), numeric=["programs"])
    html = t._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert '<td class="gx-num">1,165</td>' in html and '<th scope="col">officials trained</th>' in html
    md = t._repr_markdown_()
    assert "<" not in md.replace("\\<", "") and "\\<img" in md
    assert "a \\| b" in md  # a pipe in data cannot split a Markdown table cell
    assert md.splitlines()[1] == "|---|---:|"


def test_explorable_tables_mark_folded_columns():
    t = Table(pd.DataFrame({"id": ["P01"], "rule": ["x"]}), explorable=True, hidden=("rule",))
    html = t._repr_html_()
    assert 'class="gx-table gx-explorable"' in html and '<th scope="col" data-gx-hidden="true">rule</th>' in html


def test_the_ledger_groups_rows_by_section_and_links_each_claim():
    rows = pd.DataFrame(
        {
            "claim_id": ["a-1", "b-2", "c-3"],
            "section": ["Abstract", "Abstract", "Table 2"],
            "quote": ["q1", HOSTILE, "q3"],
            "paper_value": ["59", "x", "3"],
            "value": ["59", "y", "2"],
            "verdict": ["reproduced", "not testable in this run", "not reproduced"],
            "why": ["w", "w", "w"],
        }
    )
    html = LedgerTable(rows)._repr_html_()
    assert html.count("<tbody>") == 2 and html.count('class="gx-section"') == 2
    assert '<a href="10_claims_register.html#claim-a-1">a-1</a>' in html
    assert 'id="ledger-b-2" class="gx-row"' in html  # no verdict in a class name: the student edition seals verdicts
    assert 'data-label="verdict"><span class="gx-badge gx-badge-not-reproduced">not reproduced</span>' in html
    assert "<img" not in html
    md = LedgerTable(rows)._repr_markdown_()
    assert "**Abstract**" in md and "**Table 2**" in md and "a-1" in md


def test_every_verdict_has_a_badge_in_the_legend():
    for verdict in (
        "reproduced",
        "approximately reproduced",
        "not reproduced",
        "not testable with this data",
        "not testable in this run",
    ):
        assert badge(verdict) in legend()
