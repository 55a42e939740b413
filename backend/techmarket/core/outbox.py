"""The transactional outbox: side effects (search index, webhooks, notifications) that must
happen exactly when a write commits, and eventually even if the receiver is down for an hour.

A write adds an event in its own transaction (``enqueue``); the worker takes batches with
``FOR UPDATE SKIP LOCKED`` (so several workers never take the same event), hands each topic's
events to its handler, deletes them on success and retries them with back-off on failure.

Events should say *what changed* (``{"demand_id": ...}``), not carry the new state: handlers
re-read the current state, so a retried old event can never overwrite a newer one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Integer, String, Text, delete, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base

log = logging.getLogger(__name__)

Handler = Callable[[Sequence[Mapping[str, Any]]], Awaitable[None]]
MAX_BACKOFF = timedelta(minutes=10)


class OutboxEvent(Base):
    __tablename__ = "outbox_event"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    topic: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    available_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)


def enqueue(session: AsyncSession, *, topic: str, payload: Mapping[str, Any]) -> None:
    """Add an event to the caller's transaction: it exists if and only if the write commits."""
    session.add(OutboxEvent(topic=topic, payload=dict(payload)))


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2**attempts), MAX_BACKOFF)


class OutboxWorker:
    """Takes up to ``batch_size`` due events at a time; several ``run`` loops may share one
    worker (``SKIP LOCKED`` gives each its own events). Large batches, and several in flight,
    matter for bulk imports: at 60,000 documents Meilisearch spent ~2.5 s on each task
    whatever its size, and it merges the tasks queued meanwhile into one (measured)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        handlers: Mapping[str, Handler],
        *,
        batch_size: int = 1000,
        idle_seconds: float = 1.0,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.handlers = handlers
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.last_success_at: datetime | None = None

    async def run_once(self) -> int:
        """Process one batch of due events; answer how many were taken."""
        async with self.sessionmaker() as session, session.begin():
            events = list(
                await session.scalars(
                    select(OutboxEvent)
                    .where(OutboxEvent.available_at <= func.now())
                    .order_by(OutboxEvent.id)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            )
            by_topic: dict[str, list[OutboxEvent]] = defaultdict(list)
            for event in events:
                by_topic[event.topic].append(event)
            for topic, batch in by_topic.items():
                await self._deliver(session, topic, batch)
        return len(events)

    async def _deliver(self, session: AsyncSession, topic: str, batch: list[OutboxEvent]) -> None:
        handler = self.handlers.get(topic)
        try:
            if handler is None:
                raise LookupError(f"no handler for topic {topic!r}")
            await handler([event.payload for event in batch])
        except Exception as error:  # noqa: BLE001 - any failure is retried later
            log.warning("outbox delivery failed", extra={"topic": topic, "error": repr(error)})
            now = await session.scalar(select(func.now()))
            assert now is not None
            for event in batch:
                event.attempts += 1
                event.available_at = now + backoff(event.attempts)
                event.last_error = repr(error)[:2000]
            return
        await session.execute(delete(OutboxEvent).where(OutboxEvent.id.in_([e.id for e in batch])))
        self.last_success_at = datetime.now().astimezone()

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set; survive database outages by waiting and trying again."""
        while not stop.is_set():
            try:
                taken = await self.run_once()
            except Exception:
                log.exception("outbox worker could not take a batch; retrying")
                taken = 0
            if taken < self.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.idle_seconds)
