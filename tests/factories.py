"""Rows made directly in the test's session, and signing in through the real API."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.core.principal import MembershipRole
from techmarket.core.security import hash_password
from techmarket.demands.models import Demand, DemandStatus
from techmarket.identity.bootstrap import demo_credit_code
from techmarket.identity.models import Organization, OrganizationKind, User, VerificationStatus

PASSWORD = "Test-pass-2026"
_PASSWORD_HASH = hash_password(PASSWORD)
_serials = itertools.count(random.randint(100_000, 800_000))


def credit_code() -> str:
    return demo_credit_code(next(_serials))


async def make_organization(
    session: AsyncSession,
    *,
    name: str = "测试科技有限公司",
    kind: OrganizationKind = OrganizationKind.ENTERPRISE,
    status: VerificationStatus = VerificationStatus.VERIFIED,
    region: str = "yanhu",
) -> Organization:
    organization = Organization(
        name=name,
        kind=kind,
        credit_code=credit_code(),
        region=region,
        fields=["special_metal"],
        flags=[],
        status=status,
        contact_name="联系人",
        contact_phone="0359-1234567",
        contact_email="contact@example.cn",
    )
    session.add(organization)
    await session.commit()  # as if made by an earlier request
    return organization


async def make_user(
    session: AsyncSession,
    *,
    organization: Organization | None = None,
    membership: MembershipRole | None = MembershipRole.OWNER,
    roles: Sequence[str] = (),
    email: str | None = None,
    is_active: bool = True,
) -> User:
    user = User(
        email=email or f"user{next(_serials)}@example.cn",
        display_name="测试用户",
        password_hash=_PASSWORD_HASH,
        organization_id=organization.id if organization else None,
        membership=membership if organization else None,
        roles=list(roles),
        is_active=is_active,
    )
    session.add(user)
    await session.commit()
    return user


@dataclass
class SignedIn:
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


async def sign_in(client: AsyncClient, email: str, password: str = PASSWORD) -> SignedIn:
    answer = await client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return SignedIn(body["access_token"], body["refresh_token"])


# Projects and reviews. This file grows by appending, so these imports stay with what uses them.
from datetime import UTC, date, datetime, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402
from typing import Any  # noqa: E402

from techmarket.identity.models import ExpertProfile  # noqa: E402
from techmarket.projects.models import (  # noqa: E402
    Project,
    ProjectCall,
    ProjectOrigin,
    ProjectStatus,
)


async def make_expert(
    session: AsyncSession,
    *,
    organization: Organization | None = None,
    display_name: str = "评审专家",
    fields: Sequence[str] = ("special_metal",),
    keywords: Sequence[str] = (),
    conflicts: Sequence[Organization] = (),
) -> User:
    """A user with the expert role and a profile: fields, keywords, declared conflicts."""
    user = await make_user(
        session, organization=organization, roles=["expert"], membership=MembershipRole.MEMBER
    )
    user.display_name = display_name
    session.add(
        ExpertProfile(
            user_id=user.id,
            fields=list(fields),
            keywords=list(keywords),
            conflict_organization_ids=[conflict.id for conflict in conflicts],
        )
    )
    await session.commit()
    return user


async def make_project_call(session: AsyncSession, **values: Any) -> ProjectCall:
    """A call 申报批次, open now for every project kind unless ``values`` say otherwise."""
    now = datetime.now(UTC)
    defaults: dict[str, Any] = {
        "name": "2026年度科技创新项目申报",
        "year": 2026,
        "kinds": [
            "basic_research",
            "key_technology",
            "major_program",
            "platform",
            "transformation",
        ],
        "fields": [],
        "rolling": False,
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
    }
    call = ProjectCall(**(defaults | values))
    session.add(call)
    await session.commit()
    return call


async def make_project(
    session: AsyncSession,
    *,
    organization: Organization,
    call: ProjectCall | None = None,
    **values: Any,
) -> Project:
    """A project of ``organization`` in any status (a draft unless ``status`` says otherwise)."""
    defaults: dict[str, Any] = {
        "title": "高性能镁合金压铸关键技术研究",
        "leader_name": "王教授",
        "field": "special_metal",
        "region": "wenxi",
        "kind": "key_technology",
        "origin": ProjectOrigin.CALL if call is not None else ProjectOrigin.DIRECTED,
        "call_id": call.id if call is not None else None,
        "budget_requested": Decimal("2000000"),
        "start_date": date(2027, 1, 1),
        "end_date": date(2028, 12, 31),
        "objectives": "镁合金压铸件抗拉强度 ≥ 300 MPa；形成专利 3 项",
        "keywords": ["镁合金", "压铸"],
        "status": ProjectStatus.DRAFT,
    }
    project = Project(organization_id=organization.id, **(defaults | values))
    session.add(project)
    await session.commit()
    return project


def _published_at(status: str) -> dt.datetime | None:
    """Entries past review carry the moment they were published."""
    return None if status in ("draft", "pending_review", "rejected") else dt.datetime.now(dt.UTC)


async def make_demand(
    session: AsyncSession,
    *,
    organization: Organization,
    status: DemandStatus = DemandStatus.DRAFT,
    **values: object,
) -> Demand:
    """A demand of ``organization`` in ``status``, inserted directly (no review walked)."""
    defaults: dict[str, object] = {
        "title": "镁合金压铸件表面防腐处理技术",
        "description": "现有镁合金压铸件盐雾试验不足 48 小时，需要新的表面处理工艺。",
        "field": "special_metal",
        "region": "wenxi",
        "demand_type": "tech_breakthrough",
        "valid_until": dt.date.today() + dt.timedelta(days=365),
        "contact_name": "张工",
        "contact_phone": "13900001111",
        "keywords": ["镁合金", "防腐"],
        "published_at": _published_at(status),
    }
    demand = Demand(organization_id=organization.id, status=status, **(defaults | values))
    session.add(demand)
    await session.commit()
    return demand


async def make_achievement(
    session: AsyncSession,
    *,
    organization: Organization,
    status: AchievementStatus = AchievementStatus.DRAFT,
    **values: object,
) -> Achievement:
    """An achievement of ``organization`` in ``status``, inserted directly (no review walked)."""
    defaults: dict[str, object] = {
        "title": "高强韧镁合金真空压铸技术",
        "abstract": "采用真空压铸与稀土微合金化，铸件抗拉强度 ≥ 300 MPa，盐雾试验 ≥ 500 小时。",
        "field": "special_metal",
        "region": "yanhu",
        "maturity": "pilot",
        "transfer_modes": ["transfer", "license"],
        "inventors": ["王教授", "李工"],
        "contact_name": "王教授",
        "contact_phone": "0359-2090000",
        "contact_email": "tech@example.cn",
        "keywords": ["镁合金", "压铸"],
        "published_at": _published_at(status),
    }
    achievement = Achievement(organization_id=organization.id, status=status, **(defaults | values))
    session.add(achievement)
    await session.commit()
    return achievement
