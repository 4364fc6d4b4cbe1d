"""The maintainer's lints are defined once: .pre-commit-config.yaml runs what `make lint` (and so `make test`)
runs, every hook is local (no hook repository to fetch), and pre-commit's own validator accepts the file."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from govexport.paths import project_root

ROOT = project_root(__file__)
VENV = ".venv/bin/"


def make_lint():
    """{command without its paths: the folders and files it is given}, from the Makefile's lint target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", text, re.M).group(1)
    commands = {}
    for line in recipe.splitlines():
        words = line.strip().replace("$(BIN)/", VENV).split()
        paths = [w for w in words if not w.startswith(VENV) and (ROOT / w).exists()]
        commands[" ".join(w for w in words if w not in paths)] = sorted(paths)
    return commands


def taken_in(pattern):
    """The folders and files at the repository's top that a hook's `files` pattern takes in."""
    entries = [p for p in ROOT.iterdir() if not p.name.startswith(".")]
    return sorted(p.name for p in entries if re.search(pattern, f"{p.name}/x.py" if p.is_dir() else p.name))


def hooks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return config["repos"]


def test_pre_commit_runs_what_make_lint_runs():
    (repo,) = hooks()
    assert repo["repo"] == "local", "a hook repository cannot be fetched offline"
    ran = {}
    for hook in repo["hooks"]:
        assert hook["language"] == "system" and hook["entry"].startswith(VENV), hook["id"]
        ran[hook["entry"]] = taken_in(hook["files"]) if hook.get("pass_filenames", True) else []
    lint = make_lint()
    assert set(ran) == set(lint)
    for command, paths in lint.items():
        assert ran[command] == paths, command  # per-file hooks look at the folders and files make lint names


def test_pre_commit_accepts_the_configuration():
    tool = Path(sys.executable).parent / "pre-commit"
    done = subprocess.run(
        [str(tool), "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
