"""The pipeline behind `govexport book`: execute the chapters, compute the build's files, compile the book.

    plan       check the name and the parameters, read the chapter notebooks, hash what each one reads
               (cache.py) and the whole build; nothing is written, nothing heavy is imported. A build
               whose every input is unchanged since the complete build of that name stops here.
    execute    the chapters whose key is not in the cache run on a small pool of kernels (kernels.py,
               execute.py), longest first, while this process validates the data and computes the
               ledgers in a thread (artifacts.py), and the multiverse in another, on the build's engine
               (local processes or dask); a chapter that shows the multiverse starts once it is there.
               Each result enters the cache as soon as it is checked.
    assemble   the executed notebooks, figures, coded tables, claims.csv, robustness.csv, the multiverse's
               files and provenance.json are written into a temporary folder (workspace.py).
    compile    Sphinx compiles the book incrementally in build/.sphinx (compiler.py); the HTML is copied in.
    commit     the temporary folder becomes build/<name> in one rename, its marker file written last.

Several builds (`make scenarios`) run in one process: they share the kernels, and one build compiles
while the next one executes its chapters.

Output: one line per chapter when it starts and when it ends (or "reused"), one when compiling; Sphinx
and the kernels say nothing unless something fails. Every failure is one GovexportError naming what
failed (chapter, cell, file), and build/<name> is then left as it was.
"""

import asyncio
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GovexportError, os_problem
from ..params import Overrides, Params, validate
from ..paths import display, project_root, resolve
from ..report import reveal
from ..report.book import CHAPTERS, Chapter
from . import cache, guard, interrupt, lock, workspace
from .config import banner, decorate

DEFAULT_TIMEOUT = 600.0  # seconds a chapter may run
THREAD_GRACE = 10.0  # seconds a stopped build waits for each of its threads to reach a checkpoint
THREAD_PREFIX = "govexport build: "  # the name of each thread in_thread starts, before what it runs
UNKNOWN_DURATION = 1e9  # a chapter never timed runs first: it may be the longest
TIMINGS = "timings.json"  # in build/.cache: the last duration of each chapter, to start the longest first

# A scenario as scenarios.read_scenario gives it ({name, description, parameters}, and the path it came from).
Scenario = dict[str, Any]
# One book to build: its name, the parameters it overrides, and the scenario they came from (None for -p or none).
Request = tuple[str, Overrides | None, Scenario | None]
Log = Callable[[str], object]


@dataclass
class Plan:
    root: Path
    name: str
    overrides: dict[str, object]
    params: Params  # validated and complete: what chapters are given
    scenario: Scenario | None
    edition: str
    chapters: tuple[Chapter, ...]
    sources: dict[str, dict[str, Any]]  # chapter id -> the notebook's JSON
    keys: dict[str, str]  # chapter id -> cache key
    artifact_keys: dict[str, str]  # computed file -> cache key
    fingerprint: str

    @property
    def out(self) -> Path:
        return guard.build_root(self.root) / self.name


def check_contract(chapter, nb, root):
    """A chapter that reads parameters has a cell tagged `parameters` for them to be injected after."""
    if chapter.reads and not any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb["cells"]):
        raise GovexportError(
            f"{display(cache.notebook_path(chapter, root), root)}: chapter {chapter.id} reads "
            f"{', '.join(chapter.reads)} but has no cell tagged 'parameters'"
        )


def make_plan(
    name: str,
    overrides: Overrides | None,
    root: Path,
    scenario: Scenario | None,
    edition: str,
    chapters: tuple[Chapter, ...],
) -> Plan:
    """Everything decided before any file is written (see the module's docstring). Raises OSError when a file
    a parameter names cannot be hashed; `build` then lets the data layer say what is wrong with it."""
    overrides = dict(overrides or {})
    guard.check_name(name, overrides=bool(overrides) or scenario is not None)
    guard.check_edition(edition)
    params = validate(overrides)
    digests = cache.Digests(root)
    sources, keys = {}, {}
    for chapter in chapters:
        nb = cache.read_notebook_json(cache.notebook_path(chapter, root), root)
        check_contract(chapter, nb, root)
        sources[chapter.id] = nb
        keys[chapter.id] = cache.chapter_key(chapter, cache.source_of(nb), params, digests)
    artifact_keys = cache.artifact_keys(params, digests, variant=name != guard.DEFAULT)
    labels = resolve(params["codebook"], root) / "rulesets.csv"  # the banner's names of rule sets
    scripts = shipped_scripts(root, digests) if ships_scripts(chapters) else {}
    whole = {
        "format": cache.FORMAT,
        "chapters": keys,
        "artifacts": artifact_keys,
        "edition": edition,
        "banner": {"name": name, "params": params, "labels": digests.file(labels) if labels.is_file() else None},
        "book": digests.folder(root / "book"),
        "scripts": scripts,
        "scenario": {k: scenario[k] for k in ("name", "description")} if scenario else None,
    }
    fingerprint = hashlib.sha256(cache.canonical(whole)).hexdigest()
    return Plan(
        root,
        name,
        overrides,
        params,
        scenario,
        edition,
        chapters,
        sources,
        keys,
        artifact_keys,
        fingerprint,
    )


