"""Chapter 10, the claims register: every claim as data/claims.yaml records it, with the code of its check."""

import html
import inspect
from dataclasses import dataclass

from ...claims import checks
from ...claims.checks import labels_for
from ...claims.lock import history
from ...claims.verdict import criterion_text
from .. import reveal
from ..text import MD, escape, plural


def intro(run):
    sections = list(dict.fromkeys(c["section"] for c in run.register))
    return MD(
        "The register holds {} in {}. Each entry gives the paper's exact words, where they stand, what kind "
        "of claim it is, the criterion declared for its verdict, how the book tests it, the source the paper "
        "cites, and the code of its check. The ledger's claim ids link here."
    ).format(plural(len(run.register), "claim"), plural(len(sections), "part of the paper", "parts of the paper"))


def _check_source(claim_id):
    function = getattr(checks, "CHECKS", {}).get(claim_id)
    if function is None:
        return ""
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


@dataclass
class Entries:
    """The register's entries as HTML (anchors the ledger links to) and as Markdown (the print edition)."""

    rows: list  # dicts: id, section, quote, location, kind, criterion, test, source, code

    FIELDS = (
        ("location", "Where"),
        ("kind", "Kind"),
        ("criterion", "Criterion"),
        ("test", "How the book tests it"),
        ("part", "The part the tables record"),
        ("restates", "Restates"),
        ("constructed", "By construction under"),
        ("changed", "Criterion changed"),
        ("source", "Source the paper cites"),
    )

    def _by_section(self):
        """(the section's title where a new section starts, else None; the row), in the register's order."""
        section = None
        for row in self.rows:
            yield (row["section"] if row["section"] != section else None), row
            section = row["section"]

    def _repr_html_(self):
        out = []
        for section, row in self._by_section():
            if section:
                out.append(f'<p class="gx-register-section"><strong>{html.escape(section)}</strong></p>')
            fields = "".join(
                f"<dt>{label}</dt><dd>{html.escape(str(row[key]))}</dd>" for key, label in self.FIELDS if row.get(key)
            )
            code = (
                f"<details><summary>The check's code</summary><pre><code>{html.escape(row['code'])}</code></pre>"
                f"</details>"
                if row["code"]
                else ""
            )
            out.append(
                f'<div class="gx-claim-entry" id="claim-{html.escape(row["id"])}">'
                f'<p class="gx-claim-id"><code>{html.escape(row["id"])}</code></p>'
                f"<blockquote>{html.escape(row['quote'])}</blockquote><dl>{fields}</dl>{code}</div>"
            )
        return "".join(out)

    def _repr_markdown_(self):
        out = []
        for section, row in self._by_section():
            if section:
                out.append(f"**{escape(section)}**")
            fields = "\n".join(f"- {label}: {escape(row[key])}" for key, label in self.FIELDS if row.get(key))
            out.append(f"`{row['id']}`\n\n> {escape(row['quote'])}\n\n{fields}")
        return "\n\n".join(out)

    def __repr__(self):
        return self._repr_markdown_()


def entries(run):
    rows = []
    for claim in run.register:
        rows.append(
            {
                "id": claim["id"],
                "section": claim["section"],
                "quote": claim["quote"],
                "location": claim["location"],
                "kind": claim["kind"],
                "criterion": reveal.mentions(
                    criterion_text(claim, labels_for(claim, run.register))
                ),  # names, gives none
                "test": reveal.mentions(claim.get("test") or ""),
                "part": claim.get("part") or "",
                "restates": claim.get("same_as") or "",
                "constructed": ", ".join(
                    f"the {run.data.codebook.label(r)} rule set" for r in claim.get("by_construction", [])
                ),
                "changed": history(claim["id"]),
                "source": claim.get("source") or "",
                "code": _check_source(claim["id"]),
            }
        )
    return Entries(rows)
