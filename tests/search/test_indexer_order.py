"""Several workers syncing one collection: the state read last is the state Meilisearch keeps,
and a bulk import is indexed once whatever the number of loops."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import update

from techmarket import runtime
from techmarket.demands.models import Demand
from techmarket.search import corpus
from techmarket.search.indexer import TOPIC
from techmarket.search.indexes import SearchType
from tests.databases import fresh_database
from tests.platforms import (
    Platform,
    assert_each_entry_once,
    drain,
    own_platform,
    publish_demands,
    worker,
)


@pytest.fixture
async def platform(endpoints: runtime.Endpoints, tmp_path: Path) -> AsyncIterator[Platform]:
    url = await fresh_database(endpoints.database_url, "techmarket_indexer_order")
    async with own_platform(url, endpoints, tmp_path / "data") as platform:
        yield platform


async def test_a_sync_reads_the_entry_only_once_no_other_worker_sends_the_collection(
    platform: Platform,
) -> None:
    marker = await publish_demands(platform, 1)
    await drain(platform)
    [hit] = (await platform.client.get("/api/v1/search", params={"q": marker})).json()["hits"]
    indexer = worker(platform).handlers[TOPIC]
    demand_id = uuid.UUID(hit["id"])

    async with platform.session() as other_worker, other_worker.begin():
        await corpus.lock(other_worker, kind=SearchType.DEMAND.value)
        syncing = asyncio.create_task(indexer.sync(SearchType.DEMAND, {demand_id}))  # type: ignore[attr-defined]
        await asyncio.sleep(0.5)
        assert not syncing.done(), "it waits while another worker sends this collection"
        async with platform.session() as session, session.begin():
            await session.execute(
                update(Demand).where(Demand.id == demand_id).values(title=f"新标题 {marker}")
            )
    await asyncio.wait_for(syncing, 30)

    [after] = (await platform.client.get("/api/v1/search", params={"q": marker})).json()["hits"]
    assert after["title"].startswith("新标题"), "the state read after the other worker is kept"


async def test_concurrent_loops_index_a_bulk_import_once(platform: Platform) -> None:
    count = 300
    marker = await publish_demands(platform, count)
    shared = worker(platform)
    shared.batch_size = 40
    for _ in range(10):
        if not any(await asyncio.gather(*(shared.run_once() for _ in range(3)))):
            break
    await assert_each_entry_once(platform, marker, count)
