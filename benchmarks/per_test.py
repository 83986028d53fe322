"""What a user's suite pays per test: N generated pytest tests, each making a fresh boto3 client,
setting up a canary (CreateRestApi, PutMethod, PutIntegration, CreateDeployment to a stage,
CreateDeployment as a canary at 10 %) and reading it back (GetStage).

    python benchmarks/per_test.py            # N = 200 tests per variant (about a minute)
    python benchmarks/per_test.py --quick    # N = 20, one run each (a smoke run)

Variants, N tests each, run by ``pytest -n 0 -p no:randomly``:

* ``empty``: ``pass`` (pytest's own cost per test, the floor);
* ``client``: only ``boto3.client("apigateway")``;
* ``client+fix``: the same, in a test that takes a plain yield fixture (pytest's own cost of a
  fixture, which any fixture-based mock pays);
* ``fixture`` / ``decorator``: the scenario under this library's ``apigateway_mock`` fixture /
  ``@mock_apigateway``;
* ``moto``: the scenario under moto's ``@mock_aws`` (moto keeps no canary, but answers the calls).

Each test is timed by pytest hooks (set-up, call and tear-down: what the test costs in a suite,
imports excluded), after an untimed ``gc.collect()`` (so a test does not pay for collecting the
garbage of the tests before it; without it the figures swing by 2x from run to run); the
figure is the median per test, over every test of every run but the first test of a run (which
pays one-time costs: botocore loading the service model). Every variant but moto runs in one
pytest session, test by test in turn, so that a drift of the machine's speed reaches them alike.
"Beyond client" subtracts the ``client`` variant's median: what the mock itself adds to a test
that makes a client anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REGION = "us-east-1"

CONFTEST = """
import gc
import json
import os
import time

import pytest

os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_DEFAULT_REGION="us-east-1",
    AWS_EC2_METADATA_DISABLED="true",
)
TIMES = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # The garbage of the tests before is collected here, untimed: otherwise whichever test
    # happens to trigger a full collection pays for all the clients made before it.
    gc.collect()
    started = time.perf_counter()
    yield
    TIMES.append((item.name, time.perf_counter() - started))


def pytest_sessionfinish(session):
    with open(os.environ["PER_TEST_TIMES"], "w") as out:
        json.dump(TIMES, out)
"""

SCENARIO = """
    client = boto3.client("apigateway", region_name="us-east-1")
    api = client.create_rest_api(name="orders")
    root = api["rootResourceId"]
    client.put_method(
        restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE"
    )
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api["id"], stageName="prod")
    client.create_deployment(
        restApiId=api["id"], stageName="prod", canarySettings={"percentTraffic": 10.0}
    )
    assert client.get_stage(restApiId=api["id"], stageName="prod")["stageName"] == "prod"
"""

# Variant -> one test, ``{n}`` in its name. Every variant but moto runs in one pytest session,
# test by test in turn (empty 0, client 0, ..., client 1, ..., empty 1): a drift of the
# machine's speed (a shared VM's swings 2x within seconds) then reaches them alike. moto runs
# in a session of its own (its mock_aws replaces boto3's default session, which would make the
# next test's client pay for loading the service model again).
VARIANTS: dict[str, str] = {
    "empty": "def test_empty_{n}():\n    pass\n",
    "client": 'def test_client_{n}():\n    boto3.client("apigateway", region_name="us-east-1")\n',
    # pytest's own cost of a yield fixture, beside a client (what any fixture-based mock pays).
    "client+fix": (
        'def test_clientfix_{n}(plain):\n    boto3.client("apigateway", region_name="us-east-1")\n'
    ),
    "fixture": "def test_fixture_{n}(apigateway_mock):" + SCENARIO,
    "decorator": "@mock_apigateway\ndef test_decorator_{n}():" + SCENARIO,
    "moto": "@mock_aws\ndef test_moto_{n}():" + SCENARIO,
}
HEADER = """import boto3
import pytest

from apigw_canary_mock import mock_apigateway


@pytest.fixture
def plain():
    yield None
