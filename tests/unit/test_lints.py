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
    """{command without its paths: the paths it is given}, from the Makefile's lint target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^lint:.*\n((?:\t.*\n)+)", text, re.M).group(1)
    commands = {}
    for line in recipe.splitlines():
        words = line.strip().replace("$(BIN)/", VENV).split()
        paths = [w for w in words if (ROOT / w).is_dir()]
        commands[" ".join(w for w in words if w not in paths)] = sorted(paths)
    return commands


def hooks():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return config["repos"]


def test_pre_commit_runs_what_make_lint_runs():
    (repo,) = hooks()
    assert repo["repo"] == "local", "a hook repository cannot be fetched offline"
    ran = {}
    for hook in repo["hooks"]:
        assert hook["language"] == "system" and hook["entry"].startswith(VENV), hook["id"]
        folders = re.fullmatch(r"\^\((.*)\)/|\^(\w+)/", hook["files"])
        paths = (folders.group(1) or folders.group(2)).split("|")
        ran[hook["entry"]] = sorted(paths) if hook.get("pass_filenames", True) else []
    lint = make_lint()
    assert set(ran) == set(lint)
    for command, paths in lint.items():
        assert ran[command] == paths, command  # per-file hooks look at the folders make lint names


def test_pre_commit_accepts_the_configuration():
    tool = Path(sys.executable).parent / "pre-commit"
    done = subprocess.run(
        [str(tool), "validate-config", ".pre-commit-config.yaml"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
