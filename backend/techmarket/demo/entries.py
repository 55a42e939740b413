"""Demo entries that look real: demands, achievements, projects and connections with contracts
spread over the last twelve months, so that the portal, the search and the charts have
something to show on a fresh platform.

Everything goes through the collections' own services and workflows (audit rows, outbox events,
search indexing), composed from the phrase tables with a fixed random seed: every fresh
platform gets the same entries, and nothing is downloaded.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import Achievement
from techmarket.achievements.schemas import AchievementAction, AchievementCreate
from techmarket.achievements.service import add_achievement
from techmarket.achievements.workflow import achievement_workflow
from techmarket.connections.models import Connection, TargetType
from techmarket.connections.schemas import ConnectionAction, ConnectionActionBody, ConnectionCreate
from techmarket.connections.service import act_on_connection, request_connection
from techmarket.core import audit
from techmarket.core.principal import MembershipRole, PlatformRole, Principal
from techmarket.core.security import hash_password
from techmarket.core.workflow import Workflow
from techmarket.db import transactional
from techmarket.demands.models import Demand
from techmarket.demands.schemas import DemandAction, DemandCreate
from techmarket.demands.service import add_demand
from techmarket.demands.workflow import demand_workflow
from techmarket.demo.phrases import (
    ACHIEVEMENT_TITLES,
    DEMAND_TITLES,
    FIELDS,
    GIVEN_NAMES,
    PROBLEMS,
    PROJECT_TITLES,
    SURNAMES,
)
from techmarket.identity.bootstrap import DEMO_ORGANIZATIONS, DEMO_PASSWORD, demo_credit_code
from techmarket.identity.models import Organization, OrganizationKind, User, VerificationStatus
from techmarket.projects.models import Project, ProjectCall, ProjectOrigin, ProjectStatus
from techmarket.projects.schemas import ProjectAction, ProjectCreate
from techmarket.projects.service import KIND_PREFIXES, add_project
from techmarket.projects.workflow import project_workflow

SEED = 20261126
DEMANDS, ACHIEVEMENTS, PROJECTS = 60, 110, 24
REGIONS = (
    "yanhu", "yongji", "hejin", "linyi", "wanrong", "wenxi", "jishan", "xinjiang", "jiangxian",
    "yuanqu", "xiaxian", "pinglu", "ruicheng", "etdz", "yanhu_hitech",
)  # fmt: skip
DEMAND_TYPES = ("tech_breakthrough", "tech_transfer", "joint_development", "tech_license",
                "tech_consulting", "talent")  # fmt: skip
COOPERATION = ("commissioned_development", "joint_development", "transfer", "license",
               "consulting_service", "joint_platform")  # fmt: skip
MATURITY = (("research", 3), ("pilot_small", 5), ("pilot", 6), ("industrialized", 8))
TRANSFER_MODES = ("transfer", "license", "equity", "joint_development")
IP_TYPES = ("invention_patent", "utility_model", "software_copyright", "other")
PROJECT_KINDS = ("basic_research", "key_technology", "major_program", "platform", "transformation")

# Besides the organisations of identity/bootstrap.py: more enterprises, institutes and a new
# R&D institution across the counties, so that the league and the regions have some variety.
EXTRA_ORGANIZATIONS = (
    ("山西亚宝药业集团股份有限公司", OrganizationKind.ENTERPRISE, "ruicheng", "biomedicine_health"),
    ("运城制版集团有限公司", OrganizationKind.ENTERPRISE, "yanhu", "rail_intelligent_equipment"),
    ("山西阳光焦化集团股份有限公司", OrganizationKind.ENTERPRISE, "hejin", "clean_coal"),
    ("河津市华晟新材料有限公司", OrganizationKind.ENTERPRISE, "hejin", "carbon_material"),
    ("山西芮城光伏能源有限公司", OrganizationKind.ENTERPRISE, "ruicheng", "new_energy"),
    ("运城市信创软件有限公司", OrganizationKind.ENTERPRISE, "etdz", "xinchuang"),
    ("运城市农业科学研究院", OrganizationKind.INSTITUTE, "yanhu", "dryland_agriculture"),
    ("山西省化工材料研究所", OrganizationKind.INSTITUTE, "jishan", "chemical_material"),
    ("运城半导体产业技术研究院", OrganizationKind.NEW_RD_INSTITUTION, "yanhu_hitech",
     "semiconductor"),
)  # fmt: skip
SUPPLIER_KINDS = frozenset(
    {OrganizationKind.UNIVERSITY, OrganizationKind.INSTITUTE, OrganizationKind.NEW_RD_INSTITUTION}
)


@dataclass
class Member:
    """An organisation and the principal of its owner, who acts for it in the workflows."""

    organization: Organization
    principal: Principal
    fields: Sequence[str]


@dataclass
class DemoEntries:
    demands: int = 0
    achievements: int = 0
    projects: int = 0
    connections: int = 0
    contracts: int = 0


T = TypeVar("T")


class Composer:
    """Chinese text from the phrase tables, with one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)  # noqa: S311  demo text, not secrets

    def pick(self, items: Sequence[T]) -> T:
        return self.random.choice(items)

    def person(self) -> str:
        return self.pick(SURNAMES) + self.pick(GIVEN_NAMES)

    def phone(self) -> str:
        return f"0359-{self.random.randint(2000000, 8999999)}"

    def moment(self, now: datetime, *, within_days: int) -> datetime:
        return now - timedelta(days=self.random.uniform(2, within_days))

    def amount(self, low: int, high: int, step: int = 10_000) -> Decimal:
        return Decimal(self.random.randrange(low, high, step))


