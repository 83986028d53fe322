"""Side-by-side benchmark: apigw_canary_mock vs botocore's Stubber vs moto's mock_aws.

    python benchmarks/bench.py            # full run (a few minutes)
    python benchmarks/bench.py --quick    # smoke run (seconds), what CI may run

Every figure comes from the same run on the same machine. Per-call figures are the median over
repetitions of the mean time of a batch of calls. Stubber answers pre-queued responses (queued
before timing) with no state at all: it is the floor of botocore's own client machinery.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import boto3
import botocore
from botocore.stub import Stubber

from apigw_canary_mock import mock_apigateway

REGION = "us-east-1"
FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
}


@dataclass
class Config:
    calls: int
    repeats: int
    big: int  # stages for GetStages "over 1,000" and the growth series' middle point
    huge: int  # stages for the growth series' last point and the memory figure
    moto_calls: int
    subprocess_runs: int


FULL = Config(calls=1000, repeats=5, big=1000, huge=10_000, moto_calls=300, subprocess_runs=7)
QUICK = Config(calls=100, repeats=2, big=200, huge=1000, moto_calls=30, subprocess_runs=2)


@dataclass
class Results:
    rows: list[tuple[str, float | None, float | None, float | None, str]] = field(
        default_factory=list
    )
    notes: list[str] = field(default_factory=list)


def per_call(fn: Callable[[int], None], calls: int, repeats: int) -> float:
    """Median over `repeats` of the mean seconds per call of `fn(i)` for i in range(calls)."""
    samples = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        for i in range(calls):
            fn(i)
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


# --- the scenario, driven through a boto3 client --------------------------------------------


class Scenario:
    """An API with a deployable method, a `prod` stage on deployment v1, `extra` more stages."""

    def __init__(self, client: Any, extra_stages: int = 0) -> None:
        self.client = client
        api = client.create_rest_api(name="bench")
        self.api_id: str = api["id"]
        client.put_method(
            restApiId=self.api_id,
            resourceId=api["rootResourceId"],
            httpMethod="GET",
            authorizationType="NONE",
        )
        client.put_integration(
            restApiId=self.api_id, resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK"
        )
        self.deployment_id: str = client.create_deployment(restApiId=self.api_id)["id"]
        self.canary_id: str = client.create_deployment(restApiId=self.api_id)["id"]
        client.create_stage(
            restApiId=self.api_id, stageName="prod", deploymentId=self.deployment_id
        )
        for n in range(extra_stages):
            client.create_stage(
                restApiId=self.api_id, stageName=f"s{n}", deploymentId=self.deployment_id
            )

    def create_stage(self, i: int) -> None:
        self.client.create_stage(
            restApiId=self.api_id,
            stageName=f"new{i}_{time.perf_counter_ns()}",
            deploymentId=self.deployment_id,
        )

    def get_stage(self, i: int) -> None:
        self.client.get_stage(restApiId=self.api_id, stageName="prod")

    def update_stage(self, i: int) -> None:
        self.client.update_stage(
            restApiId=self.api_id, stageName="prod", patchOperations=CANARY_PATCH(i)
        )

    def create_canary_deployment(self, i: int) -> None:
        self.client.create_deployment(
            restApiId=self.api_id,
            stageName="prod",
            canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"v": "canary"}},
        )

    def get_stages(self, i: int) -> None:
        self.client.get_stages(restApiId=self.api_id)


def CANARY_PATCH(i: int) -> list[dict[str, str]]:
    return [
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": str(i % 100)},
        {"op": "replace", "path": "/canarySettings/stageVariableOverrides/color", "value": "green"},
        {"op": "replace", "path": "/canarySettings/useStageCache", "value": "false"},
    ]


OPERATIONS = [
    ("CreateStage", "create_stage", 0),
    ("GetStage", "get_stage", 0),
    ("UpdateStage (3-op canary patch)", "update_stage", 0),
    ("CreateDeployment (canary)", "create_canary_deployment", 0),
    ("GetStages (10 stages)", "get_stages", 9),
]


@contextmanager
def fake_credentials() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in FAKE_ENV}
    os.environ.update(FAKE_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _listen(**kwargs: Any) -> None:
    """A foreign before-call listener: the client's calls take botocore's full path."""


def measure_ours(
    method: str, extra: int, cfg: Config, calls: int | None = None, full_path: bool = False
) -> float:
    with mock_apigateway():
        client = boto3.client("apigateway", region_name=REGION)
        if full_path:
            client.meta.events.register("before-call.apigateway", _listen)
        scenario = Scenario(client, extra)
        return per_call(getattr(scenario, method), calls or cfg.calls, cfg.repeats)


def measure_moto(method: str, extra: int, cfg: Config) -> float | None:
    try:
        from moto import mock_aws
    except ImportError:
        return None
    with fake_credentials(), mock_aws():
        client = boto3.client("apigateway", region_name=REGION)
        scenario = Scenario(client, extra)
        return per_call(getattr(scenario, method), cfg.moto_calls, max(1, cfg.repeats // 2) + 1)


def _sample_response(scenario: Scenario, method: str) -> tuple[str, dict[str, Any]]:
    """The boto3 operation behind `method` and a realistic answer of it (taken from the mock)."""
    client, api_id = scenario.client, scenario.api_id
    samples: dict[str, tuple[str, Callable[[], dict[str, Any]]]] = {
        "create_stage": (
            "create_stage",
            lambda: client.get_stage(restApiId=api_id, stageName="prod"),
        ),
        "get_stage": ("get_stage", lambda: client.get_stage(restApiId=api_id, stageName="prod")),
        "update_stage": (
            "update_stage",
            lambda: client.update_stage(
                restApiId=api_id, stageName="prod", patchOperations=CANARY_PATCH(1)
            ),
        ),
        "create_canary_deployment": (
            "create_deployment",
            lambda: client.create_deployment(restApiId=api_id),
        ),
        "get_stages": ("get_stages", lambda: client.get_stages(restApiId=api_id)),
    }
    operation, make = samples[method]
    answer = make()
    answer.pop("ResponseMetadata", None)
    return operation, answer


def measure_stubber(method: str, extra: int, cfg: Config, calls: int) -> float:
    """The same calls answered by Stubber: one response queued per call before timing."""
    with mock_apigateway():
        scenario = Scenario(boto3.client("apigateway", region_name=REGION), extra)
        operation, sample = _sample_response(scenario, method)

    with fake_credentials():
        client = boto3.client("apigateway", region_name=REGION)
    stubbed = Scenario.__new__(Scenario)
    stubbed.client, stubbed.api_id = client, scenario.api_id
    stubbed.deployment_id = scenario.deployment_id
    call = getattr(stubbed, method)
    samples = []
    with Stubber(client) as stubber:
        for _ in range(cfg.repeats):
            for _ in range(calls):
                stubber.add_response(operation, sample)
            gc.collect()
            start = time.perf_counter()
            for i in range(calls):
                call(i)
            samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


# --- aiobotocore clients (aioboto3 uses them) -------------------------------------------------

ASYNC_CALLS: dict[str, Callable[[Any, Scenario, int], Any]] = {
    "get_stage": lambda client, s, i: client.get_stage(restApiId=s.api_id, stageName="prod"),
    "update_stage": lambda client, s, i: client.update_stage(
        restApiId=s.api_id, stageName="prod", patchOperations=CANARY_PATCH(i)
    ),
}


def measure_async(method: str, cfg: Config, stubbed: bool) -> float | None:
    """The same calls from an aiobotocore client: the mock's, or Stubber's pre-queued answers."""
    try:
        import asyncio

        import aiobotocore.session  # type: ignore[import-untyped]
    except ImportError:
        return None
    call = ASYNC_CALLS[method]

    async def timed(client: Any, scenario: Scenario, before_each: Callable[[], None]) -> float:
        samples = []
        for _ in range(cfg.repeats):
            before_each()
            gc.collect()
            start = time.perf_counter()
            for i in range(cfg.calls):
                await call(client, scenario, i)
            samples.append((time.perf_counter() - start) / cfg.calls)
        return statistics.median(samples)

    async def run() -> float:
        session = aiobotocore.session.get_session()
        with mock_apigateway():
            scenario = Scenario(boto3.client("apigateway", region_name=REGION))
            operation, sample = _sample_response(scenario, method)
            if not stubbed:
                async with session.create_client("apigateway", region_name=REGION) as client:
                    return await timed(client, scenario, lambda: None)
        with fake_credentials():
            async with session.create_client("apigateway", region_name=REGION) as client:
                with Stubber(client) as stubber:

                    def queue() -> None:
                        for _ in range(cfg.calls):
                            stubber.add_response(operation, sample)

                    return await timed(client, scenario, queue)

    return asyncio.run(run())


# --- cold start, in fresh interpreters -----------------------------------------------------

IMPORT_PROBE = """
import time, json
t0 = time.perf_counter(); import boto3; t1 = time.perf_counter()
import {module}; t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""

