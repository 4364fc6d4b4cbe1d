"""Handouts: each chapter's claims on one printed page (a long chapter runs on overleaf), and the whole
ledger as a table that prints.

Both are typeset with XeLaTeX from a build's ledger (build/<name>/claims.csv). Every string of the
ledger is data, never markup: `escape` makes a quote holding `\\ { } $ & # ^ _ % ~` or HTML print as
itself, and the fonts are set without TeX's ligatures, so `--` or `''` in data print as typed.
"""

import contextlib
import csv
import os
import re
import shutil
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..claims.register import VERDICTS
from ..errors import GovexportError
from ..report import book
from ..report.book import CHAPTERS
from ..report.theme import VERDICT_MARKS
from .xelatex import compile_tex

REQUIRED = ("claim_id", "chapter", "quote", "paper_value")  # a student edition's ledger has no verdict
# The ledger's reproduced value: `value` in the new ledger, `reproduced_value` in the old one.
VALUE_COLUMNS = ("value", "reproduced_value")

_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "%": r"\%",
    "~": r"\textasciitilde{}",
    # a cell starting with [ right after \\ would be read as the line break's optional argument
    "[": "{[}",
    "]": "{]}",
}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _SPECIALS))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")  # a line break or control character in data would end a row or a paragraph


def escape(value):
    """Data as LaTeX text that prints exactly as written (line breaks and control characters become spaces)."""
    text = _CONTROL.sub(" ", "" if value is None else str(value))
    return _SPECIAL.sub(lambda m: _SPECIALS[m.group()], text)


def read_ledger(path):
    """The ledger's rows as dicts, each with `value` (the reproduced value) whichever ledger wrote it."""
    path = Path(path)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, restval="")  # a short row's missing cells read as empty
        columns = reader.fieldnames or []
        rows = list(reader)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise GovexportError(f"{path}: no column {', '.join(repr(c) for c in missing)}; is it a govexport ledger?")
    value = next((c for c in VALUE_COLUMNS if c in columns), None)
    if value is None:
        raise GovexportError(f"{path}: no column 'value' (or 'reproduced_value'); is it a govexport ledger?")
    return [{**row, "value": row[value]} for row in rows]


def by_chapter(rows):
    """{chapter: its rows}, chapters in the ledger's order."""
    chapters = {}
    for row in rows:
        chapters.setdefault(row["chapter"], []).append(row)
    return chapters


def chapter_title(chapter):
    """The book's title for a ledger chapter ('officials' or '03_officials' -> 'Officials'; 'context' -> "The
    paper's context"); else the name, capitalised."""
    for known in CHAPTERS:
        if chapter and chapter == known.id:
            return known.title
    return book.claims_title(chapter) or chapter.capitalize()


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", text.lower())).strip("-")


def handout_paths(chapters):
    """{chapter: its handout's path under pdf/}: 'handouts/03-officials.pdf', the number and title of the book
    chapter that shows its claims (the paper's context: the ledger's number); a name the register does not know
    is kept in letters and digits only. A number is added when two names would read the same."""
    paths = {}
    for chapter in chapters:
        title = book.claims_title(chapter)
        if title:
            stem = f"{book.number(book.tested_in(chapter)):02d}-{_slug(title)}"
        else:
            stem = _slug(chapter) or "chapter"
        path, n = f"handouts/{stem}.pdf", 1
        while path in paths.values():
            n += 1
            path = f"handouts/{stem}-{n}.pdf"
        paths[chapter] = path
    return paths


def judged(rows):
    """Whether the ledger carries verdicts (an instructor's) or not (a student edition's: publish/edition.py)."""
    return bool(rows) and "verdict" in rows[0]


def tally(rows):
    """'3 claims: 2 reproduced, 1 not reproduced', verdicts in the ledger's order (VERDICTS), as on the web;
    '3 claims' without verdicts."""
    if not judged(rows):
        return f"{len(rows)} {'claim' if len(rows) == 1 else 'claims'}"
    counts = Counter(row["verdict"] for row in rows)
    order = [v for v in VERDICTS if counts[v]] + [v for v in counts if v not in VERDICTS]
    noun = "claim" if len(rows) == 1 else "claims"
    return f"{len(rows)} {noun}: " + ", ".join(f"{counts[verdict]} {verdict}" for verdict in order)


def _with_notes(main, notes):
    """A cell: its main text, then the notes that are not empty in the notes' type beneath, joined by '; '."""
    detail = "; ".join(escape(note) for note in notes if note.strip())
    return main + (rf"\newline{{\notesize {detail}}}" if detail else "")


