"""Fuzzed input (issue 3, item 3): random sequences of the emulated operations, random params.

A hypothesis ``RuleBasedStateMachine`` drives a real boto3 client under the mock with valid
and invalid parameters: ids that exist and ids that don't, stage and variable names with bad
characters, empty and too long, patch operations drawn from the whole UpdateStage grammar
with numbers, non-numbers, out-of-range, empty, long and unicode values. After every call:

* only a ClientError with a code the operation models (and its status, and ``message`` equal
  to Error.Message) or botocore's ParamValidationError escapes: never a raw Python exception,
  never the mock's own MockError;
* a success answer conforms to the operation's output shape (member names, Python types, no
  None anywhere) and carries the modelled HTTP status;
* a failed call left the state exactly as it was (GetRestApis/GetStages/GetDeployments read
  through the client before and after, and the emulator's own objects compared too);

and after every step the invariants hold: every stage's deploymentId and canary deploymentId
name existing deployments; 0.0 <= percentTraffic <= 100.0.

Profiles (tests/conftest.py): "ci" by default; ``HYPOTHESIS_PROFILE=long`` for >= 20,000 steps
(see docs/reliability.md).
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from fuzz_checks import check_answer, check_error, check_shape
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from apigw_canary_mock import ApiGatewayMock, mock_apigateway
from apigw_canary_mock.operations import OPERATIONS

REGION = "us-east-1"
MUTATING = frozenset(
    name for name in OPERATIONS if name.startswith(("Create", "Update", "Delete", "Put"))
)
STATS: Counter[str] = Counter()

# -- strategies ---------------------------------------------------------------------------

NAME_CHARS = "abcXYZ019_-"
# Hostile values (issue 10, item 4): a lone surrogate, numbers no double holds or no str()
# writes, negative zero. Each must get the AWS error or a clear error, never a stored value
# that breaks later calls.
SURROGATE_TEXT = "orders\ud800"
HUGE_DIGITS = "9" * 4301
HOSTILE_TEXTS = [SURROGATE_TEXT, "\udfff", HUGE_DIGITS, "-0.0"]


class HugeInt(int):
    """10**5000, with a repr hypothesis can print (int's own refuses over 4,300 digits)."""

    def __repr__(self) -> str:
        return "10**5000"


HOSTILE_NUMBERS: list[Any] = [10**400, Decimal("sNaN"), -0.0, Decimal("-0"), HugeInt(10**5000)]
BAD_CHARS = " ./:*~é\u00a0\t$"
VALUE_CHARS = "aZ09-._~:/?#&=, "


def names(good: str = NAME_CHARS) -> st.SearchStrategy[str]:
    """Names: mostly well formed, some empty, too long, with bad characters or unicode."""
    return st.one_of(
        st.text(good, min_size=1, max_size=8),
        st.text(good + BAD_CHARS, max_size=8),
        st.sampled_from(["", "prod", "beta", "a" * 64, "a" * 65, "s" * 128, "s" * 129]),
        st.text(max_size=6),
        st.sampled_from(HOSTILE_TEXTS),
    )


variable_names = names("abcXYZ019_")
variable_values = st.one_of(
    st.text(VALUE_CHARS, min_size=1, max_size=10),
    st.sampled_from(["", "v" * 512, "v" * 513, "https://example.com/a?b=c#d"]),
    st.text(max_size=6),
    st.sampled_from(HOSTILE_TEXTS),
)
variable_maps = st.dictionaries(variable_names, variable_values, max_size=3)
numbers_as_text = st.one_of(
    st.sampled_from(
        [
            "0",
            "0.0",
            "50",
            "66.660000",
            "100",
            "100.0",
            "100.5",
            "-1",
            "-0.0",
            "1e2",
            "1e400",
            "nan",
            "inf",
            "1_0",
            "abc",
            "",
            " 5",
            "true",
            "false",
            "TRUE",
            "OFF",
            "INFO",
            "0.5",
            "6.1",
            "237",
            "FAIL_WITH_403",
            "SUCCEED_WITH_RESPONSE_HEADER",
            "9" * 30,
            *HOSTILE_TEXTS,
        ]
    ),
    st.integers(-(2**40), 2**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
percent_numbers = st.one_of(
    st.floats(min_value=0.0, max_value=100.0),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-5, 200),
    st.sampled_from(HOSTILE_NUMBERS),
)
any_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=6)
    | st.binary(max_size=4)
    | st.sampled_from(["", "prod", "*/*", "x" * 3000, *HOSTILE_TEXTS, *HOSTILE_NUMBERS]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)
METHOD_FIELDS = [
    "metrics/enabled",
    "logging/dataTrace",
    "logging/loglevel",
    "throttling/burstLimit",
    "throttling/rateLimit",
    "caching/ttlInSeconds",
    "caching/enabled",
    "caching/dataEncrypted",
    "caching/requireAuthorizationForCacheControl",
    "caching/unauthorizedCacheControlHeaderStrategy",
    "caching/bogus",
    "throttling",
    "",
]
FIXED_PATHS = [
    "/canarySettings",
    "/canarySettings/percentTraffic",
    "/canarySettings/deploymentId",
    "/canarySettings/useStageCache",
    "/canarySettings/stageVariableOverrides",
    "/canarySettings/badPath",
    "/deploymentId",
    "/description",
    "/variables",
    "/tracingEnabled",
    "/cacheClusterEnabled",
    "/cacheClusterSize",
    "/clientCertificateId",
    "/documentationVersion",
    "/documentation_version",
    "/tags/x",
    "/accessLogSettings",
    "/accessLogSettings/destinationArn",
    "/accessLogSettings/format",
    "/accessLogSettings/*",
    "/accessLogSettings/other",
    "/*/*",
    "/test/GET",
    "/",
    "",
    "deploymentId",
    "//",
]
COPY_ENDS = [
    "/deploymentId",
    "/variables",
    "/canarySettings/deploymentId",
    "/canarySettings/stageVariableOverrides",
    "/description",
    "",
]


REST_API_PATHS = [
    "/name",
    "/description",
    "/version",
    "/policy",
    "/apiKeySource",
    "/disableExecuteApiEndpoint",
    "/binaryMediaTypes",
    "/binaryMediaTypes/image~1png",
    "/binaryMediaTypes/-",
    "/binaryMediaTypes/a~0b",
    "/minimumCompressionSize",
    "/endpointConfiguration/types/0",
    "/endpointConfiguration/types/1",
    "/endpointConfiguration/types/EDGE",
    "/endpointConfiguration/ipAddressType",
    "/endpointConfiguration/vpcEndpointIds",
    "/tags/x",
    "/",
]
REST_API_VALUES = [
    "",
    "x",
    "image/gif",
    "0",
    "10",
    "10485760",
    "10485761",
    "-1",
    "test",
    "EDGE",
    "REGIONAL",
    "PRIVATE",
    "wrong",
    "ipv4",
    "dualstack",
    "HEADER",
    "AUTHORIZER",
    "true",
    "FALSE",
    "vpce-1",
]
# Requests with a member outside its model enum (restApiId is filled in; members the operation
# does not have are dropped).
BAD_ENUM_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("CreateRestApi", {"name": "x", "endpointConfiguration": {"types": ["edge"]}}),
    ("CreateRestApi", {"name": "x", "endpointConfiguration": {"ipAddressType": "IPV4"}}),
    ("CreateRestApi", {"name": "", "description": "", "apiKeySource": "BODY"}),
    ("UpdateRestApi", {"patchOperations": [{"op": "wrong", "path": "/name", "value": "x"}]}),
    ("UpdateStage", {"stageName": "prod", "patchOperations": [{"op": "Replace", "path": "/"}]}),
    ("PutIntegration", {"resourceId": "x", "httpMethod": "GET", "type": "HTTPS_PROXY"}),
    (
        "PutIntegration",
        {"resourceId": "x", "httpMethod": "GET", "type": "MOCK", "contentHandling": "BINARY"},
    ),
    ("CreateStage", {"stageName": "s", "deploymentId": "d", "cacheClusterSize": "1"}),
    ("CreateDeployment", {"cacheClusterSize": "0.50"}),
]


