"""The run parameters every chapter takes, and the one gate they pass before any work is done.

`validate` checks a parameter dict (from the CLI, a scenario or the build); `from_namespace` checks
a notebook's globals() (under govexport, plain papermill or Jupyter) and hands the chapter the
parameters it reads. Every refusal is a one-line ParameterError naming the parameter and what is valid.
"""

import difflib
import math
from collections.abc import Collection, Iterable, Mapping
from numbers import Integral, Number, Real
from typing import Any, Literal, TypedDict, cast

from .errors import ParameterError, shorten

DOMAINS = ("security", "trade", "legal", "other")  # as in the codebook's schema
YEARS = (1949, 2100)  # the People's Republic's founding to a far horizon: a typo such as 20019 is refused
MAX_DELEGATION = 1000  # officials per delegation: the paper assumes 20 and 5; ten times the largest is generous
MAX_PATH = 1000  # characters of a file path parameter

# The defaults reproduce the paper; every chapter's `parameters` cell carries exactly these.
DEFAULTS = {
    "table1": "data/raw/table1_programs.tsv",
    "table2": "data/raw/table2_curricula.yaml",
    "codebook": "data/codebook",
    "ruleset": "paper",
    "first_year": 2007,
    "last_year": 2020,
    "states": "all",
    "domains": "all",
    "delegation_single": 20,
    "delegation_multi": 5,
    "duplicates": "keep",
}

DESCRIPTIONS = {
    "table1": "Table 1 as TSV (the paper's four columns); an extended table in the same format works",
    "table2": "Table 2 as YAML",
    "codebook": "folder with demonyms.csv and domain_rules.csv",
    "ruleset": "which domain-coding rule set of the codebook to apply",
    "first_year": f"first year of programs included (an integer, {YEARS[0]}-{YEARS[1]})",
    "last_year": f"last year of programs included (an integer, {YEARS[0]}-{YEARS[1]})",
    "states": "'all' or a comma-separated list of states to include",
    "domains": "'all' or a comma-separated list of domains to include (security, trade, legal, other)",
    "delegation_single": f"officials sent by the one state of a single-state program (paper: 20; at most "
    f"{MAX_DELEGATION:,})",
    "delegation_multi": f"officials sent by each state of a multi-state program (paper: 5; at most {MAX_DELEGATION:,})",
    "duplicates": "'keep' the repeated 2007 row as printed, or 'drop' it",
}

DUPLICATE_CHOICES = ("keep", "drop")

# What a caller gives (the command line's -p, a scenario, a notebook's parameters cell): names to values, unchecked.
Overrides = Mapping[str, object]


class Params(TypedDict):
    """A run's parameters once `validate` has checked them: every name present, each value of its type."""

    table1: str
    table2: str
    codebook: str
    ruleset: str
    first_year: int
    last_year: int
    states: Literal["all"] | list[str]
    domains: Literal["all"] | list[str]
    delegation_single: float
    delegation_multi: float
    duplicates: str


# Each parameter as readers meet it in the book (footers, variant banners, the ledger's comparison with the
# default); the names above are what one types on the command line.
LABELS = {
    "table1": "Table 1",
    "table2": "Table 2",
    "codebook": "codebook",
    "ruleset": "domain-coding rule set",
    "first_year": "first year",
    "last_year": "last year",
    "states": "states",
    "domains": "domains",
    "delegation_single": "officials per single-state program",
    "delegation_multi": "officials per state in a multi-state program",
    "duplicates": "repeated rows",
}
DUPLICATE_WORDS = {"keep": "kept", "drop": "dropped"}


