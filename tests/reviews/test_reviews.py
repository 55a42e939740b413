"""Reviews: the aggregation rule on figures alone, conflicts of interest, experts scoring only
their own assignments, and what staff read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.identity.models import Organization, OrganizationKind, User
from techmarket.projects.models import ProjectStatus
from techmarket.reviews.service import CriterionSpec, aggregate
from tests.entries import Actors
from tests.factories import make_expert, make_organization, make_project, make_user, sign_in

D = Decimal


A, B, C, E = (uuid.uuid4() for _ in range(4))
DEFAULT = (CriterionSpec(A, D(30), D(10)), CriterionSpec(B, D(30), D(10)),
           CriterionSpec(C, D(20), D(10)), CriterionSpec(E, D(20), D(10)))  # fmt: skip


def reviews(*rows: tuple[int, ...]) -> list[dict[uuid.UUID, Decimal]]:
    return [dict(zip((A, B, C, E), map(D, row), strict=True)) for row in rows]


class TestAggregate:
    """Figures a reviewer could check by hand."""

    def test_three_reviews_plain_mean_then_weights(self) -> None:
        result = aggregate(DEFAULT, reviews((8, 7, 9, 6), (9, 8, 7, 8), (7, 6, 8, 7)))
        assert not result.trimmed
        assert [c.average for c in result.criteria] == [D("8.00"), D("7.00"), D("8.00"), D("7.00")]
        assert [c.scores_used for c in result.criteria] == [3, 3, 3, 3]
        # 30 × 8/10 + 30 × 7/10 + 20 × 8/10 + 20 × 7/10 = 24 + 21 + 16 + 14
        assert result.total == D("75.00")

    def test_five_reviews_drop_the_highest_and_lowest_per_criterion(self) -> None:
        result = aggregate(
            DEFAULT,
            reviews((2, 7, 8, 6), (7, 8, 8, 7), (8, 9, 9, 8), (9, 6, 7, 5), (10, 10, 3, 9)),
        )
        assert result.trimmed
        assert [c.scores_used for c in result.criteria] == [3, 3, 3, 3]
        # A: 7 8 9 → 8; B: 7 8 9 → 8; C: 7 8 8 → 7.67; D: 6 7 8 → 7
        assert [c.average for c in result.criteria] == [D("8.00"), D("8.00"), D("7.67"), D("7.00")]
        # 24 + 24 + 15.333… + 14, rounded once at the end (a plain mean would give 73.60)
        assert result.total == D("77.33")

    def test_four_reviews_are_not_trimmed(self) -> None:
        criteria = [DEFAULT[0], CriterionSpec(B, D(70), D(10))]
        rows = [{A: D(a), B: D(10)} for a in (1, 6, 7, 10)]
        result = aggregate(criteria, rows)
        assert not result.trimmed
        assert result.criteria[0].average == D("6.00")  # trimmed it would be 6.50
        assert result.total == D("88.00")  # 30 × 0.6 + 70 × 1

    def test_weights_and_maximums_differ_per_criterion(self) -> None:
        x, y = uuid.uuid4(), uuid.uuid4()
        criteria = [CriterionSpec(x, D(40), D(20)), CriterionSpec(y, D(60), D(5))]
        rows = [{x: D(15), y: D(4)}, {x: D(18), y: D(3)}, {x: D(12), y: D(5)}]
        result = aggregate(criteria, rows)
        assert result.total == D("78.00")  # 40 × 15/20 + 60 × 4/5 = 30 + 48

    def test_rounding_half_up_at_the_end(self) -> None:
        x = uuid.uuid4()
        result = aggregate([CriterionSpec(x, D(100), D(10))], [{x: D(7)}, {x: D(7)}, {x: D(8)}])
        assert result.criteria[0].average == D("7.33")
        assert result.total == D("73.33")
        result = aggregate([CriterionSpec(x, D(100), D(8))], [{x: D("6.5")}, {x: D(6)}])
        assert result.total == D("78.13")  # 100 × 6.25 / 8 = 78.125

    def test_no_review_yet(self) -> None:
        result = aggregate(DEFAULT, [])
        assert result.total is None
        assert {c.average for c in result.criteria} == {None}


@dataclass
class Setting:
    client: AsyncClient
    session: AsyncSession
    actors: Actors
    company: Organization  # the applicant
    university: Organization

    @property
    def staff(self) -> dict[str, str]:
        return self.actors.reviewer

    async def expert(self, **values: Any) -> tuple[User, dict[str, str]]:
        values.setdefault("organization", self.university)
        user = await make_expert(self.session, **values)
        return user, (await sign_in(self.client, user.email)).headers

    async def round(self, criteria: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """A project of the company passes its formal check: the review round opens."""
        project = await make_project(
            self.session, organization=self.company, status=ProjectStatus.FORMAL_CHECK
        )
        body = {"criteria": criteria} if criteria else None
        passed = await self.client.post(
            f"/api/v1/projects/{project.id}/pass_formal_check", json=body, headers=self.staff
        )
        assert passed.status_code == 200, passed.text
        rounds = await self.client.get(
            "/api/v1/reviews/rounds",
            params={"subject_type": "project", "subject_id": str(project.id)},
            headers=self.staff,
        )
        [found] = rounds.json()
        return found  # type: ignore[no-any-return]

    async def assign(self, round_id: str, *experts: User) -> Response:
        return await self.client.post(
            f"/api/v1/reviews/rounds/{round_id}/assignments",
            json={"expert_ids": [str(e.id) for e in experts]},
            headers=self.staff,
        )

    async def read(self, round_id: str) -> dict[str, Any]:
        answer = await self.client.get(f"/api/v1/reviews/rounds/{round_id}", headers=self.staff)
        assert answer.status_code == 200, answer.text
        return answer.json()  # type: ignore[no-any-return]

    async def mine(self, headers: dict[str, str]) -> list[dict[str, Any]]:
        answer = await self.client.get("/api/v1/reviews/assignments/mine", headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]  # type: ignore[no-any-return]

    async def save(
        self, headers: dict[str, str], assignment: dict[str, Any], scores: list[Any], **body: Any
    ) -> Response:
        given = [
            {"criterion_id": c["id"], "score": s}
            for c, s in zip(assignment["criteria"], scores, strict=False)
        ]
        return await self.client.put(
            f"/api/v1/reviews/assignments/{assignment['id']}",
            json={"scores": given} | body,
            headers=headers,
        )

    async def submit(self, headers: dict[str, str], assignment: dict[str, Any]) -> Response:
        return await self.client.post(
            f"/api/v1/reviews/assignments/{assignment['id']}/submit", headers=headers
        )


@pytest.fixture
async def setting(client: AsyncClient, session: AsyncSession, actors: Actors) -> Setting:
    me = (await client.get("/api/v1/users/me", headers=actors.owner)).json()
    company = await session.get(Organization, uuid.UUID(me["organization_id"]))
    assert company is not None
    university = await make_organization(
        session, name="太原理工大学", kind=OrganizationKind.UNIVERSITY
    )
    return Setting(client, session, actors, company, university)


class TestRounds:
    async def test_the_formal_check_opens_a_round_with_the_default_criteria(
        self, setting: Setting
    ) -> None:
        found = await setting.round()
        assert [(c["name"], c["weight"], c["max_score"]) for c in found["criteria"]] == [
            ("技术先进性", "30.00", "10.00"), ("可行性", "30.00", "10.00"),
            ("团队能力", "20.00", "10.00"), ("经济社会效益", "20.00", "10.00"),
        ]  # fmt: skip
        assert found["subject_organization_id"] == str(setting.company.id)
        assert found["aggregate"]["total"] is None

    async def test_staff_may_set_the_criteria(self, setting: Setting) -> None:
        found = await setting.round(
            criteria=[
                {"name": "创新性", "weight": "62.5", "max_score": 100},
                {"name": "产业化前景", "weight": "37.5", "max_score": 100},
            ]
        )
        assert [(c["name"], c["weight"]) for c in found["criteria"]] == [
            ("创新性", "62.50"), ("产业化前景", "37.50"),
        ]  # fmt: skip

    @pytest.mark.parametrize(
        ("who", "expected"), [("owner", 403), ("other", 403), ("expert", 403), ("anonymous", 401)]
    )
    async def test_only_staff_read_assign_and_ask_for_suggestions(
        self, setting: Setting, who: str, expected: int
    ) -> None:
        found = await setting.round()
        expert, expert_headers = await setting.expert()
        others = {"anonymous": {}, "expert": expert_headers}
        headers = others[who] if who in others else getattr(setting.actors, who)
        url = f"/api/v1/reviews/rounds/{found['id']}"
        assert (await setting.client.get(url, headers=headers)).status_code == expected
        answer = await setting.client.post(
            f"{url}/assignments", json={"expert_ids": [str(expert.id)]}, headers=headers
        )
        assert answer.status_code == expected
        suggested = await setting.client.get(f"{url}/suggested-experts", headers=headers)
        assert suggested.status_code == expected

    async def test_five_reviews_through_the_api(self, setting: Setting) -> None:
        found = await setting.round()
        rows = [(2, 7, 8, 6), (7, 8, 8, 7), (8, 9, 9, 8), (9, 6, 7, 5), (10, 10, 3, 9)]
        experts = [await setting.expert(display_name=f"专家{n}") for n in range(5)]
        assert (await setting.assign(found["id"], *(e for e, _ in experts))).status_code == 200
        for (_, headers), row in zip(experts, rows, strict=True):
            [assignment] = await setting.mine(headers)
            assert (await setting.save(headers, assignment, list(row))).status_code == 200
            assert (await setting.submit(headers, assignment)).status_code == 200
        read = await setting.read(found["id"])
        summary = read["aggregate"]
        assert (summary["assigned"], summary["submitted"], summary["trimmed"]) == (5, 5, True)
        assert [c["average"] for c in summary["criteria"]] == ["8.00", "8.00", "7.67", "7.00"]
        assert summary["total"] == "77.33"
        assert {len(a["scores"]) for a in read["assignments"]} == {4}

    async def test_three_reviews_through_the_api(self, setting: Setting) -> None:
        found = await setting.round()
        rows = [(8, 7, 9, 6), (9, 8, 7, 8), (7, 6, 8, 7)]
        experts = [await setting.expert() for _ in rows]
        await setting.assign(found["id"], *(e for e, _ in experts))
        for (_, headers), row in zip(experts, rows, strict=True):
            [assignment] = await setting.mine(headers)
            await setting.save(headers, assignment, list(row))
            await setting.submit(headers, assignment)
        summary = (await setting.read(found["id"]))["aggregate"]
        assert (summary["trimmed"], summary["total"]) == (False, "75.00")


class TestConflictsOfInterest:
    async def test_an_expert_of_the_applicant_is_refused(self, setting: Setting) -> None:
        found = await setting.round()
        fine, _ = await setting.expert()
        insider, _ = await setting.expert(organization=setting.company, display_name="内部专家")
        answer = await setting.assign(found["id"], fine, insider)
        assert answer.status_code == 409
        problem = answer.json()
        assert problem["code"] == "review.conflict_of_interest"
        assert problem["reason"] == "same_organization"
        assert problem["expert_id"] == str(insider.id)
        assert "内部专家" in problem["detail"]
        assert (await setting.read(found["id"]))["assignments"] == [], "all or none"

    async def test_a_declared_conflict_is_refused(self, setting: Setting) -> None:
        found = await setting.round()
        declared, _ = await setting.expert(conflicts=[setting.company])
        answer = await setting.assign(found["id"], declared)
        assert answer.status_code == 409
        assert answer.json()["reason"] == "declared_conflict"

    async def test_declining_for_a_conflict_keeps_the_expert_off_the_organisations_next_rounds(
        self, setting: Setting
    ) -> None:
        first, second = await setting.round(), await setting.round()  # both of the company
        expert, headers = await setting.expert(keywords=["镁合金"])
        busy, busy_headers = await setting.expert(keywords=["镁合金"])
        assert (await setting.assign(first["id"], expert, busy)).status_code == 200
        mine = {a["round_id"]: a for a in await setting.mine(headers)}
        declined = await setting.client.post(
            f"/api/v1/reviews/assignments/{mine[first['id']]['id']}/decline",
            json={"reason": "曾在该公司兼职", "conflict_of_interest": True},
            headers=headers,
        )
        assert declined.status_code == 200, declined.text
        assert declined.json()["status"] == "declined"
        [busy_assignment] = await setting.mine(busy_headers)
        no_time = await setting.client.post(
            f"/api/v1/reviews/assignments/{busy_assignment['id']}/decline",
            json={"reason": "近期出差"},
            headers=busy_headers,
        )
        assert no_time.status_code == 200, no_time.text

        suggested = await setting.client.get(
            f"/api/v1/reviews/rounds/{second['id']}/suggested-experts", headers=setting.staff
        )
        assert [s["user_id"] for s in suggested.json()] == [str(busy.id)], (
            "declining for lack of time declares nothing"
        )
        refused = await setting.assign(second["id"], expert)
        assert refused.status_code == 409
        assert refused.json()["reason"] == "declared_conflict"
        rows = await setting.session.scalars(
            select(AuditLog.action).where(AuditLog.entity_id == str(expert.id))
        )
        assert "expert_profile.declare_conflict" in list(rows)

    async def test_only_active_experts_once_each(self, setting: Setting) -> None:
        found = await setting.round()
        plain = await make_user(setting.session)
        answer = await setting.assign(found["id"], plain)
        assert answer.status_code == 422
        assert answer.json()["code"] == "review.not_an_expert"
        assert answer.json()["fields"][0]["field"] == "body.expert_ids.0"
        expert, _ = await setting.expert()
        assert (await setting.assign(found["id"], expert)).status_code == 200
        again = await setting.assign(found["id"], expert)
        assert again.status_code == 409
        assert again.json()["code"] == "review.already_assigned"
        rows = await setting.session.scalars(
            select(AuditLog).where(
                AuditLog.action == "review_round.assign", AuditLog.entity_id == found["id"]
            )
        )
        assert [row.after for row in rows] == [{"expert_id": str(expert.id)}]

    async def test_unassigning_before_submission_only(self, setting: Setting) -> None:
        found = await setting.round()
        (silent, _), (busy, busy_headers) = await setting.expert(), await setting.expert()
        await setting.assign(found["id"], silent, busy)
        [assignment] = await setting.mine(busy_headers)
        await setting.save(busy_headers, assignment, [8, 8, 8, 8])
        await setting.submit(busy_headers, assignment)
        by_expert = {
            a["expert_id"]: a["id"] for a in (await setting.read(found["id"]))["assignments"]
        }
        url = f"/api/v1/reviews/rounds/{found['id']}/assignments"
        done = await setting.client.delete(
            f"{url}/{by_expert[str(silent.id)]}", headers=setting.staff
        )
        assert done.status_code == 200
        assert [a["expert_id"] for a in done.json()["assignments"]] == [str(busy.id)]
        kept = await setting.client.delete(
            f"{url}/{by_expert[str(busy.id)]}", headers=setting.staff
        )
        assert kept.status_code == 409
        assert kept.json()["code"] == "review.already_submitted"


class TestExpertScoring:
    async def test_an_expert_sees_and_scores_only_their_own_assignments(
        self, setting: Setting
    ) -> None:
        first, second = await setting.round(), await setting.round()
        expert_a, headers_a = await setting.expert()
        expert_b, headers_b = await setting.expert()
        await setting.assign(first["id"], expert_a)
        await setting.assign(second["id"], expert_b)
        [mine_a], [mine_b] = await setting.mine(headers_a), await setting.mine(headers_b)
        assert (mine_a["round_id"], mine_b["round_id"]) == (first["id"], second["id"])
        assert mine_a["subject_title"] == "高性能镁合金压铸关键技术研究"
        assert (await setting.save(headers_b, mine_a, [5])).status_code == 404
        assert (await setting.submit(headers_b, mine_a)).status_code == 404
        owner = await setting.client.get(
            "/api/v1/reviews/assignments/mine", headers=setting.actors.owner
        )
        assert owner.status_code == 403

    @pytest.mark.parametrize(
        ("score", "expected"),
        [("10", 200), ("0", 200), ("10.01", 422), ("-1", 422), ("11", 422)],
    )
    async def test_scores_lie_within_zero_and_the_maximum(
        self, setting: Setting, score: str, expected: int
    ) -> None:
        found = await setting.round()
        expert, headers = await setting.expert()
        await setting.assign(found["id"], expert)
        [assignment] = await setting.mine(headers)
        answer = await setting.save(headers, assignment, ["5", score])
        assert answer.status_code == expected, answer.text
        if expected == 422:
            assert answer.json()["code"] == "review.score_out_of_range"
            assert answer.json()["fields"][0]["field"] == "body.scores.1.score"

    async def test_saving_is_a_draft_and_submitting_is_final(self, setting: Setting) -> None:
        found = await setting.round()
        expert, headers = await setting.expert()
        await setting.assign(found["id"], expert)
        [assignment] = await setting.mine(headers)
        unknown = await setting.client.put(
            f"/api/v1/reviews/assignments/{assignment['id']}",
            json={"scores": [{"criterion_id": str(uuid.uuid4()), "score": 5}]},
            headers=headers,
        )
        assert unknown.json()["code"] == "review.unknown_criterion"
        saved = await setting.save(headers, assignment, [8, 7], comment="团队较强")
        assert saved.status_code == 200
        assert [s["score"] for s in saved.json()["scores"]] == ["8.00", "7.00"]
        staff_view = (await setting.read(found["id"]))["assignments"][0]
        assert (staff_view["status"], staff_view["scores"], staff_view["comment"]) == (
            "assigned", [], None,
        )  # fmt: skip
        incomplete = await setting.submit(headers, assignment)
        assert incomplete.status_code == 422
        assert incomplete.json()["code"] == "review.scores_incomplete"
        assert incomplete.json()["missing"] == ["团队能力", "经济社会效益"]
        await setting.save(headers, assignment, [8, 7, 9, 6], comment="团队较强")
        submitted = await setting.submit(headers, assignment)
        assert submitted.status_code == 200
        assert submitted.json()["status"] == "submitted"
        assert (await setting.save(headers, assignment, [1, 1, 1, 1])).status_code == 409
        assert (await setting.submit(headers, assignment)).json()["code"] == (
            "review.already_submitted"
        )
        staff_view = (await setting.read(found["id"]))["assignments"][0]
        assert staff_view["comment"] == "团队较强"
        assert [s["score"] for s in staff_view["scores"]] == ["8.00", "7.00", "9.00", "6.00"]
        audit = await setting.session.scalar(
            select(AuditLog).where(
                AuditLog.action == "review_assignment.submit",
                AuditLog.entity_id == assignment["id"],
            )
        )
        assert audit is not None
        assert audit.actor_user_id == expert.id

    async def test_a_decided_project_closes_its_round(self, setting: Setting) -> None:
        found = await setting.round()
        expert, headers = await setting.expert()
        await setting.assign(found["id"], expert)
        rejected = await setting.client.post(
            f"/api/v1/projects/{found['subject_id']}/reject",
            json={"reason": "创新性不足"},
            headers=setting.staff,
        )
        assert rejected.status_code == 200, rejected.text
        [assignment] = await setting.mine(headers)
        assert assignment["round_closed"] is True
        late = await setting.save(headers, assignment, [8])
        assert late.json()["code"] == "review.round_closed"
        other, _ = await setting.expert()
        assert (await setting.assign(found["id"], other)).json()["code"] == "review.round_closed"


class TestSuggestions:
    async def test_field_experts_ranked_by_shared_keywords_without_conflicts(
        self, setting: Setting
    ) -> None:
        found = await setting.round()  # special_metal; keywords 镁合金, 压铸
        both, _ = await setting.expert(display_name="两项", keywords=["压铸", "镁合金"])
        one, _ = await setting.expert(display_name="一项", keywords=["压铸", "热处理"])
        words, _ = await setting.expert(display_name="词", keywords=["镁合金铸造"])
        none, _ = await setting.expert(display_name="同领域")
        await setting.expert(fields=["semiconductor"], keywords=["镁合金", "压铸"])
        await setting.expert(organization=setting.company, keywords=["镁合金", "压铸"])
        await setting.expert(conflicts=[setting.company], keywords=["镁合金", "压铸"])
        assigned, _ = await setting.expert(keywords=["镁合金", "压铸"])
        await setting.assign(found["id"], assigned)
        retired, _ = await setting.expert(keywords=["镁合金", "压铸"])
        await setting.session.execute(update(User).where(User.id == retired.id).values(roles=[]))
        await setting.session.commit()

        answer = await setting.client.get(
            f"/api/v1/reviews/rounds/{found['id']}/suggested-experts", headers=setting.staff
        )
        assert answer.status_code == 200
        suggested = answer.json()
        # 词 and 一项 cover one keyword each; 词 shares more words of the title.
        assert [s["user_id"] for s in suggested] == [
            str(both.id), str(words.id), str(one.id), str(none.id)
        ]  # fmt: skip
        assert [s["shared_keywords"] for s in suggested] == [
            ["镁合金", "压铸"], ["镁合金"], ["压铸"], []
        ], "an expert in 镁合金铸造 covers 镁合金, not 压铸"  # fmt: skip
        limited = await setting.client.get(
            f"/api/v1/reviews/rounds/{found['id']}/suggested-experts",
            params={"limit": 1},
            headers=setting.staff,
        )
        assert [s["user_id"] for s in limited.json()] == [str(both.id)]
