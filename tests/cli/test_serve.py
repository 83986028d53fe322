"""``python -m apigw_canary_mock serve``: the endpoint answers byte for byte as the in-process
mock does, decodes every request into the params a boto3 user passes, survives malformed HTTP,
and starts and stops as a command."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import boto3
import pytest
import time_machine
from botocore.config import Config
from botocore.exceptions import ClientError

from apigw_canary_mock import engine, intercept, mock_apigateway, wire
from apigw_canary_mock.cli.main import main
from apigw_canary_mock.cli.serve import EndpointServer, Limits, Served
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.wire.http import Router

REGION = "eu-west-1"
ACCOUNT = "123456789012"
SIGNED = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu-central-1/apigateway/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=0123"
)


class _Recording:
    """A target whose session keeps its call log (Served's does not)."""

    def __init__(self, seed: int) -> None:
        self.account_id = ACCOUNT
        self.accounts: Mapping[str, str] = {}
        self.session = engine.Session(StateStore(seed=seed))


@contextlib.contextmanager
def server_for(
    target: Any, limits: Limits | None = None, **kwargs: Any
) -> Iterator[EndpointServer]:
    with EndpointServer(lambda: target, limits=limits, **kwargs) as server:
        yield server


def endpoint_client(server: EndpointServer, **kwargs: Any) -> Any:
    client = boto3.client(
        "apigateway",
        region_name=kwargs.pop("region_name", REGION),
        endpoint_url=server.url,
        aws_access_key_id=kwargs.pop("aws_access_key_id", "testing"),
        aws_secret_access_key="testing",
        **kwargs,
    )
    intercept.let_through(client)  # harmless when no mock is active
    return client


# -- fidelity: the same bytes as in-process ----------------------------------------------------

Step = Callable[[Any, dict[str, str]], Any]


def _walkthrough() -> list[tuple[str, Step]]:
    """Calls of every emulated family, success and error answers; ids flow through ``ids``."""

    def create(client: Any, ids: dict[str, str]) -> Any:
        api = client.create_rest_api(name="orders", description="fidelity", tags={"a": "b"})
        ids["api"], ids["root"] = api["id"], api["rootResourceId"]
        return api

    def deploy(client: Any, ids: dict[str, str]) -> Any:
        answer = client.create_deployment(
            restApiId=ids["api"], stageName="prod", variables={"color": "blue"}
        )
        ids["dep1"] = answer["id"]
        return answer

    def canary(client: Any, ids: dict[str, str]) -> Any:
        answer = client.create_deployment(
            restApiId=ids["api"],
            stageName="prod",
            canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"color": "green"}},
        )
        ids["dep2"] = answer["id"]
        return answer

    def patch(*operations: dict[str, str]) -> Step:
        return lambda c, ids: c.update_stage(
            restApiId=ids["api"], stageName="prod", patchOperations=list(operations)
        )

    return [
        ("CreateRestApi", create),
        ("GetRestApi", lambda c, ids: c.get_rest_api(restApiId=ids["api"])),
        ("GetRestApis", lambda c, ids: c.get_rest_apis(limit=5)),
        ("GetResources", lambda c, ids: c.get_resources(restApiId=ids["api"], embed=["methods"])),
        (
            "CreateResource",
            lambda c, ids: c.create_resource(
                restApiId=ids["api"], parentId=ids["root"], pathPart="a b%/é"
            ),
        ),
        (
            "PutMethod",
            lambda c, ids: c.put_method(
                restApiId=ids["api"],
                resourceId=ids["root"],
                httpMethod="GET",
                authorizationType="NONE",
                requestParameters={"method.request.querystring.q": False},
            ),
        ),
        (
            "PutIntegration",
            lambda c, ids: c.put_integration(
                restApiId=ids["api"],
                resourceId=ids["root"],
                httpMethod="GET",
                type="HTTP",
                integrationHttpMethod="POST",
                uri="https://example.com/x",
            ),
        ),
        ("CreateDeployment", deploy),
        ("CreateDeployment", canary),
        ("GetStage", lambda c, ids: c.get_stage(restApiId=ids["api"], stageName="prod")),
        ("GetStages", lambda c, ids: c.get_stages(restApiId=ids["api"])),
        ("GetDeployments", lambda c, ids: c.get_deployments(restApiId=ids["api"])),
        (
            "GetDeployment",
            lambda c, ids: c.get_deployment(
                restApiId=ids["api"], deploymentId=ids["dep1"], embed=["apisummary"]
            ),
        ),
        (
            "UpdateStage",
            patch({"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}),
        ),
        (
            "UpdateStage",
            patch({"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"}),
        ),
        ("UpdateStage", patch({"op": "bogus", "path": "/x"})),  # ValidationException
        ("UpdateStage", patch({"op": "replace", "path": "/nope", "value": "1"})),  # BadRequest
        ("UpdateStage", patch({"op": "remove", "path": "/canarySettings"})),
        (
            "GetExport",
            lambda c, ids: c.get_export(restApiId=ids["api"], stageName="prod", exportType="oas30"),
        ),
        ("GetStage", lambda c, ids: c.get_stage(restApiId=ids["api"], stageName="nope")),
        (
            "CreateStage",
            lambda c, ids: c.create_stage(
                restApiId=ids["api"], stageName="beta", deploymentId=ids["dep1"]
            ),
        ),
        ("DeleteStage", lambda c, ids: c.delete_stage(restApiId=ids["api"], stageName="beta")),
        (
            "PutIntegration",
            lambda c, ids: c.put_integration(
                restApiId=ids["api"], resourceId=ids["root"], httpMethod="GET", type="HTTPS_PROXY"
            ),
        ),
        ("GetRestApi", lambda c, ids: c.get_rest_api(restApiId="missing123")),
        ("DeleteRestApi", lambda c, ids: c.delete_rest_api(restApiId=ids["api"])),
    ]


def _run(client: Any, wire_answers: list[Any] | None = None) -> None:
    if wire_answers is not None:
        client.meta.events.register(
            "after-call.api-gateway",
            lambda http_response, **_: wire_answers.append(
                (http_response.status_code, dict(http_response.headers), http_response.content)
            ),
        )
    ids: dict[str, str] = {}
    for _, step in _walkthrough():
        with contextlib.suppress(ClientError):
            step(client, ids)


def _comparable(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items() if k.lower() not in ("x-amzn-requestid",)}


def test_the_endpoint_answers_byte_for_byte_as_in_process() -> None:
    with time_machine.travel(1_790_000_000, tick=False):
        with mock_apigateway(seed=11) as mock:
            _run(boto3.client("apigateway", region_name=REGION))
        in_process = mock.session.calls
        target = _Recording(seed=11)
        answers: list[Any] = []
        with server_for(target) as server:
            _run(endpoint_client(server), answers)
    served = target.session.calls
    assert [c.operation for c in in_process] == [name for name, _ in _walkthrough()]
    assert [c.operation for c in served] == [c.operation for c in in_process]
    assert len(answers) == len(in_process)
    statuses = set()
    for ours, theirs, (status, headers, content) in zip(in_process, served, answers, strict=True):
        # The server decoded the HTTP request into exactly the params boto3 was given (but
        # for the Accept header botocore adds to every apigateway request: GetExport's
        # ``accepts``, whose default it is).
        params = dict(theirs.params)
        if "accepts" not in ours.params and params.get("accepts") == "application/json":
            del params["accepts"]
        assert params == ours.params, ours.operation
        assert (theirs.region, theirs.account_id) == (REGION, ACCOUNT)
        expected_status, expected_headers, expected_body = ours.answer
        if isinstance(expected_body, tuple):
            opening, items, closing = expected_body
            expected_body = opening + b",".join(items) + closing
        assert status == expected_status, ours.operation
        assert content == expected_body, ours.operation
        assert _comparable(headers) == _comparable(expected_headers), ours.operation
        assert headers["x-amzn-requestid"], ours.operation
        statuses.add(status)
    assert {200, 201, 202, 400, 404} <= statuses


# -- the router ---------------------------------------------------------------------------------


def test_every_operation_of_the_model_is_routed_to_itself() -> None:
    """The path botocore builds for each operation (labels filled) is routed back to it."""
    model = wire.service_model()
    router = Router(model)
    for name in model.operation_names:
        operation = model.operation_model(name)
        path, _, query = operation.http["requestUri"].partition("?")
        filled = "/".join(
            "some-value" if part.startswith("{") else part for part in path.split("/")[1:]
        )
        pairs = [tuple(pair.split("=")) for pair in query.split("&") if pair]
        route = router.route(operation.http["method"], filled.split("/"), pairs)
        assert route is not None and route.name == name, name


def test_a_literal_query_tells_import_from_create() -> None:
    router = Router(wire.service_model())
    assert router.route("POST", ["restapis"], [("mode", "import")]).name == "ImportRestApi"  # type: ignore[union-attr]
    assert router.route("POST", ["restapis"], []).name == "CreateRestApi"  # type: ignore[union-attr]
    assert router.route("PUT", ["restapis", "x"], [("mode", "merge")]).name == "PutRestApi"  # type: ignore[union-attr]
    assert router.route("BREW", ["restapis"], []) is None


# -- answers through a real client ------------------------------------------------------------


@pytest.fixture
def served() -> Iterator[tuple[EndpointServer, Served]]:
    target = Served(StateStore(seed=3), ACCOUNT)
    with server_for(target, limits=Limits(max_body=4096, request_seconds=0.5)) as server:
        yield server, target


def test_the_region_is_the_credential_scopes(served: tuple[EndpointServer, Served]) -> None:
    server, target = served
    api = endpoint_client(server, region_name="ap-south-1").create_rest_api(name="x")
    assert api["id"] in target.session.store.backend(ACCOUNT, "ap-south-1").rest_apis
    assert api["id"] not in target.session.store.backend(ACCOUNT, REGION).rest_apis


def test_an_accounts_map_picks_the_account_by_access_key() -> None:
    target = _Recording(seed=1)
    target.accounts = {"AKIAOTHER": "210987654321"}
    with server_for(target) as server:
        endpoint_client(server, aws_access_key_id="AKIAOTHER").create_rest_api(name="other")
        endpoint_client(server).create_rest_api(name="default")
    assert [(c.account_id, c.params["name"]) for c in target.session.calls] == [
        ("210987654321", "other"),
        (ACCOUNT, "default"),
    ]


def test_an_unemulated_operation_is_a_501_naming_it_not_retried(
    served: tuple[EndpointServer, Served],
) -> None:
    server, _ = served
    with pytest.raises(ClientError) as caught:
        endpoint_client(server).get_api_keys()
    response = caught.value.response
    assert response["Error"]["Code"] == "UnemulatedOperationError"
    assert "'GetApiKeys'" in response["Error"]["Message"]
    assert "UpdateStage" in response["Error"]["Message"]  # the emulated ones are listed
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert response["ResponseMetadata"]["RetryAttempts"] == 0


def test_a_client_that_does_not_validate_gets_awss_answers(
    served: tuple[EndpointServer, Served],
) -> None:
    """What botocore refuses client-side reaches the endpoint from another SDK: 400s."""
    server, _ = served
    client = endpoint_client(server, config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as caught:
        client.create_rest_api()
    assert caught.value.response["Error"] == {
        "Code": "ValidationException",
        "Message": "1 validation error detected: Value null at 'createRestApiInput.name' "
        "failed to satisfy constraint: Member must not be null",
    }
    with pytest.raises(ClientError) as caught:
        client.create_rest_api(name="x", minimumCompressionSize="ten")
    assert caught.value.response["Error"]["Code"] == "SerializationException"
    assert "createRestApiInput.minimumCompressionSize" in caught.value.response["Error"]["Message"]
    api = client.create_rest_api(name="x")
    with pytest.raises(ClientError) as caught:  # recorded: a bool where a string is due
        client.put_method(
            restApiId=api["id"],
            resourceId=api["rootResourceId"],
            httpMethod="GET",
            authorizationType=True,
        )
    assert caught.value.response["Error"] == {
        "Code": "SerializationException",
        "Message": "class java.lang.Boolean can not be converted to an String",
    }


# -- malformed HTTP -----------------------------------------------------------------------------


def raw(
    server: EndpointServer, data: bytes, *, timeout: float = 5.0
) -> tuple[int, dict[str, str], bytes]:
    """Send ``data``, read one answer (the connection may then be closed by the server)."""
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        sock.sendall(data)
        return read_answer(sock)


def read_answer(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed without an answer: {received!r}"
        received += chunk
    head, _, rest = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers["content-length"])
    while len(rest) < length:
        chunk = sock.recv(65536)
        assert chunk
        rest += chunk
    return status, headers, rest[:length]


def request(method: str, path: str, body: bytes = b"", **headers: str) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: localhost", f"Content-Length: {len(body)}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def assert_json_error(answer: tuple[int, dict[str, str], bytes], status: int, code: str) -> str:
    got_status, headers, body = answer
    assert got_status == status, answer
    assert headers["x-amzn-errortype"] == code
    assert headers["content-type"] == "application/json"
    assert headers["x-amzn-requestid"]
    message: str = json.loads(body)["message"]
    assert message
    return message


def still_serving(server: EndpointServer) -> None:
    status, _, body = raw(server, request("GET", "/restapis"))
    assert status == 200 and b"item" in body


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (
            request("POST", "/restapis", b"{not json", Content_Type="application/json"),
            400,
            "SerializationException",
        ),
        (request("POST", "/restapis", b"[1, 2]"), 400, "SerializationException"),
        (request("POST", "/restapis", b'{"name": NaN}'), 400, "SerializationException"),
        (request("POST", "/restapis", b"\xff\xfe\xfd"), 400, "SerializationException"),
        (
            request("POST", "/restapis", b'{"name": "x"}', Content_Type="text/plain"),
            415,
            "UnsupportedMediaTypeException",
        ),
        (request("GET", "/nowhere/at/all"), 404, "UnknownOperationException"),
        (request("DELETE", "/restapis"), 404, "UnknownOperationException"),
        (request("GET", "/restapis/%ff%fe/stages"), 400, "BadRequestException"),
        (request("GET", "/restapis?limit=ten"), 400, "SerializationException"),
        (b"NONSENSE\r\n\r\n", 400, "BadRequestException"),
        (b"GET /restapis HTTP/1.1\r\n bad-fold\r\n\r\n", 400, "BadRequestException"),
        (request("POST", "/restapis", b"x" * 5000), 413, "RequestEntityTooLargeException"),
        (
            b"GET /restapis HTTP/1.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n",
            431,
            "RequestHeaderFieldsTooLargeException",
        ),
        (
            b"POST /restapis HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            400,
            "BadRequestException",
        ),
    ],
)
def test_malformed_http_gets_a_parseable_4xx_and_the_server_goes_on(
    served: tuple[EndpointServer, Served], data: bytes, status: int, code: str
) -> None:
    server, _ = served
    answer = raw(server, data)
    if code:
        assert_json_error(answer, status, code)
    else:
        assert answer[0] == status
    still_serving(server)


def test_a_huge_body_is_refused_before_it_is_read(served: tuple[EndpointServer, Served]) -> None:
    server, _ = served
    head = b"POST /restapis HTTP/1.1\r\nContent-Length: 10000000000\r\n\r\n"
    assert_json_error(raw(server, head), 413, "RequestEntityTooLargeException")
    still_serving(server)


def test_a_silent_partial_request_times_out_while_others_are_served(
    served: tuple[EndpointServer, Served],
) -> None:
    server, _ = served
    slow = [socket.create_connection((server.host, server.port)) for _ in range(20)]
    try:
        for index, sock in enumerate(slow):
            sock.sendall(request("POST", "/restapis", b'{"name": "x"}')[: 10 + index])
        started = time.monotonic()
        still_serving(server)  # the stalled connections do not hold the others up
        assert time.monotonic() - started < 0.4
        for sock in slow:
            sock.settimeout(5)
            assert_json_error(read_answer(sock), 408, "RequestTimeoutException")
            assert sock.recv(1) == b""  # then closed
    finally:
        for sock in slow:
            sock.close()
    still_serving(server)


def test_a_trickling_request_is_cut_at_the_time_limit(
    served: tuple[EndpointServer, Served],
) -> None:
    server, _ = served
    data = request("POST", "/restapis", b'{"name": "slow"}')
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            for byte in data:
                sock.sendall(bytes([byte]))
                time.sleep(0.05)  # each byte well within any per-read timeout
                if time.monotonic() - started > 3:
                    break
        assert_json_error(read_answer(sock), 408, "RequestTimeoutException")
    assert time.monotonic() - started < 2


def test_keep_alive_chunked_bodies_and_100_continue(served: tuple[EndpointServer, Served]) -> None:
    server, _ = served
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        for name in ("one", "two"):
            sock.sendall(request("POST", "/restapis", json.dumps({"name": name}).encode()))
            assert read_answer(sock)[0] == 201
        body = b'{"name": "chunked"}'
        sock.sendall(
            b"POST /restapis HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        )
        assert read_answer(sock)[0] == 201
        sock.sendall(
            b"POST /restapis HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n"
            % len(body)
        )
        assert sock.recv(64).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        assert read_answer(sock)[0] == 201
        sock.sendall(request("GET", "/restapis", Connection="close"))
        status, headers, answer = read_answer(sock)
        assert status == 200 and headers["connection"] == "close"
        assert [item["name"] for item in json.loads(answer)["item"]] == [
            "one",
            "two",
            "chunked",
            "chunked",
        ]
        assert sock.recv(1) == b""


def test_concurrent_keep_alive_clients(served: tuple[EndpointServer, Served]) -> None:
    server, target = served
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            client = endpoint_client(server)
            for call in range(20):
                client.create_rest_api(name=f"t{index}-{call}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(target.session.store.backend(ACCOUNT, REGION).rest_apis) == 160


def test_an_unexpected_error_is_a_500_and_the_server_goes_on(
    served: tuple[EndpointServer, Served], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = served

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "answer", broken)
    message = assert_json_error(raw(server, request("GET", "/restapis")), 500, "InternalFailure")
    assert "RuntimeError: boom" in message
    monkeypatch.undo()
    still_serving(server)


# -- the command --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_serve_prints_its_url_and_stops_cleanly_on_a_signal(tmp_path: Any, signum: int) -> None:
    state = tmp_path / "state.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "apigw_canary_mock", "serve", "--port", "0", "--state", str(state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        client = boto3.client(
            "apigateway",
            endpoint_url=url,
            region_name=REGION,
            aws_access_key_id="x",
            aws_secret_access_key="x",
        )
        intercept.let_through(client)
        api = client.create_rest_api(name="served")
        # A held keep-alive connection does not keep the server from stopping.
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "stopped" in err
    with mock_apigateway(state=str(state)) as mock:  # the state file is shared
        assert api["id"] in mock.backend(REGION).rest_apis


def test_serve_refuses_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--port", "70000"])
    assert caught.value.code == 2
    assert "a port is a number from 0 to 65535" in capsys.readouterr().err
