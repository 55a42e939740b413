"""Idempotency-Key on creation: a third-party system that retries gets the first answer, and
the platform keeps one entry, even when the two requests run at the same time."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from pydantic import BaseModel
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from techmarket.achievements.models import Achievement
from techmarket.core.idempotency import FORGET_OLD_KEYS, IdempotencyRecord, create_once
from techmarket.core.principal import Principal
from techmarket.db import create_sessionmaker
from techmarket.demands.models import Demand
from techmarket.projects.models import Project
from tests.achievements.test_achievements import achievement_body
from tests.entries import demand_body
from tests.factories import make_organization, make_user, sign_in
from tests.projects.test_projects import project_body

COLLECTIONS = {
    "demands": (Demand, "demands:write", demand_body),
    "achievements": (Achievement, "achievements:write", achievement_body),
    "projects": (Project, "projects:write", lambda **changes: project_body(None, **changes)),
}


async def _api_key(client: AsyncClient, session: AsyncSession, scope: str) -> dict[str, str]:
    organization = await make_organization(session)
    owner = await make_user(session, organization=organization)
    answer = await client.post(
        f"/api/v1/organizations/{organization.id}/api-keys",
        json={"name": "ERP 对接", "scopes": [scope]},
        headers=(await sign_in(client, owner.email)).headers,
    )
    assert answer.status_code == 201, answer.text
    return {"X-API-Key": answer.json()["key"]}


async def _count(session: AsyncSession, model: Any, title: str) -> int:
    return await session.scalar(select(func.count()).where(model.title == title)) or 0


@pytest.mark.parametrize("collection", list(COLLECTIONS))
class TestIdempotencyKey:
    async def test_a_retry_gets_the_first_answer_and_creates_nothing(
        self, client: AsyncClient, session: AsyncSession, collection: str
    ) -> None:
        model, scope, body_of = COLLECTIONS[collection]
        key = await _api_key(client, session, scope)
        title = f"幂等 {uuid.uuid4().hex[:8]}"
        body = body_of(title=title)
        headers = key | {"Idempotency-Key": "erp-order-4711"}
        first = await client.post(f"/api/v1/{collection}", json=body, headers=headers)
        assert first.status_code == 201, first.text
        assert "Idempotent-Replayed" not in first.headers

        # The same JSON, written differently (key order, spacing), is the same request.
        reordered = json.dumps(dict(reversed(list(body.items()))), indent=2, ensure_ascii=False)
        retry = await client.post(
            f"/api/v1/{collection}",
            content=reordered.encode(),
            headers=headers | {"Content-Type": "application/json"},
        )
        assert retry.status_code == 201
        assert retry.json() == first.json()
        assert retry.headers["Idempotent-Replayed"] == "true"
        assert await _count(session, model, title) == 1

        other_key = await client.post(
            f"/api/v1/{collection}", json=body, headers=key | {"Idempotency-Key": "erp-order-4712"}
        )
        assert other_key.status_code == 201
        assert other_key.json()["id"] != first.json()["id"]
        assert await _count(session, model, title) == 2

    async def test_the_same_key_for_another_body_is_refused(
        self, client: AsyncClient, session: AsyncSession, collection: str
    ) -> None:
        model, scope, body_of = COLLECTIONS[collection]
        headers = await _api_key(client, session, scope) | {"Idempotency-Key": "k-1"}
        title = f"幂等 {uuid.uuid4().hex[:8]}"
        assert (
            await client.post(f"/api/v1/{collection}", json=body_of(title=title), headers=headers)
        ).status_code == 201
        answer = await client.post(
            f"/api/v1/{collection}", json=body_of(title=title + " 改"), headers=headers
        )
        assert answer.status_code == 422
        assert answer.headers["Content-Type"] == "application/problem+json"
        assert answer.json()["code"] == "idempotency.key_reused"
        assert answer.json()["fields"][0]["field"] == "header.Idempotency-Key"
        assert await _count(session, model, title + " 改") == 0


async def test_keys_belong_to_their_api_key_and_refusals_are_not_remembered(
    client: AsyncClient, session: AsyncSession
) -> None:
    mine = await _api_key(client, session, "demands:write")
    theirs = await _api_key(client, session, "demands:write")
    title = f"幂等 {uuid.uuid4().hex[:8]}"
    same_key = {"Idempotency-Key": "shared-looking-key"}

    refused = await client.post(
        "/api/v1/demands", json=demand_body(title=title, field="no_such_field"),
        headers=mine | same_key,
    )  # fmt: skip
    assert refused.status_code == 422
    # The refusal was not stored: the corrected request with the same key creates the entry.
    created = await client.post(
        "/api/v1/demands", json=demand_body(title=title), headers=mine | same_key
    )
    assert created.status_code == 201, created.text
    # Another system's key of the same name is another key.
    theirs_created = await client.post(
        "/api/v1/demands", json=demand_body(title=title), headers=theirs | same_key
    )
    assert theirs_created.status_code == 201
    assert "Idempotent-Replayed" not in theirs_created.headers
    assert theirs_created.json()["id"] != created.json()["id"]
    assert await _count(session, Demand, title) == 2


async def test_keys_are_forgotten_after_a_day(session: AsyncSession) -> None:
    for key, age in (("old", timedelta(hours=25)), ("recent", timedelta(hours=23))):
        session.add(
            IdempotencyRecord(
                principal="api_key:forget-test",
                key=key,
                fingerprint="0" * 64,
                status_code=201,
                body={},
                created_at=datetime.now(UTC) - age,
            )
        )
    await session.commit()
    await FORGET_OLD_KEYS.run(session)
    kept = await session.scalars(
        select(IdempotencyRecord.key).where(IdempotencyRecord.principal == "api_key:forget-test")
    )
    assert list(kept) == ["recent"]


class Made(BaseModel):
    number: int


async def test_concurrent_duplicates_run_the_creation_once(engine: AsyncEngine) -> None:
    """Two requests with one key at the same moment, each on its own connection: the second
    waits for the first to commit and answers what it stored."""
    maker = create_sessionmaker(engine)
    principal = Principal(api_key_id=uuid.uuid4())
    runs: list[int] = []

    async def add() -> int:
        runs.append(len(runs) + 1)
        await asyncio.sleep(0.3)  # the other request arrives meanwhile
        return runs[-1]

    async def request() -> Any:
        async with maker() as session:
            return await create_once(
                session=session,
                principal=principal,
                key="same",
                operation="test.create",
                request=Made(number=1),
                add=add,
                render=lambda number: Made(number=number),
            )

    try:
        answers = await asyncio.gather(request(), request())
    finally:
        async with maker() as session:
            await session.execute(
                delete(IdempotencyRecord).where(
                    IdempotencyRecord.principal == f"api_key:{principal.api_key_id}"
                )
            )
            await session.commit()
    assert runs == [1]
    assert [a.body for a in answers] == [{"number": 1}, {"number": 1}]
    assert sorted(a.replayed for a in answers) == [False, True]
