"""Statistics of what the public may see: counts of published entries, connections and contract
turnover, and the league of organisations by verifiable outcomes.

Months are calendar months in China time: an entry published at 00:30 on the 1st in Yuncheng
belongs to that month, not to the previous one as in UTC.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from techmarket.achievements.models import PUBLIC_STATUSES as ACHIEVEMENT_PUBLIC
from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.catalog.models import Taxonomy, Term
from techmarket.challenges.service import challenges_won_by_organization
from techmarket.connections.models import Connection, ConnectionStatus, TargetType
from techmarket.demands.models import PUBLIC_STATUSES as DEMAND_PUBLIC
from techmarket.demands.models import Demand
from techmarket.identity.models import Organization, VerificationStatus
from techmarket.projects.models import PUBLIC_STATUSES as PROJECT_PUBLIC
from techmarket.projects.models import Project
from techmarket.stats.schemas import (
    Bucket,
    CollectionStats,
    KeyFigures,
    LeagueContract,
    LeagueRow,
    LeagueSort,
    MonthCount,
    StatsOverview,
    StatusCount,
    TurnoverMonth,
)

CHINA = ZoneInfo("Asia/Shanghai")
MONTHS = 12

# The public statuses of each collection (published and after): only these are counted.
COLLECTIONS: tuple[tuple[Any, Collection[StrEnum]], ...] = (
    (Demand, DEMAND_PUBLIC),
    (Achievement, ACHIEVEMENT_PUBLIC),
    (Project, PROJECT_PUBLIC),
)


def last_months(today: date, count: int = MONTHS) -> list[str]:
    """``count`` months ending with the month of ``today``, oldest first, as ``YYYY-MM``."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _month_start(month: str) -> datetime:
    year, number = (int(part) for part in month.split("-"))
    return datetime(year, number, 1, tzinfo=CHINA)


async def _count(session: AsyncSession, model: Any, *where: ColumnElement[bool]) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


async def _labels(session: AsyncSession, taxonomy: Taxonomy) -> dict[str, str]:
    rows = await session.execute(select(Term.code, Term.name).where(Term.taxonomy == taxonomy))
    return dict(rows.all())


async def _buckets(
    session: AsyncSession, column: Any, where: ColumnElement[bool], labels: Mapping[str, str]
) -> list[Bucket]:
    """Counts by ``column``, largest first; codes without a term keep their code as label."""
    rows = await session.execute(
        select(column, func.count()).where(where).group_by(column).order_by(func.count().desc())
    )
    return [Bucket(key=key, label=labels.get(key, key), count=count) for key, count in rows]


async def _collection(
    session: AsyncSession,
    model: Any,
    public: Collection[StrEnum],
    months: list[str],
    labels: Mapping[Taxonomy, Mapping[str, str]],
) -> CollectionStats:
    is_public = model.status.in_(list(public))
    month = func.to_char(func.timezone(CHINA.key, model.published_at), "YYYY-MM")
    rows = await session.execute(
        select(month, func.count())
        .where(is_public, model.published_at >= _month_start(months[0]))
        .group_by(month)
    )
    per_month: dict[str, int] = dict(rows.all())
    return CollectionStats(
        by_field=await _buckets(session, model.field, is_public, labels[Taxonomy.FIELD]),
        by_region=await _buckets(session, model.region, is_public, labels[Taxonomy.REGION]),
        by_month=[MonthCount(month=m, count=per_month.get(m, 0)) for m in months],
    )


async def overview(*, session: AsyncSession, today: date | None = None) -> StatsOverview:
    today = today or datetime.now(CHINA).date()
    months = last_months(today)
    labels = {t: await _labels(session, t) for t in (Taxonomy.FIELD, Taxonomy.REGION)}
    contracted = Connection.status == ConnectionStatus.CONTRACTED
    turnover = await session.scalar(
        select(func.coalesce(func.sum(Connection.contract_amount), 0)).where(contracted)
    )
    figures = KeyFigures(
        demands=await _count(session, Demand, Demand.status.in_(list(DEMAND_PUBLIC))),
        achievements=await _count(
            session, Achievement, Achievement.status.in_(list(ACHIEVEMENT_PUBLIC))
        ),
        projects=await _count(session, Project, Project.status.in_(list(PROJECT_PUBLIC))),
        organizations=await _count(
            session, Organization, Organization.status == VerificationStatus.VERIFIED
        ),
        connections=await _count(session, Connection),
        contracts=await _count(session, Connection, contracted),
        contract_turnover=Decimal(turnover or 0),
    )
    demands, achievements, projects = [
        await _collection(session, model, public, months, labels) for model, public in COLLECTIONS
    ]
    by_status = dict(
        (
            await session.execute(
                select(Connection.status, func.count()).group_by(Connection.status)
            )
        ).all()
    )
    month = func.to_char(Connection.contract_date, "YYYY-MM")
    rows = await session.execute(
        select(month, func.count(), func.sum(Connection.contract_amount))
        .where(contracted, Connection.contract_date >= _month_start(months[0]).date())
        .group_by(month)
    )
    per_month = {m: (n, amount) for m, n, amount in rows}
    return StatsOverview(
        figures=figures,
        demands=demands,
        achievements=achievements,
        projects=projects,
        connections_by_status=[
            StatusCount(status=s, count=by_status.get(s, 0)) for s in ConnectionStatus
        ],
        turnover_by_month=[
            TurnoverMonth(
                month=m,
                contracts=per_month.get(m, (0, 0))[0],
                amount=Decimal(per_month.get(m, (0, 0))[1] or 0),
            )
            for m in months
        ],
    )


