"""aws-deployment-surface.md §1: AWS's request-validation layer (ValidationException,
SerializationException), every recorded instance of §1.5 and the generic rules.

Instances on operations this branch does not emulate yet are skipped, naming the operation:
they run as soon as it is emulated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

from apigw_canary_mock import EMULATED_OPERATIONS

from .conftest import make_deployable_api
from .helpers import (
    BOOLEAN_NOT_STRING,
    CREATE_DOCUMENTATION_PART_WRONG_TYPE,
    CREATE_REST_API_BOTH_WRONG,
    CREATE_REST_API_WRONG_IP_ADDRESS_TYPE,
    CREATE_REST_API_WRONG_TYPES,
    DOCUMENTATION_PART_TYPE_ENUM,
    ENDPOINT_TYPE_ENUM,
    GATEWAY_RESPONSE_FAKE_TYPE,
    GATEWAY_RESPONSE_TYPE_ENUM,
    INTEGRATION_RESPONSE_WRONG_STATUS_CODE,
    INTEGRATION_TYPE_ENUM,
    IP_ADDRESS_TYPE_ENUM,
    NUMBER_NOT_STRING,
    OP_ENUM,
    PUT_INTEGRATION_WRONG_TYPE,
    REGION,
    UPDATE_GATEWAY_RESPONSE_WRONG_OP,
    UPDATE_METHOD_RESPONSE_WRONG_OP,
    UPDATE_METHOD_RESPONSE_WRONG_STATUS_CODE,
    UPDATE_METHOD_RESPONSE_WRONG_STATUS_CODE_AND_OP,
    UPDATE_REST_API_TWO_WRONG_OPS,
    failed_constraint,
    raises_layer_error,
    root_resource_id,
    validation_errors,
    wrong_op,
)


@pytest.fixture
def unvalidated(apigateway_mock: Any) -> Any:
    """A client built with parameter_validation=False: it sends what botocore would refuse."""
    return boto3.client("apigateway", region_name=REGION, config=Config(parameter_validation=False))


def _patch(op: str, path: str = "/description", value: str = "x") -> dict[str, str]:
    return {"op": op, "path": path, "value": value}


# -- §1.5 CreateRestApi ------------------------------------------------------------------------


@pytest.mark.parametrize("types", [["EDGE"], ["PRIVATE"]])
def test_create_rest_api_wrong_ip_address_type(client: Any, types: list[str]) -> None:
    with raises_layer_error(client, CREATE_REST_API_WRONG_IP_ADDRESS_TYPE):
        client.create_rest_api(
            name="x", endpointConfiguration={"ipAddressType": "wrong", "types": types}
        )
    assert client.get_rest_apis()["items"] == []


def test_create_rest_api_wrong_types(client: Any) -> None:
    with raises_layer_error(client, CREATE_REST_API_WRONG_TYPES):
        client.create_rest_api(
            name="x", endpointConfiguration={"ipAddressType": "ipv4", "types": ["wrong"]}
        )


def test_create_rest_api_wrong_types_and_empty_description(client: Any) -> None:
    """The layer runs before the semantic "Description cannot be an empty string"."""
    with raises_layer_error(client, CREATE_REST_API_WRONG_TYPES):
        client.create_rest_api(name="x", description="", endpointConfiguration={"types": ["wrong"]})


@pytest.mark.parametrize(
    "configuration",
    [
        {"ipAddressType": "wrong", "types": ["wrong"]},
        {"types": ["wrong"], "ipAddressType": "wrong"},
    ],
    ids=["ipAddressType-first", "types-first"],
)
def test_create_rest_api_both_wrong_in_model_order(
    client: Any, configuration: dict[str, Any]
) -> None:
    with raises_layer_error(client, CREATE_REST_API_BOTH_WRONG):
        client.create_rest_api(name="x", endpointConfiguration=configuration)


def test_create_rest_api_both_wrong_with_semantic_faults_too(client: Any) -> None:
    with raises_layer_error(client, CREATE_REST_API_BOTH_WRONG):
        client.create_rest_api(
            name="x",
            description="",
            minimumCompressionSize=-1,
            endpointConfiguration={"ipAddressType": "wrong", "types": ["wrong"]},
        )


# -- §1.5 Update* patch ops --------------------------------------------------------------------


def test_update_rest_api_wrong_ops(client: Any) -> None:
    api = client.create_rest_api(name="x")["id"]
    with raises_layer_error(client, UPDATE_REST_API_TWO_WRONG_OPS):
        client.update_rest_api(
            restApiId=api,
            patchOperations=[
                _patch("wrong", "/endpointConfiguration/ipAddressType", "ipv4"),
                _patch("wrong", "/endpointConfiguration/types/0", "EDGE"),
            ],
        )
    three = validation_errors(*(wrong_op("updateRestApiInput", i, "wrong") for i in (1, 2, 3)))
    with raises_layer_error(client, three):
        client.update_rest_api(restApiId=api, patchOperations=[_patch("wrong")] * 3)


@pytest.fixture
def method_response(client: Any) -> Iterator[tuple[str, str]]:
    """(api, root resource) with GET, a MOCK integration and a 200 method response."""
    api = make_deployable_api(client)
    root = root_resource_id(client, api)
    client.put_method_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200")
    yield api, root


@pytest.mark.parametrize("count", [1, 2, 4])
def test_update_method_response_wrong_ops(
    client: Any, method_response: tuple[str, str], count: int
) -> None:
    api, root = method_response
    expected = (
        UPDATE_METHOD_RESPONSE_WRONG_OP
        if count == 1
        else validation_errors(
            *(wrong_op("updateMethodResponseInput", i, "wrong_op") for i in range(1, count + 1))
        )
    )
    with raises_layer_error(client, expected):
        client.update_method_response(
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            statusCode="200",
            patchOperations=[_patch("wrong_op")] * count,
        )


def test_update_method_response_ops_1_and_3_wrong(
    client: Any, method_response: tuple[str, str]
) -> None:
    api, root = method_response
    with raises_layer_error(
        client,
        validation_errors(
            wrong_op("updateMethodResponseInput", 1, "wrong_op"),
            wrong_op("updateMethodResponseInput", 3, "wrong_op"),
        ),
    ):
        client.update_method_response(
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            statusCode="200",
            patchOperations=[_patch("wrong_op"), _patch("replace"), _patch("wrong_op")],
        )


def test_update_method_response_wrong_status_code(
    client: Any, method_response: tuple[str, str]
) -> None:
    api, root = method_response
    with raises_layer_error(client, UPDATE_METHOD_RESPONSE_WRONG_STATUS_CODE):
        client.update_method_response(
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            statusCode="wrong",
            patchOperations=[_patch("replace")],
        )
    # Body members before URI members (§1.4).
    with raises_layer_error(client, UPDATE_METHOD_RESPONSE_WRONG_STATUS_CODE_AND_OP):
        client.update_method_response(
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            statusCode="wrong",
            patchOperations=[_patch("wrong_op")],
        )


def test_integration_response_wrong_status_code_on_a_missing_method(client: Any) -> None:
    api = client.create_rest_api(name="x")["id"]
    root = root_resource_id(client, api)
    with raises_layer_error(client, INTEGRATION_RESPONSE_WRONG_STATUS_CODE):
        client.put_integration_response(
            restApiId=api, resourceId=root, httpMethod="GET", statusCode="wrong"
        )
    with raises_layer_error(client, INTEGRATION_RESPONSE_WRONG_STATUS_CODE):
        client.get_integration_response(
            restApiId=api, resourceId=root, httpMethod="GET", statusCode="wrong"
        )


def test_update_gateway_response_wrong_op(client: Any) -> None:
    api = client.create_rest_api(name="x")["id"]
    with raises_layer_error(client, UPDATE_GATEWAY_RESPONSE_WRONG_OP):
        client.update_gateway_response(
            restApiId=api, responseType="DEFAULT_4XX", patchOperations=[_patch("wrong-op")]
        )


@pytest.mark.parametrize(
    "operation",
    [
        "GetGatewayResponse",
        "DeleteGatewayResponse",
        "UpdateGatewayResponse",
        "PutGatewayResponse",
    ],
)
def test_gateway_response_fake_type(client: Any, operation: str) -> None:
    api = client.create_rest_api(name="x")["id"]
    method = getattr(client, xform_name(operation))
    with raises_layer_error(client, GATEWAY_RESPONSE_FAKE_TYPE):
        method(restApiId=api, responseType="FAKE_RESPONSE_TYPE")


def test_put_integration_wrong_type_before_the_method_lookup(client: Any) -> None:
    api = client.create_rest_api(name="x")["id"]
    root = root_resource_id(client, api)
    with raises_layer_error(client, PUT_INTEGRATION_WRONG_TYPE):
        client.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="HTTPS_PROXY")


def test_create_documentation_part_wrong_location_type(client: Any) -> None:
    api = client.create_rest_api(name="x")["id"]
    with raises_layer_error(client, CREATE_DOCUMENTATION_PART_WRONG_TYPE):
        client.create_documentation_part(
            restApiId=api, location={"type": "INVALID"}, properties='{"description": "x"}'
        )


# -- §1.4 order and scope ----------------------------------------------------------------------


def test_the_layer_answers_before_the_rest_api_lookup(client: Any) -> None:
    """P (validation-layer-before-api-lookup): the layer cannot know the API."""
    with raises_layer_error(client, PUT_INTEGRATION_WRONG_TYPE):
        client.put_integration(
            restApiId="unknown123", resourceId="abc", httpMethod="GET", type="HTTPS_PROXY"
        )


def test_a_bad_enum_changes_nothing_and_is_a_recorded_call(
    client: Any, apigateway_mock: Any
) -> None:
    api = make_deployable_api(client)
    root = root_resource_id(client, api)
    before = client.get_resources(restApiId=api, embed=["methods"])["items"]
    with raises_layer_error(client):
        client.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="HTTPS_PROXY")
    last = apigateway_mock.calls[-1]
    assert last.operation == "PutIntegration"
    assert (last.error_code, last.status) == ("ValidationException", 400)
    assert client.get_resources(restApiId=api, embed=["methods"])["items"] == before


def test_a_list_of_several_elements_is_printed_like_java(client: Any) -> None:
    """P (validation-layer-list-text)."""
    with raises_layer_error(
        client,
        "1 validation error detected: Value '[EDGE, wrong]' at "
        "'createRestApiInput.endpointConfiguration.types' failed to satisfy constraint: "
        "Member must satisfy constraint: [Member must satisfy enum value set: "
        "[PRIVATE, EDGE, REGIONAL]]",
    ):
        client.create_rest_api(name="x", endpointConfiguration={"types": ["EDGE", "wrong"]})


def test_an_enum_never_recorded_is_listed_in_botocores_order(client: Any) -> None:
    """P (validation-layer-model-enum-order): CacheClusterSize, in the model's order."""
    api = make_deployable_api(client)
    with raises_layer_error(
        client,
        "1 validation error detected: Value '7' at 'createDeploymentInput.cacheClusterSize' "
        "failed to satisfy constraint: Member must satisfy enum value set: "
        "[0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]",
    ):
        client.create_deployment(restApiId=api, stageName="prod", cacheClusterSize="7")
    assert client.get_deployments(restApiId=api)["items"] == []


