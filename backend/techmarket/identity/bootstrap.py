"""The first admin, and the demo organisations and users of an empty platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core import audit
from techmarket.core.principal import MembershipRole, PlatformRole
from techmarket.core.security import hash_password
from techmarket.db import transactional
from techmarket.identity.credit_code import check_character
from techmarket.identity.models import (
    ExpertProfile,
    Organization,
    OrganizationKind,
    User,
    VerificationStatus,
)
from techmarket.identity.passwords import check_password

# Known to everyone who reads this file: demo data is never seeded in production.
DEMO_PASSWORD = "Demo2026market"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


@transactional
async def ensure_admin(*, session: AsyncSession, email: str, password: str) -> bool:
    """Create the admin, or make an existing user admin; answer whether anything changed."""
    email = email.strip().lower()
    user = await session.scalar(select(User).where(func.lower(User.email) == email))
    if user is not None and PlatformRole.ADMIN in user.roles and user.is_active:
        return False
    if user is None:
        check_password(password, email=email, field="password")
        user = User(
            email=email, password_hash=hash_password(password), display_name="管理员", roles=[]
        )
        session.add(user)
    user.roles = sorted({*user.roles, PlatformRole.ADMIN.value})
    user.is_active = True
    await session.flush()
    audit.record(
        session,
        principal=None,
        action="user.bootstrap_admin",
        entity_type="user",
        entity_id=user.id,
        after={"email": email, "roles": user.roles},
    )
    return True


def demo_credit_code(serial: int) -> str:
    """A well-formed credit code for demo organisations (Yuncheng's division code 140800)."""
    first_17 = f"91140800MA0{serial:06d}"
    return first_17 + check_character(first_17)


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    membership: MembershipRole = MembershipRole.OWNER
    roles: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    kind: OrganizationKind
    region: str
    users: tuple[DemoUser, ...]
    fields: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()


MEMBER = MembershipRole.MEMBER
DEMO_ORGANIZATIONS = (
    DemoOrganization(
        "运城市科学技术局", OrganizationKind.GOVERNMENT, "yanhu",
        users=(
            DemoUser("admin@demo.techmarket.cn", "王建国", roles=("admin",)),
            DemoUser("reviewer@demo.techmarket.cn", "李秀英", MEMBER, roles=("reviewer",)),
        ),
    ),
    DemoOrganization(
        "山西银光华盛镁业股份有限公司", OrganizationKind.ENTERPRISE, "wenxi",
        users=(DemoUser("yinguang@demo.techmarket.cn", "张志强"),),
        fields=("special_metal",), flags=("high_tech", "private"),
    ),
    DemoOrganization(
        "运城市大运新能源汽车有限公司", OrganizationKind.ENTERPRISE, "yanhu_hitech",
        users=(DemoUser("dayun@demo.techmarket.cn", "刘洋"),),
        fields=("new_energy_vehicle",), flags=("high_tech", "tech_leader"),
    ),
    DemoOrganization(
        "山西永济绿源农业科技有限公司", OrganizationKind.ENTERPRISE, "yongji",
        users=(DemoUser("lvyuan@demo.techmarket.cn", "陈静"),),
        fields=("dryland_agriculture",), flags=("tech_sme", "private"),
    ),
    DemoOrganization(
        "运城学院", OrganizationKind.UNIVERSITY, "yanhu",
        users=(
            DemoUser("ycu@demo.techmarket.cn", "杨帆"),
            DemoUser(
                "expert.zhao@demo.techmarket.cn", "赵文博", MEMBER,
                roles=("expert",), expertise=("special_metal", "carbon_material"),
            ),
        ),
        fields=("dryland_agriculture", "chemical_material"),
    ),
    DemoOrganization(
        "运城职业技术大学", OrganizationKind.UNIVERSITY, "yanhu",
        users=(
            DemoUser("ycvtu@demo.techmarket.cn", "黄磊"),
            DemoUser(
                "expert.zhou@demo.techmarket.cn", "周敏", MEMBER,
                roles=("expert",), expertise=("new_energy_vehicle", "rail_intelligent_equipment"),
            ),
        ),
        fields=("rail_intelligent_equipment",),
    ),
    DemoOrganization(
        "山西省镁合金材料研究院", OrganizationKind.INSTITUTE, "wenxi",
        users=(
            DemoUser("mgri@demo.techmarket.cn", "吴海涛"),
            DemoUser(
                "expert.sun@demo.techmarket.cn", "孙丽华", MEMBER,
                roles=("expert", "broker"), expertise=("biomedicine_health", "dryland_agriculture"),
            ),
        ),
        fields=("special_metal",),
    ),
)  # fmt: skip


@transactional
async def seed_demo(*, session: AsyncSession) -> list[DemoLogin]:
    """Seed the demo organisations and users, only on a platform that has no organisation yet."""
    if await session.scalar(select(func.count()).select_from(Organization)):
        return []
    logins: list[DemoLogin] = []
    password_hash = hash_password(DEMO_PASSWORD)
    for serial, demo in enumerate(DEMO_ORGANIZATIONS, 1):
        organization = Organization(
            name=demo.name,
            kind=demo.kind,
            credit_code=demo_credit_code(serial),
            region=demo.region,
            fields=list(demo.fields),
            flags=list(demo.flags),
            contact_name=demo.users[0].name,
            contact_phone=f"0359-{2080000 + serial}",
            contact_email=demo.users[0].email,
            status=VerificationStatus.VERIFIED,
            verified_at=datetime.now(UTC),
        )
        session.add(organization)
        await session.flush()
        for demo_user in demo.users:
            user = User(
                email=demo_user.email,
                display_name=demo_user.name,
                password_hash=password_hash,
                organization_id=organization.id,
                membership=demo_user.membership,
                roles=list(demo_user.roles),
            )
            session.add(user)
            await session.flush()
            if demo_user.expertise:
                session.add(
                    ExpertProfile(
                        user_id=user.id,
                        fields=list(demo_user.expertise),
                        keywords=[],
                        conflict_organization_ids=[],
                    )
                )
            role = ", ".join(demo_user.roles) or f"{demo.kind.value} {demo_user.membership}"
            logins.append(DemoLogin(email=demo_user.email, role=role))
    audit.record(session, principal=None, action="platform.seed_demo", entity_type="platform")
    return logins
