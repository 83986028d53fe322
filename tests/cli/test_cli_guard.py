"""The run's HTTPS proxy (cli/guard.py): a client too old for the sitecustomize and the endpoint
variable is refused before it reaches API Gateway on AWS; every other host is tunnelled as
before the run, through the user's own proxy when one was set."""

from __future__ import annotations

import base64
import contextlib
import io
import os
import socket
import socketserver
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import botocore.exceptions
import botocore.session
import pytest
from botocore.config import Config

from apigw_canary_mock.cli.guard import GuardProxy, is_apigateway_host

ENDPOINT = "http://127.0.0.1:4570"
APIGATEWAY = "apigateway.us-east-1.amazonaws.com"


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        (APIGATEWAY, True),
        ("APIGATEWAY.EU-WEST-3.AMAZONAWS.COM", True),
        ("apigateway-fips.us-gov-west-1.amazonaws.com", True),
        ("apigateway.cn-north-1.amazonaws.com.cn", True),
        ("apigateway.us-east-1.api.aws", True),
        ("apigateway.us-east-1.amazonaws.com.", True),
        ("abc123defg.execute-api.us-east-1.amazonaws.com", False),  # a deployed API, not AWS's
        ("sts.amazonaws.com", False),
        ("s3.us-east-1.amazonaws.com", False),
        ("apigateway.example.com", False),
        ("apigateway.us-east-1.amazonaws.com.example.com", False),
        ("pypi.org", False),
    ],
)
def test_which_hosts_are_api_gateway_on_aws(host: str, refused: bool) -> None:
    assert is_apigateway_host(host) is refused


class Upstream(socketserver.ThreadingTCPServer):
    """A stand-in for the user's own proxy (and, through it, the internet): records each
    CONNECT head, answers ``status``, then echoes what comes through the tunnel."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, status: bytes = b"200 Connection established") -> None:
        super().__init__(("127.0.0.1", 0), self.Handler)
        self.status = status
        self.heads: list[str] = []

    @property
    def url(self) -> str:
        return f"http://user:p%40ss@127.0.0.1:{self.server_address[1]}"

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            server = self.server
            assert isinstance(server, Upstream)
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = self.request.recv(1)
                if not chunk:
                    return
                head += chunk
            server.heads.append(head.decode("latin-1"))
            self.request.sendall(b"HTTP/1.1 " + server.status + b"\r\nContent-Length: 0\r\n\r\n")
            with contextlib.suppress(OSError):
                while data := self.request.recv(4096):
                    self.request.sendall(data)


@contextlib.contextmanager
def serving(server: socketserver.TCPServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def ask(proxy_url: str, request: bytes) -> tuple[socket.socket, bytes]:
    """Send ``request`` to the proxy; the open connection and the answer's head."""
    host, port = proxy_url.rsplit("/", 1)[1].rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(request)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)
        if not chunk:
            break
        head += chunk
    return sock, head


def test_a_connect_to_api_gateway_is_refused_named_and_never_passed_on() -> None:
    log = io.StringIO()
    upstream = Upstream()
    with serving(upstream), GuardProxy(ENDPOINT, upstream.url, log) as proxy:
        sock, head = ask(proxy.url, f"CONNECT {APIGATEWAY}:443 HTTP/1.1\r\n\r\n".encode())
        with sock:
            body = sock.recv(4096).decode()
    assert head.startswith(b"HTTP/1.1 403 Forbidden\r\n")
    assert f"refused a connection to {APIGATEWAY}" in body
    assert "nothing was sent" in body and ENDPOINT in body
    assert log.getvalue().startswith(
        f"apigw-canary-mock run: error: refused a connection to {APIGATEWAY}"
    )
    assert proxy.refused == [APIGATEWAY]
    assert upstream.heads == []  # not a byte towards AWS


def test_other_hosts_are_tunnelled_through_the_users_proxy_with_its_credentials() -> None:
    upstream = Upstream()
    with serving(upstream), GuardProxy(ENDPOINT, upstream.url) as proxy:
        sock, head = ask(proxy.url, b"CONNECT s3.us-east-1.amazonaws.com:443 HTTP/1.1\r\n\r\n")
        with sock:
            assert head == b"HTTP/1.1 200 Connection established\r\n\r\n"
            sock.sendall(b"bytes of a TLS handshake")
            assert sock.recv(100) == b"bytes of a TLS handshake"
    assert len(upstream.heads) == 1
    request_line, *headers = upstream.heads[0].split("\r\n")
    assert request_line == "CONNECT s3.us-east-1.amazonaws.com:443 HTTP/1.1"
    token = base64.b64encode(b"user:p@ss").decode()
    assert f"Proxy-Authorization: Basic {token}" in headers


def test_without_a_users_proxy_the_tunnel_goes_straight_to_the_host() -> None:
    echo = Upstream()  # answers the tunnel's first bytes with its status line, then echoes
    port = echo.server_address[1]
    with serving(echo), GuardProxy(ENDPOINT) as proxy:
        sock, head = ask(proxy.url, f"CONNECT 127.0.0.1:{port} HTTP/1.1\r\n\r\n".encode())
        with sock:
            assert head == b"HTTP/1.1 200 Connection established\r\n\r\n"
            sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 200")
    assert echo.heads == ["GET / HTTP/1.1\r\n\r\n"]


