"""The print edition: the whole book as one PDF, through Sphinx's LaTeX builder and XeLaTeX, and the handouts.

It works from a complete HTML build (`govexport book`): build/<name>/book/ holds the book's sources with
the executed notebooks, build/<name>/claims.csv the ledger. The LaTeX settings (XeLaTeX, A4, fonts, the
CJK font for the glossary, which outputs print) are in book/_config.yml, the table layout in
sphinx_latex.py, the handouts in handouts.py. Everything is made in a folder of this run,
build/.tmp-<name>-pdf-<pid>-<id>/ (Sphinx's and LaTeX's work too), which replaces build/<name>/pdf/ by
renames only when all of it succeeded; a second `govexport pdf` or `book` of the same name is refused
while it runs (lock.py). SIGTERM and SIGINT stop it with one line: every child process group is killed
(Sphinx, latexmk, XeLaTeX) and the run's folder removed; a folder a SIGKILL leaves is removed by the next
build. An OS error (a read-only or full disk) is one line naming the path:

    build/<name>/pdf/book.pdf                 the book
    build/<name>/pdf/ledger.pdf               the whole ledger as a printable table
    build/<name>/pdf/handouts/<chapter>.pdf   a chapter's claims on one page (more for a long chapter)
Editions: the PDF is of the build's edition (recorded in its marker) unless `edition` asks for another. The
student edition's PDF, ledger and handouts hold no verdict and no answer (edition.py); the instructor's
book ends with an answer key, the exercises' solutions (the cells tagged `solution`), which the web book
folds away and print would otherwise leave out. A student PDF of an instructor build is made from the
build's executed chapters in the cache, with the student edition applied.
"""

import os
import re
import shutil
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor

import nbformat
import yaml

from ..errors import GovexportError, os_problem
from ..paths import display, project_root
from . import cache, edition, guard, interrupt, lock, processes, workspace
from .compiler import write_conf
from .handouts import write_handouts
from .xelatex import compile_tex, require_tools

BOOK_PDF = "book.pdf"
SOURCE_SUFFIXES = (".md", ".ipynb", ".rst")
# What a notebook output can show on paper (myst-nb's LaTeX builder ignores text/html and SVG).
PRINTABLE = {"text/markdown", "text/latex", "image/png", "image/jpeg", "application/pdf"}
# The text/plain that IPython gives a display object with no text form of its own.
PLACEHOLDER = re.compile(r"<[\w.]+ object(?: at 0x[0-9a-fA-F]+)?>")


def build_pdf(name="default", root=None, log=print, edition_name=None):
    """Typeset build/<name>/ as build/<name>/pdf/ (the book, the ledger, the handouts) in `edition_name` (default:
    the build's own); returns the book's PDF."""
    root = root or project_root()
    out = guard.build_root(root) / guard.check_name(name)  # a name such as '../x' is refused before any write
    with interrupt.trapped():
        try:
            with lock.exclusive(root, name, f"govexport pdf --name {name}"):
                return _typeset(root, name, out, log, edition_name)
        except OSError as err:  # a read-only or full disk, whichever library met it
            shown = os_problem(err, lambda path: display(path, root))
            raise GovexportError(f"{shown}; build/{name}/pdf was left as it was") from None


