"""The background worker: which outbox topics exist and who handles them.

Collections register their handlers here (imports now; search indexing, webhooks and
notifications as they arrive); ``techmarket run`` runs the worker in-process, ``techmarket
worker`` on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.core.outbox import Handler, OutboxWorker
from techmarket.core.scheduler import Periodic, run_forever
from techmarket.demands.reminders import EXPIRY_REMINDERS
from techmarket.imports import service as imports
from techmarket.settings import Settings


def topic_handlers(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> dict[str, Handler]:
    storage = imports.Storage(settings.data_dir / "imports")

    async def run_imports(payloads: Sequence[Mapping[str, Any]]) -> None:
        for payload in payloads:
            await imports.run_job(sessionmaker, storage, uuid.UUID(payload["job_id"]))

    return {imports.TOPIC: run_imports}


PERIODIC_TASKS: tuple[Periodic, ...] = (EXPIRY_REMINDERS,)


@contextlib.asynccontextmanager
async def running_worker(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings
) -> AsyncIterator[OutboxWorker]:
    """Run the outbox worker and the periodic tasks for the duration of the block."""
    worker = OutboxWorker(sessionmaker, topic_handlers(sessionmaker, settings))
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(worker.run(stop), name="outbox-worker"),
        asyncio.create_task(run_forever(sessionmaker, PERIODIC_TASKS, stop), name="periodic"),
    ]
    try:
        yield worker
    finally:
        stop.set()
        await asyncio.gather(*tasks)
