"""Challenges: issuing (from scratch or from a demand), modes and their rules, review and
publication, changing the terms, closing at the deadline, 流榜 and 撤榜."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.challenges.models import Challenge, ChallengeStatus
from techmarket.challenges.service import close_due_challenges
from techmarket.demands.models import DemandStatus
from techmarket.notifications.models import Notification
from techmarket.worker import PERIODIC_TASKS
from tests.challenges.world import API, World, challenge_body, make_world
from tests.factories import make_demand


@pytest.fixture
async def world(client: AsyncClient, session: AsyncSession) -> World:
    return await make_world(client, session)


class TestIssuing:
    async def test_draft_is_the_issuers_until_staff_publish_it(self, world: World) -> None:
        created = await world.post("", world.issuer, challenge_body())
        assert created.status_code == 201, created.text
        challenge = created.json()
        assert challenge["status"] == "draft"
        assert challenge["negotiable"] is False
        assert len(challenge["criteria"]) == 4  # the default criteria, weights summing to 100
        assert (await world.get(f"/{challenge['id']}")).status_code == 404  # anonymous
        assert (await world.get(f"/{challenge['id']}", world.staff)).status_code == 404
        await world.post(f"/{challenge['id']}/submit", world.issuer)
        rejected = await world.post(
            f"/{challenge['id']}/reject", world.staff, {"reason": "榜额不明"}
        )
        assert rejected.json()["status"] == "draft"
        assert rejected.json()["rejection_reason"] == "榜额不明"
        published = await world.published()
        assert (await world.get(f"/{published['id']}")).json()["status"] == "published"

    async def test_only_staff_publish(self, world: World) -> None:
        created = (await world.post("", world.issuer, challenge_body())).json()
        await world.post(f"/{created['id']}/submit", world.issuer)
        answer = await world.post(f"/{created['id']}/approve", world.issuer)
        assert answer.status_code == 403

    async def test_bounty_zero_means_negotiable(self, world: World) -> None:
        answer = await world.post("", world.issuer, challenge_body(bounty="0"))
        assert answer.json()["negotiable"] is True

    async def test_directed_needs_justification_and_invitations(self, world: World) -> None:
        answer = await world.post("", world.issuer, challenge_body(mode="directed"))
        assert answer.status_code == 422
        invited, _ = await world.add_bidder("运城学院")
        answer = await world.post(
            "",
            world.issuer,
            challenge_body(
                mode="directed",
                justification="该技术涉及企业核心产线，仅向已合作的高校定向委托。",
                invited_organization_ids=[str(invited.id)],
            ),
        )
        assert answer.status_code == 201, answer.text
        assert answer.json()["invited_organization_ids"] == [str(invited.id)]

    async def test_competitive_needs_a_minimum(self, world: World) -> None:
        assert (
            await world.post("", world.issuer, challenge_body(mode="competitive"))
        ).status_code == 422
        answer = await world.post(
            "", world.issuer, challenge_body(mode="competitive", min_valid_bids=3)
        )
        assert answer.json()["min_valid_bids"] == 3

    async def test_weights_must_sum_to_100(self, world: World) -> None:
        criteria = [
            {"name": "先进性", "weight": "60", "max_score": "10"},
            {"name": "可行性", "weight": "30", "max_score": "10"},
        ]
        answer = await world.post("", world.issuer, challenge_body(criteria=criteria))
        assert answer.status_code == 422

    async def test_deadline_in_the_past_is_refused(self, world: World) -> None:
        answer = await world.post("", world.issuer, challenge_body(deadline="2020-01-01T00:00:00Z"))
        assert answer.status_code == 422
        assert answer.json()["code"] == "challenge.deadline_in_the_past"

    async def test_raised_from_a_demand_links_both_ways(
        self, world: World, session: AsyncSession
    ) -> None:
        demand = await make_demand(
            session, organization=world.issuer_org, status=DemandStatus.PUBLISHED
        )
        challenge = await world.published(origin_demand_id=str(demand.id))
        assert challenge["origin_demand_id"] == str(demand.id)
        read = await world.client.get(f"/api/v1/demands/{demand.id}")
        assert read.json()["challenge_ids"] == [challenge["id"]]

    async def test_someone_elses_demand_is_refused(
        self, world: World, session: AsyncSession
    ) -> None:
        other, _ = await world.add_bidder("运城学院")
        demand = await make_demand(session, organization=other, status=DemandStatus.PUBLISHED)
        answer = await world.post("", world.issuer, challenge_body(origin_demand_id=str(demand.id)))
        assert answer.status_code == 422


class TestChangingTerms:
    async def test_submitted_bids_need_reconfirmation(self, world: World) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        bid = await world.submitted_bid(challenge["id"], bidder)
        read = await world.get(f"/{challenge['id']}", world.issuer)
        changed = await world.client.patch(
            f"{API}/{challenge['id']}",
            json={"indicators": "中性盐雾试验 ≥ 720 小时"},
            headers=world.issuer | {"If-Match": read.headers["ETag"]},
        )
        assert changed.status_code == 200, changed.text
        mine = await world.get(f"/{challenge['id']}/bids/{bid['id']}", bidder)
        assert mine.json()["status"] == "needs_reconfirmation"
        again = await world.post(f"/{challenge['id']}/bids/{bid['id']}/submit", bidder)
        assert again.json()["status"] == "submitted"
        # Same content, same hash; the receipt's time says when it was confirmed again.
        assert again.json()["receipt"]["sha256"] == bid["receipt"]["sha256"]
        assert again.json()["receipt"]["submitted_at"] > bid["receipt"]["submitted_at"]

    async def test_stale_version_is_refused(self, world: World) -> None:
        challenge = await world.published()
        answer = await world.client.patch(
            f"{API}/{challenge['id']}",
            json={"payer": "运城市科学技术局"},
            headers=world.issuer | {"If-Match": '"99"'},
        )
        assert answer.status_code == 412

    async def test_nothing_changes_after_the_deadline(self, world: World) -> None:
        challenge = await world.published()
        await world.pass_deadline(challenge["id"])
        read = await world.get(f"/{challenge['id']}", world.issuer)
        answer = await world.client.patch(
            f"{API}/{challenge['id']}",
            json={"payer": "运城市科学技术局"},
            headers=world.issuer | {"If-Match": read.headers["ETag"]},
        )
        assert answer.status_code == 409
        assert answer.json()["code"] == "challenge.not_editable"


class TestClosing:
    async def test_reads_see_closed_before_the_scheduler_runs(
        self, world: World, session: AsyncSession
    ) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        await world.submitted_bid(challenge["id"], bidder)
        await world.pass_deadline(challenge["id"])
        stored = await session.get(Challenge, challenge["id"])
        assert stored is not None
        assert stored.status is ChallengeStatus.PUBLISHED
        assert (await world.get(f"/{challenge['id']}")).json()["status"] == "closed"
        listed = await world.get("", status="closed")
        assert challenge["id"] in [c["id"] for c in listed.json()["items"]]
        listed = await world.get("", status="published")
        assert challenge["id"] not in [c["id"] for c in listed.json()["items"]]

    async def test_the_scheduler_closes_and_notifies(
        self, world: World, session: AsyncSession
    ) -> None:
        assert "challenges.close_at_deadline" in [task.name for task in PERIODIC_TASKS]
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        await world.submitted_bid(challenge["id"], bidder)
        await world.pass_deadline(challenge["id"])
        assert await close_due_challenges(session) >= 1
        await session.commit()
        stored = await session.scalar(select(Challenge).where(Challenge.id == challenge["id"]))
        assert stored is not None
        await session.refresh(stored)
        assert stored.status is ChallengeStatus.CLOSED
        notes = await world.client.get("/api/v1/notifications", headers=bidder)
        assert any("已截止" in note["title"] for note in notes.json()["items"])

    async def test_no_bid_means_unawarded(self, world: World, session: AsyncSession) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        draft = await world.post(
            f"/{challenge['id']}/bids",
            bidder,
            {"leader_name": "王教授", "approach": "方案", "price": "100000"},
        )
        assert draft.status_code == 201  # a draft never submitted does not count
        await world.pass_deadline(challenge["id"])
        await close_due_challenges(session)
        await session.commit()
        read = await world.get(f"/{challenge['id']}")
        assert read.json()["status"] == "unawarded"
        assert read.json()["bid_count"] == 0

    async def test_cancel_needs_staff_and_a_reason_and_tells_bidders(
        self, world: World, session: AsyncSession
    ) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        await world.submitted_bid(challenge["id"], bidder)
        assert (
            await world.post(f"/{challenge['id']}/cancel", world.issuer, {"reason": "x"})
        ).status_code == 403
        answer = await world.post(f"/{challenge['id']}/cancel", world.staff)
        assert answer.status_code == 422
        answer = await world.post(
            f"/{challenge['id']}/cancel", world.staff, {"reason": "需求已由企业自行解决"}
        )
        assert answer.json()["status"] == "cancelled"
        assert answer.json()["outcome_reason"] == "需求已由企业自行解决"
        titles = [n.title for n in await session.scalars(select(Notification))]
        assert any("撤榜" in title for title in titles)
        notes = await world.client.get("/api/v1/notifications", headers=bidder)
        assert any("撤榜" in note["title"] for note in notes.json()["items"])