FIRST_ANSWER_PROBE = """
import time, json, os, boto3
{setup}
client = boto3.client("apigateway", region_name="us-east-1")
t0 = time.perf_counter()
{start}
client.get_rest_apis()
print(json.dumps(time.perf_counter() - t0))
"""


# Bytecode caches for the probes, in a directory of their own: a machine that sets
# PYTHONDONTWRITEBYTECODE (or a read-only checkout) would otherwise time the compiler on
# every import of this library, while boto3's own .pyc files (written by pip) are used.
_PYCACHE = tempfile.mkdtemp(prefix="apigw-bench-pycache-")
atexit.register(shutil.rmtree, _PYCACHE, ignore_errors=True)


def run_probe(
    code: str, env_extra: dict[str, str] | None = None, *, bytecode_cache: bool = True
) -> Any:
    env = dict(os.environ)
    env.update(env_extra or {})
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_start(cfg: Config, results: Results) -> None:
    boto3_alone, ours_added, moto_added = [], [], []
    # Warm-up runs write the bytecode caches (as a first import after pip install would).
    run_probe(IMPORT_PROBE.format(module="apigw_canary_mock"))
    run_probe(
        FIRST_ANSWER_PROBE.format(
            setup="from apigw_canary_mock import mock_apigateway; m = mock_apigateway()",
            start="m.start()",
        )
    )
    with suppress(subprocess.CalledProcessError):
        run_probe(IMPORT_PROBE.format(module="moto"))
    for _ in range(cfg.subprocess_runs):
        b, a = run_probe(IMPORT_PROBE.format(module="apigw_canary_mock"))
        boto3_alone.append(b)
        ours_added.append(a)
        with suppress(subprocess.CalledProcessError):  # moto is optional
            moto_added.append(run_probe(IMPORT_PROBE.format(module="moto"))[1])
    med = statistics.median
    uncached = [
        run_probe(IMPORT_PROBE.format(module="apigw_canary_mock"), bytecode_cache=False)[1]
        for _ in range(cfg.subprocess_runs)
    ]
    results.notes.append(f"import boto3 alone: {med(boto3_alone) * 1e3:.1f} ms (reference)")
    results.notes.append(
        "imports timed with bytecode caches (.pyc), as after pip install; without them "
        f"(compiling every module's source) the import adds {med(uncached) * 1e3:.1f} ms"
    )
    results.rows.append(
        (
            "import added over boto3 (ms)",
            med(ours_added) * 1e3,
            None,
            med(moto_added) * 1e3 if moto_added else None,
            "goal <= 25 ms",
        )
    )
    ours_first = [
        run_probe(
            FIRST_ANSWER_PROBE.format(
                setup="from apigw_canary_mock import mock_apigateway; m = mock_apigateway()",
                start="m.start()",
            )
        )
        for _ in range(cfg.subprocess_runs)
    ]
    moto_first = []
    for _ in range(cfg.subprocess_runs):
        with suppress(subprocess.CalledProcessError):
            moto_first.append(
                run_probe(
                    FIRST_ANSWER_PROBE.format(
                        setup="from moto import mock_aws; m = mock_aws()", start="m.start()"
                    ),
                    FAKE_ENV,
                )
            )
    results.rows.append(
        (
            "start() to first answer (ms)",
            med(ours_first) * 1e3,
            None,
            med(moto_first) * 1e3 if moto_first else None,
            "goal <= 5 ms",
        )
    )