def ships_scripts(chapters):
    """Whether the book ships the explorer's JavaScript: when a chapter shows the multiverse (in either edition:
    the student edition's explorer is sealed, and runs once revealed)."""
    from ..report.book import CHOICES

    return any(CHOICES in c.inputs for c in chapters)


def shipped_scripts(root, digests):
    """{path in the book: digest} of the JavaScript the book ships from node_modules/ (the explorer's vega);
    GovexportError naming the first missing file before anything is written."""
    from ..report.explorer import shipped_files

    out = {}
    for relative, path in shipped_files(root).items():
        try:
            out[relative] = digests.file(path)
        except OSError:
            raise GovexportError(
                f"{display(path, root)}: missing; the book ships it from the npm registry's package, pinned in "
                "package-lock.json: run `npm ci` (make book does)"
            ) from None
    return out


def up_to_date(plan):
    """Whether build/<name> is complete and was built from exactly these inputs."""
    try:
        record = workspace.complete(plan.root, plan.name)
    except GovexportError:
        return False
    return record.get("fingerprint") == plan.fingerprint and (plan.out / "html" / "index.html").is_file()


def build(
    name: str = guard.DEFAULT,
    overrides: Overrides | None = None,
    root: Path | None = None,
    *,
    scenario: Scenario | None = None,
    **options: Any,
) -> Path:
    """Build the book `name` with parameter `overrides` (and the `scenario` record they came from, if any);
    returns the path of its index.html. `options` are build_many's (edition, timeout, chapters, log, engine,
    scheduler)."""
    return build_many([(name, overrides, scenario)], root, **options)[0]


def build_many(
    requests: Iterable[Request],
    root: Path | None = None,
    *,
    edition: str = "instructor",
    timeout: float = DEFAULT_TIMEOUT,
    chapters: Sequence[Chapter] | None = None,
    log: Log = print,
    engine: str = "local",
    scheduler: str | None = None,
) -> list[Path]:
    """Build each (name, overrides, scenario) of `requests` in turn; returns their index.html paths. `chapters`
    defaults to the book's (report/book.py); `engine` and `scheduler` say where the multiverse is computed
    (claims/engine.py).

    All are planned (and so checked) before any is built."""
    root = Path(root) if root else project_root()
    chapters = tuple(chapters or CHAPTERS)
    plans = [
        plan_or_explain(name, overrides, root, scenario, edition, chapters) for name, overrides, scenario in requests
    ]
    names = [p.name for p in plans]
    if len(set(names)) < len(names):
        raise GovexportError(f"two builds would be named {next(n for n in names if names.count(n) > 1)!r}")
    todo = []
    for plan in plans:
        if up_to_date(plan):
            log(f"build/{plan.name} is up to date: nothing it reads changed ({len(chapters)} chapters)")
        else:
            todo.append(plan)
    if todo:
        from ..claims.engine import executor

        executor(engine, scheduler)  # an unknown engine, or a scheduler without dask, is refused before any work
        with interrupt.trapped():
            interrupt.run(Builder(root, log, timeout, many=len(todo) > 1, engine=(engine, scheduler)).run(todo))
    return [p.out / "html" / "index.html" for p in plans]


def plan_or_explain(name, overrides, root, scenario, edition, chapters):
    try:
        return make_plan(name, overrides, root, scenario, edition, chapters)
    except OSError as err:
        from ..data.dataset import load_dataset

        load_dataset(overrides, root)  # names the file, row and field at fault
        raise GovexportError(os_message(err, root)) from None


