"""``techmarket``: the one command operators use (run, worker, migrate, backup, restore...)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import getpass
import logging
import os
import signal
import socket
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from techmarket import runtime
from techmarket.core.errors import AppError
from techmarket.settings import Environment, Settings, get_settings

log = logging.getLogger("techmarket")


def _port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


async def _bootstrap(engine: AsyncEngine, settings: Settings) -> None:
    """The admin from the environment, and demo data on an empty database (never in production)."""
    from techmarket.challenges.demo import seed_demo_challenges
    from techmarket.db import create_sessionmaker
    from techmarket.demo.entries import seed_demo_entries
    from techmarket.identity import bootstrap

    async with create_sessionmaker(engine)() as session:
        if settings.admin_email and settings.admin_password:
            await bootstrap.ensure_admin(
                session=session, email=settings.admin_email, password=settings.admin_password
            )
        if settings.seed_demo and settings.env is not Environment.PRODUCTION:
            logins = await bootstrap.seed_demo(session=session)
            entries = await seed_demo_entries(session=session)
            challenges = await seed_demo_challenges(session=session) if entries else []
            if logins:
                lines = [f"  {login.email:<34} {login.role}" for login in logins]
                print(  # a banner for the person at the terminal, not a log line
                    "Demo data seeded. Demo logins (password " + bootstrap.DEMO_PASSWORD + "):",
                    *lines,
                    sep="\n",
                    flush=True,
                )
            if entries:
                print(
                    f"Demo entries seeded: {entries.demands} demands, {entries.achievements} "
                    f"achievements, {entries.projects} projects, {entries.connections} "
                    f"connections ({entries.contracts} contracts), {len(challenges)} challenges.",
                    flush=True,
                )


def cmd_run(settings: Settings) -> int:
    """Start PostgreSQL and Meilisearch (unless configured), migrate, and serve API + SPA."""
    import uvicorn

    from techmarket.db import create_engine
    from techmarket.migrate import upgrade

    if not _port_is_free(settings.host, settings.port):
        print(
            f"techmarket: port {settings.port} on {settings.host} is already in use; "
            "stop what uses it or choose another with TECHMARKET_PORT=<port>",
            file=sys.stderr,
        )
        return 2
    # SIGTERM behaves like Ctrl-C, so that the servers we started are stopped on the way out.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        with runtime.services(settings) as endpoints:

            async def migrate_and_bootstrap() -> None:
                engine = create_engine(endpoints.database_url)
                try:
                    await upgrade(engine)
                    await _bootstrap(engine, settings)
                finally:
                    await engine.dispose()

            asyncio.run(migrate_and_bootstrap())
            # Every API process (`api_processes` of them) finds the servers through these.
            os.environ["DATABASE_URL"] = endpoints.database_url
            os.environ["MEILI_URL"] = endpoints.meili_url
            if endpoints.meili_key is None:
                os.environ.pop("MEILI_KEY", None)
            else:
                os.environ["MEILI_KEY"] = endpoints.meili_key
            log.info("serving on http://%s:%s", settings.host, settings.port)
            uvicorn.run(
                "techmarket.main:served_app",
                factory=True,
                host=settings.host,
                port=settings.port,
                workers=settings.api_processes,
                log_config=None,
                access_log=False,
                lifespan="on",
            )
    except KeyboardInterrupt:
        # uvicorn re-raises the signal once it has shut down; the servers are stopped by now.
        log.info("stopped")
    return 0


@contextlib.contextmanager
def _endpoints(settings: Settings, *, search: bool = True) -> Iterator[runtime.Endpoints]:
    """The configured servers (waited for with back-off); what is not configured, and needed,
    is started as in `techmarket run`."""
    if settings.database_url and (settings.meili_url or not search):
        url = runtime.to_sqlalchemy_url(settings.database_url)
        runtime.wait_for(
            "PostgreSQL at DATABASE_URL",
            lambda: runtime.postgres_answers(url),
            settings.startup_timeout_seconds,
        )
        meili_url = (settings.meili_url or "").rstrip("/")
        if search:
            runtime.wait_for(
                f"Meilisearch at {meili_url}",
                lambda: runtime.meili_is_healthy(meili_url),
                settings.startup_timeout_seconds,
            )
        yield runtime.Endpoints(url, meili_url, settings.meili_key)
    else:
        with runtime.services(settings) as endpoints:
            yield endpoints


@contextlib.contextmanager
def _database_to_read(settings: Settings) -> Iterator[str]:
    """The database for a command that only reads: beside a live `techmarket run`, the
    PostgreSQL it serves (its data folder is locked); else as for any command."""
    running = runtime.running_embedded_database(settings)
    if running:
        yield running
        return
    with _endpoints(settings, search=False) as endpoints:
        yield endpoints.database_url


def cmd_migrate(settings: Settings) -> int:
    """Upgrade the database at DATABASE_URL (or the embedded one) to the newest revision."""
    from techmarket.db import create_engine
    from techmarket.migrate import upgrade

    async def migrate(url: str) -> None:
        engine = create_engine(url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    with _endpoints(settings, search=False) as endpoints:
        asyncio.run(migrate(endpoints.database_url))
    log.info("database at the newest revision")
    return 0


def cmd_worker(settings: Settings) -> int:
    """Run the outbox worker on its own (production runs the API with it switched off)."""
    from techmarket.db import create_engine, create_sessionmaker
    from techmarket.search.engine import create_client
    from techmarket.worker import running_worker

    async def work(endpoints: runtime.Endpoints) -> None:
        engine = create_engine(endpoints.database_url)
        search = create_client(endpoints.meili_url, endpoints.meili_key)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            async with running_worker(create_sessionmaker(engine), settings, search):
                log.info("worker started")
                await stop.wait()
        finally:
            await search.aclose()
            await engine.dispose()
        log.info("worker stopped")

    with _endpoints(settings) as endpoints:
        asyncio.run(work(endpoints))
    return 0


def cmd_reindex(settings: Settings) -> int:
    """Rebuild every search index from PostgreSQL, swapping each in when it is complete."""
    from techmarket.db import create_engine, create_sessionmaker
    from techmarket.search.engine import create_client
    from techmarket.search.indexes import Indexes
    from techmarket.search.reindex import reindex

    async def rebuild(endpoints: runtime.Endpoints) -> dict[str, int]:
        engine = create_engine(endpoints.database_url)
        search = create_client(endpoints.meili_url, endpoints.meili_key)
        try:
            indexes = Indexes(settings.search_index_prefix)
            return await reindex(create_sessionmaker(engine), search, indexes)
        finally:
            await search.aclose()
            await engine.dispose()

    with _endpoints(settings) as endpoints:
        counts = asyncio.run(rebuild(endpoints))
    for uid, count in counts.items():
        print(f"{uid}: {count} documents")
    return 0


def cmd_backup(settings: Settings, output: str | None) -> int:
    """Write the database and the attachments to one archive (`-o -` for stdout)."""
    from techmarket.backup import streams
    from techmarket.backup.service import create_backup

    target = output or str(settings.data_dir / "backups" / streams.default_name())
    with _database_to_read(settings) as database_url, streams.writing(target) as path:
        manifest = asyncio.run(
            create_backup(
                database_url=database_url,
                attachments_dir=settings.attachments_dir,
                output=path,
            )
        )
    print(streams.summary("backed up", manifest, target), file=sys.stderr)
    return 0


def cmd_restore(settings: Settings, source: str) -> int:
    """Replace the database and the attachments with a backup's, then rebuild search (`-` for
    stdin). Stop the API and the worker first."""
    from techmarket.backup import streams
    from techmarket.backup.service import Manifest, restore_backup
    from techmarket.search.engine import create_client
    from techmarket.search.indexes import Indexes

    async def restore(endpoints: runtime.Endpoints, path: Path) -> Manifest:
        search = create_client(endpoints.meili_url, endpoints.meili_key)
        try:
            return await restore_backup(
                archive_path=path,
                database_url=endpoints.database_url,
                attachments_dir=settings.attachments_dir,
                search=search,
                indexes=Indexes(settings.search_index_prefix),
            )
        finally:
            await search.aclose()

    with streams.reading(source) as path, _endpoints(settings) as endpoints:
        manifest = asyncio.run(restore(endpoints, path))
    print(streams.summary("restored", manifest, source), file=sys.stderr)
    return 0


def cmd_create_admin(settings: Settings, email: str) -> int:
    """Create an admin (or make an existing user admin); the password is read from stdin."""
    from techmarket.db import create_engine, create_sessionmaker
    from techmarket.identity import bootstrap

    password = getpass.getpass("Password: ") if sys.stdin.isatty() else sys.stdin.readline()
    password = password.rstrip("\n")

    async def create(url: str) -> bool:
        engine = create_engine(url)
        try:
            async with create_sessionmaker(engine)() as session:
                return await bootstrap.ensure_admin(session=session, email=email, password=password)
        finally:
            await engine.dispose()

    with _endpoints(settings, search=False) as endpoints:
        changed = asyncio.run(create(endpoints.database_url))
    print(f"admin {email}: {'created or granted' if changed else 'already an admin'}")
    return 0


def cmd_openapi(output: Path | None) -> int:
    """Write the OpenAPI document as YAML (to stdout, or to a file)."""
    from techmarket.openapi import openapi_yaml

    text = openapi_yaml()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    parser = argparse.ArgumentParser(prog="techmarket", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help=cmd_run.__doc__)
    commands.add_parser("migrate", help=cmd_migrate.__doc__)
    commands.add_parser("worker", help=cmd_worker.__doc__)
    commands.add_parser("reindex", help=cmd_reindex.__doc__)
    backup = commands.add_parser("backup", help=cmd_backup.__doc__)
    backup.add_argument("-o", "--output", default=None, help="archive path, or - for stdout")
    restore = commands.add_parser("restore", help=cmd_restore.__doc__)
    restore.add_argument("file", help="archive path, or - for stdin")
    create_admin = commands.add_parser("create-admin", help=cmd_create_admin.__doc__)
    create_admin.add_argument("--email", required=True)
    openapi = commands.add_parser("openapi", help=cmd_openapi.__doc__)
    openapi.add_argument("-o", "--output", type=Path, default=None)
    args = parser.parse_args(argv)

    from techmarket.core.logging import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level)
    try:
        settings.check_production()
    except ValueError as error:
        print(f"techmarket: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "run":
            return cmd_run(settings)
        if args.command == "migrate":
            return cmd_migrate(settings)
        if args.command == "worker":
            return cmd_worker(settings)
        if args.command == "reindex":
            return cmd_reindex(settings)
        if args.command == "backup":
            return cmd_backup(settings, args.output)
        if args.command == "restore":
            return cmd_restore(settings, args.file)
        if args.command == "create-admin":
            return cmd_create_admin(settings, args.email)
        return cmd_openapi(args.output)
    except runtime.RuntimeFailure as failure:
        print(f"techmarket: {failure}", file=sys.stderr)
        return 1
    except AppError as error:  # e.g. a weak admin password: say which rule
        print(f"techmarket: {error.title}: {error.detail}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