# --- growth and memory ---------------------------------------------------------------------


def growth(cfg: Config, results: Results) -> None:
    for method, label in (("get_stage", "GetStage"), ("update_stage", "UpdateStage")):
        series = []
        for stages in (10, cfg.big, cfg.huge):
            us = measure_ours(method, stages - 1, cfg) * 1e6
            series.append(us)
            results.rows.append((f"{label} with {stages:,} stages (us)", us, None, None, "growth"))
        spread = (max(series) - min(series)) / min(series) * 100
        results.notes.append(
            f"{label}: {' / '.join(f'{v:.1f}' for v in series)} us from 10 to {cfg.huge:,} "
            f"stages: spread {spread:.1f} % (goal <= 10 %)"
        )


def memory(cfg: Config, results: Results) -> None:
    gc.collect()
    with mock_apigateway():
        client = boto3.client("apigateway", region_name=REGION)
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        Scenario(client, cfg.huge - 1)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    results.rows.append(
        (
            f"memory for {cfg.huge:,} stages (MB)",
            (after - before) / 1e6,
            None,
            None,
            "goal <= 50 MB",
        )
    )


# --- a file-backed state (--state FILE) ----------------------------------------------------


def state_file(cfg: Config, results: Results) -> None:
    """Per-call cost with the state in a SQLite file (one transaction per call)."""
    with tempfile.TemporaryDirectory() as tmp, mock_apigateway(state=f"{tmp}/bench.db"):
        scenario = Scenario(boto3.client("apigateway", region_name=REGION))
        get = per_call(scenario.get_stage, cfg.calls, cfg.repeats) * 1e6
        update = per_call(scenario.update_stage, cfg.calls, cfg.repeats) * 1e6
    results.rows.append(
        (
            "GetStage / UpdateStage with --state file (us/call)",
            max(get, update),
            None,
            None,
            f"GetStage {get:,.0f} / UpdateStage {update:,.0f} us; goal <= 1,000 us",
        )
    )