def os_message(err, root):
    """An OSError as one line naming the path and the cause, whatever raised it (errors.os_problem)."""
    return os_problem(err, lambda path: display(path, root))


class Builder:
    """Runs plans in one event loop: a kernel pool shared by all, and one build compiling while the next
    one executes."""

    def __init__(self, root, log, timeout, many=False, engine=("local", None)):
        self.root, self.log, self.timeout, self.many, self.engine = root, log, timeout, many, engine
        self.store = cache.Cache(root, log)
        self.pool = None
        self.compiling = None  # the task compiling and committing the last build executed
        # Its threads (the multiverse, the ledgers): a stopped build waits, bounded, for each to reach a
        # checkpoint or its end, so that the process never exits while pyarrow's own threads are at work in one
        # (C++ then aborts it: "terminate called without an active exception"); the multiverse then writes nothing.
        self.stopped = False
        self.threads = []

    async def run(self, plans):
        from contextlib import AsyncExitStack

        async with AsyncExitStack() as self.stack:
            try:
                for plan in plans:
                    await self.one(plan)
            except BaseException as err:
                self.stopped = True
                for thread in self.threads:
                    thread.join(THREAD_GRACE)
                if self.compiling and not self.compiling.done():
                    if isinstance(err, GovexportError):
                        await self.compiling  # the build before the one that failed is sound: finish it
                    else:
                        self.compiling.cancel()
                        await asyncio.gather(self.compiling, return_exceptions=True)
                raise
            if self.compiling:
                await self.compiling

    def say(self, plan):
        """The log of one build (its lines named by the build when there are several)."""
        return (lambda line: self.log(f"{plan.name}: {line.strip()}")) if self.many else self.log

    async def one(self, plan):
        from .compiler import Warm

        say = self.say(plan)
        warm = await Warm.start(self.root)  # Sphinx imports itself while the chapters execute
        try:
            await self.prepare(plan, say, warm)
        except BaseException:
            await warm.close()
            raise

    async def prepare(self, plan, say, warm):
        """Execute, compute and assemble the build, then start its compile in `warm` (one compile at a time)."""
        from ..claims.choices import load_choices
        from ..claims.register import load_register
        from ..data.dataset import load_dataset
        from . import artifacts
        from .kernels import KernelPool

        entries = {c.id: self.store.get(plan.keys[c.id], c.id) for c in plan.chapters}
        width = max(len(c.id) for c in plan.chapters)
        stale = [c for c in plan.chapters if entries[c.id] is None]
        ws = workspace.Workspace(self.root, plan.name)
        try:
            if stale and self.pool is None:  # kernels start now and boot while the data are validated
                size = min(os.cpu_count() or 1, len(plan.chapters) if self.many else len(stale))
                self.pool = await self.stack.enter_async_context(KernelPool(size, self.root))
            data = load_dataset(plan.overrides, self.root)  # the run's data and the register, checked before
            register = load_register(root=self.root)  # anything is written or said
            load_choices(register, root=self.root)
            # build/<name> is this command's until it ends: another `book` or `pdf` of the name is refused
            self.stack.enter_context(lock.exclusive(self.root, plan.name, f"govexport book --name {plan.name}"))
            for chapter in plan.chapters:
                if entries[chapter.id]:
                    say(f"  {chapter.id:<{width}}  reused")
            ws.open()
            import_before_threads()
            missing = [n for n, k in plan.artifact_keys.items() if self.store.get(k, n) is None]
            universe = in_thread(
                self.multiverse,
                plan,
                data.params,
                register,
                "multiverse" in missing,
                from_thread(say),
                width,
                threads=self.threads,
            )
            computing = in_thread(
                artifacts.compute,
                [n for n in missing if n != "multiverse"],
                data,
                register,
                self.root,
                threads=self.threads,
            )
            executed = await self.execute(plan, stale, say, width, universe)
            files = {**self.store_artifacts(plan, await computing), "multiverse": await universe}
            record, sources = assemble(plan, ws.folder, data, {**entries, **executed}, files, executed)
        except OSError as err:  # a full disk, a read-only build/, a permission
            ws.close()
            raise GovexportError(f"{os_message(err, self.root)}; build/{plan.name} was left as it was") from None
        except BaseException:
            ws.close()
            raise
        if self.compiling:
            await self.compiling  # one Sphinx at a time in build/.sphinx
        announcement = announce(plan, data.codebook)
        self.compiling = asyncio.ensure_future(self.compile(plan, ws, sources, record, announcement, say, warm))

    def multiverse(self, plan, params, register, missing, say, width):
        """The folder of the run's multiverse in the cache: computed now on the build's engine if `missing`.
        Runs in a thread."""
        import time

        from ..claims import multiverse
        from . import artifacts

        key = plan.artifact_keys["multiverse"]
        entry = None if missing else self.store.get(key, "multiverse")
        if entry is not None:
            say(f"  {'multiverse':<{width}}  reused")
            return entry.folder
        say(f"  {'multiverse':<{width}}  started")
        started = time.perf_counter()
        try:
            computed = artifacts.compute_multiverse(
                params, self.root, register, *self.engine, stop=lambda: self.stopped
            )
        except multiverse.Abandoned:  # the build stopped: nobody waits for it
            return None
        if self.stopped:  # nobody waits for it any more
            return None
        with self.store.staging() as staging:
            artifacts.write("multiverse", computed, staging)
            entry = self.store.put(key, staging, {"artifact": "multiverse"})
        say(
            f"  {'multiverse':<{width}}  done in {time.perf_counter() - started:.1f} s "
            f"({len(computed.table):,} claim × specification rows)"
        )
        return entry.folder

    async def execute(self, plan, stale, say, width, universe=None):
        """Execute the stale chapters, longest first; {chapter id: cache entry}. A chapter that shows the
        multiverse waits for `universe` (an awaitable of its folder) before it takes a kernel."""
        import nbformat

        from ..report.book import CHOICES
        from .execute import check_figure_files, execute, notebook_node

        async def run(chapter):
            folder = await asyncio.shield(universe) if universe is not None and CHOICES in chapter.inputs else None
            with self.store.staging() as staging:
                figures = staging / "figures"
                nb, seconds = await execute(
                    self.pool,
                    chapter,
                    notebook_node(plan.sources[chapter.id]),
                    {k: plan.params[k] for k in chapter.reads},
                    figures=figures,
                    multiverse=folder,
                    timeout=self.timeout,
                    on_start=lambda: say(f"  {chapter.id:<{width}}  started"),
                )
                check_figure_files(nb, chapter, figures / chapter.id)
                (staging / "notebook.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")
                info = {"chapter": chapter.id, "seconds": round(seconds, 2)}
                entry = self.store.put(plan.keys[chapter.id], staging, info)
            say(f"  {chapter.id:<{width}}  done in {seconds:.1f} s")
            return entry

        timings = read_timings(self.store)
        # Longest first; chapters never timed before the others, the one with more code cells first among them.
        order = sorted(stale, key=lambda c: (-timings.get(c.id, UNKNOWN_DURATION), -code_cells(plan.sources[c.id])))
        try:
            async with asyncio.TaskGroup() as group:
                tasks = {c.id: group.create_task(run(c)) for c in order}
        except BaseExceptionGroup as failed:
            raise first(failed) from None
        executed = {i: t.result() for i, t in tasks.items()}
        if executed:
            write_timings(self.store, {**timings, **{i: e.info["seconds"] for i, e in executed.items()}})
        return executed

    def store_artifacts(self, plan, computed):
        """Cache what was computed; {artifact: its file in the cache}."""
        from . import artifacts

        files = {}
        for name, key in plan.artifact_keys.items():
            if name == "multiverse":
                continue
            if name in computed:
                with self.store.staging() as staging:
                    artifacts.write(name, computed[name], staging)
                    self.store.put(key, staging, {"artifact": name})
            files[name] = self.store.get(key, name).folder / name
        return files

    async def compile(self, plan, ws, sources, record, announcement, say, warm=None):
        """Compile the build's book (in `warm`, a compiler.Warm, if given), copy its HTML in with its banner
        (`announcement`), and commit it."""
        from .compiler import Lock, SphinxArea

        try:
            async with Lock(self.root):
                sphinx = SphinxArea(self.root).open()
                sphinx.sync(sources)
                say("  compiling the book")
                seconds = await sphinx.compile(warm)
                sphinx.copy_html(ws.folder / "html")
            decorate(ws.folder / "html", announcement, plan.edition)
            say(f"  compiled in {seconds:.1f} s")
            self.store.prune()
            ws.commit(
                {
                    "fingerprint": plan.fingerprint,
                    "parameters": plan.params,
                    "edition": plan.edition,
                    "scenario": record["scenario"],
                    "chapters": plan.keys,
                }
            )
        except OSError as err:
            raise GovexportError(f"{os_message(err, self.root)}; build/{plan.name} was left as it was") from None
        finally:
            if warm is not None:
                await warm.close()
            ws.close()


