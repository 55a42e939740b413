"""The people and steps that the challenge tests share: an issuer, bidders, staff, experts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient, Response
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.challenges.models import Challenge
from techmarket.identity.models import Organization, OrganizationKind
from tests.factories import make_expert, make_organization, make_user, sign_in

API = "/api/v1/challenges"


def challenge_body(**changes: Any) -> dict[str, Any]:
    return {
        "title": "镁合金压铸件表面防腐关键技术攻关",
        "description": "镁合金压铸件耐蚀性差，制约其在新能源汽车上的应用，面向社会张榜攻关。",
        "indicators": "中性盐雾试验 ≥ 500 小时；涂层附着力 0 级；成本增加不超过 10%",
        "field": "special_metal",
        "region": "wenxi",
        "keywords": ["镁合金", "防腐"],
        "board": "enterprise",
        "mode": "open_call",
        "bounty": "3000000",
        "payer": "山西银光华盛镁业股份有限公司",
        "deadline": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
        "duration_months": 18,
    } | changes


def bid_body(**changes: Any) -> dict[str, Any]:
    return {
        "leader_name": "王教授",
        "team": [{"name": "王教授", "title": "教授", "email": "wang@example.cn"}],
        "approach": "微弧氧化 + 有机封孔复合涂层，结合稀土转化膜预处理。",
        "milestones": [{"title": "小试验证", "month": 6}, {"title": "中试线", "month": 15}],
        "price": "2800000",
    } | changes


@dataclass
class World:
    client: AsyncClient
    session: AsyncSession
    issuer_org: Organization
    issuer: dict[str, str]
    staff: dict[str, str]
    admin: dict[str, str]
    bidder_orgs: list[Organization] = field(default_factory=list)
    bidders: list[dict[str, str]] = field(default_factory=list)

    async def add_bidder(self, name: str, **values: Any) -> tuple[Organization, dict[str, str]]:
        organization = await make_organization(self.session, name=name, **values)
        user = await make_user(self.session, organization=organization)
        headers = (await sign_in(self.client, user.email)).headers
        self.bidder_orgs.append(organization)
        self.bidders.append(headers)
        return organization, headers

    async def expert(self, name: str, **values: Any) -> tuple[uuid.UUID, dict[str, str]]:
        values.setdefault(
            "organization",
            await make_organization(
                self.session, name=f"{name}所在单位", kind=OrganizationKind.INSTITUTE
            ),
        )
        user = await make_expert(self.session, display_name=name, **values)
        return user.id, (await sign_in(self.client, user.email)).headers

    async def post(self, path: str, headers: dict[str, str] | None, body: Any = None) -> Response:
        return await self.client.post(f"{API}{path}", json=body, headers=headers or {})

    async def get(
        self, path: str, headers: dict[str, str] | None = None, **params: Any
    ) -> Response:
        return await self.client.get(f"{API}{path}", headers=headers or {}, params=params)

    async def published(self, **changes: Any) -> dict[str, Any]:
        """A challenge of the issuer, submitted and approved by staff (张榜)."""
        created = await self.post("", self.issuer, challenge_body(**changes))
        assert created.status_code == 201, created.text
        challenge_id = created.json()["id"]
        assert (await self.post(f"/{challenge_id}/submit", self.issuer)).status_code == 200
        approved = await self.post(f"/{challenge_id}/approve", self.staff)
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "published"
        return approved.json()  # type: ignore[no-any-return]

    async def submitted_bid(
        self, challenge_id: str, headers: dict[str, str], **changes: Any
    ) -> dict[str, Any]:
        """A bid drafted and submitted; answers it with its receipt."""
        created = await self.post(f"/{challenge_id}/bids", headers, bid_body(**changes))
        assert created.status_code == 201, created.text
        submitted = await self.post(f"/{challenge_id}/bids/{created.json()['id']}/submit", headers)
        assert submitted.status_code == 200, submitted.text
        return submitted.json()  # type: ignore[no-any-return]

    async def pass_deadline(self, challenge_id: str) -> None:
        """Move the deadline one second into the past, as time would."""
        await self.move(challenge_id, deadline=datetime.now(UTC) - timedelta(seconds=1))

    async def move(self, challenge_id: str, **values: Any) -> None:
        await self.session.execute(
            update(Challenge).where(Challenge.id == uuid.UUID(challenge_id)).values(**values)
        )
        await self.session.commit()


async def make_world(client: AsyncClient, session: AsyncSession) -> World:
    issuer_org = await make_organization(session, name="山西银光华盛镁业股份有限公司")
    issuer = await make_user(session, organization=issuer_org)
    reviewer = await make_user(session, roles=["reviewer"])
    admin = await make_user(session, roles=["admin"])
    return World(
        client=client,
        session=session,
        issuer_org=issuer_org,
        issuer=(await sign_in(client, issuer.email)).headers,
        staff=(await sign_in(client, reviewer.email)).headers,
        admin=(await sign_in(client, admin.email)).headers,
    )
