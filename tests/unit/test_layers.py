"""One direction of flow: foundation -> data -> analysis -> claims -> report -> publish -> cli, and no cycles.

Every import counts, at module level or inside a function, so a cycle cannot hide in a function body.
"""

import ast
from pathlib import Path

import govexport

PACKAGE = Path(govexport.__file__).resolve().parent
LAYERS = ["foundation", "data", "analysis", "claims", "report", "publish", "cli"]


def module_name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module):
    parts = module.split(".")
    if len(parts) == 1:
        return "foundation"
    if parts[1] in LAYERS:
        return parts[1]
    return "foundation"


def imports(path):
    """The govexport modules a file imports, resolved to dotted names (relative imports included)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("govexport")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("govexport"):
                continue
            for alias in node.names:  # `from . import x` names a module x when there is one
                candidate = f"{target}.{alias.name}"
                found.add(candidate if known(candidate) else target)
    return {m for m in found if m != name}


def known(module):
    relative = Path(*module.split(".")[1:])
    return (PACKAGE / relative).with_suffix(".py").is_file() or (PACKAGE / relative / "__init__.py").is_file()


GRAPH = {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_the_package_has_its_layers():
    assert {layer(m) for m in GRAPH} == set(LAYERS)


def upward(graph):
    return sorted(
        f"{m} ({layer(m)}) imports {d} ({layer(d)})"
        for m, deps in graph.items()
        for d in deps
        if LAYERS.index(layer(d)) > LAYERS.index(layer(m))
    )


def test_no_import_flows_upwards():
    assert upward(GRAPH) == []


def test_no_import_cycle():
    state, cycles = {}, []

    def visit(module, path):
        state[module] = "open"
        for dep in sorted(GRAPH.get(module, ())):
            if dep not in GRAPH:
                continue
            if state.get(dep) == "open":
                cycles.append(" -> ".join(path[path.index(dep) :] + [dep]))
            elif dep not in state:
                visit(dep, path + [dep])
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_checks_see_what_they_look_for():
    checks = imports(PACKAGE / "claims" / "checks.py")  # relative imports, resolved to modules
    assert "govexport.analysis.trends" in checks and "govexport.claims.register" in checks
    assert upward({"govexport.analysis.officials": {"govexport.claims.register"}}) != []
    assert upward({"govexport.report.chapter": {"govexport.data.dataset"}}) == []
