"""Making and restoring a backup archive (tar.gz): ``manifest.json``, ``database.dump`` (a
``pg_dump`` in custom format) and ``attachments/`` (the files, as stored).

The manifest's row counts are taken in the very snapshot that ``pg_dump`` dumps (an exported
snapshot), so a restore can check that it got back exactly what was saved, even when the backup
ran during writes. The database is dumped before the files are copied: attachment files are
written before their row commits and never changed after, so every row in the dump finds its file.
"""

from __future__ import annotations

import asyncio
import io
import json
import shutil
import tarfile
import tempfile
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from meilisearch_python_sdk import AsyncClient

from techmarket.backup import pgtools
from techmarket.db import create_engine, create_sessionmaker
from techmarket.migrate import alembic_config, upgrade
from techmarket.runtime import RuntimeFailure, to_asyncpg_dsn, to_sqlalchemy_url
from techmarket.search.indexes import Indexes
from techmarket.search.reindex import reindex

FORMAT = "techmarket-backup"
FORMAT_VERSION = 1
MANIFEST, DUMP, ATTACHMENTS = "manifest.json", "database.dump", "attachments"


class BackupRefused(RuntimeFailure):
    """The archive cannot be restored by this version; nothing has been changed."""


@dataclass(frozen=True)
class Manifest:
    alembic_revisions: list[str]
    created_at: str
    counts: dict[str, int]  # rows per table, in the dumped snapshot
    attachment_files: int
    postgres_version: str
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data: dict[str, Any] = json.loads(raw)
            if data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
                raise ValueError
            return cls(**data)
        except (ValueError, TypeError) as error:
            raise BackupRefused(
                f"not a {FORMAT} archive of format version {FORMAT_VERSION}; this version of "
                "techmarket cannot restore it"
            ) from error


async def _counts(connection: asyncpg.Connection) -> dict[str, int]:
    tables = await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
        "AND tablename <> 'alembic_version' ORDER BY tablename"
    )
    counts = {}
    for row in tables:
        name = row["tablename"]
        query = f'SELECT count(*) FROM public."{name}"'  # noqa: S608 - a table name from pg_tables
        counts[name] = await connection.fetchval(query)
    return counts


async def _server(connection: asyncpg.Connection) -> tuple[int, str]:
    number = int(await connection.fetchval("SHOW server_version_num"))
    return number // 10000, str(await connection.fetchval("SHOW server_version"))


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


async def create_backup(*, database_url: str, attachments_dir: Path, output: Path) -> Manifest:
    """Write the archive to ``output`` (mode 0600: it holds password hashes and tokens)."""
    connection = await asyncpg.connect(to_asyncpg_dsn(to_sqlalchemy_url(database_url)))
    try:
        major, version = await _server(connection)
        tools = pgtools.find_tools(major)
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            if not await connection.fetchval("SELECT to_regclass('alembic_version') IS NOT NULL"):
                raise RuntimeFailure("the database has no techmarket schema: nothing to back up")
            rows = await connection.fetch("SELECT version_num FROM alembic_version")
            counts = await _counts(connection)
            with tempfile.TemporaryDirectory(prefix="techmarket-backup-") as work:
                dump = Path(work) / DUMP
                await asyncio.to_thread(
                    pgtools.run, tools, "pg_dump", "--format=custom", f"--snapshot={snapshot}",
                    f"--file={dump}", database_url=database_url,
                )  # fmt: skip
                files = await asyncio.to_thread(_files, attachments_dir)
                manifest = Manifest(
                    alembic_revisions=sorted(row["version_num"] for row in rows),
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    counts=counts,
                    attachment_files=len(files),
                    postgres_version=version,
                )
                await asyncio.to_thread(_write_archive, output, manifest, dump, attachments_dir)
    finally:
        await connection.close()
    return manifest


