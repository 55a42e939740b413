"""Rows made directly in the test's session, and signing in through the real API."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.principal import MembershipRole
from techmarket.core.security import hash_password
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
