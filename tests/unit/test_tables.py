"""Tables for readers: escaped cells, human markup (the contract book/_static/ styles), and a Markdown twin."""

import pandas as pd
import pytest

from govexport.report.tables import LedgerTable, Table, badge, formatted, legend, table

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


def test_headers_and_captions_are_escaped_too():
    t = Table(pd.DataFrame({HOSTILE: ["x"]}), caption=HOSTILE)
    assert "<img" not in t._repr_html_() and t._repr_html_().count("&lt;img") == 2
    md = t._repr_markdown_()
    assert "<" not in md.replace("\\<", "") and md.count("\\<img") == 2


def test_formatted_cells_are_text_and_missing_values_blank():
    shown = formatted(pd.DataFrame({"n": [1165.0, None], "who": ["<b>", None]}), {"n": lambda v: f"{v:,.0f}"})
    assert shown["n"].tolist() == ["1,165", ""] and shown["who"].tolist() == ["<b>", ""]
    assert "<b>" not in table(shown)._repr_html_()


def ledger_rows(**hostile):
    row = {
        "claim_id": "a-1",
        "section": "Abstract",
        "quote": "q",
        "paper_value": "59",
        "value": "59",
        "verdict": "reproduced",
        "why": "w",
        "evidence": "",
        "tested_part": "",
        "restates": "",
    }
    return pd.DataFrame([{**row, **hostile}])


@pytest.mark.parametrize("column", ["claim_id", "section", "quote", "paper_value", "value", "why", "restates"])
def test_every_ledger_cell_is_escaped(column):
    """A claim's words, values and ids come from data/claims.yaml and the run: none becomes markup, in the web
    book's table (its links and ids included) or in print."""
    payload = '"><img src=x onerror="document.title=1">'
    table_ = LedgerTable(ledger_rows(**{column: payload}))
    html = table_._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    md = table_._repr_markdown_()
    assert "<img" not in md.replace("\\<img", "")


def test_a_verdict_badge_escapes_its_words():
    assert "<img" not in badge(HOSTILE) and "&lt;img" in badge(HOSTILE)
    assert 'class="gx-badge gx-badge-not-testable"' in badge(HOSTILE)


def test_the_robustness_matrix_escapes_claims_and_assumptions():
    from govexport.report.pages.robustness import RobustnessTable

    t = RobustnessTable(pd.DataFrame({"claim": [HOSTILE], HOSTILE: ["reproduced"]}))
    assert "<img" not in t._repr_html_() and t._repr_html_().count("&lt;img") == 3  # header, row, data-label
    assert "<img" not in t._repr_markdown_().replace("\\<img", "")


def test_the_register_entries_escape_every_field():
    from govexport.report.pages.register import Entries

    fields = {key: HOSTILE for key, _ in Entries.FIELDS}
    row = {"id": "a-1", "section": HOSTILE, "quote": HOSTILE, "code": HOSTILE, **fields}
    html = Entries([row])._repr_html_()
    assert "<img" not in html and html.count("&lt;img") == 3 + len(Entries.FIELDS)
    md = Entries([row])._repr_markdown_()
    assert "<img" not in md.replace("\\<img", "")
