"""The pipeline: execute the chapters with papermill into build/<name>/, then compile them with Sphinx.

A chapter is re-executed only when something it depends on changed (cache.py); independent chapters
run in parallel; Sphinx rebuilds only the pages whose sources changed. A build replaces build/<name>/
only when it succeeds.
"""

import hashlib
import multiprocessing
import os
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import nbformat
import papermill

from .. import provenance
from ..data.dataset import load_dataset
from ..errors import GovexportError
from ..paths import project_root
from . import cache

KERNEL = "python3"


def chapters(root):
    """The chapter notebooks, in book order."""
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def execute(notebook, output, parameters, root):
    """Run one notebook once with papermill, from the project root; fold the injected parameters away."""
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters, cwd=str(root),
                                   kernel_name=KERNEL, progress_bar=False, log_output=False)
    except papermill.PapermillExecutionError as err:
        raise GovexportError(f"{notebook.name} failed in cell {err.exec_count}: {err.ename}: {err.evalue}") from None
    nb = nbformat.read(output, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "hide-cell" not in tags:
            cell.metadata["tags"] = tags + ["hide-cell"]
    nbformat.write(nb, output)
    return output


def execute_all(pairs, parameters, root, workers=None):
    """Independent notebooks run in parallel, one kernel each."""
    if not pairs:
        return []
    workers = workers or min(len(pairs), os.cpu_count() or 1)
    # "spawn": a forked worker would inherit the parent's ZeroMQ state (pytest or Jupyter may hold some),
    # which ZeroMQ does not survive; spawn is also what Windows and macOS do.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(execute, nb, out, parameters, root) for nb, out in pairs]
        return [f.result() for f in futures]


def copy_if_changed(path, target):
    """Copy a file only when its content differs, keeping its modification time, so Sphinx sees what changed."""
    if not target.is_file() or target.read_bytes() != path.read_bytes():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def sync_tree(source, dest):
    for path in source.rglob("*"):
        if path.is_file():
            copy_if_changed(path, dest / path.relative_to(source))


def stage_downloads(root, out, data):
    """The data package, the tables this build read (under fixed names, whatever file it was given), and
    the build's own coded tables and ledger, for the book's data page."""
    folder = out / "book" / "downloads"
    read = {"table1": "table1.tsv", "table2": "table2.yaml", "demonyms": "demonyms.csv",
            "domain_rules": "domain_rules.csv"}
    sources = [(root / "data" / "datapackage.json", "datapackage.json"), (root / "data" / "claims.yaml", "claims.yaml"),
               *[(data.files[label], name) for label, name in read.items()],
               *[(path, path.name) for path in sorted((out / "data").glob("*.csv"))],
               (out / "claims.csv", "claims.csv")]
    for path, name in sources:
        copy_if_changed(path, folder / name)


def write_sphinx_config(source):
    """jupyter-book 1.x turns _config.yml and _toc.yml into conf.py; only when they changed (it takes a second)."""
    digest = hashlib.sha256((source / "_config.yml").read_bytes() + (source / "_toc.yml").read_bytes()).hexdigest()
    stamp = source / ".conf.py.sha256"
    if (source / "conf.py").is_file() and stamp.is_file() and stamp.read_text() == digest:
        return
    jupyter_book = "from jupyter_book.cli.main import main; main()"  # the CLI, without relying on a script path
    subprocess.run([sys.executable, "-c", jupyter_book, "config", "sphinx", str(source)], check=True,
                   stdout=subprocess.DEVNULL)
    stamp.write_text(digest)


def sources_digest(source):
    """Names, sizes and modification times of every file of the book's sources."""
    h = hashlib.sha256()
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        stat = path.stat()
        h.update(f"{path.relative_to(source).as_posix()} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return h.hexdigest()


def compile_book(source, html, doctrees):
    """Sphinx builds the executed notebooks with execution off, incrementally, warnings fatal.

    When no source file changed since the last successful compile, Sphinx is not started at all.
    """
    write_sphinx_config(source)
    stamp = html.parent / "compiled-sources.sha256"
    digest = sources_digest(source)
    if (html / "index.html").is_file() and stamp.is_file() and stamp.read_text() == digest:
        return
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
                    "-d", str(doctrees), str(source), str(html)], check=True)
    stamp.write_text(digest)


def build(name="default", overrides=None, root=None, workers=None, log=print):
    """Build the book named `name` with parameter overrides; returns the path of its index.html.

    Everything is validated before anything is written. The previous build is set aside and put back
    if this one fails, so build/<name>/ always holds a complete book.
    """
    root = root or project_root()
    overrides = {k: v for k, v in (overrides or {}).items() if k not in ("output_dir", "run_name")}
    data = load_dataset(overrides, root)  # raises on any bad parameter or data, before writing
    parameters = {**overrides, "output_dir": f"build/{name}", "run_name": name}

    out = root / "build" / name
    previous = root / "build" / f".{name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if out.exists():
        out.rename(previous)
        shutil.copytree(previous, out, copy_function=shutil.copy2)
    try:
        source = out / "book"
        sync_tree(root / "book", source)
        (source / "notebooks").mkdir(parents=True, exist_ok=True)
        keys = {nb.name: cache.key(nb, parameters, data, root) for nb in chapters(root)}
        stale = cache.stale(out, keys, source / "notebooks")
        log(f"executing {len(stale)} of {len(keys)} chapters"
            + (f": {', '.join(sorted(stale))}" if stale else " (all up to date)"))
        pairs = [(root / "notebooks" / n, source / "notebooks" / n) for n in sorted(stale)]
        execute_all(pairs, parameters, root, workers)
        cache.save(out, keys)
        stage_downloads(root, out, data)
        provenance.write({**provenance.collect(data.params | parameters, data.files, root),
                          "chapters": sorted(keys)}, out / "provenance.json")
        log("compiling the book")
        compile_book(source, out / "html", out / "doctrees")
    except subprocess.CalledProcessError as err:
        _restore(out, previous)
        raise GovexportError(f"the book did not compile (Sphinx warnings are errors; see above): {err}") from None
    except BaseException:
        _restore(out, previous)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    return out / "html" / "index.html"


def _restore(out, previous):
    """Put the previous build back (or leave none), so no half-written build remains."""
    shutil.rmtree(out, ignore_errors=True)
    if previous.exists():
        previous.rename(out)


def refresh_notebooks(root=None, workers=None):
    """Re-execute the committed chapters in place with the default parameters (what nbval checks).

    Timings are dropped from the metadata, so that a refresh that changes no output changes no file.
    """
    root = root or project_root()
    load_dataset({}, root)
    pairs = [(nb, nb) for nb in chapters(root)]
    done = execute_all(pairs, {}, root, workers)
    for path in done:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.pop("papermill", None)
        for cell in nb.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
        nbformat.write(nb, path)
    return done

