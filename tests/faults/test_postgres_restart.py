"""PostgreSQL restarted under load: while it is away every request gets a quick 503
problem+json (not a 500, not a hang), the API recovers on its own, and no write is half-done.

The test restarts a PostgreSQL of its own (an embedded server in a temporary folder) under an app
of its own, never the shared test server."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from techmarket import runtime
from techmarket.core.audit import AuditLog
from techmarket.core.outbox import OutboxEvent
from techmarket.demands.models import Demand
from techmarket.runtime import EmbeddedPostgres
from tests.factories import make_organization, make_user, sign_in
from tests.platforms import Platform, own_platform

REQUEST_TIMEOUT = 10.0  # a request slower than this during the outage counts as a hang
PER_WRITE = 3


@dataclass(frozen=True)
class Outcome:
    status: int
    code: str | None
    media_type: str
    ids: tuple[str, ...]
    at: float


@pytest.fixture
async def platform(endpoints: runtime.Endpoints, tmp_path: Path) -> AsyncIterator[Platform]:
    postgres = EmbeddedPostgres(tmp_path / "pg")
    url = await asyncio.to_thread(postgres.start)
    try:
        async with own_platform(url, endpoints, tmp_path / "data") as platform:
            platform.app.state.postgres = postgres
            yield platform
    finally:
        await asyncio.to_thread(postgres.stop)


def _items(marker: str) -> list[dict[str, str]]:
    until = (date.today() + timedelta(days=90)).isoformat()
    return [
        {"title": f"需求 {marker} {n}", "description": "镁合金压铸", "field": "special_metal",
         "region": "wenxi", "demand_type": "tech_breakthrough", "valid_until": until}
        for n in range(PER_WRITE)
    ]  # fmt: skip


async def _outcome(request: asyncio.Future[object] | object) -> Outcome:
    answer = await asyncio.wait_for(request, REQUEST_TIMEOUT)  # type: ignore[arg-type]
    media_type = answer.headers.get("content-type", "")
    body = answer.json() if "json" in media_type else {}
    ids = tuple(body.get("ids", ())) if answer.status_code == 201 else ()
    return Outcome(answer.status_code, body.get("code"), media_type, ids, time.monotonic())


async def test_requests_during_a_restart_get_503_and_nothing_is_half_written(
    platform: Platform,
) -> None:
    client, postgres = platform.client, platform.app.state.postgres
    async with platform.session() as session:
        bureau = await make_organization(session, name="运城市科学技术局")
        admin = await make_user(session, organization=bureau, roles=["admin"])
    headers = (await sign_in(client, admin.email)).headers
    writes: list[Outcome] = []
    reads: list[Outcome] = []
    stop = asyncio.Event()

    async def write() -> None:
        for _ in range(400):  # bounded; the test stops it long before
            if stop.is_set():
                return
            body = {"items": _items(uuid.uuid4().hex[:8]), "publish": True}
            request = client.post("/api/v1/demands/bulk", json=body, headers=headers)
            writes.append(await _outcome(request))
            await asyncio.sleep(0.02)

    async def read() -> None:
        for _ in range(400):
            if stop.is_set():
                return
            request = client.get("/api/v1/demands", params={"limit": 5})
            reads.append(await _outcome(request))
            await asyncio.sleep(0.02)

    load = [asyncio.create_task(work()) for work in (write, write, write, read)]
    await asyncio.sleep(1.5)
    await asyncio.to_thread(postgres.stop)
    down_at = time.monotonic()
    await asyncio.sleep(2.0)
    starting_at = time.monotonic()
    await asyncio.to_thread(postgres.start)
    up_at = time.monotonic()
    await asyncio.sleep(2.0)
    stop.set()
    await asyncio.gather(*load)

    outcomes = writes + reads
    assert {o.status for o in writes} <= {201, 503}, "never a 500"
    assert {o.status for o in reads} <= {200, 503}
    unavailable = [o for o in outcomes if o.status == 503]
    during = [o for o in outcomes if down_at < o.at < starting_at]
    assert len(during) > 10, "requests were made while PostgreSQL was away"
    assert {o.status for o in during} == {503}, "away means 503"
    for problem in unavailable:
        assert problem.media_type == "application/problem+json"
        assert problem.code == "database.unavailable"
    assert any(o.status == 201 and o.at > up_at for o in writes), "writes work again"
    assert any(o.status == 200 and o.at > up_at for o in reads), "reads work again"
    again = await client.get("/api/v1/demands", params={"limit": 5})
    assert again.status_code == 200, "recovered without restarting the API"

    # All or nothing: what was answered 201 is there with its audit rows and search events;
    # nothing else is.
    answered = {demand_id for o in writes for demand_id in o.ids}
    async with platform.session() as session:
        stored = {str(i) for i in await session.scalars(select(Demand.id))}
        created = select(AuditLog.entity_id).where(AuditLog.action == "demand.create")
        audited = set(await session.scalars(created))
        queued = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == "search")
        )
    assert stored == answered
    assert audited == answered
    assert queued == len(answered)