def test_a_query_string_member_is_named_bare(client: Any) -> None:
    """P (validation-layer-query-members): PutRestApi's ``mode`` is a query-string member."""
    api = client.create_rest_api(name="x")["id"]
    with raises_layer_error(
        client,
        "1 validation error detected: Value 'replace' at 'mode' failed to satisfy constraint: "
        "Member must satisfy enum value set: [merge, overwrite]",
    ):
        client.put_rest_api(restApiId=api, mode="replace", body=b"{}")


# -- §1.1 SerializationException ---------------------------------------------------------------


def test_a_bool_request_parameter_is_a_serialization_exception(
    unvalidated: Any, client: Any
) -> None:
    api = make_deployable_api(client)
    root = root_resource_id(client, api)
    with raises_layer_error(unvalidated, BOOLEAN_NOT_STRING, code="SerializationException"):
        unvalidated.put_integration(
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            type="MOCK",
            requestParameters={"integration.request.header.X": True},
        )


def test_a_number_response_template_is_a_serialization_exception(
    unvalidated: Any, client: Any
) -> None:
    api = make_deployable_api(client)
    root = root_resource_id(client, api)
    with raises_layer_error(unvalidated, NUMBER_NOT_STRING, code="SerializationException"):
        unvalidated.put_integration_response(
            restApiId=api,
            resourceId=root,
            httpMethod="GET",
            statusCode="200",
            responseTemplates={"application/json": 123},
        )


