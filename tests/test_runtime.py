"""`techmarket run` supervises its own PostgreSQL and Meilisearch, and cleans up after itself.

These tests start the real command in a child process with its own data folder, so they always
exercise the zero-setup servers (DATABASE_URL and MEILI_URL are removed from the child's env).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import asyncpg
import psutil
import pytest

from techmarket.identity.bootstrap import DEMO_PASSWORD
from techmarket.runtime import free_port

START_TIMEOUT = 90


def _our_servers(data_dir: Path) -> list[psutil.Process]:
    """Processes of postgres or meilisearch that work on this data folder."""
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if process.info["name"] in {"postgres", "meilisearch"} and str(data_dir) in cmdline:
            found.append(process)
    return found


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


class Run:
    """One `techmarket run` child process."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.port = port
        self.log = log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "techmarket.cli", "run"],
                env={**env, "TECHMARKET_PORT": str(port)},
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"techmarket run exited early:\n{self.log.read_text()}")
            if _status(self.url("/api/v1/ready")) == 200:
                return
            time.sleep(0.3)
        pytest.fail(f"not ready within {START_TIMEOUT} s:\n{self.log.read_text()}")

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        return self.process.wait(60)


@pytest.fixture
def data_dir(subprocess_env: dict[str, str]) -> Iterator[Path]:
    path = Path(subprocess_env["TECHMARKET_DATA_DIR"])
    yield path
    for leftover in _our_servers(path):
        leftover.kill()


@pytest.fixture
def start(
    subprocess_env: dict[str, str], data_dir: Path, tmp_path: Path
) -> Iterator[Callable[[], Run]]:
    """Start `techmarket run` children; any still alive when the test ends is killed."""
    started: list[Run] = []

    def start_run() -> Run:
        run = Run(subprocess_env, free_port(), tmp_path / f"run-{len(started)}.log")
        started.append(run)
        return run

    yield start_run
    for run in started:
        if run.process.poll() is None:
            run.process.kill()
            run.process.wait(10)


async def _sql(data_dir: Path, statement: str) -> object:
    connection = await asyncpg.connect(
        host=str(data_dir / "postgres"), user="postgres", database="techmarket"
    )
    try:
        return await connection.fetchval(statement)
    finally:
        await connection.close()


def test_serves_and_stops_its_servers_on_sigterm(
    start: Callable[[], Run], data_dir: Path, subprocess_env: dict[str, str]
) -> None:
    subprocess_env["TECHMARKET_ADMIN_EMAIL"] = "ops@bureau.cn"
    subprocess_env["TECHMARKET_ADMIN_PASSWORD"] = "Ops-admin-2026"
    run = start()
    run.wait_ready()
    assert _status(run.url("/api/v1/health")) == 200
    assert "Demo logins" in run.log.read_text(), "an empty database gets demo data"
    for email, password in (
        ("ops@bureau.cn", "Ops-admin-2026"),
        ("admin@demo.techmarket.cn", DEMO_PASSWORD),
    ):
        form = urllib.parse.urlencode({"username": email, "password": password}).encode()
        with urllib.request.urlopen(run.url("/api/v1/auth/token"), data=form, timeout=10) as answer:
            assert answer.status == 200
    assert len(_our_servers(data_dir)) >= 2
    assert run.stop() == 0
    assert _our_servers(data_dir) == []

    key_file = data_dir / "secrets" / "meili_master_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert key_file.read_text() not in run.log.read_text(), "the master key must never be logged"


def _failed_login(run: Run) -> int:
    """One wrong password for the demo admin, on a new connection each time."""
    form = urllib.parse.urlencode(
        {"username": "admin@demo.techmarket.cn", "password": "Wrong-pass-1"}
    ).encode()
    try:
        with urllib.request.urlopen(run.url("/api/v1/auth/token"), data=form, timeout=10):
            return 200
    except urllib.error.HTTPError as error:
        return error.code


