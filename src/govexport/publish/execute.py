"""Executing one chapter notebook in a pooled kernel: inject its parameters, run its cells, tidy the result.

Parameters are injected with papermill's own parameterisation (a cell tagged `injected-parameters`
after the cell tagged `parameters`, as plain papermill does), and only those the chapter declares it
reads. Cells run through nbclient's async API on a kernel of the pool. The executed notebook is then
made what myst-nb reads: each figure's name, caption and alt text move from its output's metadata into
its cell's metadata (numbered captions, {numref} targets, alt text), execution counts run 1..n, and
nothing varies from one execution to the next but the outputs themselves.
"""

import asyncio
import errno
import os
import re
import shutil
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, DeadKernelError
from nbformat.v4.rwbase import rejoin_lines
from papermill.parameterize import parameterize_notebook

from ..errors import GovexportError
from .cache import VOLATILE
from .kernels import KERNEL

FIGURE_KEY = "govexport"  # the output metadata a chapter's figure carries
FIGURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
INJECTED = "injected-parameters"


class ChapterError(GovexportError):
    """A chapter failed, timed out or broke the figure contract; names the chapter and the cell."""


def notebook_node(nb_json):
    """A notebook's JSON (as read from its file) as nbformat holds it in memory: text joined, nothing validated."""
    return rejoin_lines(nbformat.from_dict(nb_json))


def parameterized(nb, parameters):
    """The notebook with `parameters` injected after its `parameters` cell (nothing injected for none)."""
    if not parameters:
        return nb
    nb.metadata.setdefault("papermill", {})
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])  # papermill reads every cell's tags
    nb = parameterize_notebook(nb, parameters, kernel_name=KERNEL, language="python")
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if INJECTED in tags:
            cell.id = INJECTED  # papermill draws a random id; a fixed one keeps executions identical
            cell.metadata["tags"] = [INJECTED, "hide-cell"]  # shown folded: the values this build ran with
        elif "parameters" in tags:
            # the defaults the injected cell overrides, every one of them: one folded cell of values, not two
            cell.metadata["tags"] = [t for t in tags if t != "hide-cell"] + ["remove-cell"]
    return nb


def cell_number(nb, index):
    """The 1-based number of cell `index` in the notebook as written (the injected cell not counted)."""
    injected = next((i for i, c in enumerate(nb.cells) if INJECTED in c.metadata.get("tags", [])), None)
    return index if injected is not None and index > injected else index + 1


def first_line(cell):
    line = next((s for s in cell.source.splitlines() if s.strip()), "").strip()
    return line if len(line) <= 60 else line[:59] + "…"


def where(chapter, nb, index):
    cell = nb.cells[index]
    return f"chapter {chapter.id}, cell {cell_number(nb, index)} ({first_line(cell)!r})"


async def execute(pool, chapter, nb, parameters, figures=None, timeout=600.0, on_start=None, multiverse=None):
    """Execute `nb` (a NotebookNode, changed in place) as chapter `chapter` on a kernel of `pool`.

    `figures` is the folder the chapter saves its slides' figures in (GOVEXPORT_FIGURES); `multiverse` the
    folder of the run's multiverse, for a chapter that shows it (GOVEXPORT_MULTIVERSE); `on_start` is
    called when a kernel is free and the chapter starts. Returns the executed notebook, tidied (see
    `tidy`), and the seconds it took. Raises ChapterError.
    """
    nb = parameterized(nb, parameters)
    kernel = await pool.kernel(first=multiverse is not None)  # the book waits for a chapter showing the multiverse
    if on_start:
        on_start()
    started = time.perf_counter()
    client = NotebookClient(
        nb,
        km=kernel.manager,
        kernel_name=KERNEL,
        timeout=None,
        record_timing=False,
        allow_errors=False,
        allow_error_names=[],
    )
    client.kc = kernel.client
    current = {"index": 0}

    async def run_cells():
        await kernel.run(
            "import govexport.publish.kernel_state as _state\n"
            f"_state.fresh({str(figures or '')!r}, {str(multiverse or '')!r})\n"
        )
        for index, cell in enumerate(nb.cells):
            current["index"] = index
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)

    # nbclient turns a cancelled cell into DeadKernelError, so the timeout is told apart here, not by
    # asyncio.wait_for; and a build that stops (another chapter failed, a signal) cancels the cells too.
    task = asyncio.ensure_future(run_cells())
    task.add_done_callback(lambda t: t.cancelled() or t.exception())  # retrieved: no "never retrieved" noise
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout)
    finally:
        task.cancel()
    if task not in done:
        raise ChapterError(
            f"{where(chapter, nb, current['index'])} was still running after {timeout:g} s (--timeout); it was stopped"
        )
    try:
        task.result()
    except CellExecutionError as err:
        at = where(chapter, nb, current["index"])
        if str(err.ename).endswith("MemoryError"):  # numpy's _ArrayMemoryError too
            raise ChapterError(f"{at} ran out of memory: {memory_limit(pool)}{disk_note(pool)}") from None
        said = f"{err.ename}: {_one_line(err.evalue)}" if err.ename not in (None, "", "NoneType") else "no error named"
        raise ChapterError(f"{at} failed: {said}{disk_note(pool)}") from None
    except DeadKernelError:
        raise ChapterError(
            f"{where(chapter, nb, current['index'])}: the kernel died (its last words: "
            f"{kernel.log_tail() or 'none'}; {memory_limit(pool)}){disk_note(pool)}"
        ) from None
    # The kernel goes back to the pool only after a success: after a failure the build stops and the
    # pool kills every kernel, a runaway one included.
    pool.release(kernel)
    return tidy(nb, chapter), time.perf_counter() - started


