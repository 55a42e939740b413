"""Similar entries across the three databases, so that nothing is listed twice."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import AchievementStatus
from techmarket.demands.models import DemandStatus
from tests.factories import make_achievement, make_demand, make_organization, make_user, sign_in


async def test_similar_titles_among_what_the_caller_may_see(
    client: AsyncClient, session: AsyncSession
) -> None:
    mine = await make_organization(session, name="山西银光华盛镁业股份有限公司")
    theirs = await make_organization(session, name="运城学院")
    owner = await make_user(session, organization=mine)
    my_draft = await make_demand(session, organization=mine, title="镁合金压铸件表面防腐处理技术")
    public = await make_achievement(
        session, organization=theirs, status=AchievementStatus.PUBLISHED,
        title="镁合金压铸件防腐处理工艺",
    )  # fmt: skip
    hidden = await make_demand(session, organization=theirs, title="镁合金压铸件表面防腐需求")
    unrelated = await make_demand(
        session, organization=theirs, status=DemandStatus.PUBLISHED, title="新能源汽车电池包轻量化"
    )
    headers = (await sign_in(client, owner.email)).headers
    params = {"title": "镁合金压铸件表面防腐处理"}

    found = (await client.get("/api/v1/similar", params=params, headers=headers)).json()
    by_id = {entry["id"]: entry for entry in found}
    assert str(my_draft.id) in by_id
    assert by_id[str(my_draft.id)]["same_organization"] is True
    assert by_id[str(public.id)]["type"] == "achievement"
    assert str(hidden.id) not in by_id, "another organisation's draft stays unknown"
    assert str(unrelated.id) not in by_id
    assert found == sorted(found, key=lambda e: e["similarity"], reverse=True)

    anonymous = (await client.get("/api/v1/similar", params=params)).json()
    assert [e["id"] for e in anonymous] == [str(public.id)]

    itself = await client.get(
        "/api/v1/similar", params=params | {"exclude": str(my_draft.id)}, headers=headers
    )
    assert str(my_draft.id) not in {e["id"] for e in itself.json()}


async def test_statuses_of_each_collection_come_back_as_they_are(
    client: AsyncClient, session: AsyncSession
) -> None:
    university = await make_organization(session, name="运城学院")
    company = await make_organization(session, name="山西银光华盛镁业股份有限公司")
    transferred = await make_achievement(
        session, organization=university, status=AchievementStatus.TRANSFERRED,
        title="稀土镁合金真空压铸技术",
    )  # fmt: skip
    demand = await make_demand(
        session,
        organization=company,
        status=DemandStatus.IN_PROGRESS,
        title="稀土镁合金真空压铸需求",
    )
    answer = await client.get("/api/v1/similar", params={"title": "稀土镁合金真空压铸"})
    assert answer.status_code == 200, answer.text
    statuses = {entry["id"]: entry["status"] for entry in answer.json()}
    assert statuses == {str(transferred.id): "transferred", str(demand.id): "in_progress"}
