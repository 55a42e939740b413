"""Sending deliveries: signed POSTs, a short timeout, retries with back-off, bounded concurrency.

A delivery is *claimed* in a short transaction (its attempt counted, ``next_attempt_at`` pushed
past the timeout as a lease), sent with no transaction open, and its outcome written in another
short transaction. So a receiver that hangs holds one slot of ``concurrency`` for at most the
timeout, never a database connection nor a lock, and never the API; a worker that dies
mid-attempt leaves the delivery due again when its lease ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from types import TracebackType
from typing import Any, Self

import aiohttp
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket import __version__
from techmarket.settings import WebhookSettings
from techmarket.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)
LEASE_MARGIN = timedelta(seconds=30)


def sign(secret: str, body: bytes) -> str:
    """The `X-Techmarket-Signature` value: receivers recompute it with the secret they hold."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Claimed:
    id: uuid.UUID
    url: str
    secret: str
    event_type: str
    payload: dict[str, Any]
    attempts: int

    def __repr__(self) -> str:  # never the secret, should a delivery ever be logged whole
        return f"Claimed(id={self.id}, event_type={self.event_type}, attempts={self.attempts})"


@dataclass(frozen=True)
class Outcome:
    response_code: int | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class Dispatcher:
    """Sends due deliveries; use as ``async with Dispatcher(...) as d`` (it owns the client)."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        settings: WebhookSettings,
        *,
        idle_seconds: float = 1.0,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.idle_seconds = idle_seconds
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        self._http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.settings.concurrency),
            timeout=aiohttp.ClientTimeout(total=self.settings.timeout_seconds),
            headers={"User-Agent": f"techmarket-webhooks/{__version__}"},
        )
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None

    def backoff(self, attempts: int) -> timedelta:
        delay = timedelta(seconds=self.settings.retry_base_seconds * 2 ** (attempts - 1))
        return min(delay, MAX_BACKOFF)

    async def claim(self, limit: int) -> list[Claimed]:
        """Take up to ``limit`` due deliveries of active subscriptions (several workers never
        take the same one), counting the attempt and leasing them for the timeout."""
        lease = timedelta(seconds=self.settings.timeout_seconds) + LEASE_MARGIN
        async with self.sessionmaker() as session, session.begin():
            rows = (
                await session.execute(
                    select(WebhookDelivery, WebhookSubscription.url, WebhookSubscription.secret)
                    .join(WebhookSubscription)
                    .where(
                        WebhookDelivery.status == DeliveryStatus.PENDING,
                        WebhookDelivery.next_attempt_at <= func.now(),
                        WebhookSubscription.active.is_(True),
                    )
                    .order_by(WebhookDelivery.next_attempt_at)
                    .limit(limit)
                    .with_for_update(of=WebhookDelivery, skip_locked=True)
                )
            ).all()
            now = await session.scalar(select(func.now()))
            assert now is not None
            claimed = []
            for delivery, url, secret in rows:
                delivery.attempts += 1
                delivery.last_attempt_at = now
                delivery.next_attempt_at = now + lease
                claimed.append(
                    Claimed(
                        id=delivery.id,
                        url=url,
                        secret=secret,
                        event_type=delivery.event_type,
                        payload=delivery.payload,
                        attempts=delivery.attempts,
                    )
                )
        return claimed

    async def send(self, delivery: Claimed) -> Outcome:
        """POST one delivery; never raises: every failure is an outcome to record."""
        assert self._http is not None, "use the dispatcher as an async context manager"
        body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Techmarket-Event": delivery.event_type,
            "X-Techmarket-Delivery": str(delivery.id),
            "X-Techmarket-Timestamp": str(int(time.time())),
            "X-Techmarket-Signature": sign(delivery.secret, body),
        }
        started = time.monotonic()
        code: int | None = None
        error: str | None = None
        try:
            async with self._http.post(
                delivery.url, data=body, headers=headers, allow_redirects=False
            ) as response:
                code = response.status
                if not 200 <= code < 300:
                    error = f"HTTP {code}"
        except TimeoutError:
            error = f"timed out after {self.settings.timeout_seconds:g} s"
        except (aiohttp.ClientError, OSError, ValueError) as failure:
            error = f"{type(failure).__name__}: {failure}"[:500]
        duration_ms = round((time.monotonic() - started) * 1000)
        log.info(
            "webhook delivery attempted",
            extra={
                "delivery_id": str(delivery.id),
                "event_type": delivery.event_type,
                "attempt": delivery.attempts,
                "response_code": code,
                "error": error,
                "duration_ms": duration_ms,
            },
        )
        return Outcome(response_code=code, error=error, duration_ms=duration_ms)

    async def record(self, session: AsyncSession, delivery: Claimed, outcome: Outcome) -> None:
        now = await session.scalar(select(func.now()))
        assert now is not None
        if outcome.succeeded:
            status, next_attempt_at = DeliveryStatus.SUCCEEDED, None
        elif delivery.attempts >= self.settings.max_attempts:
            status, next_attempt_at = DeliveryStatus.FAILED, None
        else:
            status, next_attempt_at = DeliveryStatus.PENDING, now + self.backoff(delivery.attempts)
        await session.execute(
            update(WebhookDelivery)
            # An admin's redeliver during the attempt reset the count: leave it be.
            .where(
                WebhookDelivery.id == delivery.id,
                WebhookDelivery.attempts == delivery.attempts,
            )
            .values(
                status=status,
                next_attempt_at=next_attempt_at,
                last_response_code=outcome.response_code,
                last_error=outcome.error,
                last_duration_ms=outcome.duration_ms,
            )
        )

    async def run_once(self) -> int:
        """Claim what is due (up to ``concurrency``), send it all at once, record the outcomes;
        answer how many were sent. A hanging receiver delays this batch by the timeout only."""
        claimed = await self.claim(self.settings.concurrency)
        outcomes = await asyncio.gather(*(self.send(delivery) for delivery in claimed))
        if claimed:
            async with self.sessionmaker() as session, session.begin():
                for delivery, outcome in zip(claimed, outcomes, strict=True):
                    await self.record(session, delivery, outcome)
        return len(claimed)

    async def _attempt(self, delivery: Claimed) -> None:
        outcome = await self.send(delivery)
        try:
            async with self.sessionmaker() as session, session.begin():
                await self.record(session, delivery, outcome)
        except Exception:
            # The lease ends and the delivery is tried again: at least once, never lost.
            log.exception("could not record a webhook delivery", extra={"id": str(delivery.id)})

    async def run(self, stop: asyncio.Event) -> None:
        """Keep up to ``concurrency`` deliveries in flight until ``stop`` is set: a slow receiver
        occupies one slot while the others go on."""
        in_flight: set[asyncio.Task[None]] = set()
        while not stop.is_set():
            free = self.settings.concurrency - len(in_flight)
            claimed: list[Claimed] = []
            if free > 0:
                try:
                    claimed = await self.claim(free)
                except Exception:
                    log.exception("webhook dispatcher could not claim deliveries; retrying")
            for delivery in claimed:
                task = asyncio.create_task(self._attempt(delivery), name=f"webhook-{delivery.id}")
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
            if not claimed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.idle_seconds)
        await asyncio.gather(*in_flight, return_exceptions=True)
