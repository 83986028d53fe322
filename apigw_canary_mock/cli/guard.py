"""The HTTPS proxy of a run: API Gateway's AWS endpoints refused, every other host tunnelled.

A client the run's sitecustomize is not inside, and too old to read
``AWS_ENDPOINT_URL_API_GATEWAY`` (an AWS CLI v2 before 2.13, botocore before 1.31, an older Go
SDK, Terraform's provider), would call ``apigateway.<region>.amazonaws.com``. Such clients
honour ``HTTPS_PROXY``, so ``run`` points it at this proxy: a CONNECT to an API Gateway host of
AWS is refused before a byte reaches AWS (403, and a line on the run's stderr naming the
host); a CONNECT to any other host is tunnelled as it was before the run, through the user's
own HTTPS proxy when one was set. Only CONNECT is served: ``HTTPS_PROXY`` is only used for
``https://`` URLs, and the tunnel stays end-to-end TLS (nothing is decrypted here).
"""

from __future__ import annotations

import base64
import contextlib
import re
import socket
import socketserver
import threading
import urllib.parse
from collections.abc import Iterator
from typing import TextIO

from apigw_canary_mock.cli import prog

COMMAND = "run"
#: The variables a run sets to this proxy's URL (curl reads only the lower-case one).
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy")
#: Makes Node (>= 22.21 / 24.5) honour HTTPS_PROXY too, whatever the SDK's version.
NODE_VARIABLES = {"NODE_USE_ENV_PROXY": "1"}


def environment(proxy_url: str) -> dict[str, str]:
    """The variables that send a run's HTTPS clients through the proxy at ``proxy_url``."""
    return {**dict.fromkeys(PROXY_VARIABLES, proxy_url), **NODE_VARIABLES}


# API Gateway's control plane in every AWS partition (the FIPS and dual-stack names included);
# <id>.execute-api... (calling a deployed API) is not the control plane and is tunnelled.
_APIGATEWAY_HOST = re.compile(
    r"apigateway(?:-fips)?\.[a-z0-9-]+\."
    r"(?:amazonaws\.com(?:\.cn)?|api\.aws|api\.amazonwebservices\.com\.cn|c2s\.ic\.gov"
    r"|sc2s\.sgov\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)\.?",
    re.IGNORECASE,
)
_MAX_HEAD = 64 * 1024
_HEAD_SECONDS = 30.0
_CONNECT_SECONDS = 30.0
_CHUNK = 64 * 1024


def is_apigateway_host(host: str) -> bool:
    """Whether ``host`` is one of API Gateway's AWS endpoints (control plane)."""
    return _APIGATEWAY_HOST.fullmatch(host) is not None


def refusal_message(host: str, endpoint_url: str) -> str:
    """What the run says when a client tried to reach API Gateway on AWS."""
    return (
        f"refused a connection to {host}: an apigateway client that reads neither the run's "
        f"sitecustomize nor AWS_ENDPOINT_URL_API_GATEWAY (too old?) tried to reach AWS; nothing "
        f"was sent. Point it at the run's endpoint, {endpoint_url}"
    )


class GuardProxy(socketserver.ThreadingTCPServer):
    """A CONNECT proxy on loopback, a free port; a thread per connection."""

    daemon_threads = True
    block_on_close = False

    def __init__(
        self, endpoint_url: str, upstream: str | None = None, log: TextIO | None = None
    ) -> None:
        super().__init__(("127.0.0.1", 0), _Tunnel)
        self.endpoint_url = endpoint_url
        self.upstream = _Upstream.parse(upstream) if upstream else None
        self.log = log
        self.refused: list[str] = []
        self._log_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def refuse(self, host: str) -> str:
        message = refusal_message(host, self.endpoint_url)
        with self._log_lock:
            self.refused.append(host)
            if self.log is not None:
                print(prog.error(COMMAND, message), file=self.log, flush=True)
        return message

    def __enter__(self) -> GuardProxy:
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join()