def verdict_mark(verdict):
    """The verdict as on the web: its mark (VERDICT_MARKS) and its words in bold."""
    mark = VERDICT_MARKS.get(verdict, "")
    return (rf"{{\markfont {mark}}}\enspace " if mark else "") + rf"\textbf{{{escape(verdict)}}}"


def _cells(row, full=True):
    """Claim (id, and where the paper makes it), quote, the two values, verdict (its mark, with the reading that
    holds, the margin unless left out, and whether the coding was written to give the paper's value), and how it
    was tested (what was computed, and the criterion unless left out)."""
    # a long id may break after its hyphens (a monospaced font does not break lines at hyphens by itself)
    claim_id = r"\texttt{" + escape(row["claim_id"]).replace("-", r"-\allowbreak{}") + "}"
    constructed = row.get("by_construction", "").strip().lower() not in ("", "false", "no", "0")
    cells = [
        _with_notes(claim_id, [", ".join(p for p in (row.get("section", ""), row.get("location", "")) if p)]),
        escape(row["quote"]),
        escape(row["paper_value"]),
        escape(row["value"]),
    ]
    if "verdict" not in row:  # a student edition's ledger: the criterion to judge by, in the verdict's place
        return cells + [escape(row.get("criterion", "")), escape(row.get("reason", ""))]
    return cells + [
        _with_notes(
            verdict_mark(row["verdict"]),
            [
                row.get("reading", ""),
                row.get("margin", "") if full else "",
                "by construction" if constructed and "by construction" not in row.get("reading", "") else "",
            ],
        ),
        _with_notes(escape(row.get("reason", "")), [row.get("criterion", "") if full else ""]),
    ]


HEADER = ["Claim, and where", "The paper says", "Paper", "This build", "Verdict", "How it was tested"]
STUDENT_HEADER = ["Claim, and where", "The paper says", "Paper", "This build", "Criterion", "How it was tested"]


def _header(rows):
    return HEADER if judged(rows) else STUDENT_HEADER


