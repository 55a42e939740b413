"""Connections (对接): who may ask and answer, the lifecycle by role, the contract, and how a
connection moves its demand or achievement along, audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.connections.models import Connection, ConnectionStatus, TargetType
from techmarket.core.audit import AuditLog
from techmarket.core.outbox import OutboxEvent
from techmarket.core.principal import MembershipRole
from techmarket.demands.models import Demand, DemandStatus
from techmarket.identity.models import Organization, OrganizationKind, VerificationStatus
from tests.factories import make_achievement, make_demand, make_organization, make_user, sign_in

URL = "/api/v1/connections"
C = ConnectionStatus
TODAY = date.today().isoformat()


@dataclass
class Parties:
    """An enterprise with a demand, a university with an achievement, and onlookers."""

    enterprise: Organization
    university: Organization
    enterprise_user: dict[str, str]
    university_user: dict[str, str]
    stranger: dict[str, str]  # a third verified organisation
    reviewer: dict[str, str]
    unverified: dict[str, str]


@pytest.fixture
async def parties(client: AsyncClient, session: AsyncSession) -> Parties:
    enterprise = await make_organization(session, name="山西银光华盛镁业股份有限公司")
    university = await make_organization(session, name="运城学院", kind=OrganizationKind.UNIVERSITY)
    users = {
        "enterprise_user": await make_user(session, organization=enterprise),
        "university_user": await make_user(session, organization=university),
        "stranger": await make_user(session, organization=await make_organization(session)),
        "reviewer": await make_user(session, roles=["reviewer"]),
        "unverified": await make_user(
            session,
            organization=await make_organization(session, status=VerificationStatus.PENDING),
        ),
    }
    headers = {name: (await sign_in(client, user.email)).headers for name, user in users.items()}
    return Parties(enterprise=enterprise, university=university, **headers)


async def _request(
    client: AsyncClient, headers: dict[str, str], target: Demand | Achievement, **body: Any
) -> Response:
    target_type = "demand" if isinstance(target, Demand) else "achievement"
    request = {"target_type": target_type, "target_id": str(target.id), "message": "希望对接。"}
    return await client.post(URL, json=request | body, headers=headers)


async def _act(
    client: AsyncClient, connection_id: object, action: str, headers: dict[str, str], **body: Any
) -> Response:
    return await client.post(f"{URL}/{connection_id}/{action}", json=body or None, headers=headers)


async def _connection(
    session: AsyncSession,
    *,
    requester: Organization,
    target: Demand | Achievement,
    status: ConnectionStatus = C.REQUESTED,
) -> Connection:
    """A connection row in ``status``, made directly (the path to it is tested elsewhere)."""
    is_demand = isinstance(target, Demand)
    connection = Connection(
        status=status,
        target_type=TargetType.DEMAND if is_demand else TargetType.ACHIEVEMENT,
        demand_id=target.id if is_demand else None,
        achievement_id=None if is_demand else target.id,
        requester_organization_id=requester.id,
        owner_organization_id=target.organization_id,
        message="希望对接",
        contract_amount=Decimal("800000") if status is C.CONTRACTED else None,
        contract_date=date.today() if status is C.CONTRACTED else None,
    )
    session.add(connection)
    await session.commit()
    return connection


async def _audit_actions(session: AsyncSession, entity_id: object) -> list[str]:
    statement = (
        select(AuditLog.action).where(AuditLog.entity_id == str(entity_id)).order_by(AuditLog.id)
    )
    return list(await session.scalars(statement))


def _contract(**changes: Any) -> dict[str, Any]:
    return {"contract_amount": "1200000", "contract_date": TODAY} | changes


# Who may take each action, from which statuses, and where it leads (the brief's lifecycle).
LIFECYCLE: dict[str, tuple[frozenset[str], frozenset[C], C]] = {
    "accept": (frozenset({"owner"}), frozenset({C.REQUESTED}), C.ACCEPTED),
    "decline": (frozenset({"owner"}), frozenset({C.REQUESTED}), C.CLOSED),
    "negotiate": (frozenset({"owner", "requester"}), frozenset({C.ACCEPTED}), C.NEGOTIATING),
    "contract": (frozenset({"owner", "requester"}), frozenset({C.NEGOTIATING}), C.CONTRACTED),
    "close": (
        frozenset({"owner", "requester"}),
        frozenset({C.REQUESTED, C.ACCEPTED, C.NEGOTIATING}),
        C.CLOSED,
    ),
}
BODIES: dict[str, dict[str, Any]] = {
    "accept": {},
    "decline": {"reason": "暂无合作计划"},
    "negotiate": {},
    "contract": _contract(),
    "close": {"reason": "价格未谈拢"},
}


def _expected(role: str, status: C, action: str) -> int:
    who, sources, _ = LIFECYCLE[action]
    if role == "stranger":
        return 404
    # The owner turns a request down with decline (and a reason), not close.
    if role not in who or (action == "close" and role == "owner" and status is C.REQUESTED):
        return 403
    return 200 if status in sources else 409


class TestLifecycle:
    @pytest.mark.parametrize("role", ["requester", "owner", "stranger", "reviewer"])
    @pytest.mark.parametrize("status", list(C))
    @pytest.mark.parametrize("action", list(LIFECYCLE))
    async def test_every_cell(
        self, client: AsyncClient, session: AsyncSession, role: str, status: C, action: str
    ) -> None:
        requester = await make_organization(session)
        owner = await make_organization(session, kind=OrganizationKind.UNIVERSITY)
        achievement = await make_achievement(
            session, organization=owner, status=AchievementStatus.PUBLISHED
        )
        connection = await _connection(
            session, requester=requester, target=achievement, status=status
        )
        organization = {"requester": requester, "owner": owner, "stranger": None}.get(role)
        if role == "reviewer":
            user = await make_user(session, roles=["reviewer"])
        else:
            user = await make_user(
                session, organization=organization or await make_organization(session)
            )
        headers = (await sign_in(client, user.email)).headers

        answer = await _act(client, connection.id, action, headers, **BODIES[action])

        expected = _expected(role, status, action)
        assert answer.status_code == expected, answer.text
        actions = await _audit_actions(session, connection.id)
        if expected == 200:
            assert answer.json()["status"] == LIFECYCLE[action][2]
            assert answer.json()["role"] == role
            assert actions == [f"connection.{action}"]
        else:
            assert actions == []
            code = {403: "workflow.forbidden", 404: "connection.not_found"}.get(
                expected, "workflow.transition_not_allowed"
            )
            assert answer.json()["code"] == code

    @pytest.mark.parametrize("status", list(C))
    async def test_each_side_is_offered_exactly_what_it_may_do(
        self, client: AsyncClient, session: AsyncSession, parties: Parties, status: C
    ) -> None:
        """The workspace shows only the buttons in ``actions``: each one works, none is missing."""
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        connection = await _connection(
            session, requester=parties.university, target=demand, status=status
        )
        for role, headers in [
            ("requester", parties.university_user),
            ("owner", parties.enterprise_user),
            ("reviewer", parties.reviewer),
        ]:
            answer = await client.get(f"{URL}/{connection.id}", headers=headers)
            offered = answer.json()["actions"]
            assert offered == [a for a in LIFECYCLE if _expected(role, status, a) == 200], role
            assert answer.json()["requester_organization_name"] == "运城学院"
            assert answer.json()["owner_organization_name"] == "山西银光华盛镁业股份有限公司"

    async def test_a_demand_from_request_to_contract(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        requested = await _request(client, parties.university_user, demand)
        assert requested.status_code == 201, requested.text
        connection = requested.json()
        assert connection["status"] == "requested"
        assert connection["role"] == "requester"
        assert connection["target_type"] == "demand"
        assert connection["target_id"] == str(demand.id)
        assert connection["target_title"] == demand.title
        assert connection["owner_organization_id"] == str(parties.enterprise.id)
        cid = connection["id"]

        seen_by_owner = await client.get(f"{URL}/{cid}", headers=parties.enterprise_user)
        assert seen_by_owner.json()["role"] == "owner"

        accepted = await _act(client, cid, "accept", parties.enterprise_user)
        assert accepted.status_code == 200, accepted.text
        assert accepted.json()["accepted_at"] is not None
        demand_now = await client.get(f"/api/v1/demands/{demand.id}")
        assert demand_now.json()["status"] == "in_progress"

        negotiating = await _act(client, cid, "negotiate", parties.university_user)
        assert negotiating.json()["status"] == "negotiating"

        contracted = await _act(
            client, cid, "contract", parties.enterprise_user, **_contract(resolve_demand=True)
        )
        assert contracted.status_code == 200, contracted.text
        body = contracted.json()
        assert body["status"] == "contracted"
        assert Decimal(body["contract_amount"]) == Decimal("1200000")
        assert body["contract_date"] == TODAY
        assert body["contracted_at"] is not None
        assert (await client.get(f"/api/v1/demands/{demand.id}")).json()["status"] == "resolved"

        assert await _audit_actions(session, cid) == [
            "connection.request",
            "connection.accept",
            "connection.negotiate",
            "connection.contract",
        ]
        demand_rows = list(
            await session.scalars(
                select(AuditLog).where(AuditLog.entity_id == str(demand.id)).order_by(AuditLog.id)
            )
        )
        assert [(r.action, r.before, r.after) for r in demand_rows] == [
            ("demand.start", {"status": "published"}, {"status": "in_progress"}),
            ("demand.resolve", {"status": "in_progress"}, {"status": "resolved"}),
        ]
        assert {r.organization_id for r in demand_rows} == {parties.enterprise.id}
        contract_row = await session.scalar(
            select(AuditLog).where(
                AuditLog.entity_id == cid, AuditLog.action == "connection.contract"
            )
        )
        assert contract_row is not None
        assert Decimal(contract_row.after["contract_amount"]) == Decimal("1200000")  # type: ignore[index]
        assert contract_row.after["contract_date"] == TODAY  # type: ignore[index]
        events = list(
            await session.scalars(select(OutboxEvent.payload).where(OutboxEvent.topic == "search"))
        )
        for action in ("start", "resolve"):
            assert {"entity_type": "demand", "id": str(demand.id), "action": action} in events
        assert not [e for e in events if e["entity_type"] == "connection"]

    async def test_an_achievement_from_request_to_transfer(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        achievement = await make_achievement(
            session, organization=parties.university, status=AchievementStatus.PUBLISHED
        )
        requested = await _request(client, parties.enterprise_user, achievement)
        assert requested.status_code == 201, requested.text
        cid = requested.json()["id"]
        assert (await _act(client, cid, "accept", parties.university_user)).status_code == 200
        url = f"/api/v1/achievements/{achievement.id}"
        assert (await client.get(url)).json()["status"] == "published"
        assert (await _act(client, cid, "negotiate", parties.enterprise_user)).status_code == 200

        contracted = await _act(
            client, cid, "contract", parties.university_user, **_contract(mark_transferred=True)
        )
        assert contracted.status_code == 200, contracted.text
        assert (await client.get(url)).json()["status"] == "transferred"
        assert await _audit_actions(session, achievement.id) == ["achievement.mark_transferred"]

    async def test_the_requester_cannot_resolve_the_owners_demand(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.IN_PROGRESS
        )
        connection = await _connection(
            session, requester=parties.university, target=demand, status=C.NEGOTIATING
        )
        refused = await _act(
            client,
            connection.id,
            "contract",
            parties.university_user,
            **_contract(resolve_demand=True),
        )
        assert refused.status_code == 403
        assert refused.json()["code"] == "workflow.forbidden"
        assert "demand" in refused.json()["detail"]
        stored = await session.scalar(select(Connection).where(Connection.id == connection.id))
        assert stored is not None
        assert stored.status is C.NEGOTIATING
        assert stored.contract_amount is None
        assert await _audit_actions(session, connection.id) == []

        plain = await _act(
            client, connection.id, "contract", parties.university_user, **_contract()
        )
        assert plain.status_code == 200
        demand_now = await client.get(f"/api/v1/demands/{demand.id}")
        assert demand_now.json()["status"] == "in_progress"

    async def test_a_demand_in_progress_takes_more_connections_and_starts_once(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        first = (await _request(client, parties.university_user, demand)).json()
        assert (
            await _act(client, first["id"], "accept", parties.enterprise_user)
        ).status_code == 200
        second = await _request(client, parties.stranger, demand)
        assert second.status_code == 201, second.text
        accepted = await _act(client, second.json()["id"], "accept", parties.enterprise_user)
        assert accepted.status_code == 200
        assert await _audit_actions(session, demand.id) == ["demand.start"]

    async def test_accepting_needs_the_entry_still_on_the_market(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        achievement = await make_achievement(
            session, organization=parties.university, status=AchievementStatus.WITHDRAWN
        )
        connection = await _connection(session, requester=parties.enterprise, target=achievement)
        refused = await _act(client, connection.id, "accept", parties.university_user)
        assert refused.status_code == 409
        assert "withdrawn" in refused.json()["detail"]
        declined = await _act(
            client, connection.id, "decline", parties.university_user, reason="成果已下架"
        )
        assert declined.status_code == 200
        assert declined.json()["status"] == "closed"
        assert declined.json()["close_reason"] == "成果已下架"
        assert declined.json()["closed_at"] is not None

    async def test_declining_needs_a_reason(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        connection = await _connection(session, requester=parties.university, target=demand)
        for body in ({}, {"reason": "   "}):
            answer = await _act(client, connection.id, "decline", parties.enterprise_user, **body)
            assert answer.status_code == 422
            assert answer.json()["code"] == "workflow.reason_required"
        # The requester gives up without one.
        closed = await _act(client, connection.id, "close", parties.university_user)
        assert closed.status_code == 200
        assert closed.json()["close_reason"] is None


class TestRequest:
    async def test_not_to_ones_own_entry(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        colleague = await make_user(
            session, organization=parties.enterprise, membership=MembershipRole.MEMBER
        )
        for headers in (parties.enterprise_user, (await sign_in(client, colleague.email)).headers):
            answer = await _request(client, headers, demand)
            assert answer.status_code == 422
            assert answer.json()["code"] == "connection.own_entry"
            assert answer.json()["fields"][0]["field"] == "body.target_id"

    async def test_one_open_connection_per_organisation_and_entry(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        achievement = await make_achievement(
            session, organization=parties.university, status=AchievementStatus.PUBLISHED
        )
        first = await _request(client, parties.enterprise_user, achievement)
        assert first.status_code == 201
        again = await _request(client, parties.enterprise_user, achievement)
        assert again.status_code == 409
        assert again.json()["code"] == "connection.duplicate"
        assert again.json()["connection_id"] == first.json()["id"]

        await _act(client, first.json()["id"], "close", parties.enterprise_user)
        assert (await _request(client, parties.enterprise_user, achievement)).status_code == 201

    async def test_only_published_entries_take_requests(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        for status, expected, code in [
            (DemandStatus.DRAFT, 404, "demand.not_found"),
            (DemandStatus.PENDING_REVIEW, 404, "demand.not_found"),
            (DemandStatus.CLOSED, 404, "demand.not_found"),
            (DemandStatus.RESOLVED, 409, "connection.target_not_open"),
            (DemandStatus.IN_PROGRESS, 201, None),
            (DemandStatus.PUBLISHED, 201, None),
        ]:
            demand = await make_demand(session, organization=parties.enterprise, status=status)
            answer = await _request(client, parties.university_user, demand)
            assert answer.status_code == expected, status
            if code:
                assert answer.json()["code"] == code
        for status, expected, code in [
            (AchievementStatus.DRAFT, 404, "achievement.not_found"),
            (AchievementStatus.WITHDRAWN, 404, "achievement.not_found"),
            (AchievementStatus.TRANSFERRED, 409, "connection.target_not_open"),
            (AchievementStatus.PUBLISHED, 201, None),
        ]:
            achievement = await make_achievement(
                session, organization=parties.university, status=status
            )
            answer = await _request(client, parties.enterprise_user, achievement)
            assert answer.status_code == expected, status
            if code:
                assert answer.json()["code"] == code

    async def test_only_users_of_verified_organisations_ask(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        key = await client.post(
            f"/api/v1/organizations/{parties.university.id}/api-keys",
            json={"name": "对接系统", "scopes": ["read", "achievements:write", "demands:write"]},
            headers=parties.university_user,
        )
        for headers, expected, code in [
            (parties.unverified, 403, "organization.not_verified"),
            (parties.reviewer, 403, "auth.forbidden"),  # staff act for no organisation
            ({"X-API-Key": key.json()["key"]}, 403, "auth.forbidden"),
            ({}, 401, "auth.not_authenticated"),
        ]:
            answer = await _request(client, headers, demand)
            assert answer.status_code == expected, headers
            assert answer.json()["code"] == code
        assert list(await session.scalars(select(Connection.id))) == []

    @pytest.mark.parametrize(
        ("body", "field", "says"),
        [
            ({"message": "对" * 5_001}, "body.message", "at most 5000 characters"),
            ({"message": "   "}, "body.message", "at least 1 character"),
            ({"target_type": "project"}, "body.target_type", "'demand' or 'achievement'"),
            ({"target_id": "42"}, "body.target_id", "UUID"),
        ],
    )
    async def test_bad_input_names_the_field(
        self,
        client: AsyncClient,
        session: AsyncSession,
        parties: Parties,
        body: dict[str, Any],
        field: str,
        says: str,
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        answer = await _request(client, parties.university_user, demand, **body)
        assert answer.status_code == 422
        [error] = answer.json()["fields"]
        assert error["field"] == field
        assert says in error["message"]


class TestContract:
    @pytest.mark.parametrize(
        ("body", "status", "field", "code"),
        [
            ({"contract_date": TODAY}, 422, "body.contract_amount", "request.validation_failed"),
            ({"contract_amount": "100"}, 422, "body.contract_date", "request.validation_failed"),
            (_contract(contract_amount="0"), 422, "body.contract_amount", None),
            (_contract(contract_amount="-500"), 422, "body.contract_amount", None),
            (_contract(contract_amount="100000000001"), 422, "body.contract_amount", None),
            (
                _contract(contract_date=(date.today() + timedelta(days=1)).isoformat()),
                422,
                "body.contract_date",
                "connection.contract_date_in_the_future",
            ),
            (_contract(mark_transferred=True), 422, "body.mark_transferred", None),
        ],
    )
    async def test_refused_and_nothing_recorded(
        self,
        client: AsyncClient,
        session: AsyncSession,
        parties: Parties,
        body: dict[str, Any],
        status: int,
        field: str,
        code: str | None,
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.IN_PROGRESS
        )
        connection = await _connection(
            session, requester=parties.university, target=demand, status=C.NEGOTIATING
        )
        answer = await _act(client, connection.id, "contract", parties.enterprise_user, **body)
        assert answer.status_code == status, answer.text
        assert answer.json()["fields"][0]["field"] == field
        if code:
            assert answer.json()["code"] == code
        assert await _audit_actions(session, connection.id) == []

    async def test_resolve_demand_is_for_demands_only(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        achievement = await make_achievement(
            session, organization=parties.university, status=AchievementStatus.PUBLISHED
        )
        connection = await _connection(
            session, requester=parties.enterprise, target=achievement, status=C.NEGOTIATING
        )
        answer = await _act(
            client,
            connection.id,
            "contract",
            parties.university_user,
            **_contract(resolve_demand=True),
        )
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.resolve_demand"

    async def test_contract_terms_only_with_the_contract(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        connection = await _connection(session, requester=parties.university, target=demand)
        answer = await _act(
            client, connection.id, "accept", parties.enterprise_user, contract_amount="100"
        )
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.contract_amount"
        demand_now = await client.get(f"/api/v1/demands/{demand.id}")
        assert demand_now.json()["status"] == "published"


class TestVisibility:
    async def test_each_party_sees_its_own_and_staff_see_all(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        connection = await _connection(session, requester=parties.university, target=demand)
        url = f"{URL}/{connection.id}"
        for headers, expected, role in [
            (parties.university_user, 200, "requester"),
            (parties.enterprise_user, 200, "owner"),
            (parties.reviewer, 200, None),
            (parties.stranger, 404, None),
            (parties.unverified, 404, None),
        ]:
            answer = await client.get(url, headers=headers)
            assert answer.status_code == expected
            if expected == 200:
                assert answer.json()["role"] == role
        assert (await client.get(url)).status_code == 401

        async def listed(headers: dict[str, str], **params: Any) -> list[str]:
            answer = await client.get(URL, params=params, headers=headers)
            assert answer.status_code == 200, answer.text
            return [item["id"] for item in answer.json()["items"]]

        mine = [str(connection.id)]
        assert await listed(parties.university_user) == mine
        assert await listed(parties.university_user, role="requester") == mine
        assert await listed(parties.university_user, role="owner") == []
        assert await listed(parties.enterprise_user, role="owner") == mine
        assert await listed(parties.enterprise_user, status="accepted") == []
        assert await listed(parties.enterprise_user, target_type="achievement") == []
        assert await listed(parties.enterprise_user, target_type="demand") == mine
        assert await listed(parties.stranger) == []
        assert await listed(parties.reviewer) == mine

    async def test_an_entrys_connections(
        self, client: AsyncClient, session: AsyncSession, parties: Parties
    ) -> None:
        demand = await make_demand(
            session, organization=parties.enterprise, status=DemandStatus.PUBLISHED
        )
        third = await make_organization(session)
        ours = await _connection(session, requester=parties.university, target=demand)
        theirs = await _connection(session, requester=third, target=demand, status=C.CLOSED)
        url = f"/api/v1/demands/{demand.id}/connections"

        async def listed(headers: dict[str, str], **params: Any) -> set[str]:
            answer = await client.get(url, params=params, headers=headers)
            assert answer.status_code == 200, answer.text
            return {item["id"] for item in answer.json()["items"]}

        both = {str(ours.id), str(theirs.id)}
        assert await listed(parties.enterprise_user) == both
        assert await listed(parties.reviewer) == both
        assert await listed(parties.enterprise_user, status="closed") == {str(theirs.id)}
        assert await listed(parties.university_user) == {str(ours.id)}
        assert await listed(parties.stranger) == set()
        assert (await client.get(url)).status_code == 401

        page = await client.get(url, params={"limit": 1}, headers=parties.enterprise_user)
        assert len(page.json()["items"]) == 1
        rest = await client.get(
            url,
            params={"limit": 1, "cursor": page.json()["next_cursor"]},
            headers=parties.enterprise_user,
        )
        assert {page.json()["items"][0]["id"], rest.json()["items"][0]["id"]} == both
        assert rest.json()["next_cursor"] is None

        draft = await make_demand(session, organization=parties.enterprise)
        hidden = await client.get(
            f"/api/v1/demands/{draft.id}/connections", headers=parties.stranger
        )
        assert hidden.status_code == 404
        assert hidden.json()["code"] == "demand.not_found"

        achievement = await make_achievement(
            session, organization=parties.university, status=AchievementStatus.PUBLISHED
        )
        asked = await _connection(session, requester=parties.enterprise, target=achievement)
        answer = await client.get(
            f"/api/v1/achievements/{achievement.id}/connections", headers=parties.university_user
        )
        assert [item["id"] for item in answer.json()["items"]] == [str(asked.id)]
        assert answer.json()["items"][0]["target_title"] == achievement.title
