"""The rollout example (docs/rollout-testing.md, tests/library/test_rollout_example.py) type-checks
under ``mypy --strict`` with boto3-stubs, and the page's code is the test module's, verbatim."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "library" / "test_rollout_example.py"
PAGE = ROOT / "docs" / "rollout-testing.md"


def page_files() -> dict[str, str]:
    """The files the page writes (```python title="NAME" blocks), by name."""
    text = PAGE.read_text(encoding="utf-8")
    return dict(re.findall(r'^```python title="([^"]+)"\n(.*?)^```$', text, re.M | re.S))


def test_the_page_has_the_rollout_and_its_tests() -> None:
    assert set(page_files()) == {"rollout.py", "test_rollout.py"}


@pytest.mark.parametrize("name", ["rollout.py", "test_rollout.py"])
def test_every_definition_of_the_page_is_in_the_test_module(name: str) -> None:
    source = page_files()[name]
    module = EXAMPLE.read_text(encoding="utf-8")
    tree = ast.parse(source)
    definitions = [
        node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Assign, ast.AsyncFunctionDef))
    ]
    assert definitions
    for node in definitions:
        segment = ast.get_source_segment(source, node, padded=True)
        assert segment is not None
        assert segment in module, f"{name}: not in {EXAMPLE.name} as written:\n{segment}"


@pytest.mark.slow
def test_the_rollout_example_type_checks_under_mypy_strict(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path / "cache"),
            str(EXAMPLE),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
