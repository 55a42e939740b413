"""A completed project publishes its results as achievements linked back to it (both ways)."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.projects.models import ProjectStatus
from tests.factories import make_organization, make_project, make_user, sign_in


def achievement_body(**changes: Any) -> dict[str, Any]:
    return {
        "title": "高强韧镁合金压铸工艺",
        "abstract": "项目形成的压铸工艺，抗拉强度提升 20%。",
        "field": "special_metal",
        "region": "wenxi",
        "maturity": "pilot",
        "transfer_modes": ["license"],
    } | changes


async def test_results_of_a_completed_project_link_both_ways(
    client: AsyncClient, session: AsyncSession
) -> None:
    institute = await make_organization(session, name="山西省镁合金材料研究院")
    owner = await make_user(session, organization=institute)
    headers = (await sign_in(client, owner.email)).headers
    completed = await make_project(session, organization=institute, status=ProjectStatus.COMPLETED)
    running = await make_project(session, organization=institute, status=ProjectStatus.IN_PROGRESS)

    made = await client.post(
        "/api/v1/achievements", json=achievement_body(project_id=str(completed.id)), headers=headers
    )
    assert made.status_code == 201, made.text
    assert made.json()["project_id"] == str(completed.id)

    results = await client.get(
        "/api/v1/achievements", params={"project_id": str(completed.id)}, headers=headers
    )
    assert [a["id"] for a in results.json()["items"]] == [made.json()["id"]]

    refused = await client.post(
        "/api/v1/achievements", json=achievement_body(project_id=str(running.id)), headers=headers
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "achievement.project_link_refused"
    assert refused.json()["fields"][0]["field"] == "body.project_id"


async def test_another_organisations_project_cannot_be_claimed(
    client: AsyncClient, session: AsyncSession
) -> None:
    theirs = await make_project(
        session, organization=await make_organization(session), status=ProjectStatus.COMPLETED
    )
    me = await make_user(session, organization=await make_organization(session, name="运城学院"))
    headers = (await sign_in(client, me.email)).headers
    answer = await client.post(
        "/api/v1/achievements", json=achievement_body(project_id=str(theirs.id)), headers=headers
    )
    assert answer.status_code == 422
    assert answer.json()["fields"][0]["field"] == "body.project_id"
