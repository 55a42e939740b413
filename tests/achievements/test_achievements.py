"""Achievements (科技成果): the review lifecycle by role, who sees what, safe edits, bad input."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import AchievementStatus
from techmarket.core.audit import AuditLog
from techmarket.core.outbox import OutboxEvent
from techmarket.core.principal import MembershipRole
from techmarket.identity.models import Organization, OrganizationKind, VerificationStatus
from tests.factories import make_achievement, make_organization, make_user, sign_in

URL = "/api/v1/achievements"
S = AchievementStatus


def achievement_body(**changes: Any) -> dict[str, Any]:
    return {
        "title": "高强韧镁合金真空压铸技术",
        "abstract": "采用真空压铸与稀土微合金化，铸件抗拉强度 ≥ 300 MPa。",
        "field": "special_metal",
        "region": "yanhu",
        "maturity": "pilot",
        "trl": 6,
        "ip_type": "invention_patent",
        "ip_numbers": ["ZL202310000001.X"],
        "transfer_modes": ["transfer", "license"],
        "asking_price": "2000000",
        "inventors": ["王教授", "李工"],
        "registration_number": "2026SX000123",
        "contact_name": "王教授",
        "contact_phone": "0359-2090000",
        "contact_email": "tech@example.cn",
        "keywords": ["镁合金", "压铸"],
    } | changes


@dataclass
class Actors:
    """The people of the visibility matrix, signed in, and the owner's organisation."""

    university: Organization
    owner: dict[str, str]
    colleague: dict[str, str]
    other: dict[str, str]
    unverified: dict[str, str]
    reviewer: dict[str, str]


@pytest.fixture
async def actors(client: AsyncClient, session: AsyncSession) -> Actors:
    university = await make_organization(session, name="运城学院", kind=OrganizationKind.UNIVERSITY)
    owner = await make_user(session, organization=university)
    colleague = await make_user(session, organization=university, membership=MembershipRole.MEMBER)
    other = await make_user(session, organization=await make_organization(session))
    pending = await make_organization(session, status=VerificationStatus.PENDING)
    unverified = await make_user(session, organization=pending)
    reviewer = await make_user(session, roles=["reviewer"])
    people = {}
    for name, user in [("owner", owner), ("colleague", colleague), ("other", other),
                       ("unverified", unverified), ("reviewer", reviewer)]:  # fmt: skip
        people[name] = (await sign_in(client, user.email)).headers
    return Actors(university=university, **people)