def state_file_growth(cfg: Config, results: Results) -> None:
    """File-backed UpdateStage and GetStage with 10 stages vs `big` stages of 50 variables each
    (one API): a call writes only its stage's row, so the two should cost the same."""
    variables = {f"v{n}": f"value-{n}" for n in range(50)}
    costs: dict[int, tuple[float, float]] = {}
    for stages in (10, cfg.big):
        with tempfile.TemporaryDirectory() as tmp, mock_apigateway(state=f"{tmp}/bench.db"):
            client = boto3.client("apigateway", region_name=REGION)
            scenario = Scenario(client)
            for n in range(stages - 1):
                client.create_stage(
                    restApiId=scenario.api_id,
                    stageName=f"s{n}",
                    deploymentId=scenario.deployment_id,
                    variables=variables,
                )
            client.update_stage(
                restApiId=scenario.api_id,
                stageName="prod",
                patchOperations=[
                    {"op": "replace", "path": f"/variables/{k}", "value": v}
                    for k, v in variables.items()
                ],
            )
            update = per_call(scenario.update_stage, cfg.calls // 2, cfg.repeats) * 1e6
            get = per_call(scenario.get_stage, cfg.calls // 2, cfg.repeats) * 1e6
        costs[stages] = (update, get)
    (small_update, small_get), (big_update, big_get) = costs[10], costs[cfg.big]
    results.rows.append(
        (
            f"UpdateStage --state, {cfg.big:,} stages x 50 vars (us)",
            big_update,
            None,
            None,
            f"10 stages: {small_update:,.0f} us ({big_update / small_update:.2f} x); "
            f"GetStage {small_get:,.0f} / {big_get:,.0f} us; goal: big = small",
        )
    )


# --- ImportRestApi ---------------------------------------------------------------------------


def openapi_document(paths: int) -> bytes:
    """A Swagger document of ``paths`` paths (20 top-level resources), each with a GET proxied
    over HTTP (path and query parameters) and a MOCK POST: ``paths`` x 2 methods, integrations."""
    items: dict[str, Any] = {}
    for i in range(paths):
        items[f"/service{i % 20}/items{i}/{{id}}"] = {
            "get": {
                "operationId": f"getItem{i}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "type": "string"},
                    {"name": "q", "in": "query", "type": "string"},
                ],
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy",
                    "httpMethod": "GET",
                    "uri": f"https://example.com/items{i}/{{id}}",
                    "requestParameters": {"integration.request.path.id": "method.request.path.id"},
                },
            },
            "post": {
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                }
            },
        }
    document = {"swagger": "2.0", "info": {"title": "bench", "version": "1"}, "paths": items}
    return json.dumps(document).encode()