def test_several_api_processes_serve_and_share_the_login_limits(
    start: Callable[[], Run], data_dir: Path, subprocess_env: dict[str, str]
) -> None:
    subprocess_env["TECHMARKET_API_PROCESSES"] = "2"
    run = start()
    run.wait_ready()
    supervisor = psutil.Process(run.process.pid)
    serving = [
        child for child in supervisor.children() if "spawn_main" in " ".join(child.cmdline())
    ]
    assert len(serving) == 2
    # Eight wrong passwords at once, spread over both processes: five are counted, whichever
    # process answers, and no two take the account's last free place.
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: _failed_login(run), range(8)))
    assert sorted(statuses) == [401] * 5 + [429] * 3
    assert run.stop() == 0
    assert not any(process.is_running() for process in serving)
    assert _our_servers(data_dir) == []


def test_recovers_after_kill_9_of_everything_and_keeps_data(
    start: Callable[[], Run], data_dir: Path
) -> None:
    first = start()
    first.wait_ready()
    asyncio.run(_sql(data_dir, "CREATE TABLE kept (note text)"))
    asyncio.run(_sql(data_dir, "INSERT INTO kept VALUES ('留存')"))
    servers = _our_servers(data_dir)
    first.process.kill()
    first.process.wait(10)
    for server in servers:
        server.kill()

    second = start()
    second.wait_ready()
    assert asyncio.run(_sql(data_dir, "SELECT note FROM kept")) == "留存"
    assert second.stop(signal.SIGINT) == 0
    assert _our_servers(data_dir) == []


def test_recovers_when_only_the_supervisor_was_killed(
    start: Callable[[], Run], data_dir: Path
) -> None:
    first = start()
    first.wait_ready()
    first.process.kill()
    first.process.wait(10)
    # The postmaster was daemonised by pg_ctl and outlives its supervisor.
    assert any(p.info["name"] == "postgres" for p in _our_servers(data_dir))

    second = start()
    second.wait_ready()
    assert "left running by an earlier run" in second.log.read_text()
    assert second.stop() == 0
    assert _our_servers(data_dir) == []


def test_port_in_use_is_one_clear_line(subprocess_env: dict[str, str], tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "techmarket.cli", "run"],
            env={**subprocess_env, "TECHMARKET_PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(port) in lines[0]
    assert "TECHMARKET_PORT" in lines[0]


def test_missing_meilisearch_binary_says_how_to_get_it(
    subprocess_env: dict[str, str], data_dir: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "techmarket.cli", "run"],
        env={
            **subprocess_env,
            "TECHMARKET_PORT": str(free_port()),
            "TECHMARKET_MEILI_BINARY": "/nonexistent/meilisearch",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Meilisearch binary not found at /nonexistent/meilisearch" in result.stderr
    assert "MEILI_URL" in result.stderr
    assert "make meilisearch" in result.stderr
    assert _our_servers(data_dir) == [], "PostgreSQL started before the failure must be stopped"


def test_unreachable_meili_url_gives_up_after_bounded_retries(
    subprocess_env: dict[str, str], data_dir: Path
) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "techmarket.cli", "run"],
        env={
            **subprocess_env,
            "TECHMARKET_PORT": str(free_port()),
            "MEILI_URL": f"http://127.0.0.1:{free_port()}",
            "TECHMARKET_STARTUP_TIMEOUT_SECONDS": "2",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "did not answer within 2 s" in result.stderr
    assert time.monotonic() - started < 60
    assert _our_servers(data_dir) == []


def test_unreachable_database_url_gives_up_after_bounded_retries(
    subprocess_env: dict[str, str],
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "techmarket.cli", "migrate"],
        env={
            **subprocess_env,
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/techmarket",
            "TECHMARKET_STARTUP_TIMEOUT_SECONDS": "2",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "PostgreSQL at DATABASE_URL did not answer within 2 s" in result.stderr


def test_a_second_supervisor_on_the_same_data_is_refused(
    start: Callable[[], Run], subprocess_env: dict[str, str], data_dir: Path
) -> None:
    run = start()
    run.wait_ready()
    result = subprocess.run(
        [sys.executable, "-m", "techmarket.cli", "run"],
        env={**subprocess_env, "TECHMARKET_PORT": str(free_port())},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"pid {run.process.pid}" in result.stderr
    assert _status(run.url("/api/v1/ready")) == 200, "the running one must be left alone"
    assert run.stop() == 0
    assert os.path.exists(data_dir / "postgres" / "PG_VERSION")