async def _create(client: AsyncClient, headers: dict[str, str], **changes: Any) -> dict[str, Any]:
    answer = await client.post(URL, json=achievement_body(**changes), headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def _act(
    client: AsyncClient, achievement_id: object, action: str, headers: dict[str, str], **body: Any
) -> Response:
    return await client.post(f"{URL}/{achievement_id}/{action}", json=body or None, headers=headers)


async def _api_key(
    client: AsyncClient, organization: Organization, owner: dict[str, str], *scopes: str
) -> dict[str, str]:
    answer = await client.post(
        f"/api/v1/organizations/{organization.id}/api-keys",
        json={"name": "成果管理系统", "scopes": list(scopes)},
        headers=owner,
    )
    assert answer.status_code == 201, answer.text
    return {"X-API-Key": answer.json()["key"]}


# Who may take each action, from which statuses, and where it leads (the brief's lifecycle).
LIFECYCLE: dict[str, tuple[frozenset[str], frozenset[S], S]] = {
    "submit": (frozenset({"owner"}), frozenset({S.DRAFT, S.REJECTED}), S.PENDING_REVIEW),
    "recall": (frozenset({"owner"}), frozenset({S.PENDING_REVIEW}), S.DRAFT),
    "approve": (frozenset({"reviewer"}), frozenset({S.PENDING_REVIEW}), S.PUBLISHED),
    "reject": (frozenset({"reviewer"}), frozenset({S.PENDING_REVIEW}), S.REJECTED),
    "withdraw": (frozenset({"owner", "reviewer"}), frozenset({S.PUBLISHED}), S.WITHDRAWN),
    "mark_transferred": (frozenset({"owner"}), frozenset({S.PUBLISHED}), S.TRANSFERRED),
}
VISIBLE_TO = {
    "owner": frozenset(S),
    "other": frozenset({S.PUBLISHED, S.TRANSFERRED}),
    "reviewer": frozenset(S) - {S.DRAFT},
}


def _expected(role: str, status: S, action: str) -> int:
    who, sources, _ = LIFECYCLE[action]
    if status not in VISIBLE_TO[role]:
        return 404
    if role not in who:
        return 403
    return 200 if status in sources else 409


class TestLifecycle:
    @pytest.mark.parametrize("role", ["owner", "other", "reviewer"])
    @pytest.mark.parametrize("status", list(S))
    @pytest.mark.parametrize("action", list(LIFECYCLE))
    async def test_every_cell(
        self,
        client: AsyncClient,
        session: AsyncSession,
        role: str,
        status: S,
        action: str,
    ) -> None:
        university = await make_organization(session, kind=OrganizationKind.UNIVERSITY)
        achievement = await make_achievement(session, organization=university, status=status)
        if role == "owner":
            user = await make_user(session, organization=university)
        elif role == "other":
            user = await make_user(session, organization=await make_organization(session))
        else:
            user = await make_user(session, roles=["reviewer"])
        headers = (await sign_in(client, user.email)).headers

        answer = await _act(client, achievement.id, action, headers, reason="材料不全")

        expected = _expected(role, status, action)
        assert answer.status_code == expected, answer.text
        stored = await session.scalar(
            select(AuditLog).where(
                AuditLog.entity_id == str(achievement.id),
                AuditLog.action == f"achievement.{action}",
            )
        )
        if expected == 200:
            target = LIFECYCLE[action][2]
            assert answer.json()["status"] == target
            assert stored is not None
            assert stored.before == {"status": status.value}
            assert stored.actor_user_id == user.id
            assert stored.organization_id == university.id
        else:
            assert stored is None
            code = {403: "workflow.forbidden", 404: "achievement.not_found"}.get(
                expected, "workflow.transition_not_allowed"
            )
            assert answer.json()["code"] == code

    async def test_review_round_trip_keeps_the_reason_and_publishes(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        created = await _create(client, actors.owner)
        assert created["status"] == "draft"
        assert (await _act(client, created["id"], "submit", actors.owner)).status_code == 200

        refused = await _act(client, created["id"], "reject", actors.reviewer, reason="  ")
        assert refused.status_code == 422
        assert refused.json()["code"] == "workflow.reason_required"
        rejected = await _act(
            client, created["id"], "reject", actors.reviewer, reason="知识产权证明缺失"
        )
        assert rejected.json()["status"] == "rejected"
        assert rejected.json()["rejection_reason"] == "知识产权证明缺失"

        assert (await _act(client, created["id"], "submit", actors.colleague)).status_code == 200
        approved = (await _act(client, created["id"], "approve", actors.reviewer)).json()
        assert approved["status"] == "published"
        assert approved["rejection_reason"] is None
        assert approved["published_at"] is not None

        actions = list(
            await session.scalars(
                select(AuditLog.action)
                .where(AuditLog.entity_id == created["id"])
                .order_by(AuditLog.id)
            )
        )
        assert actions == [
            "achievement.create",
            "achievement.submit",
            "achievement.reject",
            "achievement.submit",
            "achievement.approve",
        ]
        events = list(
            await session.scalars(select(OutboxEvent.payload).where(OutboxEvent.topic == "search"))
        )
        assert {"entity_type": "achievement", "id": created["id"], "action": "approve"} in events

    async def test_unverified_organisation_keeps_drafts_but_cannot_submit(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        created = await _create(client, actors.unverified)
        answer = await _act(client, created["id"], "submit", actors.unverified)
        assert answer.status_code == 403
        assert answer.json()["code"] == "organization.not_verified"

    async def test_maturity_or_trl_is_needed_to_submit(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        created = await _create(client, actors.owner, maturity=None, trl=None)
        answer = await _act(client, created["id"], "submit", actors.owner)
        assert answer.status_code == 409
        assert "maturity or the TRL" in answer.json()["detail"]
        trl_only = await _create(client, actors.owner, maturity=None, trl=4)
        assert (await _act(client, trl_only["id"], "submit", actors.owner)).status_code == 200

    async def test_anonymous_callers_change_nothing(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        achievement = await make_achievement(
            session, organization=actors.university, status=S.PUBLISHED
        )
        for answer in [
            await client.post(URL, json=achievement_body()),
            await _act(client, achievement.id, "withdraw", {}),
            await client.patch(
                f"{URL}/{achievement.id}", json={"title": "新名称"}, headers={"If-Match": "1"}
            ),
        ]:
            assert answer.status_code == 401
            assert answer.json()["code"] == "auth.not_authenticated"


class TestApiKeys:
    async def test_a_key_with_the_scope_acts_for_its_organisation(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        key = await _api_key(client, actors.university, actors.owner, "achievements:write")
        created = await _create(client, key)
        assert created["organization_id"] == str(actors.university.id)
        assert created["author_id"] is None
        submitted = await _act(client, created["id"], "submit", key)
        assert submitted.status_code == 200, submitted.text
        approve = await _act(client, created["id"], "approve", key)
        assert approve.status_code == 403
        assert approve.json()["code"] == "workflow.forbidden"

    async def test_a_key_without_the_scope_is_refused(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        key = await _api_key(client, actors.university, actors.owner, "read", "demands:write")
        draft = await make_achievement(session, organization=actors.university)
        for answer in [
            await client.post(URL, json=achievement_body(), headers=key),
            await _act(client, draft.id, "submit", key),
            await client.patch(
                f"{URL}/{draft.id}", json={"title": "新名称"}, headers=key | {"If-Match": "1"}
            ),
        ]:
            assert answer.status_code == 403
            assert answer.json()["code"] == "auth.scope_missing"
        # Reading needs no key at all; a read key sees what the organisation sees.
        own = await client.get(f"{URL}/{draft.id}", headers=key)
        assert own.status_code == 200
        assert own.json()["contact"]["phone"] == "0359-2090000"


class TestVisibility:
    async def test_matrix(self, client: AsyncClient, session: AsyncSession, actors: Actors) -> None:
        made = {
            status: await make_achievement(session, organization=actors.university, status=status)
            for status in S
        }
        ids = {status: str(achievement.id) for status, achievement in made.items()}
        expected_lists = {
            "public": {S.PUBLISHED, S.TRANSFERRED},
            "other": {S.PUBLISHED, S.TRANSFERRED},
            "owner": set(S),
            "reviewer": set(S) - {S.DRAFT},
        }
        for who, headers in [
            ("public", {}),
            ("other", actors.other),
            ("owner", actors.owner),
            ("reviewer", actors.reviewer),
        ]:
            answer = await client.get(URL, params={"limit": 100}, headers=headers)
            seen = {item["id"] for item in answer.json()["items"]}
            assert seen & set(ids.values()) == {ids[s] for s in expected_lists[who]}, who
            for status, achievement_id in ids.items():
                one = await client.get(f"{URL}/{achievement_id}", headers=headers)
                assert one.status_code == (200 if status in expected_lists[who] else 404), (
                    who,
                    status,
                )

    async def test_contact_only_for_signed_in_users_of_verified_organisations(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        published = await make_achievement(
            session, organization=actors.university, status=S.PUBLISHED
        )
        url = f"{URL}/{published.id}"
        read_key = await _api_key(client, actors.university, actors.owner, "read")
        other_org = await make_organization(session)
        other_owner = await sign_in(
            client, (await make_user(session, organization=other_org)).email
        )
        other_key = await _api_key(client, other_org, other_owner.headers, "read")
        for who, headers, sees in [
            ("anonymous", {}, False),
            ("unverified", actors.unverified, False),
            ("another organisation's key", other_key, False),
            ("other", actors.other, True),
            ("reviewer", actors.reviewer, True),
            ("owner", actors.owner, True),
            ("owner's key", read_key, True),
        ]:
            contact = (await client.get(url, headers=headers)).json()["contact"]
            if sees:
                assert contact == {
                    "name": "王教授",
                    "phone": "0359-2090000",
                    "email": "tech@example.cn",
                }, who
            else:
                assert contact is None, who
        listed = (await client.get(URL, params={"limit": 100})).json()["items"]
        assert all(item["contact"] is None for item in listed)


class TestFilters:
    async def test_filters_and_sorting(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        # One transaction has one now(): creation times are given, a minute apart.
        start = datetime.now(UTC) - timedelta(hours=1)
        minutes = iter(range(10))

        def make(organization: Organization = actors.university, **values: Any) -> Any:
            values.setdefault("status", S.PUBLISHED)
            created_at = start + timedelta(minutes=next(minutes))
            return make_achievement(
                session, organization=organization, created_at=created_at, **values
            )

        licence = await make(transfer_modes=["license"], asking_price=500_000, maturity="research")
        equity = await make(transfer_modes=["equity", "transfer"], asking_price=3_000_000)
        free = await make(transfer_modes=["joint_development"], field="semiconductor")
        transferred = await make(status=S.TRANSFERRED)
        elsewhere = await make(organization=await make_organization(session))

        async def ids(**params: Any) -> list[str]:
            answer = await client.get(URL, params={"limit": 100, **params})
            assert answer.status_code == 200, answer.text
            return [item["id"] for item in answer.json()["items"]]

        assert await ids(transfer_mode="transfer") == [
            str(elsewhere.id),
            str(transferred.id),
            str(equity.id),
        ]
        assert await ids(maturity="research") == [str(licence.id)]
        assert await ids(field="semiconductor") == [str(free.id)]
        assert await ids(price_min="1000000") == [str(equity.id)]
        assert await ids(price_max="1000000") == [str(licence.id)]
        assert await ids(status="transferred") == [str(transferred.id)]
        assert str(elsewhere.id) not in await ids(organization_id=str(actors.university.id))
        assert len(await ids(organization_id=str(actors.university.id))) == 4
        middle = (start + timedelta(minutes=1, seconds=30)).isoformat()
        assert await ids(created_until=middle) == [str(equity.id), str(licence.id)]
        assert str(licence.id) not in await ids(created_from=middle)
        oldest = await ids(sort="created_at")
        assert oldest == list(reversed(await ids()))
        assert (await client.get(URL, params={"sort": "title"})).status_code == 422

    async def test_pages(self, client: AsyncClient, session: AsyncSession, actors: Actors) -> None:
        for _ in range(3):
            await make_achievement(session, organization=actors.university, status=S.PUBLISHED)
        params: dict[str, Any] = {"limit": 2, "organization_id": str(actors.university.id)}
        first = (await client.get(URL, params=params)).json()
        assert len(first["items"]) == 2
        assert first["next_cursor"]
        second = (await client.get(URL, params=params | {"cursor": first["next_cursor"]})).json()
        assert len(second["items"]) == 1
        assert second["next_cursor"] is None
        assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])


class TestUpdates:
    async def test_if_match_is_required_and_stale_versions_change_nothing(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        created = await _create(client, actors.owner)
        url = f"{URL}/{created['id']}"

        missing = await client.patch(url, json={"title": "新名称"}, headers=actors.owner)
        assert missing.status_code == 428
        assert missing.json()["code"] == "precondition.required"

        read = await client.get(url, headers=actors.owner)
        assert read.headers["ETag"] == '"1"'
        changed = await client.patch(
            url, json={"title": "镁合金真空压铸新工艺"}, headers=actors.owner | {"If-Match": '"1"'}
        )
        assert changed.status_code == 200, changed.text
        assert changed.headers["ETag"] == '"2"'
        assert changed.json()["version"] == 2

        stale = await client.patch(
            url, json={"title": "被覆盖的名称"}, headers=actors.colleague | {"If-Match": '"1"'}
        )
        assert stale.status_code == 412
        assert stale.json()["code"] == "precondition.failed"
        assert stale.json()["current_version"] == 2
        assert (await client.get(url, headers=actors.owner)).json()[
            "title"
        ] == "镁合金真空压铸新工艺"

    async def test_what_each_status_lets_the_owner_change(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        async def patch(achievement: Any, body: dict[str, Any]) -> Response:
            return await client.patch(
                f"{URL}/{achievement.id}", json=body, headers=actors.owner | {"If-Match": "1"}
            )

        rejected = await make_achievement(
            session, organization=actors.university, status=S.REJECTED
        )
        assert (await patch(rejected, {"asking_price": "100"})).status_code == 200

        published = await make_achievement(
            session, organization=actors.university, status=S.PUBLISHED
        )
        locked = await patch(published, {"title": "改名", "contact_phone": "13900002222"})
        assert locked.status_code == 409
        assert locked.json()["code"] == "achievement.not_editable"
        assert "title" in locked.json()["detail"]
        contact = await patch(published, {"contact_phone": "13900002222"})
        assert contact.status_code == 200
        assert contact.json()["contact"]["phone"] == "13900002222"

        for status in (S.PENDING_REVIEW, S.TRANSFERRED, S.WITHDRAWN):
            entry = await make_achievement(session, organization=actors.university, status=status)
            answer = await patch(entry, {"contact_phone": "13900002222"})
            assert answer.status_code == 409, status
            assert answer.json()["current_status"] == status

    async def test_others_cannot_change_it(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        published = await make_achievement(
            session, organization=actors.university, status=S.PUBLISHED
        )
        draft = await make_achievement(session, organization=actors.university)
        for headers, achievement, expected in [
            (actors.other, published, 403),
            (actors.reviewer, published, 403),
            (actors.other, draft, 404),
        ]:
            answer = await client.patch(
                f"{URL}/{achievement.id}",
                json={"contact_phone": "13900002222"},
                headers=headers | {"If-Match": "1"},
            )
            assert answer.status_code == expected

    async def test_an_update_keeps_the_entry_whole(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        created = await _create(client, actors.owner)
        url = f"{URL}/{created['id']}"
        for body, field in [
            ({"title": None}, "body.title"),
            ({"transfer_modes": []}, "body.transfer_modes"),
            ({"inventors": None}, "body.inventors"),
            ({"price_negotiable": None}, "body.price_negotiable"),
            ({"maturity": "ripe"}, "body.maturity"),
        ]:
            answer = await client.patch(url, json=body, headers=actors.owner | {"If-Match": "1"})
            assert answer.status_code == 422, body
            assert answer.json()["fields"][0]["field"] == field
        cleared = await client.patch(
            url, json={"maturity": None, "asking_price": None, "price_negotiable": True},
            headers=actors.owner | {"If-Match": "1"},
        )  # fmt: skip
        assert cleared.status_code == 200, cleared.text
        assert cleared.json()["maturity"] is None
        assert cleared.json()["price_negotiable"] is True


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field", "says"),
        [
            ({"maturity": "ripe"}, "body.maturity", "unknown maturity: ripe"),
            ({"ip_type": "trade_secret"}, "body.ip_type", "unknown ip_type"),
            ({"transfer_modes": ["license", "gift"]}, "body.transfer_modes", "gift"),
            ({"field": "astrology"}, "body.field", "unknown field"),
            ({"region": "atlantis"}, "body.region", "unknown region"),
            ({"transfer_modes": []}, "body.transfer_modes", "at least 1"),
            ({"asking_price": "-1"}, "body.asking_price", "greater than or equal to 0"),
            ({"asking_price": "100000000001"}, "body.asking_price", "100000000000"),
            ({"asking_price": "1e15"}, "body.asking_price", "14 digits"),
            ({"trl": 10}, "body.trl", "less than or equal to 9"),
            ({"trl": 0}, "body.trl", "greater than or equal to 1"),
            ({"abstract": "成" * 20_001}, "body.abstract", "at most 20000 characters"),
            ({"title": "成" * 201}, "body.title", "at most 200 characters"),
            ({"registration_number": "X" * 51}, "body.registration_number", "at most 50"),
            ({"ip_numbers": [f"ZL{i}" for i in range(21)]}, "body.ip_numbers", "at most 20"),
            ({"inventors": [f"完成人{i}" for i in range(31)]}, "body.inventors", "at most 30"),
            ({"contact_email": "not-an-email"}, "body.contact_email", "email"),
        ],
    )
    async def test_refused_naming_the_field(
        self,
        client: AsyncClient,
        actors: Actors,
        changes: dict[str, Any],
        field: str,
        says: str,
    ) -> None:
        answer = await client.post(URL, json=achievement_body(**changes), headers=actors.owner)
        assert answer.status_code == 422, answer.text
        [error] = [f for f in answer.json()["fields"] if f["field"].startswith(field)]
        assert says in error["message"]

    async def test_unknown_action_and_missing_entry(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        created = await _create(client, actors.owner)
        assert (await _act(client, created["id"], "sell", actors.owner)).status_code == 422
        missing = await client.get(f"{URL}/00000000-0000-4000-8000-000000000000")
        assert missing.status_code == 404
        assert missing.json()["code"] == "achievement.not_found"
