"""The pipeline: execute the chapters with papermill into build/<name>/, then compile them with Sphinx."""

import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import papermill

from .dataset import load_dataset
from .paths import project_root

KERNEL = "python3"


def chapters(root):
    """The chapter notebooks, in book order."""
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def execute(notebook, output, parameters, root):
    """Run one notebook once with papermill, from the project root."""
    papermill.execute_notebook(str(notebook), str(output), parameters=parameters, cwd=str(root),
                               kernel_name=KERNEL, progress_bar=False, log_output=False)
    return output


def execute_all(pairs, parameters, root, workers=2):
    """Independent notebooks run in parallel, one kernel each."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(execute, nb, out, parameters, root) for nb, out in pairs]
        return [f.result() for f in futures]


def compile_book(source, html, doctrees):
    """jupyter-book 1.x writes the Sphinx configuration; Sphinx builds with execution off, warnings fatal."""
    jupyter_book = "from jupyter_book.cli.main import main; main()"  # the CLI, without relying on a script path
    subprocess.run([sys.executable, "-c", jupyter_book, "config", "sphinx", str(source)], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
                    "-d", str(doctrees), str(source), str(html)], check=True)


def build(name="default", overrides=None, root=None, workers=2):
    """Build the book named `name` with parameter overrides; returns the path of its index.html.

    Everything is validated before anything is written. The new build replaces build/<name>/ only
    when it succeeds; on failure the previous build is put back.
    """
    root = root or project_root()
    overrides = dict(overrides or {})
    overrides.pop("output_dir", None)
    overrides.pop("run_name", None)
    load_dataset(overrides, root)  # raises on any bad parameter or data, before writing

    out = root / "build" / name
    previous = root / "build" / f".{name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if out.exists():
        out.rename(previous)
    try:
        source = out / "book"
        shutil.copytree(root / "book", source)
        (source / "notebooks").mkdir()
        parameters = {**overrides, "output_dir": f"build/{name}", "run_name": name}
        pairs = [(nb, source / "notebooks" / nb.name) for nb in chapters(root)]
        execute_all(pairs, parameters, root, workers)
        compile_book(source, out / "html", out / "doctrees")
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        if previous.exists():
            previous.rename(out)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    return out / "html" / "index.html"


def refresh_notebooks(root=None, workers=2):
    """Re-execute the committed chapters in place with the default parameters (what nbval checks)."""
    root = root or project_root()
    load_dataset({}, root)
    pairs = [(nb, nb) for nb in chapters(root)]
    return execute_all(pairs, {}, root, workers)