def _owner_principal(organization: Organization, user: User | None) -> Principal:
    return Principal(
        user_id=user.id if user else None,
        organization_id=organization.id,
        organization_verified=True,
        membership=MembershipRole.OWNER,
    )


async def _members(session: AsyncSession, text: Composer) -> tuple[list[Member], Principal] | None:
    """The demo organisations with their owners, the extra ones added, and the reviewer."""
    reviewer = await session.scalar(
        select(User).where(User.roles.contains([PlatformRole.REVIEWER.value]))
    )
    # Only the demo organisations of identity/bootstrap.py: never a real organisation's name.
    demo_codes = [demo_credit_code(serial) for serial in range(1, len(DEMO_ORGANIZATIONS) + 1)]
    organizations = list(
        await session.scalars(
            select(Organization).where(
                Organization.credit_code.in_(demo_codes),
                Organization.status == VerificationStatus.VERIFIED,
            )
        )
    )
    if reviewer is None or reviewer.organization_id is None or not organizations:
        return None
    password_hash = hash_password(DEMO_PASSWORD)
    for serial, (name, kind, region, main_field) in enumerate(EXTRA_ORGANIZATIONS, 101):
        organization = Organization(
            name=name,
            kind=kind,
            credit_code=demo_credit_code(serial),
            region=region,
            fields=[main_field],
            flags=["high_tech"] if kind is OrganizationKind.ENTERPRISE else [],
            contact_name=text.person(),
            contact_phone=text.phone(),
            contact_email=f"org{serial}@demo.techmarket.cn",
            status=VerificationStatus.VERIFIED,
            verified_at=datetime.now(UTC),
        )
        session.add(organization)
        await session.flush()
        session.add(
            User(
                email=f"org{serial}@demo.techmarket.cn",
                display_name=organization.contact_name,
                password_hash=password_hash,
                organization_id=organization.id,
                membership=MembershipRole.OWNER,
                roles=[],
            )
        )
        organizations.append(organization)
    await session.flush()
    owners = {
        user.organization_id: user
        for user in await session.scalars(
            select(User).where(User.membership == MembershipRole.OWNER).order_by(User.email)
        )
    }
    members = [
        Member(o, _owner_principal(o, owners.get(o.id)), o.fields or list(FIELDS))
        for o in sorted(organizations, key=lambda o: o.credit_code)
        if o.kind is not OrganizationKind.GOVERNMENT
    ]
    staff = Principal(
        user_id=reviewer.id,
        organization_id=reviewer.organization_id,
        organization_verified=True,
        roles=frozenset({PlatformRole.REVIEWER}),
    )
    return members, staff


def _walk(
    session: AsyncSession,
    workflow: Workflow[Any],
    entry: Any,
    steps: Sequence[tuple[str, Principal, str | None, dict[str, Any] | None]],
) -> None:
    for action, principal, reason, changes in steps:
        workflow.apply(session, entry, action, principal=principal, reason=reason, changes=changes)


def _plan(counts: Sequence[tuple[str, int]], total: int, text: Composer) -> list[str]:
    """``total`` target statuses: the given counts, the rest published, in random order."""
    plan = [status for status, count in counts for _ in range(count)]
    plan += ["published"] * (total - len(plan))
    text.random.shuffle(plan)
    return plan