def _typeset(root, name, out, log, edition_name=None):
    source = complete_build(out, name)
    built = workspace.complete(root, name).get("edition", "instructor")
    wanted = guard.check_edition(edition_name or built)
    if wanted != built and wanted != edition.STUDENT:
        raise GovexportError(
            f"build/{name} is a {built} edition, without what the {wanted} edition shows; build it: "
            f"govexport book --edition {wanted} --name NAME"
        )
    retold = executed_chapters(root, name) if wanted != built else None
    require_tools()
    title = str(yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8")).get("title", ""))
    workspace.clean(root)  # what killed runs left
    processes.allow()
    run = guard.build_root(root) / f".tmp-{name}-pdf-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    guard.inside_build(run, root)
    workspace.hold(run)
    try:
        (run / "pdf").mkdir(parents=True)
        # The handouts are typeset while Sphinx and XeLaTeX work on the book, which keep one core busy.
        log("typesetting the book with Sphinx and XeLaTeX")
        with ThreadPoolExecutor(max_workers=1) as pool:
            try:
                ledger = run / "claims.csv"  # the edition's: a student's has no verdict
                ledger.write_bytes(edition.csv_for((out / "claims.csv").read_bytes(), wanted))
                handouts = pool.submit(write_handouts, ledger, run / "pdf", title, name, log, run / "handouts")
                (run / "book").mkdir()
                shutil.move(typeset_book(source, run / "book", log, wanted, retold), run / "pdf" / BOOK_PDF)
                handouts.result()
            except BaseException:
                processes.kill_all()  # the other thread's LaTeX too, before the pool waits for it
                raise
        _replace(run / "pdf", out / "pdf", root)
    finally:
        processes.kill_all()  # nothing of this run outlives it
        processes.allow()  # its threads have ended: a later run (in this process) may start children
        guard.remove(run, root)
        workspace.release(run)
    return out / "pdf" / BOOK_PDF


def complete_build(out, name):
    """build/<name>/book/, after checking that the HTML build is complete: its ledger, its pages and every
    source its table of contents names. A GovexportError says what is missing and how to make it."""
    if not out.is_dir():
        raise GovexportError(f"no build named {name!r} (build/{name}/); run `govexport book --name {name}` first")
    source = out / "book"
    missing = [
        path
        for path in (out / "claims.csv", out / "html" / "index.html", source / "_config.yml", source / "_toc.yml")
        if not path.is_file()
    ]
    if not missing:
        toc = yaml.safe_load((source / "_toc.yml").read_text(encoding="utf-8"))
        missing = [
            source / doc
            for doc in toc_files(toc)
            if not any((source / f"{doc}{suffix}").is_file() for suffix in SOURCE_SUFFIXES)
        ]
    if missing:
        shown = ", ".join(f"build/{name}/{path.relative_to(out).as_posix()}" for path in missing[:3])
        raise GovexportError(
            f"no complete book in build/{name}/ ({shown} missing); run `govexport book --name {name}` first"
        )
    return source


def toc_files(toc):
    """Every `file:` (and the `root:`) that a jupyter-book _toc.yml names, in order."""
    if isinstance(toc, dict):
        found = [toc[key] for key in ("root", "file") if isinstance(toc.get(key), str)]
        return found + [f for value in toc.values() for f in toc_files(value)]
    if isinstance(toc, list):
        return [f for item in toc for f in toc_files(item)]
    return []


def executed_chapters(root, name):
    """{notebook's file name: the executed notebook, with reveal's markers} of a build, from the cache."""
    record = workspace.complete(root, name)
    store, found = cache.Cache(root), {}
    for chapter_id, key in (record.get("chapters") or {}).items():
        entry = store.get(key)
        if entry is None:
            raise GovexportError(
                f"build/{name}: chapter {chapter_id} is no longer in build/.cache; for a student PDF build the "
                f"student edition: govexport book --edition student --name NAME, then govexport pdf --name NAME"
            )
        found[f"{chapter_id}.ipynb"] = nbformat.reads(entry.notebook.read_text(encoding="utf-8"), as_version=4)
    return found


def typeset_book(source, work, log=print, edition_name="instructor", retold=None):
    """Sphinx's LaTeX builder over a copy of the book's sources, then XeLaTeX; returns the PDF's path in `work`.
    `retold`: executed chapters to put in the edition `edition_name` in place of the build's own."""
    book = work / "book"
    shutil.copytree(source, book)
    for filename, nb in (retold or {}).items():
        nbformat.write(edition.apply(nb, edition_name), book / "notebooks" / filename)
    if edition_name != edition.STUDENT:
        add_answer_key(book)
    dropped = sum(drop_placeholders(path) for path in sorted(book.rglob("*.ipynb")))
    if dropped:
        log(
            f"left out {dropped} {'output' if dropped == 1 else 'outputs'} with no print form (HTML only; on "
            "paper they would read "
            "'<... object>')"
        )
    write_conf(book)  # as the HTML build does: conf.py from _config.yml, when it changed
    latex = work / "latex"
    sphinx = processes.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "latex",
            "-q",
            "-W",
            "--keep-going",
            "-d",
            str(work / "doctrees"),
            str(book),
            str(latex),
        ],
    )
    if sphinx.returncode != 0:
        raise GovexportError("Sphinx's LaTeX builder failed (warnings are errors):\n" + sphinx.stderr.strip())
    documents = sorted(latex.glob("*.tex"))
    if len(documents) != 1:
        raise GovexportError(f"expected one LaTeX document from Sphinx, found {[p.name for p in documents]}")
    return compile_tex(documents[0])


