"""Demands: the review lifecycle by role, who sees what, and safe concurrent edits."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.demands.models import Demand
from tests.entries import Actors, act_on_demand, create_demand, demand_body, published_demand


class TestLifecycle:
    async def test_draft_review_publish_and_resolve(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        demand = await create_demand(client, actors.owner)
        assert demand["status"] == "draft"
        assert demand["contact"]["name"] == "张工"
        submitted = (await act_on_demand(client, demand["id"], "submit", actors.owner)).json()
        assert submitted["status"] == "pending_review"
        approved = (await act_on_demand(client, demand["id"], "approve", actors.reviewer)).json()
        assert approved["status"] == "published"
        assert approved["published_at"] is not None
        assert (await act_on_demand(client, demand["id"], "start", actors.owner)).json()[
            "status"
        ] == "in_progress"
        assert (await act_on_demand(client, demand["id"], "resolve", actors.owner)).json()[
            "status"
        ] == "resolved"

        actions = list(
            await session.scalars(
                select(AuditLog.action)
                .where(AuditLog.entity_id == demand["id"])
                .order_by(AuditLog.id)
            )
        )
        assert actions == [
            "demand.create",
            "demand.submit",
            "demand.approve",
            "demand.start",
            "demand.resolve",
        ]

    async def test_rejection_goes_back_with_the_reason_and_can_be_resubmitted(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        demand = await create_demand(client, actors.owner)
        await act_on_demand(client, demand["id"], "submit", actors.owner)
        no_reason = await act_on_demand(client, demand["id"], "reject", actors.reviewer)
        assert no_reason.status_code == 422
        assert no_reason.json()["code"] == "workflow.reason_required"
        rejected = await act_on_demand(
            client, demand["id"], "reject", actors.reviewer, reason="技术指标不够具体"
        )
        assert rejected.json()["status"] == "rejected"
        mine = (await client.get(f"/api/v1/demands/{demand['id']}", headers=actors.owner)).json()
        assert mine["rejection_reason"] == "技术指标不够具体"
        assert (await act_on_demand(client, demand["id"], "submit", actors.owner)).json()[
            "status"
        ] == "pending_review"

    @pytest.mark.parametrize(
        ("action", "who", "expected"),
        [
            ("submit", "other", 404),  # another organisation does not even see the draft
            ("submit", "colleague", 200),  # any member acts for the organisation
            ("approve", "owner", 403),  # owners never approve, whatever the status
            ("approve", "reviewer", 404),  # staff do not see drafts
            ("start", "owner", 409),
            ("close", "owner", 200),
        ],
    )
    async def test_who_may_act_on_a_draft(
        self, client: AsyncClient, actors: Actors, action: str, who: str, expected: int
    ) -> None:
        demand = await create_demand(client, actors.owner)
        answer = await act_on_demand(client, demand["id"], action, getattr(actors, who))
        assert answer.status_code == expected, answer.text
        if expected == 409:
            assert answer.json()["code"] == "workflow.transition_not_allowed"
            assert answer.json()["current_status"] == "draft"

    async def test_only_staff_approve_and_owners_cannot(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        demand = await create_demand(client, actors.owner)
        await act_on_demand(client, demand["id"], "submit", actors.owner)
        answer = await act_on_demand(client, demand["id"], "approve", actors.owner)
        assert answer.status_code == 403
        assert answer.json()["code"] == "workflow.forbidden"
        assert (await act_on_demand(client, demand["id"], "approve", {})).status_code == 401

    async def test_unverified_organisation_keeps_drafts_but_cannot_submit(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        demand = await create_demand(client, actors.unverified)
        answer = await act_on_demand(client, demand["id"], "submit", actors.unverified)
        assert answer.status_code == 403
        assert answer.json()["code"] == "organization.not_verified"

    async def test_expired_validity_blocks_submission(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        demand = await create_demand(client, actors.owner)
        await session.execute(
            Demand.__table__.update()  # type: ignore[attr-defined]
            .where(Demand.id == demand["id"])
            .values(valid_until=date.today() - timedelta(days=1))
        )
        await session.commit()
        answer = await act_on_demand(client, demand["id"], "submit", actors.owner)
        assert answer.status_code == 409
        assert "valid_until" in answer.json()["detail"]


class TestVisibility:
    async def test_matrix(self, client: AsyncClient, actors: Actors) -> None:
        draft = await create_demand(client, actors.owner, title="草稿需求")
        pending = await create_demand(client, actors.owner, title="待审需求")
        await act_on_demand(client, pending["id"], "submit", actors.owner)
        published = await published_demand(client, actors)

        def ids(answer: Any) -> set[str]:
            return {item["id"] for item in answer.json()["items"]}

        seen = {
            who: ids(await client.get("/api/v1/demands", params={"limit": 100}, headers=headers))
            for who, headers in [
                ("public", {}),
                ("owner", actors.owner),
                ("other", actors.other),
                ("reviewer", actors.reviewer),
            ]
        }
        mine = {draft["id"], pending["id"], published["id"]}
        assert seen["public"] & mine == {published["id"]}
        assert seen["other"] & mine == {published["id"]}
        assert seen["owner"] & mine == mine
        assert seen["reviewer"] & mine == {pending["id"], published["id"]}

        matrix = [
            ("public", {}, 404),
            ("other", actors.other, 404),
            ("reviewer", actors.reviewer, 404),
            ("owner", actors.owner, 200),
        ]
        for who, headers, expected in matrix:
            answer = await client.get(f"/api/v1/demands/{draft['id']}", headers=headers)
            assert answer.status_code == expected, who

    async def test_contact_only_for_verified_signed_in_users(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        published = await published_demand(client, actors)
        url = f"/api/v1/demands/{published['id']}"
        assert (await client.get(url)).json()["contact"] is None
        assert (await client.get(url, headers=actors.unverified)).json()["contact"] is None
        assert (await client.get(url, headers=actors.other)).json()["contact"][
            "phone"
        ] == "13900001111"

    async def test_expired_demands_leave_the_public_list_but_not_the_owners(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        published = await published_demand(client, actors)
        await session.execute(
            Demand.__table__.update()  # type: ignore[attr-defined]
            .where(Demand.id == published["id"])
            .values(valid_until=date.today() - timedelta(days=1))
        )
        await session.commit()
        public = await client.get("/api/v1/demands", params={"limit": 100})
        assert published["id"] not in {i["id"] for i in public.json()["items"]}
        own = await client.get("/api/v1/demands", params={"limit": 100}, headers=actors.owner)
        [item] = [i for i in own.json()["items"] if i["id"] == published["id"]]
        assert item["expired"] is True

    async def test_filters(self, client: AsyncClient, actors: Actors) -> None:
        await published_demand(client, actors)
        other_field = await create_demand(
            client, actors.owner, field="semiconductor", budget_min=None, budget_max="90000"
        )
        params = {"field": "special_metal", "limit": 100}
        items = (await client.get("/api/v1/demands", params=params, headers=actors.owner)).json()[
            "items"
        ]
        assert items
        assert all(i["field"] == "special_metal" for i in items)
        cheap = {"budget_max": "100000", "limit": 100}
        items = (await client.get("/api/v1/demands", params=cheap, headers=actors.owner)).json()[
            "items"
        ]
        assert [i["id"] for i in items] == [other_field["id"]]
        bad = await client.get("/api/v1/demands", params={"sort": "password"})
        assert bad.status_code == 422


class TestUpdates:
    async def test_if_match_is_required_and_a_stale_version_changes_nothing(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        demand = await create_demand(client, actors.owner)
        url = f"/api/v1/demands/{demand['id']}"
        missing = await client.patch(url, json={"title": "新标题"}, headers=actors.owner)
        assert missing.status_code == 428

        read = await client.get(url, headers=actors.owner)
        etag = read.headers["etag"]
        first = await client.patch(
            url, json={"title": "第一次修改"}, headers=actors.owner | {"If-Match": etag}
        )
        assert first.status_code == 200, first.text
        assert first.json()["version"] == demand["version"] + 1

        stale = await client.patch(
            url, json={"title": "过期的修改"}, headers=actors.colleague | {"If-Match": etag}
        )
        assert stale.status_code == 412
        assert stale.json()["current_version"] == first.json()["version"]
        assert (await client.get(url, headers=actors.owner)).json()["title"] == "第一次修改"

    async def test_published_demand_only_renews_and_corrects_contacts(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        published = await published_demand(client, actors)
        url = f"/api/v1/demands/{published['id']}"
        headers = actors.owner | {"If-Match": str(published["version"])}
        refused = await client.patch(url, json={"title": "偷偷改标题"}, headers=headers)
        assert refused.status_code == 409
        assert refused.json()["code"] == "demand.not_editable"
        later = (date.today() + timedelta(days=400)).isoformat()
        renewed = await client.patch(url, json={"valid_until": later}, headers=headers)
        assert renewed.status_code == 200
        assert renewed.json()["valid_until"] == later

    async def test_required_values_cannot_be_emptied(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        demand = await create_demand(client, actors.owner)
        url = f"/api/v1/demands/{demand['id']}"
        for body, field in (
            ({"title": None}, "body.title"),
            ({"budget_negotiable": None}, "body.budget_negotiable"),
            ({"keywords": None}, "body.keywords"),
        ):
            answer = await client.patch(url, json=body, headers=actors.owner | {"If-Match": "1"})
            assert answer.status_code == 422, answer.text
            assert answer.json()["fields"][0]["field"] == field

    async def test_others_cannot_edit(self, client: AsyncClient, actors: Actors) -> None:
        published = await published_demand(client, actors)
        answer = await client.patch(
            f"/api/v1/demands/{published['id']}",
            json={"contact_name": "冒充者"},
            headers=actors.other | {"If-Match": str(published["version"])},
        )
        assert answer.status_code == 403


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field", "code"),
        [
            ({"field": "alchemy"}, "body.field", "catalog.unknown_term"),
            ({"demand_type": "wishful"}, "body.demand_type", "catalog.unknown_term"),
            ({"budget_min": "-1"}, "body.budget_min", "request.validation_failed"),
            ({"budget_max": "1e15"}, "body.budget_max", "request.validation_failed"),
            ({"budget_min": "900", "budget_max": "100"}, "body", "request.validation_failed"),
            ({"valid_until": "2020-01-01"}, "body.valid_until", "demand.date_in_the_past"),
            ({"deadline": "2020-01-01"}, "body.deadline", "demand.date_in_the_past"),
            ({"title": "长" * 201}, "body.title", "request.validation_failed"),
            ({"description": "x" * 20_001}, "body.description", "request.validation_failed"),
        ],
    )
    async def test_refused_with_the_field_named_and_nothing_stored(
        self, client: AsyncClient, session: AsyncSession, actors: Actors,
        changes: dict[str, Any], field: str, code: str,
    ) -> None:  # fmt: skip
        before = await session.scalar(select(func.count()).select_from(Demand))
        answer = await client.post(
            "/api/v1/demands", json=demand_body(**changes), headers=actors.owner
        )
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == code
        assert any(f["field"].startswith(field) for f in answer.json()["fields"]), answer.json()
        assert await session.scalar(select(func.count()).select_from(Demand)) == before

    async def test_each_failing_field_names_its_rule(
        self, client: AsyncClient, actors: Actors
    ) -> None:
        answer = await client.post(
            "/api/v1/demands", json=demand_body(region="atlantis"), headers=actors.owner
        )
        assert answer.json()["fields"] == [
            {
                "field": "body.region",
                "message": "unknown region: atlantis",
                "type": "catalog.unknown_term",
            }
        ]

    async def test_oversize_text_says_the_limit(self, client: AsyncClient, actors: Actors) -> None:
        answer = await client.post(
            "/api/v1/demands", json=demand_body(title="长" * 201), headers=actors.owner
        )
        assert "200" in answer.json()["fields"][0]["message"]

    async def test_api_key_needs_the_write_scope(
        self, client: AsyncClient, session: AsyncSession, actors: Actors
    ) -> None:
        me = (await client.get("/api/v1/users/me", headers=actors.owner)).json()
        org = me["organization_id"]
        keys = {}
        for scopes in (["read"], ["demands:write"]):
            created = await client.post(
                f"/api/v1/organizations/{org}/api-keys",
                json={"name": "ERP", "scopes": scopes},
                headers=actors.owner,
            )
            keys[scopes[0]] = created.json()["key"]
        refused = await client.post(
            "/api/v1/demands", json=demand_body(), headers={"X-API-Key": keys["read"]}
        )
        assert refused.status_code == 403
        made = await client.post(
            "/api/v1/demands", json=demand_body(), headers={"X-API-Key": keys["demands:write"]}
        )
        assert made.status_code == 201
        assert made.json()["organization_id"] == org
        assert made.json()["author_id"] is None
