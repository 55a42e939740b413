"""Test fixtures: a real PostgreSQL and a real Meilisearch, a fresh database per run.

PostgreSQL is the server at ``DATABASE_URL`` when set (tests then work in their own databases on
it, never in the one named), else the embedded one under ``var/test``; Meilisearch likewise from
``MEILI_URL`` or the pinned binary. Each test runs inside a transaction that is rolled back.
"""

from __future__ import annotations

import os
import uuid
import warnings
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from starlette.types import Receive, Scope, Send

from techmarket import runtime
from techmarket.db import create_engine, get_session
from techmarket.main import create_app
from techmarket.migrate import upgrade
from techmarket.settings import REPO_DIR, Environment, Settings
from tests.databases import fresh_database
from tests.entries import Actors, sign_in_actors

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

# Another folder lets two test runs work side by side (each supervises its own servers).
TEST_DATA_DIR = Path(os.environ.get("TECHMARKET_TEST_DATA_DIR", REPO_DIR / "var" / "test"))


@pytest.fixture(scope="session")
def endpoints() -> Iterator[runtime.Endpoints]:
    settings = Settings(env=Environment.TESTING, data_dir=TEST_DATA_DIR)
    with runtime.services(settings) as found:
        yield found


@pytest.fixture(scope="session")
async def settings(
    endpoints: runtime.Endpoints, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    database_url = await fresh_database(endpoints.database_url, "techmarket_test")
    return Settings(
        env=Environment.TESTING,
        data_dir=tmp_path_factory.mktemp("data"),
        database_url=database_url,
        meili_url=endpoints.meili_url,
        meili_key=endpoints.meili_key,
        worker_in_process=False,  # tests drive the worker themselves
        search_index_prefix=f"test{uuid.uuid4().hex[:8]}_",  # this run's own indexes
    )


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    assert settings.database_url
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def app(settings: Settings, engine: AsyncEngine) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app
        for uid in app.state.indexes.all_uids():  # this run's indexes go with it
            await app.state.search.delete_index_if_exists(uid)


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
async def session(connection: AsyncConnection, app: FastAPI) -> AsyncIterator[AsyncSession]:
    """The session of the test and of every request it makes: commits become savepoints."""
    session = AsyncSession(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )

    async def same_session() -> AsyncIterator[AsyncSession]:
        yield session

    app.dependency_overrides[get_session] = same_session
    yield session
    app.dependency_overrides.pop(get_session, None)
    await session.close()


@pytest.fixture
async def client(app: FastAPI, session: AsyncSession) -> AsyncIterator[AsyncClient]:

    async def isolated(scope: Scope, receive: Receive, send: Send) -> None:
        """Each request starts with an empty identity map, as in production (polar's idea):
        what the test holds stays readable, and a lazy load the app forgot fails here."""
        session.expunge_all()
        await app(scope, receive, send)

    transport = ASGITransport(app=isolated, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def actors(client: AsyncClient, session: AsyncSession) -> Actors:
    """An owner, a colleague, another organisation, an unverified one and a reviewer."""
    return await sign_in_actors(client, session)


@pytest.fixture
def meili(tmp_path: Path) -> Iterator[runtime.EmbeddedMeilisearch]:
    """A Meilisearch of the test's own, which it may stop, kill and start (not yet started)."""
    server = runtime.EmbeddedMeilisearch(
        tmp_path / "meili", runtime.DEFAULT_MEILI_BINARY, "fault-test-master-key"
    )
    yield server
    server.stop()


@pytest.fixture
def subprocess_env(tmp_path: Path) -> dict[str, str]:
    """Environment for a `techmarket` child process that supervises its own servers."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TECHMARKET_", "MEILI_"))}
    env.pop("DATABASE_URL", None)
    env["TECHMARKET_DATA_DIR"] = str(tmp_path / "data")
    return env
