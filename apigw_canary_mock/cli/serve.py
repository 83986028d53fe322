"""``python -m apigw_canary_mock serve``: the emulator behind a local AWS endpoint, for any client.

A client of any language (the AWS CLI v2, the JavaScript, Go or Java SDKs, Terraform, a Python
of another virtualenv) reaches it through ``AWS_ENDPOINT_URL_API_GATEWAY`` or its own
endpoint setting. Each request is read off the connection here, routed and decoded by
``wire.http`` from botocore's model, answered by ``engine.answer`` exactly as an in-process
call is (same validation, same rendering: the same status, headers and body bytes), and the
rendered answer is written back as it is.

HTTP/1.1 with keep-alive, one thread per connection (the standard library's ThreadingMixIn).
Every request must be complete within ``Limits.request_seconds`` of its first byte (a
slowloris can not pin a thread for long); an idle connection is closed after
``Limits.idle_seconds``; a body over ``Limits.max_body`` is refused. No exception ends the
server: an unexpected one answers 500 with a JSON body and is logged on stderr.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import signal
import socket
import socketserver
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol, TextIO

from apigw_canary_mock import engine, operations, wire
from apigw_canary_mock.core.defaults import DEFAULT_REGION
from apigw_canary_mock.core.errors import ApiError
from apigw_canary_mock.core.store import StateStore
from apigw_canary_mock.engine.records import CallRecord
from apigw_canary_mock.errors import MockError, MockUsageError
from apigw_canary_mock.inspection.checks import check_region
from apigw_canary_mock.persistence import SqliteStateStore
from apigw_canary_mock.wire.http import (
    HttpRequest,
    Router,
    answer_bytes,
    credential_scope,
    decode,
    error_record,
    find_route,
    http_error,
    mock_error,
    unemulated_error,
)
from apigw_canary_mock.wire.response import AnswerRecord, answer_record

PROGRAM = "apigw_canary_mock serve"


class Target(Protocol):
    """What answers the requests: an account, an optional accounts map, a session."""

    @property
    def account_id(self) -> str: ...

    @property
    def accounts(self) -> Mapping[str, str]: ...

    @property
    def session(self) -> engine.Session: ...


class Served:
    """A Target of its own: one session over one store (``serve``, ``run``)."""

    def __init__(self, store: StateStore, account_id: str) -> None:
        self.account_id = account_id
        self.accounts: Mapping[str, str] = {}
        self.session = engine.Session(store)
        # Nobody reads a server's call log: a sink keeps a long-running server's memory flat.
        self.session.calls = _NoCalls()


class _NoCalls(list[CallRecord]):
    __slots__ = ()

    def append(self, item: CallRecord) -> None:
        pass


class Limits:
    """How much a connection may take (all settable, for tests)."""

    def __init__(
        self,
        *,
        max_body: int = 16 * 1024 * 1024,
        max_header: int = 64 * 1024,
        request_seconds: float = 10.0,
        idle_seconds: float = 60.0,
    ) -> None:
        self.max_body = max_body
        self.max_header = max_header
        self.request_seconds = request_seconds
        self.idle_seconds = idle_seconds


@functools.lru_cache(maxsize=1)
def _router() -> Router:
    # Compiled once per process, on the first request (loading the model costs ~50 ms).
    return Router(wire.service_model())


class EndpointServer:
    """The endpoint on ``host:port`` (0: a free port), answering from ``resolve()``'s target.

    ``start()`` serves in a background thread; ``close()`` stops, closing every connection.
    ``resolve`` is called per request: the pytest fixture of the acceptance suite points it at
    each test's mock; ``serve`` and ``run`` give one Served.
    """

    def __init__(
        self,
        resolve: Callable[[], Target | None],
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = DEFAULT_REGION,
        limits: Limits | None = None,
        log: TextIO | None = None,
    ) -> None:
        self._resolve = resolve
        self.region = region
        self.limits = limits or Limits()
        self._log = log
        self._connections: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closing = False
        self._thread: threading.Thread | None = None
        self._server = _TCPServer(self, host, port)
        address = self._server.server_address
        self.host: str = str(address[0])
        self.port: int = int(address[1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> EndpointServer:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # how soon close() returns
            name=f"{PROGRAM} {self.url}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and close every connection (idempotent)."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
            connections = list(self._connections)
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> EndpointServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- one connection ---------------------------------------------------------------

    def serve_connection(self, connection: socket.socket) -> None:
        with self._lock:
            if self._closing:
                return
            self._connections.add(connection)
        try:
            connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            reader = _Reader(connection, self.limits)
            while True:
                try:
                    request = reader.read_request()
                except ApiError as error:
                    # Malformed, too large or too slow: answer, then close (the rest of the
                    # stream can not be trusted to be where a request starts).
                    with contextlib.suppress(OSError):
                        connection.sendall(answer_bytes(error_record(error), close=True))
                    return
                if request is None:
                    return
                close = _wants_close(request)
                connection.sendall(answer_bytes(self.answer(request), close=close))
                if close:
                    return
        except OSError:
            return  # the client went away
        finally:
            with self._lock:
                self._connections.discard(connection)

    def answer(self, request: HttpRequest) -> AnswerRecord:
        """The HTTP answer to one request; never raises."""
        try:
            route, segments, query = find_route(_router(), request)
            model = route.operation_model
            if not engine.is_emulated(model.name):
                self._note(f"{request.method} {route.name}: not emulated (501)")
                raise unemulated_error(model.name, operations.OPERATIONS)
            target = self._resolve()
            if target is None:
                raise http_error(503, "ServiceUnavailableException", "no mock is active")
            decoded = decode(route, segments, query, request)
            account_id, region = self._who(request, target)
            http, _ = engine.answer(target.session, account_id, region, model, decoded.params)
            return answer_record(http)
        except ApiError as error:
            return error_record(error)
        except MockError as error:
            if error.__cause__ is None or isinstance(error.__cause__, MockError):
                # The mock's own refusal (an operation a document needs is not emulated,
                # PyYAML missing...): what an in-process client gets raised, as an answer.
                self._note(f"{request.method} {request.target}: {type(error).__name__}: {error}")
                return error_record(mock_error(error))
            return self._internal_error(request, error)
        except Exception as error:  # never let one request end the server
            return self._internal_error(request, error)

    def _internal_error(self, request: HttpRequest, error: Exception) -> AnswerRecord:
        self._note(f"{request.method} {request.target}: internal error\n{traceback.format_exc()}")
        text = error if isinstance(error, MockError) else f"{type(error).__name__}: {error}"
        return error_record(http_error(500, "InternalFailure", f"apigw_canary_mock failed: {text}"))

    def _who(self, request: HttpRequest, target: Target) -> tuple[str, str]:
        """The account and region of a request: the SigV4 credential scope's region (else
        the server's), the access key's account where an accounts map has it."""
        scope = credential_scope(request.headers)
        if scope is None:
            return target.account_id, self.region
        access_key, region = scope
        try:
            check_region(region, "the region of the request's credential scope")
        except MockUsageError as error:
            raise http_error(400, "InvalidSignatureException", str(error)) from None
        accounts = target.accounts
        return (
            accounts.get(access_key, target.account_id) if accounts else target.account_id
        ), region

    def _note(self, line: str) -> None:
        if self._log is not None:
            with contextlib.suppress(OSError, ValueError):
                self._log.write(f"{PROGRAM}: {line}\n")
                self._log.flush()


def _wants_close(request: HttpRequest) -> bool:
    connection = request.headers.get("connection", "").lower()
    if request.headers.get(":version") == "HTTP/1.0":
        return "keep-alive" not in connection
    return "close" in connection


class _TCPServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, endpoint: EndpointServer, host: str, port: int) -> None:
        self.endpoint = endpoint
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.endpoint._note(f"connection from {client_address}: {traceback.format_exc()}")


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        self.server.endpoint.serve_connection(self.request)


# -- reading a request ------------------------------------------------------------------------


class _Reader:
    """Reads HTTP/1.1 requests off one connection, within the limits."""

    def __init__(self, connection: socket.socket, limits: Limits) -> None:
        self._connection = connection
        self._limits = limits
        self._buffer = bytearray()
        self._deadline = 0.0

    def _fill(self) -> bool:
        """Read more into the buffer before the deadline; False at end of stream."""
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        self._connection.settimeout(remaining)
        chunk = self._connection.recv(65536)
        if not chunk:
            return False
        self._buffer += chunk
        return True

    def read_request(self) -> HttpRequest | None:
        """The next request; None when the client closed (or idled out) between requests."""
        limits = self._limits
        buffer = self._buffer
        self._deadline = time.monotonic() + limits.idle_seconds
        try:
            while not buffer.lstrip(b"\r\n"):
                del buffer[:]
                if not self._fill():
                    return None
        except (TimeoutError, ConnectionError):
            return None
        self._deadline = time.monotonic() + limits.request_seconds
        try:
            return self._read_rest()
        except TimeoutError:
            raise http_error(
                408,
                "RequestTimeoutException",
                f"the request was not complete within {limits.request_seconds:g} s",
            ) from None

    def _read_rest(self) -> HttpRequest:
        limits = self._limits
        buffer = self._buffer
        while bytes(buffer[:1]) in (b"\r", b"\n"):  # empty lines before a request are allowed
            del buffer[:1]
        while True:
            end = buffer.find(b"\r\n\r\n")
            # A head ended by bare newlines ends there, even when a CRLF pair follows in the body.
            bare = buffer.find(b"\n\n", 0, len(buffer) if end < 0 else end)
            if bare >= 0:
                head, rest = bytes(buffer[:bare]), bare + 2
                end = bare
                break
            if end >= 0:
                head, rest = bytes(buffer[:end]), end + 4
                break
            if len(buffer) > limits.max_header:
                raise _too_large_headers(limits)
            if not self._fill():
                raise http_error(400, "BadRequestException", "the request ended in its headers")
        if end > limits.max_header:
            raise _too_large_headers(limits)
        del buffer[:rest]
        method, target, headers = _parse_head(head)
        body = self._read_body(headers)
        return HttpRequest(method, target, headers, body)

    def _read_body(self, headers: dict[str, str]) -> bytes:
        limits = self._limits
        if "transfer-encoding" in headers:
            if "content-length" in headers:
                raise http_error(
                    400, "BadRequestException", "both Transfer-Encoding and Content-Length"
                )
            if headers["transfer-encoding"].strip().lower() != "chunked":
                raise http_error(
                    400, "BadRequestException", "only the chunked transfer encoding is read"
                )
            self._continue(headers)
            return self._read_chunked()
        text = headers.get("content-length", "0").strip()
        if not text.isdigit() or len(text) > 18:
            raise http_error(400, "BadRequestException", "Content-Length is not a number")
        length = int(text)
        if length > limits.max_body:
            raise _too_large_body(limits)
        if length:
            self._continue(headers)
        return self._take(length)

    def _continue(self, headers: Mapping[str, str]) -> None:
        if headers.get("expect", "").lower() == "100-continue" and not self._buffer:
            self._connection.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")

    def _take(self, length: int) -> bytes:
        buffer = self._buffer
        while len(buffer) < length:
            if not self._fill():
                raise http_error(400, "BadRequestException", "the request ended in its body")
        body = bytes(buffer[:length])
        del buffer[:length]
        return body

    def _line(self) -> bytes:
        buffer = self._buffer
        while (end := buffer.find(b"\n")) < 0:
            if len(buffer) > self._limits.max_header:
                raise _too_large_headers(self._limits)
            if not self._fill():
                raise http_error(400, "BadRequestException", "the request ended in its body")
        line = bytes(buffer[:end]).rstrip(b"\r")
        del buffer[: end + 1]
        return line

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size_text = self._line().partition(b";")[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise http_error(400, "BadRequestException", "a bad chunk size") from None
            if size < 0 or len(body) + size > self._limits.max_body:
                raise _too_large_body(self._limits)
            if size == 0:
                while self._line():  # trailers, up to the empty line
                    pass
                return bytes(body)
            body += self._take(size)
            if self._take(2) != b"\r\n":
                raise http_error(400, "BadRequestException", "a chunk without its CRLF")


def _parse_head(head: bytes) -> tuple[str, str, dict[str, str]]:
    try:
        text = head.decode("latin-1")
    except UnicodeDecodeError:  # pragma: no cover  (latin-1 decodes every byte)
        raise http_error(400, "BadRequestException", "unreadable headers") from None
    lines = text.replace("\r\n", "\n").split("\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[0].isalpha() or not parts[2].startswith("HTTP/1."):
        raise http_error(
            400, "BadRequestException", f"not an HTTP/1.x request line: {lines[0][:100]!r}"
        )
    method, target, version = parts
    headers: dict[str, str] = {":version": version}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip() or line[:1] in (" ", "\t"):
            raise http_error(400, "BadRequestException", f"a malformed header line: {line[:100]!r}")
        key = name.lower()
        value = value.strip()
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    return method.upper(), target, headers


def _too_large_body(limits: Limits) -> ApiError:
    return http_error(
        413,
        "RequestEntityTooLargeException",
        f"the request body is over {limits.max_body} bytes",
    )


def _too_large_headers(limits: Limits) -> ApiError:
    return http_error(
        431,
        "RequestHeaderFieldsTooLargeException",
        f"the request headers are over {limits.max_header} bytes",
    )


# -- the command --------------------------------------------------------------------------------


@contextlib.contextmanager
def serving(
    target: Target, *, host: str, port: int, region: str, log: TextIO | None
) -> Iterator[EndpointServer]:
    """An EndpointServer answering from ``target``, for the duration of the context."""
    server = EndpointServer(lambda: target, host=host, port=port, region=region, log=log)
    with server:
        yield server


def open_store(state: str | None, seed: int | None) -> StateStore:
    return StateStore(seed=seed) if state is None else SqliteStateStore(state, seed=seed)


def serve(
    *,
    state: str | None,
    host: str,
    port: int,
    account_id: str,
    region: str,
    seed: int | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """Serve until SIGINT or SIGTERM; prints the URL alone on ``out`` first."""
    store = open_store(state, seed)
    target = Served(store, account_id)
    stop = threading.Event()
    handled = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda *_: stop.set()) for signum in handled}
    try:
        try:
            server = EndpointServer(lambda: target, host=host, port=port, region=region, log=err)
        except OSError as error:
            raise MockUsageError(f"can not listen on {host}:{port}: {error.strerror}") from None
        with server:
            _router()  # before the URL is printed: the first request is as fast as any
            # What is loaded now (the service model, botocore) lives as long as the server:
            # out of the collector's sight, a full collection no longer walks it mid-request.
            gc.freeze()
            print(server.url, file=out, flush=True)
            where = f"state file {state}" if state else "in memory"
            print(
                f"{PROGRAM}: listening on {server.url} (account {account_id}, default region "
                f"{region}, state {where}); export AWS_ENDPOINT_URL_API_GATEWAY={server.url} "
                "for any AWS SDK or the AWS CLI v2. Ctrl-C or SIGTERM stops it.",
                file=err,
                flush=True,
            )
            while not stop.wait(0.5):
                pass
        print(f"{PROGRAM}: stopped", file=err, flush=True)
        return 0
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        store.close()
