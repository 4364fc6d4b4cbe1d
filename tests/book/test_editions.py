"""The student edition gives nothing away: every file it writes (pages, page sources, notebook downloads, the
search index, the data downloads, the figures, the PDF, the ledger and the handouts) is read, and none holds a
verdict (any word of the register's verdicts and grades, used rather than mentioned in quotes) or an
exercise's answer before it is revealed. The reveal works in the browser. The instructor's PDF carries the
answer key. Generic on purpose: whatever a page adds goes through report/reveal.py, and this test reads
everything, so a new leak fails here whichever page or file it is in."""

import base64
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from frontend import launched, served
from test_pdf import text as pdf_text
from test_pdf import tools_or_explain

from govexport.publish import pdf, pipeline
from govexport.report import chapter, reveal
from govexport.report.pages import exercises

TEXT_SUFFIXES = {".html", ".js", ".ipynb", ".csv", ".json", ".md", ".txt", ".yaml", ".yml", ".tsv", ".bib"}
# The atlas and the exercises: answers a student finds by building a scenario (the estimate with small
# delegations, the solutions' opening), never shown before reveal.
ANSWER_MARKS = ("For this run's parameters",)


@pytest.fixture(scope="module")
def student(built):
    """The student edition of the default book, with its PDF, ledger and handouts: (root, build/students)."""
    root, _ = built
    pipeline.build("students", {}, root, edition="student", log=lambda *_: None)
    tools_or_explain()
    pdf.build_pdf("students", root, log=lambda *_: None)
    return root, root / "build" / "students"


def readable(path):
    """A student-facing file as text: PDFs through pdftotext, text files decoded, HTML entities resolved."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix in TEXT_SUFFIXES:
        return html.unescape(path.read_text(encoding="utf-8", errors="replace"))
    return None


def outputs(folder):
    """Every file of the build a student is given, but the theme's own assets (the same in every edition)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "_static" not in path.relative_to(folder).parts:
            yield path


def test_no_student_output_holds_a_verdict_or_an_answer(student):
    _, out = student
    spoiler = reveal.spoiler_pattern()
    leaks, read = {}, set()
    for path in outputs(out):
        text = readable(path)
        if text is None:
            continue
        read.add(path.suffix)
        text = re.sub(r"-\n", "", text)  # a PDF's word broken at a line's end
        found = [m.group(0) for m in spoiler.finditer(re.sub(r"\s+", " ", text))]
        found += [mark for mark in ANSWER_MARKS if mark in text.replace("’", "'")]  # TeX's apostrophe
        if found:
            leaks[path.relative_to(out).as_posix()] = found[:5]
    assert not leaks, leaks
    assert {".html", ".ipynb", ".js", ".csv", ".pdf", ".json"} <= read  # pages, sources, search index, downloads, print


