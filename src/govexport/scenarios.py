"""Scenarios: named parameter sets for variant books (scenarios/*.yaml), each with a one-line description.

A scenario file is refused as a whole, with one DataError naming it, when it is not plain YAML
(see safeyaml), not a mapping of exactly `description`, `name` and `parameters`, or when a value is
of the wrong kind: its parameters are checked like any other (names, types and ranges), so a
scenario that sets what the pipeline sets (`output_dir`, `run_name`) is refused too.
"""

import re

from . import params, safeyaml
from .errors import DataError, GovexportError, ParameterError, shorten

KEYS = ("description", "name", "parameters")
MAX_DESCRIPTION = 200  # characters: one line in a listing of scenarios
MAX_BYTES = 100_000  # a scenario is a handful of lines
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # a folder name under build/ on every system
RESERVED_NAMES = ("default",)  # build/default/ holds the paper's defaults only


def name_problem(name):
    """Why `name` cannot name a build (a folder under build/), or None when it can."""
    if not isinstance(name, str) or not NAME.fullmatch(name):
        return (
            "is not a build name: use lower-case letters, digits, '-' and '_' (at most 64, starting with a "
            "letter or digit)"
        )
    if name in RESERVED_NAMES:
        return f"is reserved: build/{name}/ holds the paper's defaults; choose another name"
    return None


def check_name(name, source="--name"):
    """`name` when it can name a build; GovexportError saying why not, prefixed with `source`."""
    problem = name_problem(name)
    if problem:
        raise GovexportError(f"{source} {shorten(name)}: {problem}")
    return name


def read_scenario(path):
    """A scenario file as {"description", "name", "parameters"}, every part checked; DataError naming the file."""
    shown = str(path)
    doc = safeyaml.load(path, shown, MAX_BYTES)
    if not isinstance(doc, dict) or set(doc) != set(KEYS):
        got = sorted(map(str, doc)) if isinstance(doc, dict) else type(doc).__name__
        raise DataError(shown, f"a scenario is a mapping with exactly the keys {list(KEYS)}; got {shorten(got)}")
    description = doc["description"]
    if not isinstance(description, str) or not description.strip() or "\n" in description.strip():
        raise DataError(shown, "must be one line of text", column="description", value=description)
    if len(description) > MAX_DESCRIPTION:
        raise DataError(
            shown,
            f"is {len(description)} characters long; at most {MAX_DESCRIPTION} are accepted",
            column="description",
            value=description,
        )
    problem = name_problem(doc["name"])
    if problem:
        raise DataError(shown, problem, column="name", value=doc["name"])
    if not isinstance(doc["parameters"], dict):
        raise DataError(
            shown, "must be a mapping of parameter names to values", column="parameters", value=doc["parameters"]
        )
    try:
        params.validate(doc["parameters"])
    except ParameterError as err:
        raise DataError(shown, str(err), column="parameters") from None
    return {"description": description.strip(), "name": doc["name"], "parameters": doc["parameters"]}
