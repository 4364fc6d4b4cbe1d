"""One command at a time on a build's name: `govexport book` and `govexport pdf` of the same name take its lock,
and a second one is refused with one line naming the first (instead of both writing, the last silently winning).

The lock is an exclusive flock on build/.locks/<name>.lock, released by the system when the process ends, even
by SIGKILL. Where the system has no flock (Windows), one command per name is the user's to ensure.
"""

import os
from contextlib import contextmanager

from ..errors import GovexportError
from . import guard


def lock_path(root, name):
    return guard.build_root(root) / ".locks" / f"{guard.check_name(name)}.lock"


@contextmanager
def exclusive(root, name, command):
    """Hold the lock of build/`name` while the block runs; GovexportError naming the holder when another
    process holds it. OSError when build/ cannot be written (the caller says so in one line)."""
    path = lock_path(root, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
        except ImportError:
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 200, 0).decode("utf-8", errors="replace").strip()
                raise GovexportError(
                    f"build/{name} is in use by another govexport ({holder or 'another process'}); "
                    "run this again when it has finished"
                ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"`{command}`, process {os.getpid()}".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