def announce(plan, codebook):
    """The build's banner (config.banner), each rule set named as the run's codebook names it. Written once the
    data are loaded: the plan reads no table, so that a build with nothing to do imports no pandas."""
    labels = {name: codebook.label(name) for name in codebook.rulesets}
    return banner(plan.name, plan.params, plan.scenario, labels, edition=plan.edition)


def assemble(plan, folder, data, entries, files, executed):
    """Write the build's files into `folder` (all but the HTML), for the build's edition (edition.py); returns its
    provenance record and the book's Sphinx sources ({relative path: bytes}, also written to folder/book/, from
    which the PDF is made)."""
    from ..claims import multiverse
    from . import artifacts, edition
    from .execute import notebook_node

    executed_nbs = {
        c.id: notebook_node(json.loads(entries[c.id].notebook.read_text(encoding="utf-8"))) for c in plan.chapters
    }
    notebooks = {i: edition.apply(nb, plan.edition) for i, nb in executed_nbs.items()}
    manifest = artifacts.collect_figures(
        {i: (entries[i], nb) for i, nb in notebooks.items()},
        folder / "figures",
        hidden=set().union(*(edition.hidden_figures(nb, plan.edition) for nb in executed_nbs.values())),
    )
    for relative, content in artifacts.tables(data).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(content)
    artifacts.run_ledger(files, folder / "claims.csv", plan.edition)
    downloads = {"robustness.csv": files["robustness.csv"]}
    downloads.update({name: files["multiverse"] / name for name in (multiverse.TABLE, multiverse.SUMMARY)})
    for name, source in downloads.items():
        if name not in reveal.HIDDEN_DOWNLOADS or plan.edition != edition.STUDENT:
            shutil.copyfile(source, folder / name)
    chapters = {c.id: {"key": plan.keys[c.id], "executed": c.id in executed} for c in plan.chapters}
    record = artifacts.provenance_record(data, plan.root, plan.name, plan.edition, plan.scenario, chapters)
    (folder / "provenance.json").write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    sources = book_sources(plan, notebooks)
    sources.update(artifacts.downloads(plan.root, data, folder, plan.edition))
    # each figure's SVG beside the pages (the site's figures/): a reader's tap or click enlarges it (sphinx_ext.py)
    for figure in manifest:
        sources[f"_extra/figures/{figure['name']}.svg"] = (folder / "figures" / f"{figure['name']}.svg").read_bytes()
    for relative, content in sources.items():
        (folder / "book" / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / "book" / relative).write_bytes(content)
    return record, sources


