"""Where the multiverse is computed: a standard executor, never a pool of our own.

    local   concurrent.futures.ProcessPoolExecutor on this machine (the default); its workers start from a
            forkserver that has imported the package once, so a build's threads are never forked.
    dask    dask.distributed: the cluster at `scheduler` (an address such as tcp://10.0.0.5:8786, whose
            workers have govexport installed), or a LocalCluster of `workers` processes when none is given.

Both are context managers yielding an object with the concurrent.futures `map`; the multiverse calls
nothing else, so any such executor works (a test passes a LocalCluster's).
"""

import contextlib
import multiprocessing
import os

from ..errors import GovexportError

ENGINES = ("local", "dask")
# Imported once by the forkserver, before it forks a worker: each worker starts warm, and with no stderr of its own.
PRELOAD = ["govexport.claims.quiet_workers", "govexport.claims.multiverse"]


def default_workers():
    return max(1, os.cpu_count() or 1)


@contextlib.contextmanager
def local(workers=None):
    """A ProcessPoolExecutor of `workers` processes (default: one per core)."""
    import sys
    from concurrent.futures import ProcessPoolExecutor

    main = sys.modules.get("__main__")
    if main is not None and not hasattr(main, "__spec__"):  # IPython's namespace module has none; multiprocessing
        main.__spec__ = None  # reads it to re-import the main module, which a kernel's has nothing to re-import
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with ProcessPoolExecutor(max_workers=workers or default_workers(), mp_context=context) as pool:
        yield pool


@contextlib.contextmanager
def dask(scheduler=None, workers=None):
    """The concurrent.futures face of a dask.distributed Client: on the cluster at `scheduler`, or on a
    LocalCluster of `workers` single-threaded processes (default: one per core) started and stopped here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover (pinned in pyproject.toml)
        raise GovexportError("--engine dask needs the package `distributed` (pip install distributed)") from None
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout="20s"))
            except OSError as err:
                raise GovexportError(f"--scheduler {scheduler}: cannot reach a dask scheduler there ({err})") from None
        else:
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers or default_workers(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,  # logging.ERROR: a build prints its own lines only
                )
            )
            client = stack.enter_context(Client(cluster))
        yield client.get_executor()


def executor(engine="local", scheduler=None, workers=None):
    """The context manager of an engine by name (see the module's docstring)."""
    if engine not in ENGINES:
        raise GovexportError(f"--engine {engine}: not one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise GovexportError("--scheduler is an address of a dask scheduler: give it with --engine dask")
    return dask(scheduler, workers) if engine == "dask" else local(workers)
