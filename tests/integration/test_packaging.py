"""Packaging: one version, the project's URLs and classifiers, the README's links (absolute:
PyPI shows the README without the repository's files), the licence, the extras, the console
script. (The sdist's contents and mypy on the installed package are checked by .ci/run.)"""

from __future__ import annotations

import importlib.metadata
import itertools
import re
import sys
from pathlib import Path
from typing import Any

import pytest

import apigw_canary_mock

ROOT = Path(__file__).resolve().parents[2]
REPO = "https://github.com/apigw-canary-mock/apigw_canary_mock"
FILES = f"{REPO}/blob/main/"


def pyproject() -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        tomllib = pytest.importorskip("tomli")
    with open(ROOT / "pyproject.toml", "rb") as file:
        data: dict[str, Any] = tomllib.load(file)
    return data


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[\s<>=!~;\[]", item, maxsplit=1)[0].lower() for item in requirements}


def test_the_version_is_written_once() -> None:
    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    dynamic = pyproject()["tool"]["setuptools"]["dynamic"]
    assert dynamic["version"] == {"attr": "apigw_canary_mock._version.__version__"}
    assert importlib.metadata.version("apigw_canary_mock") == apigw_canary_mock.__version__
    written = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "apigw_canary_mock").rglob("*.py")
        if re.search(r"^__version__\s*=", path.read_text(encoding="utf-8"), re.M)
    ]
    assert written == ["apigw_canary_mock/_version.py"]


def test_readme_links_are_absolute_and_reach_files_of_the_repository() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)  # code is not links
    inline = re.findall(r"\]\(([^)\s]+)\)", text)
    references = re.findall(r"^\[[^\]]+\]:\s*(\S+)", text, re.M)
    used = set(re.findall(r"\]\[([^\]]+)\]", text))
    defined = set(re.findall(r"^\[([^\]]+)\]:", text, re.M))
    assert references, "the README's links are reference links at its end"
    assert used <= defined, f"undefined link references: {used - defined}"
    for link in inline + references:
        assert link.startswith("https://"), f"{link!r}: a relative link is dead on PyPI"
        if link.startswith(FILES):
            path = link.removeprefix(FILES).partition("#")[0]
            assert (ROOT / path).exists(), f"{link!r}: no file {path} in the repository"


def test_project_urls_name_one_repository() -> None:
    urls = pyproject()["project"]["urls"]
    assert set(urls) == {"Homepage", "Documentation", "Changelog", "Issues", "Source"}
    assert all(url.startswith(REPO) for url in urls.values()), urls
    assert urls["Changelog"] == f"{FILES}CHANGELOG.md"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"]: {REPO}/compare/" in changelog


def test_classifiers_name_every_python_tested() -> None:
    project = pyproject()["project"]
    assert project["requires-python"] == ">=3.10"
    tox = (ROOT / "tox.ini").read_text(encoding="utf-8")
    tested = re.search(r"env_list = py\{([\d,]+)\}", tox)
    assert tested is not None
    pythons = [f"3.{minor[1:]}" for minor in tested.group(1).split(",")]
    assert pythons == ["3.10", "3.11", "3.12", "3.13"]
    classifiers = project["classifiers"]
    listed = [c.rpartition(":: ")[2] for c in classifiers if re.match(r".*:: 3\.\d+$", c)]
    assert listed == pythons
    assert any(c.startswith("Development Status :: ") for c in classifiers)
    assert "Typing :: Typed" in classifiers
    assert (ROOT / "apigw_canary_mock" / "py.typed").exists()


def test_the_licence() -> None:
    assert pyproject()["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "apigw_canary_mock contributors" in text.splitlines()[2]


def test_the_test_extra_does_not_hold_botocore_back() -> None:
    # aiobotocore pins botocore to a narrow range (aioboto3 pins aiobotocore): in `test` they
    # would keep every test environment on an old botocore. They have their own extra.
    extras = pyproject()["project"]["optional-dependencies"]
    assert not requirement_names(extras["test"]) & {"aiobotocore", "aioboto3"}
    assert requirement_names(extras["async"]) == {"aiobotocore", "aioboto3"}
    assert extras["test-async"] == ["apigw_canary_mock[test,async]"]


def test_the_console_script() -> None:
    scripts = pyproject()["project"]["scripts"]
    assert scripts == {"apigw-canary-mock": "apigw_canary_mock.cli.main:main"}
    installed = importlib.metadata.entry_points(group="console_scripts", name="apigw-canary-mock")
    assert [entry.value for entry in installed] == ["apigw_canary_mock.cli.main:main"]


def test_the_sdist_takes_the_whole_project() -> None:
    manifest = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    for line in ("graft tests", "graft docs", "graft benchmarks", "graft .ci"):
        assert line in manifest.splitlines()
    assert "CHANGELOG.md" in manifest and "tox.ini" in manifest


def test_the_changelog_keeps_a_changelog() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\](.*)$", text, re.M)
    assert versions[0] == ("Unreleased", "")
    released = versions[1:]
    assert released, "at least one release"
    for version, date in released:
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
        assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", date), f"{version}: no date"
    assert released[0][0] == apigw_canary_mock.__version__  # the newest release is installed
    kinds = set(re.findall(r"^### (.*)$", text, re.M))
    assert kinds <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}, kinds
    links = dict(re.findall(r"^\[([^\]]+)\]: (\S+)$", text, re.M))
    names = [version for version, _ in versions]
    assert links["Unreleased"] == f"{REPO}/compare/v{names[1]}...HEAD"
    for newer, older in itertools.pairwise(names[1:]):
        assert links[newer] == f"{REPO}/compare/v{older}...v{newer}"
    assert links[names[-1]] == f"{REPO}/releases/tag/v{names[-1]}"
