"""Compiling the book with Sphinx (jupyter-book 1.x configuration, execution off, warnings fatal).

Sphinx works in one private, stable folder, build/.sphinx/ (sources, doctrees, HTML): its saved
environment is tied to the source folder's path, so a fixed path is what keeps it incremental from
one build to the next, whatever their names. Only changed files are written there, so Sphinx reads
again only the pages that changed. One build at a time uses it (a lock); a DIRTY mark, removed after a
successful compile, makes the next build start it afresh after a failure or a kill. The compiled HTML
is then copied into the build being assembled.

Sphinx runs in a child process (`python -m govexport.publish.compiler --wait SOURCE HTML DOCTREES`) that also
writes conf.py from _config.yml with jupyter-book's own translation; its output is kept in a log and
shown only when it fails. The child is started when a build starts (`Warm`): it imports Sphinx and the
book's extensions while the chapters execute, and makes its Sphinx application when the area allows (`Early`),
then waits for the word `go` on its standard input, which the build sends once the sources are in place; a
build that stops before then ends it unused.
"""

import asyncio
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from ..errors import GovexportError
from ..paths import display
from . import guard

DIRTY = "DIRTY"
CONF_STAMP = ".conf.py.sha256"


def area(root):
    return guard.build_root(root) / ".sphinx"


class CompileError(GovexportError):
    """Sphinx failed: one line, and its warnings as `details` (the CLI prints them first)."""

    def __init__(self, details, log):
        count = sum(1 for line in details.splitlines() if "WARNING" in line or "ERROR" in line)
        what = (
            f"Sphinx reported {count} problem{'s' if count != 1 else ''} (warnings are errors)"
            if count
            else "Sphinx failed"
        )
        super().__init__(f"the book did not compile: {what}, shown above; its whole output is in {log}")
        self.details = details


class Lock:
    """`async with Lock(root):` an exclusive lock on build/.sphinx.lock, held while one build compiles (POSIX:
    the system releases it when the process dies; on Windows, one build at a time is the user's to ensure)."""

    def __init__(self, root):
        self.path = guard.build_root(root) / ".sphinx.lock"
        self.fd = None

    async def __aenter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            import fcntl
        except ImportError:
            return self
        try:
            while True:
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return self
                except BlockingIOError:  # another process compiles: wait without blocking this one's kernels
                    await asyncio.sleep(0.2)
        except BaseException:
            os.close(self.fd)
            raise

    async def __aexit__(self, *_exc_info):
        os.close(self.fd)  # closing releases the lock


class SphinxArea:
    """build/.sphinx/: book/ (sources), doctrees/, html/; use inside `async with Lock(root):`."""

    def __init__(self, root):
        self.root = Path(root)
        self.folder = area(root)
        self.source, self.html, self.doctrees = self.folder / "book", self.folder / "html", self.folder / "doctrees"
        self.log = self.folder / "sphinx.log"

    def open(self):
        """Start afresh when the last compile did not finish; returns self."""
        if (self.folder / DIRTY).exists():
            guard.remove(self.folder, self.root)
        self.source.mkdir(parents=True, exist_ok=True)
        return self

    def sync(self, files):
        """Make book/ hold exactly `files` ({relative path: bytes}); a file is rewritten only when its content
        changed, so its modification time tells Sphinx what to read again. conf.py is the compiler's."""
        for relative, content in files.items():
            target = self.source / relative
            if not target.is_file() or target.read_bytes() != content:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        keep = {Path(r) for r in files} | {Path("conf.py"), Path(CONF_STAMP)}
        for path in sorted(self.source.rglob("*"), reverse=True):
            relative = path.relative_to(self.source)
            if path.is_file() and relative not in keep:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()

    async def compile(self, warm=None):
        """Run Sphinx (in `warm`, a started Warm, or in one started now); GovexportError with its warnings when it
        fails. Returns the seconds it took."""
        started = time.perf_counter()
        (self.folder / DIRTY).write_text("a compile started and has not finished\n", encoding="utf-8")
        warm = warm or await Warm.start(self.root)
        try:
            code, output = await warm.go()
        finally:
            await warm.close()  # stopped: do not leave Sphinx running
        self.log.write_bytes(output)
        if code != 0:
            raise CompileError(
                self.log.read_text(encoding="utf-8", errors="replace").strip(), display(self.log, self.root)
            )
        (self.folder / DIRTY).unlink()
        return time.perf_counter() - started

    def copy_html(self, dest):
        shutil.copytree(self.html, dest, ignore=shutil.ignore_patterns(".buildinfo", ".doctrees"))


class Warm:
    """A Sphinx child started ahead of its compile, waiting for `go` (see the module's docstring)."""

    def __init__(self, process):
        self.process = process

    @classmethod
    async def start(cls, root):
        sphinx = area(root)
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "govexport.publish.compiler",
            "--wait",
            *(str(sphinx / name) for name in ("book", "html", "doctrees")),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=root,  # not build/.sphinx, which a compile after a failed one starts afresh; build/ may not exist yet
            preexec_fn=die_with_parent,
        )
        return cls(process)

    async def go(self):
        """Compile now; (exit status, output)."""
        output, _ = await self.process.communicate(b"go\n")
        return self.process.returncode, output

    async def close(self):
        """End the child if it still runs (unused, or stopped while it compiles)."""
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


# What the child imports while it waits: Sphinx and the extensions jupyter-book's configuration loads.
WARM_MODULES = (
    "sphinx.cmd.build",
    "sphinx.builders.html",
    "myst_nb",
    "jupyter_book.config",
    "sphinx_book_theme",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "govexport.publish.sphinx_ext",
)