async def _demands(
    session: AsyncSession, text: Composer, enterprises: list[Member], staff: Principal
) -> list[Demand]:
    now, today = datetime.now(UTC), date.today()
    published: list[Demand] = []
    plan = _plan(
        [("draft", 6), ("pending_review", 5), ("rejected", 3), ("closed", 3)], DEMANDS, text
    )
    for index, target in enumerate(plan):
        member = enterprises[index % len(enterprises)]
        field_code = (
            text.pick(member.fields) if text.random.random() < 0.6 else text.pick(list(FIELDS))
        )
        phrases = FIELDS[field_code]
        product, technique = text.pick(phrases.products), text.pick(phrases.techniques)
        budget = text.amount(200_000, 3_000_000, 50_000)
        negotiable = text.random.random() < 0.2
        data = DemandCreate(
            title=text.pick(DEMAND_TITLES).format(product=product, technique=technique),
            description=(
                f"我单位现有{product}生产线，{text.pick(PROBLEMS)}。希望与高校、科研院所合作，"
                f"通过{technique}等技术手段解决上述问题，并在我单位完成工程化验证。"
            ),
            indicators="；".join(text.random.sample(phrases.indicators, 2)),
            field=field_code,
            region=member.organization.region if text.random.random() < 0.6 else text.pick(REGIONS),
            demand_type=text.pick(DEMAND_TYPES),
            cooperation_mode=text.pick(COOPERATION),
            budget_min=None if negotiable else budget,
            budget_max=None if negotiable else budget + text.amount(100_000, 2_000_000, 50_000),
            budget_negotiable=negotiable,
            deadline=today + timedelta(days=text.random.randint(60, 300)),
            valid_until=today + timedelta(days=text.random.randint(200, 540)),
            contact_name=text.person(),
            contact_phone=text.phone(),
            keywords=[product, technique],
        )
        demand = await add_demand(session=session, principal=member.principal, data=data)
        published_at = text.moment(now, within_days=350)
        demand.created_at = published_at - timedelta(days=text.random.uniform(1, 10))
        owner = member.principal
        steps: list[tuple[str, Principal, str | None, dict[str, Any] | None]] = []
        if target != "draft":
            steps.append((DemandAction.SUBMIT, owner, None, None))
        if target == "rejected":
            steps.append(
                (
                    DemandAction.REJECT,
                    staff,
                    "技术指标不够具体，请补充量化指标后重新提交。",
                    {"rejection_reason": "技术指标不够具体，请补充量化指标后重新提交。"},
                )
            )
        if target in ("published", "closed"):
            steps.append((DemandAction.APPROVE, staff, None, {"published_at": published_at}))
        if target == "closed":
            steps.append((DemandAction.CLOSE, owner, "已通过其他渠道解决", None))
        _walk(session, demand_workflow, demand, steps)
        demand.updated_at = published_at if target != "draft" else demand.created_at
        if target == "published":
            published.append(demand)
    await session.flush()
    return published


def _code(kind: str, year: int, numbers: dict[str, int]) -> str:
    """项目编号 in the form the projects service gives on approval, numbered per prefix."""
    prefix = f"YC{year}-{KIND_PREFIXES[kind]}-"
    numbers[prefix] = numbers.get(prefix, 0) + 1
    return f"{prefix}{numbers[prefix]:04d}"


