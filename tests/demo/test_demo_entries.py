"""The demo entries of a fresh platform: enough of everything, in every status, once."""

from __future__ import annotations

import time
from datetime import date, timedelta

from httpx import AsyncClient
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.connections.models import Connection, ConnectionStatus
from techmarket.core.audit import AuditLog
from techmarket.core.outbox import OutboxEvent
from techmarket.demands.models import Demand, DemandStatus
from techmarket.demo.entries import seed_demo_entries
from techmarket.identity import bootstrap
from techmarket.identity.models import ExpertProfile, Organization, User
from techmarket.projects.models import Project, ProjectStatus


async def _count(session: AsyncSession, model: type, *where: object) -> int:
    return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0  # type: ignore[arg-type]


async def test_a_fresh_platform_gets_demo_entries_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    for model in (ExpertProfile, User, Organization):
        await session.execute(delete(model))
    await session.commit()
    assert await seed_demo_entries(session=session) is None, "no demo organisations: nothing"

    await bootstrap.seed_demo(session=session)
    started = time.monotonic()
    seeded = await seed_demo_entries(session=session)
    assert time.monotonic() - started < 10
    assert seeded is not None

    assert await _count(session, Demand) >= 50
    assert await _count(session, Achievement) >= 100
    assert await _count(session, Project) >= 20
    demand_statuses = set(await session.scalars(select(Demand.status).distinct()))
    assert {DemandStatus.DRAFT, DemandStatus.PENDING_REVIEW, DemandStatus.PUBLISHED,
            DemandStatus.IN_PROGRESS, DemandStatus.RESOLVED} <= demand_statuses  # fmt: skip
    achievement_statuses = set(await session.scalars(select(Achievement.status).distinct()))
    assert {AchievementStatus.PUBLISHED, AchievementStatus.TRANSFERRED,
            AchievementStatus.WITHDRAWN} <= achievement_statuses  # fmt: skip
    project_statuses = set(await session.scalars(select(Project.status).distinct()))
    assert {ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS,
            ProjectStatus.COMPLETED} <= project_statuses  # fmt: skip
    assert set(await session.scalars(select(Connection.status).distinct())) == set(ConnectionStatus)
    # The thread: achievements published from completed projects.
    assert await _count(session, Achievement, Achievement.project_id.is_not(None)) >= 1

    contracts = (
        await session.execute(
            select(Connection.contract_amount, Connection.contract_date).where(
                Connection.status == ConnectionStatus.CONTRACTED
            )
        )
    ).all()
    assert len(contracts) >= 20
    assert all(amount and amount > 0 for amount, _ in contracts)
    dates = [signed for _, signed in contracts]
    assert all(date.today() - timedelta(days=366) <= d <= date.today() for d in dates)
    assert len({d.strftime("%Y-%m") for d in dates}) >= 6, "the turnover chart has a shape"
    timeline = (
        await session.execute(
            select(Connection.created_at, Connection.contract_date).where(
                Connection.status == ConnectionStatus.CONTRACTED
            )
        )
    ).all()
    assert all(requested.date() <= signed for requested, signed in timeline), "asked, then signed"

    # Through the workflows: audited, and on their way to the search index.
    approvals = await _count(session, AuditLog, AuditLog.action == "demand.approve")
    assert approvals >= 40
    assert await _count(session, OutboxEvent, OutboxEvent.topic == "search") >= approvals

    overview = (await client.get("/api/v1/stats/overview")).json()
    figures = overview["figures"]
    public_demands = await _count(
        session,
        Demand,
        Demand.status.in_(
            [DemandStatus.PUBLISHED, DemandStatus.IN_PROGRESS, DemandStatus.RESOLVED]
        ),
    )
    assert figures["demands"] == public_demands
    assert figures["contracts"] == len(contracts)
    assert sum(m["count"] for m in overview["achievements"]["by_month"]) >= 60
    assert len(overview["demands"]["by_region"]) >= 8
    league = (await client.get("/api/v1/stats/league")).json()["items"]
    assert league[0]["achievements_transferred"] >= 1

    before = {m: await _count(session, m) for m in (Demand, Achievement, Project, Connection)}
    assert await bootstrap.seed_demo(session=session) == []
    assert await seed_demo_entries(session=session) is None, "a second start seeds nothing"
    after = {m: await _count(session, m) for m in (Demand, Achievement, Project, Connection)}
    assert after == before
