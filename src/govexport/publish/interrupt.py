"""SIGINT and SIGTERM stop a build promptly and cleanly.

Within `trapped()`, either signal raises `Stopped` in the main thread wherever it is (waiting for
Sphinx, copying, writing); within `run(coroutine)`, the asyncio part of a build, it cancels the
coroutine instead, so that its clean-up runs as asyncio means it to (the kernel pool kills its
kernels) and Stopped is raised once it has. Either way the `finally` clauses on the way out remove
the unfinished build, the previous one stays as it was, and the CLI prints one line and exits with
status 2. A second signal during that clean-up is ignored, so the clean-up ends.
"""

import asyncio
import signal
import threading
from contextlib import contextmanager

SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))
_trapping: list = []  # the handler installed by the innermost trapped(), if any


class Stopped(KeyboardInterrupt):
    """A build stopped by a signal (a KeyboardInterrupt, as Ctrl-C is)."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signal = signal.Signals(signum).name


def _ignore_more():
    for s in SIGNALS:
        signal.signal(s, signal.SIG_IGN)  # the clean-up that follows is not interrupted in turn


def _stop(signum, frame):
    _ignore_more()
    raise Stopped(signum)


@contextmanager
def trapped():
    """Within the block, SIGINT and SIGTERM raise Stopped (in the main thread; elsewhere nothing changes)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _stop) for s in SIGNALS}
    _trapping.append(_stop)
    try:
        yield
    finally:
        _trapping.pop()
        for s, handler in previous.items():
            signal.signal(s, handler)


def run(coroutine):
    """asyncio.run(coroutine); within trapped(), a signal cancels the coroutine, then raises Stopped."""
    received = []

    async def main():
        if _trapping:
            loop, task = asyncio.get_running_loop(), asyncio.current_task()

            def cancel(signum):
                if not received:
                    received.append(signum)
                    task.cancel()

            for s in SIGNALS:
                try:
                    loop.add_signal_handler(s, cancel, s)
                except NotImplementedError:  # Windows: the trapped() handler raises Stopped instead
                    break
        return await coroutine

    try:
        return asyncio.run(main())
    except asyncio.CancelledError:
        if received:
            raise Stopped(received[0]) from None
        raise
    finally:
        if received:
            _ignore_more()
        elif _trapping and threading.current_thread() is threading.main_thread():
            for s in SIGNALS:  # closing the loop put the default handlers back
                signal.signal(s, _trapping[-1])
