"""The run's sitecustomize (apigw_canary_mock/cli/sitecustomize.py), in this process: when the
ImportWatch starts the mock, what it leaves of the imports it watches, and its error messages.

The watch is exercised on packages written for each test (``base``, with ``base.client`` as
the trigger, and ``tool``, built on ``base``, like apigw_canary_mock on botocore)."""

from __future__ import annotations

import builtins
import runpy
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from apigw_canary_mock.cli import sitecustomize
from apigw_canary_mock.cli.sitecustomize import ImportWatch

PACKAGES = {
    # base.session imports the trigger, then defines what its users need.
    "base/__init__.py": "",
    "base/client.py": "READY = True\n",
    "base/session.py": "import base.client\n\nSession = object\n",
    "base/broken.py": "import base.client\n\nraise RuntimeError('broken on purpose')\n",
    "base/other.py": "",
    "base/__main__.py": "print('base main ran')\n",
    # tool imports base.client half-way through its own import (as apigw_canary_mock does).
    "tool/__init__.py": "from tool.engine import Engine\n\nVERSION = 1\n",
    "tool/engine.py": "import base.client\n\nEngine = base.client.READY\n",
}


class Packages:
    def __init__(self, root: Path, prefix: str) -> None:
        self.prefix = prefix
        self.seen: list[dict[str, Any]] = []
        for name, text in PACKAGES.items():
            path = root / name.replace("base", f"{prefix}base").replace("tool", f"{prefix}tool")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(self.named(text)))

    def named(self, text: str) -> str:
        return text.replace("base", f"{self.prefix}base").replace("tool", f"{self.prefix}tool")

    def watch(self, ready: Callable[[], None] | None = None) -> ImportWatch:
        return ImportWatch(
            self.named("base.client"),
            [self.named("base"), self.named("tool")],
            ready or self.record,
        )

    def record(self) -> None:
        """What a ready() sees of the watched modules when it runs."""
        modules = {name: sys.modules.get(self.named(name)) for name in ("tool", "base.session")}
        self.seen.append(
            {
                "tool": getattr(modules["tool"], "VERSION", None),
                "session": getattr(modules["base.session"], "Session", None),
                "client bound": hasattr(sys.modules[self.named("base")], "client"),
            }
        )

    def load(self, name: str) -> Any:
        __import__(self.named(name))
        return sys.modules[self.named(name)]


@pytest.fixture
def packages(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Packages]:
    prefix = "w" + request.node.name.replace("[", "_").replace("]", "").replace("-", "_")[:20]
    made = Packages(tmp_path, prefix.lower() + "_")
    sys.path.insert(0, str(tmp_path))
    finders = list(sys.meta_path)
    try:
        yield made
    finally:
        sys.path.remove(str(tmp_path))
        sys.meta_path[:] = finders
        for name in [m for m in sys.modules if m.startswith(made.prefix)]:
            del sys.modules[name]


def test_ready_waits_for_the_package_that_imports_the_trigger_half_way(
    packages: Packages,
) -> None:
    watch = packages.watch()
    watch.install()
    # Before: the mock started at the end of botocore.client, inside apigw_canary_mock's own
    # import, where apigw_canary_mock.mock was half-initialised (a circular ImportError).
    tool = packages.load("tool")
    assert tool.VERSION == 1
    assert packages.seen == [{"tool": 1, "session": None, "client bound": True}]
    assert watch not in sys.meta_path  # once only, then out of the way


def test_ready_waits_for_the_outermost_import(packages: Packages) -> None:
    packages.watch().install()
    packages.load("base.session")
    assert packages.seen == [{"tool": None, "session": object, "client bound": True}]
    packages.load("tool")
    assert len(packages.seen) == 1


def test_the_trigger_imported_directly_is_bound_to_its_parent_before_ready(
    packages: Packages,
) -> None:
    packages.load("base")  # the parent first, on its own
    packages.watch().install()
    packages.load("base.client")
    assert packages.seen == [{"tool": None, "session": None, "client bound": True}]


def test_no_trigger_no_ready(packages: Packages) -> None:
    watch = packages.watch()
    watch.install()
    packages.load("base.other")
    assert packages.seen == [] and watch in sys.meta_path