"""
MOTO_HEADER = "import boto3\nfrom moto import mock_aws\n"


def _variant_of(test_name: str) -> str:
    kind = test_name.split("_")[1]
    return "client+fix" if kind == "clientfix" else kind


def write_suite(directory: Path, name: str, header: str, variants: list[str], tests: int) -> Path:
    path = directory / f"test_{name}.py"
    # Each round in another order (rotated): a test right after another variant's finds the
    # CPU caches as that one left them, so no variant keeps the same neighbour.
    body = [
        VARIANTS[v].replace("{n}", str(n))
        for n in range(tests)
        for v in variants[n % len(variants) :] + variants[: n % len(variants)]
    ]
    path.write_text(header + "\n\n" + "\n\n".join(body))
    return path


def run_once(directory: Path, path: Path) -> dict[str, list[float]]:
    """The seconds each test of ``path`` took, in order, by variant."""
    command = [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:randomly"]
    command += ["-p", "no:cacheprovider", str(path)]
    times_file = directory / "times.json"
    env = {**os.environ, "PER_TEST_TIMES": str(times_file)}
    result = subprocess.run(command, cwd=directory, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise SystemExit(f"{path.name} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    by_variant: dict[str, list[float]] = {}
    for name, seconds in json.loads(times_file.read_text()):
        by_variant.setdefault(_variant_of(name), []).append(seconds)
    return by_variant


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 20, one run each")
    parser.add_argument("--tests", type=int, help="tests per variant (default 200)")
    parser.add_argument("--repeats", type=int, help="runs (default 3)")
    parser.add_argument("--no-moto", action="store_true", help="leave moto out")
    args = parser.parse_args(argv)
    tests = args.tests or (20 if args.quick else 200)
    repeats = args.repeats or (1 if args.quick else 3)
    variants = [name for name in VARIANTS if not (args.no_moto and name == "moto")]

    times: dict[str, float] = {}
    first: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="apigw_per_test_") as temp:
        directory = Path(temp)
        (directory / "conftest.py").write_text(CONFTEST)
        (directory / "pytest.ini").write_text("[pytest]\naddopts =\n")
        ours = [variant for variant in variants if variant != "moto"]
        suites = [write_suite(directory, "mixed", HEADER, ours, tests)]
        if "moto" in variants:
            suites.append(write_suite(directory, "moto", MOTO_HEADER, ["moto"], tests))
        runs: dict[str, list[list[float]]] = {variant: [] for variant in variants}
        for _ in range(repeats):
            for path in suites:
                for variant, run in run_once(directory, path).items():
                    runs[variant].append(run)
        for variant in variants:
            # The first test of a variant in a run pays one-time costs: apart.
            times[variant] = statistics.median(t for run in runs[variant] for t in run[1:])
            first[variant] = statistics.median(run[0] for run in runs[variant])

    bytecode = "; bytecode writing off" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""
    print(
        f"per-test cost: {tests} tests per variant, {repeats} run(s), median per test "
        f"(variants but moto interleaved test by test in one session); "
        f"Python {sys.version.split()[0]}{bytecode}"
    )
    print()
    print(
        f"| {'variant':<10} | {'per test (ms)':>13} | {'beyond client (ms)':>40} "
        f"| {'first test (ms)':>15} |"
    )
    print(f"|{'-' * 12}|{'-' * 15}|{'-' * 42}|{'-' * 17}|")
    for variant in variants:
        beyond = (times[variant] - times["client"]) * 1000
        beyond_text = "-" if variant in ("empty", "client") else f"{beyond:.2f}"
        if variant == "fixture" and "client+fix" in times:
            beyond_text += (
                f" ({(times[variant] - times['client+fix']) * 1000:.2f} beyond client+fix)"
            )
        print(
            f"| {variant:<10} | {times[variant] * 1000:>13.2f} | {beyond_text:>40} "
            f"| {first[variant] * 1000:>15.1f} |"
        )
    print()
    print("goal: this library <= 1 ms per test beyond boto3.client()")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
