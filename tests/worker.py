"""Driving background work in tests: the real outbox worker, on the test's connection."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.core.outbox import OutboxEvent, OutboxWorker
from techmarket.worker import topic_handlers


async def drain(app: FastAPI, connection: AsyncConnection, session: AsyncSession) -> None:
    """Run the worker, as in production, until no search event waits."""
    maker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    worker = OutboxWorker(maker, topic_handlers(maker, app.state.settings, app.state.search))
    for _ in range(10):
        await worker.run_once()
        waiting = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == "search")
        )
        if not waiting:
            return
    pytest.fail("the search events were not delivered")
