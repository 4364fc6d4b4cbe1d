"""Scenarios: named parameter sets for variant books (scenarios/*.yaml), each with a one-line description."""

from pathlib import Path

import yaml

from .errors import GovexportError


def read_scenario(path):
    """A scenario file: a one-line description and a mapping of parameters."""
    path = Path(path)
    if not path.is_file():
        raise GovexportError(f"{path}: no such scenario file")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    expected = {"description", "name", "parameters"}
    if not isinstance(doc, dict) or set(doc) != expected or not isinstance(doc["parameters"], dict):
        got = sorted(doc) if isinstance(doc, dict) else type(doc).__name__
        raise GovexportError(f"{path}: a scenario is a mapping with exactly the keys {sorted(expected)}; got {got}")
    return doc
