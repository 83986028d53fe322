"""The endpoint server (cli/serve.py) at its edges: each malformed or cut-off HTTP request gets
its own 4xx (then the connection is closed, the server goes on), HTTP/1.0 keep-alive, an IPv6
host, a request signed for a region that does not exist, no target to answer from, a failure of
the mock that is not its own refusal, and starting and closing in any order."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from apigw_canary_mock import engine
from apigw_canary_mock.cli import serve as serve_module
from apigw_canary_mock.cli.serve import EndpointServer, Limits, Served, serving
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.errors import MockError, MockUsageError
from tests.cli.test_serve import assert_json_error, raw, read_answer, request, still_serving

ACCOUNT = "123456789012"


@pytest.fixture
def served() -> Iterator[EndpointServer]:
    target = Served(StateStore(seed=3), ACCOUNT)
    limits = Limits(max_body=4096, max_header=2048, request_seconds=2.0)
    with EndpointServer(lambda: target, limits=limits) as server:
        yield server


def half_closed(server: EndpointServer, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``data``, then end the stream: the server sees the request end there."""
    with socket.create_connection((server.host, server.port), timeout=5) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        return read_answer(sock)


CHUNKED = b"POST /restapis HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        (
            b"POST /restapis HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            400,
            "only the chunked transfer encoding is read",
        ),
        (
            b"POST /restapis HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            400,
            "Content-Length is not a number",
        ),
        (CHUNKED + b"zz\r\n", 400, "a bad chunk size"),
        (CHUNKED + b"-5\r\n", 413, "the request body is over 4096 bytes"),
        (CHUNKED + b"2000\r\n", 413, "the request body is over 4096 bytes"),
        (CHUNKED + b"2\r\n{}XX", 400, "a chunk without its CRLF"),
        (CHUNKED + b"1" * 3000, 431, "the request headers are over 2048 bytes"),
        (b"GET /restapis HTTP/1.1\r\nX-Big: " + b"a" * 3000, 431, "over 2048 bytes"),
    ],
    ids=[
        "gzip",
        "negative length",
        "bad chunk size",
        "negative chunk",
        "chunk too large",
        "no CRLF after a chunk",
        "chunk size line too long",
        "headers too long without their end",
    ],
)
def test_a_malformed_request_gets_its_own_4xx(
    served: EndpointServer, data: bytes, status: int, words: str
) -> None:
    message = assert_json_error(raw(served, data), status, _code(status))
    assert words in message
    still_serving(served)


def _code(status: int) -> str:
    return {
        400: "BadRequestException",
        413: "RequestEntityTooLargeException",
        431: "RequestHeaderFieldsTooLargeException",
    }[status]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"GET /restapis HTTP/1.1\r\nHost: x", "the request ended in its headers"),
        (b"POST /restapis HTTP/1.1\r\nContent-Length: 9\r\n\r\n{", "the request ended in its body"),
        (CHUNKED + b"5", "the request ended in its body"),
    ],
    ids=["in its headers", "in its body", "in a chunk size"],
)
def test_a_request_cut_off_by_the_client_is_a_400(
    served: EndpointServer, data: bytes, words: str
) -> None:
    message = assert_json_error(half_closed(served, data), 400, "BadRequestException")
    assert words in message
    still_serving(served)


def test_blank_lines_bare_newlines_and_trailers_are_read(served: EndpointServer) -> None:
    body = b'{"name": "trailed"}'
    data = (
        b"\r\n\r\nPOST /restapis HTTP/1.1\nTransfer-Encoding: chunked\n\n"
        + b"%x;ext=1\r\n%s\r\n0\r\nX-Trailer: t\r\n\r\n" % (len(body), body)
    )
    status, _, answer = raw(served, data)
    assert status == 201 and b"trailed" in answer