def memory_limit(pool):
    """'a chapter's kernel may use at most 6 GiB of memory (kernels.MEMORY)'."""
    limit = getattr(pool, "memory", 0)
    if not limit:
        return "its memory is not limited"
    return f"a chapter's kernel may use at most {limit / 2**30:g} GiB of memory (kernels.MEMORY)"


FULL = 2**20  # bytes free under which the disk holding build/ counts as full


def disk_note(pool):
    """'; the disk holding build/ is full (No space left on device)' when it is: a cell that failed while the
    disk was full often says nothing of the disk ('NoneType: None')."""
    try:
        free = shutil.disk_usage(pool.root / "build").free
    except (OSError, AttributeError, TypeError):
        return ""
    return f"; the disk holding build/ is full ({os.strerror(errno.ENOSPC)})" if free < FULL else ""


def _one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tidy(nb, chapter):
    """Figure metadata moved into cells, execution counts on results, nothing volatile kept."""
    for key in VOLATILE:
        nb.metadata.pop(key, None)
    for index, cell in enumerate(nb.cells):
        for key in VOLATILE:
            cell.metadata.pop(key, None)
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output.execution_count = cell.execution_count
        figures = [
            o
            for o in cell.outputs
            if o.output_type in ("display_data", "execute_result") and FIGURE_KEY in o.get("metadata", {})
        ]
        if len(figures) > 1:
            raise ChapterError(
                f"{where(chapter, nb, index)} displays {len(figures)} figures: one figure per cell "
                "(each is numbered and captioned by its cell's metadata)"
            )
        if figures:
            move_figure(figures[0], cell, chapter, nb, index)
    return nb


def move_figure(output, cell, chapter, nb, index):
    """Output metadata {"govexport": {"figure", "caption", "alt"}} -> the cell's metadata myst-nb reads."""
    meta = output.metadata.pop(FIGURE_KEY)
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k), str) for k in ("figure", "caption", "alt")):
        raise ChapterError(
            f"{where(chapter, nb, index)}: a figure's metadata needs the strings 'figure', 'caption' "
            f"and 'alt'; got {sorted(meta) if isinstance(meta, dict) else type(meta).__name__}"
        )
    if not FIGURE_NAME.fullmatch(meta["figure"]):
        raise ChapterError(
            f"{where(chapter, nb, index)}: figure name {meta['figure'][:80]!r} is not a plain name "
            "(letters, digits, '-' and '_')"
        )
    if "image/png" not in output.data:
        raise ChapterError(f"{where(chapter, nb, index)}: figure {meta['figure']!r} has no PNG image")
    mystnb = cell.metadata.setdefault("mystnb", {})
    mystnb["figure"] = {**mystnb.get("figure", {}), "name": meta["figure"], "caption": meta["caption"]}
    mystnb["image"] = {**mystnb.get("image", {}), "alt": meta["alt"]}
    if meta.get("reveals"):  # sealed in the student edition (edition.py)
        cell.metadata["govexport"] = {"reveals": str(meta["reveals"])}


def figure_names(nb):
    """The names of the figures an executed (tidied) notebook shows, in order."""
    return [
        c.metadata["mystnb"]["figure"]["name"]
        for c in nb.cells
        if c.cell_type == "code" and "name" in c.metadata.get("mystnb", {}).get("figure", {})
    ]


def check_figure_files(nb, chapter, folder):
    """Each figure of the chapter saved as PNG and SVG in `folder` (GOVEXPORT_FIGURES/<chapter id>)."""
    for name in figure_names(nb):
        for suffix in (".png", ".svg"):
            path = folder / f"{name}{suffix}"
            if not path.is_file() or path.stat().st_size == 0:
                raise ChapterError(
                    f"chapter {chapter.id}: figure {name!r} was shown but not saved as "
                    f"{chapter.id}/{name}{suffix} in GOVEXPORT_FIGURES"
                )