def test_a_refusal_of_the_users_proxy_reaches_the_client() -> None:
    upstream = Upstream(status=b"407 Proxy Authentication Required")
    with serving(upstream), GuardProxy(ENDPOINT, upstream.url) as proxy:
        sock, head = ask(proxy.url, b"CONNECT pypi.org:443 HTTP/1.1\r\n\r\n")
        sock.close()
    assert head.startswith(b"HTTP/1.1 407 Proxy Authentication Required\r\n")


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET http://example.com/ HTTP/1.1\r\n\r\n", b"405"),
        (b"CONNECT example.com HTTP/1.1\r\n\r\n", b"400"),
        (b"CONNECT :443 HTTP/1.1\r\n\r\n", b"400"),
        (b"not a request\r\n\r\n", b"400"),
        (b"CONNECT 127.0.0.1:9 HTTP/1.1\r\n\r\n", b"502"),  # nothing listens there
    ],
)
def test_what_is_not_a_tunnel_gets_a_clear_answer(request_bytes: bytes, status: bytes) -> None:
    with GuardProxy(ENDPOINT) as proxy:
        sock, head = ask(proxy.url, request_bytes)
        sock.close()
    assert head.split(b" ")[1] == status


def test_an_old_botocore_through_the_proxy_fails_at_once_and_reaches_nothing() -> None:
    """botocore that reads no endpoint variable, with the run's proxy: a ProxyConnectionError
    at once, no retry reaches AWS (the proxy saw one refused CONNECT per attempt)."""
    upstream = Upstream()
    with serving(upstream), GuardProxy(ENDPOINT, upstream.url) as proxy:
        session = botocore.session.Session()
        client = session.create_client(
            "apigateway",
            region_name="us-east-1",
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            config=Config(
                proxies={"https": proxy.url},
                ignore_configured_endpoint_urls=True,
                retries={"total_max_attempts": 1},
            ),
        )
        with pytest.raises(botocore.exceptions.ProxyConnectionError):
            client.get_rest_apis()
    assert proxy.refused == [APIGATEWAY]
    assert upstream.heads == []


OLD_CLIENT = """
import botocore.session, botocore.exceptions
from botocore.config import Config
# An SDK from before AWS_ENDPOINT_URL_API_GATEWAY: it calls AWS's endpoint (through HTTPS_PROXY).
config = Config(ignore_configured_endpoint_urls=True, retries={"total_max_attempts": 1})
client = botocore.session.Session().create_client("apigateway", config=config)
try:
    client.get_rest_apis()
except botocore.exceptions.ProxyConnectionError as error:
    print("refused:", type(error).__name__)
"""

OTHER_HOST = """
import os, socket, urllib.parse
proxy = urllib.parse.urlsplit(os.environ["HTTPS_PROXY"])
with socket.create_connection((proxy.hostname, proxy.port)) as sock:
    sock.sendall(b"CONNECT pypi.org:443 HTTP/1.1\\r\\n\\r\\n")
    print("pypi.org:", sock.recv(100).split(b"\\r\\n")[0].decode())
"""


def under_run(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m apigw_canary_mock run -- bash -c script``, finished."""
    return subprocess.run(
        [sys.executable, "-m", "apigw_canary_mock", "run", "--", "bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.slow
def test_under_run_a_client_too_old_for_the_endpoint_fails_closed(tmp_path: Path) -> None:
    old_client = tmp_path / "old_client.py"
    old_client.write_text(textwrap.dedent(OLD_CLIENT))
    other_host = tmp_path / "other_host.py"
    other_host.write_text(textwrap.dedent(OTHER_HOST))
    upstream = Upstream()  # the user's proxy: the way to the internet
    env = {**os.environ, "HTTPS_PROXY": upstream.url, "AWS_DEFAULT_REGION": "us-east-1"}
    env.pop("https_proxy", None)
    for name in ("NO_PROXY", "no_proxy"):
        env.pop(name, None)
    # -I: no sitecustomize, so the mock is not inside it.
    steps = f"{sys.executable} -I {old_client}; {sys.executable} -I {other_host}"
    with serving(upstream):
        done = under_run(steps, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "refused: ProxyConnectionError",
        "pypi.org: HTTP/1.1 200 Connection established",
    ], done.stderr
    assert f"apigw-canary-mock run: error: refused a connection to {APIGATEWAY}" in done.stderr
    assert [head.split("\r\n")[0] for head in upstream.heads] == ["CONNECT pypi.org:443 HTTP/1.1"]


AWS_CLI_V2 = next(
    (
        path
        for path in ("/usr/bin/aws", "/usr/local/bin/aws")
        if os.path.exists(path)
        and subprocess.run([path, "--version"], capture_output=True, text=True).stdout.startswith(
            "aws-cli/2."
        )
    ),
    None,
)


@pytest.mark.slow
@pytest.mark.skipif(AWS_CLI_V2 is None, reason="needs the AWS CLI v2 (apt-get install awscli)")
def test_under_run_an_aws_cli_v2_that_reads_neither_fails_closed(tmp_path: Path) -> None:
    """The AWS CLI v2 without the run's sitecustomize (python -I, as a frozen binary) and
    told to ignore the endpoint variable (as a CLI older than 2.13 does)."""
    assert AWS_CLI_V2 is not None
    with open(AWS_CLI_V2, encoding="utf-8", errors="replace") as script:
        shebang = script.readline()
    if not shebang.startswith("#!") or "python" not in shebang:
        pytest.skip(f"{AWS_CLI_V2} is not a Python script: it can not be run without its site")
    python = shebang[2:].split()[0]
    upstream = Upstream()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "HTTPS_PROXY": upstream.url,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
    }
    ignore = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true"
    step = f"{ignore} {python} -I {AWS_CLI_V2} apigateway get-rest-apis"
    with serving(upstream):
        done = under_run(step, env)
    assert done.returncode != 0
    assert f"refused a connection to {APIGATEWAY}" in done.stderr
    assert upstream.heads == []
