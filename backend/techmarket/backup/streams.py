"""Archive paths for the CLI: a file, or ``-`` for stdout/stdin (``docker compose exec -T``)."""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from techmarket.backup.service import Manifest

STANDARD_STREAM = "-"


def default_name() -> str:
    return f"techmarket-{datetime.now(UTC):%Y%m%d-%H%M%S}.tar.gz"


@contextlib.contextmanager
def writing(target: str) -> Iterator[Path]:
    """A path to write the archive to; for ``-``, copied to stdout once complete."""
    if target != STANDARD_STREAM:
        yield Path(target)
        return
    with tempfile.TemporaryDirectory(prefix="techmarket-backup-") as work:
        path = Path(work) / "backup.tar.gz"
        yield path
        with path.open("rb") as archive:
            shutil.copyfileobj(archive, sys.stdout.buffer)
        sys.stdout.buffer.flush()


@contextlib.contextmanager
def reading(source: str) -> Iterator[Path]:
    """A path to read the archive from; for ``-``, stdin saved to a file first."""
    if source != STANDARD_STREAM:
        yield Path(source)
        return
    with tempfile.TemporaryDirectory(prefix="techmarket-restore-") as work:
        path = Path(work) / "backup.tar.gz"
        with path.open("wb") as archive:
            shutil.copyfileobj(sys.stdin.buffer, archive)
        yield path


def summary(done: str, manifest: Manifest, where: str) -> str:
    entries = {name: manifest.counts.get(name, 0) for name in ENTRY_TABLES}
    listed = ", ".join(f"{count} {name}" for name, count in entries.items())
    revisions = ", ".join(manifest.alembic_revisions)
    return (
        f"{done} {where}: {listed}, {manifest.attachment_files} attachment files "
        f"(revision {revisions}, made {manifest.created_at})"
    )


ENTRY_TABLES = ("organization", "app_user", "demand", "achievement", "project", "challenge")
