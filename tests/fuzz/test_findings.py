"""What the fuzzer found, pinned as plain tests so that each fix stays fixed."""

from __future__ import annotations

from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.entries import Actors, demand_body
from tests.factories import make_organization, make_user, sign_in


async def test_huge_amount_bounds_in_list_filters_are_422_not_500(client: AsyncClient) -> None:
    """A bound past NUMERIC(14, 2) made PostgreSQL overflow inside the query."""
    for path, name in [("demands", "budget_max"), ("achievements", "price_min")]:
        answer = await client.get(f"/api/v1/{path}", params={name: "7.3e307"})
        assert answer.status_code == 422, answer.text
        assert answer.json()["fields"][0]["field"] == f"query.{name}"


async def test_null_display_name_is_422_not_500(client: AsyncClient, session: AsyncSession) -> None:
    """``null`` reached the NOT NULL column; omitting the field keeps the name."""
    user = await make_user(session, organization=await make_organization(session))
    headers = (await sign_in(client, user.email)).headers
    answer = await client.patch(
        "/api/v1/users/me", json={"display_name": None, "mobile": "13900001111"}, headers=headers
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["fields"][0]["field"] == "body.display_name"
    kept = await client.patch("/api/v1/users/me", json={"mobile": "13900001111"}, headers=headers)
    assert kept.status_code == 200
    assert kept.json()["display_name"] == user.display_name


async def test_unparseable_body_is_a_declared_400_problem(
    app: FastAPI, client: AsyncClient
) -> None:
    """Bytes that are not UTF-8 are no JSON at all: FastAPI answers 400, now declared."""
    declared = app.openapi()["paths"]["/api/v1/auth/register"]["post"]["responses"]
    assert "400" in declared
    answer = await client.post(
        "/api/v1/auth/register",
        content=b"\x80\x81",
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"


async def test_nul_characters_are_422_not_500(client: AsyncClient, actors: Actors) -> None:
    """PostgreSQL refuses NUL in text: in a title it was a 500, in a list filter too."""
    created = await client.post(
        "/api/v1/demands", json=demand_body(title="镁合金\x00压铸"), headers=actors.owner
    )
    assert created.status_code == 422, created.text
    assert created.json()["code"] == "request.invalid_text"
    drafts_included = await client.get("/api/v1/demands", headers=actors.owner)
    assert drafts_included.json()["items"] == []  # nothing half-stored
    # Last: outside a write's savepoint, the refused statement ends this test's transaction.
    listed = await client.get("/api/v1/demands", params={"field": "r\x00"})
    assert listed.status_code == 422, listed.text
