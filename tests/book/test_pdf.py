"""The print edition: the book as a PDF through Sphinx's LaTeX builder and XeLaTeX, the handouts and the ledger.

The PDF is built once, from the default book that the `built` fixture builds; the text checks read it
with pdftotext (Debian's poppler-utils), as a reader's search would.
"""

import csv
import os
import re
import shutil
import subprocess
import unicodedata

import nbformat
import pytest
from bs4 import BeautifulSoup

from govexport.errors import GovexportError
from govexport.publish import handouts, pdf, xelatex
from govexport.publish.sphinx_latex import column_widths
from govexport.report.theme import VERDICT_MARKS

TOOLS = ("xelatex", "latexmk", "pdftotext", "pdfinfo")
HOW_TO_GET_THEM = (
    "not installed: the PDF tests need TeX Live, the Noto CJK fonts and poppler-utils, the Debian "
    "packages of .ci/debian-packages.txt; `make system-packages` installs them (.ci/run does in CI)."
)
# Data that LaTeX or HTML would read as markup, and TeX as ligatures; each must print exactly as written. Each
# is short enough to stay on one line of its cell, where no line break can hyphenate it.
HOSTILE = [
    r"\textbf{bold} \end{document} $x$",
    "& #1 ^2 _3 %4 ~5 {6} [7] \\\\",
    "<b>not bold</b> <script>x</script>",
    "-- --- `single' ''double'' ?` !`",
]
CJK = re.compile(r"[\u3400-\u9fff]+")
PLACEHOLDER = re.compile(r"<[\w.]+ object")


def tools_or_explain():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        message = f"{', '.join(missing)} {HOW_TO_GET_THEM}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def text(path, page=None):
    """The PDF's text as pdftotext reads it in the order it was written (-raw: a table cell's lines stay
    together, where the reading order would interleave them with the next cell's), ligatures (ﬁ, ﬀ) written
    out as letters."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run(
        ["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return unicodedata.normalize("NFKC", out)


def squashed(value):
    """Text without white space (a line may break anywhere in a Chinese word or a title), quotes made straight
    (the web and TeX curl an apostrophe each their own way)."""
    return re.sub(r"\s+", "", value).replace("’", "'").replace("‘", "'")


def holds(page, claim_id):
    """Whether the text holds the claim id as a whole word, as pdftotext gives it: broken across lines, and
    without the hyphen at which a line broke ('officials-total-' + '1200' reads 'officials-total1200')."""
    parts = ["-?" if c == "-" else re.escape(c) for c in claim_id]
    return re.search(r"(?<![\w-])" + r"\s*".join(parts) + r"(?![\w-])", page) is not None


def pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def ledger(root, name="default"):
    with open(root / "build" / name / "claims.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def printed(request):
    """The default book's print edition, built once per run of the suite (printed_default): (root, its pdf/)."""
    tools_or_explain()
    root, folder = request.getfixturevalue("printed_default")
    assert (folder / "book.pdf").is_file()
    return root, folder


def test_the_book_pdf_holds_every_claim_id_and_the_headline_estimate(printed):
    root, folder = printed
    book = text(folder / "book.pdf")
    missing = [row["claim_id"] for row in ledger(root) if not holds(book, row["claim_id"])]
    assert not missing, f"claim ids not in the PDF: {missing}"
    assert "1,165" in book
    assert not PLACEHOLDER.search(book), "an HTML-only output printed as its placeholder"


def test_the_glossary_prints_its_chinese(printed):
    root, folder = printed
    glossary = (root / "build/default/book/glossary.md").read_text(encoding="utf-8")
    terms = set(CJK.findall(glossary))
    assert terms, "the glossary has no Chinese to check"
    book = squashed(text(folder / "book.pdf"))
    assert {t for t in terms if t not in book} == set()


def test_the_build_leaves_only_the_pdfs(printed):
    root, folder = printed
    assert sorted(p.name for p in folder.iterdir()) == ["book.pdf", "handouts", "ledger.pdf"]
    assert {p.suffix for p in (folder / "handouts").iterdir()} == {".pdf"}
    assert not list((root / "build/default").glob(".pdf*")), "a staging folder was left behind"


def test_a_handout_per_chapter_with_claims_holding_its_claims_and_no_other(printed):
    root, folder = printed
    chapters = handouts.by_chapter(ledger(root))
    paths = handouts.handout_paths(chapters)
    assert {p.relative_to(folder).as_posix() for p in (folder / "handouts").iterdir()} == set(paths.values())
    for chapter, rows in chapters.items():
        handout = folder / paths[chapter]
        page = text(handout)
        assert all(holds(page, row["claim_id"]) for row in rows), chapter
        others = [r["claim_id"] for c, rs in chapters.items() if c != chapter for r in rs]
        assert not [i for i in others if holds(page, i)], chapter
        assert squashed(handouts.chapter_title(chapter)) in squashed(page)
        if len(rows) <= 8:  # a chapter of up to eight claims fits one page
            assert pages(handout) == 1, chapter


