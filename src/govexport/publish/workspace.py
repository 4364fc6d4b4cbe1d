"""Crash-consistent builds: a build is assembled in a temporary sibling folder and replaces build/<name> at once.

    build/.tmp-<name>-<pid>-<id>/   the build being assembled (never read by anything else)
    build/<name>/                   a complete build: its marker file, BUILD-COMPLETE.json, is written last

The temporary folder becomes build/<name> by a rename, only after everything in it was written; the
previous build is renamed aside first and removed after. A build that fails, is interrupted or killed
(even by SIGKILL), or runs out of disk space leaves the previous build as it was; what it leaves
behind (temporary folders named with its process id) is removed by the next build once that process
is gone. `complete` is how every reader (govexport claims, compare, the variant ledger) finds a build:
it never sees one without its marker.
"""

import json
import os
import re
import sys
import uuid
from datetime import UTC, datetime

from ..errors import GovexportError
from . import guard

MARKER = "BUILD-COMPLETE.json"
# Leftovers of a build process: build/.tmp-*, .old-*, .kernels-* and build/.cache/.tmp-*, named with its pid.
LEFTOVER = re.compile(r"\.(tmp|old|kernels)-(?:(?P<name>[A-Za-z0-9_-]+)-)?(?P<pid>\d+)-[0-9a-f]+")
_active: set = set()  # temporary folders in use by this process: never leftovers


def hold(path):
    """Mark a temporary folder of this process as in use (see `leftovers`)."""
    _active.add(path)


def release(path):
    _active.discard(path)


def _running(pid):
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # no cheap, safe test for another process on Windows: keep its folders
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(root):
    """Temporary folders of build processes that are no longer running (and of finished builds of this one)."""
    found = []
    for folder in (guard.build_root(root), guard.build_root(root) / ".cache"):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            match = LEFTOVER.fullmatch(path.name)
            if match and path not in _active and (int(match["pid"]) == os.getpid() or not _running(int(match["pid"]))):
                found.append((path, match))
    return found


def clean(root):
    """Remove leftovers of killed builds; put back a complete build a kill left renamed aside."""
    for path, match in leftovers(root):
        out = guard.build_root(root) / (match["name"] or "")
        if match[1] == "old" and match["name"] and not out.exists() and (path / MARKER).is_file():
            guard.rename(path, out, root)  # killed between the two renames of a swap
        else:
            guard.remove(path, root)


def complete(root, name):
    """The marker record of the complete build `name`; GovexportError when there is none."""
    guard.check_name(name)
    path = guard.build_root(root) / name / MARKER
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        hint = "govexport book" if name == guard.DEFAULT else f"govexport book --name {name} -p NAME=VALUE"
        raise GovexportError(f"build/{name}: no complete build of that name; build it first ({hint})") from None
    except (OSError, ValueError) as err:
        raise GovexportError(f"build/{name}/{MARKER}: unreadable ({err}); build it again") from None


class Workspace:
    """The temporary folder of one build of `name`: `folder` while it runs, build/<name> once committed."""

    def __init__(self, root, name):
        self.root, self.name = root, guard.check_name(name)
        self.out = guard.build_root(root) / name
        self.folder = guard.build_root(root) / f".tmp-{name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def open(self):
        """Remove leftovers of killed builds, then create the temporary folder."""
        guard.build_root(self.root).mkdir(parents=True, exist_ok=True)
        clean(self.root)
        guard.inside_build(self.folder, self.root)
        hold(self.folder)
        self.folder.mkdir()
        return self

    def close(self):
        """Remove the temporary folder if it was not committed (nothing when it was never opened)."""
        try:
            if self.folder in _active and self.folder.exists():
                guard.remove(self.folder, self.root)
        finally:
            release(self.folder)

    def __enter__(self):
        return self.open()

    def __exit__(self, *_exc_info):
        self.close()

    def commit(self, record):
        """Write the marker (last file of the build), then make the folder build/<name> in one rename."""
        record = {**record, "name": self.name, "completed_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")}
        part = self.folder / f"{MARKER}.part"
        part.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
        os.replace(part, self.folder / MARKER)
        aside = None
        if self.out.exists() or self.out.is_symlink():
            aside = guard.build_root(self.root) / f".old-{self.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            guard.rename(self.out, aside, self.root)
        guard.rename(self.folder, self.out, self.root)
        if aside:
            guard.remove(aside, self.root)
        return self.out
