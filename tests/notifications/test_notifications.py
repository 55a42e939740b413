"""Notifications, and the periodic tasks that send them (expired demands)."""

from __future__ import annotations

from datetime import date, timedelta

from httpx import AsyncClient
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.core.scheduler import ScheduledRun, run_due
from techmarket.demands.models import Demand
from techmarket.demands.reminders import remind_expired_demands
from techmarket.worker import PERIODIC_TASKS
from tests.entries import Actors, published_demand


def _maker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


async def _expire(session: AsyncSession, demand_id: str, days_ago: int = 1) -> None:
    await session.execute(
        update(Demand)
        .where(Demand.id == demand_id)
        .values(valid_until=date.today() - timedelta(days=days_ago))
    )
    await session.commit()


async def test_owner_is_asked_once_to_renew_an_expired_demand(
    client: AsyncClient, connection: AsyncConnection, session: AsyncSession, actors: Actors
) -> None:
    demand = await published_demand(client, actors)
    await _expire(session, demand["id"])
    await session.execute(delete(ScheduledRun))  # whatever ran before this test, it is due now
    await session.commit()
    # The worker's other periodic tasks (e.g. forgetting old idempotency keys) run alongside.
    assert "demands.expiry_reminders" in await run_due(_maker(connection), PERIODIC_TASKS)

    for headers in (actors.owner, actors.colleague):
        unread = await client.get("/api/v1/notifications/unread-count", headers=headers)
        assert unread.json() == {"unread": 1}
    [note] = (await client.get("/api/v1/notifications", headers=actors.owner)).json()["items"]
    assert note["kind"] == "demand.expired"
    assert note["entity_id"] == demand["id"]
    assert demand["title"] in note["title"]
    other = await client.get("/api/v1/notifications/unread-count", headers=actors.other)
    assert other.json() == {"unread": 0}

    # Not due again within the hour; and when due, the same expiry is not announced twice.
    assert "demands.expiry_reminders" not in await run_due(_maker(connection), PERIODIC_TASKS)
    assert await remind_expired_demands(session) == 0


async def test_a_renewed_demand_that_expires_again_is_announced_again(
    client: AsyncClient, session: AsyncSession, actors: Actors
) -> None:
    demand = await published_demand(client, actors)
    await _expire(session, demand["id"], days_ago=10)
    assert await remind_expired_demands(session) == 1
    await _expire(session, demand["id"], days_ago=2)  # renewed, then expired again
    assert await remind_expired_demands(session) == 1


async def test_marking_read(client: AsyncClient, session: AsyncSession, actors: Actors) -> None:
    for _ in range(2):
        demand = await published_demand(client, actors)
        await _expire(session, demand["id"])
    await remind_expired_demands(session)
    await session.commit()
    items = (await client.get("/api/v1/notifications", headers=actors.owner)).json()["items"]
    assert len(items) == 2
    one = await client.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=actors.owner)
    assert one.status_code == 204
    assert (
        await client.get("/api/v1/notifications/unread-count", headers=actors.owner)
    ).json() == {"unread": 1}
    stranger = await client.post(
        f"/api/v1/notifications/{items[1]['id']}/read", headers=actors.other
    )
    assert stranger.status_code == 404
    await client.post("/api/v1/notifications/read-all", headers=actors.owner)
    assert (
        await client.get("/api/v1/notifications/unread-count", headers=actors.owner)
    ).json() == {"unread": 0}
    colleague = await client.get("/api/v1/notifications/unread-count", headers=actors.colleague)
    assert colleague.json() == {"unread": 2}, "each member reads their own copy"
