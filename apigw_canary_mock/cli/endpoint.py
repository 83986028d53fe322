"""The apigateway endpoint of a run's processes: what a client the mock is not in reaches.

The run's ``sitecustomize`` starts the mock in every Python process it is loaded in. A process
where it is not loaded (``python -I`` or ``-E``, ``env -u PYTHONPATH python``, a Python of
another installation, the AWS CLI v2, any other SDK) would call AWS. So the run also exports
``AWS_ENDPOINT_URL_API_GATEWAY`` (read by botocore >= 1.31, the AWS CLI v2 and the other
current SDKs) set to ``endpoint()``'s URL: an address of this machine where nothing of AWS
answers. Such a client fails at once with a connection error, and never reaches AWS.

Where the mock is active, the variable changes nothing: the mock answers before any request
is built for the endpoint.

Today the address is a dead one. A run that serves a real local endpoint there only needs
another ``endpoint()``.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

#: The endpoint of the apigateway clients of every SDK (botocore >= 1.31).
ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_API_GATEWAY"
#: Would make botocore ignore ENDPOINT_VARIABLE (from the environment or the config file).
IGNORE_VARIABLE = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"


@contextlib.contextmanager
def endpoint() -> Iterator[str]:
    """A loopback URL that refuses connections for as long as the context lasts.

    A TCP port bound and never listened on: a connection to it is refused at once, and no
    other program can take the port while the run holds it.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        host, port = sock.getsockname()[:2]
        yield f"http://{host}:{port}"


def environment(url: str) -> dict[str, str]:
    """The variables that send every uncovered apigateway client to ``url``."""
    # "false" also overrides an ignore_configured_endpoint_urls = true in the config file.
    return {ENDPOINT_VARIABLE: url, IGNORE_VARIABLE: "false"}