def test_the_student_files_are_all_there(student):
    _, out = student
    assert (out / "html" / "searchindex.js").is_file() and (out / "html" / "_sources").is_dir()
    assert (out / "pdf" / "book.pdf").is_file() and (out / "pdf" / "ledger.pdf").is_file()
    assert list((out / "pdf" / "handouts").glob("*.pdf")) and (out / "claims.csv").is_file()
    header = (out / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert not {c for c, how in reveal.DOWNLOAD_COLUMNS.items() if how == reveal.HIDE} & set(header)
    assert not (out / "robustness.csv").exists()
    manifest = json.loads((out / "figures" / "figures.json").read_text(encoding="utf-8"))
    assert "fig-verdicts-by-chapter" not in {f["name"] for f in manifest}


def sealed(page):
    """The sealed elements of a page: (kind, decoded content)."""
    return [
        (kind, base64.b64decode(payload).decode("utf-8"))
        for kind, payload in re.findall(r'data-gx-kind="(\w+)" data-gx-sealed="([^"]+)"', page)
    ]


def test_the_sealed_content_is_the_instructors(student, built):
    root, out = student
    ledger = (out / "html/notebooks/07_claims_ledger.html").read_text(encoding="utf-8")
    kinds = {kind for kind, _ in sealed(ledger)}
    assert kinds == {reveal.VERDICT}
    assert any("approximately reproduced" in content for _, content in sealed(ledger))
    solutions = [c for k, c in sealed((out / "html/notebooks/09_seminar_exercises.html").read_text()) if k == "answer"]
    assert len(solutions) == len(exercises.ANSWERS) and all("For this run" in s for s in solutions)
    instructor = (root / "build/default/html/notebooks/07_claims_ledger.html").read_text(encoding="utf-8")
    assert "gx-sealed" not in instructor and "approximately reproduced" in instructor
    assert "\ue000" not in instructor  # no marker left in the instructor's pages


def test_a_student_reveals_verdicts_and_answers_in_the_browser(student):
    _, out = student
    with launched() as browser, served(out / "html") as base:
        page = browser.new_page()
        page.goto(f"{base}/notebooks/03_officials.html")
        body = page.locator("article")
        assert not reveal.spoiler_pattern().search(body.inner_text())
        assert "Student edition" in page.locator(".bd-header-announcement").inner_text()
        page.get_by_role("button", name="Reveal verdicts").click()
        assert reveal.spoiler_pattern().search(body.inner_text())
        page.goto(f"{base}/notebooks/09_seminar_exercises.html")
        assert "For this run's parameters" not in page.locator("article").inner_text()
        page.get_by_role("button", name="Show the answer").first.click()
        assert "For this run's parameters" in page.locator("article").inner_text()
        page.close()


def test_the_student_explorer_is_sealed_and_runs_once_revealed(student):
    """The multiverse explorer is every specification's verdict: sealed like the others, and once revealed its
    scripts run (innerHTML alone would leave them inert) and it draws every claim."""
    _, out = student
    with launched() as browser, served(out / "html") as base:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{base}/notebooks/08_robustness.html")
        assert page.locator(".gx-explorer").count() == 0  # sealed: nothing of it in the page
        page.get_by_role("button", name="Reveal verdicts").click()
        page.wait_for_selector(".gx-explorer svg text", timeout=30_000)
        assert page.locator(".gx-explorer select").count() > 0
        assert errors == []
        page.close()


def test_the_instructors_pdf_ends_with_the_answer_key(request):
    tools_or_explain()
    root, folder = request.getfixturevalue("printed_default")  # the default book's PDF, made once per suite
    book = root / "build" / "default" / "book"
    source = pdf.answer_key([("Exercises", nbformat.read(book / "notebooks/09_seminar_exercises.ipynb", as_version=4))])
    assert source.startswith("# Answer key") and source.count("For this run's parameters") == len(exercises.ANSWERS)
    printed = folder / "book.pdf"
    text = re.sub(r"\s+", " ", pdf_text(printed)).replace("’", "'")
    key = text[text.index("ANSWER KEY") :]  # the chapter's heading, after the table of contents
    assert key.count("For this run's parameters") == len(exercises.ANSWERS)
    assert "Solution. For this run's parameters the answer is " in key


def test_pdf_refuses_an_edition_the_build_cannot_show(student):
    from govexport.errors import GovexportError

    root, _ = student
    with pytest.raises(GovexportError, match="student edition"):
        pdf.build_pdf("students", root, edition_name="instructor")


def test_the_banner_says_student_edition_not_variant(student):
    _, out = student
    page = (out / "html/notebooks/01_dataset.html").read_text(encoding="utf-8")
    banner = page[page.index("bd-header-announcement__content") :][:400]
    assert "Student edition" in banner and "Variant" not in banner


def test_grading_a_submission_with_otter(built, tmp_path):
    """The instructor page's recipe: otter generate, then otter run on a filled-in copy of chapter 9."""
    root, _ = built
    nb = json.loads((root / "notebooks/09_seminar_exercises.ipynb").read_text(encoding="utf-8"))
    right = {}
    run = chapter.for_params("09_seminar_exercises", {})
    for question in exercises.ANSWERS:
        right.update(exercises.expected(question, run))
    for cell in nb["cells"]:
        if "answer" in cell["metadata"].get("tags", []):
            source = "".join(cell["source"])
            for name, value in right.items():
                source = source.replace(f"{name} = ...", f"{name} = {value!r}")
            cell["source"] = source
    submission = tmp_path / "submission.ipynb"
    submission.write_text(json.dumps(nb), encoding="utf-8")
    otter = str(Path(sys.executable).with_name("otter"))
    subprocess.run(
        [otter, "generate", "-t", str(exercises.CHECKS), "-o", str(tmp_path / "autograder.zip")],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [otter, "run", "-a", str(tmp_path / "autograder.zip"), "-o", str(tmp_path), str(submission)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "GOVEXPORT_ROOT": str(root)},  # otter runs the notebook in a folder of its own
    )
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    scores = {t["name"]: t.get("score") for t in results["tests"] if t["name"] in exercises.ANSWERS}
    assert scores == {q: 1 for q in exercises.ANSWERS}, results