def conf_digest(source):
    """The digest of what conf.py is written from (_config.yml and _toc.yml)."""
    return hashlib.sha256(
        (source / "_config.yml").read_bytes() + b"\0" + (source / "_toc.yml").read_bytes()
    ).hexdigest()


def conf_current(source):
    """Whether conf.py was written from the _config.yml and _toc.yml now in `source`."""
    stamp = source / CONF_STAMP
    return (source / "conf.py").is_file() and stamp.is_file() and stamp.read_text() == conf_digest(source)


def write_conf(source):
    """conf.py from _config.yml and _toc.yml as `jupyter-book config sphinx` writes it; only when they changed."""
    source = Path(source)
    if conf_current(source):
        return
    from jupyter_book.config import get_final_config

    config, _ = get_final_config(
        user_yaml=source / "_config.yml",
        sourcedir=source,
        cli_config={"external_toc_path": "_toc.yml", "latex_individualpages": False},
    )
    lines = ["# Written by govexport from _config.yml (jupyter-book's translation); do not edit."]
    lines += [f"{key} = {config[key]!r}" for key in sorted(config)]
    (source / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (source / CONF_STAMP).write_text(conf_digest(source))


class Early:
    """A Warm child's Sphinx application, made while the child waits for `go` (about half a second of a
    variant's compile: the configuration, the extensions and the saved environment loaded), and used only if
    nothing it read has changed by then (`current`); otherwise `discard` it and compile as usual.

    What making the application reads: conf.py, _toc.yml, docutils.conf and the saved environment, and what
    the extensions read when configured: _config.yml (through conf.py), the bibliography and _static/. Their
    stat (time, size, inode) is taken before it is made and compared at `go`, when the build holds the
    compiler's lock: another build's compile meanwhile, a new edition's _config.yml, or an area started
    afresh after a failure all change one of them. The documents themselves Sphinx compares when it builds."""

    def __init__(self, source, html, doctrees):
        from contextlib import ExitStack

        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        self.source, self.doctrees = Path(source), Path(doctrees)
        self.seen = self.inputs()
        self.stack = ExitStack()
        self.warnings = Held(sys.stderr)
        try:
            self.stack.enter_context(patch_docutils(str(source)))
            self.stack.enter_context(docutils_namespace())
            self.app = Sphinx(
                str(source), str(source), str(html), str(doctrees), "html",
                status=None, warning=self.warnings, freshenv=False, warningiserror=True, keep_going=True,
            )  # fmt: skip
        except BaseException:
            self.stack.close()
            raise

    @classmethod
    def make(cls, source, html, doctrees):
        """An Early application, or None when the area cannot give one safely (a compile that did not finish,
        a conf.py to write first, no saved environment) or making it failed (the compile then says why)."""
        source = Path(source)
        if (source.parent / DIRTY).exists() or not conf_current(source):
            return None
        if not (Path(doctrees) / "environment.pickle").is_file():
            return None
        try:
            return cls(source, html, doctrees)
        except Exception:  # noqa: BLE001 (the ordinary compile after `go` meets it again and reports it)
            return None

    def inputs(self):
        paths = [self.source / n for n in ("conf.py", CONF_STAMP, "_config.yml", "_toc.yml", "docutils.conf")]
        paths += sorted(self.source.glob("*.bib")) + sorted((self.source / "_static").rglob("*"))
        paths.append(self.doctrees / "environment.pickle")
        return {str(p): _stat(p) for p in paths}

    def current(self):
        return self.inputs() == self.seen

    def build(self):
        """Compile with the application made early; Sphinx's exit status."""
        from types import SimpleNamespace

        from sphinx.cmd.build import handle_exception

        self.warnings.release()
        try:
            self.app.build(False, [])
            return self.app.statuscode
        except (Exception, KeyboardInterrupt) as exc:
            handle_exception(self.app, SimpleNamespace(pdb=False, verbosity=0, traceback=False), exc, sys.stderr)
            return 2
        finally:
            self.stack.close()

    def discard(self):
        self.stack.close()


class Held:
    """A stream that keeps what is written until `release`d, then writes through: an Early application's
    warnings are printed only if it is used (a discarded one's would be printed twice)."""

    def __init__(self, stream):
        self.stream, self.kept = stream, []

    def write(self, text):
        if self.kept is None:
            return self.stream.write(text)
        self.kept.append(text)
        return len(text)

    def flush(self):
        if self.kept is None:
            self.stream.flush()

    def release(self):
        kept, self.kept = self.kept, None
        self.stream.write("".join(kept))


def _stat(path):
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def main(argv=None):
    """The child process: conf.py, then Sphinx (quiet: only warnings and errors are printed).

    Serially: two of jupyter-book's extensions do not declare parallel safety, and where they were
    declared safe, `-j 2` took twice the wall time here (the doctrees of notebooks are large to pass
    between processes)."""
    argv = list(argv or sys.argv[1:])
    if argv[:1] == ["--wait"]:  # a Warm child: import, then compile on `go` (anything else ends it)
        import importlib

        for name in WARM_MODULES:
            importlib.import_module(name)
        argv = argv[1:]
        early = Early.make(*argv[:3])
        if sys.stdin.readline().strip() != "go":
            return 0
        if early is not None:
            if early.current():
                return early.build()
            early.discard()
    source, html, doctrees = argv[:3]
    write_conf(source)
    from sphinx.cmd.build import build_main

    return build_main(["-b", "html", "-q", "-W", "--keep-going", "-d", doctrees, source, html])


if __name__ == "__main__":
    sys.exit(main())


def die_with_parent():
    """In the Sphinx child, before it starts: be killed when the build process dies, even by SIGKILL (Linux's
    parent-death signal), so a killed build leaves no compiler writing into build/.sphinx."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
