"""`govexport lab`: the pinned JupyterLab on the project, and taken down with this command.

The server's root is the project's folder, so that the chapters (notebooks/) and the work copies that
`govexport work` makes (work/) are both in its file browser; it opens on notebooks/. Options after the
command (or after `--`) go to JupyterLab as they are, after ours, so that they win (`--port 8899`,
`--ip 0.0.0.0`, `--allow-root`, `--no-browser`). Chapters render their MyST roles and directives in
JupyterLab through the pinned jupyterlab-myst extension, installed with the environment.

The server runs in a process group of its own; when this command ends (the server stopped, Ctrl-C,
SIGTERM, SIGHUP) the whole group is stopped, and on Linux the server is also told to stop if this process
is killed outright (the parent-death signal).
"""

import os
import signal
import subprocess
import sys

GRACE = 10  # seconds the server has to stop (and stop its kernels) before it is killed
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def lab_command(root, options):
    """The JupyterLab command line: our settings first, then the user's options (a leading `--` dropped)."""
    options = list(options)
    if options[:1] == ["--"]:
        options = options[1:]
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.default_url=/lab/tree/notebooks",
        *options,
    ]


def _own_group_and_die_with_parent():
    os.setsid()
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def stop_group(process):
    """Stop the server's process group: SIGTERM (the server stops its kernels), then SIGKILL after GRACE s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(GRACE)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def run_lab(root, options):
    """Run JupyterLab until it stops or this command is stopped; returns its exit status."""
    process = subprocess.Popen(lab_command(root, options), cwd=root, preexec_fn=_own_group_and_die_with_parent)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS}
    try:
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        stop_group(process)
