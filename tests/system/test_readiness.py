"""GET /api/v1/health and /api/v1/ready against real PostgreSQL and Meilisearch states."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack

import pytest
from httpx import AsyncClient

from techmarket.main import create_app
from techmarket.runtime import free_port
from techmarket.settings import Settings
from tests.apps import running
from tests.databases import fresh_database

ClientFor = Callable[..., Awaitable[AsyncClient]]


@pytest.fixture
async def client_for(settings: Settings) -> AsyncIterator[ClientFor]:
    """Make a client for an app started with other settings (another database, no search)."""
    async with AsyncExitStack() as stack:

        async def open_client(**changes: object) -> AsyncClient:
            app = create_app(settings.model_copy(update=changes))
            return await stack.enter_async_context(running(app))

        yield open_client


class TestHealth:
    async def test_answers_while_the_process_lives(self, client: AsyncClient) -> None:
        answer = await client.get("/api/v1/health")
        assert answer.status_code == 200
        assert answer.json()["status"] == "ok"


class TestReadiness:
    async def test_ready_when_database_is_migrated_and_search_healthy(
        self, client: AsyncClient
    ) -> None:
        answer = await client.get("/api/v1/ready")
        assert answer.status_code == 200
        body = answer.json()
        assert body["status"] == "ok"
        assert {name: c["status"] for name, c in body["components"].items()} == {
            "database": "ok",
            "migrations": "ok",
            "search": "ok",
        }

    async def test_unmigrated_database_is_not_ready(
        self, settings: Settings, client_for: ClientFor
    ) -> None:
        assert settings.database_url
        empty = await fresh_database(settings.database_url, "techmarket_test_unmigrated")
        client = await client_for(database_url=empty)
        answer = await client.get("/api/v1/ready")
        assert answer.status_code == 503
        components = answer.json()["components"]
        assert components["database"]["status"] == "ok"
        assert components["migrations"]["status"] == "error"
        assert "techmarket migrate" in components["migrations"]["detail"]

    async def test_unreachable_search_is_not_ready(self, client_for: ClientFor) -> None:
        client = await client_for(meili_url=f"http://127.0.0.1:{free_port()}")
        answer = await client.get("/api/v1/ready")
        assert answer.status_code == 503
        body = answer.json()
        assert body["status"] == "unavailable"
        assert body["components"]["search"]["status"] == "error"
        assert body["components"]["search"]["detail"]
        assert body["components"]["database"]["status"] == "ok"

    async def test_wrong_search_key_is_not_ready(self, client_for: ClientFor) -> None:
        client = await client_for(meili_key="not-the-master-key-at-all")
        answer = await client.get("/api/v1/ready")
        assert answer.status_code == 503
        assert answer.json()["components"]["search"]["status"] == "error"

    async def test_unreachable_database_is_not_ready(self, client_for: ClientFor) -> None:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/techmarket"
        client = await client_for(database_url=url)
        answer = await client.get("/api/v1/ready")
        assert answer.status_code == 503
        components = answer.json()["components"]
        assert components["database"]["status"] == "error"
        assert components["search"]["status"] == "ok"
