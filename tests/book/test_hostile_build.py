"""Every command as careful as `book` (issue 22), on the mini project: kernels bounded in memory, one build of a
name at a time, and OS errors reduced to one line naming the path and the cause."""

import errno
import os
import shutil
import subprocess
import sys
import time

import pytest
from minibuild import leftovers, set_cell, tree_digest

from govexport.errors import GovexportError
from govexport.publish import compiler, execute, kernels, pipeline


def quiet(*_):
    pass


def test_a_chapter_beyond_the_kernels_memory_limit_names_chapter_cell_and_limit(mini, mini_chapters, monkeypatch):
    monkeypatch.setattr(kernels, "MEMORY", 2 * 2**30)
    set_cell(mini, "01_alpha", 2, "hog = bytearray(4 * 2**30)")
    with pytest.raises(GovexportError) as info:
        pipeline.build("v", {"delegation_single": 11}, mini, chapters=mini_chapters, log=quiet)
    assert str(info.value) == (
        "chapter 01_alpha, cell 3 ('hog = bytearray(4 * 2**30)') ran out of memory: a chapter's kernel may use at "
        "most 2 GiB of memory (kernels.MEMORY)"
    )
    assert leftovers(mini) == [] and not (mini / "build/v").exists()


def hold_the_lock(root, name):
    """A process holding build/<name>'s lock, as a `govexport pdf` or `book` running does."""
    code = (
        "import sys, time\nfrom govexport.publish import lock\n"
        f"with lock.exclusive({str(root)!r}, {name!r}, 'govexport pdf --name {name}'):\n"
        "    print('held', flush=True)\n    time.sleep(120)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_command_on_the_same_name_is_refused_with_one_line(mini, mini_chapters):
    before = tree_digest(mini / "build/default")
    holder = hold_the_lock(mini, "v")
    try:
        with pytest.raises(GovexportError) as info:
            pipeline.build("v", {"delegation_single": 11}, mini, chapters=mini_chapters, log=quiet)
    finally:
        holder.kill()
        holder.wait()
    assert str(info.value) == (
        f"build/v is in use by another govexport (`govexport pdf --name v`, process {holder.pid}); "
        "run this again when it has finished"
    )
    assert not (mini / "build/v").exists() and leftovers(mini) == []
    pipeline.build("v", {"delegation_single": 11}, mini, chapters=mini_chapters, log=quiet)  # once it is released
    assert (mini / "build/v/html/index.html").is_file() and tree_digest(mini / "build/default") == before


def test_two_builds_of_one_name_at_once_never_both_say_built(mini, mini_chapters):
    from minibuild import start_cli

    set_cell(mini, "01_alpha", 2, "import time\ntime.sleep(3)")
    first = start_cli(mini, mini_chapters, "book", "--name", "same", "-p", "delegation_single=12")
    time.sleep(1.5)
    second = start_cli(mini, mini_chapters, "book", "--name", "same", "-p", "delegation_single=13")
    outcomes = sorted([first.communicate(timeout=300), second.communicate(timeout=300)], key=lambda o: o[1])
    codes = sorted([first.returncode, second.returncode])
    assert codes == [0, 2], outcomes
    (out_ok, err_ok), (_, err_refused) = outcomes
    assert "Book built" in out_ok and err_ok == ""
    assert err_refused.startswith("govexport: error: build/same is in use by another govexport (`govexport book")
    assert len(err_refused.splitlines()) == 1


def test_a_full_disk_while_copying_is_one_short_line_naming_a_file(mini, mini_chapters, monkeypatch):
    def copy_fails(self, dest):
        failures = [
            (f"{self.html}/page{i}.html", f"{dest}/page{i}.html", f"[Errno 28] No space left on device: 'page{i}'")
            for i in range(3000)
        ]
        raise shutil.Error(failures)

    monkeypatch.setattr(compiler.SphinxArea, "copy_html", copy_fails)
    with pytest.raises(GovexportError) as info:
        pipeline.build("small", {"delegation_multi": 4}, mini, chapters=mini_chapters, log=quiet)
    message = str(info.value)
    assert "\n" not in message and len(message) < 400, message
    assert message.endswith(
        "/page0.html: No space left on device (and 2,999 more files); build/small was left as it was"
    )
    assert leftovers(mini) == []


def test_a_chapter_failing_on_a_full_disk_says_the_disk_is_full(mini, mini_chapters, monkeypatch):
    real = shutil.disk_usage

    def full(path):
        return real(path)._replace(free=0) if str(path).startswith(str(mini)) else real(path)

    monkeypatch.setattr(execute.shutil, "disk_usage", full)
    set_cell(mini, "01_alpha", 2, "raise OSError(28, 'No space left on device')")
    with pytest.raises(GovexportError) as info:
        pipeline.build("v", {"delegation_single": 11}, mini, chapters=mini_chapters, log=quiet)
    assert str(info.value).endswith(
        f"failed: OSError: [Errno 28] No space left on device; the disk holding build/ is full "
        f"({os.strerror(errno.ENOSPC)})"
    )