def test_the_serialization_exception_comes_before_the_enum_check(
    unvalidated: Any, client: Any
) -> None:
    """P (serialization-scope): reading the body fails before it is validated."""
    with raises_layer_error(unvalidated, NUMBER_NOT_STRING, code="SerializationException"):
        unvalidated.create_rest_api(name="x", version=2, endpointConfiguration={"types": ["wrong"]})


def test_a_validating_client_refuses_the_same_request_itself(client: Any) -> None:
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        client.create_rest_api(name="x", version=2)  # type: ignore[arg-type]


# -- generic: every enum and pattern member of every emulated operation ------------------------

# §1.3: the enums AWS was recorded printing, in its order; any other in botocore's (P).
AWS_ORDER = {
    "Op": OP_ENUM,
    "EndpointType": ENDPOINT_TYPE_ENUM,
    "IpAddressType": IP_ADDRESS_TYPE_ENUM,
    "IntegrationType": INTEGRATION_TYPE_ENUM,
    "GatewayResponseType": GATEWAY_RESPONSE_TYPE_ENUM,
    "DocumentationPartType": DOCUMENTATION_PART_TYPE_ENUM,
}
SERVICE = boto3.session.Session().client("apigateway", region_name=REGION).meta.service_model


@dataclass(frozen=True)
class Constrained:
    """A string member with an enum or a pattern, somewhere in an operation's input."""

    operation: str
    path: tuple[str, ...]  # member names from the input; "[]" marks a list element
    shape: Any
    located: bool

    def __str__(self) -> str:
        return f"{self.operation}:{'.'.join(self.path)}"

    @property
    def in_list_of_strings(self) -> bool:
        return self.path[-1] == "[]"

    def where(self) -> str:
        """§1.2: bare URI member, or <op>Input.<path> with list elements '.1.member.'."""
        if self.located:
            return self.path[0]
        path = self.path[:-1] if self.in_list_of_strings else self.path
        parts = [self.operation[0].lower() + self.operation[1:] + "Input"]
        parts += ["1.member" if part == "[]" else part for part in path]
        return ".".join(parts)

    def constraint(self) -> str:
        pattern = self.shape.metadata.get("pattern")
        if pattern:
            text = f"Member must satisfy regular expression pattern: {pattern}"
        else:
            enum = AWS_ORDER.get(self.shape.name, f"[{', '.join(self.shape.enum)}]")
            text = f"Member must satisfy enum value set: {enum}"
        return f"Member must satisfy constraint: [{text}]" if self.in_list_of_strings else text

    def message(self, value: str) -> str:
        shown = f"[{value}]" if self.in_list_of_strings else value
        return validation_errors(failed_constraint(shown, self.where(), self.constraint()))

    def inside_values(self) -> list[str]:
        return list(self.shape.enum) or ["200", "599", "100"]

    def params(self, value: str) -> dict[str, Any]:
        """The operation's required members, plus ``value`` at this member's place."""
        shape = SERVICE.operation_model(self.operation).input_shape
        params = minimal(shape)
        place(params, shape, self.path, value)
        return params