def book_sources(plan, notebooks):
    """The Sphinx sources of this build, {relative path: bytes}: book/ as it is (the same conf.py for every build:
    config.py), and the executed chapters as the edition shows them."""
    import nbformat

    book = plan.root / "book"
    files = {
        p.relative_to(book).as_posix(): p.read_bytes()
        for p in sorted(book.rglob("*"))
        if p.is_file() and not {"_build", ".ipynb_checkpoints", "__pycache__"} & set(p.relative_to(book).parts)
    }
    from ..report.explorer import shipped_files

    if ships_scripts(plan.chapters):
        files.update({relative: path.read_bytes() for relative, path in shipped_files(plan.root).items()})
    for chapter in plan.chapters:
        files[f"notebooks/{chapter.notebook}"] = nbformat.writes(notebooks[chapter.id]).encode()
    return files


def first(group):
    """The first error of an exception group (nested groups opened)."""
    error = group.exceptions[0]
    return first(error) if isinstance(error, BaseExceptionGroup) else error


def from_thread(say):
    """`say` for a thread: the line is said by the event loop's thread, and not at all once the loop has closed
    (a stopped build exits at once; a daemon thread writing while the interpreter ends would abort it)."""
    loop = asyncio.get_running_loop()

    def said(line):
        try:
            loop.call_soon_threadsafe(say, line)
        except RuntimeError:  # the loop is closed: the build stopped meanwhile
            pass

    return said