def test_a_failed_import_delays_ready_to_the_next_one(packages: Packages) -> None:
    packages.watch().install()
    with pytest.raises(RuntimeError, match="broken on purpose"):
        packages.load("base.broken")
    assert packages.seen == []  # its importer may still catch the error and go on
    packages.load("base.other")
    assert len(packages.seen) == 1


def test_an_error_in_ready_fails_the_import_that_ended(packages: Packages) -> None:
    def refuse() -> None:
        raise ImportError("no mock for you")

    watch = packages.watch(refuse)
    watch.install()
    with pytest.raises(ImportError, match="no mock for you"):
        packages.load("tool")
    assert watch not in sys.meta_path


def test_a_trigger_imported_before_the_watch_fires_at_once(packages: Packages) -> None:
    packages.load("base.client")
    watch = packages.watch()
    watch.install()
    assert len(packages.seen) == 1 and watch not in sys.meta_path


def test_watched_modules_keep_their_own_loader_and_run_with_dash_m(
    packages: Packages, capsys: pytest.CaptureFixture[str]
) -> None:
    watch = packages.watch()
    watch.install()
    other = packages.load("base.other")
    assert type(other.__loader__).__name__ == "SourceFileLoader"
    assert other.__spec__.loader is other.__loader__
    # runpy asks the loader of base.__main__ for get_code (python -m base).
    runpy.run_module(packages.named("base"), run_name="__main__")
    assert capsys.readouterr().out == packages.named("base main ran\n")
    assert watch in sys.meta_path


def test_an_unrelated_import_is_left_to_the_other_finders(packages: Packages) -> None:
    watch = packages.watch()
    assert watch.find_spec("json", None) is None
    assert watch.find_spec(packages.named("base.missing"), None) is None


def test_the_message_when_the_package_is_not_installed() -> None:
    missing = ModuleNotFoundError("No module named 'apigw_canary_mock'", name="apigw_canary_mock")
    message = sitecustomize.cannot_import_message(missing)
    assert message == (
        f"apigw-canary-mock run: error: this Python ({sys.executable}) imports botocore, "
        "but apigw_canary_mock is not installed for it, so nothing would answer its apigateway "
        "calls; it was stopped rather than let them reach AWS. Install apigw_canary_mock for it."
    )


