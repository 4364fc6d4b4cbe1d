"""The chapter runtime: what a chapter notebook calls first, and the objects its cells display.

    run = chapter.start("03_officials", globals())

checks the notebook's parameters (the same gate under govexport, plain papermill and Jupyter),
loads the data with the parameters the chapter declares in report/book.py, and returns a `Run`.
A chapter that reads a parameter it did not declare fails at once, so the build can safely reuse a
chapter whose declared parameters did not change.
"""

from __future__ import annotations

import base64
import functools
import io
import os
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure as PlotFigure

from .. import params as parameters
from .. import provenance
from ..data.dataset import Dataset, load_dataset
from ..errors import ParameterError
from ..params import Params, hashable
from ..paths import FIGURES_ENV, MULTIVERSE_ENV
from ..provenance import STAMP_ENV
from . import book, theme
from .text import MD, escape

if TYPE_CHECKING:  # the claims layer is imported when a page first asks for a verdict
    from ..claims.ledger import Outcome
    from ..claims.verdict import Claim, Register

# Which parameter names each data file the dataset reads: a chapter's footer lists the files it depends on.
FILE_PARAMETER = {
    "table1": "table1",
    "table2": "table2",
    "demonyms": "codebook",
    "domain_rules": "codebook",
    "rulesets": "codebook",
}
INPUT_NAMES = {
    book.REGISTER: "the claims register (data/claims.yaml)",
    book.SCENARIOS: "the shipped scenarios",
    book.CHOICES: "the multiverse's choices (data/choices.yaml)",
}


class TrackedParams(dict):
    """The run's parameters, readable only where the chapter declared them."""

    def __init__(self, values: Mapping[str, Any], chapter: book.Chapter):
        super().__init__(values)
        self.chapter = chapter

    def __getitem__(self, name):
        if name not in self.chapter.reads:
            raise ParameterError(
                f"chapter {self.chapter.id} reads parameter {name!r} without declaring it in "
                f"src/govexport/report/book.py; add it to the chapter's reads"
            )
        return super().__getitem__(name)

    def get(self, name, default=None):
        return self[name] if name in self else default


@dataclass
class Figure:
    """A figure with its number's target, caption and alt text; drawn when displayed.

    Displayed, it is a PNG whose output metadata carries name, caption and alt; the build moves them
    into the cell's metadata, where myst-nb makes a numbered, captioned figure of it.
    """

    name: str
    caption: MD
    alt: str
    draw: Callable[[], PlotFigure]  # drawn only when displayed
    chapter: str = ""
    reveals: str = ""  # reveal.VERDICT for a figure that encodes verdicts (the student edition seals it)

    def _repr_mimebundle_(self, **_formats):  # IPython passes include= and exclude=: every format is given
        fig = self.draw()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=150, metadata={"Software": None})
        folder = os.environ.get(FIGURES_ENV)
        if folder:
            save_for_slides(fig, buffer.getvalue(), Path(folder) / self.chapter, self.name)
        plt.close(fig)
        data = {
            "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
            "text/plain": f"Figure {self.name}: {self.caption}",
        }
        meta = {"figure": self.name, "caption": str(self.caption), "alt": self.alt}
        return data, {"govexport": {**meta, **({"reveals": self.reveals} if self.reveals else {})}}


