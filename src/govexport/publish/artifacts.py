"""What the pipeline writes beside the book, computed with the package (no chapter writes a file of the build).

    data/programs.csv, data/program_states.csv   the run's coded tables (govexport.data.processed)
    claims.csv        the run's ledger; a variant's with the default parameters' value and verdict beside
                      each claim, the default's ledger computed here, never read from build/default
    robustness.csv    every claim's verdict under each shipped scenario (govexport.claims.robustness)
    multiverse.parquet, multiverse-summary.csv
                      every testable claim under every defensible choice, and per claim its share, grade and
                      flips (govexport.claims.multiverse; claims.csv takes each claim's grade from it)
    figures/          the chapters' figures for slides (PNG, SVG) and figures.json: name, chapter,
                      caption, alt, files
    provenance.json   parameters, data files' hashes, commit, package versions, edition, scenario, chapters

The two ledgers, the robustness matrix and the multiverse are cached like chapters (same keys: what they
read), so a build that did not change what they read does not compute them again. The multiverse is computed
on the build's engine (claims/engine.py), whatever it is: the engine is not part of its key.
"""

import json
import shutil
from pathlib import Path

import pandas as pd

from .. import provenance
from ..claims import multiverse, robustness
from ..claims.ledger import ledger, with_baseline
from ..claims.ledger import write_csv as ledger_csv
from ..data.dataset import load_dataset
from ..data.processed import frames_of
from ..errors import GovexportError
from ..plaintext import neutralise_frame
from ..report import reveal
from .edition import STUDENT
from .edition import csv_for as edition_csv


def csv_bytes(frame):
    """A table as the build's CSV: no cell a spreadsheet would run as a formula (plaintext.neutralise)."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8")


def tables(data):
    """The run's coded tables, {relative path: bytes}."""
    return {f"data/{name}.csv": csv_bytes(frame) for name, frame in frames_of(data.programs).items()}


def compute(names, data, register, root):
    """The artifacts `names` (see cache.artifact_keys) as DataFrames, {name: frame}; nothing is written."""
    out = {}
    if "claims.csv" in names:
        out["claims.csv"] = ledger(data, register=register)
    if "default-claims.csv" in names:
        out["default-claims.csv"] = ledger(load_dataset({}, root), register=register)
    if "robustness.csv" in names:
        out["robustness.csv"] = robustness.robustness(root, register)
    return out


def write(name, frame, folder):
    """An artifact's files, as its module writes them."""
    if name == "multiverse":
        multiverse.write(frame, folder)
    else:
        (robustness.write_csv if name == "robustness.csv" else ledger_csv)(frame, folder / name)


def compute_multiverse(params, root, register, engine="local", scheduler=None, stop=None):
    """The run's multiverse on the build's engine (`stop`: see multiverse.compute)."""
    from ..claims import engine as engines

    with engines.executor(engine, scheduler) as executor:
        return multiverse.compute(params, root, executor=executor, register=register, stop=stop)


def run_ledger(files, dest, edition="instructor"):
    """claims.csv of the build: the run's ledger with each claim's grade across the multiverse after its verdict,
    and for a variant the default's value and verdict beside each claim (`files` maps each artifact to its file;
    the multiverse to its folder); the student edition's without what reveals a verdict."""
    table = pd.read_csv(files["claims.csv"], dtype=str, keep_default_na=False)
    if "default-claims.csv" in files:
        table = with_baseline(table, pd.read_csv(files["default-claims.csv"], dtype=str, keep_default_na=False))
    grades = pd.read_csv(files["multiverse"] / multiverse.SUMMARY, dtype=str, keep_default_na=False)
    grade = table["claim_id"].map(dict(zip(grades["claim_id"], grades["grade"]))).fillna("")
    table.insert(table.columns.get_loc("verdict") + 1, "grade", grade)
    ledger_csv(table, dest)
    dest.write_bytes(edition_csv(dest.read_bytes(), edition))


def collect_figures(entries, dest, hidden=frozenset()):
    """Copy each chapter's figure files into dest/ and write dest/figures.json; returns the manifest. The figures
    named in `hidden` (those the edition seals) are left out."""
    manifest, seen = [], {}
    dest.mkdir(parents=True, exist_ok=True)
    for chapter_id, (entry, nb) in entries.items():
        for cell in nb.cells:
            figure = cell.metadata.get("mystnb", {}).get("figure", {})
            if "name" not in figure or cell.cell_type != "code":
                continue
            name = figure["name"]
            if name in seen:
                raise GovexportError(
                    f"figure name {name!r} is used by chapters {seen[name]} and {chapter_id}: "
                    "names are the book's cross-reference targets and must be unique"
                )
            seen[name] = chapter_id
            if name in hidden:
                continue
            files = []
            for suffix in (".png", ".svg"):
                shutil.copyfile(entry.figures / f"{name}{suffix}", dest / f"{name}{suffix}")
                files.append(f"{name}{suffix}")
            manifest.append(
                {
                    "name": name,
                    "chapter": chapter_id,
                    "caption": figure.get("caption", ""),
                    "alt": cell.metadata["mystnb"].get("image", {}).get("alt", ""),
                    "files": files,
                }
            )
    (dest / "figures.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def provenance_record(data, root, name, edition, scenario, chapters):
    """provenance.json of a build."""
    record = provenance.collect(dict(data.params), data.files, root)
    record.update(
        build=name,
        edition=edition,
        chapters=chapters,
        scenario={k: scenario[k] for k in ("path", "name", "description") if k in scenario} if scenario else None,
    )
    return record


def downloads(root, data, built, edition="instructor"):
    """The files of the book's data page, {downloads/<name>: bytes}: what this build read, its coded tables
    and its ledger (`built`/claims.csv, already the edition's), under fixed names whatever file it was given. In
    the student edition the register names verdicts as mentions (‘reproduced’), as the book does."""
    read = {
        "table1": "table1.tsv",
        "table2": "table2.yaml",
        "demonyms": "demonyms.csv",
        "domain_rules": "domain_rules.csv",
        "rulesets": "rulesets.csv",
    }
    files = {
        "datapackage.json": root / "data" / "datapackage.json",
        "claims.yaml": root / "data" / "claims.yaml",
        **{name: data.files[label] for label, name in read.items() if label in data.files},
        **{name: built / "data" / name for name in ("programs.csv", "program_states.csv")},
        "claims.csv": built / "claims.csv",
    }
    out = {f"downloads/{name}": Path(path).read_bytes() for name, path in files.items()}
    if edition == STUDENT:
        out["downloads/claims.yaml"] = reveal.mentions(out["downloads/claims.yaml"].decode("utf-8")).encode("utf-8")
    # a codebook without rulesets.csv (it is optional) gets its header only, so the data page's link holds
    out.setdefault("downloads/rulesets.csv", b"ruleset,label,description\n")
    return out