def test_the_message_when_the_package_fails_to_import(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: any ImportError, a circular import included, was reported as "not installed".
    failure = ImportError("cannot import name 'X' from partially initialized module 'm'")
    message = sitecustomize.cannot_import_message(failure)
    assert "not installed" not in message
    assert f"importing apigw_canary_mock to answer its apigateway calls failed ({failure})" in (
        message
    )
    # A fresh import of the package (this one put aside), whose apigw_canary_mock.cli fails.
    monkeypatch.delitem(sys.modules, "apigw_canary_mock")
    monkeypatch.setitem(sys.modules, "apigw_canary_mock.cli", None)
    with pytest.raises(ImportError, match="importing apigw_canary_mock to answer") as caught:
        sitecustomize.start_the_mock()
    assert isinstance(caught.value.__cause__, ImportError)


def test_a_package_being_imported_is_left_to_start_the_mock_itself() -> None:
    # apigw_canary_mock is in sys.modules: at the end of its import, it starts the mock.
    assert sitecustomize.start_the_mock() is None


def test_main_watches_only_inside_a_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    started: list[bool] = []
    monkeypatch.setattr(sitecustomize, "start_the_mock", lambda: started.append(True))
    hidden = tmp_path / "sitecustomize.py"
    hidden.write_text("import builtins\nbuiltins.HIDDEN_SITECUSTOMIZE_RAN = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(sys.modules, "sitecustomize", sys.modules.get("sitecustomize"))
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    finders = list(sys.meta_path)
    monkeypatch.delenv(sitecustomize.ENV_VAR, raising=False)
    sitecustomize.main()
    assert sys.meta_path == finders and started == []
    # The sitecustomize it hides ran, and is the one ``import sitecustomize`` now finds.
    assert sys.modules["sitecustomize"].__file__ == str(hidden)
    assert vars(builtins).pop("HIDDEN_SITECUSTOMIZE_RAN") is True

    monkeypatch.setenv(sitecustomize.ENV_VAR, "{}")
    sitecustomize.main()
    assert vars(builtins).pop("HIDDEN_SITECUSTOMIZE_RAN") is True
    # botocore.client is already imported here: the watch fired at once, and left.
    assert started == [True] and sys.meta_path == finders
    assert sitecustomize.TRIGGER == "botocore.client"
    assert {"botocore", "boto3", "aiobotocore"} <= set(sitecustomize.FOUNDATIONS)


# -- a Python the mock is not in: the run's endpoint ------------------------------------------

OLD_BOTOCORE = {
    "configprovider.py": "",  # no ConfiguredEndpointProvider: it ignores the variable
    "session.py": textwrap.dedent(
        """
        class Session:
            def create_client(self, service_name, region_name=None, use_ssl=True, verify=None,
                              endpoint_url=None, config=None):
                return service_name, region_name, endpoint_url
        """
    ),
}


@pytest.fixture
def old_botocore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A package laid out like a botocore older than AWS_ENDPOINT_URL_<SERVICE> (< 1.31)."""
    name = f"oldbotocore_{tmp_path.name.replace('-', '_')}"
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text("")
    for file, text in OLD_BOTOCORE.items():
        (tmp_path / name / file).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv(sitecustomize.ENDPOINT_VARIABLE, "http://127.0.0.1:4570")
    return name


def test_an_old_botocore_is_sent_to_the_runs_endpoint(old_botocore: str) -> None:
    sitecustomize.send_apigateway_to_endpoint(old_botocore)
    sitecustomize.send_apigateway_to_endpoint(old_botocore)  # once only
    session = sys.modules[f"{old_botocore}.session"].Session()
    endpoint = "http://127.0.0.1:4570"
    assert session.create_client("apigateway") == ("apigateway", None, endpoint)
    assert session.create_client("apigateway", "eu-west-1") == ("apigateway", "eu-west-1", endpoint)
    # A caller's own endpoint, positional or named, and other services are left alone.
    assert session.create_client("apigateway", "x", True, None, "http://mine") == (
        "apigateway",
        "x",
        "http://mine",
    )
    assert session.create_client("apigateway", endpoint_url="http://mine")[2] == "http://mine"
    assert session.create_client("s3") == ("s3", None, None)


def test_a_botocore_reading_the_variable_is_left_alone(old_botocore: str, tmp_path: Path) -> None:
    (tmp_path / old_botocore / "configprovider.py").write_text(
        "class ConfiguredEndpointProvider:\n    pass\n"
    )
    session_class = __import__(f"{old_botocore}.session", fromlist=["Session"]).Session
    original = session_class.create_client
    sitecustomize.send_apigateway_to_endpoint(old_botocore)
    assert session_class.create_client is original


class _NotInstalled:
    """A finder for which apigw_canary_mock is not installed."""

    def find_spec(self, fullname: str, *args: Any) -> None:
        if fullname.split(".")[0] == "apigw_canary_mock":
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)


def test_a_python_without_the_package_goes_to_the_endpoint_inside_a_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[str] = []
    monkeypatch.setattr(sitecustomize, "send_apigateway_to_endpoint", sent.append)
    for name in [name for name in sys.modules if name.split(".")[0] == "apigw_canary_mock"]:
        monkeypatch.delitem(sys.modules, name)  # put back after the test
    monkeypatch.setattr(sys, "meta_path", [_NotInstalled(), *sys.meta_path])
    monkeypatch.setenv(sitecustomize.ENDPOINT_VARIABLE, "http://127.0.0.1:4570")
    assert sitecustomize.start_the_mock() is None
    assert sent == ["botocore"]
    # Without the run's endpoint (an older run), it still stops rather than reach AWS.
    monkeypatch.delenv(sitecustomize.ENDPOINT_VARIABLE)
    with pytest.raises(ImportError, match="apigw_canary_mock is not installed for it"):
        sitecustomize.start_the_mock()
