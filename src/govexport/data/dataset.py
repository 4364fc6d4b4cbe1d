"""One call that turns parameters into the analysed dataset: load, validate, code, filter."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import params as parameters
from ..errors import ParameterError
from ..params import Params
from ..paths import display, project_root, resolve
from .codebook import Codebook, load_codebook
from .coding import code_programs, program_states
from .read import read_table, read_table2


@dataclass
class Dataset:
    """A run's data: what every analysis, check and page reads."""

    params: Params  # validated; in a chapter, a TrackedParams that refuses the names it did not declare
    table1: pd.DataFrame  # the raw table, as printed
    coded: pd.DataFrame  # every row of the raw table, coded
    programs: pd.DataFrame  # the programs analysed after the year, state and duplicate choices
    program_states: pd.DataFrame  # one row per program and state it names, for every program analysed
    table2: list[dict[str, Any]]  # Table 2's curricula, as read and checked
    codebook: Codebook
    files: dict[str, Path] = field(default_factory=dict)  # what was read: label -> its path
    # The coded rows the year choice leaves out, with a `reason` ("after the last year, 2020"): a run
    # chooses its years, and says which rows that leaves out.
    excluded: pd.DataFrame | None = None  # always set by load_dataset


def load_dataset(given: parameters.Overrides | None = None, root: Path | None = None) -> Dataset:
    """Validate the parameters, then read, check and code the data. Raises before anything is written."""
    given = dict(given or {})
    root = root or project_root()
    p = parameters.validate(given)  # names, types and ranges first, so paths are strings
    codebook_dir = resolve(p["codebook"], root)
    codebook = load_codebook(codebook_dir, root)
    p = parameters.validate(given, rulesets=codebook.rulesets, known_states=codebook.states)
    table1_path, table2_path = resolve(p["table1"], root), resolve(p["table2"], root)
    table1 = read_table(table1_path, "table1", root)
    table2 = read_table2(table2_path, root)
    coded = code_programs(table1, codebook, p["ruleset"], file=display(table1_path, root))
    excluded = excluded_rows(coded, p["first_year"], p["last_year"])
    programs = select(coded, p)
    if programs.empty:
        chosen = ", ".join(f"{k}={p[k]!r}" for k in ("first_year", "last_year", "states", "domains", "duplicates"))
        raise ParameterError(
            f"the parameters select no program of {display(table1_path, root)} ({chosen}); "
            f"its years run {coded['year'].min()}-{coded['year'].max()}"
        )
    long = program_states(programs)  # a selected multi-state program keeps every delegation it names (README)
    files = {
        "table1": table1_path,
        "table2": table2_path,
        "demonyms": codebook_dir / "demonyms.csv",
        "domain_rules": codebook_dir / "domain_rules.csv",
        **({"rulesets": codebook_dir / "rulesets.csv"} if codebook.names is not None else {}),
    }
    return Dataset(p, table1, coded, programs, long, table2, codebook, files, excluded)


def excluded_rows(coded, first_year, last_year):
    """The coded rows outside first_year-last_year, with a `reason` column, so the book can list them."""
    before, after = coded["year"] < first_year, coded["year"] > last_year
    excluded = coded[before | after].copy()
    excluded["reason"] = [
        f"before the first year, {first_year}" if year < first_year else f"after the last year, {last_year}"
        for year in excluded["year"]
    ]
    return excluded.reset_index(drop=True)


SELECT_READS = ("first_year", "last_year", "duplicates", "domains", "states")  # the parameters `select` reads


def select(coded, p):
    """The programs within the year range and the included domains, involving an included state, without
    duplicates if asked."""
    keep = coded["year"].between(p["first_year"], p["last_year"])
    if p["duplicates"] == "drop":
        keep &= coded["duplicate_of"] == ""
    if p["domains"] != "all":
        keep &= coded["domain"].isin(p["domains"])
    if p["states"] != "all":
        keep &= coded["states"].str.split(";").apply(lambda names: any(s in p["states"] for s in names))
    return coded[keep].reset_index(drop=True)
