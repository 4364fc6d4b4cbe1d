"""Crash consistency: a build killed, stopped, out of disk space or denied its folder leaves the last complete
build as it was and no half-written one; the next build recovers."""

import errno
import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from minibuild import leftovers, no_process_left, set_cell, start_cli, tree_digest, wait_for_line

from govexport.errors import GovexportError
from govexport.publish import compiler, pipeline, workspace

SLOW = "import time\ntime.sleep(120)"  # a chapter that is still running when the test stops the build


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def quiet(*_):
    pass


def test_a_build_killed_with_sigkill_leaves_the_last_build_and_the_next_one_agrees_with_itself(mini, mini_chapters):
    before = tree_digest(mini / "build/default")
    set_cell(mini, "01_alpha", 2, SLOW + '\nprint(f"delegation_single is {delegation_single}")')
    token = uuid.uuid4().hex
    process = start_cli(mini, mini_chapters, "book", "--name", "v", "-p", "delegation_single=10", token=token)
    wait_for_line(process, "01_alpha  started")
    process.kill()
    process.wait()
    assert no_process_left(token), "a kernel outlived the build killed with SIGKILL"
    assert tree_digest(mini / "build/default") == before and not (mini / "build/v").exists()

    set_cell(mini, "01_alpha", 2, 'print(f"delegation_single is {delegation_single}")')
    messages = []
    pipeline.build("v", {"delegation_single": 12}, mini, chapters=mini_chapters, log=messages.append)
    assert any(m.split()[:2] == ["01_alpha", "started"] for m in messages)
    assert leftovers(mini) == []
    out = mini / "build/v"
    assert "delegation_single is 12" in (out / "html/notebooks/01_alpha.html").read_text(encoding="utf-8")
    assert json.loads((out / "provenance.json").read_text())["parameters"]["delegation_single"] == 12
    assert workspace.complete(mini, "v")["parameters"]["delegation_single"] == 12
    assert json.loads((out / "figures/figures.json").read_text())[0]["caption"] == "Delegations of **12**"
    assert all(
        row.endswith(",yes") or row.endswith(",no") for row in (out / "claims.csv").read_text().splitlines()[1:] if row
    )


def test_sigterm_stops_a_build_promptly_with_one_line(mini, mini_chapters):
    before = tree_digest(mini / "build")
    set_cell(mini, "02_beta", 2, SLOW)
    token = uuid.uuid4().hex
    process = start_cli(mini, mini_chapters, "book", "--name", "t", "-p", "first_year=2010", token=token)
    wait_for_line(process, "02_beta   started")
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 2, err[-3000:]
    assert err.splitlines() == ["govexport: error: stopped by SIGTERM; every complete build in build/ is as it was"]
    assert no_process_left(token)
    assert leftovers(mini) == [] and not (mini / "build/t").exists()
    assert {k: v for k, v in tree_digest(mini / "build").items() if k.startswith("default/")} == {
        k: v for k, v in before.items() if k.startswith("default/")
    }


def fail(monkeypatch, target, attribute, when=lambda *a, **k: True):
    """Make target.attribute raise ENOSPC (when `when` says so for its arguments)."""
    original = getattr(target, attribute)

    def failing(*args, **kwargs):
        if when(*args, **kwargs):
            path = next((a for a in args if isinstance(a, (str, Path))), "")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return original(*args, **kwargs)

    monkeypatch.setattr(target, attribute, failing)


@pytest.mark.parametrize("point", ["ledger", "html", "marker"])
def test_a_full_disk_at_any_step_leaves_the_last_build(mini, mini_chapters, monkeypatch, point):
    """delegation_multi is read by no mini chapter: these builds execute nothing, they compute and compile."""
    from govexport.publish import artifacts

    pipeline.build("small", {"delegation_multi": 4}, mini, chapters=mini_chapters, log=quiet)
    before = tree_digest(mini / "build/small")
    if point == "ledger":
        fail(monkeypatch, artifacts, "ledger_csv")
    elif point == "html":
        fail(monkeypatch, compiler.SphinxArea, "copy_html")
    else:
        fail(monkeypatch, Path, "write_text", lambda path, *a, **k: path.name.endswith(".part"))
    with pytest.raises(GovexportError, match="No space left on device; build/small was left as it was"):
        pipeline.build("small", {"delegation_multi": 6}, mini, chapters=mini_chapters, log=quiet)
    assert tree_digest(mini / "build/small") == before and leftovers(mini) == []
    monkeypatch.undo()
    pipeline.build("small", {"delegation_multi": 6}, mini, chapters=mini_chapters, log=quiet)
    assert workspace.complete(mini, "small")["parameters"]["delegation_multi"] == 6


def test_a_read_only_build_folder_is_one_error_naming_it(mini, mini_chapters, monkeypatch):
    before = tree_digest(mini / "build")
    if os.geteuid() == 0:  # root writes through file modes: the read-only file system is simulated
        original = Path.mkdir

        def read_only(path, *args, exist_ok=False, **kwargs):
            if "build" in path.parts and not (exist_ok and path.is_dir()):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return original(path, *args, exist_ok=exist_ok, **kwargs)

        monkeypatch.setattr(Path, "mkdir", read_only)
    else:
        (mini / "build").chmod(0o555)
    try:
        with pytest.raises(
            GovexportError,
            match=r"^build/\.[\w./-]+: (Read-only file system|Permission denied); "
            r"build/ro was left as it was$",
        ):
            pipeline.build("ro", {"delegation_single": 11}, mini, chapters=mini_chapters, log=quiet)
    finally:
        (mini / "build").chmod(0o755)
    # the simulation refuses new folders only: the build's lock file (build/.locks/ro.lock, which holds nothing of a
    # build) may then be written, as it is by every build of a name
    unlocked = {k: v for k, v in before.items() if not k.startswith(".locks/")}
    assert {k: v for k, v in tree_digest(mini / "build").items() if not k.startswith(".locks/")} == unlocked


def test_leftovers_of_killed_builds_are_cleaned_and_a_build_renamed_aside_is_put_back(mini):
    build = mini / "build"
    pid = dead_pid()
    stale = [
        build / f".tmp-default-{pid}-0a1b2c3d",
        build / f".kernels-{pid}-0a1b2c",
        build / ".cache" / f".tmp-{pid}-00ff00ff",
    ]
    for folder in stale:
        folder.mkdir()
        (folder / "half-written").write_text("x")
    running = build / f".tmp-default-{os.getppid()}-0a1b2c3d"  # a build of a process still running
    running.mkdir()
    (build / "default").rename(build / f".old-default-{pid}-12345678")  # killed between the two renames
    workspace.clean(mini)
    assert not any(folder.exists() for folder in stale) and running.is_dir()
    assert workspace.complete(mini, "default")["name"] == "default"
