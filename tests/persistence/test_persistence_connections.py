"""A state file's connections are closed when the mock is done with them: a refused file, and a
``stage_history()`` read after ``stop()``, leave no file descriptor open on it (Python 3.13
reports such a leak as a ResourceWarning, which ``filterwarnings = error`` makes a failure; the
descriptor count checks the same thing on every version)."""

from __future__ import annotations

import gc
import os
import warnings
from pathlib import Path

import boto3
import pytest

from apigw_canary_mock import MockStateError, mock_apigateway

from .test_persistence import BAD_FILES

FD_DIR = Path("/proc/self/fd")
pytestmark = pytest.mark.skipif(not FD_DIR.is_dir(), reason="needs /proc/self/fd (Linux)")


def descriptors_on(path: Path) -> list[str]:
    """This process's open files that are ``path`` or its -wal / -shm companions."""
    found = []
    for entry in FD_DIR.iterdir():
        try:
            target = os.readlink(entry)
        except OSError:  # closed between listing and reading
            continue
        if target.startswith(str(path)):
            found.append(target)
    return found


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_refused_file_leaves_no_connection_open(tmp_path: Path, name: str) -> None:
    path = tmp_path / "state.db"
    BAD_FILES[name][0](path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(MockStateError):
            mock_apigateway(state=path).start()
        gc.collect()
    assert descriptors_on(path) == []
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_stage_history_after_stop_closes_what_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    mock = mock_apigateway(state=path, seed=1)
    with mock:
        api_id = mock.create_deployable_api("orders")
        client = boto3.client("apigateway", region_name="us-east-1")
        client.create_deployment(restApiId=api_id, stageName="prod")
    assert descriptors_on(path) == []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = mock.stage_history(api_id, "prod")
        gc.collect()
    assert [change.operation for change in history] == ["CreateDeployment"]
    assert descriptors_on(path) == []
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