# Column widths on landscape A4 with 1 cm margins: 27.7 cm of text width, less 3pt on each side of each column.
WIDTHS = ["4.6cm", "5.8cm", "1.8cm", "1.8cm", "5.0cm", "7.2cm"]  # 26.2 cm
LEDGER_WIDTHS = ["1.9cm", "3.3cm", "5.4cm", "1.7cm", "1.7cm", "5.6cm", "5.9cm"]  # 25.5 cm, with a Chapter column
# Type: 8.5 pt for the claims, 8 pt for the notes beneath them (nothing smaller; a long chapter runs on overleaf,
# its header repeated, rather than shrink). The marks come from DejaVu Sans, which has every one of them.
PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[a4paper,landscape,hmargin=1cm,vmargin=0.8cm]{geometry}
\usepackage{fontspec}
\defaultfontfeatures[\rmfamily,\sffamily,\ttfamily]{}
\setmainfont{TeX Gyre Heros}
\setmonofont{TeX Gyre Cursor}
\newfontfamily\markfont{DejaVu Sans}
\usepackage{xeCJK}
\setCJKmainfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans CJK SC}
\xeCJKDeclareCharClass{Default}{"2013,"2014,"2018,"2019,"201C,"201D,"2026,"2248,"2713,"2717,"25CB}
\usepackage{array,booktabs,longtable}
\setlength{\parindent}{0pt}
\setlength{\tabcolsep}{3pt}
\renewcommand{\arraystretch}{1.05}
\newcommand\claimsize{\fontsize{8.5}{10}\selectfont}
\newcommand\notesize{\fontsize{8}{9.2}\selectfont}
"""


def _columns(widths):
    return "".join(rf">{{\raggedright\arraybackslash}}p{{{w}}}" for w in widths)


def _row(cells):
    return " & ".join(cells) + r" \\"


def _table_rows(rows, cells):
    return "\n\\midrule\n".join(_row(cells(row)) for row in rows)


def _legend():
    """The marks and their verdicts, in the ledger's order, as on the web's legend."""
    return ", ".join(verdict_mark(v) for v in VERDICTS)


def chapter_document(chapter, rows, book_title, run_name):
    """A handout of one chapter's claims (LaTeX source): one page for a chapter of a few claims, a longer one runs
    on overleaf, header repeated. The criterion and the margin, the longest texts of a claim, are left to the full
    ledger."""
    columns, header = _columns(WIDTHS), _row([rf"\textbf{{{h}}}" for h in _header(rows)])
    body = _table_rows(rows, lambda row: _cells(row, full=False))
    return (
        PREAMBLE
        + r"""\pagestyle{empty}
\begin{document}
\claimsize
{\LARGE\bfseries """
        + escape(chapter_title(chapter))
        + r""": the paper's claims}\hfill
{\small """
        + escape(book_title)
        + r""", build \texttt{"""
        + escape(run_name)
        + r"""}}\par
\smallskip
"""
        + escape(tally(rows))
        + r""". Each row: the claim as quoted from the paper, its value in the paper and in
this build, and """
        + (
            r"""the verdict; the build's ledger, claims.csv, has them all, and the book's ledger chapter
explains the verdicts. Verdicts: """
            + _legend()
            if judged(rows)
            else r"""the criterion it is judged by: judge it yourself before the verdicts are revealed"""
        )
        + r""".\par
\medskip
\begin{longtable}{"""
        + columns
        + r"""}
\toprule
"""
        + header
        + r"""
\midrule
\endhead
\bottomrule
\endfoot
"""
        + body
        + r"""
\end{longtable}
\end{document}
"""
    )


def ledger_document(rows, book_title, run_name):
    """The whole ledger as a multi-page table (LaTeX source), its header repeated on every page."""
    header = _row([rf"\textbf{{{h}}}" for h in ["Chapter", *_header(rows)]])
    body = _table_rows(rows, lambda row: [escape(chapter_title(row["chapter"])), *_cells(row)])
    return (
        PREAMBLE
        + r"""\pagestyle{plain}
\begin{document}
\claimsize
\begin{longtable}{"""
        + _columns(LEDGER_WIDTHS)
        + r"""}
\multicolumn{7}{l}{\LARGE\bfseries The claims ledger}\\[2pt]
\multicolumn{7}{l}{\small """
        + escape(book_title)
        + r""" \textemdash{} build \texttt{"""
        + escape(run_name)
        + r"""} \textemdash{} """
        + escape(tally(rows))
        + r"""}\\[2pt]
\multicolumn{7}{l}{\small """
        + (r"Verdicts: " + _legend() if judged(rows) else r"Criteria in the verdicts' place: judge each claim yourself")
        + r"""}\\[6pt]
\toprule
"""
        + header
        + r"""
\midrule
\endfirsthead
\toprule
"""
        + header
        + r"""
\midrule
\endhead
\midrule
\multicolumn{7}{r}{\notesize continued on the next page}\\
\endfoot
\bottomrule
\endlastfoot
"""
        + body
        + r"""
\end{longtable}
\end{document}
"""
    )


def write_handouts(claims_csv, dest, book_title, run_name, log=print, work=None):
    """Typeset dest/handouts/<chapter>.pdf for every chapter with claims and dest/ledger.pdf; returns their paths.

    The LaTeX runs happen in `work` (a new folder the caller removes; by default a temporary folder), one per
    core at a time; only the PDFs reach `dest`.
    """
    rows = read_ledger(claims_csv)
    if not rows:
        raise GovexportError(f"{claims_csv}: the ledger has no claims")
    chapters = by_chapter(rows)
    documents = {
        path: chapter_document(chapter, chapters[chapter], book_title, run_name)
        for chapter, path in handout_paths(chapters).items()
    }
    documents["ledger.pdf"] = ledger_document(rows, book_title, run_name)
    log(f"typesetting the ledger and {len(chapters)} chapter handout{'' if len(chapters) == 1 else 's'}")
    with _work_folder(work) as work:
        sources = []
        for i, (target, source) in enumerate(documents.items()):
            tex = Path(work) / str(i) / "handout.tex"
            tex.parent.mkdir()
            tex.write_text(source, encoding="utf-8")
            sources.append((target, tex))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            try:
                pdfs = list(pool.map(compile_tex, [tex for _, tex in sources]))
            except BaseException:
                pool.shutdown(wait=False, cancel_futures=True)  # the handouts not started yet never start
                raise
        written = []
        for (target, _), pdf in zip(sources, pdfs):
            out = Path(dest) / target
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(pdf, out)
            written.append(out)
    return written


@contextlib.contextmanager
def _work_folder(work):
    """`work`, created (its caller removes it), or a temporary folder removed on leaving."""
    if work is None:
        with tempfile.TemporaryDirectory(prefix="govexport-handouts-") as folder:
            yield folder
    else:
        Path(work).mkdir(parents=True)
        yield str(work)
