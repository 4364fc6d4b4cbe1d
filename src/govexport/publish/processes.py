"""The print edition's child processes (Sphinx's LaTeX builder, latexmk and the XeLaTeX runs it starts), each in
a process group of its own and registered while it runs, so that a stopped `govexport pdf` (SIGTERM, SIGINT, a
failure elsewhere) kills every one of them, grandchildren included, before it removes its temporary folders."""

import os
import signal
import subprocess
import threading

from ..errors import GovexportError

_groups: set[int] = set()  # process group ids of the children running now (each child leads its own group)
_lock = threading.Lock()
_stopping = threading.Event()  # set by kill_all: no new child starts (a pool's queued LaTeX runs end at once)


def allow():
    """Let children start again (a command's run begins)."""
    _stopping.clear()


def run(command, cwd=None):
    """Run `command` to its end in a new process group; a CompletedProcess with its text output.

    Whatever interrupts the wait (a signal raised as an exception, a kill_all from another thread) kills the
    whole group first. Refused (GovexportError) once kill_all was called, until `allow`."""
    if _stopping.is_set():
        raise GovexportError(f"not starting {command[0]}: the command is stopping")
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    with _lock:
        _groups.add(process.pid)
    if _stopping.is_set():  # kill_all ran while this one started
        _kill(process.pid)
    try:
        out, err = process.communicate()
    except BaseException:
        _kill(process.pid)
        process.communicate()
        raise
    finally:
        with _lock:
            _groups.discard(process.pid)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def kill_all():
    """Kill every process group `run` has running (the children waiting on them then return), and start no
    other until `allow`."""
    _stopping.set()
    with _lock:
        groups = list(_groups)
    for group in groups:
        _kill(group)


def _kill(group):
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # already gone
        pass