class _Upstream:
    """The user's own HTTPS proxy, which the tunnels go through."""

    def __init__(self, host: str, port: int, authorization: str | None) -> None:
        self.host, self.port, self.authorization = host, port, authorization

    @classmethod
    def parse(cls, url: str) -> _Upstream | None:
        if "://" not in url:
            url = "http://" + url  # "host:port", as curl and botocore read it
        parts = urllib.parse.urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return None
        if parts.hostname is None or parts.scheme not in ("http", "https"):
            return None  # not a proxy this relay can speak to: tunnel directly
        authorization = None
        if parts.username is not None:
            user = urllib.parse.unquote(parts.username)
            password = urllib.parse.unquote(parts.password or "")
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            authorization = f"Basic {token}"
        return cls(parts.hostname, port, authorization)


class _Tunnel(socketserver.BaseRequestHandler):
    server: GuardProxy
    request: socket.socket

    def handle(self) -> None:
        client = self.request
        client.settimeout(_HEAD_SECONDS)
        try:
            head = _read_head(client)
        except (OSError, ValueError):
            return
        if head is None:
            _answer(client, 400, "Bad Request", "a malformed or oversized request head")
            return
        method, target = head
        if method != "CONNECT":
            _answer(client, 405, "Method Not Allowed", "this proxy only tunnels (CONNECT)")
            return
        host, _, port_text = target.rpartition(":")
        host = host.strip("[]")
        if not host or not port_text.isdigit():
            _answer(client, 400, "Bad Request", f"not a host:port: {target}")
            return
        if is_apigateway_host(host):
            _answer(client, 403, "Forbidden", self.server.refuse(host))
            return
        try:
            remote = self._open(host, int(port_text))
        except OSError as error:
            _answer(client, 502, "Bad Gateway", f"can not reach {target}: {error}")
            return
        except _UpstreamRefused as refused:
            client.sendall(refused.answer)
            return
        with remote:
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            client.settimeout(None)
            remote.settimeout(None)
            _relay(client, remote)

    def _open(self, host: str, port: int) -> socket.socket:
        upstream = self.server.upstream
        if upstream is None:
            return socket.create_connection((host, port), timeout=_CONNECT_SECONDS)
        remote = socket.create_connection((upstream.host, upstream.port), timeout=_CONNECT_SECONDS)
        try:
            authority = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
            lines = [f"CONNECT {authority} HTTP/1.1", f"Host: {authority}"]
            if upstream.authorization:
                lines.append(f"Proxy-Authorization: {upstream.authorization}")
            remote.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
            answer = _read_until_blank_line(remote)
            status = answer.split(b" ", 2)[1:2]
            if status != [b"200"]:
                raise _UpstreamRefused(answer)
        except BaseException:
            remote.close()
            raise
        return remote


class _UpstreamRefused(Exception):
    def __init__(self, answer: bytes) -> None:
        super().__init__("the upstream proxy refused the tunnel")
        self.answer = answer


def _read_until_blank_line(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > _MAX_HEAD:
            raise ValueError("oversized head")
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def _read_head(client: socket.socket) -> tuple[str, str] | None:
    """(method, target) of the request, None when it is not a request line. Reads exactly
    the head: a CONNECT's client sends nothing more before the answer."""
    data = b""
    while b"\r\n\r\n" not in data:
        if len(data) > _MAX_HEAD:
            return None
        byte = client.recv(1)  # byte by byte: nothing past the head may be swallowed
        if not byte:
            return None
        data += byte
    request_line = data.split(b"\r\n", 1)[0].decode("latin-1")
    parts = request_line.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        return None
    return parts[0], parts[1]


def _answer(client: socket.socket, status: int, reason: str, message: str) -> None:
    body = (message + "\n").encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    with contextlib.suppress(OSError):
        client.sendall(head.encode("ascii") + body)


def _relay(client: socket.socket, remote: socket.socket) -> None:
    """Bytes both ways until either side closes."""

    def pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while chunk := source.recv(_CHUNK):
                sink.sendall(chunk)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    upstream = threading.Thread(target=pump, args=(remote, client), daemon=True)
    upstream.start()
    pump(client, remote)
    upstream.join()


@contextlib.contextmanager
def guarding(endpoint_url: str, upstream: str | None, log: TextIO | None) -> Iterator[str]:
    """The URL of a running GuardProxy, for as long as the context lasts."""
    with GuardProxy(endpoint_url, upstream, log) as proxy:
        yield proxy.url
