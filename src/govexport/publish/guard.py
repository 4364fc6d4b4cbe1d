"""What the build may name and touch: build names, and proof that a path it removes or renames lies inside build/.

Every check here runs before the file operation it guards, so a hostile `--name` (`../x`, `/tmp/abs`,
`./victim`) is refused before anything is created, removed or renamed.
"""

import os
import shutil
from pathlib import Path

from ..errors import GovexportError
from ..scenarios import name_problem

DEFAULT = "default"  # build/default/ holds the paper's defaults only
EDITIONS = ("instructor", "student")


def check_name(name, overrides=False, source="--name"):
    """`name` when it can name a build; GovexportError otherwise.

    One rule for every build name, the scenarios' (a short lower-case slug, see scenarios.name_problem);
    `default` is accepted only for a build with no parameter and no scenario.
    """
    if name == DEFAULT:
        if overrides:
            raise GovexportError(
                f"{source} default is the paper's defaults: a build with parameters or a scenario "
                "needs another name (--name NAME)"
            )
        return name
    problem = name_problem(name)
    if problem:
        shown = name if isinstance(name, str) and len(name) <= 80 and name.isprintable() else "(a name)"
        raise GovexportError(f"{source} {shown!r} {problem}")
    return name


def check_edition(edition):
    if edition not in EDITIONS:
        raise GovexportError(f"--edition {edition!r}: expected one of {list(EDITIONS)}")
    return edition


def build_root(root):
    return Path(root) / "build"


def inside_build(path, root):
    """`path` itself, once proven to lie strictly inside build/ (its folder resolved, its own name plain).

    The name is not resolved, so a symbolic link inside build/ is handled as the link, never its target.
    """
    path = Path(path)
    top = build_root(root).resolve()
    folder = path.parent.resolve()
    if path.name in ("", ".", "..") or (folder != top and top not in folder.parents):
        raise GovexportError(f"refusing to touch {path}: it is not inside {top}")
    return folder / path.name


def remove(path, root):
    """Remove a file, link or folder inside build/; nothing when it is absent."""
    path = inside_build(path, root)
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def rename(source, dest, root):
    """Rename within build/ (atomic on one file system)."""
    os.rename(inside_build(source, root), inside_build(dest, root))
