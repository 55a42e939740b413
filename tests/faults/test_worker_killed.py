"""The outbox worker dies in the middle of a batch: nothing is lost, and what it had sent is sent
again harmlessly (each entry once in the index and once in the matching statistics).

Two deaths: a task cancelled at the exact worst moment (Meilisearch has the documents, the rows
are not yet deleted), and a real `techmarket worker` process SIGKILLed while it works."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from techmarket import runtime
from techmarket.core.outbox import OutboxEvent, OutboxWorker
from techmarket.search.corpus import CorpusSize
from techmarket.search.indexer import TOPIC
from techmarket.search.indexes import SearchType
from techmarket.worker import topic_handlers
from tests.databases import fresh_database
from tests.factories import make_organization, make_user, sign_in
from tests.platforms import Platform, own_platform

WAIT_SECONDS = 45


@pytest.fixture
async def platform(endpoints: runtime.Endpoints, tmp_path: Path) -> AsyncIterator[Platform]:
    url = await fresh_database(endpoints.database_url, "techmarket_fault_worker")
    async with own_platform(url, endpoints, tmp_path / "data") as platform:
        yield platform


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
    async with platform.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == TOPIC)
        )
    return int(count or 0)


async def indexed(platform: Platform) -> int:
    uid = platform.app.state.indexes.uid(SearchType.DEMAND)
    try:
        stats = await platform.app.state.search.index(uid).get_stats()
    except Exception:  # noqa: BLE001 - the index is made by the worker's first batch
        return 0
    return int(stats.number_of_documents)


def worker(platform: Platform) -> OutboxWorker:
    maker, app = platform.app.state.sessionmaker, platform.app
    return OutboxWorker(maker, topic_handlers(maker, app.state.settings, app.state.search))


async def drain(platform: Platform) -> None:
    """A worker that lives: it takes over whatever the dead one left."""
    survivor = worker(platform)
    for _ in range(20):
        if not await survivor.run_once():
            return
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


async def test_worker_cancelled_after_sending_before_deleting(platform: Platform) -> None:
    count = 30
    marker = await publish_demands(platform, count)
    dying = worker(platform)
    handlers = dict(dying.handlers)
    sent = asyncio.Event()

    async def send_then_die(payloads: Sequence[Mapping[str, Any]]) -> None:
        await handlers[TOPIC](payloads)  # Meilisearch has the documents, the statistics too
        sent.set()
        await asyncio.Event().wait()  # ... and the worker dies before deleting the rows

    dying.handlers = handlers | {TOPIC: send_then_die}
    batch = asyncio.create_task(dying.run_once())
    await asyncio.wait_for(sent.wait(), WAIT_SECONDS)
    batch.cancel()
    with pytest.raises(asyncio.CancelledError):
        await batch
    assert await indexed(platform) == count, "the documents had been sent"
    assert await waiting(platform) == count, "the rows of the dead batch are still there"

    await drain(platform)
    await assert_each_entry_once(platform, marker, count)


async def test_worker_process_killed_while_it_works(platform: Platform) -> None:
    count = 250  # three batches of at most 100
    marker = await publish_demands(platform, count)
    env = platform.environment({"PATH": "/usr/bin:/bin"})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "techmarket.cli", "worker",
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(WAIT_SECONDS * 50):  # kill as soon as Meilisearch got a first batch
            if await indexed(platform) or process.returncode is not None:
                break
            await asyncio.sleep(0.02)
        left = await waiting(platform)
    finally:
        if process.returncode is None:
            process.kill()
        await asyncio.wait_for(process.wait(), 10)
    assert process.returncode == -9, "killed while working, not exited on its own"
    assert left > 0, "it died with work unfinished"

    await drain(platform)
    await assert_each_entry_once(platform, marker, count)
