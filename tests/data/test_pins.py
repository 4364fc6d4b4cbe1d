"""Dependencies are pinned exactly, and pyproject.toml, requirements.lock and environment.yml agree."""

import re
import tomllib

import yaml

from govexport.paths import project_root

ROOT = project_root(__file__)


def pins(lines):
    out = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^=\s]+)", line)
        assert match, f"not pinned exactly: {line!r}"
        out[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return out


def project_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return pins(project["dependencies"] + project.get("optional-dependencies", {}).get("browser", []))


def test_pyproject_pins_exactly():
    assert project_pins()


def test_environment_yml_agrees_with_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pins(pip_section) == project_pins()
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python == "python=3.11"


def test_lock_pins_everything_and_agrees():
    lock = pins((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines())
    for name, version in project_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"