async def _projects(
    session: AsyncSession, text: Composer, members: list[Member], staff: Principal
) -> list[Project]:
    """Projects of a rolling call (常态制) in every status; the completed ones come first."""
    now = datetime.now(UTC)
    call = ProjectCall(
        name=f"{now.year}年度科技创新项目（常态制申报）",
        year=now.year,
        kinds=list(PROJECT_KINDS),
        fields=[],
        description="面向全市企业、高校、科研院所和新型研发机构常态化受理科技创新项目申报。",
        rolling=True,
    )
    session.add(call)
    await session.flush()
    audit.record(
        session,
        principal=staff,
        action="project_call.create",
        entity_type="project_call",
        entity_id=call.id,
        after={"name": call.name},
    )
    path = [
        (ProjectAction.SUBMIT, "owner"), (ProjectAction.START_FORMAL_CHECK, "staff"),
        (ProjectAction.PASS_FORMAL_CHECK, "staff"), (ProjectAction.APPROVE, "staff"),
        (ProjectAction.START, "owner"), (ProjectAction.BEGIN_MIDTERM, "staff"),
        (ProjectAction.PASS_MIDTERM, "staff"), (ProjectAction.BEGIN_ACCEPTANCE, "staff"),
        (ProjectAction.COMPLETE, "staff"),
    ]  # fmt: skip
    # How far along the path each project goes, and where it leaves it.
    targets = (
        [("completed", 9)] * 4 + [("acceptance", 8)] * 2 + [("midterm", 6)] * 2
        + [("in_progress", 5)] * 5 + [("terminated", 5)] + [("approved", 4)] * 3
        + [("formal_check", 2)] * 2 + [("rejected", 2)] * 2 + [("submitted", 1)] * 2
        + [("draft", 0)]
    )  # fmt: skip
    suppliers = [m for m in members if m.organization.kind in SUPPLIER_KINDS]
    numbers: dict[str, int] = {}
    projects: list[Project] = []
    for index, (target, steps) in enumerate(targets[:PROJECTS]):
        # Completed projects, whose results become achievements, and two in three others are
        # of universities and institutes; the rest of any organisation.
        pool = suppliers if target == "completed" or index % 3 else members
        member = pool[index % len(pool)]
        field_code = text.pick(member.fields)
        phrases = FIELDS[field_code]
        product, technique = text.pick(phrases.products), text.pick(phrases.techniques)
        kind = text.pick(PROJECT_KINDS)
        approved_at = text.moment(now, within_days=700 if target == "completed" else 330)
        start = approved_at.date() + timedelta(days=30)
        years = 1 if target == "completed" else 2
        requested = text.amount(500_000, 5_000_000, 100_000)
        data = ProjectCreate(
            title=text.pick(PROJECT_TITLES).format(product=product, technique=technique),
            leader_name=text.person(),
            field=field_code,
            region=member.organization.region,
            kind=kind,
            call_id=call.id,
            origin=ProjectOrigin.CALL,
            budget_requested=requested,
            start_date=start,
            end_date=start + timedelta(days=365 * years),
            objectives=(
                f"突破{product}{technique}关键技术，{'；'.join(phrases.indicators[:2])}；"
                f"申请发明专利 {text.random.randint(2, 6)} 项，形成示范应用 1 项。"
            ),
            keywords=[product, technique],
        )
        project = await add_project(session=session, principal=member.principal, data=data)
        project.created_at = approved_at - timedelta(days=40)
        for action, who in path[:steps]:
            changes: dict[str, Any] | None = None
            if action is ProjectAction.APPROVE:
                granted = (requested * Decimal("0.8")).quantize(Decimal("1"))
                changes = {
                    "budget_granted": granted,
                    "published_at": approved_at,
                    "code": _code(kind, approved_at.year, numbers),
                }
            actor = member.principal if who == "owner" else staff
            project_workflow.apply(session, project, action, principal=actor, changes=changes)
        if target == "rejected":
            reason = "申报材料不全：缺少合作单位协议"
            project_workflow.apply(
                session,
                project,
                ProjectAction.FAIL_FORMAL_CHECK,
                principal=staff,
                reason=reason,
                changes={"rejection_reason": reason},
            )
        if target == "terminated":
            reason = "承担单位主动申请终止"
            project_workflow.apply(
                session,
                project,
                ProjectAction.TERMINATE,
                principal=staff,
                reason=reason,
                changes={"termination_reason": reason},
            )
        projects.append(project)
    await session.flush()
    return projects


