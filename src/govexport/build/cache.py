"""When a chapter must be re-executed: a key over everything its output depends on."""

import hashlib
import json
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]

KEY_FILE = "execution-cache.json"


def _digest(hasher, path):
    hasher.update(str(path.name).encode())
    hasher.update(path.read_bytes())


def key(notebook, parameters, data, root):
    """A hash of the notebook, the run's parameters, the data files it reads, the register, the package code
    and the pinned dependencies."""
    h = hashlib.sha256()
    _digest(h, notebook)
    h.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    h.update(json.dumps(data.params, sort_keys=True, default=str).encode())
    for path in [*data.files.values(), root / "data" / "claims.yaml", root / "data" / "datapackage.json"]:
        _digest(h, path)
    for path in sorted(PACKAGE.rglob("*.py")):
        _digest(h, path)
    baseline = root / "build" / "default" / "claims.csv"  # a variant's ledger shows the default's values
    if parameters.get("run_name") != "default" and baseline.is_file():
        _digest(h, baseline)
    lock = root / "requirements.lock"
    if lock.is_file():
        _digest(h, lock)
    return h.hexdigest()


def stale(out, keys, executed_dir):
    """The chapters whose key changed or whose executed notebook is missing."""
    path = out / KEY_FILE
    saved = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {name for name, k in keys.items() if saved.get(name) != k or not (executed_dir / name).is_file()}


def save(out, keys):
    (out / KEY_FILE).write_text(json.dumps(keys, indent=2, sort_keys=True) + "\n", encoding="utf-8")
