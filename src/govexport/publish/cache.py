"""The execution cache: a chapter is executed once for each distinct content of what it reads.

A chapter's key is a SHA-256 over: the notebook's source (outputs and execution counts left out), the
values of the parameters the chapter declares it reads, the files those parameters point to (Table 1,
Table 2, the codebook folder), the data package's schema when it reads data, the claims register and
the scenarios when its inputs include them, the package's source and the pinned dependencies. Never
another build's outputs: any build (the default or a variant) reuses any chapter whose key matches.

An entry (build/.cache/<key>/: the executed notebook and the chapter's figure files) is written in a
staging folder and renamed into place in one step, only after this process executed and checked it,
so an entry that exists is complete. Its entry.json records the SHA-256 of every file it holds; an entry
is used only when every file still has its digest. One altered, truncated or unreadable (by hand, a
disk error, a tool) is dropped with one line saying so, and computed again: never published. This module
imports nothing heavy: the no-op rebuild hashes its inputs here and stops.
"""

import hashlib
import json
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from ..errors import GovexportError
from ..params import DEFAULTS
from ..paths import display, resolve
from ..report.book import CHOICES, MULTIVERSE, REGISTER, SCENARIOS, Chapter
from . import guard

FORMAT = "govexport-cache-2"  # bump when what an entry holds changes (2: entries record their files' digests)
PACKAGE = Path(__file__).resolve().parents[1]
FILE_PARAMETERS = ("table1", "table2")
# The files data.codebook reads there; rulesets.csv (the rule sets' names for readers) may be absent.
FOLDER_PARAMETERS = {"codebook": ("demonyms.csv", "domain_rules.csv", "rulesets.csv")}
OPTIONAL_FILES = ("rulesets.csv",)
MAX_BYTES = 2**30  # a file larger than this is left to the data layer's checks to refuse
VOLATILE = ("execution", "papermill")  # cell and notebook metadata that timing and tools add
ENTRY = "entry.json"  # written last in an entry; its modification time says when the entry was last used
KEEP = 8  # entries kept for each chapter (and computed file): the most recently used


def cache_folder(root):
    return guard.build_root(root) / ".cache"


def notebook_path(chapter, root):
    return Path(root) / "notebooks" / chapter.notebook


def read_notebook_json(path, root):
    """A notebook file as JSON; GovexportError naming it when it is missing or not a notebook."""
    shown = display(path, root)
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GovexportError(f"{shown}: no such notebook (a chapter listed in src/govexport/report/book.py)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise GovexportError(f"{shown}: not a notebook (not valid JSON: {err})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list) or nb.get("nbformat") != 4:
        raise GovexportError(f"{shown}: not a notebook in nbformat 4 (no list of cells)")
    return nb


def source_of(nb):
    """What of a notebook decides its executed copy: everything but outputs, counts and timing metadata."""
    cells = []
    for cell in nb["cells"]:
        kept = {k: v for k, v in cell.items() if k not in ("outputs", "execution_count")}
        kept["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k not in VOLATILE}
        cells.append(kept)
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k not in VOLATILE}
    return {
        "cells": cells,
        "metadata": metadata,
        "nbformat": nb.get("nbformat"),
        "nbformat_minor": nb.get("nbformat_minor"),
    }