async def _achievements(
    session: AsyncSession,
    text: Composer,
    suppliers: list[Member],
    staff: Principal,
    completed: list[Project],
) -> list[Achievement]:
    now = datetime.now(UTC)
    published: list[Achievement] = []
    plan = _plan(
        [("draft", 8), ("pending_review", 8), ("rejected", 4), ("withdrawn", 5)], ACHIEVEMENTS, text
    )
    by_organization = {m.organization.id: m for m in suppliers}
    for index, target in enumerate(plan):
        source = completed[index] if index < len(completed) else None
        member = (
            by_organization[source.organization_id]
            if source is not None
            else suppliers[index % len(suppliers)]
        )
        field_code = (
            source.field
            if source
            else (
                text.pick(member.fields) if text.random.random() < 0.5 else text.pick(list(FIELDS))
            )
        )
        phrases = FIELDS[field_code]
        product, technique = text.pick(phrases.products), text.pick(phrases.techniques)
        maturity, trl = text.pick(MATURITY)
        ip_type = text.pick(IP_TYPES)
        negotiable = text.random.random() < 0.3
        year = text.random.randint(2019, 2025)
        data = AchievementCreate(
            title=text.pick(ACHIEVEMENT_TITLES).format(product=product, technique=technique),
            abstract=(
                f"本成果针对{product}{text.pick(PROBLEMS)}的问题，采用{technique}技术，"
                f"实现{'，'.join(text.random.sample(phrases.indicators, 2))}。"
                f"可应用于{'、'.join(text.random.sample(phrases.uses, 2))}等场景。"
            ),
            field=field_code,
            region=member.organization.region if text.random.random() < 0.5 else text.pick(REGIONS),
            maturity=maturity,
            trl=trl,
            ip_type=ip_type,
            ip_numbers=(
                [f"ZL{year}1{text.random.randint(1000000, 9999999)}.{text.random.randint(0, 9)}"]
                if ip_type in ("invention_patent", "utility_model")
                else []
            ),
            transfer_modes=sorted(text.random.sample(TRANSFER_MODES, text.random.randint(1, 3))),
            asking_price=None if negotiable else text.amount(100_000, 5_000_000, 50_000),
            price_negotiable=negotiable,
            inventors=[text.person() for _ in range(text.random.randint(2, 4))],
            keywords=[product, technique],
            contact_name=text.person(),
            contact_phone=text.phone(),
            project_id=source.id if source else None,
        )
        achievement = await add_achievement(session=session, principal=member.principal, data=data)
        published_at = text.moment(now, within_days=350)
        achievement.created_at = published_at - timedelta(days=text.random.uniform(1, 10))
        owner = member.principal
        steps: list[tuple[str, Principal, str | None, dict[str, Any] | None]] = []
        if target != "draft":
            steps.append((AchievementAction.SUBMIT, owner, None, None))
        if target == "rejected":
            reason = "请补充知识产权证明材料。"
            steps.append((AchievementAction.REJECT, staff, reason, {"rejection_reason": reason}))
        if target in ("published", "withdrawn"):
            steps.append((AchievementAction.APPROVE, staff, None, {"published_at": published_at}))
        if target == "withdrawn":
            steps.append((AchievementAction.WITHDRAW, owner, "成果已独家许可，暂停对外推广", None))
        _walk(session, achievement_workflow, achievement, steps)
        achievement.updated_at = published_at if target != "draft" else achievement.created_at
        if target == "published":
            published.append(achievement)
    await session.flush()
    return published


@transactional
async def _entries(
    *, session: AsyncSession, text: Composer
) -> tuple[list[Member], list[Demand], list[Achievement], int] | None:
    """Organisations, demands, projects and achievements: one unit of work."""
    found = await _members(session, text)
    if found is None:
        return None
    members, staff = found
    enterprises = [m for m in members if m.organization.kind is OrganizationKind.ENTERPRISE]
    suppliers = [m for m in members if m.organization.kind in SUPPLIER_KINDS]
    demands = await _demands(session, text, enterprises, staff)
    projects = await _projects(session, text, members, staff)
    completed = [p for p in projects if p.status is ProjectStatus.COMPLETED]
    achievements = await _achievements(session, text, suppliers, staff, completed)
    audit.record(
        session, principal=None, action="platform.seed_demo_entries", entity_type="platform"
    )
    return members, demands, achievements, len(projects)


def _contract_date(text: Composer, published_at: datetime | None) -> date:
    today = date.today()
    earliest = (published_at.date() if published_at else today) + timedelta(days=7)
    if earliest >= today:
        return today
    return earliest + timedelta(days=text.random.randint(0, (today - earliest).days))


async def _connect(
    session: AsyncSession,
    text: Composer,
    *,
    requester: Member,
    owner: Member,
    target: Demand | Achievement,
    outcome: str,
) -> Connection:
    """A connection walked through the connections service up to ``outcome``."""
    is_demand = isinstance(target, Demand)
    connection = await request_connection(
        session=session,
        principal=requester.principal,
        data=ConnectionCreate(
            target_type=TargetType.DEMAND if is_demand else TargetType.ACHIEVEMENT,
            target_id=target.id,
            message=(
                f"我单位在{FIELDS[target.field].techniques[0]}方面有相关积累，希望就"
                f"“{target.title}”进一步沟通合作方式。"
            ),
        ),
    )
    steps: list[tuple[ConnectionAction, Member, ConnectionActionBody]] = []
    if outcome == "declined":
        steps.append(
            (
                ConnectionAction.DECLINE,
                owner,
                ConnectionActionBody(reason="合作方向与我单位规划不符"),
            )
        )
    if outcome in ("accepted", "negotiating", "contracted", "closed"):
        steps.append((ConnectionAction.ACCEPT, owner, ConnectionActionBody()))
    if outcome in ("negotiating", "contracted", "closed"):
        steps.append((ConnectionAction.NEGOTIATE, requester, ConnectionActionBody()))
    if outcome == "closed":
        steps.append(
            (
                ConnectionAction.CLOSE,
                requester,
                ConnectionActionBody(reason="双方在价格上未达成一致"),
            )
        )
    if outcome == "contracted":
        low, high = (300_000, 3_000_000) if is_demand else (200_000, 5_000_000)
        steps.append(
            (
                ConnectionAction.CONTRACT,
                owner,
                ConnectionActionBody(
                    contract_amount=text.amount(low, high, 10_000),
                    contract_date=_contract_date(text, target.published_at),
                    resolve_demand=is_demand and text.random.random() < 0.6,
                    mark_transferred=not is_demand and text.random.random() < 0.8,
                ),
            )
        )
    for action, actor, body in steps:
        connection = await act_on_connection(
            session=session,
            principal=actor.principal,
            connection_id=connection.id,
            action=action,
            body=body,
        )
    return connection


