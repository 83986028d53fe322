"""Every code example of README.md and docs/ runs, top to bottom, as a reader would run it.

One test per page (so pytest-xdist and pytest-randomly can not split or reorder a page): its
examples run in order in one namespace, in a fresh working directory, with sybil's parsers:

* ``python`` blocks are executed; a block starting with ``>>>`` is a doctest (its output must
  match); ``<!-- invisible-code-block: python ... -->`` is set-up the page needs but does not
  show (an HTML comment: hidden on GitHub, PyPI and the site);
* a block with a title, ```` ```python title="deploy.py" ````, is a file the reader writes: it is
  written to the working directory (and not executed);
* ``console`` blocks: each ``$ command`` runs in bash in the working directory (the venv's
  ``python`` and ``apigw-canary-mock`` first on PATH) and must exit 0; the lines after it are
  its output (stdout and stderr as they came), compared with doctest's ELLIPSIS (``...``
  matches anything) once ISO times are normalised (they are the clock's);
* ``bash`` blocks are scripts: run in bash (``set -e``), they must exit 0;
* ``<!-- skip: next "reason" -->`` (or ``skip: next if(CONDITION, reason="...")``) skips the
  next example, with the reason on the page. The skips are listed in SKIPPED_ON_PURPOSE:
  a new one fails until it is listed there, with what runs it instead.

Other blocks (``ini``, ``js``, blocks without a language: tables, grammars, output) are text.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from unittest import SkipTest

import pytest
from sybil import Document, Example, Region
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["README.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))]
# Pages that start processes (run, serve, show, the AWS CLI): the slow tier.
SLOW = {
    "README.md",
    "docs/faq.md",
    "docs/index.md",
    "docs/pipeline.md",
    "docs/rollout-testing.md",
    "docs/usage.md",
}
# Examples a test run skips, by page and reason; each is run (or checked) elsewhere.
SKIPPED_ON_PURPOSE = {
    ("README.md", "CI runs these two commands (.ci/run), in fresh virtual environments"),
    (
        "docs/pipeline.md",
        "needs the AWS CLI v2 and the AWS SDK for JavaScript v3: tests/cli/test_real_clients.py "
        "runs this walkthrough",
    ),
    ("docs/reliability.md", "the long fuzzing profile takes minutes: a manual run"),
    (
        "docs/index.md",
        "installing the package: CI installs it in fresh virtual environments (.ci/run)",
    ),
}
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
CHECKER = doctest.OutputChecker()
FLAGS = doctest.ELLIPSIS


class ExampleFailed(AssertionError):
    """An example of a page failed; the cause is chained."""


def fenced(info: str) -> RawFencedCodeBlockLexer:
    """Fenced blocks whose info string matches ``info`` (a regex with named groups)."""
    return RawFencedCodeBlockLexer(
        info_pattern=re.compile(rf"{info}$\n", re.MULTILINE),
        mapping={**{name: name for name in re.compile(info).groupindex}, "source": "source"},
    )


class FileParser:
    """```` ```LANG title="NAME" ````: a file the reader writes, written to the working dir."""

    lexer = fenced(r'(?P<language>\w+) title="(?P<title>[^"]+)"')

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in self.lexer(document):
            region.parsed = (region.lexemes["title"], str(region.lexemes["source"]))
            region.evaluator = self.evaluate
            yield region

    @staticmethod
    def evaluate(example: Example) -> None:
        name, text = example.parsed
        Path(name).write_text(text, encoding="utf-8")


class ShellParser:
    """``console`` blocks (commands and their output) and ``bash`` blocks (scripts)."""

    lexer = fenced(r"(?P<language>console|bash)")

    def __call__(self, document: Document) -> Iterable[Region]:
        for region in self.lexer(document):
            region.parsed = str(region.lexemes["source"])
            if region.lexemes["language"] == "console":
                region.evaluator = evaluate_console
            else:
                region.evaluator = evaluate_bash
            yield region


def shell_env() -> dict[str, str]:
    """The environment of a reader's shell: this venv first on PATH, a region and (dummy)
    credentials configured, no AWS config files of this machine, no run of ours around."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "APIGW_CANARY"))}
    env.update(
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.pop("PYTHONPATH", None)
    return env


def commands(block: str) -> Iterator[tuple[str, str]]:
    """(command, expected output) for each ``$ `` line of a console block; a command whose
    quotes are still open, or that ends with a backslash, goes on on the next line."""
    lines = block.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.startswith("$ "):
            raise ValueError(f"console block: output before any command: {line!r}")
        command = line[2:]
        while index < len(lines) and (command.endswith("\\") or not complete(command)):
            command += "\n" + lines[index]
            index += 1
        output: list[str] = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        yield command, "\n".join(output)


def complete(command: str) -> bool:
    try:
        shlex.split(command)
    except ValueError:  # no closing quotation
        return False
    return True


def run_shell(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        env=shell_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=180,
        check=False,
    )


def normalised(text: str) -> str:
    return TIME.sub("YYYY-MM-DDTHH:MM:SSZ", text).rstrip() + "\n"


def evaluate_console(example: Example) -> str | None:
    for command, expected in commands(example.parsed):
        done = run_shell(command)
        if done.returncode != 0:
            return f"$ {command}\nexited {done.returncode}:\n{done.stdout}"
        want, got = normalised(expected), normalised(done.stdout)
        if expected.strip() and not CHECKER.check_output(want, got, FLAGS):
            return f"$ {command}\nexpected:\n{want}got:\n{got}"
    return None


def evaluate_bash(example: Example) -> str | None:
    done = run_shell(example.parsed)
    if done.returncode != 0:
        return f"bash block exited {done.returncode}:\n{example.parsed}\noutput:\n{done.stdout}"
    return None


PARSERS = [
    # NORMALIZE_WHITESPACE: AWS's texts end with a space a page can not show (and Python 3.10's
    # doctest, unlike 3.11's, compares it); the spec tests pin those texts byte for byte.
    PythonCodeBlockParser(doctest_optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE),
    FileParser(),
    ShellParser(),
    SkipParser(),
]


def stop_mocks(namespace: dict[str, Any]) -> None:
    """A page that failed half-way may leave a mock started: stop it (it would answer the
    next tests of this worker)."""
    from apigw_canary_mock import ApiGatewayMock

    for value in namespace.values():
        if isinstance(value, ApiGatewayMock) and value.is_active:
            value.stop()


def forget_modules(directory: Path) -> None:
    """The page's own modules (``import my_rollout``) are dropped: another page may write a
    module of the same name."""
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", None) or "").startswith(str(directory)):
            del sys.modules[name]


@pytest.mark.parametrize(
    "page",
    [pytest.param(page, marks=[pytest.mark.slow] if page in SLOW else []) for page in PAGES],
)
def test_every_example_of_the_page_runs(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    document = Document.parse(str(ROOT / page), *PARSERS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))  # the page's own modules (rollout.py...)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    document.namespace["__name__"] = "__docs__"
    skipped: list[str] = []
    ran = 0
    try:
        for example in document:
            try:
                example.evaluate()
            except SkipTest as skip:
                skipped.append(str(skip))
                continue
            except Exception as error:
                raise ExampleFailed(f"{page}, line {example.line}: the example fails") from error
            ran += 1
    finally:
        stop_mocks(document.namespace)
        forget_modules(tmp_path)
    unlisted = {(page, reason) for reason in skipped} - SKIPPED_ON_PURPOSE
    assert not unlisted, (
        f"examples skipped without a reason listed in SKIPPED_ON_PURPOSE: {unlisted}"
    )
    assert ran or page.endswith(("api.md", "changelog.md", "behaviour.md", "architecture.md")), (
        f"{page}: no example ran"
    )


def test_every_python_and_console_block_is_run_or_a_file() -> None:
    """A block in a language the runner does not run is text; a Python or shell block in any
    other form (```py, ```sh, ```shell) would escape the runner: refused."""
    for page in PAGES:
        text = (ROOT / page).read_text(encoding="utf-8")
        infos = re.findall(r"^ *```+ *(\S[^\n]*)$", text, re.M)
        for info in infos:
            language = info.split()[0]
            assert language not in {"py", "python3", "sh", "shell", "zsh", "pycon"}, (
                f"{page}: a ```{info} block is not run by tests/test_docs_examples.py; use "
                "python, console or bash"
            )
