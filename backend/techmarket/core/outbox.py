"""The transactional outbox: side effects (search index, webhooks, notifications) that must
happen exactly when a write commits, and eventually even if the receiver is down for an hour.

A write adds an event in its own transaction (``enqueue``). The worker claims a batch of due
events with ``FOR UPDATE SKIP LOCKED`` and leases it (pushes ``available_at`` past the lease), so
several workers never take the same event; it then hands each topic's events to its handler with
no transaction open, deletes them on success and retries them with back-off on failure. While a
handler works its lease is renewed; a worker that dies leaves its events to come back when the
lease ends. Delivery is therefore at least once: handlers must be idempotent.

Events should say *what changed* (``{"demand_id": ...}``), not carry the new state: handlers
re-read the current state, so a retried old event can never overwrite a newer one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Identity,
    Integer,
    String,
    Text,
    Update,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base

log = logging.getLogger(__name__)

Handler = Callable[[Sequence[Mapping[str, Any]]], Awaitable[None]]
MAX_BACKOFF = timedelta(minutes=10)
DEFAULT_LEASE = timedelta(minutes=1)


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


@dataclass(frozen=True)
class Claimed:
    id: int
    topic: str
    payload: dict[str, Any]
    attempts: int


class OutboxWorker:
    """Claims up to ``batch_size`` due events at a time and keeps up to ``in_flight`` batches
    being delivered at once. No connection is held while a handler waits, so many batches can
    be in flight: that matters for bulk imports, where Meilisearch spends seconds on each task
    and merges the tasks queued meanwhile into one, indexing large batches faster per document
    (bench/import_batches.py)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        handlers: Mapping[str, Handler],
        *,
        batch_size: int = 1000,
        in_flight: int = 1,
        idle_seconds: float = 1.0,
        lease: timedelta = DEFAULT_LEASE,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.handlers = handlers
        self.batch_size = batch_size
        self.in_flight = in_flight
        self.idle_seconds = idle_seconds
        self.lease = lease
        self.last_success_at: datetime | None = None

    async def run_once(self) -> int:
        """Claim one batch of due events and deliver it; answer how many were taken."""
        events = await self._claim()
        await self._process(events)
        return len(events)

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set, then finish the batches in flight; survive database
        outages by waiting and trying again (events claimed before an outage come back when
        their lease ends)."""
        delivering: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            if len(delivering) >= self.in_flight:
                await asyncio.wait(delivering, return_when=asyncio.FIRST_COMPLETED)
                continue
            try:
                events = await self._claim()
            except Exception:
                log.exception("outbox worker could not claim events; retrying")
                events = []
            if events:
                task = asyncio.create_task(self._settle(events), name="outbox-batch")
                delivering.add(task)
                task.add_done_callback(delivering.discard)
            if len(events) < self.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.idle_seconds)
        await asyncio.gather(*delivering)

    async def _settle(self, events: list[Claimed]) -> None:
        try:
            await self._process(events)
        except Exception:
            log.exception("outbox worker could not settle a batch; its lease will end")

    async def _process(self, events: list[Claimed]) -> None:
        by_topic: dict[str, list[Claimed]] = defaultdict(list)
        for event in events:
            by_topic[event.topic].append(event)
        for topic, batch in by_topic.items():
            await self._deliver(topic, batch)

    async def _claim(self) -> list[Claimed]:
        """Lock due events, then lease them: two statements, because PostgreSQL may run a
        ``LIMIT … SKIP LOCKED`` subquery of an UPDATE more than once and so lease more than
        ``batch_size`` events (seen with statistics of a large, emptied table)."""
        async with self.sessionmaker() as session, session.begin():
            ids = list(
                await session.scalars(
                    select(OutboxEvent.id)
                    .where(OutboxEvent.available_at <= func.now())
                    .order_by(OutboxEvent.id)
                    .limit(self.batch_size)
                    .with_for_update(skip_locked=True)
                )
            )
            if not ids:
                return []
            rows = await session.execute(
                self._extend_lease(ids).returning(
                    OutboxEvent.id, OutboxEvent.topic, OutboxEvent.payload, OutboxEvent.attempts
                )
            )
            return sorted((Claimed(*row) for row in rows), key=lambda event: event.id)

    def _extend_lease(self, ids: list[int]) -> Update:
        return (
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(ids))
            .values(available_at=func.now() + self.lease)
        )

    async def _deliver(self, topic: str, batch: list[Claimed]) -> None:
        ids = [event.id for event in batch]
        handler = self.handlers.get(topic)
        try:
            if handler is None:
                raise LookupError(f"no handler for topic {topic!r}")
            async with self._leased(ids):
                await handler([event.payload for event in batch])
        except Exception as error:  # noqa: BLE001 - any failure is retried later
            log.warning("outbox delivery failed", extra={"topic": topic, "error": repr(error)})
            await self._retry_later(batch, error)
            return
        async with self.sessionmaker() as session, session.begin():
            await session.execute(delete(OutboxEvent).where(OutboxEvent.id.in_(ids)))
        self.last_success_at = datetime.now().astimezone()

    @contextlib.asynccontextmanager
    async def _leased(self, ids: list[int]) -> AsyncIterator[None]:
        """Keep the events leased while the block runs (an import or a large index task may
        outlast one lease); renewal stops with the worker, so a dead worker's events return."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lease.total_seconds() / 3)
                try:
                    async with self.sessionmaker() as session, session.begin():
                        await session.execute(self._extend_lease(ids))
                except Exception:
                    log.warning("could not renew an outbox lease", exc_info=True)

        renewing = asyncio.create_task(renew(), name="outbox-lease")
        try:
            yield
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing

    async def _retry_later(self, batch: list[Claimed], error: Exception) -> None:
        by_attempts: dict[int, list[int]] = defaultdict(list)
        for event in batch:
            by_attempts[event.attempts + 1].append(event.id)
        async with self.sessionmaker() as session, session.begin():
            for attempts, ids in by_attempts.items():
                await session.execute(
                    update(OutboxEvent)
                    .where(OutboxEvent.id.in_(ids))
                    .values(
                        attempts=attempts,
                        available_at=func.now() + backoff(attempts),
                        last_error=repr(error)[:2000],
                    )
                )
