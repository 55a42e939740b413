"""People and entries that tests of several collections share."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.identity.models import VerificationStatus
from tests.factories import make_organization, make_user, sign_in

NEXT_YEAR = (date.today() + timedelta(days=365)).isoformat()


def demand_body(**changes: Any) -> dict[str, Any]:
    return {
        "title": "镁合金压铸件表面防腐处理技术",
        "description": "现有镁合金压铸件盐雾试验不足 48 小时，需要新的表面处理工艺。",
        "indicators": "中性盐雾试验 ≥ 500 小时；成本增加不超过 10%",
        "field": "special_metal",
        "region": "wenxi",
        "demand_type": "tech_breakthrough",
        "cooperation_mode": "commissioned_development",
        "budget_min": "500000",
        "budget_max": "1500000",
        "valid_until": NEXT_YEAR,
        "contact_name": "张工",
        "contact_phone": "13900001111",
        "keywords": ["镁合金", "压铸", "防腐"],
    } | changes


class Actors:
    """The people of the visibility matrix, signed in."""

    def __init__(self) -> None:
        self.owner: dict[str, str] = {}
        self.colleague: dict[str, str] = {}
        self.other: dict[str, str] = {}
        self.unverified: dict[str, str] = {}
        self.reviewer: dict[str, str] = {}


async def sign_in_actors(client: AsyncClient, session: AsyncSession) -> Actors:
    company = await make_organization(session, name="山西银光华盛镁业股份有限公司")
    people = Actors()
    owner = await make_user(session, organization=company)
    colleague = await make_user(session, organization=company, membership="member")  # type: ignore[arg-type]
    other = await make_user(session, organization=await make_organization(session, name="运城学院"))
    pending_org = await make_organization(session, status=VerificationStatus.PENDING)
    unverified = await make_user(session, organization=pending_org)
    reviewer = await make_user(session, roles=["reviewer"])
    for name, user in [("owner", owner), ("colleague", colleague), ("other", other),
                       ("unverified", unverified), ("reviewer", reviewer)]:  # fmt: skip
        setattr(people, name, (await sign_in(client, user.email)).headers)
    return people


async def create_demand(
    client: AsyncClient, headers: dict[str, str], **changes: Any
) -> dict[str, Any]:
    answer = await client.post("/api/v1/demands", json=demand_body(**changes), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def act_on_demand(
    client: AsyncClient, demand_id: str, action: str, headers: dict[str, str], **body: Any
) -> Any:
    return await client.post(
        f"/api/v1/demands/{demand_id}/{action}", json=body or None, headers=headers
    )


async def published_demand(client: AsyncClient, actors: Actors, **changes: Any) -> dict[str, Any]:
    demand = await create_demand(client, actors.owner, **changes)
    assert (await act_on_demand(client, demand["id"], "submit", actors.owner)).status_code == 200
    answer = await act_on_demand(client, demand["id"], "approve", actors.reviewer)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def sign_in_bureau_admin(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    """An admin of the bureau, signed in: who publishes in bulk."""
    bureau = await make_organization(session, name="运城市科学技术局")
    user = await make_user(session, organization=bureau, roles=["admin"])
    return (await sign_in(client, user.email)).headers


async def publish(
    client: AsyncClient, admin: dict[str, str], collection: str, *items: dict[str, Any]
) -> list[str]:
    """Entries published at once through the bulk API; their ids."""
    answer = await client.post(
        f"/api/v1/{collection}/bulk", json={"items": list(items), "publish": True}, headers=admin
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["ids"]  # type: ignore[no-any-return]
