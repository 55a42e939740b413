"""Calls and innovation projects: the lifecycle by role, windows, who sees what, If-Match, and
the refusals of bad input."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.core.principal import MembershipRole, Principal
from techmarket.identity.models import Organization, OrganizationKind
from techmarket.projects import service
from techmarket.projects.models import ProjectCall, ProjectStatus
from tests.entries import Actors
from tests.factories import (
    make_expert,
    make_organization,
    make_project,
    make_project_call,
    sign_in,
)

S = ProjectStatus
SCORES_8 = [8, 7, 9, 6]


@dataclass
class People:
    """The actors of the demand tests, their organisation as a row, and an expert."""

    actors: Actors
    company: Organization
    expert: dict[str, str]
    expert_id: str

    def headers(self, who: str) -> dict[str, str]:
        if who == "anonymous":
            return {}
        if who == "expert":
            return self.expert
        headers: dict[str, str] = getattr(self.actors, who)
        return headers


@pytest.fixture
async def people(client: AsyncClient, session: AsyncSession, actors: Actors) -> People:
    me = (await client.get("/api/v1/users/me", headers=actors.owner)).json()
    company = await session.get(Organization, uuid.UUID(me["organization_id"]))
    assert company is not None
    university = await make_organization(
        session, name="太原理工大学", kind=OrganizationKind.UNIVERSITY
    )
    expert = await make_expert(session, organization=university, keywords=["镁合金"])
    return People(actors, company, (await sign_in(client, expert.email)).headers, str(expert.id))


def project_body(call: ProjectCall | None, **changes: Any) -> dict[str, Any]:
    return {
        "title": "高性能镁合金压铸关键技术研究",
        "leader_name": "王教授",
        "field": "special_metal",
        "region": "wenxi",
        "kind": "key_technology",
        "call_id": str(call.id) if call else None,
        "origin": "call" if call else "directed",
        "budget_requested": "2000000",
        "start_date": "2027-01-01",
        "end_date": "2028-12-31",
        "objectives": "镁合金压铸件抗拉强度 ≥ 300 MPa；形成专利 3 项",
        "keywords": ["镁合金", "压铸"],
    } | changes


async def create(
    client: AsyncClient, headers: dict[str, str], call: ProjectCall | None, **changes: Any
) -> Response:
    return await client.post(
        "/api/v1/projects", json=project_body(call, **changes), headers=headers
    )


async def act(
    client: AsyncClient, project_id: object, action: str, headers: dict[str, str], **body: Any
) -> Response:
    return await client.post(
        f"/api/v1/projects/{project_id}/{action}", json=body or None, headers=headers
    )


async def review_round(client: AsyncClient, staff: dict[str, str], project_id: object) -> Any:
    answer = await client.get(
        "/api/v1/reviews/rounds",
        params={"subject_type": "project", "subject_id": str(project_id)},
        headers=staff,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()[0]


async def reviewed(client: AsyncClient, people: People, project_id: object) -> None:
    """From submitted to expert_review, with the expert's review submitted."""
    staff = people.actors.reviewer
    for action in ("start_formal_check", "pass_formal_check"):
        answer = await act(client, project_id, action, staff)
        assert answer.status_code == 200, answer.text
    found = await review_round(client, staff, project_id)
    assigned = await client.post(
        f"/api/v1/reviews/rounds/{found['id']}/assignments",
        json={"expert_ids": [people.expert_id]},
        headers=staff,
    )
    assert assigned.status_code == 200, assigned.text
    mine = await client.get(
        "/api/v1/reviews/assignments/mine", params={"status": "assigned"}, headers=people.expert
    )
    [assignment] = mine.json()["items"]
    scores = [
        {"criterion_id": criterion["id"], "score": score}
        for criterion, score in zip(found["criteria"], SCORES_8, strict=True)
    ]
    saved = await client.put(
        f"/api/v1/reviews/assignments/{assignment['id']}",
        json={"scores": scores, "comment": "技术路线可行"},
        headers=people.expert,
    )
    assert saved.status_code == 200, saved.text
    submitted = await client.post(
        f"/api/v1/reviews/assignments/{assignment['id']}/submit", headers=people.expert
    )
    assert submitted.status_code == 200, submitted.text