def value_text(value: object) -> str:
    """A parameter's value on one line: a list's items joined by commas ('Kazakhstan, Kyrgyzstan')."""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def shown_value(name: str, value: object, ruleset_labels: Mapping[str, str] | None = None) -> str:
    """A parameter's value in words for readers (value_text is the terminal's and CSV files'): lists joined, a rule
    set by its label (`ruleset_labels`, from the codebook, else its name with spaces), repeated rows 'kept' or
    'dropped'; plain text, not yet escaped."""
    if name == "ruleset" and isinstance(value, str):
        return (ruleset_labels or {}).get(value) or value.replace("_", " ")
    if name == "duplicates" and isinstance(value, str) and value in DUPLICATE_WORDS:
        return DUPLICATE_WORDS[value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value_text(value)


# Names the build sets itself (where a build writes, what it is called): never a run's parameter.
PIPELINE_SETS = ("output_dir", "run_name")

# What from_namespace looks at in a notebook's globals(): values a parameters cell or papermill can
# set (numbers.Number also covers numpy scalars), minus the names IPython itself defines there.
LITERAL_TYPES = (str, Number, list, tuple, dict, type(None))
IPYTHON_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython", "open"})


def hashable(value: object) -> object:
    """A parameter's value as a key: a list of names (states, domains) as a tuple, anything else as it is."""
    return tuple(value) if isinstance(value, list) else value


def _require(name, value, ok, expected):
    if not ok:
        raise ParameterError(f"parameter {name}={shorten(value)} is invalid: expected {expected}")


def _is_int(value):
    return isinstance(value, Integral) and not isinstance(value, bool)


def _is_path(value):
    return isinstance(value, str) and value.strip() != "" and "\x00" not in value and len(value) <= MAX_PATH


def check_name(name):
    """Refuse a name that is not a parameter: one the pipeline sets, or an unknown one (with the closest match)."""
    if not isinstance(name, str):
        raise ParameterError(f"parameter names are strings; got {shorten(name)}")
    if name in PIPELINE_SETS:
        raise ParameterError(
            f"parameter {shorten(name)} is set by the pipeline, not by a run: govexport book writes "
            "a build's figures and claims.csv into build/NAME/ (choose NAME with --name or a "
            "scenario's name)"
        )
    if name not in DEFAULTS:
        close = difflib.get_close_matches(name, DEFAULTS, n=1) if len(name) <= 100 else []
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ParameterError(
            f"unknown parameter {shorten(name)}{hint}; valid parameters are "
            f"{', '.join(DEFAULTS)} (see the README's table of parameters)"
        )


def check_names(given):
    """Refuse the first name of `given` that is not a parameter."""
    for name in given:
        check_name(name)


def validate(
    given: Overrides, rulesets: Iterable[str] | None = None, known_states: Iterable[str] | None = None
) -> Params:
    """A complete, checked parameter dict: defaults overlaid with `given`.

    `rulesets` and `known_states` come from the codebook when it is known; they make the
    check of `ruleset` and `states` exact.
    """
    check_names(given)
    p: dict[str, Any] = {**DEFAULTS, **given}
    for name in ("table1", "table2", "codebook"):
        _require(
            name,
            p[name],
            _is_path(p[name]),
            f"a file path: a non-empty string of at most {MAX_PATH:,} "
            "characters, relative to the project root or absolute",
        )
    if rulesets is None:
        _require("ruleset", p["ruleset"], isinstance(p["ruleset"], str), "the name of a rule set of the codebook")
    else:
        _require(
            "ruleset",
            p["ruleset"],
            isinstance(p["ruleset"], str) and p["ruleset"] in rulesets,
            f"one of {list(rulesets)}",
        )
    for name in ("first_year", "last_year"):
        _require(
            name,
            p[name],
            _is_int(p[name]) and YEARS[0] <= p[name] <= YEARS[1],
            f"a year (an integer {YEARS[0]}-{YEARS[1]})",
        )
        p[name] = int(p[name])
    if p["first_year"] > p["last_year"]:
        raise ParameterError(f"empty year range: first_year={p['first_year']} is after last_year={p['last_year']}")
    for name in ("delegation_single", "delegation_multi"):
        value = p[name]
        _require(
            name,
            value,
            isinstance(value, Real)
            and not isinstance(value, bool)
            and math.isfinite(value)
            and 0 < float(value) <= MAX_DELEGATION,
            f"a positive number of officials, at most {MAX_DELEGATION:,} (e.g. 20)",
        )
    _require(
        "duplicates",
        p["duplicates"],
        isinstance(p["duplicates"], str) and p["duplicates"] in DUPLICATE_CHOICES,
        f"one of {list(DUPLICATE_CHOICES)}",
    )
    p["states"] = normalise_list("states", p["states"], known_states)
    p["domains"] = normalise_list("domains", p["domains"], DOMAINS)
    return cast(Params, p)


def normalise_list(name, value, known=None):
    """'all', a comma-separated string or a list -> 'all' or a list of names (checked against `known`)."""
    if isinstance(value, str):
        if value.strip().lower() == "all":
            return "all"
        value = [s.strip() for s in value.split(",") if s.strip()]
    _require(
        name,
        value,
        isinstance(value, (list, tuple)) and len(value) > 0 and all(isinstance(s, str) for s in value),
        f"'all' or a non-empty comma-separated list of {name}",
    )
    repeated = [s for s in value if value.count(s) > 1] if isinstance(value, (list, tuple)) else []
    _require(name, repeated[0] if repeated else value, not repeated, f"a list naming each of its {name} once")
    if known is not None:
        unknown = [s for s in value if s not in known]
        _require(name, unknown[0] if unknown else value, not unknown, f"'all' or {name} among {list(known)}")
    return list(value)


PARAMETERS_MARK = "# Parameters"  # how a parameters cell begins: the chapters' own, and the one papermill injects


def parameter_cell_names(inputs):
    """The names assigned by the parameters cells a Jupyter session ran, from IPython's `In` (the inputs in
    order): for each parameters cell (told apart by its first line), its latest run only, so a typo that was
    fixed and run again no longer counts. Empty when no parameters cell ran."""
    import ast

    latest = {}
    for source in inputs:
        if isinstance(source, str) and source.lstrip().startswith(PARAMETERS_MARK):
            latest[source.lstrip().splitlines()[0]] = source
    names = set()
    for source in latest.values():
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    return names


def _refuse_unknown(name):
    close = difflib.get_close_matches(name, DEFAULTS, n=1) if len(name) <= 100 else []
    shown = shorten(name)
    if close:
        raise ParameterError(
            f"Did you mean {close[0]}? Correct {shown} in the parameters cell and run that cell again "
            f"({shown} is not a parameter)."
        )
    raise ParameterError(
        f"Remove {shown} from the parameters cell and run that cell again: it is not a parameter "
        "(the README's table lists them)."
    )


def from_namespace(
    namespace: Mapping[str, object], reads: Collection[str], chapter: str | None = None
) -> dict[str, object]:
    """The parameters a chapter reads, from its notebook's globals(): the gate at every door.

    Looks at the parameter-like names of `namespace` (not starting with '_', a value of a literal type,
    not one of IPython's own names). In a Jupyter session (IPython's `In` in the namespace) an unknown name
    counts only when the latest run of a parameters cell assigned it (parameter_cell_names): a reader's own
    variables (x = 3) are never refused, and a typo fixed and run again is forgotten without a restart.
    Refuses, before any work, with the advice first in one short line:
    - a name that is not a parameter (a typo gets the closest valid name), or one the pipeline sets;
    - a parameter the chapter does not read (`reads`, from report/book.py) set to a value other than
      its default, since the chapter would silently compute the default.
    Returns {name: value} for the parameters of `reads` present in the namespace (checked later by validate).
    """
    given = {
        name: value
        for name, value in namespace.items()
        if isinstance(name, str)
        and not name.startswith("_")
        and name not in IPYTHON_NAMES
        and isinstance(value, LITERAL_TYPES)
    }
    inputs = namespace.get("In")
    in_cell = parameter_cell_names(inputs) if isinstance(inputs, list) else None
    for name in given:
        if name in DEFAULTS:
            continue
        if name in PIPELINE_SETS:
            check_name(name)
        elif in_cell is None or name in in_cell:
            _refuse_unknown(name)
    for name, value in given.items():
        if name in DEFAULTS and name not in reads and _differs(value, DEFAULTS[name]):
            reading = ", ".join(reads) if reads else "no parameter"
            raise ParameterError(
                f"Set {name} back to {DEFAULTS[name]!r} and run the parameters cell again: "
                f"{chapter or 'this chapter'} does not read it, so {name}={shorten(value)} would change "
                f"nothing here (it reads {reading})."
            )
    return {name: given[name] for name in reads if name in given}


def _differs(value, default):
    try:
        return bool(value != default)
    except (TypeError, ValueError):  # a value whose comparison is not a plain bool
        return True


def changed_from_defaults(values: Mapping[str, object]) -> list[tuple[str, object, object]]:
    """(name, value, default) for each parameter of `values` that differs from its default, in DEFAULTS order."""
    return [
        (name, values[name], default)
        for name, default in DEFAULTS.items()
        if name in values and _differs(values[name], default)
    ]