# Who supplied the technology of a contract: the achievement's owner, or the organisation
# that answered the demand. The league credits suppliers; buyers are the other side.
_SUPPLIER = case(
    (Connection.target_type == TargetType.ACHIEVEMENT, Connection.owner_organization_id),
    else_=Connection.requester_organization_id,
)
_CONTRACTED = Connection.status == ConnectionStatus.CONTRACTED
_TRANSFERRED_UNDER_CONTRACT = and_(
    Achievement.status == AchievementStatus.TRANSFERRED,
    exists().where(Connection.achievement_id == Achievement.id, _CONTRACTED),
)


async def league(
    *,
    session: AsyncSession,
    limit: int,
    sort: LeagueSort = LeagueSort.OUTCOMES,
) -> list[LeagueRow]:
    """Organisations ranked by what records prove: achievements transferred under a recorded
    contract, challenges won and accepted (from the challenges collection) and the
    turnover of the contracts they supplied. Organisations with nothing to show are left out."""
    challenges_won = await challenges_won_by_organization(session)
    contracts = {
        org: (count, Decimal(amount or 0))
        for org, count, amount in (
            await session.execute(
                select(_SUPPLIER, func.count(), func.sum(Connection.contract_amount))
                .where(_CONTRACTED)
                .group_by(_SUPPLIER)
            )
        )
    }
    transferred = dict(
        (
            await session.execute(
                select(Achievement.organization_id, func.count())
                .where(_TRANSFERRED_UNDER_CONTRACT)
                .group_by(Achievement.organization_id)
            )
        ).all()
    )
    candidates = set(contracts) | set(transferred) | {o for o, n in challenges_won.items() if n}

    def outcomes(org: uuid.UUID) -> int:
        return transferred.get(org, 0) + challenges_won.get(org, 0)

    def turnover(org: uuid.UUID) -> Decimal:
        return contracts.get(org, (0, Decimal(0)))[1]

    if sort is LeagueSort.TURNOVER:
        ranked = sorted(candidates, key=lambda o: (-turnover(o), -outcomes(o), str(o)))
    else:
        ranked = sorted(candidates, key=lambda o: (-outcomes(o), -turnover(o), str(o)))
    ranked = ranked[:limit]
    if not ranked:
        return []
    organizations = {
        o.id: o
        for o in await session.scalars(select(Organization).where(Organization.id.in_(ranked)))
    }
    achievement_ids: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for org, achievement_id in await session.execute(
        select(Achievement.organization_id, Achievement.id)
        .where(_TRANSFERRED_UNDER_CONTRACT, Achievement.organization_id.in_(ranked))
        .order_by(Achievement.published_at.desc(), Achievement.id)
    ):
        achievement_ids[org].append(achievement_id)
    records: dict[uuid.UUID, list[LeagueContract]] = defaultdict(list)
    for connection in await session.scalars(
        select(Connection)
        .options(selectinload(Connection.demand), selectinload(Connection.achievement))
        .where(_CONTRACTED, _SUPPLIER.in_(ranked))
        .order_by(Connection.contract_date.desc(), Connection.id)
    ):
        supplier = (
            connection.owner_organization_id
            if connection.target_type is TargetType.ACHIEVEMENT
            else connection.requester_organization_id
        )
        assert connection.contract_amount is not None
        assert connection.contract_date is not None
        records[supplier].append(
            LeagueContract(
                connection_id=connection.id,
                target_type=connection.target_type,
                target_id=connection.target_id,
                target_title=connection.target.title,
                amount=connection.contract_amount,
                contract_date=connection.contract_date,
            )
        )
    return [
        LeagueRow(
            rank=rank,
            organization_id=org,
            organization_name=organizations[org].name,
            organization_kind=organizations[org].kind,
            region=organizations[org].region,
            achievements_transferred=transferred.get(org, 0),
            transferred_achievement_ids=achievement_ids[org],
            challenges_won=challenges_won.get(org, 0),
            contracts=contracts.get(org, (0, Decimal(0)))[0],
            contract_turnover=turnover(org),
            contract_records=records[org],
        )
        for rank, org in enumerate(ranked, 1)
    ]