def chance(data: st.DataObject, percent: int) -> bool:
    """True about ``percent`` % of the time (a window away from the 0 hypothesis favours)."""
    return 40 <= data.draw(st.integers(0, 99)) < 40 + percent


class FuzzMachine(RuleBasedStateMachine):
    """One fresh mock per example; the client is shared (created before the mock started)."""

    client: Any = None
    unvalidated: Any = None  # a client built with parameter_validation=False

    def __init__(self) -> None:
        super().__init__()
        if FuzzMachine.client is None:
            session = boto3.session.Session()
            FuzzMachine.client = session.client("apigateway", region_name=REGION)
            FuzzMachine.unvalidated = session.client(
                "apigateway", region_name=REGION, config=Config(parameter_validation=False)
            )
        self.mock: ApiGatewayMock = mock_apigateway().start()
        self.api_ids: list[str] = []
        self.deployment_ids: list[str] = []
        self.stage_names: list[str] = []
        STATS["examples"] += 1

    def teardown(self) -> None:
        self.mock.stop()

    # -- drawing ids ----------------------------------------------------------------------

    def api_id(self, data: st.DataObject) -> str:
        """Mostly the deployable API, sometimes the one without methods, rarely an unknown id."""
        if chance(data, 5):
            unknown = st.sampled_from(["", "nope123456", "a/b", "é"]) | st.text(max_size=10)
            return data.draw(unknown, label="restApiId")
        return self.api_ids[-1] if chance(data, 20) else self.api_ids[0]

    def deployment_id(self, data: st.DataObject) -> str:
        if self.deployment_ids and not chance(data, 20):
            return data.draw(st.sampled_from(self.deployment_ids), label="deploymentId")
        unknown = st.sampled_from(["", "zzzzzz", "x/y"]) | st.text(max_size=8)
        return data.draw(unknown, label="deploymentId")

    def stage_name(self, data: st.DataObject) -> str:
        if self.stage_names and not chance(data, 20):
            return data.draw(st.sampled_from(self.stage_names), label="stageName")
        return data.draw(names(), label="stageName")

    def canary_settings(self, data: st.DataObject) -> dict[str, Any]:
        settings: dict[str, Any] = {}
        if data.draw(st.booleans()):
            settings["percentTraffic"] = data.draw(percent_numbers, label="percentTraffic")
        if data.draw(st.booleans()):
            settings["useStageCache"] = data.draw(st.booleans())
        if data.draw(st.booleans()):
            settings["stageVariableOverrides"] = data.draw(variable_maps)
        if chance(data, 25):
            settings["deploymentId"] = self.deployment_id(data)
        return settings

    def patch_op(self, data: st.DataObject) -> dict[str, Any]:
        ops = ["move", "test", "", "REPLACE"] if chance(data, 5) else ["replace", "add", "remove"]
        op = "copy" if chance(data, 10) else data.draw(st.sampled_from(ops), label="op")
        path = data.draw(
            st.one_of(
                st.sampled_from(FIXED_PATHS),
                variable_names.map(lambda n: f"/variables/{n}"),
                variable_names.map(lambda n: f"/canarySettings/stageVariableOverrides/{n}"),
                st.builds(
                    "/{}/{}/{}".format,
                    st.sampled_from(["*", "test", "~1pets", "a b", ""]),
                    st.sampled_from(["*", "GET", "POST", "get", ""]),
                    st.sampled_from(METHOD_FIELDS),
                ),
                st.sampled_from(COPY_ENDS),
                st.text(max_size=12),
            ),
            label="path",
        )
        raw: dict[str, Any] = {"op": op, "path": path}
        if op == "copy" or chance(data, 10):
            raw["from"] = data.draw(st.sampled_from(COPY_ENDS) | st.text(max_size=8))
        if not chance(data, 10):
            raw["value"] = data.draw(
                st.one_of(
                    numbers_as_text,
                    variable_values,
                    st.sampled_from(self.deployment_ids or ["none00"]),
                    st.just("arn:aws:logs:us-east-1:123456789012:log-group:g"),
                ),
                label="value",
            )
        if chance(data, 5):
            raw.pop(data.draw(st.sampled_from(sorted(raw))))  # a missing member
        return raw

    # -- calling ----------------------------------------------------------------------------

    def snapshot(self) -> tuple[Any, ...]:
        """The whole state: as the client reads it, and the emulator's own objects."""
        seen = []
        for api in self.client.get_rest_apis(limit=500)["items"]:
            api_id = api["id"]
            stages = self.client.get_stages(restApiId=api_id)["item"]
            deployments = self.client.get_deployments(restApiId=api_id, limit=500)["items"]
            seen.append((api, stages, deployments))
        own = copy.deepcopy(self.mock.backend().rest_apis)
        return seen, own

    def call(self, operation: str, via: Any = None, **params: Any) -> dict[str, Any] | None:
        """Call ``operation``; check the answer or the error; None when it failed."""
        model = self.client.meta.service_model.operation_model(operation)
        method = getattr(via or self.client, xform_name(operation))
        before = self.snapshot() if operation in MUTATING else None
        STATS["calls"] += 1
        try:
            answer: dict[str, Any] = method(**params)
        except ClientError as error:
            code = check_error(error.response, model)
            STATS[f"error {code}"] += 1
            STATS[f"{operation} failed"] += 1
            if os.environ.get("FUZZ_DEBUG"):
                print(operation, error.response["Error"]["Message"][:90])
        except ParamValidationError:
            STATS["error ParamValidationError"] += 1
        else:
            check_answer(answer, model)
            STATS[f"ok {operation}"] += 1
            return answer
        if before is not None:
            assert self.snapshot() == before, f"a failed {operation} changed the state"
        return None

    # -- setup --------------------------------------------------------------------------------

    @initialize()
    def make_apis(self) -> None:
        self.api_ids.append(self.mock.create_deployable_api("fuzz"))
        self.api_ids.append(str(self.client.create_rest_api(name="no-methods")["id"]))
        api_id = self.api_ids[0]
        for stage, canary in (("prod", None), ("beta", {"percentTraffic": 10.0})):
            first = self.client.create_deployment(restApiId=api_id, stageName=stage)
            self.deployment_ids.append(first["id"])
            self.stage_names.append(stage)
            if canary is not None:
                second = self.client.create_deployment(
                    restApiId=api_id, stageName=stage, canarySettings=canary
                )
                self.deployment_ids.append(second["id"])

    # -- rules --------------------------------------------------------------------------------

    @rule(data=st.data())
    def create_deployment(self, data: st.DataObject) -> None:
        STATS["steps"] += 1
        params: dict[str, Any] = {"restApiId": self.api_id(data)}
        if not chance(data, 25):
            params["stageName"] = self.stage_name(data)
        if data.draw(st.booleans()):
            params["canarySettings"] = self.canary_settings(data)
        if data.draw(st.booleans()):
            params["variables"] = data.draw(variable_maps)
        for member, strategy in (
            ("description", st.text(max_size=8)),
            ("stageDescription", st.text(max_size=8)),
            ("cacheClusterEnabled", st.booleans()),
            ("cacheClusterSize", st.sampled_from(["0.5", "6.1", "237", "7", ""])),
            ("tracingEnabled", st.booleans()),
        ):
            if chance(data, 20):
                params[member] = data.draw(strategy, label=member)
        answer = self.call("CreateDeployment", **params)
        if answer is not None:
            self.deployment_ids.append(answer["id"])
            if params.get("stageName") and params["stageName"] not in self.stage_names:
                self.stage_names.append(params["stageName"])

    @rule(data=st.data())
    def create_stage(self, data: st.DataObject) -> None:
        STATS["steps"] += 1
        params: dict[str, Any] = {
            "restApiId": self.api_id(data),
            "stageName": data.draw(names(), label="stageName"),
            "deploymentId": self.deployment_id(data),
        }
        if data.draw(st.booleans()):
            params["canarySettings"] = self.canary_settings(data)
        if data.draw(st.booleans()):
            params["variables"] = data.draw(variable_maps)
        for member, strategy in (
            ("description", st.text(max_size=8)),
            ("cacheClusterEnabled", st.booleans()),
            ("cacheClusterSize", st.sampled_from(["0.5", "118", "1"])),
            ("tracingEnabled", st.booleans()),
            ("documentationVersion", st.text(max_size=4)),
            ("tags", st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2)),
        ):
            if chance(data, 20):
                params[member] = data.draw(strategy, label=member)
        if self.call("CreateStage", **params) is not None:
            self.stage_names.append(params["stageName"])

    @rule(data=st.data())
    def update_stage(self, data: st.DataObject) -> None:
        STATS["steps"] += 1
        count = data.draw(st.integers(0, 4), label="ops")
        self.call(
            "UpdateStage",
            restApiId=self.api_id(data),
            stageName=self.stage_name(data),
            patchOperations=[self.patch_op(data) for _ in range(count)],
        )

    @rule(data=st.data())
    def ramp_and_promote(self, data: st.DataObject) -> None:
        """The rollout's own moves, more often than random paths would make them."""
        STATS["steps"] += 1
        ops = data.draw(
            st.lists(
                st.sampled_from(
                    [
                        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "25"},
                        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0"},
                        {
                            "op": "replace",
                            "path": "/canarySettings/stageVariableOverrides/color",
                            "value": "blue",
                        },
                        {"op": "replace", "path": "/variables/color", "value": "green"},
                        {
                            "op": "copy",
                            "from": "/canarySettings/deploymentId",
                            "path": "/deploymentId",
                        },
                        {
                            "op": "copy",
                            "from": "/canarySettings/stageVariableOverrides",
                            "path": "/variables",
                        },
                        {"op": "remove", "path": "/canarySettings"},
                        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "7"},
                        {"op": "remove", "path": "/*/*"},
                    ]
                ),
                min_size=1,
                max_size=4,
            )
        )
        self.call(
            "UpdateStage",
            restApiId=self.api_id(data),
            stageName=self.stage_name(data),
            patchOperations=ops,
        )

    @rule(data=st.data())
    def update_rest_api(self, data: st.DataObject) -> None:
        """The UpdateRestApi grammar (surface §3.6), with ops outside the enum sometimes."""
        STATS["steps"] += 1
        count = data.draw(st.integers(0, 3), label="ops")
        operations = []
        for _ in range(count):
            raw: dict[str, Any] = {
                "op": data.draw(
                    st.sampled_from(["add", "remove", "replace"])
                    | st.sampled_from(["move", "test", "copy", "wrong", ""]),
                    label="op",
                ),
                "path": data.draw(st.sampled_from(REST_API_PATHS) | st.text(max_size=8)),
            }
            if not chance(data, 15):
                raw["value"] = data.draw(
                    st.sampled_from(REST_API_VALUES) | st.text(max_size=6), label="value"
                )
            operations.append(raw)
        self.call("UpdateRestApi", restApiId=self.api_id(data), patchOperations=operations)

    @rule(data=st.data())
    def bad_enum_value(self, data: st.DataObject) -> None:
        """A member outside its model enum, anywhere: always the validation layer's answer."""
        STATS["steps"] += 1
        operation, params = data.draw(st.sampled_from(BAD_ENUM_CALLS), label="call")
        params = {**params, "restApiId": self.api_id(data)}
        params = {k: v for k, v in params.items() if k in self.input_members(operation)}
        try:
            getattr(self.client, xform_name(operation))(**params)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ValidationException", error.response
            assert "message" not in error.response
            STATS["error ValidationException (bad enum rule)"] += 1
        else:
            raise AssertionError(f"{operation} accepted {params}")

    def input_members(self, operation: str) -> set[str]:
        return set(self.client.meta.service_model.operation_model(operation).input_shape.members)

    @rule(data=st.data())
    def get_stage(self, data: st.DataObject) -> None:
        STATS["steps"] += 1
        self.call("GetStage", restApiId=self.api_id(data), stageName=self.stage_name(data))

    @rule(data=st.data())
    def get_stages(self, data: st.DataObject) -> None:
        STATS["steps"] += 1
        params: dict[str, Any] = {"restApiId": self.api_id(data)}
        if data.draw(st.booleans()):
            params["deploymentId"] = self.deployment_id(data)
        self.call("GetStages", **params)

    @rule(data=st.data())
    def get_deployment(self, data: st.DataObject) -> None:
        STATS["steps"] += 1
        params: dict[str, Any] = {
            "restApiId": self.api_id(data),
            "deploymentId": self.deployment_id(data),
        }
        if data.draw(st.booleans()):
            params["embed"] = data.draw(
                st.lists(st.sampled_from(["apisummary", "APISUMMARY", "", "x"]), max_size=2)
            )
        self.call("GetDeployment", **params)

    @rule(data=st.data())
    def get_deployments(self, data: st.DataObject) -> None:
        STATS["steps"] += 1
        params: dict[str, Any] = {"restApiId": self.api_id(data)}
        if data.draw(st.booleans()):
            params["limit"] = data.draw(st.integers(-3, 600), label="limit")
        if chance(data, 30):
            params["position"] = data.draw(
                st.sampled_from(self.deployment_ids or ["x"]) | st.text(max_size=6)
            )
        self.call("GetDeployments", **params)

    @rule(data=st.data())
    def delete_something(self, data: st.DataObject) -> None:
        """One rule for the three deletes, so that they don't empty the state too soon."""
        STATS["steps"] += 1
        what = data.draw(st.sampled_from(["deployment", "stage", "stage", "api"]))
        if what == "deployment":
            deployment_id = self.deployment_id(data)
            if self.call(
                "DeleteDeployment", restApiId=self.api_id(data), deploymentId=deployment_id
            ):
                self.deployment_ids.remove(deployment_id)
        elif what == "stage":
            stage_name = self.stage_name(data)
            if self.call("DeleteStage", restApiId=self.api_id(data), stageName=stage_name):
                self.stage_names.remove(stage_name)
        else:
            # Only the API without methods: deleting the deployable one ends the interesting part.
            self.call("DeleteRestApi", restApiId=self.api_ids[-1])

    @rule(data=st.data())
    def wrong_types(self, data: st.DataObject) -> None:
        """Any operation, members of any type, through a client that does not validate:
        the mock validates itself (ParamValidationError) or answers with a modelled error."""
        STATS["steps"] += 1
        operation = data.draw(st.sampled_from(sorted(OPERATIONS)), label="operation")
        shape = self.client.meta.service_model.operation_model(operation).input_shape
        plausible = {
            "restApiId": self.api_ids[0],
            "stageName": self.stage_names[0] if self.stage_names else "prod",
            "deploymentId": self.deployment_ids[0] if self.deployment_ids else "none00",
        }
        params: dict[str, Any] = {}
        for member in sorted(shape.members):
            required = member in shape.required_members
            if required and member in plausible and not chance(data, 30):
                params[member] = plausible[member]
            elif required or chance(data, 30):
                params[member] = data.draw(any_values, label=member)
        self.call(operation, via=self.unvalidated, **params)

    # -- invariants -----------------------------------------------------------------------

    @invariant()
    def stages_point_at_existing_deployments(self) -> None:
        """Also: each GetStages item is what GetStage answers; at most 100 variables."""
        STATS["invariant checks"] += 1
        for api in self.client.get_rest_apis(limit=500)["items"]:
            api_id = api["id"]
            stages = self.client.get_stages(restApiId=api_id)
            check_answer(stages, self.client.meta.service_model.operation_model("GetStages"))
            deployments = {
                d["id"] for d in self.client.get_deployments(restApiId=api_id, limit=500)["items"]
            }
            for stage in stages["item"]:
                assert stage["deploymentId"] in deployments, stage
                one = self.client.get_stage(restApiId=api_id, stageName=stage["stageName"])
                del one["ResponseMetadata"]
                assert one == stage
                assert len(stage.get("variables", {})) <= 100
                canary = stage.get("canarySettings")
                if canary is not None:
                    assert canary["deploymentId"] in deployments, stage
                    assert 0.0 <= canary["percentTraffic"] <= 100.0, stage
                    check_shape(canary["percentTraffic"], _DOUBLE)
                    assert len(canary.get("stageVariableOverrides", {})) <= 100