def save_for_slides(fig, png, folder, name):
    """The figure for slides: the PNG the page shows (150 dpi) and an SVG (the one extra render)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.png").write_bytes(png)
    fig.savefig(folder / f"{name}.svg", metadata={"Date": None})


class Run:
    """One chapter's run: its data (loaded with its declared parameters) and the ledger rows it tests."""

    def __init__(self, chapter: book.Chapter, data: Dataset):
        self.chapter = chapter
        self.data = data

    @property
    def params(self) -> Params:
        return self.data.params

    @cached_property
    def register(self) -> Register:
        from ..claims.register import load_register

        return load_register()

    @cached_property
    def outcomes(self) -> dict[str, Outcome]:
        """{claim id: Outcome} of this run: the chapter's claims, or every claim for a chapter that tests none.
        A page states a claim's verdict from its Outcome, the object its ledger row is made from."""
        from ..claims.ledger import outcomes

        return outcomes(self.data, chapter=self.chapter.claims or None, register=self.register)

    def outcome(self, claim_id: str) -> Outcome:
        """The Outcome of one of this run's claims (KeyError naming it if the chapter does not test it)."""
        if claim_id not in self.outcomes:
            raise KeyError(f"chapter {self.chapter.id} does not test claim {claim_id!r}")
        return self.outcomes[claim_id]

    @cached_property
    def ledger(self) -> pd.DataFrame:
        """The ledger rows of this run, one per Outcome, indexed by claim id."""
        from ..claims.ledger import LEDGER_COLUMNS, row

        rows = [row(found, self.register) for found in self.outcomes.values()]
        return pd.DataFrame(rows, columns=LEDGER_COLUMNS).set_index("claim_id", drop=False)

    @cached_property
    def multiverse(self):
        """The run's multiverse (claims/multiverse.py): the build's, or computed here on local processes."""
        if book.CHOICES not in self.chapter.inputs:
            raise ParameterError(
                f"chapter {self.chapter.id} shows the multiverse without declaring the input {book.CHOICES!r} in "
                "src/govexport/report/book.py"
            )
        from ..claims import multiverse

        folder = os.environ.get(MULTIVERSE_ENV)
        if folder:
            return multiverse.read(folder)
        given = tuple((k, hashable(self.params[k])) for k in book.MULTIVERSE)
        return _computed_multiverse(given, _stamps(self.data.files.get("table1")))

    def claim(self, claim_id: str) -> Claim:
        """One claim of the register, by id."""
        return next(c for c in self.register if c["id"] == claim_id)

    def figure(self, name: str, caption: str, alt: str, draw: Callable[[], PlotFigure], reveals: str = "") -> Figure:
        """A numbered figure; `reveals` names what it gives away, if anything (report/reveal.py)."""
        return Figure(name, MD(caption), str(alt), draw, self.chapter.id, reveals)

    def provenance(self) -> MD:
        """The chapter's footer: the parameters it read (in words, with the default beside a changed one), the
        data files' hashes, the packages and the command that executes it again; in a built book also the commit
        and the time of execution (never in a committed notebook, which must not change when its content does
        not)."""
        read = {
            label: path for label, path in self.data.files.items() if FILE_PARAMETER.get(label) in self.chapter.reads
        }
        values: Mapping[str, object] = self.params
        record = provenance.collect({k: values[k] for k in self.chapter.reads}, read)
        codebook = self.data.codebook
        labels = {name: codebook.label(name) for name in codebook.rulesets}
        changed = {name for name, _, _ in parameters.changed_from_defaults(record["parameters"])}
        rows = []
        for name, value in record["parameters"].items():
            shown = escape(parameters.shown_value(name, value, labels))
            if name in changed:
                shown += MD(" (default ") + escape(parameters.shown_value(name, parameters.DEFAULTS[name], labels))
                shown += MD(")")
            rows.append(f"| {escape(parameters.LABELS[name])} | {shown} |")
        files = "\n".join(f"| {escape(f['path'])} | `{f['sha256']}` |" for f in record["files"].values())
        inputs = [INPUT_NAMES[i] for i in self.chapter.inputs]
        packages = ", ".join(f"{k} {v}" for k, v in record["packages"].items())
        stamp = (
            f"This chapter was executed {record['executed_at']} from commit `{record['git_commit']}`,"
            if os.environ.get(STAMP_ENV)
            else "This chapter was executed"
        )
        reads = "with the parameters below, the ones it reads" if rows else "without parameters (it reads none)"
        return MD(
            f"{stamp} {reads}. It also reads {' and '.join(inputs) or 'nothing else'}."
            + ("\n\n| parameter | value in this run |\n|---|---|\n" + "\n".join(rows) if rows else "")
            + (f"\n\n| data file read | SHA-256 |\n|---|---|\n{files}" if files else "")
            + f"\n\nPackages: {escape(packages)}."
            + f"\n\nTo execute this chapter alone{' with these parameters' if rows else ''}, from the repository's "
            + "root:\n\n"
            + f"```sh\n{rerun_command(self.chapter, record['parameters'])}\n```"
        )


def _stamps(*paths):
    """What a computed multiverse is kept for: the register's and the choices' files as they are now."""
    from ..paths import project_root

    root = project_root()
    stamps = []
    for path in (root / "data" / "claims.yaml", root / "data" / "choices.yaml", *filter(None, paths)):
        try:
            stat = Path(path).stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((str(path), None, None))
    return tuple(stamps)


@functools.lru_cache(maxsize=2)
def _computed_multiverse(params, stamps):
    """The multiverse of these parameters, computed once per process (the chapters a kernel runs share it)."""
    from ..claims import engine, multiverse

    given = {k: list(v) if isinstance(v, tuple) else v for k, v in params}
    with engine.local() as executor:
        return multiverse.compute(given, executor=executor)


def rerun_command(chapter, given):
    """The papermill command that executes a chapter with its parameters that differ from the defaults."""
    options = [
        f"-p {name} {shlex.quote(','.join(map(str, value)) if isinstance(value, list) else str(value))}"
        for name, value, _ in parameters.changed_from_defaults(given)
    ]
    return " ".join(["papermill", f"notebooks/{chapter.notebook}", "out.ipynb", *options])


def start(chapter_id: str, namespace: Mapping[str, object] | None = None) -> Run:
    """Check the notebook's parameters, load the data and set the plot theme; returns the chapter's Run.

    `namespace` is the notebook's `globals()`: every parameter-like name in it must be a parameter the
    chapter reads (a typo is refused with the closest valid name), before any work is done.
    """
    chapter = book.chapter(chapter_id)
    overrides = parameters.from_namespace(namespace or {}, chapter.reads, chapter.id)
    loaded = load_dataset(overrides)
    # TrackedParams is the run's Params, refusing the names the chapter did not declare
    data = replace(loaded, params=cast(Params, TrackedParams(loaded.params, chapter)))
    theme.apply()
    return Run(chapter, data)


def for_params(chapter_id: str, given: Mapping[str, object]) -> Run:
    """A chapter's Run for a parameter dict, as the build and the tests make one (no notebook)."""
    return start(chapter_id, dict(given))
