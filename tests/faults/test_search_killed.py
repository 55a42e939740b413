"""Meilisearch killed (SIGKILL) in the middle of a stream of writes through the API, with the
outbox worker running: no write fails, and once Meilisearch is back on the same data every entry
is searchable. (tests/search/test_degradation.py covers a clean stop: search answers 503 and
the events wait in the outbox.)"""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, update

from techmarket import runtime
from techmarket.core.outbox import OutboxEvent, OutboxWorker
from techmarket.runtime import EmbeddedMeilisearch, free_port
from techmarket.worker import topic_handlers
from tests.databases import fresh_database
from tests.factories import make_organization, make_user, sign_in
from tests.platforms import Platform, own_platform, waiting

WRITES = 60
DRAIN_SECONDS = 45


@pytest.fixture
async def platform(
    endpoints: runtime.Endpoints, meili: EmbeddedMeilisearch, tmp_path: Path
) -> AsyncIterator[Platform]:
    port = free_port()
    meili_url = await asyncio.to_thread(meili.start, 30, port)
    url = await fresh_database(endpoints.database_url, "techmarket_fault_search")
    async with own_platform(
        url, endpoints, tmp_path / "data", meili_url=meili_url, meili_key=meili.master_key
    ) as platform:
        platform.app.state.meili_port = port
        yield platform


async def test_search_killed_mid_stream_loses_no_write_and_no_entry(
    platform: Platform, meili: EmbeddedMeilisearch
) -> None:
    app, client = platform.app, platform.client
    async with platform.session() as session:
        bureau = await make_organization(session, name="运城市科学技术局")
        admin = await make_user(session, organization=bureau, roles=["admin"])
    headers = (await sign_in(client, admin.email)).headers
    maker = app.state.sessionmaker
    worker = OutboxWorker(maker, topic_handlers(maker, app.state.settings, app.state.search))
    stop = asyncio.Event()
    working = asyncio.create_task(worker.run(stop))

    marker, until = "mk" + uuid.uuid4().hex[:10], (date.today() + timedelta(days=90)).isoformat()
    statuses: list[int] = []
    for n in range(WRITES):
        if n == WRITES // 3:  # the worker has been indexing what came before: kill it mid-flow
            os.kill(int(meili.pid_file.read_text()), signal.SIGKILL)
        item = {"title": f"需求 {n} {marker}", "description": "镁合金压铸",
                "field": "special_metal", "region": "wenxi", "demand_type": "tech_breakthrough",
                "valid_until": until}  # fmt: skip
        answer = await client.post(
            "/api/v1/demands/bulk", json={"items": [item], "publish": True}, headers=headers
        )
        statuses.append(answer.status_code)
        await asyncio.sleep(0.02)
    assert statuses == [201] * WRITES, "no write fails while search is gone"
    assert await waiting(platform) > 0, "what could not be indexed waits in the outbox"

    meili.stop()  # reaps the killed process; nothing left to stop
    await asyncio.to_thread(meili.start, 30, app.state.meili_port)  # the same data folder
    async with platform.session() as session:  # skip the back-off instead of waiting it out
        await session.execute(update(OutboxEvent).values(available_at=func.now()))
        await session.commit()
    for _ in range(DRAIN_SECONDS * 2):
        if not await waiting(platform):
            break
        await asyncio.sleep(0.5)
    stop.set()
    await working
    assert await waiting(platform) == 0, "the outbox drains once search is back"
    found = await client.get("/api/v1/search", params={"q": marker, "limit": 1})
    assert found.status_code == 200
    assert found.json()["total"] == WRITES