def canonical(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


class Digests:
    """Hashes of the files a build reads, each computed once per build."""

    def __init__(self, root):
        self.root = Path(root)
        self._memo = {}

    def file(self, path):
        """The file's SHA-256; OSError when it is not a regular file of a sane size (a device, a FIFO, a folder):
        the build then lets the data layer say what is wrong with it."""
        path = Path(path)
        if path not in self._memo:
            if not path.is_file() or path.stat().st_size > MAX_BYTES:
                raise FileNotFoundError(2, "not a regular file", str(path))
            self._memo[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self._memo[path]

    def folder(self, path, exclude=("__pycache__",)):
        """Every file under a folder: relative names and contents."""
        path = Path(path)
        if path not in self._memo:
            if not path.is_dir():
                raise FileNotFoundError(2, "no such folder", str(path))
            h = hashlib.sha256()
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                relative = file.relative_to(path)
                if not any(part in exclude or part.endswith(".pyc") for part in relative.parts):
                    h.update(relative.as_posix().encode() + b"\0" + self.file(file).encode())
            self._memo[path] = h.hexdigest()
        return self._memo[path]

    def parameter_files(self, params, names):
        """label -> digest of the files (and folders) the parameters `names` point to."""
        out = {}
        for name in names:
            if name in FILE_PARAMETERS:
                out[name] = self.file(resolve(params[name], self.root))
            elif name in FOLDER_PARAMETERS:
                folder = resolve(params[name], self.root)
                out[name] = {
                    f: self.file(folder / f)
                    for f in FOLDER_PARAMETERS[name]
                    if f not in OPTIONAL_FILES or (folder / f).exists()
                }
        return out

    def code(self):
        """The package's source and the pinned dependencies: what every execution runs."""
        lock = self.root / "requirements.lock"
        return {"package": self.folder(PACKAGE), "lock": self.file(lock) if lock.is_file() else ""}


def chapter_key(chapter, source, params, digests):
    """The key of one chapter's execution (see the module's docstring)."""
    data_names = [n for n in chapter.reads if n in FILE_PARAMETERS or n in FOLDER_PARAMETERS]
    parts = {
        "format": FORMAT,
        "chapter": chapter.id,
        "source": hashlib.sha256(canonical(source)).hexdigest(),
        "parameters": {name: params[name] for name in chapter.reads},
        "files": digests.parameter_files(params, data_names),
        "code": digests.code(),
    }
    data = digests.root / "data"
    if SCENARIOS in chapter.inputs:
        # a chapter that runs the scenarios reads their files and the default tables they fall back on
        parts["scenarios"] = digests.folder(digests.root / "scenarios")
        parts["default files"] = digests.parameter_files(DEFAULTS, [*FILE_PARAMETERS, *FOLDER_PARAMETERS])
    if data_names or SCENARIOS in chapter.inputs:
        parts["schema"] = digests.file(data / "datapackage.json")
    if REGISTER in chapter.inputs:
        parts["register"] = digests.file(data / "claims.yaml")
    if CHOICES in chapter.inputs:
        parts["choices"] = digests.file(data / "choices.yaml")
    return hashlib.sha256(canonical(parts)).hexdigest()


# The files the pipeline computes with the package (artifacts.py), declared like chapters: what they read.
ARTIFACTS = {
    "claims.csv": Chapter("claims.csv", "the run's ledger", tuple(DEFAULTS)),
    "default-claims.csv": Chapter("default-claims.csv", "the default parameters' ledger", tuple(DEFAULTS)),
    "robustness.csv": Chapter("robustness.csv", "each claim's verdict under each scenario", (), (REGISTER, SCENARIOS)),
    "multiverse": Chapter("multiverse", "every claim under every defensible choice", MULTIVERSE, (REGISTER, CHOICES)),
}
ARTIFACT_SOURCE = {"artifact": 2}  # stands for a notebook's source in their keys: bump when what they hold changes


def artifact_keys(params, digests, variant):
    """{artifact: key} of the computed files a build needs: a variant's ledger shows the default's beside it."""
    wanted = {"claims.csv": params, "robustness.csv": params, "multiverse": params}
    if variant:
        wanted["default-claims.csv"] = DEFAULTS
    return {name: chapter_key(ARTIFACTS[name], ARTIFACT_SOURCE, values, digests) for name, values in wanted.items()}


def file_digests(folder):
    """{relative path: SHA-256} of every file under `folder` (entry.json aside)."""
    folder = Path(folder)
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() != ENTRY
    }


class Damaged(Exception):
    """A cache entry whose files are not those it recorded: `problem` says which."""

    def __init__(self, problem):
        super().__init__(problem)
        self.problem = problem


class Entry:
    """A complete cache entry: the executed notebook and the figure files of one chapter's execution."""

    def __init__(self, folder):
        self.folder = Path(folder)
        try:
            self.info = json.loads((self.folder / ENTRY).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Damaged(f"{ENTRY} is not valid JSON") from None
        if not isinstance(self.info, dict) or not isinstance(self.info.get("files"), dict):
            raise Damaged(f"{ENTRY} records no digests")

    def verify(self):
        """Every file the entry recorded, with its digest, and no other; Damaged naming the first that differs."""
        recorded, found = self.info["files"], file_digests(self.folder)
        for name in sorted(set(recorded) | set(found)):
            if name not in found:
                raise Damaged(f"{name} is missing")
            if name not in recorded:
                raise Damaged(f"{name} was added")
            if found[name] != recorded[name]:
                raise Damaged(f"{name} does not match its recorded digest (altered or truncated)")
        return self

    @property
    def notebook(self):
        return self.folder / "notebook.ipynb"

    @property
    def figures(self):
        """The chapter's figure folder (its PNG and SVG files for slides)."""
        return self.folder / "figures" / self.info["chapter"]


class Cache:
    def __init__(self, root, log=None):
        self.root = Path(root)
        self.folder = cache_folder(root)
        self.log = log or (lambda line: None)

    def get(self, key, what=None):
        """The complete entry for `key` (of the chapter or computed file `what`), its files checked against their
        digests; None when there is none.

        A damaged entry (a file altered, truncated, missing or unreadable) is removed, with one line saying so,
        and None returned: the caller computes it again."""
        folder = self.folder / key
        if not (folder / ENTRY).is_file():
            return None
        try:
            entry = Entry(folder).verify()
            os.utime(folder / ENTRY)
        except (Damaged, OSError) as err:
            problem = err.problem if isinstance(err, Damaged) else f"unreadable ({err.strerror or err})"
            what = what or _what(folder)
            self.log(f"  build/.cache/{key[:12]}… ({what}): {problem}; the entry is dropped and computed again")
            guard.remove(folder, self.root)
            return None
        return entry

    @contextmanager
    def staging(self):
        """A new, empty staging folder inside the cache, to fill and `put`; removed if the block fails."""
        folder = self.folder / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        guard.inside_build(folder, self.root)
        folder.mkdir(parents=True)
        try:
            yield folder
        except BaseException:
            guard.remove(folder, self.root)
            raise

    def put(self, key, staging, info):
        """Make `staging` (notebook.ipynb and figures/ already written) the entry for `key`, with the digests of
        its files; returns it."""
        info = {**info, "files": file_digests(staging)}
        (staging / ENTRY).write_text(json.dumps(info, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        target = self.folder / key
        try:
            guard.rename(staging, target, self.root)
        except OSError:
            if not (target / ENTRY).is_file():  # not a concurrent build that stored the same key first
                raise
            guard.remove(staging, self.root)
        return Entry(target)

    def prune(self, keep=KEEP):
        """Remove all but the `keep` most recently used entries of each chapter (and computed file)."""
        groups = {}
        for folder in self.folder.iterdir():
            marker = folder / ENTRY
            if folder.name.startswith(".") or not marker.is_file():
                continue
            try:
                info, used = json.loads(marker.read_text(encoding="utf-8")), marker.stat().st_mtime
            except (OSError, ValueError):
                continue
            groups.setdefault(info.get("chapter") or info.get("artifact"), []).append((used, folder))
        for entries in groups.values():
            for _, folder in sorted(entries, reverse=True)[keep:]:
                guard.remove(folder, self.root)


def _what(folder):
    """The chapter or computed file an entry holds, for the line that drops it ('an entry' when unknown)."""
    try:
        info = json.loads((Path(folder) / ENTRY).read_text(encoding="utf-8"))
        return str(info.get("chapter") or info.get("artifact") or "an entry")[:80]
    except (OSError, ValueError, AttributeError):
        return "an entry"
