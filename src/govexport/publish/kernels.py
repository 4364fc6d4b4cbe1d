"""A small pool of pre-started Python kernels, driven from this process through jupyter_client's async API.

One kernel per core, started while the build validates its inputs; each imports what the chapters
import once (kernel_state.prepare) and runs several chapters in turn, made fresh before each one
(kernel_state.fresh). Kernels talk over IPC sockets where the system has them (no "running over TCP"
warning, nothing listening on the network); their own output goes to a log file, shown only when a
kernel dies. JPY_PARENT_PID makes each kernel exit when this process dies, even by SIGKILL.
"""

import asyncio
import heapq
import itertools
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

from ..errors import GovexportError
from ..paths import FIGURES_ENV, MULTIVERSE_ENV
from ..provenance import STAMP_ENV
from ..report.reveal import MARK_ENV
from . import guard, workspace

KERNEL = "python3"
# What chapters import: loaded once per kernel rather than once per chapter.
WARM = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot", "seaborn", "govexport.report.chapter")
START_TIMEOUT = 120  # seconds for a kernel to answer after it was launched
SOCKET_PATH_LIMIT = 100  # AF_UNIX paths are limited to 107 bytes; a socket is <folder>/k<n>-<port>
# An IPython kernel without a history database (nbclient does the same): nothing written to ~/.ipython.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
# The address space a kernel may use (RLIMIT_AS, set as it is prepared), so that a runaway chapter stops with
# a MemoryError instead of taking the machine's memory. A kernel with the libraries imported maps about 1 GiB;
# the 10,000-row benchmark table's chapters stay well under this.
MEMORY = 6 * 2**30
# Kernels run at a lower priority than the build's own processes: the multiverse, computed in this process's
# workers while the chapters execute, is what the chapters showing it wait for (in a clean build on two cores it
# is then ready after about 5 s instead of 9, and those chapters start that much sooner).
NICENESS = 10


def transport():
    return "tcp" if sys.platform == "win32" else "ipc"


def socket_folder(root):
    """A private folder for the kernels' sockets, connection files and logs: build/.kernels-<pid>-<id>/ when
    its path is short enough for a socket, a temporary folder otherwise."""
    folder = guard.build_root(root) / f".kernels-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    if len(str(folder.resolve())) + len("/k0-65535") <= SOCKET_PATH_LIMIT:
        guard.inside_build(folder, root)
        workspace.hold(folder)
        folder.mkdir(mode=0o700, parents=True)
        return folder, True
    return Path(tempfile.mkdtemp(prefix=f"govexport-{os.getpid()}-")), False


class Kernel:
    def __init__(self, manager, client, log):
        self.manager, self.client, self.log = manager, client, log
        self.ready = None  # the task that waits for the kernel and prepares it

    async def run(self, code, timeout=None):
        """Run `code` silently; raise when it fails."""
        msg_id = self.client.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = await asyncio.wait_for(self.client.get_shell_msg(), timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content["status"] != "ok":
            raise GovexportError(f"the kernel could not be prepared: {content.get('ename')}: {content.get('evalue')}")

    def log_tail(self):
        """The last line the kernel wrote to its log ('' when none)."""
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1][:300] if lines else ""


class KernelPool:
    """`async with KernelPool(n, root) as pool:` n kernels, each lent to one chapter at a time by `kernel()`."""

    def __init__(self, size, root, warm=WARM, memory=None, niceness=NICENESS):
        self.size, self.root, self.warm, self.niceness = size, Path(root), warm, niceness
        self.memory = MEMORY if memory is None else memory
        self.kernels = []
        self.idle = []  # kernels free now
        self.waiting = []  # a heap of (turn, arrival, future) for the chapters waiting for one
        self.arrivals = itertools.count()
        self.folder = None
        self.folder_in_build = False

    async def __aenter__(self):
        self.folder, self.folder_in_build = socket_folder(self.root)
        try:
            for i in range(self.size):
                self.kernels.append(await self._launch(i))
        except BaseException:
            await self.close()
            raise
        for kernel in self.kernels:
            kernel.ready = asyncio.ensure_future(self._prepare(kernel))
            self.idle.append(kernel)
        return self

    async def __aexit__(self, *_exc_info):
        await self.close()

    async def _launch(self, i):
        manager = AsyncKernelManager(
            kernel_name=KERNEL, transport=transport(), connection_file=str(self.folder / f"kernel-{i}.json")
        )
        if transport() == "ipc":
            manager.ip = str(self.folder / f"k{i}")
        env = {
            k: v for k, v in os.environ.items() if k not in (FIGURES_ENV, STAMP_ENV, MARK_ENV, MULTIVERSE_ENV)
        }  # set per chapter (kernel_state.fresh)
        env.update(JPY_PARENT_PID=str(os.getpid()), PYDEVD_DISABLE_FILE_VALIDATION="1")
        log = self.folder / f"kernel-{i}.log"
        with open(log, "wb") as out:  # the kernel keeps its own descriptor; ours closes at once
            await manager.start_kernel(
                cwd=str(self.root), env=env, stdout=out, stderr=out, extra_arguments=KERNEL_ARGUMENTS
            )
        client = manager.client()
        client.start_channels()
        return Kernel(manager, client, log)

    async def _prepare(self, kernel):
        try:
            await kernel.client.wait_for_ready(timeout=START_TIMEOUT)
        except RuntimeError:
            raise GovexportError(f"a Python kernel did not start ({kernel.log_tail() or 'it wrote nothing'})") from None
        code = (
            "import govexport.publish.kernel_state as _state\n"
            f"_state.prepare({list(self.warm)!r}, {self.memory!r}, {self.niceness!r})\n"
        )
        await kernel.run(code)

    async def kernel(self, first=False):
        """A prepared, idle kernel (wait for one); give it back with `release`. Kernels go to waiting chapters in
        the order they asked, those asking `first` before the others (a chapter that waited for the multiverse,
        which the book then waits for)."""
        if self.idle:
            kernel = self.idle.pop(0)
        else:
            future = asyncio.get_running_loop().create_future()
            heapq.heappush(self.waiting, (0 if first else 1, next(self.arrivals), future))
            kernel = await future
        await kernel.ready
        return kernel

    def release(self, kernel):
        while self.waiting:
            *_, future = heapq.heappop(self.waiting)
            if not future.done():  # one that was cancelled has given up its turn
                future.set_result(kernel)
                return
        self.idle.append(kernel)

    async def close(self):
        """Kill every kernel and wait for it to exit; remove the sockets' folder."""
        for kernel in self.kernels:
            if kernel.ready and not kernel.ready.done():
                kernel.ready.cancel()
            kernel.client.stop_channels()
        await asyncio.gather(*(self._stop(k.manager) for k in self.kernels), return_exceptions=True)
        self.kernels = []
        if self.folder:
            if self.folder_in_build:
                guard.remove(self.folder, self.root)
                workspace.release(self.folder)
            else:
                shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    @staticmethod
    async def _stop(manager):
        if manager.has_kernel:
            await manager.shutdown_kernel(now=True)
        await manager.cleanup_resources()
