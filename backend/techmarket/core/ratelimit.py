"""Sliding-window limits kept in PostgreSQL.

Every API process and replica counts the same hits: limits kept in each process's memory
would let N processes allow N times the attempts. A hit is one row, stamped with the clock
(not the transaction's start); rows older than a day are purged by the worker.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core.errors import AppError
from techmarket.core.scheduler import Periodic
from techmarket.db import Base

RETENTION = timedelta(days=1)


class RateLimitHit(Base):
    __tablename__ = "rate_limit_hit"
    __table_args__ = (Index("ix_rate_limit_hit_subject_hit_at", "subject", "hit_at"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    subject: Mapped[str] = mapped_column(String(400))
    hit_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.clock_timestamp()
    )


class TooManyAttempts(AppError):
    code = "auth.too_many_attempts"
    status = 429
    title = "Too many attempts"


@dataclass(frozen=True)
class SlidingWindow:
    """At most ``limit`` hits per ``window`` seconds per subject."""

    limit: int
    window: float

    async def retry_after(self, session: AsyncSession, subject: str) -> int | None:
        """Seconds until ``subject`` may try again, or None when it may now.

        Holds the subject's lock until the transaction ends, so that two concurrent attempts
        cannot both take its last free place.
        """
        await session.execute(select(func.pg_advisory_xact_lock(func.hashtext("rate:" + subject))))
        clock = func.clock_timestamp()
        count, oldest, checked_at = (
            await session.execute(
                select(func.count(), func.min(RateLimitHit.hit_at), clock).where(
                    RateLimitHit.subject == subject,
                    RateLimitHit.hit_at > clock - timedelta(seconds=self.window),
                )
            )
        ).one()
        if count < self.limit:
            return None
        wait: timedelta = oldest + timedelta(seconds=self.window) - checked_at
        return max(1, math.ceil(wait.total_seconds()))

    @staticmethod
    def hit(session: AsyncSession, subject: str) -> None:
        session.add(RateLimitHit(subject=subject))

    @staticmethod
    async def reset(session: AsyncSession, subject: str) -> None:
        await session.execute(delete(RateLimitHit).where(RateLimitHit.subject == subject))


async def _purge(session: AsyncSession) -> None:
    expired = RateLimitHit.hit_at < func.clock_timestamp() - RETENTION
    await session.execute(delete(RateLimitHit).where(expired))


PURGE_OLD_HITS = Periodic(name="ratelimit.purge", every=timedelta(hours=1), run=_purge)
