"""Runs inside a kernel the build reuses for several chapters, one after the other.

`prepare` imports what every chapter imports (once per kernel instead of once per chapter) and records
the process's state; `fresh` puts that state back before each chapter: an empty namespace and a new
session (execution counts from 1), no open figure, matplotlib's and pandas' settings, the environment,
the working directory, sys.path and the warning filters as they were. Each chapter still executes
exactly once, and nbval runs every chapter in a kernel of its own, which proves no chapter depends on
another having run before it.
"""

import copy
import importlib
import os
import sys
import warnings

from ..report.reveal import MARK_ENV

try:
    import resource
except ImportError:  # Windows: no resource limits
    resource = None  # type: ignore[assignment]

from ..paths import FIGURES_ENV, MULTIVERSE_ENV
from ..provenance import STAMP_ENV

_saved: dict = {}


def prepare(modules, memory=None, niceness=0):
    """Bound the kernel's memory to `memory` bytes of address space (RLIMIT_AS: an allocation beyond it fails
    with MemoryError, which the build reports naming chapter, cell and limit), lower its scheduling priority by
    `niceness`, import `modules` and record the process's state. A module that fails to import is left for the
    chapter that imports it to report."""
    if memory and resource is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if niceness:
        lower_priority(niceness)
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (any failure is the chapter's to report)
            pass
    _saved.update(environ=dict(os.environ), cwd=os.getcwd(), path=list(sys.path), filters=list(warnings.filters))
    if "matplotlib" in sys.modules:
        _saved["rc"] = copy.deepcopy(dict(sys.modules["matplotlib"].rcParams))


def lower_priority(niceness):
    """This kernel's scheduling priority lowered by `niceness`: its own (its main thread runs the chapters), and on
    Linux with autogroups, its session's group's too: jupyter_client starts a kernel in a session of its own, and
    the scheduler shares the cores between such groups before it looks at the processes' priorities."""
    if hasattr(os, "nice"):
        os.nice(niceness)
    try:
        with open("/proc/self/autogroup", "w") as group:
            group.write(str(niceness))
    except OSError:  # no autogroups (another system, or a kernel built without them): the process's own is enough
        pass


def fresh(figures=None, multiverse=None):
    """The state `prepare` recorded, with GOVEXPORT_FIGURES set to `figures`, and GOVEXPORT_STAMP and reveal's
    markers set (or all three unset), and GOVEXPORT_MULTIVERSE set to `multiverse` when given."""
    from IPython import get_ipython

    get_ipython().reset(new_session=True)
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "rc" in _saved:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # deprecated rc keys warn when set, even to their own value
            sys.modules["matplotlib"].rcParams.update(copy.deepcopy(_saved["rc"]))
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
    os.environ.clear()
    os.environ.update(_saved["environ"])
    if figures:  # a build (a refresh of the committed notebooks passes none)
        os.environ[FIGURES_ENV] = figures
        os.environ[STAMP_ENV] = "1"
        os.environ[MARK_ENV] = "1"  # what reveals a verdict or an answer is marked for the edition (edition.py)
    if multiverse:
        os.environ[MULTIVERSE_ENV] = multiverse
    os.chdir(_saved["cwd"])
    sys.path[:] = _saved["path"]
    warnings.filters[:] = _saved["filters"]
    warnings._filters_mutated()  # what warnings' own functions call after changing the filters
