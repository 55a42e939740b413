"""The background worker: which outbox topics exist and who handles them.

Collections register their handlers here (imports, search indexing, webhooks; notifications as
they arrive); ``techmarket run`` runs the worker in-process, ``techmarket worker`` on its own.
Webhook deliveries are sent by their own loop (``webhooks.delivery.Dispatcher``), so a slow
receiver never holds up the outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

from meilisearch_python_sdk import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.challenges.service import CLOSE_AT_DEADLINE
from techmarket.core.idempotency import FORGET_OLD_KEYS
from techmarket.core.outbox import Handler, OutboxWorker
from techmarket.core.ratelimit import PURGE_OLD_HITS
from techmarket.core.scheduler import Periodic, run_forever
from techmarket.core.workflow import WEBHOOK_TOPIC
from techmarket.demands.reminders import EXPIRY_REMINDERS
from techmarket.imports import service as imports
from techmarket.search.indexer import TOPIC as SEARCH_TOPIC
from techmarket.search.indexer import Indexer
from techmarket.search.indexes import Indexes
from techmarket.settings import Settings
from techmarket.webhooks import service as webhooks
from techmarket.webhooks.delivery import Dispatcher


def topic_handlers(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, search: AsyncClient
) -> dict[str, Handler]:
    storage = imports.Storage(settings.data_dir / "imports")
    indexer = Indexer(sessionmaker, search, Indexes(settings.search_index_prefix))

    async def run_imports(payloads: Sequence[Mapping[str, Any]]) -> None:
        for payload in payloads:
            await imports.run_job(sessionmaker, storage, uuid.UUID(payload["job_id"]))

    async def queue_webhooks(payloads: Sequence[Mapping[str, Any]]) -> None:
        async with sessionmaker() as session, session.begin():
            await webhooks.fan_out(session, payloads)

    return {imports.TOPIC: run_imports, SEARCH_TOPIC: indexer, WEBHOOK_TOPIC: queue_webhooks}


PERIODIC_TASKS: tuple[Periodic, ...] = (
    EXPIRY_REMINDERS,
    FORGET_OLD_KEYS,
    CLOSE_AT_DEADLINE,
    PURGE_OLD_HITS,
)


@contextlib.asynccontextmanager
async def running_worker(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, search: AsyncClient
) -> AsyncIterator[OutboxWorker]:
    """Run the outbox worker and the periodic tasks for the duration of the block."""
    worker = OutboxWorker(
        sessionmaker,
        topic_handlers(sessionmaker, settings, search),
        batch_size=settings.worker_batch_size,
        in_flight=settings.worker_batches_in_flight,
        lease=timedelta(seconds=settings.worker_lease_seconds),
    )
    stop = asyncio.Event()
    async with Dispatcher(sessionmaker, settings.webhooks) as dispatcher:
        tasks = [
            asyncio.create_task(worker.run(stop), name="outbox-worker"),
            asyncio.create_task(run_forever(sessionmaker, PERIODIC_TASKS, stop), name="periodic"),
            asyncio.create_task(dispatcher.run(stop), name="webhook-dispatcher"),
        ]
        try:
            yield worker
        finally:
            stop.set()
            await asyncio.gather(*tasks)
