"""Misuse of the mock's own API: every odd input gets a clear error of the mock's own
(never a raw KeyError / TypeError / AttributeError / ValueError), and a failing misuse
leaves no state behind and nothing active."""

from __future__ import annotations

import asyncio
import unittest
from typing import Any

import boto3
import pytest

from apigw_canary_mock import MockUsageError, active_mock, mock_apigateway
from apigw_canary_mock import mock as mock_module


def apigateway() -> Any:
    return boto3.client("apigateway", region_name="us-east-1")


@pytest.fixture(autouse=True)
def _nothing_left_active() -> Any:
    yield
    assert mock_module._stack == (), "a test left a mock active"


# -- start / stop, with, decorators ---------------------------------------------------------


def test_a_mock_left_started_inside_a_with_block_is_stopped_and_named() -> None:
    leaked = r"1 mock\(s\) started inside .* still active"
    with pytest.raises(MockUsageError, match=leaked), mock_apigateway():
        mock_apigateway().start()  # never stopped
    assert mock_module._stack == ()


def test_a_mock_left_started_does_not_hide_the_blocks_own_error() -> None:
    with pytest.raises(ZeroDivisionError), mock_apigateway():
        mock_apigateway().start()
        _ = 1 / 0
    assert mock_module._stack == ()


def test_a_mock_left_started_by_a_decorated_test_does_not_leak_into_the_next() -> None:
    @mock_apigateway
    def leaky() -> None:
        mock_apigateway().start()

    with pytest.raises(MockUsageError, match="They were stopped too"):
        leaky()
    with pytest.raises(MockUsageError, match="no apigw_canary_mock is active"):
        active_mock()


def test_a_mock_left_started_in_async_with_is_stopped() -> None:
    async def leaky() -> None:
        async with mock_apigateway():
            mock_apigateway().start()

    with pytest.raises(MockUsageError, match="still active when it stopped"):
        asyncio.run(leaky())


def test_a_mock_left_started_in_a_decorated_test_case_is_stopped() -> None:
    @mock_apigateway
    class Leaky(unittest.TestCase):
        def test_it(self) -> None:
            mock_apigateway().start()

    result = unittest.TestResult()
    Leaky("test_it").run(result)
    assert len(result.errors) == 1
    assert "still active when it stopped" in result.errors[0][1]


def test_classmethod_and_staticmethod_tests_of_a_decorated_class_run_inside_a_mock() -> None:
    @mock_apigateway
    class Tests:
        @classmethod
        def test_classmethod(cls) -> bool:
            return active_mock().is_active

        @staticmethod
        def test_staticmethod() -> bool:
            return active_mock().is_active

    assert Tests.test_classmethod() is True
    assert Tests().test_classmethod() is True
    assert Tests().test_staticmethod() is True


def test_decorator_above_staticmethod_or_classmethod_keeps_the_method_kind() -> None:
    class Tests:
        @mock_apigateway
        @staticmethod
        def test_static() -> bool:
            return active_mock().is_active

        @mock_apigateway
        @classmethod
        def test_class(cls) -> type:
            assert active_mock().is_active
            return cls

    assert Tests().test_static() is True
    assert Tests().test_class() is Tests
