"""Public statistics: the figures a visitor reads on the home page and the organisation league,
checked against entries made through factories and the real API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.connections.models import Connection, ConnectionStatus, TargetType
from techmarket.demands.models import Demand, DemandStatus
from techmarket.identity.models import Organization, OrganizationKind
from techmarket.projects.models import ProjectStatus
from techmarket.stats.service import CHINA, last_months
from tests.entries import Actors, act_on_demand, published_demand, sign_in_actors
from tests.factories import (
    make_achievement,
    make_demand,
    make_organization,
    make_project,
    make_user,
    sign_in,
)

OVERVIEW = "/api/v1/stats/overview"
LEAGUE = "/api/v1/stats/league"
THIS_MONTH = datetime.now(CHINA).strftime("%Y-%m")


async def _overview(client: AsyncClient) -> dict[str, Any]:
    answer = await client.get(OVERVIEW)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def _bucket(buckets: list[dict[str, Any]], key: str) -> int:
    return next((b["count"] for b in buckets if b["key"] == key), 0)


def _month(months: list[dict[str, Any]], month: str) -> dict[str, Any]:
    return next(m for m in months if m["month"] == month)


async def _contract(
    session: AsyncSession,
    *,
    requester: Organization,
    target: Demand | Achievement,
    status: ConnectionStatus = ConnectionStatus.CONTRACTED,
    amount: str = "800000",
    signed: date | None = None,
) -> Connection:
    is_demand = isinstance(target, Demand)
    contracted = status is ConnectionStatus.CONTRACTED
    connection = Connection(
        status=status,
        target_type=TargetType.DEMAND if is_demand else TargetType.ACHIEVEMENT,
        demand_id=target.id if is_demand else None,
        achievement_id=None if is_demand else target.id,
        requester_organization_id=requester.id,
        owner_organization_id=target.organization_id,
        message="希望对接",
        contract_amount=Decimal(amount) if contracted else None,
        contract_date=(signed or date.today()) if contracted else None,
    )
    session.add(connection)
    await session.commit()
    return connection


def test_last_months_run_back_across_the_year() -> None:
    months = last_months(date(2026, 3, 15))
    assert len(months) == 12
    assert months[0] == "2025-04"
    assert months[-1] == "2026-03"


class TestOverview:
    async def test_only_public_entries_count(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        before = await _overview(client)
        company = await make_organization(session)
        for status in DemandStatus:
            await make_demand(session, organization=company, status=status, field="semiconductor")
        for status in AchievementStatus:
            await make_achievement(session, organization=company, status=status, region="jishan")
        for status in ProjectStatus:
            await make_project(session, organization=company, status=status, field="new_energy")

        after = await _overview(client)
        grew = {k: after["figures"][k] - before["figures"][k] for k in ("demands", "achievements")}
        # published, in_progress, resolved / published, transferred: drafts and the rest never.
        assert grew == {"demands": 3, "achievements": 2}
        assert after["figures"]["projects"] - before["figures"]["projects"] == 5
        assert after["figures"]["organizations"] == before["figures"]["organizations"] + 1
        semiconductor = next(b for b in after["demands"]["by_field"] if b["key"] == "semiconductor")
        assert semiconductor["label"] == "半导体"
        assert semiconductor["count"] - _bucket(before["demands"]["by_field"], "semiconductor") == 3
        jishan = _bucket(after["achievements"]["by_region"], "jishan")
        assert jishan - _bucket(before["achievements"]["by_region"], "jishan") == 2
        months = after["demands"]["by_month"]
        assert [m["month"] for m in months] == last_months(datetime.now(CHINA).date())
        this_month = _month(months, THIS_MONTH)["count"]
        assert this_month - _month(before["demands"]["by_month"], THIS_MONTH)["count"] == 3

    async def test_months_follow_the_publication_date_in_china_time(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        company = await make_organization(session)
        months = last_months(datetime.now(CHINA).date())
        year, month = (int(p) for p in months[-3].split("-"))
        # 00:30 on the 1st in Yuncheng is still the previous month in UTC.
        first_in_china = datetime(year, month, 1, 0, 30, tzinfo=CHINA).astimezone(UTC)
        long_ago = datetime.now(UTC) - timedelta(days=800)
        before = await _overview(client)
        for published_at in (first_in_china, long_ago):
            await make_achievement(
                session,
                organization=company,
                status=AchievementStatus.PUBLISHED,
                published_at=published_at,
            )
        after = await _overview(client)
        grown = {
            m["month"]: m["count"] - _month(before["achievements"]["by_month"], m["month"])["count"]
            for m in after["achievements"]["by_month"]
        }
        assert grown[months[-3]] == 1
        assert sum(grown.values()) == 1, "entries older than twelve months are in no month"
        assert after["figures"]["achievements"] - before["figures"]["achievements"] == 2

    async def test_publishing_and_withdrawing_move_the_figures(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        actors: Actors = await sign_in_actors(client, session)
        start = (await _overview(client))["figures"]["demands"]
        demand = await published_demand(client, actors)
        assert (await _overview(client))["figures"]["demands"] == start + 1
        closed = await act_on_demand(client, demand["id"], "close", actors.owner)
        assert closed.status_code == 200, closed.text
        assert (await _overview(client))["figures"]["demands"] == start

        university = await make_organization(session, kind=OrganizationKind.UNIVERSITY)
        owner = await sign_in(client, (await make_user(session, organization=university)).email)
        achievement = await make_achievement(
            session, organization=university, status=AchievementStatus.PUBLISHED
        )
        counted = (await _overview(client))["figures"]["achievements"]
        withdrawn = await client.post(
            f"/api/v1/achievements/{achievement.id}/withdraw", headers=owner.headers
        )
        assert withdrawn.status_code == 200, withdrawn.text
        assert (await _overview(client))["figures"]["achievements"] == counted - 1

    async def test_connections_and_contract_turnover(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        before = await _overview(client)
        company = await make_organization(session)
        university = await make_organization(session, kind=OrganizationKind.UNIVERSITY)
        demand = await make_demand(session, organization=company, status=DemandStatus.PUBLISHED)
        achievement = await make_achievement(
            session, organization=university, status=AchievementStatus.PUBLISHED
        )
        months = last_months(datetime.now(CHINA).date())
        earlier = date.fromisoformat(f"{months[-2]}-15")
        await _contract(session, requester=university, target=demand, amount="1500000.50")
        await _contract(
            session, requester=company, target=achievement, amount="2000000", signed=earlier
        )
        await _contract(
            session, requester=company, target=achievement, status=ConnectionStatus.NEGOTIATING
        )
        await _contract(
            session, requester=university, target=demand, status=ConnectionStatus.CLOSED
        )

        after = await _overview(client)
        figures, was = after["figures"], before["figures"]
        assert figures["connections"] - was["connections"] == 4
        assert figures["contracts"] - was["contracts"] == 2
        turnover = Decimal(figures["contract_turnover"]) - Decimal(was["contract_turnover"])
        assert turnover == Decimal("3500000.50")
        statuses = {s["status"]: s["count"] for s in after["connections_by_status"]}
        was_statuses = {s["status"]: s["count"] for s in before["connections_by_status"]}
        assert set(statuses) == {s.value for s in ConnectionStatus}
        assert statuses["negotiating"] - was_statuses["negotiating"] == 1
        assert statuses["closed"] - was_statuses["closed"] == 1

        def grown(month: str) -> tuple[int, Decimal]:
            now = _month(after["turnover_by_month"], month)
            then = _month(before["turnover_by_month"], month)
            return now["contracts"] - then["contracts"], Decimal(now["amount"]) - Decimal(
                then["amount"]
            )

        assert grown(months[-1]) == (1, Decimal("1500000.50"))
        assert grown(months[-2]) == (1, Decimal("2000000"))


class TestLeague:
    async def test_ranked_by_outcomes_each_traceable(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        buyer = await make_organization(session, name="山西某制造企业")
        institute = await make_organization(
            session, name="镁合金研究院", kind=OrganizationKind.INSTITUTE
        )
        solver = await make_organization(
            session, name="运城某大学", kind=OrganizationKind.UNIVERSITY
        )
        boaster = await make_organization(session, name="只标记不签约的公司")

        sold = await make_achievement(
            session, organization=institute, status=AchievementStatus.TRANSFERRED
        )
        sold_contract = await _contract(session, requester=buyer, target=sold, amount="1000000")
        demand = await make_demand(session, organization=buyer, status=DemandStatus.RESOLVED)
        solved = await _contract(session, requester=solver, target=demand, amount="5000000")
        # Marked transferred, but no contract recorded: nothing a visitor could verify.
        await make_achievement(session, organization=boaster, status=AchievementStatus.TRANSFERRED)

        answer = await client.get(LEAGUE)
        assert answer.status_code == 200, answer.text
        rows = {row["organization_id"]: row for row in answer.json()["items"]}
        assert str(boaster.id) not in rows
        assert str(buyer.id) not in rows, "the buyer supplied no technology"
        first = rows[str(institute.id)]
        assert first["achievements_transferred"] == 1
        assert first["transferred_achievement_ids"] == [str(sold.id)]
        assert first["contracts"] == 1
        assert Decimal(first["contract_turnover"]) == Decimal("1000000")
        assert [r["connection_id"] for r in first["contract_records"]] == [str(sold_contract.id)]
        second = rows[str(solver.id)]
        assert second["achievements_transferred"] == 0
        assert second["contract_records"][0]["target_id"] == str(demand.id)
        assert second["contract_records"][0]["target_title"] == demand.title
        assert second["contract_records"][0]["connection_id"] == str(solved.id)
        assert first["rank"] < second["rank"]

        by_turnover = (await client.get(LEAGUE, params={"sort": "turnover"})).json()["items"]
        order = [row["organization_id"] for row in by_turnover]
        assert order.index(str(solver.id)) < order.index(str(institute.id))
