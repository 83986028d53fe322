"""The public API (issue 14): the types a test receives are importable from the package, every
public member has a docstring (the API reference is generated from them), internal modules say
they are internal, and the naming is one scheme (old names warn)."""

from __future__ import annotations

import ast
import inspect
import itertools
import pkgutil
import pydoc
import textwrap
from typing import Any

import boto3
import pytest

import apigw_canary_mock
from apigw_canary_mock import (
    ApiGatewayMock,
    Call,
    CallList,
    Fault,
    MockOptions,
    RouteDecision,
    StageChange,
    StageHistory,
    TrafficSplit,
    mock_apigateway,
)

CLASSES = [
    ApiGatewayMock,
    Call,
    CallList,
    Fault,
    MockOptions,
    RouteDecision,
    StageChange,
    StageHistory,
    TrafficSplit,
    apigw_canary_mock.MockError,
    apigw_canary_mock.MockStateError,
    apigw_canary_mock.MockUsageError,
    apigw_canary_mock.UnemulatedOperationError,
    apigw_canary_mock.UnmockedCallError,
]
INTERNAL = "Internal: not part of the public API"


def test_the_types_a_test_receives_come_from_the_package() -> None:
    with mock_apigateway(seed=3) as apigw:
        api_id = apigw.create_deployable_api()
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_deployment(restApiId=api_id, stageName="prod")
        fault = apigw.inject_fault("GetStage", "NotFoundException")
        received = [
            apigw.options,
            apigw.calls,
            apigw.calls.last,
            apigw.stage_history(api_id, "prod"),
            apigw.stage_history(api_id, "prod")[0],
            apigw.route(api_id, "prod", seed=1),
            apigw.simulate_traffic(api_id, "prod", requests=10),
            fault,
        ]
    for value in received:
        assert getattr(apigw_canary_mock, type(value).__name__) is type(value)
        assert type(value).__name__ in apigw_canary_mock.__all__


def attribute_docstrings(cls: type) -> set[str]:
    """Names given a docstring in ``cls``'s source: ``name: type`` or ``self.name = ...``
    followed by a string (what mkdocstrings and IDEs show)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    found: set[str] = set()
    for body in [tree.body[0].body] + [  # type: ignore[attr-defined]
        node.body for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
    ]:
        for first, second in itertools.pairwise(body):
            if not (
                isinstance(second, ast.Expr)
                and isinstance(second.value, ast.Constant)
                and isinstance(second.value.value, str)
                and second.value.value.strip()
            ):
                continue
            targets = (
                [first.target]
                if isinstance(first, ast.AnnAssign)
                else first.targets
                if isinstance(first, ast.Assign)
                else []
            )
            for target in targets:
                if isinstance(target, ast.Name):
                    found.add(target.id)
                elif isinstance(target, ast.Attribute):
                    found.add(target.attr)
    return found


def undocumented(cls: type) -> list[str]:
    missing = []
    for name in dir(cls):
        if name.startswith("_"):
            continue
        owner = next(klass for klass in cls.__mro__ if name in vars(klass))
        if owner.__module__ in ("builtins", "collections.abc", "typing"):
            continue  # Sequence.index, Exception.args...: documented where they come from
        member = vars(owner)[name]
        if isinstance(member, property):
            doc = member.fget.__doc__ if member.fget else None
        elif isinstance(member, (staticmethod, classmethod)) or inspect.isfunction(member):
            doc = member.__doc__
        else:  # a field or a slot: an attribute docstring in the source
            doc = "yes" if name in attribute_docstrings(owner) else None
        if not (doc and doc.strip()):
            missing.append(f"{owner.__name__}.{name}")
    return missing


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_every_public_member_has_a_docstring(cls: type) -> None:
    assert cls.__doc__ and cls.__doc__.strip()
    assert undocumented(cls) == []


def test_the_public_functions_have_docstrings() -> None:
    for function in (apigw_canary_mock.mock_apigateway, apigw_canary_mock.active_mock):
        assert function.__doc__ and function.__doc__.strip()


def test_the_check_sees_a_missing_docstring() -> None:
    class Sample:
        """A sample."""

        documented: int = 0
        """Yes."""
        bare: int = 0

        def method(self) -> None:
            pass

    assert undocumented(Sample) == ["Sample.bare", "Sample.method"]


def test_internal_modules_say_so() -> None:
    package_path = apigw_canary_mock.__path__
    subpackages = [m.name for m in pkgutil.iter_modules(package_path) if m.ispkg]
    assert {"core", "engine", "wire", "operations", "inspection"} <= set(subpackages)
    for name in [*subpackages, "mock", "activation", "options", "errors", "text"]:
        module = __import__(f"apigw_canary_mock.{name}", fromlist=["_"])
        assert INTERNAL in (module.__doc__ or ""), f"apigw_canary_mock.{name}"
    assert INTERNAL not in (apigw_canary_mock.__doc__ or "")
    for name in apigw_canary_mock.__all__:
        if not name.startswith("_") and name != "EMULATED_OPERATIONS":
            assert f"``{name}" in (apigw_canary_mock.__doc__ or ""), name


def test_help_on_the_package_shows_the_public_classes() -> None:
    text = pydoc.render_doc(apigw_canary_mock, renderer=pydoc.plaintext)
    for cls in CLASSES:
        assert f"class {cls.__name__}" in text


# -- one naming scheme -------------------------------------------------------------------


@pytest.fixture
def apigw() -> Any:
    with mock_apigateway(seed=5) as mock:
        api_id = mock.create_deployable_api()
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_deployment(restApiId=api_id, stageName="prod")
        client.create_deployment(
            restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 50}
        )
        client.update_stage(
            restApiId=api_id,
            stageName="prod",
            patchOperations=[
                {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"}
            ],
        )
        mock.api_id = api_id
        yield mock


def test_counting_has_one_name_on_the_mock_and_on_a_list(apigw: ApiGatewayMock) -> None:
    assert apigw.call_count("CreateDeployment") == apigw.calls.call_count("CreateDeployment") == 2
    assert apigw.call_count() == apigw.calls.call_count() == len(apigw.calls) == 3
    updates = apigw.calls.filter("UpdateStage")
    assert updates.call_count() == updates.call_count("UpdateStage") == 1
    assert updates.call_count("CreateDeployment") == 0


def test_the_old_name_warns(apigw: ApiGatewayMock) -> None:
    with pytest.warns(DeprecationWarning, match=r"use call_count\(operation\)"):
        assert apigw.calls.call_count_of("CreateDeployment") == 2


def test_promotions_are_the_history_tables_numbers(apigw: ApiGatewayMock) -> None:
    history: StageHistory = apigw.stage_history(apigw.api_id, "prod")  # type: ignore[attr-defined]
    assert history.promotions() == [2]
    assert history[2].operation == "UpdateStage"
    rows = history.render().splitlines()[3:]
    assert [row.split()[0] for row in rows] == ["0", "1", "2"]
    assert rows[history.promotions()[0]].split()[2] == "UpdateStage"
