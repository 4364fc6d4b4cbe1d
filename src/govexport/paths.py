"""Where the project lives, so notebooks run from the root, from notebooks/ or from a copy."""

import os
from pathlib import Path

MARKER = Path("data") / "datapackage.json"
# Set by the build in each kernel: the folder where a chapter also saves its figures, for slides.
FIGURES_ENV = "GOVEXPORT_FIGURES"
# Set by the build for a chapter whose inputs include the choices: the folder where it computed the run's
# multiverse (multiverse.parquet and its summary). Without it (nbval, plain Jupyter) the chapter computes it.
MULTIVERSE_ENV = "GOVEXPORT_MULTIVERSE"


ROOT_ENV = "GOVEXPORT_ROOT"  # the project, for a process that runs outside it (otter-grader grading a submission)


def project_root(start=None):
    """The nearest folder at or above `start` (default: the working directory) holding data/datapackage.json;
    without `start`, GOVEXPORT_ROOT when the working directory is outside every project."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file():
            return folder
    if start is None and os.environ.get(ROOT_ENV) and (Path(os.environ[ROOT_ENV]) / MARKER).is_file():
        return Path(os.environ[ROOT_ENV]).resolve()
    raise FileNotFoundError(
        f"no {MARKER} found in {here} or any folder above it; run from inside the govexport project"
    )


def resolve(path, root=None):
    """A path from a parameter: absolute as given, relative to the project root otherwise."""
    path = Path(path)
    return path if path.is_absolute() else (root or project_root()) / path


def display(path, root=None):
    """A path as a reader should see it: relative to the project root when inside it.

    Never raises for the path itself: a symbolic link loop, a folder that cannot be searched or a name the
    system refuses is shown as given (the reading that follows says what is wrong with it)."""
    path = Path(path)
    try:
        return path.resolve().relative_to((root or project_root()).resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: Python 3.11's "Symlink loop from ..."
        pass
    try:  # the link itself, not its target: its folder resolved and its own name kept
        folder = path.absolute().parent.resolve()
        return (folder / path.name).relative_to((root or project_root()).resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return str(path)