_DOUBLE = (
    boto3.session.Session()
    .client("apigateway", region_name=REGION)
    .meta.service_model.shape_for("Double")
)

TestFuzzMachine = FuzzMachine.TestCase


@pytest.fixture(autouse=True, scope="module")
def _report_figures() -> Iterator[None]:
    """With ``-s``: the figures of the run (the long profile's go in the closing note)."""
    STATS.clear()
    yield
    if STATS:
        profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
        figures = ", ".join(f"{name}: {count}" for name, count in sorted(STATS.items()))
        print(f"\n[fuzz/{profile}] {figures}")


# -- regressions found by fuzzing ---------------------------------------------------------


@pytest.mark.parametrize("patch_operations", [True, 7, 1.5, None])
def test_update_stage_handler_takes_a_non_list_patch_as_absent(patch_operations: object) -> None:
    # Found by tests/operations/test_robustness.py under pytest-randomly's seed 1:
    # patchOperations=True raised TypeError ('bool' object is not iterable) from the handler.
    with mock_apigateway() as apigw:
        api_id = apigw.create_deployable_api()
        client = boto3.client("apigateway", region_name=REGION)
        client.create_deployment(restApiId=api_id, stageName="prod", variables={"a": "1"})
        before = apigw.get_stage(api_id, "prod")
        params = {"restApiId": api_id, "stageName": "prod", "patchOperations": patch_operations}
        answer = OPERATIONS["UpdateStage"](apigw.backend(), params)
        assert answer.body["variables"] == {"a": "1"}
        assert apigw.get_stage(api_id, "prod") == before
