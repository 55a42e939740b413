"""Periodic work done by the worker (expiry reminders now; deadlines of challenges later).

Each task has a row in ``scheduled_run``; a run takes that row ``FOR UPDATE SKIP LOCKED``, so
with several workers exactly one runs a due task, and a crash mid-run leaves it due.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import DateTime, String, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base

log = logging.getLogger(__name__)


class ScheduledRun(Base):
    __tablename__ = "scheduled_run"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class Periodic:
    name: str
    every: timedelta
    run: Callable[[AsyncSession], Awaitable[None]]  # inside the transaction that marks the run


async def run_due(
    sessionmaker: async_sessionmaker[AsyncSession], tasks: Sequence[Periodic]
) -> list[str]:
    """Run every task that is due and not running elsewhere; answer the names that ran."""
    ran = []
    for task in tasks:
        async with sessionmaker() as session, session.begin():
            await session.execute(
                insert(ScheduledRun).values(name=task.name).on_conflict_do_nothing()
            )
            row = await session.scalar(
                select(ScheduledRun)
                .where(ScheduledRun.name == task.name)
                .with_for_update(skip_locked=True)
            )
            now = await session.scalar(select(func.now()))
            assert now is not None
            if row is None or (row.last_run_at is not None and row.last_run_at + task.every > now):
                continue
            await task.run(session)
            row.last_run_at = now
            ran.append(task.name)
    return ran


async def run_forever(
    sessionmaker: async_sessionmaker[AsyncSession],
    tasks: Sequence[Periodic],
    stop: asyncio.Event,
    *,
    check_every: float = 30.0,
) -> None:
    while not stop.is_set():
        try:
            await run_due(sessionmaker, tasks)
        except Exception:
            log.exception("periodic tasks could not run; retrying")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=check_every)
