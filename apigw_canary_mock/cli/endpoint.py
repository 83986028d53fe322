"""The apigateway endpoint of a run: what answers the clients the mock is not inside.

The run's ``sitecustomize`` starts the mock in every Python process that has
apigw_canary_mock. Every other client (the AWS CLI v2, Node/Go/Java SDKs, Terraform, a Python
of another virtualenv, a Python started with ``-I``) is sent to a live endpoint instead:
``run`` serves ``python -m apigw_canary_mock serve``'s server in a thread of its own process,
on the run's state file, and exports ``AWS_ENDPOINT_URL_API_GATEWAY`` (read by botocore >=
1.31, the AWS CLI v2 >= 2.13 and the other current SDKs) set to its URL. Such a client is
answered from the same state as the Python steps, and never reaches AWS.

Where the mock is active, the variable changes nothing: the mock answers before any request
is built for the endpoint.

A client needs credentials to sign its requests (any will do: the endpoint checks none), so
the run sets dummy ones, only where the environment and the AWS config files configure none.
"""

from __future__ import annotations

import configparser
import contextlib
import os
from collections.abc import Iterator, Mapping
from typing import TextIO

from apigw_canary_mock.cli.serve import EndpointServer, Served
from apigw_canary_mock.persistence import SqliteStateStore

#: The endpoint of the apigateway clients of every SDK (botocore >= 1.31).
ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_API_GATEWAY"
#: Would make botocore ignore ENDPOINT_VARIABLE (from the environment or the config file).
IGNORE_VARIABLE = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
#: The dummy credentials a run sets where none are configured (nothing checks them).
DUMMY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "APIGWCANARYMOCKRUN",
    "AWS_SECRET_ACCESS_KEY": "apigw-canary-mock-run-accepts-any-signature",
}

# Any of these in the environment is a credential set-up of the user's (or a profile choice).
_CREDENTIAL_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)
# Keys of a profile that give it credentials, in the credentials or the config file.
_CREDENTIAL_KEYS = frozenset(
    {
        "aws_access_key_id",
        "credential_process",
        "credential_source",
        "role_arn",
        "web_identity_token_file",
        "sso_session",
        "sso_start_url",
        "sso_account_id",
        "login_session",
    }
)


@contextlib.contextmanager
def endpoint(
    state_file: str, account_id: str, region: str, log: TextIO | None = None
) -> Iterator[str]:
    """The URL of an endpoint answering from ``state_file``, for as long as the context lasts
    (loopback, a free port: no other program can take it meanwhile)."""
    store = SqliteStateStore(state_file)
    try:
        target = Served(store, account_id)
        with EndpointServer(lambda: target, region=region, log=log) as server:
            yield server.url
    finally:
        store.close()


def environment(url: str, env: Mapping[str, str]) -> dict[str, str]:
    """The variables that send every uncovered apigateway client to ``url`` (and let it sign:
    dummy credentials where ``env`` and the AWS config files configure none)."""
    # "false" also overrides an ignore_configured_endpoint_urls = true in the config file.
    variables = {ENDPOINT_VARIABLE: url, IGNORE_VARIABLE: "false"}
    if not has_credentials(env):
        variables.update(DUMMY_CREDENTIALS)
    return variables


def has_credentials(env: Mapping[str, str]) -> bool:
    """Whether ``env`` (or the AWS files it points at) configures credentials: a run then
    leaves them alone. A file that can not be read counts as configuring some."""
    if any(env.get(name) for name in _CREDENTIAL_VARIABLES):
        return True
    home = env.get("HOME") or os.path.expanduser("~")
    files = (
        (env.get("AWS_SHARED_CREDENTIALS_FILE") or os.path.join(home, ".aws", "credentials"), ""),
        (env.get("AWS_CONFIG_FILE") or os.path.join(home, ".aws", "config"), "profile "),
    )
    for path, prefix in files:
        if not os.path.exists(path):
            continue
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            return True
        for section in ("default", f"{prefix}default"):
            if parser.has_section(section) and _CREDENTIAL_KEYS & set(parser.options(section)):
                return True
    return False
