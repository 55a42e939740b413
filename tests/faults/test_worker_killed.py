"""The outbox worker dies in the middle of a batch: nothing is lost, and what it had sent is sent
again harmlessly (each entry once in the index and once in the matching statistics).

Two deaths: a task cancelled at the exact worst moment (Meilisearch has the documents, the rows
are not yet deleted), and a real `techmarket worker` process SIGKILLed while it works."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from techmarket import runtime
from techmarket.search.indexer import TOPIC
from tests.databases import fresh_database
from tests.platforms import (
    Platform,
    assert_each_entry_once,
    drain,
    indexed,
    own_platform,
    publish_demands,
    waiting,
    worker,
)

WAIT_SECONDS = 45
LEASE = timedelta(seconds=2)  # a dead worker's events come back after it


@pytest.fixture
async def platform(endpoints: runtime.Endpoints, tmp_path: Path) -> AsyncIterator[Platform]:
    url = await fresh_database(endpoints.database_url, "techmarket_fault_worker")
    async with own_platform(url, endpoints, tmp_path / "data") as platform:
        yield platform


async def test_worker_cancelled_after_sending_before_deleting(platform: Platform) -> None:
    count = 30
    marker = await publish_demands(platform, count)
    dying = worker(platform, lease=LEASE)
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
    assert await worker(platform).run_once() == 0, "leased: not taken while the lease lasts"

    await drain(platform)
    await assert_each_entry_once(platform, marker, count)


async def test_worker_process_killed_while_it_works(platform: Platform) -> None:
    count = 250
    marker = await publish_demands(platform, count)
    env = platform.environment({"PATH": "/usr/bin:/bin"}) | {
        "TECHMARKET_WORKER_BATCH_SIZE": "50",  # five batches: it dies with some still to do
        "TECHMARKET_WORKER_BATCHES_IN_FLIGHT": "2",
        "TECHMARKET_WORKER_LEASE_SECONDS": str(LEASE.total_seconds()),
    }
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