# How the connections end: every status, and contracts for the turnover chart.
DEMAND_OUTCOMES = (
    ["contracted"] * 12 + ["negotiating"] * 4 + ["accepted"] * 3
    + ["requested"] * 4 + ["declined"] * 2 + ["closed"] * 2
)  # fmt: skip
ACHIEVEMENT_OUTCOMES = (
    ["contracted"] * 20 + ["negotiating"] * 6 + ["accepted"] * 4
    + ["requested"] * 8 + ["declined"] * 3 + ["closed"] * 3
)  # fmt: skip


async def seed_demo_entries(*, session: AsyncSession) -> DemoEntries | None:
    """Seed the demo entries once, on a platform with its demo organisations and no entries."""
    for model in (Demand, Achievement, Project):
        if await session.scalar(select(func.count()).select_from(model)):
            return None
    text = Composer(SEED)
    made = await _entries(session=session, text=text)
    if made is None:
        return None
    members, demands, achievements, projects = made
    by_id = {m.organization.id: m for m in members}
    suppliers = [m for m in members if m.organization.kind in SUPPLIER_KINDS]
    enterprises = [m for m in members if m.organization.kind is OrganizationKind.ENTERPRISE]
    result = DemoEntries(demands=DEMANDS, achievements=ACHIEVEMENTS, projects=projects)
    # The oldest publications get the contracts, so that contract dates follow publication.
    pairs: list[tuple[Demand | Achievement, str, list[Member]]] = []
    oldest_demands = sorted(demands, key=lambda d: d.published_at or datetime.now(UTC))
    oldest_achievements = sorted(achievements, key=lambda a: a.published_at or datetime.now(UTC))
    pairs += [(d, o, suppliers) for d, o in zip(oldest_demands, DEMAND_OUTCOMES, strict=False)]
    pairs += [
        (a, o, enterprises) for a, o in zip(oldest_achievements, ACHIEVEMENT_OUTCOMES, strict=False)
    ]
    connections: list[Connection] = []
    for target, outcome, candidates in pairs:
        owner = by_id[target.organization_id]
        requester = text.pick([m for m in candidates if m is not owner])
        connections.append(
            await _connect(
                session, text, requester=requester, owner=owner, target=target, outcome=outcome
            )
        )
        result.connections += 1
        result.contracts += outcome == "contracted"
    await _backdate(session=session, text=text, connections=connections)
    return result


@transactional
async def _backdate(
    *, session: AsyncSession, text: Composer, connections: Sequence[Connection]
) -> None:
    """Move the connections' moments into the past they pretend to have: requested after the
    entry was published, accepted and contracted before the contract date."""
    now = datetime.now(UTC)
    for connection in connections:
        published = connection.target.published_at or now
        if connection.contract_date is not None:
            signed = datetime.combine(connection.contract_date, datetime.min.time(), UTC)
            latest = max(published, signed - timedelta(days=3))
        else:
            latest = now
        requested = published + (latest - published) * text.random.uniform(0.1, 0.5)
        connection.created_at = requested
        if connection.accepted_at is not None:
            connection.accepted_at = requested + (latest - requested) * 0.3
        if connection.contracted_at is not None:
            connection.contracted_at = latest
        if connection.closed_at is not None:
            connection.closed_at = requested + (now - requested) * 0.5
        connection.updated_at = max(
            t for t in (requested, connection.accepted_at, connection.contracted_at,
                        connection.closed_at) if t is not None
        )  # fmt: skip
    await session.flush()
