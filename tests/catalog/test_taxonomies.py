"""Taxonomies: seeded from the brief, readable by all, edited by admins only."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import Taxonomy
from techmarket.catalog.service import UnknownTerm, ensure_terms
from tests.factories import make_user, sign_in


async def test_seeded_values_are_public(client: AsyncClient) -> None:
    fields = (await client.get("/api/v1/catalog/field")).json()
    assert {
        "code": "new_energy_vehicle",
        "name": "新能源汽车",
        "tag": "汽",
        "taxonomy": "field",
    } in fields
    assert len(fields) == 11
    for taxonomy, expected in [
        ("region", "盐湖区"),
        ("demand_type", "技术攻关"),
        ("maturity", "中试"),
        ("transfer_mode", "作价入股"),
        ("organization_kind", "新型研发机构"),
    ]:
        names = [t["name"] for t in (await client.get(f"/api/v1/catalog/{taxonomy}")).json()]
        assert expected in names, taxonomy
    assert (await client.get("/api/v1/catalog/planets")).status_code == 422


async def test_admin_adds_renames_and_retires_values(
    client: AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, roles=["admin"])
    headers = (await sign_in(client, admin.email)).headers
    created = await client.post(
        "/api/v1/catalog/field",
        json={"code": "hydrogen", "name": "氢能", "tag": "合", "position": 20},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    await ensure_terms(session=session, taxonomy=Taxonomy.FIELD, codes=["hydrogen"], field="f")

    duplicate = await client.post(
        "/api/v1/catalog/field", json={"code": "hydrogen", "name": "氢"}, headers=headers
    )
    assert duplicate.status_code == 409

    renamed = await client.patch(
        "/api/v1/catalog/field/hydrogen", json={"name": "氢能与储能"}, headers=headers
    )
    assert renamed.json()["name"] == "氢能与储能"

    await client.patch("/api/v1/catalog/field/hydrogen", json={"is_active": False}, headers=headers)
    listed = [t["code"] for t in (await client.get("/api/v1/catalog/field")).json()]
    assert "hydrogen" not in listed
    with pytest.raises(UnknownTerm):  # retired values are not chosen for new entries
        await ensure_terms(session=session, taxonomy=Taxonomy.FIELD, codes=["hydrogen"], field="f")

    # Admins still see it, to bring it back; nobody else lists retired values.
    every = await client.get("/api/v1/catalog/field/all", headers=headers)
    retired = next(t for t in every.json() if t["code"] == "hydrogen")
    assert retired["is_active"] is False
    assert retired["position"] == 20
    assert len(every.json()) == len(listed) + 1
    assert (await client.get("/api/v1/catalog/field/all")).status_code == 401


async def test_fixed_taxonomies_cannot_grow(client: AsyncClient, session: AsyncSession) -> None:
    admin = await make_user(session, roles=["admin"])
    headers = (await sign_in(client, admin.email)).headers
    answer = await client.post(
        "/api/v1/catalog/organization_kind",
        json={"code": "club", "name": "俱乐部"},
        headers=headers,
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "catalog.taxonomy_fixed"


async def test_only_admins_edit(client: AsyncClient, session: AsyncSession) -> None:
    reviewer = await make_user(session, roles=["reviewer"])
    headers = (await sign_in(client, reviewer.email)).headers
    answer = await client.post(
        "/api/v1/catalog/field", json={"code": "space", "name": "航天"}, headers=headers
    )
    assert answer.status_code == 403
    assert (
        await client.post("/api/v1/catalog/field", json={"code": "x1", "name": "x"})
    ).status_code == 401
    assert (await client.get("/api/v1/catalog/field/all", headers=headers)).status_code == 403