def constrained(shape: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    kind = shape.type_name
    if kind == "string" and (shape.enum or shape.metadata.get("pattern")):
        yield path, shape
    elif kind == "structure":
        for name, member in shape.members.items():
            yield from constrained(member, (*path, name))
    elif kind == "list":
        yield from constrained(shape.member, (*path, "[]"))


def all_constrained() -> list[Constrained]:
    found = []
    for operation in sorted(EMULATED_OPERATIONS):
        shape = SERVICE.operation_model(operation).input_shape
        for path, string_shape in constrained(shape):
            location = shape.members[path[0]].serialization.get("location")
            found.append(Constrained(operation, path, string_shape, location is not None))
    return found


def minimal(shape: Any) -> Any:
    """A value botocore accepts for ``shape``, with its required members only."""
    kind = shape.type_name
    if kind == "structure":
        return {name: minimal(shape.members[name]) for name in shape.required_members}
    if kind == "string":
        return (shape.enum or ["200" if shape.metadata.get("pattern") else "x1"])[0]
    return {"list": [], "map": {}, "boolean": False, "integer": 1, "blob": b"{}"}[kind]


def place(value: dict[str, Any], shape: Any, path: tuple[str, ...], leaf: str) -> None:
    name, rest = path[0], path[1:]
    member = shape.members[name]
    if not rest:
        value[name] = leaf
    elif rest == ("[]",):
        value[name] = [leaf]
    elif rest[0] == "[]":
        item = minimal(member.member)
        place(item, member.member, rest[1:], leaf)
        value[name] = [item]
    else:
        inner = value.setdefault(name, minimal(member))
        place(inner, member, rest, leaf)


CONSTRAINED = all_constrained()


def test_the_generic_cases_cover_the_recorded_members() -> None:
    names = {str(case) for case in CONSTRAINED}
    assert {
        "CreateRestApi:endpointConfiguration.types.[]",
        "CreateRestApi:endpointConfiguration.ipAddressType",
        "PutIntegration:type",
        "UpdateStage:patchOperations.[].op",
    } <= names


def outside_values(case: Constrained) -> list[str]:
    first = case.inside_values()[0]
    values = ["bogus", first.swapcase() if first.swapcase() != first else first + "x"]
    values = values if case.located else [*values, ""]
    # A pattern may admit some of them (DocumentationPartLocationStatusCode admits "").
    pattern = case.shape.metadata.get("pattern")
    return [v for v in values if pattern is None or re.fullmatch(pattern, v) is None]


@pytest.mark.parametrize("case", CONSTRAINED, ids=str)
def test_a_value_outside_the_enum_is_a_validation_exception(client: Any, case: Constrained) -> None:
    for value in outside_values(case):
        with raises_layer_error(client, case.message(value)):
            getattr(client, xform_name(case.operation))(**case.params(value))


@pytest.mark.parametrize("case", CONSTRAINED, ids=str)
def test_a_value_inside_the_enum_is_never_a_validation_exception(
    client: Any, case: Constrained
) -> None:
    for value in case.inside_values():
        try:
            getattr(client, xform_name(case.operation))(**case.params(value))
        except ClientError as error:
            assert error.response["Error"]["Code"] != "ValidationException", (value, error)
