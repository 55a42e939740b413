"""A whole platform of a test's own: its own database (committed for real, unlike the rolled-back
test transaction), its own indexes and data folder, the app serving it in-process.

For tests that need what the shared fixtures cannot give: data that outlives a transaction
(backups), or a database that the test may break (faults)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket import runtime
from techmarket.core.outbox import DEFAULT_LEASE, OutboxEvent, OutboxWorker
from techmarket.db import create_engine
from techmarket.main import create_app
from techmarket.migrate import upgrade
from techmarket.search.corpus import CorpusSize
from techmarket.search.indexer import TOPIC
from techmarket.search.indexes import SearchType
from techmarket.settings import Environment, Settings
from techmarket.worker import topic_handlers
from tests.apps import running
from tests.factories import make_organization, make_user, sign_in


@dataclass
class Platform:
    settings: Settings
    app: FastAPI
    client: AsyncClient

    def session(self) -> AsyncSession:
        """A session of its own on the platform's database: what it commits is committed."""
        return self.app.state.sessionmaker()  # type: ignore[no-any-return]

    def environment(self, base: dict[str, str]) -> dict[str, str]:
        """The environment of a `techmarket` command working on this platform."""
        settings = self.settings
        assert settings.database_url
        assert settings.meili_url
        return {
            **base,
            "TECHMARKET_ENV": "testing",
            "TECHMARKET_DATA_DIR": str(settings.data_dir),
            "TECHMARKET_SEARCH_INDEX_PREFIX": settings.search_index_prefix,
            "DATABASE_URL": settings.database_url,
            "MEILI_URL": settings.meili_url,
        } | ({"MEILI_KEY": settings.meili_key} if settings.meili_key else {})


@asynccontextmanager
async def own_platform(
    database_url: str, endpoints: runtime.Endpoints, data_dir: Path, **overrides: Any
) -> AsyncIterator[Platform]:
    """Migrate the (empty) database at ``database_url`` and serve the app on it; ``overrides``
    are settings (e.g. a Meilisearch of the test's own)."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    settings = Settings(
        env=Environment.TESTING,
        data_dir=data_dir,
        database_url=database_url,
        meili_url=endpoints.meili_url,
        meili_key=endpoints.meili_key,
        worker_in_process=False,
        search_index_prefix=f"own{uuid.uuid4().hex[:8]}_",
    ).model_copy(update=overrides)
    app = create_app(settings)
    async with running(app) as client:
        try:
            yield Platform(settings, app, client)
        finally:
            for uid in app.state.indexes.all_uids():
                await app.state.search.delete_index_if_exists(uid)


async def publish_demands(platform: Platform, count: int) -> str:
    """``count`` published demands through the API; answers the word that finds them all."""
    async with platform.session() as session:
        bureau = await make_organization(session, name="运城市科学技术局")
        admin = await make_user(session, organization=bureau, roles=["admin"])
    headers = (await sign_in(platform.client, admin.email)).headers
    marker, until = "mk" + uuid.uuid4().hex[:10], (date.today() + timedelta(days=90)).isoformat()
    items = [
        {"title": f"需求 {n} {marker}", "description": "镁合金压铸", "field": "special_metal",
         "region": "wenxi", "demand_type": "tech_breakthrough", "valid_until": until}
        for n in range(count)
    ]  # fmt: skip
    answer = await platform.client.post(
        "/api/v1/demands/bulk", json={"items": items, "publish": True}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return marker


async def waiting(platform: Platform) -> int:
    """Search events left in the outbox."""
    async with platform.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == TOPIC)
        )
    return int(count or 0)


async def indexed(platform: Platform) -> int:
    """Demands in the search index."""
    uid = platform.app.state.indexes.search_uid
    try:
        found = await platform.app.state.search.index(uid).search(
            "", filter=f'type = "{SearchType.DEMAND}"', limit=0
        )
    except Exception:  # noqa: BLE001 - the index is made by the worker's first batch
        return 0
    return int(found.estimated_total_hits or 0)


def worker(platform: Platform, *, lease: timedelta = DEFAULT_LEASE) -> OutboxWorker:
    maker, app = platform.app.state.sessionmaker, platform.app
    handlers = topic_handlers(maker, app.state.settings, app.state.search)
    return OutboxWorker(maker, handlers, lease=lease)


async def drain(platform: Platform, *, seconds: float = 30) -> None:
    """A worker that lives: it takes over whatever another left, once the lease of a dead
    worker's events has ended."""
    survivor = worker(platform)
    for _ in range(int(seconds * 10)):
        if not await survivor.run_once() and not await waiting(platform):
            return
        await asyncio.sleep(0.1)
    pytest.fail("the outbox did not drain")


async def assert_each_entry_once(platform: Platform, marker: str, count: int) -> None:
    assert await waiting(platform) == 0
    assert await indexed(platform) == count, "each entry once in the index"
    found = await platform.client.get("/api/v1/search", params={"q": marker, "limit": 1})
    assert found.json()["total"] == count
    async with platform.session() as session:
        size = await session.get(CorpusSize, SearchType.DEMAND.value)
    assert size is not None
    assert size.documents == count, "each entry once in the matching statistics"
