"""Helpers for the publish layer's tests (test_pipeline*, test_crash*, test_processes*) on the mini project.

The mini project (tests/book/mini/, copied by the `mini` fixtures) has three tiny chapters; `cli` runs
the real command line on it in a child process, with the mini chapters in place of the book's.
"""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat

LEFTOVERS = (".tmp-", ".old-", ".kernels-")


def tree_digest(folder):
    """{relative path: SHA-256} of every file under a folder."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(Path(folder).rglob("*"))
        if p.is_file()
    }


def leftovers(root):
    """Temporary folders left in build/ or build/.cache/ (none once a build has returned)."""
    build = Path(root) / "build"
    found = [p.name for p in build.iterdir() if p.name.startswith(LEFTOVERS)] if build.is_dir() else []
    cache = build / ".cache"
    return found + ([p.name for p in cache.iterdir() if p.name.startswith(".tmp-")] if cache.is_dir() else [])


def set_cell(root, chapter_id, index, source):
    """Replace the source of cell `index` of a chapter of the project at `root`."""
    path = Path(root) / "notebooks" / f"{chapter_id}.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[index].source = source
    nbformat.write(nb, path)


def driver(chapters):
    """Python code running govexport's CLI with `chapters` as the book's chapters."""
    return (
        "import sys\nfrom govexport.report.book import Chapter\nfrom govexport.publish import pipeline\n"
        f"pipeline.CHAPTERS = {chapters!r}\nfrom govexport import cli\nsys.exit(cli.main(sys.argv[1:]))\n"
    )


def start_cli(root, chapters, *args, token=""):
    """`govexport ARGS` on the project at `root`, started in a child process (its own process group)."""
    env = {**os.environ, "GOVEXPORT_TEST_TOKEN": token, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", driver(chapters), *args],
        cwd=root,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_for_line(process, text, timeout=120):
    """Read the child's output until a line contains `text`; the lines read."""
    lines, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if text in line:
            return lines
    raise AssertionError(f"{text!r} never printed; got {lines}")


def processes_with(token):
    """Pids of running processes whose environment holds GOVEXPORT_TEST_TOKEN=token (Linux /proc)."""
    wanted = f"GOVEXPORT_TEST_TOKEN={token}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                environ = (entry / "environ").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if wanted in environ.split(b"\0") and state != "Z":
                found.append(int(entry.name))
    return found


def no_process_left(token, grace=10.0):
    """Whether every process holding `token` is gone within `grace` seconds (a kernel orphaned by SIGKILL
    notices within about a second)."""
    deadline = time.monotonic() + grace
    while processes_with(token):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
