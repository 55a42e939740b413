"""The background worker: which outbox topics exist and who handles them.

Collections register their handlers here (search indexing, webhooks, notifications) as they
arrive; ``techmarket run`` runs the worker in-process, ``techmarket worker`` on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.core.outbox import Handler, OutboxWorker


def topic_handlers() -> dict[str, Handler]:
    return {}


@contextlib.asynccontextmanager
async def running_worker(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[OutboxWorker]:
    """Run the worker as a task for the duration of the block, then stop it cleanly."""
    worker = OutboxWorker(sessionmaker, topic_handlers())
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop), name="outbox-worker")
    try:
        yield worker
    finally:
        stop.set()
        await task
