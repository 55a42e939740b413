"""Meilisearch down for a while: writes succeed, search says 503, and nothing is lost after."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.core.outbox import OutboxEvent, OutboxWorker
from techmarket.runtime import EmbeddedMeilisearch, free_port
from techmarket.search.engine import SearchReader, create_client
from techmarket.worker import topic_handlers
from tests.factories import make_organization, make_user, sign_in


async def test_two_hundred_writes_while_search_is_down_all_arrive(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    meili: EmbeddedMeilisearch,
) -> None:  # fmt: skip
    port = free_port()
    url = meili.start(timeout=30, port=port)
    search, reader = create_client(url, meili.master_key), SearchReader(url, meili.master_key)
    usual = app.state.search, app.state.search_reader
    # This test's own Meilisearch, which it can stop and start.
    app.state.search, app.state.search_reader = search, reader
    try:
        bureau = await make_organization(session, name="运城市科学技术局")
        admin = await make_user(session, organization=bureau, roles=["admin"])
        headers = (await sign_in(client, admin.email)).headers
        maker = async_sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        worker = OutboxWorker(maker, topic_handlers(maker, app.state.settings, search))
        achievement = {"title": "镁合金真空压铸", "abstract": "镁合金压铸件",
                       "field": "special_metal", "region": "yanhu",
                       "transfer_modes": ["transfer"]}  # fmt: skip
        indexed = await client.post(
            "/api/v1/achievements/bulk", json={"items": [achievement], "publish": True},
            headers=headers,
        )  # fmt: skip
        assert indexed.status_code == 201
        while await worker.run_once():
            pass
        meili.stop()

        marker = "mk" + uuid.uuid4().hex[:10]
        until = (date.today() + timedelta(days=90)).isoformat()
        items = [
            {"title": f"需求 {n} {marker}", "description": "镁合金压铸", "field": "special_metal",
             "region": "wenxi", "demand_type": "tech_breakthrough", "valid_until": until}
            for n in range(200)
        ]  # fmt: skip
        written = await client.post(
            "/api/v1/demands/bulk", json={"items": items, "publish": True}, headers=headers
        )
        assert written.status_code == 201, "writes succeed while search is down"
        assert written.json()["created"] == 200
        down = await client.get("/api/v1/search", params={"q": marker})
        assert down.status_code == 503
        assert down.json()["code"] == "search.unavailable"
        matching = await client.post(
            "/api/v1/matching/achievements", json={"text": "镁合金压铸"}, headers=headers
        )
        assert matching.status_code == 503
        assert matching.json()["code"] == "search.unavailable"
        demand_id = written.json()["ids"][0]
        assert (await client.get(f"/api/v1/demands/{demand_id}/matches")).status_code == 503
        assert (await client.get("/api/v1/demands", params={"limit": 5})).status_code == 200

        await worker.run_once()
        kept = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == "search")
        )
        assert kept == 200, "failed deliveries stay in the outbox"

        meili.start(timeout=30, port=port)
        await session.execute(update(OutboxEvent).values(available_at=func.now()))  # skip back-off
        await session.commit()
        while await worker.run_once():
            pass
        found = await client.get("/api/v1/search", params={"q": marker, "limit": 1})
        assert found.status_code == 200
        assert found.json()["total"] == 200
    finally:
        app.state.search, app.state.search_reader = usual
        await search.aclose()
        await reader.aclose()
