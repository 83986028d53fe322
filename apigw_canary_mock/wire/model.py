"""botocore's apigateway service model, for answers made without a client (mock helpers)."""

from __future__ import annotations

import functools
from typing import Any, cast

import botocore.session
from botocore.errorfactory import ClientExceptionsFactory
from botocore.exceptions import ClientError

SERVICE_NAME = "apigateway"


@functools.lru_cache(maxsize=1)
def service_model() -> Any:
    # Loading the JSON model costs tens of ms: once per process.
    return botocore.session.get_session().get_service_model(SERVICE_NAME)


def operation_model(name: str) -> Any:
    return service_model().operation_model(name)


@functools.lru_cache(maxsize=1)
def _exceptions() -> Any:
    return ClientExceptionsFactory().create_client_exceptions(service_model())


def client_error(operation_name: str, parsed: dict[str, Any]) -> ClientError:
    """The exception an apigateway client raises for ``parsed`` (an error answer)."""
    code = parsed.get("Error", {}).get("Code")
    error_class: type[ClientError] = _exceptions().from_code(code)
    return error_class(cast(Any, parsed), operation_name)  # botocore-stubs: a TypedDict
