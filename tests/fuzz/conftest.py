"""A live platform for the fuzzer: `techmarket run` on 127.0.0.1 with its own database.

Schemathesis speaks HTTP (``requests``), so the fuzzed app runs as operators run it, in its own
process with its worker, demo organisations and demo entries (real ids to list, search and
serialise), against the test run's PostgreSQL and Meilisearch. It lives as long as the fuzz
module runs, not the whole session.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from techmarket import runtime
from techmarket.core.principal import Scope
from techmarket.identity.bootstrap import DEMO_PASSWORD
from techmarket.search.indexes import Indexes
from techmarket.settings import REPO_DIR
from tests.databases import fresh_database

START_TIMEOUT_SECONDS = 120  # migrations and the demo seed take ~20 s on a busy 2-core machine


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    log: Path
    http: requests.Session  # kept-alive connections: the fuzzer sends thousands of requests


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_healthy(server: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the fuzzed server exited:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(f"{base_url}/api/v1/ready", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    pytest.fail(f"the fuzzed server did not become ready:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="module")
def live_server(
    endpoints: runtime.Endpoints, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    database_url = asyncio.run(fresh_database(endpoints.database_url, "techmarket_fuzz"))
    data_dir = tmp_path_factory.mktemp("fuzz")
    port = _free_port()
    prefix = f"fuzz{uuid.uuid4().hex[:8]}_"  # this module's own indexes
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TECHMARKET_", "MEILI_"))}
    env |= {
        "DATABASE_URL": database_url,
        "MEILI_URL": endpoints.meili_url,
        "MEILI_KEY": endpoints.meili_key or "",
        "TECHMARKET_ENV": "testing",
        "TECHMARKET_HOST": "127.0.0.1",
        "TECHMARKET_PORT": str(port),
        "TECHMARKET_DATA_DIR": str(data_dir),
        "TECHMARKET_SEARCH_INDEX_PREFIX": prefix,
        "TECHMARKET_LOG_LEVEL": "WARNING",
        # The fuzzer signs in many times from one address; the per-account limit stays.
        "TECHMARKET_AUTH__LOGIN_ATTEMPTS_PER_IP": "1000000",
    }
    log = data_dir / "server.log"
    base_url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "techmarket.cli", "run"],
            cwd=REPO_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(server, base_url, log)
        with requests.Session() as http:
            yield LiveServer(base_url, log, http)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        for uid in Indexes(prefix).all_uids():  # the indexes go with the server
            requests.delete(
                f"{endpoints.meili_url}/indexes/{uid}",
                headers={"Authorization": f"Bearer {endpoints.meili_key}"},
                timeout=10,
            )


def _sign_in(base_url: str, email: str) -> dict[str, str]:
    answer = requests.post(
        f"{base_url}/api/v1/auth/token",
        data={"username": email, "password": DEMO_PASSWORD},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.fixture(scope="module")
def principals(live_server: LiveServer) -> dict[str, dict[str, str]]:
    """The headers of every kind of caller: nobody, each demo role, and an API key."""
    base = live_server.base_url
    enterprise = _sign_in(base, "yinguang@demo.techmarket.cn")
    whoami = requests.get(f"{base}/api/v1/auth/whoami", headers=enterprise, timeout=10).json()
    key = requests.post(
        f"{base}/api/v1/organizations/{whoami['organization_id']}/api-keys",
        json={"name": "fuzz", "scopes": [scope.value for scope in Scope]},
        headers=enterprise,
        timeout=10,
    )
    assert key.status_code == 201, key.text
    return {
        "anonymous": {},
        "enterprise": enterprise,
        "university": _sign_in(base, "ycu@demo.techmarket.cn"),
        "reviewer": _sign_in(base, "reviewer@demo.techmarket.cn"),
        "expert": _sign_in(base, "expert.zhao@demo.techmarket.cn"),
        "admin": _sign_in(base, "admin@demo.techmarket.cn"),
        "api_key": {"X-API-Key": key.json()["key"]},
    }
