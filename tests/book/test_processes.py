"""Nothing keeps running after `govexport book` returns: not a kernel, not Sphinx, whatever the outcome.

Every process the build starts inherits its environment, so a token put there finds them all (Linux /proc),
wherever they are in the process tree or in whichever session (kernels start sessions of their own).
"""

import signal
import subprocess
import sys
import uuid

import pytest
from minibuild import driver, leftovers, processes_with, set_cell, start_cli, wait_for_line

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the processes from /proc")


def finish(process):
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def test_nothing_runs_after_a_build_that_succeeded(mini, mini_chapters):
    token = uuid.uuid4().hex
    code, out, err = finish(
        start_cli(mini, mini_chapters, "book", "--name", "ok", "-p", "delegation_single=9", token=token)
    )
    assert code == 0, err
    assert "01_alpha  started" in out and "Book built: open build/ok/html/index.html" in out
    assert processes_with(token) == [] and leftovers(mini) == []


def test_nothing_runs_after_a_build_that_failed(mini, mini_chapters):
    set_cell(mini, "01_alpha", 2, "1 / 0")
    token = uuid.uuid4().hex
    code, _, err = finish(
        start_cli(mini, mini_chapters, "book", "--name", "ko", "-p", "delegation_single=9", token=token)
    )
    assert code == 2
    assert err == "govexport: error: chapter 01_alpha, cell 3 ('1 / 0') failed: ZeroDivisionError: division by zero\n"
    assert processes_with(token) == [] and leftovers(mini) == []


def test_nothing_runs_after_a_build_stopped_while_sphinx_compiles(mini, mini_chapters):
    token = uuid.uuid4().hex
    process = start_cli(mini, mini_chapters, "book", "--name", "late", "--edition", "student", token=token)
    wait_for_line(process, "compiling the book")
    process.send_signal(signal.SIGINT)
    code, _, err = finish(process)
    assert code == 2 and err.startswith("govexport: error: stopped by SIGINT")
    assert processes_with(token) == [] and leftovers(mini) == []
    assert not (mini / "build/late").exists()


def test_a_build_imports_what_sets_warning_filters_before_its_threads_run(mini, mini_chapters):
    """requests (through papermill) adds a warning filter as it is imported; pandas in the build's threads works
    inside warnings.catch_warnings, which would undo a filter another thread added meanwhile and let urllib3's
    SOCKS warning into a failed build's one-line output (pipeline.import_before_threads)."""
    hook = (
        "import sys, threading\nfrom govexport.publish import pipeline\n"
        "def seen(event, args):\n"
        "    if event == 'import' and args[0] == 'requests':\n"
        "        ours = [t.name for t in threading.enumerate() if t.name.startswith(pipeline.THREAD_PREFIX)]\n"
        "        print('requests imported while the build threads ran:', ours, file=sys.stderr)\n"
        "sys.addaudithook(seen)\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", hook + driver(mini_chapters), "book", "--name", "v", "-p", "delegation_single=9"],
        cwd=mini,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr
    assert process.stderr.splitlines() == ["requests imported while the build threads ran: []"], process.stderr