def _write_archive(output: Path, manifest: Manifest, dump: Path, attachments_dir: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    partial.touch(mode=0o600)
    partial.chmod(0o600)
    try:
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, manifest.to_json())  # first: read without the rest
            archive.add(dump, arcname=DUMP)
            for path in _files(attachments_dir):
                archive.add(path, arcname=f"{ATTACHMENTS}/{path.relative_to(attachments_dir)}")
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def read_manifest(archive_path: Path) -> Manifest:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest.from_json(member.read())
    except (tarfile.TarError, KeyError, OSError, EOFError) as error:
        message = f"{archive_path} is not a readable {FORMAT} archive: {error}"
        raise BackupRefused(message) from error


def check_revisions(manifest: Manifest) -> None:
    """Refuse a backup made by a newer version: its schema is unknown to this code."""
    scripts = ScriptDirectory.from_config(alembic_config())
    for revision in manifest.alembic_revisions:
        try:
            if scripts.get_revision(revision) is None:
                raise CommandError(revision)
        except CommandError as error:
            raise BackupRefused(
                f"the backup is at database revision {revision}, which this version of "
                "techmarket does not know (the backup was made by a newer version): restore it "
                "with that version or a later one"
            ) from error


async def _wipe(connection: asyncpg.Connection) -> None:
    """Drop everything of ours in the database, leaving an empty ``public`` schema."""
    schemas = await connection.fetch(
        "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
        "AND nspname <> 'information_schema'"
    )
    async with connection.transaction():
        for row in schemas:
            await connection.execute(f'DROP SCHEMA "{row["nspname"]}" CASCADE')
        await connection.execute("CREATE SCHEMA public")


def _replace_files(staged: Path, attachments_dir: Path) -> None:
    """Swap the folder's contents for the staged files (the folder itself may be a mount)."""
    for entry in attachments_dir.iterdir():
        if entry != staged.parent:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    if staged.is_dir():
        for entry in staged.iterdir():
            entry.rename(attachments_dir / entry.name)


async def restore_backup(
    *,
    archive_path: Path,
    database_url: str,
    attachments_dir: Path,
    search: AsyncClient,
    indexes: Indexes,
) -> Manifest:
    """Replace the database and the attachments with the archive's, then rebuild the indexes.

    Checks come first (format, revision), so a refused archive changes nothing. A backup from an
    older version is migrated to this version's schema after it is restored.
    """
    manifest = read_manifest(archive_path)
    check_revisions(manifest)
    staging = attachments_dir / f".restoring-{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(to_asyncpg_dsn(to_sqlalchemy_url(database_url)))
    try:
        with tempfile.TemporaryDirectory(prefix="techmarket-restore-") as work:
            await asyncio.to_thread(_extract, archive_path, Path(work), staging)
            tools = pgtools.find_tools((await _server(connection))[0])
            await _wipe(connection)
            await asyncio.to_thread(
                pgtools.run, tools, "pg_restore", "--no-owner", "--no-privileges",
                "--exit-on-error", "--single-transaction",
                f"--dbname={_database_name(database_url)}", str(Path(work) / DUMP),
                database_url=database_url,
            )  # fmt: skip
        restored = await _counts(connection)
        await asyncio.to_thread(_replace_files, staging / ATTACHMENTS, attachments_dir)
    finally:
        await connection.close()
        shutil.rmtree(staging, ignore_errors=True)
    if restored != manifest.counts:
        differ = sorted(k for k in manifest.counts.keys() | restored.keys()
                        if manifest.counts.get(k) != restored.get(k))  # fmt: skip
        raise RuntimeFailure(f"restored row counts differ from the backup's in: {differ}")
    engine = create_engine(to_sqlalchemy_url(database_url))
    try:
        await upgrade(engine)
        await reindex(create_sessionmaker(engine), search, indexes)
    finally:
        await engine.dispose()
    return manifest


def _database_name(database_url: str) -> str:
    """pg_restore's --dbname: the name only; host, user and password come from the environment."""
    return pgtools.libpq_environment(database_url)["PGDATABASE"]


def _extract(archive_path: Path, work: Path, staging: Path) -> None:
    staging.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        members = archive.getmembers()
        if DUMP not in {m.name for m in members}:
            raise BackupRefused(f"{archive_path} holds no {DUMP}")
        archive.extract(DUMP, work, filter="data")
        files = [m for m in members if m.name.startswith(f"{ATTACHMENTS}/")]
        archive.extractall(staging, members=files, filter="data")