def drop_placeholders(path):
    """Remove the outputs of a notebook that would print only as a placeholder such as
    '<IPython.core.display.HTML object>': HTML-only displays, which have no form on paper. Returns how many."""
    notebook = nbformat.read(path, as_version=4)
    dropped = 0
    for cell in notebook.cells:
        outputs = cell.get("outputs", [])
        kept = [output for output in outputs if not _placeholder_only(output)]
        if len(kept) < len(outputs):
            dropped += len(outputs) - len(kept)
            cell["outputs"] = kept
    if dropped:
        nbformat.write(notebook, path)
    return dropped


def _placeholder_only(output):
    data = output.get("data", {})
    text = data.get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else text
    return bool(PLACEHOLDER.fullmatch(text.strip())) and not PRINTABLE & set(data)


def _replace(new, target, root):
    """Put the folder `new` at `target` (both inside build/), replacing what was there, by renames only."""
    old = guard.build_root(root) / f".old-{target.parent.name}-pdf-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    if target.exists() or target.is_symlink():
        guard.rename(target, old, root)
    guard.rename(new, target, root)
    guard.remove(old, root)


ANSWER_KEY = "answer-key"
SOLUTION_TAG = "solution"


def answer_key(notebooks):
    """The answer key (Markdown): for each notebook with cells tagged `solution`, each solution's Markdown output
    under the heading it follows; '' when there is none."""
    parts = []
    for title, nb in notebooks:
        heading, found = "", []
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                headings = [line for line in cell.source.splitlines() if line.startswith("#")]
                heading = headings[-1].lstrip("#").strip() if headings else heading
            elif SOLUTION_TAG in cell.metadata.get("tags", []):
                text = "\n\n".join(
                    "".join(o["data"]["text/markdown"])
                    for o in cell.get("outputs", [])
                    if "text/markdown" in o.get("data", {})
                )
                if text:
                    found.append(f"## {heading}\n\n{text}" if heading else text)
        if found:
            parts.append(
                f"The solutions of *{title}*, as the instructor's book computed them.\n\n" + "\n\n".join(found)
            )
    return "# Answer key\n\n" + "\n\n".join(parts) + "\n" if parts else ""


def add_answer_key(book):
    """Write book/answer-key.md and end the table of contents with it (the print edition's copy only)."""
    notebooks = []
    for path in sorted((book / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        title = next(
            (
                line.lstrip("#").strip()
                for c in nb.cells
                if c.cell_type == "markdown"
                for line in c.source.splitlines()
                if line.startswith("# ")
            ),
            path.stem,
        )
        notebooks.append((title, nb))
    text = answer_key(notebooks)
    if not text:
        return False
    (book / f"{ANSWER_KEY}.md").write_text(text, encoding="utf-8")
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
    toc.setdefault("parts", []).append({"caption": "Answer key", "chapters": [{"file": ANSWER_KEY}]})
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return True
