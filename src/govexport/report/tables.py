"""Tables as readers see them: human headers, numbers formatted as in the prose, no index, escaped data.

A `Table` displays as HTML in the web book and in Jupyter (book/_static/govexport.css styles the
`gx-table` markup; explorable.js makes `gx-explorable` tables filterable and sortable) and as a
Markdown pipe table where HTML cannot go (the PDF edition). Both are built from the same cells, and
every cell is escaped: the data never becomes markup.
"""

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from . import reveal
from .text import escape


def _cell_text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


@dataclass
class Table:
    """A table of display strings. `numeric` columns are right-aligned; `hidden` columns start folded
    away in explorable tables (readers can show them)."""

    frame: pd.DataFrame
    numeric: tuple = ()
    caption: str = ""
    explorable: bool = False
    hidden: tuple = ()
    classes: tuple = field(default_factory=tuple)

    def _repr_html_(self):
        classes = " ".join(("gx-table", *(("gx-explorable",) if self.explorable else ()), *self.classes))
        hidden, num = ' data-gx-hidden="true"', ' class="gx-num"'
        head = "".join(
            f'<th scope="col"{hidden if c in self.hidden else ""}>{html.escape(str(c))}</th>'
            for c in self.frame.columns
        )
        rows = []
        for record in self.frame.itertuples(index=False):
            cells = "".join(
                f"<td{num if c in self.numeric else ''}>{html.escape(_cell_text(v))}</td>"
                for c, v in zip(self.frame.columns, record)
            )
            rows.append(f"<tr>{cells}</tr>")
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (
            f'<div class="gx-table-wrap"><table class="{classes}">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )

    def _repr_markdown_(self):
        def cell(value):
            return str(escape(_cell_text(value))) or " "  # escape() also escapes the pipe

        lines = [
            "| " + " | ".join(cell(c) for c in self.frame.columns) + " |",
            "|" + "|".join("---:" if c in self.numeric else "---" for c in self.frame.columns) + "|",
        ]
        lines += ["| " + " | ".join(cell(v) for v in record) + " |" for record in self.frame.itertuples(index=False)]
        caption = f"{escape(self.caption)}\n\n" if self.caption else ""
        return caption + "\n".join(lines)

    def __repr__(self):
        return self._repr_markdown_()


def table(frame, numeric=(), caption="", explorable=False, hidden=()):
    """A Table from a DataFrame whose cells are already formatted for readers."""
    return Table(frame.reset_index(drop=True), tuple(numeric), caption, explorable, tuple(hidden))


def formatted(frame, formats):
    """A copy of `frame` with columns formatted by `formats` (column -> function of a value), blanks
    for missing values, and every other column as text."""
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        fmt = formats.get(column, str)
        out[column] = [
            ("" if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(fmt(v))) for v in frame[column]
        ]
    return out


VERDICT_SLUGS = {
    "reproduced": "reproduced",
    "approximately reproduced": "approximately",
    "not reproduced": "not-reproduced",
    "not testable with this data": "not-testable",
    "not testable in this run": "not-testable-run",
}


def badge(verdict):
    """A verdict as a badge: words and a class (colour and border from book/_static/govexport.css)."""
    slug = VERDICT_SLUGS.get(verdict, "not-testable")
    return f'<span class="gx-badge gx-badge-{slug}">{html.escape(verdict)}</span>'


def qualifiers(row, verdict):
    """What a reader is told beside a verdict: 'by construction', 'partly tested', 'restates <claim>'."""
    notes = []
    if _cell_text(row.get("evidence")) in ("by construction", "consistency"):
        notes.append("by construction" if row["evidence"] == "by construction" else "consistency check")
    if _cell_text(row.get("tested_part")) and verdict not in ("not testable in this run",):
        notes.append("partly tested")
    if _cell_text(row.get("restates")):
        notes.append(f"restates {row['restates']}")
    return notes


def legend():
    """One badge per verdict, with its words: the key to every colour-coded table (sealed with the verdicts it
    keys in the student edition)."""
    return '<div class="gx-legend">' + reveal.verdict(" ".join(badge(v) for v in VERDICT_SLUGS)) + "</div>"


def grade_badge(grade):
    """A claim's grade across the multiverse as a badge (words and a class; book/_static/govexport.css). Shown
    in cells of class gx-verdict, which the student edition hides with the verdicts."""
    slug = re.sub(r"[^a-z]+", "-", str(grade).lower()).strip("-") or "none"
    return f'<span class="gx-grade gx-grade-{slug}">{html.escape(str(grade))}</span>'


@dataclass
class LedgerTable:
    """Claims grouped by the paper's section, one row each: id (linked to the register), the paper's words, its
    value and this run's, the verdict as a badge, and why. Cells carry data-label for the phone layout."""

    rows: pd.DataFrame  # columns: COLUMNS, and any of QUALIFIERS
    register_page: str = "10_claims_register.html"
    COLUMNS = ("claim_id", "section", "quote", "paper_value", "value", "verdict", "why")
    # Said beside a verdict when they apply: how it was reached (the ledger's evidence, tested part, restatement).
    QUALIFIERS = ("evidence", "tested_part", "restates")
    columns: tuple = (
        ("claim_id", "claim"),
        ("quote", "the paper says"),
        ("paper_value", "paper"),
        ("value", "this run"),
        ("verdict", "verdict"),
        ("why", "how it holds"),
    )
    numeric: tuple = ("paper_value", "value")
    revealing: tuple = ("why",)  # besides the verdict: columns that give a verdict away (report/reveal.py)

    def _cell(self, key, label, row):
        value = _cell_text(row[key])
        if key == "claim_id":
            inner = f'<a href="{self.register_page}#claim-{html.escape(value)}">{html.escape(value)}</a>'
            cls = "gx-claim"
        elif key == "verdict":
            notes = "".join(f'<span class="gx-qualifier">{html.escape(note)}</span>' for note in qualifiers(row, value))
            inner, cls = reveal.verdict(badge(value) + notes), "gx-verdict"  # a qualifier tells the verdict too
        elif key == "grade":
            inner, cls = reveal.verdict(grade_badge(value)), "gx-verdict gx-grade-cell"
        else:
            inner = html.escape(value)
            cls = "gx-num" if key in self.numeric and value[:1].isdigit() else f"gx-{key.replace('_', '-')}"
            if key in self.revealing:
                inner = reveal.verdict(inner)  # how a claim holds gives its verdict away
        return f'<td class="{cls}" data-label="{html.escape(label)}">{inner}</td>'

    def _repr_html_(self):
        head = "".join(f'<th scope="col">{html.escape(label)}</th>' for _, label in self.columns)
        bodies = []
        for section, group in self.rows.groupby("section", sort=False):
            lines = [
                f'<tr class="gx-section"><th scope="colgroup" colspan="{len(self.columns)}">'
                f"{html.escape(str(section))}</th></tr>"
            ]
            for _, row in group.iterrows():
                cells = "".join(self._cell(key, label, row) for key, label in self.columns)
                lines.append(f'<tr id="ledger-{html.escape(str(row["claim_id"]))}" class="gx-row">{cells}</tr>')
            bodies.append("<tbody>" + "".join(lines) + "</tbody>")
        return (
            legend() + f'<div class="gx-table-wrap"><table class="gx-table gx-ledger"><thead><tr>{head}</tr>'
            f"</thead>{''.join(bodies)}</table></div>"
        )

    def _repr_markdown_(self):
        parts = []
        for section, group in self.rows.groupby("section", sort=False):
            group = group.assign(
                verdict=[
                    "; ".join([_cell_text(r["verdict"]), *qualifiers(r, _cell_text(r["verdict"]))])
                    for _, r in group.iterrows()
                ]
            )
            frame = group[[k for k, _ in self.columns]].copy()
            for key in ("verdict", *self.revealing):
                if key in frame:
                    frame[key] = [reveal.verdict(str(v)) if str(v) else "" for v in frame[key]]
            frame = frame.rename(columns=dict(self.columns))
            parts.append(f"**{escape(section)}**\n\n" + Table(frame, numeric=("paper", "this run"))._repr_markdown_())
        return "\n\n".join(parts)

    def __repr__(self):
        return self._repr_markdown_()