class TestCalls:
    async def test_staff_open_calls_and_everyone_lists_them_open_first(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        now = datetime.now(UTC)
        window = {
            "name": "2031年度重大专项",
            "year": 2031,
            "kinds": ["major_program"],
            "fields": ["special_metal"],
            "opens_at": (now - timedelta(days=1)).isoformat(),
            "closes_at": (now + timedelta(days=20)).isoformat(),
        }
        made = await client.post("/api/v1/project-calls", json=window, headers=staff)
        assert made.status_code == 201, made.text
        assert made.json()["is_open"] is True
        rolling = await client.post(
            "/api/v1/project-calls",
            json={"name": "成果转化常态申报", "year": 2031, "kinds": ["transformation"],
                  "rolling": True},
            headers=staff,
        )  # fmt: skip
        assert rolling.json()["is_open"] is True
        await make_project_call(
            session, name="已结束", year=2031,
            opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30),
        )  # fmt: skip
        await make_project_call(
            session, name="未开始", year=2031,
            opens_at=now + timedelta(days=30), closes_at=now + timedelta(days=60),
        )  # fmt: skip

        listed = (await client.get("/api/v1/project-calls", params={"year": 2031})).json()
        assert [c["is_open"] for c in listed] == [True, True, False, False]
        assert {c["name"] for c in listed[:2]} == {"2031年度重大专项", "成果转化常态申报"}
        only_open = await client.get("/api/v1/project-calls", params={"year": 2031, "open_only": 1})
        assert len(only_open.json()) == 2
        actions = await session.scalars(
            select(AuditLog.action).where(AuditLog.action == "project_call.create")
        )
        assert len(list(actions)) == 2

    @pytest.mark.parametrize(("who", "expected"), [("owner", 403), ("expert", 403),
                                                   ("anonymous", 401)])  # fmt: skip
    async def test_only_staff_open_calls(
        self, client: AsyncClient, people: People, who: str, expected: int
    ) -> None:
        body = {"name": "批次", "year": 2031, "kinds": ["platform"], "rolling": True}
        answer = await client.post("/api/v1/project-calls", json=body, headers=people.headers(who))
        assert answer.status_code == expected

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"rolling": True}, "body.opens_at"),  # a rolling call has no window
            ({"opens_at": None}, "body.opens_at"),  # a windowed call needs both ends
            ({"closes_at": "2031-01-01T00:00:00+08:00"}, "body.closes_at"),  # before it opens
            ({"kinds": ["rocketry"]}, "body.kinds"),
            ({"kinds": []}, "body.kinds"),
            ({"opens_at": "2031-03-01T00:00:00"}, "body.opens_at"),  # no time zone
        ],
    )
    async def test_bad_calls_are_refused_naming_the_field(
        self, client: AsyncClient, people: People, changes: dict[str, Any], field: str
    ) -> None:
        body = {"name": "批次", "year": 2031, "kinds": ["platform"],
                "opens_at": "2031-03-01T00:00:00+08:00",
                "closes_at": "2031-04-01T00:00:00+08:00"} | changes  # fmt: skip
        answer = await client.post(
            "/api/v1/project-calls", json=body, headers=people.actors.reviewer
        )
        assert answer.status_code == 422, answer.text
        assert field in {f["field"] for f in answer.json()["fields"]}

    async def test_updates_need_if_match_and_a_consistent_window(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        call = await make_project_call(session)
        url = f"/api/v1/project-calls/{call.id}"
        read = await client.get(url)
        assert read.headers["ETag"] == '"1"'
        rolled = {"rolling": True}
        assert (await client.patch(url, json=rolled, headers=staff)).status_code == 428
        refused = await client.patch(url, json=rolled, headers=staff | {"If-Match": '"1"'})
        assert refused.status_code == 422, "switching to rolling must clear the window"
        changed = await client.patch(
            url,
            json={"rolling": True, "opens_at": None, "closes_at": None},
            headers=staff | {"If-Match": '"1"'},
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["rolling"] is True
        assert changed.headers["ETag"] == '"2"'
        stale = await client.patch(url, json={"name": "改名"}, headers=staff | {"If-Match": '"1"'})
        assert stale.status_code == 412
        owner = await client.patch(
            url, json={"name": "改名"}, headers=people.actors.owner | {"If-Match": '"2"'}
        )
        assert owner.status_code == 403

    async def test_closing_a_rolling_call_stops_applications(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        call = await make_project_call(session, rolling=True, opens_at=None, closes_at=None)
        staff, owner = people.actors.reviewer, people.actors.owner
        project = (await create(client, owner, call)).json()
        closed = await client.post(
            f"/api/v1/project-calls/{call.id}/close", json={"reason": "额满"}, headers=staff
        )
        assert closed.status_code == 200
        assert closed.json()["is_open"] is False
        again = await client.post(f"/api/v1/project-calls/{call.id}/close", headers=staff)
        assert again.json()["code"] == "project_call.closed"
        refused = await act(client, project["id"], "submit", owner)
        assert refused.status_code == 409
        assert refused.json()["code"] == "project_call.closed"


class TestCallWindow:
    async def test_rolling_call_is_always_open(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        call = await make_project_call(session, rolling=True, opens_at=None, closes_at=None)
        project = (await create(client, people.actors.owner, call)).json()
        answer = await act(client, project["id"], "submit", people.actors.owner)
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "submitted"

    async def test_a_window_that_closed_refuses_drafts_and_submissions(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        now = datetime.now(UTC)
        call = await make_project_call(
            session, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
        )
        answer = await create(client, people.actors.owner, call)
        assert answer.status_code == 409
        assert answer.json()["code"] == "project_call.closed"
        draft = await make_project(session, organization=people.company, call=call)
        answer = await act(client, draft.id, "submit", people.actors.owner)
        assert answer.status_code == 409
        assert answer.json()["code"] == "project_call.closed"

    async def test_a_window_not_yet_open_takes_drafts_but_not_submissions(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        now = datetime.now(UTC)
        call = await make_project_call(
            session, opens_at=now + timedelta(days=5), closes_at=now + timedelta(days=30)
        )
        project = await create(client, people.actors.owner, call)
        assert project.status_code == 201
        answer = await act(client, project.json()["id"], "submit", people.actors.owner)
        assert answer.status_code == 409
        assert answer.json()["code"] == "project_call.closed"

    async def test_directed_projects_need_no_call(
        self, client: AsyncClient, people: People
    ) -> None:
        project = (await create(client, people.actors.owner, None)).json()
        assert project["origin"] == "directed"
        answer = await act(client, project["id"], "submit", people.actors.owner)
        assert answer.status_code == 200


class TestLifecycle:
    async def test_from_application_to_completion(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        call = await make_project_call(session, year=2026)
        owner, staff = people.actors.owner, people.actors.reviewer
        project = (await create(client, owner, call)).json()
        assert (project["status"], project["code"]) == ("draft", None)
        assert (await act(client, project["id"], "submit", owner)).json()["status"] == "submitted"
        await reviewed(client, people, project["id"])
        approved = await act(client, project["id"], "approve", staff, budget_granted="1500000")
        assert approved.status_code == 200, approved.text
        body = approved.json()
        assert body["status"] == "approved"
        assert body["budget_granted"] == "1500000.00"
        assert re.fullmatch(r"YC2026-GG-\d{4}", body["code"])
        assert body["published_at"] is not None
        for action, who, status in [
            ("start", owner, "in_progress"),
            ("begin_midterm", staff, "midterm"),
            ("pass_midterm", staff, "in_progress"),
            ("begin_acceptance", staff, "acceptance"),
            ("complete", staff, "completed"),
        ]:
            answer = await act(client, project["id"], action, who)
            assert answer.status_code == 200, answer.text
            assert answer.json()["status"] == status
        public = await client.get(f"/api/v1/projects/{project['id']}")
        assert public.json()["status"] == "completed"

        actions = list(
            await session.scalars(
                select(AuditLog.action)
                .where(AuditLog.entity_type == "project", AuditLog.entity_id == project["id"])
                .order_by(AuditLog.id)
            )
        )
        assert actions == [
            "project.create", "project.submit", "project.start_formal_check",
            "project.pass_formal_check", "project.approve", "project.start",
            "project.begin_midterm", "project.pass_midterm", "project.begin_acceptance",
            "project.complete",
        ]  # fmt: skip
        approval = await session.scalar(
            select(AuditLog).where(
                AuditLog.action == "project.approve", AuditLog.entity_id == project["id"]
            )
        )
        assert approval is not None
        assert approval.after is not None
        assert approval.after["code"] == body["code"]

    async def test_codes_count_up_per_year_and_kind(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        call = await make_project_call(session, year=2029)
        codes = []
        for kind in ("basic_research", "basic_research", "platform"):
            project = await make_project(
                session, organization=people.company, call=call, kind=kind, status=S.SUBMITTED
            )
            await reviewed(client, people, project.id)
            answer = await act(
                client, project.id, "approve", people.actors.reviewer, budget_granted="100000"
            )
            assert answer.status_code == 200, answer.text
            codes.append(answer.json()["code"])
        assert codes == ["YC2029-JC-0001", "YC2029-JC-0002", "YC2029-PT-0001"]

    async def test_approval_waits_for_every_review(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        project = await make_project(session, organization=people.company, status=S.FORMAL_CHECK)
        await act(client, project.id, "pass_formal_check", staff)
        answer = await act(client, project.id, "approve", staff, budget_granted="100000")
        assert answer.status_code == 409
        assert answer.json()["code"] == "project.reviews_incomplete"
        found = await review_round(client, staff, project.id)
        await client.post(
            f"/api/v1/reviews/rounds/{found['id']}/assignments",
            json={"expert_ids": [people.expert_id]},
            headers=staff,
        )
        answer = await act(client, project.id, "approve", staff, budget_granted="100000")
        assert answer.status_code == 409
        assert "0 of 1" in answer.json()["detail"]

    async def test_rejections_keep_the_reason(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        checked = await make_project(session, organization=people.company, status=S.FORMAL_CHECK)
        no_reason = await act(client, checked.id, "fail_formal_check", staff)
        assert no_reason.json()["code"] == "workflow.reason_required"
        failed = await act(client, checked.id, "fail_formal_check", staff, reason="缺少单位承诺书")
        assert failed.json()["status"] == "rejected"
        mine = await client.get(f"/api/v1/projects/{checked.id}", headers=people.actors.owner)
        assert mine.json()["rejection_reason"] == "缺少单位承诺书"
        running = await make_project(session, organization=people.company, status=S.MIDTERM)
        stopped = await act(client, running.id, "terminate", staff, reason="负责人调离")
        assert stopped.json()["status"] == "terminated"
        assert stopped.json()["termination_reason"] == "负责人调离"

    @pytest.mark.parametrize(
        ("status", "action", "who", "expected"),
        [
            (S.DRAFT, "submit", "colleague", 200),  # any member acts for the organisation
            (S.DRAFT, "submit", "other", 404),  # another organisation does not see a draft
            (S.DRAFT, "submit", "reviewer", 404),  # staff do not see drafts
            (S.DRAFT, "submit", "expert", 404),
            (S.DRAFT, "submit", "anonymous", 401),
            (S.SUBMITTED, "withdraw", "owner", 200),
            (S.SUBMITTED, "start_formal_check", "owner", 403),
            (S.SUBMITTED, "start_formal_check", "reviewer", 200),
            (S.SUBMITTED, "start_formal_check", "expert", 404),  # not assigned: not visible
            (S.SUBMITTED, "approve", "reviewer", 409),
            (S.FORMAL_CHECK, "pass_formal_check", "owner", 403),
            (S.FORMAL_CHECK, "pass_formal_check", "reviewer", 200),
            (S.FORMAL_CHECK, "withdraw", "owner", 409),
            (S.EXPERT_REVIEW, "approve", "owner", 403),
            (S.EXPERT_REVIEW, "reject", "other", 404),
            (S.APPROVED, "start", "owner", 200),
            (S.APPROVED, "start", "reviewer", 403),
            (S.APPROVED, "start", "other", 403),  # sees the approved project, may not act
            (S.APPROVED, "start", "anonymous", 401),
            (S.IN_PROGRESS, "begin_midterm", "owner", 403),
            (S.IN_PROGRESS, "begin_midterm", "reviewer", 200),
            (S.IN_PROGRESS, "begin_acceptance", "reviewer", 200),
            (S.IN_PROGRESS, "complete", "reviewer", 409),
            (S.MIDTERM, "pass_midterm", "reviewer", 200),
            (S.ACCEPTANCE, "complete", "owner", 403),
            (S.ACCEPTANCE, "complete", "reviewer", 200),
            (S.COMPLETED, "start", "owner", 409),
            (S.REJECTED, "submit", "owner", 409),  # a decision: no resubmission
        ],
    )
    async def test_who_may_act(
        self,
        client: AsyncClient,
        session: AsyncSession,
        people: People,
        status: ProjectStatus,
        action: str,
        who: str,
        expected: int,
    ) -> None:
        project = await make_project(session, organization=people.company, status=status)
        answer = await act(client, project.id, action, people.headers(who))
        assert answer.status_code == expected, answer.text
        if expected == 409:
            assert answer.json()["code"] == "workflow.transition_not_allowed"
            assert answer.json()["current_status"] == status.value

    async def test_terminate_only_while_running(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        running = [(S.APPROVED, 200), (S.IN_PROGRESS, 200), (S.MIDTERM, 200),
                   (S.ACCEPTANCE, 200), (S.COMPLETED, 409), (S.SUBMITTED, 409)]  # fmt: skip
        for status, expected in running:
            project = await make_project(session, organization=people.company, status=status)
            answer = await act(client, project.id, "terminate", staff, reason="经费未落实")
            assert answer.status_code == expected, (status, answer.text)

    async def test_unverified_organisation_drafts_but_cannot_submit(
        self, client: AsyncClient, people: People
    ) -> None:
        project = await create(client, people.actors.unverified, None)
        assert project.status_code == 201
        answer = await act(client, project.json()["id"], "submit", people.actors.unverified)
        assert answer.status_code == 403
        assert answer.json()["code"] == "organization.not_verified"

    async def test_api_key_needs_the_projects_scope(
        self, client: AsyncClient, people: People
    ) -> None:
        org = people.company.id
        keys = {}
        for scopes in (["read"], ["projects:write"]):
            created = await client.post(
                f"/api/v1/organizations/{org}/api-keys",
                json={"name": "科研管理系统", "scopes": scopes},
                headers=people.actors.owner,
            )
            keys[scopes[0]] = {"X-API-Key": created.json()["key"]}
        assert (await create(client, keys["read"], None)).status_code == 403
        made = await create(client, keys["projects:write"], None)
        assert made.status_code == 201
        assert made.json()["organization_id"] == str(org)

    async def test_completed_projects_are_the_achievements_hook(
        self, session: AsyncSession, people: People
    ) -> None:
        owner = Principal(
            user_id=uuid.uuid4(), organization_id=people.company.id,
            organization_verified=True, membership=MembershipRole.OWNER,
        )  # fmt: skip
        completed = await make_project(session, organization=people.company, status=S.COMPLETED)
        found = await service.completed_project_of(
            session=session, principal=owner, project_id=completed.id
        )
        assert found.id == completed.id
        running = await make_project(session, organization=people.company, status=S.IN_PROGRESS)
        with pytest.raises(service.ProjectNotCompleted):
            await service.completed_project_of(
                session=session, principal=owner, project_id=running.id
            )


class TestVisibility:
    async def test_applications_are_private_and_approved_projects_public(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        made = {
            status: str(
                (await make_project(session, organization=people.company, status=status)).id
            )
            for status in S
        }
        public = {made[s] for s in (S.APPROVED, S.IN_PROGRESS, S.MIDTERM, S.ACCEPTANCE,
                                    S.COMPLETED)}  # fmt: skip
        everything = set(made.values())
        params = {"organization_id": str(people.company.id), "limit": 100}

        async def listed(who: str) -> set[str]:
            answer = await client.get(
                "/api/v1/projects", params=params, headers=people.headers(who)
            )
            return {item["id"] for item in answer.json()["items"]}

        assert await listed("anonymous") == public
        assert await listed("other") == public
        assert await listed("expert") == public
        assert await listed("owner") == everything
        assert await listed("colleague") == everything
        assert await listed("reviewer") == everything - {made[S.DRAFT]}
        for status, project_id in made.items():
            answer = await client.get(f"/api/v1/projects/{project_id}")
            assert answer.status_code == (200 if project_id in public else 404), status

    async def test_an_assigned_expert_reads_the_application(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        project = await make_project(session, organization=people.company, status=S.FORMAL_CHECK)
        url = f"/api/v1/projects/{project.id}"
        assert (await client.get(url, headers=people.expert)).status_code == 404
        await act(client, project.id, "pass_formal_check", staff)
        found = await review_round(client, staff, project.id)
        await client.post(
            f"/api/v1/reviews/rounds/{found['id']}/assignments",
            json={"expert_ids": [people.expert_id]},
            headers=staff,
        )
        assert (await client.get(url, headers=people.expert)).status_code == 200
        assert (await client.get(url, headers=people.actors.other)).status_code == 404

    async def test_filters(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        call = await make_project_call(session)
        in_call = await make_project(
            session, organization=people.company, call=call, status=S.APPROVED, kind="platform"
        )
        await make_project(session, organization=people.company, status=S.APPROVED)
        params = {"organization_id": str(people.company.id)}
        for extra in ({"call_id": str(call.id)}, {"kind": "platform"}, {"origin": "call"}):
            answer = await client.get("/api/v1/projects", params=params | extra)
            assert [p["id"] for p in answer.json()["items"]] == [str(in_call.id)], extra


class TestIfMatch:
    async def test_drafts_change_under_if_match_only(
        self, client: AsyncClient, people: People
    ) -> None:
        owner = people.actors.owner
        project = (await create(client, owner, None)).json()
        url = f"/api/v1/projects/{project['id']}"
        change = {"leader_name": "李研究员"}
        assert (await client.patch(url, json=change, headers=owner)).status_code == 428
        changed = await client.patch(url, json=change, headers=owner | {"If-Match": '"1"'})
        assert changed.status_code == 200, changed.text
        assert (changed.json()["leader_name"], changed.json()["version"]) == ("李研究员", 2)
        stale = await client.patch(url, json=change, headers=owner | {"If-Match": '"1"'})
        assert stale.status_code == 412
        assert stale.json()["current_version"] == 2
        other = await client.patch(
            url, json=change, headers=people.actors.other | {"If-Match": "2"}
        )
        assert other.status_code == 404
        await act(client, project["id"], "submit", owner)
        locked = await client.patch(url, json=change, headers=owner | {"If-Match": '"3"'})
        assert locked.status_code == 409
        assert locked.json()["code"] == "project.not_editable"


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field", "code"),
        [
            ({"kind": "rocketry"}, "body.kind", "catalog.unknown_term"),
            ({"field": "astrology"}, "body.field", "catalog.unknown_term"),
            ({"end_date": "2026-12-31"}, "body.end_date", "request.validation_failed"),
            ({"budget_requested": "0"}, "body.budget_requested", "request.validation_failed"),
            ({"budget_requested": "100000000001"}, "body.budget_requested",
             "request.validation_failed"),
            ({"objectives": "长" * 20_001}, "body.objectives", "request.validation_failed"),
            ({"origin": "call", "call_id": None}, "body.call_id", "project.invalid_input"),
            ({"origin": "challenge"}, "body.origin", "project.invalid_input"),
        ],
    )  # fmt: skip
    async def test_create_refusals_name_the_field(
        self,
        client: AsyncClient,
        people: People,
        changes: dict[str, Any],
        field: str,
        code: str,
    ) -> None:
        answer = await create(client, people.actors.owner, None, **changes)
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == code
        assert [f["field"] for f in answer.json()["fields"]] == [field]

    async def test_the_call_decides_kinds_and_fields(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        call = await make_project_call(session, kinds=["platform"], fields=["semiconductor"])
        answer = await create(client, people.actors.owner, call, kind="key_technology")
        assert answer.json()["fields"][0]["field"] == "body.kind"
        answer = await create(client, people.actors.owner, call, kind="platform")
        assert answer.json()["fields"][0]["field"] == "body.field"
        directed = await create(client, people.actors.owner, None, call_id=str(call.id))
        assert directed.json()["fields"][0]["field"] == "body.call_id"

    async def test_a_partial_update_is_checked_with_what_is_stored(
        self, client: AsyncClient, people: People
    ) -> None:
        owner = people.actors.owner
        project = (await create(client, owner, None)).json()
        answer = await client.patch(
            f"/api/v1/projects/{project['id']}",
            json={"end_date": "2026-06-30"},
            headers=owner | {"If-Match": "1"},
        )
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.end_date"

    async def test_grant_within_the_request(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        project = await make_project(session, organization=people.company, status=S.SUBMITTED)
        await reviewed(client, people, project.id)
        too_much = await act(client, project.id, "approve", staff, budget_granted="2000000.01")
        assert too_much.status_code == 422
        assert too_much.json()["code"] == "project.budget_exceeds_request"
        assert too_much.json()["fields"][0]["field"] == "body.budget_granted"
        missing = await act(client, project.id, "approve", staff)
        assert missing.status_code == 422
        assert missing.json()["fields"][0] == {
            "field": "body.budget_granted", "message": "approving needs the budget granted",
            "type": "missing",
        }  # fmt: skip
        exact = await act(client, project.id, "approve", staff, budget_granted="2000000")
        assert exact.status_code == 200

    async def test_action_bodies_carry_only_what_the_action_takes(
        self, client: AsyncClient, session: AsyncSession, people: People
    ) -> None:
        staff = people.actors.reviewer
        project = await make_project(session, organization=people.company, status=S.FORMAL_CHECK)
        answer = await act(client, project.id, "pass_formal_check", staff, budget_granted="1")
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.budget_granted"
        criteria = [{"name": "创新性", "weight": 60, "max_score": 10},
                    {"name": "可行性", "weight": 30, "max_score": 10}]  # fmt: skip
        answer = await act(client, project.id, "pass_formal_check", staff, criteria=criteria)
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.criteria"
        assert "sum to 100" in answer.json()["fields"][0]["message"]