def test_http_1_0_closes_unless_kept_alive(served: EndpointServer) -> None:
    with socket.create_connection((served.host, served.port), timeout=5) as sock:
        sock.sendall(b"GET /restapis HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        assert read_answer(sock)[0] == 200
        sock.sendall(b"GET /restapis HTTP/1.0\r\n\r\n")
        status, headers, _ = read_answer(sock)
        assert status == 200 and headers["connection"] == "close"
        assert sock.recv(1) == b""


def test_a_credential_scope_of_a_bad_region_is_refused(served: EndpointServer) -> None:
    signed = (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/eu_west_1/apigateway/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0123"
    )
    answer = raw(served, request("GET", "/restapis", Authorization=signed))
    assert "got 'eu_west_1'" in assert_json_error(answer, 400, "InvalidSignatureException")


def test_with_no_target_every_request_is_a_503() -> None:
    with EndpointServer(lambda: None) as server:
        answer = raw(server, request("GET", "/restapis"))
    assert assert_json_error(answer, 503, "ServiceUnavailableException") == "no mock is active"


def test_a_mock_error_caused_by_an_unexpected_one_is_a_500_and_logged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        try:
            raise KeyError("inner")
        except KeyError as error:
            raise MockError("the state went wrong") from error

    log = io.StringIO()
    target = Served(StateStore(seed=3), ACCOUNT)
    monkeypatch.setattr(engine, "answer", broken)
    with EndpointServer(lambda: target, log=log) as server:
        answer = raw(server, request("GET", "/restapis"))
    message = assert_json_error(answer, 500, "InternalFailure")
    assert message == "apigw_canary_mock failed: the state went wrong"
    assert "GET /restapis: internal error" in log.getvalue()
    assert "KeyError: 'inner'" in log.getvalue()


def test_an_error_outside_a_request_is_logged_and_the_server_goes_on(
    served: EndpointServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = io.StringIO()
    monkeypatch.setattr(served, "_log", log)

    def broken(connection: socket.socket) -> None:
        raise RuntimeError("handler broke")

    monkeypatch.setattr(served, "serve_connection", broken)
    with socket.create_connection((served.host, served.port), timeout=5) as sock:
        sock.sendall(request("GET", "/restapis"))
        assert sock.recv(1) == b""  # closed, no answer
    monkeypatch.undo()
    assert "connection from ('127.0.0.1'" in log.getvalue()
    assert "RuntimeError: handler broke" in log.getvalue()
    still_serving(served)


def test_a_client_that_goes_away_mid_answer_ends_only_its_connection(
    served: EndpointServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def gone(*args: Any, **kwargs: Any) -> bytes:
        raise BrokenPipeError(32, "Broken pipe")  # as sendall() to a client that went away

    monkeypatch.setattr(serve_module, "answer_bytes", gone)
    with socket.create_connection((served.host, served.port), timeout=5) as sock:
        sock.sendall(request("GET", "/restapis"))
        assert sock.recv(1) == b""  # its connection ended
    monkeypatch.undo()
    still_serving(served)


def test_an_ipv6_host_is_served_and_named_in_brackets() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    target = Served(StateStore(seed=3), ACCOUNT)
    try:
        server = EndpointServer(lambda: target, host="::1")
    except OSError:
        pytest.skip("::1 can not be bound here")
    with server:
        assert server.url == f"http://[::1]:{server.port}"
        with socket.create_connection(("::1", server.port), timeout=5) as sock:
            sock.sendall(request("GET", "/restapis"))
            assert read_answer(sock)[0] == 200


def test_close_is_idempotent_also_before_start_and_refuses_late_connections() -> None:
    server = EndpointServer(lambda: None)
    server.close()
    server.close()
    left, right = socket.socketpair()
    try:
        server.serve_connection(left)  # arrived while closing: not served
        right.settimeout(1)
        left.close()
        assert right.recv(1) == b""
    finally:
        right.close()


def test_serving_answers_for_its_context() -> None:
    target = Served(StateStore(seed=3), ACCOUNT)
    with serving(target, host="127.0.0.1", port=0, region="eu-west-1", log=None) as server:
        status, _, _ = raw(server, request("GET", "/restapis"))
        assert status == 200
    with pytest.raises(OSError):
        socket.create_connection((server.host, server.port), timeout=1).close()


def test_serve_refuses_a_port_in_use_in_plain_words() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(MockUsageError, match=f"can not listen on 127.0.0.1:{port}: "):
            serve_module.serve(
                state=None,
                host="127.0.0.1",
                port=port,
                account_id=ACCOUNT,
                region="us-east-1",
                seed=1,
                out=io.StringIO(),
                err=io.StringIO(),
            )


def test_the_mocks_own_refusal_is_answered_as_it_is_and_logged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuses(*args: Any, **kwargs: Any) -> Any:
        raise MockUsageError("PyYAML is not installed")

    log = io.StringIO()
    target = Served(StateStore(seed=3), ACCOUNT)
    monkeypatch.setattr(engine, "answer", refuses)
    with EndpointServer(lambda: target, log=log) as server:
        answer = raw(server, request("GET", "/restapis"))
    assert assert_json_error(answer, 501, "MockUsageError") == "PyYAML is not installed"
    assert "GET /restapis: MockUsageError: PyYAML is not installed" in log.getvalue()


def test_an_idle_connection_is_closed_without_an_answer() -> None:
    target = Served(StateStore(seed=3), ACCOUNT)
    with EndpointServer(lambda: target, limits=Limits(idle_seconds=0.2)) as server:
        with socket.create_connection((server.host, server.port), timeout=5) as sock:
            sock.sendall(b"\r\n")  # blank lines before a request: still idle
            assert sock.recv(1) == b""
        still_serving(server)
