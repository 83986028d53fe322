"""The layer contract (docs/architecture.md), checked on the source: imports flow one way.

Every module of the package belongs to a layer; a module may import its own layer and the
layers below it, never one above. ``core`` and ``persistence`` import nothing from botocore;
``core`` only the standard library. No import of the package hides inside a function (the
exceptions, LAZY_BY_DESIGN, import lazily so that a process pays nothing until it uses the
mock: the sitecustomize a run puts in every process, and the pytest plugin and the package's
``__init__``, which every pytest run loads).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "apigw_canary_mock"

# Top to bottom. A module may import from its own layer and any layer listed after it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry points", ("__init__", "__main__", "pytest_plugin", "cli")),
    ("mock", ("mock", "activation", "options")),
    ("inspection", ("inspection",)),
    ("intercept", ("intercept",)),
    ("engine", ("engine",)),
    ("wire", ("wire",)),
    ("operations", ("operations",)),
    ("persistence", ("persistence",)),
    ("core", ("core",)),
]
# Leaves every layer may use; they import nothing of the package.
LEAVES = {"errors", "text", "_botocore", "_version"}
# What a few layers may NOT use even though it is below them.
FORBIDDEN = {
    "persistence": {"operations", "wire", "engine", "_botocore"},
    "core": {"errors", "text", "_botocore"},
    "operations": {"_botocore"},
    "engine": {"_botocore"},
}
# Only these layers may touch botocore at all.
BOTOCORE_FREE = {"core", "operations", "persistence"}
# Function-level imports of the package that are there by design (not to dodge a cycle).
LAZY_BY_DESIGN = {
    # In every process of a run: must cost nothing in one that never imports botocore.
    "cli/sitecustomize.py": "imports the package only once botocore is imported",
    # Loaded by pytest in every test run of a project that installs the package.
    "pytest_plugin.py": "imports the mock when a test uses the fixture, or the guard is on",
    # What the plugin imports; the public names that need botocore come on first use.
    "__init__.py": "imports the mock on first use of a public name (PEP 562)",
}


def layer_of(module: str) -> str:
    """The layer of a module path like ``engine.dispatch`` or ``mock``."""
    top = module.split(".")[0]
    if top in LEAVES:
        return top
    for name, members in LAYERS:
        if top in members:
            return name
    raise AssertionError(f"apigw_canary_mock.{module} belongs to no layer: add it to LAYERS")


def rank(layer: str) -> int:
    return [name for name, _ in LAYERS].index(layer)


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports(path: Path, root: Path = PACKAGE) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function?) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []
    package = module_name(path, root).split(".")

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:  # relative: resolve against this module's package
                    base = package[: len(package) - child.level + (path.name == "__init__.py")]
                    name = ".".join(["apigw_canary_mock", *base, *filter(None, [child.module])])
                else:
                    name = child.module or ""
                found.append((name, child.lineno, in_function))
                # `from apigw_canary_mock import engine`: each name may be a module.
                if name == "apigw_canary_mock":
                    found.extend(
                        (f"apigw_canary_mock.{alias.name}", child.lineno, in_function)
                        for alias in child.names
                    )
            visit(child, nested)

    visit(tree, False)
    return found


def test_every_module_has_a_layer() -> None:
    for path in sources():
        layer_of(module_name(path))


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_flow_down(path: Path) -> None:
    problems = violations(path)
    assert not problems, "\n".join(problems)


def violations(path: Path, root: Path = PACKAGE) -> list[str]:
    """What in ``path`` (a module under ``root``) breaks the contract."""
    here = module_name(path, root)
    layer = layer_of(here)
    problems = []
    for name, line, in_function in imports(path, root):
        where = f"{path.relative_to(root)}:{line}"
        if name.split(".")[0] in ("botocore", "boto3", "aiobotocore", "wrapt") and (
            layer in BOTOCORE_FREE
        ):
            problems.append(f"{where}: the {layer} layer imports {name}")
        if layer == "core" and name.split(".")[0] not in sys.stdlib_module_names | {
            "apigw_canary_mock",
            "__future__",
        }:
            problems.append(f"{where}: core imports {name} (stdlib only)")
        if not name.startswith("apigw_canary_mock.") or name == "apigw_canary_mock.__init__":
            continue
        target = name.removeprefix("apigw_canary_mock.")
        try:
            target_layer = layer_of(target)
        except AssertionError:
            continue  # a name imported from the package, not a module
        if in_function and str(path.relative_to(root)) not in LAZY_BY_DESIGN:
            problems.append(f"{where}: imports {name} inside a function")
        if target_layer in FORBIDDEN.get(layer, ()):
            problems.append(f"{where}: the {layer} layer may not import {name}")
        elif target_layer in LEAVES:
            continue
        elif layer in LEAVES:
            problems.append(f"{where}: the leaf {layer} imports {name}")
        elif rank(target_layer) < rank(layer):
            problems.append(f"{where}: {layer} imports {name}, of the higher layer {target_layer}")
    return problems


def test_the_check_sees_violations(tmp_path: Path) -> None:
    # The contract check itself can fail: upward, lazy and botocore imports are reported.
    probe = tmp_path / "core" / "probe.py"
    probe.parent.mkdir()
    probe.write_text(
        "import botocore\n"
        "from apigw_canary_mock.engine import answer\n"
        "def later():\n"
        "    from apigw_canary_mock.core import store\n",
        encoding="utf-8",
    )
    found = "\n".join(violations(probe, tmp_path))
    assert "the core layer imports botocore" in found
    assert "core imports apigw_canary_mock.engine, of the higher layer engine" in found
    assert "imports apigw_canary_mock.core inside a function" in found
