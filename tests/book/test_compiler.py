"""The Sphinx child's application made early (compiler.Early): used only when nothing it read has changed by
the time the build says `go`, and then compiling what did change (the documents) as a fresh one would."""

import shutil
import subprocess
import sys

import pytest

from govexport.publish import compiler

# Sphinx runs in this process here: a LaTeX extension jupyter-book loads still calls docutils' traverse()
pytestmark = pytest.mark.filterwarnings("ignore:nodes.Node.traverse:PendingDeprecationWarning")


@pytest.fixture
def area(mini):
    """The built mini project's Sphinx area (build/.sphinx), as its last compile left it."""
    return compiler.SphinxArea(mini)


def paths(area):
    return [str(area.source), str(area.html), str(area.doctrees)]


def early(area):
    return compiler.Early.make(*paths(area))


def test_an_early_application_compiles_a_page_changed_after_it_was_made(area):
    made = early(area)
    assert made is not None and made.current()
    page = area.source / "intro.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWritten after the application was made.\n", encoding="utf-8")
    assert made.current()  # a document is Sphinx's to compare when it builds
    assert made.build() == 0
    assert "Written after the application was made." in (area.html / "intro.html").read_text(encoding="utf-8")


def change_the_configuration(area):
    config = area.source / "_config.yml"  # as a student edition's build writes its own
    config.write_text(config.read_text(encoding="utf-8") + "\n# another edition\n", encoding="utf-8")


def compile_meanwhile(area):
    """Another build's compile between the application's making and `go`: the saved environment is rewritten."""
    page = area.source / "intro.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAnother build's page.\n", encoding="utf-8")
    compiled = subprocess.run([sys.executable, "-m", "govexport.publish.compiler", *paths(area)], capture_output=True)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr


def start_afresh(area):
    """What SphinxArea.open does after a compile that did not finish: the whole area removed."""
    shutil.rmtree(area.doctrees)


@pytest.mark.parametrize("change", [change_the_configuration, compile_meanwhile, start_afresh])
def test_an_early_application_is_not_used_once_what_it_read_has_changed(area, change):
    made = early(area)
    assert made is not None
    change(area)
    assert not made.current()
    made.discard()


def test_a_discarded_application_leaves_the_child_to_compile_afresh_without_a_warning(area):
    """As a Warm child does when the configuration changed after its application was made (warnings are errors:
    a second application in the first one's docutils namespace would warn of every node registered twice)."""
    child = f"""
import sys
from pathlib import Path
from govexport.publish import compiler
made = compiler.Early.make(*{paths(area)!r})
assert made is not None
config = Path({str(area.source / "_config.yml")!r})
config.write_text(config.read_text() + "\\n# another edition\\n")
assert not made.current()
made.discard()
sys.exit(compiler.main({paths(area)!r}))
"""
    compiled = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
    assert compiled.returncode == 0 and "WARNING" not in compiled.stdout + compiled.stderr, compiled.stderr[-2000:]


def test_no_early_application_after_a_compile_that_did_not_finish_or_before_conf_is_written(area):
    (area.folder / compiler.DIRTY).write_text("a compile started and has not finished\n", encoding="utf-8")
    assert early(area) is None
    (area.folder / compiler.DIRTY).unlink()
    change_the_configuration(area)  # conf.py is then written again, after `go`
    assert early(area) is None


def test_an_early_applications_warnings_are_printed_only_once_it_is_used(capsys):
    held = compiler.Held(sys.stderr)  # a discarded application's are never released
    held.write("WARNING: from an application that was discarded\n")
    assert capsys.readouterr().err == ""
    held.release()
    held.write("WARNING: after release\n")
    assert capsys.readouterr().err.splitlines() == [
        "WARNING: from an application that was discarded",
        "WARNING: after release",
    ]
