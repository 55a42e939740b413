"""Admins edit the search vocabulary; the indexer applies it, and searches follow."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from techmarket.core.audit import AuditLog
from tests.entries import Actors, published_demand
from tests.factories import make_user, sign_in
from tests.search.test_search import _search, drain, ids

URL = "/api/v1/admin/search/vocabulary"


async def test_seeded_vocabulary_is_there(client: AsyncClient, session: AsyncSession) -> None:
    admin = await make_user(session, roles=["admin"])
    vocabulary = (
        await client.get(URL, headers=(await sign_in(client, admin.email)).headers)
    ).json()
    assert vocabulary["synonyms"]["新能源车"] == ["新能源汽车"]
    assert "镁合金" in vocabulary["dictionary"]
    assert "的" in vocabulary["stop_words"]


async def test_a_new_synonym_reaches_the_searches(
    client: AsyncClient, app: FastAPI, connection: AsyncConnection, session: AsyncSession,
    actors: Actors,
) -> None:  # fmt: skip
    admin = await make_user(session, roles=["admin"])
    headers = (await sign_in(client, admin.email)).headers
    demand = await published_demand(client, actors, title="钙钛矿组件封装工艺")
    await drain(app, connection, session)
    assert demand["id"] not in ids(await _search(client, q="叠层电池", limit=100))

    vocabulary = (await client.get(URL, headers=headers)).json()
    vocabulary["synonyms"]["叠层电池"] = ["钙钛矿"]
    vocabulary["dictionary"].append("钙钛矿")
    answer = await client.put(URL, json=vocabulary, headers=headers)
    assert answer.status_code == 200, answer.text
    await drain(app, connection, session)

    assert demand["id"] in ids(await _search(client, q="叠层电池", limit=100))
    row = await session.scalar(
        select(AuditLog).where(AuditLog.action == "search.vocabulary_update")
    )
    assert row is not None
    assert row.after is not None
    assert row.after["synonyms"]["叠层电池"] == ["钙钛矿"]


async def test_only_admins_edit_it(client: AsyncClient, actors: Actors) -> None:
    answer = await client.put(URL, json={"synonyms": {}}, headers=actors.reviewer)
    assert answer.status_code == 403