def test_every_figure_has_the_same_number_on_the_web_and_in_the_pdf(printed):
    """A figure cited as "Fig. 4.2" from the web book is Fig. 4.2 in print: each web caption's number and first
    words are in the book's PDF together."""
    root, folder = printed
    book = squashed(text(folder / "book.pdf"))
    figures = []
    for page in sorted((root / "build/default/html/notebooks").glob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for figure in soup.select('figure[id^="fig-"]'):
            number = figure.select_one(".caption-number").get_text(" ", strip=True)
            words = figure.select_one(".caption-text").get_text(" ", strip=True).split()[:6]
            figures.append((page.name, figure["id"], number, " ".join(words)))
    assert len(figures) >= 10 and all(re.fullmatch(r"Fig\. \d+\.\d+", n) for _, _, n, _ in figures)
    assert len({n for _, _, n, _ in figures}) == len(figures)
    missing = [f for f in figures if squashed(f"{f[2]}: {f[3]}") not in book]
    assert not missing


def test_handouts_mark_verdicts_as_the_web_does_and_tally_in_the_ledgers_order(printed):
    root, folder = printed
    chapters = handouts.by_chapter(ledger(root))
    paths = handouts.handout_paths(chapters)
    for chapter, rows in chapters.items():
        page = squashed(text(folder / paths[chapter]))
        assert squashed(handouts.tally(rows)) in page, chapter
        for verdict in {row["verdict"] for row in rows}:
            assert squashed(VERDICT_MARKS[verdict] + verdict) in page, (chapter, verdict)
    whole = squashed(text(folder / "ledger.pdf"))
    assert all(squashed(mark + verdict) in whole for verdict, mark in VERDICT_MARKS.items())  # its legend


def test_the_ledger_pdf_holds_every_claim_with_its_header_on_every_page(printed):
    root, folder = printed
    printed_ledger = folder / "ledger.pdf"
    whole = text(printed_ledger)
    assert all(holds(whole, row["claim_id"]) for row in ledger(root))
    count = pages(printed_ledger)
    assert count > 1
    assert all("The paper says" in text(printed_ledger, page) for page in range(1, count + 1))


def test_a_missing_or_incomplete_build_says_to_build_the_book_first(tmp_path):
    with pytest.raises(GovexportError, match=r"run `govexport book --name nothing` first"):
        pdf.build_pdf("nothing", tmp_path)
    (tmp_path / "build/half/book").mkdir(parents=True)
    (tmp_path / "build/half/claims.csv").write_text("claim_id\n", encoding="utf-8")
    with pytest.raises(GovexportError, match=r"build/half/html/index\.html.*govexport book --name half"):
        pdf.build_pdf("half", tmp_path)


def test_a_source_missing_from_the_table_of_contents_is_an_incomplete_build(tmp_path):
    out = tmp_path / "build/x"
    for path in ("claims.csv", "html/index.html", "book/_config.yml", "book/intro.md"):
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text("", encoding="utf-8")
    (out / "book/_toc.yml").write_text("root: intro\nchapters:\n  - file: notebooks/01_dataset\n", encoding="utf-8")
    with pytest.raises(GovexportError, match=r"build/x/book/notebooks/01_dataset missing"):
        pdf.complete_build(out, "x")


def test_missing_tex_names_the_debian_packages(monkeypatch):
    monkeypatch.setattr(xelatex.shutil, "which", lambda tool: None)
    with pytest.raises(GovexportError, match=r"texlive-xetex latexmk .*make system-packages"):
        xelatex.require_tools()


def test_a_latex_error_shows_its_own_lines_not_the_log(tmp_path):
    tools_or_explain()
    tex = tmp_path / "broken.tex"
    tex.write_text(
        "\\documentclass{article}\n\\begin{document}\nfine\n\\undefinedmacro\n\\end{document}\n", encoding="utf-8"
    )
    with pytest.raises(GovexportError) as err:
        xelatex.compile_tex(tex)
    message = str(err.value)
    assert "Undefined control sequence" in message and "l.4" in message
    assert len(message.splitlines()) < 15
    assert not tex.with_suffix(".pdf").exists()


def test_a_failure_leaves_the_previous_pdf_folder_as_it_was(built, monkeypatch, tmp_path):
    """The book typeset, then the handouts fail: build/<name>/pdf/ keeps what it had, and no half folder remains."""
    root, _ = built
    out = root / "build/failing"
    shutil.copytree(root / "build/default", out, ignore=shutil.ignore_patterns("pdf"))
    (out / "pdf").mkdir()
    (out / "pdf/book.pdf").write_bytes(b"the previous edition")
    monkeypatch.setattr(pdf, "require_tools", lambda: None)

    def typeset(source, work, log, *edition):
        (work / "book.pdf").write_bytes(b"a new book")
        return work / "book.pdf"

    def fail(*args):
        raise GovexportError("LaTeX failed on handout.tex")

    monkeypatch.setattr(pdf, "typeset_book", typeset)
    monkeypatch.setattr(pdf, "write_handouts", fail)
    with pytest.raises(GovexportError, match="handout.tex"):
        pdf.build_pdf("failing", root, log=lambda *_: None)
    assert [p.name for p in (out / "pdf").iterdir()] == ["book.pdf"]
    assert (out / "pdf/book.pdf").read_bytes() == b"the previous edition"
    assert not list(out.glob(".pdf*"))
    shutil.rmtree(out)


def test_handout_file_names_are_the_chapters_numbers_and_titles_and_distinct():
    """A handout is named after the book chapter that shows its claims; the paper's context, which no chapter
    tests, after the ledger that lists it; any other name is kept in plain letters, digits and hyphens."""
    assert handouts.handout_paths(["officials", "states", "context", "../x y", "x_y", ""]) == {
        "officials": "handouts/03-officials.pdf",
        "states": "handouts/05-states-and-trainers.pdf",
        "context": "handouts/07-the-papers-context.pdf",
        "../x y": "handouts/x-y.pdf",
        "x_y": "handouts/x-y-2.pdf",
        "": "handouts/chapter.pdf",
    }


def test_a_claim_id_is_found_however_pdftotext_breaks_it():
    assert holds("see officials-total-\n1200 here", "officials-total-1200")
    assert holds("see officials-total1200.", "officials-total-1200")
    assert not holds("officials-total-1200-abstract", "officials-total-1200")
    assert not holds("the-first-year-intro", "first-year-intro")


def test_escape_leaves_no_character_latex_reads_as_markup():
    escaped = handouts.escape("\\{}$&#^_%~[]\nnext")
    assert escaped == (r"\textbackslash{}\{\}\$\&\#\textasciicircum{}\_\%\textasciitilde{}{[}{]} next")


@pytest.mark.parametrize("value_column", ["value", "reproduced_value"])
def test_hostile_ledger_strings_print_exactly_as_written(tmp_path, value_column):
    """Either ledger (with `value` or the older `reproduced_value`) typesets, and markup in it prints as text."""
    tools_or_explain()
    rows = [
        {
            "claim_id": f"hostile-{i}",
            "chapter": "odd & _chapter_",
            "location": "§ 2 ~ here",
            "quote": quote,
            "paper_value": "50%",
            value_column: "<i>49</i>",
            "verdict": "reproduced",
            "reason": "{}",
            "criterion": "exact",
        }
        for i, quote in enumerate(HOSTILE)
    ]
    claims = tmp_path / "claims.csv"
    with open(claims, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    written = handouts.write_handouts(claims, tmp_path / "out", "A {title} \\ with $", "run_%1", log=lambda *_: None)
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == ["handouts/odd-chapter.pdf", "ledger.pdf"]
    for path in written:
        printed_text = " ".join(text(path).split())
        for value in [*HOSTILE, "<i>49</i>", "§ 2 ~ here", "A {title} \\ with $", "run_%1"]:
            assert value in printed_text, (path.name, value)


def test_outputs_that_print_only_as_a_placeholder_are_left_out(tmp_path):
    html_only = nbformat.v4.new_output(
        "display_data", data={"text/html": "<table></table>", "text/plain": "<IPython.core.display.HTML object>"}
    )
    table = nbformat.v4.new_output(
        "execute_result",
        data={
            "text/html": "<table></table>",
            "text/markdown": "| a |",
            "text/plain": "<govexport.report.tables.Table object>",
        },
    )
    frame = nbformat.v4.new_output("execute_result", data={"text/html": "<table></table>", "text/plain": "   a\n0  1"})
    cell = nbformat.v4.new_code_cell("x", outputs=[html_only, table, frame])
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    assert pdf.drop_placeholders(path) == 1
    assert nbformat.read(path, as_version=4).cells[0].outputs == [table, frame]


def test_a_tables_columns_get_widths_from_their_text():
    """Each column its long words (up to 12 letters) and padding, then the rest of the line (105 characters)
    shared by the columns' mean cell lengths beyond that."""
    rows = [["claim", "quote", "verdict"]] + [[f"id-{i}", "a long quote " * 10, "approximately"] for i in range(40)]
    assert column_widths(rows) == [8, 81, 16]  # words and padding 8 (the header), 8, 15; the quote takes the rest
    prose = [["word " * 20, "word " * 60]] * 31  # one column holding three times the other's text
    assert column_widths(prose) == [29, 76]  # 7 each, then the 91 left shared 96 : 296
    assert column_widths([["a b"] * 4] * 3) == [6] * 4  # short columns: what they want (shares of the line)
    words = [["abcdefghijklmnopqrstuvwxyz " * 5] * 10] * 31  # ten columns whose words alone overflow the line
    assert column_widths(words) == [15] * 10  # sized for 12 letters: TeX hyphenates longer words
    counts = [["scenario", "programs"]] + [["default", "59"]] * 9  # a column of numbers under a word
    assert column_widths(counts) == [10, 9]  # room for the header's word (it ran into the next column), hyphenated
    assert column_widths([["delegations"]] + [["5"]] * 9) == [9]  # headers are sized for 6 letters: TeX hyphenates


# --- issue 22: `govexport pdf` as careful as `book` -------------------------------------------------------------


def test_sigterm_during_the_pdf_is_one_line_and_leaves_no_process_and_no_folder(built, tmp_path):
    """Stopped while Sphinx and LaTeX work: exit 2, one line, every child process group killed, no folder of the
    run left, in build/ or its temporary folder (TMPDIR), and build/default/pdf as it was."""
    import signal
    import sys
    import uuid

    from minibuild import no_process_left, tree_digest

    tools_or_explain()
    root, _ = built
    before = tree_digest(root / "build/default")
    temporary = tmp_path / "tmp"  # its own: other workers' builds make govexport- folders in the shared one
    temporary.mkdir()
    token = uuid.uuid4().hex
    process = subprocess.Popen(
        [sys.executable, "-m", "govexport.cli", "pdf"],
        cwd=root,
        env={**os.environ, "GOVEXPORT_TEST_TOKEN": token, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temporary)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert "typesetting" in process.stdout.readline()
    import time

    time.sleep(4)  # Sphinx's LaTeX builder and the handouts' latexmk are running
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert err.splitlines() == ["govexport: error: stopped by SIGTERM; every complete build in build/ is as it was"]
    assert no_process_left(token), "a Sphinx, latexmk or XeLaTeX outlived the stopped pdf"
    assert not [p for p in os.listdir(root / "build") if p.startswith((".tmp-", ".old-"))]
    assert not [p for p in os.listdir(temporary) if p.startswith("govexport-")]
    assert tree_digest(root / "build/default") == before


def cli_in(root, monkeypatch, capsys, *argv):
    from govexport import cli

    monkeypatch.chdir(root)
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


def test_a_read_only_build_folder_is_one_line(built, monkeypatch, capsys):
    import errno
    from pathlib import Path

    root, _ = built
    monkeypatch.setattr(pdf, "require_tools", lambda: None)
    original = Path.mkdir

    def read_only(path, *args, exist_ok=False, **kwargs):  # root writes through modes: the file system refuses
        if "build" in path.parts and not (exist_ok and path.is_dir()):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return original(path, *args, exist_ok=exist_ok, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    code, err = cli_in(root, monkeypatch, capsys, "pdf")
    assert code == 2 and len(err.splitlines()) == 1, err
    assert re.fullmatch(
        r"govexport: error: build/\.[\w./-]+: Read-only file system; build/default/pdf was left as it was\n", err
    )


def test_a_second_pdf_of_the_same_name_is_refused_with_one_line(built, monkeypatch, capsys):
    import sys

    root, _ = built
    code = (
        "import time\nfrom govexport.publish import lock\n"
        f"with lock.exclusive({str(root)!r}, 'default', 'govexport pdf --name default'):\n"
        "    print('held', flush=True)\n    time.sleep(120)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        status, err = cli_in(root, monkeypatch, capsys, "pdf")
    finally:
        holder.kill()
        holder.wait()
    assert status == 2 and err == (
        f"govexport: error: build/default is in use by another govexport (`govexport pdf --name default`, "
        f"process {holder.pid}); run this again when it has finished\n"
    )


def test_each_run_stages_in_a_folder_of_its_own(built, monkeypatch):
    """No fixed staging path that another run removes: the folder names the process and a random id."""
    root, _ = built
    seen = []
    monkeypatch.setattr(pdf, "require_tools", lambda: None)

    def typeset(source, work, log, *edition):
        seen.append(work.parent.name)
        raise GovexportError("stop here")

    monkeypatch.setattr(pdf, "typeset_book", typeset)
    monkeypatch.setattr(pdf, "write_handouts", lambda *a, **k: None)
    for _ in range(2):
        with pytest.raises(GovexportError, match="stop here"):
            pdf.build_pdf("default", root, log=lambda *_: None)
    assert len(set(seen)) == 2 and all(re.fullmatch(rf"\.tmp-default-pdf-{os.getpid()}-[0-9a-f]{{8}}", s) for s in seen)
    assert not [p for p in os.listdir(root / "build") if p.startswith(".tmp-")]