def import_openapi(cfg: Config, results: Results) -> None:
    """ImportRestApi of a 200-path document through boto3 (goal <= 50 ms)."""
    body = openapi_document(200)
    with mock_apigateway():
        client = boto3.client("apigateway", region_name=REGION)
        client.import_rest_api(body=body)  # warm: the model, the validation checker
        ms = per_call(lambda i: client.import_rest_api(body=body), 5, cfg.repeats) * 1e3
    results.rows.append(
        (
            "ImportRestApi, 200 paths / 400 methods (ms)",
            ms,
            None,
            None,
            "goal <= 50 ms; resources, methods, integrations",
        )
    )


# --- through the endpoint (serve) vs moto's server mode --------------------------------------

_SIGNED = (
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/apigateway/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=" + "0" * 64
)


class _RawClient:
    """One keep-alive HTTP/1.1 connection (http.client), sending what an SDK sends: JSON
    bodies, a SigV4-shaped Authorization header (neither server checks signatures)."""

    def __init__(self, url: str) -> None:
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": _SIGNED, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {content[:200]!r}")
        return json.loads(content) if content else None

    def close(self) -> None:
        self.connection.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _server(command: list[str], url: str | None = None) -> Iterator[str]:
    """A server subprocess; ``url`` None: the server prints it first (ours)."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        if url is None:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
        deadline = time.monotonic() + 30
        while True:  # until it answers
            try:
                _RawClient(url).call("GET", "/restapis")
                break
            except (OSError, RuntimeError):
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{command[:4]} did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _endpoint_figures(url: str, calls: int) -> dict[str, tuple[float, float, float]]:
    """Per operation: (requests per second, p50 s, p99 s), sequential on one connection."""
    client = _RawClient(url)
    try:
        api = client.call("POST", "/restapis", {"name": "bench"})
        api_id = api["id"]
        root = next(
            item["id"]
            for item in client.call("GET", f"/restapis/{api_id}/resources")["item"]
            if item["path"] == "/"
        )
        method = f"/restapis/{api_id}/resources/{root}/methods/GET"
        client.call("PUT", method, {"authorizationType": "NONE"})
        client.call("PUT", f"{method}/integration", {"type": "MOCK"})
        client.call("POST", f"/restapis/{api_id}/deployments", {"stageName": "prod"})
        stage = f"/restapis/{api_id}/stages/prod"
        requests: dict[str, Callable[[int], Any]] = {
            "GetStage": lambda i: client.call("GET", stage),
            "UpdateStage": lambda i: client.call(
                "PATCH",
                stage,
                {"patchOperations": [{"op": "replace", "path": "/variables/v", "value": str(i)}]},
            ),
        }
        figures = {}
        for name, send in requests.items():
            for i in range(min(50, calls)):  # warm
                send(i)
            latencies = []
            started = time.perf_counter()
            for i in range(calls):
                before = time.perf_counter()
                send(i)
                latencies.append(time.perf_counter() - before)
            elapsed = time.perf_counter() - started
            latencies.sort()
            figures[name] = (
                calls / elapsed,
                latencies[len(latencies) // 2],
                latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
            )
        return figures
    finally:
        client.close()


def endpoint(cfg: Config, results: Results, with_moto: bool) -> None:
    """GetStage / UpdateStage through ``serve``'s endpoint and through moto's server mode,
    in the same run: one keep-alive http.client connection, sequential requests."""
    calls = cfg.calls * 2
    ours_command = [sys.executable, "-m", "apigw_canary_mock", "serve", "--port", "0"]
    with _server(ours_command) as url:
        ours = _endpoint_figures(url, calls)
    moto: dict[str, tuple[float, float, float]] | None = None
    if with_moto:
        port = _free_port()
        moto_command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
        try:
            with _server(moto_command, f"http://127.0.0.1:{port}") as url:
                moto = _endpoint_figures(url, calls)
        except RuntimeError as error:
            results.notes.append(f"moto server mode not measured: {error}")
    for name in ("GetStage", "UpdateStage"):
        rate, p50, p99 = ours[name]
        theirs = None if moto is None else moto[name]
        note = f"{rate:,.0f} req/s, p99 {p99 * 1e3:.2f} ms"
        if theirs is not None:
            note += f"; moto {theirs[0]:,.0f} req/s, p99 {theirs[2] * 1e3:.2f} ms"
        results.rows.append(
            (
                f"{name} via the endpoint, mean (us/request)",
                1e6 / rate,
                None,
                None if theirs is None else 1e6 / theirs[0],
                note,
            )
        )
        results.rows.append(
            (
                f"{name} via the endpoint, p99 (us)",
                p99 * 1e6,
                None,
                None if theirs is None else theirs[2] * 1e6,
                f"p50 {p50 * 1e6:,.0f} us"
                + ("" if theirs is None else f", moto {theirs[1] * 1e6:,.0f} us"),
            )
        )
    results.notes.append(
        f"endpoint rows: {calls} sequential requests per operation on one keep-alive "
        "http.client connection to `python -m apigw_canary_mock serve` (in memory) and to "
        "`python -m moto.server` (ThreadedMotoServer's server), each a subprocess; goal "
        ">= 5x moto's throughput (moto/lib column), p99 <= 5 ms; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (a loaded machine's scheduler "
        "sets the p99)"
    )


# --- report --------------------------------------------------------------------------------


def fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def ratio(a: float | None, b: float | None) -> str:
    return "-" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def report(results: Results, cfg: Config, quick: bool) -> str:
    lines = [
        f"apigw_canary_mock benchmark ({'quick' if quick else 'full'}) "
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; "
        f"botocore {botocore.__version__}",
        f"per-call: median of {cfg.repeats} repetitions x {cfg.calls} calls "
        f"(moto: {cfg.moto_calls} calls)",
        "",
        f"| {'figure':<50} | {'this lib':>9} | {'Stubber':>9} | {'moto':>9} | "
        f"{'lib/Stub':>8} | {'moto/lib':>8} | note",
        f"|{'-' * 52}|{'-' * 11}|{'-' * 11}|{'-' * 11}|{'-' * 10}|{'-' * 10}|------",
    ]
    for name, ours, stub, moto, note in results.rows:
        lines.append(
            f"| {name:<50} | {fmt(ours):>9} | {fmt(stub):>9} | {fmt(moto):>9} | "
            f"{ratio(ours, stub):>8} | {ratio(moto, ours):>8} | {note}"
        )
    lines.append("")
    lines.extend(results.notes)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of a few seconds")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    results = Results()

    ops = [*OPERATIONS, (f"GetStages ({cfg.big:,} stages)", "get_stages", cfg.big - 1)]
    for label, method, extra in ops:
        ours = measure_ours(method, extra, cfg) * 1e6
        stub = measure_stubber(method, extra, cfg, cfg.calls) * 1e6
        moto = None if args.no_moto else measure_moto(method, extra, cfg)
        results.rows.append(
            (f"{label} (us/call)", ours, stub, None if moto is None else moto * 1e6, "warm")
        )
        print(f"measured {label}", file=sys.stderr)
    # The same calls from a client with another before-call listener (a Stubber, a handler
    # reading the request): botocore builds the whole request before the mock answers.
    for label, method in (("GetStage", "get_stage"), ("UpdateStage", "update_stage")):
        ours = measure_ours(method, 0, cfg, full_path=True) * 1e6
        stub = measure_stubber(method, 0, cfg, cfg.calls) * 1e6
        results.rows.append(
            (f"{label} on botocore's path (us/call)", ours, stub, None, "other listener")
        )
    for label, method in (("GetStage", "get_stage"), ("UpdateStage", "update_stage")):
        ours_async = measure_async(method, cfg, stubbed=False)
        stub_async = measure_async(method, cfg, stubbed=True)
        if ours_async is not None and stub_async is not None:
            results.rows.append(
                (
                    f"{label}, aiobotocore (us/call)",
                    ours_async * 1e6,
                    stub_async * 1e6,
                    None,
                    "async",
                )
            )
    cold_start(cfg, results)
    growth(cfg, results)
    memory(cfg, results)
    state_file(cfg, results)
    state_file_growth(cfg, results)
    import_openapi(cfg, results)
    endpoint(cfg, results, with_moto=not args.no_moto)
    print(report(results, cfg, args.quick))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
