"""Provenance: the parameters, the data files' hashes, the git commit, package versions and the time of a run."""

import hashlib
import json
import subprocess
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .paths import display, project_root

# Set by the build only: a chapter's footer then gives the commit and the time of execution. A committed
# notebook (`govexport notebooks`, nbval) carries nothing that changes between two runs of the same content.
STAMP_ENV = "GOVEXPORT_STAMP"

KEY_PACKAGES = (
    "govexport",
    "pandas",
    "numpy",
    "matplotlib",
    "seaborn",
    "papermill",
    "myst-nb",
    "jupyter-book",
    "sphinx",
    "nbval",
)


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def git_commit(root):
    """The commit checked out, '+ uncommitted changes' when the tree differs, or why there is none."""
    try:
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "not a git checkout"
    return commit.stdout.strip() + (" + uncommitted changes" if dirty else "")


def package_versions():
    out = {}
    for name in KEY_PACKAGES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def collect(params, files, root=None):
    """Everything needed to say what produced a result."""
    root = root or project_root()
    return {
        "parameters": params,
        "files": {label: {"path": display(path, root), "sha256": sha256(path)} for label, path in files.items()},
        "git_commit": git_commit(root),
        "packages": package_versions(),
        "executed_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }


def write(record, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    return path