def in_thread(function, *args, threads=None):
    """Run `function(*args)` in a daemon thread (an interrupted build waits for it at most THREAD_GRACE seconds);
    an awaitable. The thread is appended to `threads` if given."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    future.add_done_callback(lambda f: f.cancelled() or f.exception())  # a failed build may never await it

    def settle(method, value):
        if not future.done():
            method(value)

    def work():
        try:
            result = function(*args)
        except BaseException as err:  # handed to the awaiting coroutine, which raises it
            outcome = (future.set_exception, err)
        else:
            outcome = (future.set_result, result)
        try:
            loop.call_soon_threadsafe(settle, *outcome)
        except RuntimeError:  # the loop is closed: the build stopped meanwhile
            pass

    thread = threading.Thread(target=work, name=f"{THREAD_PREFIX}{function.__name__}", daemon=True)
    thread.start()
    if threads is not None:
        threads.append(thread)
    return future


def import_before_threads():
    """Import, before a build's threads start, what the build imports in its main thread while they run.

    papermill (execute.py) imports requests, and requests adds a warning filter as it is imported (urllib3's
    DependencyWarning about SOCKS support, ignored). The threads run pandas, which works inside
    warnings.catch_warnings: on leaving, that restores the filters it saw on entering, so a filter added meanwhile
    by another thread is lost, and the warning reached the build's one-line error output (now and then, under
    load)."""
    import importlib

    importlib.import_module(f"{__package__}.execute")


def code_cells(nb):
    """How many code cells a notebook (its JSON) has: how long a chapter never timed may take, roughly."""
    return sum(cell.get("cell_type") == "code" for cell in nb.get("cells", []))


def read_timings(store):
    try:
        return json.loads((store.folder / TIMINGS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_timings(store, timings):
    part = store.folder / f"{TIMINGS}.{os.getpid()}"
    part.write_text(json.dumps(timings, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(part, store.folder / TIMINGS)


def refresh_notebooks(root=None, chapters=None, log=print, timeout=DEFAULT_TIMEOUT):
    """`govexport notebooks`: execute the committed chapters in place as they are (no parameter injected:
    what nbval re-runs), with the build's executor; a file is rewritten only when its content changed,
    and all are written only after all succeeded. Returns the paths rewritten."""
    root = Path(root) if root else project_root()
    chapters = tuple(chapters or CHAPTERS)
    sources = {c.id: cache.read_notebook_json(cache.notebook_path(c, root), root) for c in chapters}
    with interrupt.trapped():
        executed = interrupt.run(_refresh(root, chapters, sources, log, timeout))
    import nbformat

    written = []
    for chapter in chapters:
        path = cache.notebook_path(chapter, root)
        text = nbformat.writes(executed[chapter.id]) + "\n"
        if path.read_text(encoding="utf-8") != text:
            part = path.with_name(f".{path.name}.{os.getpid()}.part")
            part.write_text(text, encoding="utf-8")
            os.replace(part, path)
            written.append(path)
    return written


async def _refresh(root, chapters, sources, log, timeout):
    import tempfile

    from ..claims import engine, multiverse
    from ..data.dataset import load_dataset
    from ..report.book import CHOICES
    from .execute import execute, notebook_node
    from .kernels import KernelPool

    width = max(len(c.id) for c in chapters)
    folder = None
    async with KernelPool(min(len(chapters), os.cpu_count() or 1), root) as pool:
        load_dataset({}, root)
        shown = [c for c in chapters if CHOICES in c.inputs]
        if shown:  # the chapters that show the multiverse read one copy, as in a build

            def compute():
                with engine.local() as executor:
                    return multiverse.compute({}, root, executor=executor)

            folder = Path(tempfile.mkdtemp(prefix="govexport-multiverse-"))
            universe = in_thread(lambda: multiverse.write(compute(), folder))

        async def run(chapter):
            if CHOICES in chapter.inputs:
                await asyncio.shield(universe)
            nb, seconds = await execute(
                pool,
                chapter,
                notebook_node(sources[chapter.id]),
                {},
                timeout=timeout,
                on_start=lambda: log(f"  {chapter.id:<{width}}  started"),
                multiverse=folder if CHOICES in chapter.inputs else None,
            )
            log(f"  {chapter.id:<{width}}  done in {seconds:.1f} s")
            return nb

        try:
            async with asyncio.TaskGroup() as group:
                tasks = {c.id: group.create_task(run(c)) for c in chapters}
        except BaseExceptionGroup as failed:
            raise first(failed) from None
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
    return {i: t.result() for i, t in tasks.items()}
