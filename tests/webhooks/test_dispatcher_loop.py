"""The dispatcher as the worker runs it: deliveries in flight side by side, each outcome written
as soon as it is known, so a hanging receiver holds one slot while the others finish."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from techmarket.db import create_sessionmaker
from techmarket.settings import WebhookSettings
from techmarket.webhooks import service
from techmarket.webhooks.delivery import Dispatcher
from techmarket.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.webhooks.receiver import HANG, Receiver

# Marks this module's rows, which are committed, so that they can be removed afterwards.
SECRET = f"whsec_loop_{uuid.uuid4().hex}"


@pytest.fixture
async def maker(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Real, committing sessions: the loop uses several connections at once."""
    maker = create_sessionmaker(engine)
    yield maker
    async with maker() as session:
        ours = WebhookSubscription.secret == SECRET
        await session.execute(delete(WebhookSubscription).where(ours))
        await session.commit()


async def _subscribe(maker: async_sessionmaker[AsyncSession], url: str) -> uuid.UUID:
    async with maker() as session:
        subscription = WebhookSubscription(
            url=url, event_types=["demand.published"], secret=SECRET, active=True
        )
        session.add(subscription)
        await session.commit()
        return subscription.id


async def _status(maker: async_sessionmaker[AsyncSession], subscription_id: uuid.UUID) -> str:
    async with maker() as session:
        status = await session.scalar(
            select(WebhookDelivery.status).where(WebhookDelivery.subscription_id == subscription_id)
        )
    return str(status)


async def test_a_hanging_receiver_holds_one_slot_while_the_others_are_delivered(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    hanging, healthy = await Receiver(HANG).start(), await Receiver().start()
    stop = asyncio.Event()
    try:
        stuck = await _subscribe(maker, hanging.url)
        fine = await _subscribe(maker, healthy.url)
        async with maker() as session:
            await service.fan_out(
                session,
                [
                    {
                        "event_id": str(uuid.uuid4()),
                        "type": "demand.published",
                        "occurred_at": "2026-11-26T08:00:00+00:00",
                        "entity_type": "demand",
                        "id": str(uuid.uuid4()),
                    }
                ],
            )
            await session.commit()
        settings = WebhookSettings(timeout_seconds=3.0, max_attempts=3, concurrency=2)
        async with Dispatcher(maker, settings, idle_seconds=0.1) as dispatcher:
            loop = asyncio.create_task(dispatcher.run(stop))
            await asyncio.wait_for(hanging.arrived.wait(), timeout=5)
            for _ in range(50):
                if await _status(maker, fine) == DeliveryStatus.SUCCEEDED:
                    break
                await asyncio.sleep(0.05)
            assert await _status(maker, fine) == DeliveryStatus.SUCCEEDED
            assert await _status(maker, stuck) == DeliveryStatus.PENDING, "still in flight"
            assert not loop.done()
            stop.set()
            await asyncio.wait_for(loop, timeout=settings.timeout_seconds + 2)
        async with maker() as session:
            timed_out = await session.scalar(
                select(WebhookDelivery).where(WebhookDelivery.subscription_id == stuck)
            )
        assert timed_out is not None
        assert (timed_out.status, timed_out.attempts) == (DeliveryStatus.PENDING, 1)
        assert timed_out.last_error == "timed out after 3 s"
    finally:
        stop.set()
        await hanging.stop()
        await healthy.stop()
