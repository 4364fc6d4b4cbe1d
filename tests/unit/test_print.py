"""The printed ledger and handouts read like the web book: type no smaller than 8 pt, the web's verdict marks,
the ledger's order of verdicts in every tally."""

import re

from govexport.claims.register import VERDICTS
from govexport.publish import handouts
from govexport.report.tables import VERDICT_SLUGS
from govexport.report.theme import VERDICT_MARKS

ROWS = [
    {"claim_id": f"c-{i}", "chapter": "officials", "quote": "q", "paper_value": "1", "value": "1", "verdict": v}
    for i, v in enumerate(["not reproduced", "reproduced", "not testable with this data", "reproduced"])
]
SMALLER_THAN_8PT = re.compile(r"\\(scriptsize|tiny|footnotesize|resizebox|scalebox)\b")


def test_no_type_smaller_than_8pt_in_the_handouts_or_the_ledger():
    for source in (
        handouts.chapter_document("officials", ROWS, "T", "default"),
        handouts.ledger_document(ROWS, "T", "d"),
    ):
        sizes = [float(s) for s in re.findall(r"\\fontsize\{([\d.]+)\}", source)]
        assert sizes and min(sizes) >= 8
        assert not SMALLER_THAN_8PT.search(source)


def test_tallies_list_verdicts_in_the_ledgers_order():
    assert handouts.tally(ROWS) == "4 claims: 2 reproduced, 1 not reproduced, 1 not testable with this data"
    assert list(VERDICT_MARKS) == list(VERDICTS)


def test_each_verdict_prints_with_the_web_badges_mark(root):
    css = (root / "book/_static/govexport.css").read_text(encoding="utf-8")
    on_the_web = dict(re.findall(r'\.gx-badge-([a-z-]+)::before \{ content: "(.)"', css))
    assert on_the_web == {VERDICT_SLUGS[v]: mark for v, mark in VERDICT_MARKS.items()}
    assert len(set(VERDICT_MARKS.values())) == len(VERDICT_MARKS)
    source = handouts.chapter_document("officials", ROWS, "T", "default")
    for verdict in {r["verdict"] for r in ROWS}:
        assert handouts.verdict_mark(verdict) in source and VERDICT_MARKS[verdict] in handouts.verdict_mark(verdict)
