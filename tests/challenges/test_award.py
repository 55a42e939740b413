"""From draft to accepted: three bids (one ineligible), five experts with conflicts refused,
scores aggregated with known numbers, publicity with an objection, the award, the project, the
next-ranked bid, milestones and the final acceptance; the board and the league's figures."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.challenges.demo import seed_demo_challenges
from techmarket.challenges.service import challenges_won_by_organization
from techmarket.core.outbox import OutboxEvent, OutboxWorker
from techmarket.identity.bootstrap import seed_demo
from techmarket.identity.models import OrganizationKind
from techmarket.worker import topic_handlers
from tests.challenges.world import World, challenge_body, make_world
from tests.factories import make_organization, make_user

# Scores per expert for the default criteria (weights 40, 30, 20, 10; each out of 10).
SCORES_A = [(9, 8, 8, 7), (8, 8, 9, 8), (10, 9, 9, 9), (6, 7, 7, 6), (8, 9, 8, 8)]
SCORES_B = [(7, 7, 7, 7), (8, 6, 7, 8), (7, 8, 6, 7), (9, 9, 9, 9), (5, 6, 6, 5)]


async def score(world: World, expert: dict[str, str], bid_id: str, values: tuple[int, ...]) -> None:
    mine = await world.client.get("/api/v1/reviews/assignments/mine", headers=expert)
    [assignment] = [a for a in mine.json()["items"] if a["subject_id"] == bid_id]
    scores = [
        {"criterion_id": c["id"], "score": str(v)}
        for c, v in zip(assignment["criteria"], values, strict=True)
    ]
    saved = await world.client.put(
        f"/api/v1/reviews/assignments/{assignment['id']}",
        json={"scores": scores, "comment": "方案可行"},
        headers=expert,
    )
    assert saved.status_code == 200, saved.text
    submitted = await world.client.post(
        f"/api/v1/reviews/assignments/{assignment['id']}/submit", headers=expert
    )
    assert submitted.status_code == 200, submitted.text


@pytest.fixture
async def world(client: AsyncClient, session: AsyncSession) -> World:
    return await make_world(client, session)


async def reviewed(world: World) -> dict[str, Any]:
    """A closed challenge with three bids, one ineligible, scored by five experts."""
    challenge = await world.published()
    cid = challenge["id"]
    _, a = await world.add_bidder("运城学院", kind=OrganizationKind.UNIVERSITY)
    _, b = await world.add_bidder("山西省镁合金材料研究院", kind=OrganizationKind.INSTITUTE)
    _, c = await world.add_bidder("运城某贸易公司")
    bid_a = await world.submitted_bid(cid, a, team=[{"name": "赵老师", "email": "zhao@ycu.cn"}])
    bid_b = await world.submitted_bid(cid, b, price="2600000")
    bid_c = await world.submitted_bid(cid, c)
    early = await world.post(
        f"/{cid}/bids/{bid_c['id']}/mark_ineligible", world.staff, {"reason": "经营范围不符"}
    )
    assert early.json()["code"] == "bid.not_found"  # sealed: staff do not see it yet
    await world.pass_deadline(cid)
    premature = await world.post(f"/{cid}/start_review", world.staff)
    assert premature.json()["code"] == "challenge.eligibility_pending"
    for bid, action, reason in (
        (bid_a, "mark_eligible", "资质齐全"),
        (bid_b, "mark_eligible", "资质齐全"),
        (bid_c, "mark_ineligible", "经营范围不符，不具备研发能力"),
    ):
        answer = await world.post(
            f"/{cid}/bids/{bid['id']}/{action}", world.staff, {"reason": reason}
        )
        assert answer.status_code == 200, answer.text
    started = await world.post(f"/{cid}/start_review", world.staff)
    assert started.json()["status"] == "reviewing", started.text

    # Conflicts: the issuer's people, a rival bidder's (even the ineligible one's), a member of
    # a bidding team, a declared conflict.
    issuer_expert = await make_user(world.session, organization=world.issuer_org, roles=["expert"])
    rival_expert, _ = await world.expert("钱专家", organization=world.bidder_orgs[2])
    team_member = await make_user(
        world.session,
        roles=["expert"],
        email="zhao@ycu.cn",
        organization=await make_organization(world.session, name="他校"),
    )
    declared, _ = await world.expert("孙专家", conflicts=[world.bidder_orgs[1]])
    for refused, reason in (
        (issuer_expert.id, "related_organization"),
        (rival_expert, "related_organization"),
        (team_member.id, "subject_team"),
        (declared, "declared_conflict"),
    ):
        answer = await world.post(f"/{cid}/panel", world.staff, {"expert_ids": [str(refused)]})
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "review.conflict_of_interest"
        assert answer.json()["reason"] == reason
    experts = [await world.expert(f"专家{i}") for i in range(5)]
    panel = await world.post(
        f"/{cid}/panel", world.staff, {"expert_ids": [str(e) for e, _ in experts]}
    )
    assert panel.status_code == 200, panel.text
    notes = (await world.client.get("/api/v1/notifications", headers=experts[0][1])).json()
    assert any("请评审" in note["title"] for note in notes["items"])
    assert (await world.post(f"/{cid}/propose", world.staff)).json()["code"] == (
        "challenge.reviews_incomplete"
    )
    # After the deadline an assigned expert reads the bids they review, and only those.
    expert_headers = experts[0][1]
    assert (await world.get(f"/{cid}/bids/{bid_a['id']}", expert_headers)).status_code == 200
    assert (await world.get(f"/{cid}/bids/{bid_c['id']}", expert_headers)).status_code == 404
    for (_, headers), sa, sb in zip(experts, SCORES_A, SCORES_B, strict=True):
        await score(world, headers, bid_a["id"], sa)
        await score(world, headers, bid_b["id"], sb)
    return {"challenge": challenge, "bids": (bid_a, bid_b, bid_c), "bidders": (a, b, c)}


async def test_from_draft_to_accepted(world: World, session: AsyncSession) -> None:
    setting = await reviewed(world)
    cid = setting["challenge"]["id"]
    bid_a, bid_b, bid_c = setting["bids"]
    a, b, c = setting["bidders"]

    ranking = (await world.get(f"/{cid}/ranking", world.staff)).json()
    assert "权重最高" in ranking["tie_break_rule"]
    ranked = {r["bid_id"]: r for r in ranking["bids"]}
    # A, trimmed: 去掉最高分和最低分 → (8+8+9)/3=8.33, (8+8+9)/3=8.33, (8+8+9)/3=8.33,
    # (7+8+8)/3=7.67 → 40×.8333+30×.8333+20×.8333+10×.7667 = 82.67
    assert ranked[bid_a["id"]]["trimmed"] is True
    assert Decimal(ranked[bid_a["id"]]["total"]) == Decimal("82.67")
    # B, trimmed: 7.33, 7.00, 6.67, 7.33 → 29.33 + 21 + 13.33 + 7.33 = 71.00
    assert Decimal(ranked[bid_b["id"]]["total"]) == Decimal("71.00")
    assert [ranked[b["id"]]["rank"] for b in (bid_a, bid_b, bid_c)] == [1, 2, None]
    assert (await world.get(f"/{cid}/ranking", world.issuer)).status_code == 403

    proposed = await world.post(f"/{cid}/propose", world.staff)
    assert proposed.json()["status"] == "publicity", proposed.text
    public = (await world.get(f"/{cid}")).json()
    assert public["winner_organization_name"] == "运城学院"
    assert public["publicity_ends_at"] is not None

    # Publicity: an objection with a reason; the award waits for its resolution and the end.
    assert (await world.post(f"/{cid}/objections", None, {"reason": "x"})).status_code == 401
    objection = await world.post(f"/{cid}/objections", b, {"reason": "中标方团队资质存疑"})
    assert objection.status_code == 201
    staff_notes = (await world.client.get("/api/v1/notifications", headers=world.staff)).json()
    titles = [note["title"] for note in staff_notes["items"]]
    assert any("待审核" in t for t in titles)  # when the issuer submitted it
    assert any("待资格审查" in t for t in titles)  # at the deadline
    assert any("收到异议" in t for t in titles)
    early = await world.post(f"/{cid}/award", world.staff, {"reason": "综合评分第一"})
    assert early.json()["code"] == "challenge.publicity_not_over"
    await world.move(cid, publicity_ends_at=datetime.now(UTC) - timedelta(seconds=1))
    late = await world.post(f"/{cid}/objections", c, {"reason": "迟到的异议"})
    assert late.json()["code"] == "objection.publicity_over"
    blocked = await world.post(f"/{cid}/award", world.staff, {"reason": "综合评分第一"})
    assert blocked.json()["code"] == "challenge.objections_open"
    resolved = await world.post(
        f"/{cid}/objections/{objection.json()['id']}/resolve",
        world.staff,
        {"outcome": "dismissed", "resolution": "经核查团队资质符合要求"},
    )
    assert resolved.json()["status"] == "dismissed"
    assert (await world.post(f"/{cid}/award", world.staff)).status_code == 422  # no reason
    awarded = await world.post(f"/{cid}/award", world.staff, {"reason": "综合评分第一，公示无异议"})
    assert awarded.json()["status"] == "awarded", awarded.text
    project_id = awarded.json()["project_id"]

    project = (await world.client.get(f"/api/v1/projects/{project_id}")).json()
    assert project["origin"] == "challenge"
    assert project["challenge_id"] == cid
    assert project["organization_id"] == str(world.bidder_orgs[0].id)
    assert project["objectives"] == setting["challenge"]["indicators"]
    assert Decimal(project["budget_granted"]) == Decimal("3000000")
    assert project["status"] == "approved"
    notes = (await world.client.get("/api/v1/notifications", headers=a)).json()["items"]
    assert any("揭榜挂帅" in note["title"] for note in notes)
    notes = (await world.client.get("/api/v1/notifications", headers=world.issuer)).json()["items"]
    assert any("已确定揭榜方" in note["title"] for note in notes)

    # The work: milestones reported by the winner, accepted or returned by the issuer.
    assert (await world.post(f"/{cid}/start_work", b)).status_code == 403
    assert (await world.post(f"/{cid}/start_work", a)).json()["status"] == "in_progress"
    reported = await world.post(
        f"/{cid}/milestones", a, {"title": "小试验证", "report": "盐雾 520 小时"}
    )
    assert reported.status_code == 201
    mid = reported.json()["id"]
    assert (
        await world.post(f"/{cid}/milestones", b, {"title": "x", "report": "y"})
    ).status_code == 403
    pending = await world.post(f"/{cid}/accept", world.issuer)
    assert pending.json()["code"] == "challenge.milestones_pending"
    returned = await world.post(
        f"/{cid}/milestones/{mid}/return", world.issuer, {"reason": "缺检测报告"}
    )
    assert returned.json()["status"] == "returned"
    again = await world.client.put(
        f"/api/v1/challenges/{cid}/milestones/{mid}",
        json={"title": "小试验证", "report": "盐雾 520 小时，附第三方检测报告"},
        headers=a,
    )
    assert again.json()["status"] == "reported"
    assert (await world.post(f"/{cid}/milestones/{mid}/accept", world.issuer)).json()[
        "status"
    ] == "accepted"
    accepted = await world.post(f"/{cid}/accept", world.issuer)
    assert accepted.json()["status"] == "accepted"

    won = await challenges_won_by_organization(session)
    assert won[world.bidder_orgs[0].id] == 1
    assert world.bidder_orgs[1].id not in won
    board = (await world.get("/board")).json()["items"]
    [line] = [entry for entry in board if entry["id"] == cid]
    assert line["winner_name"] == "运城学院"
    assert line["bid_count"] == 3
    assert line["status"] == "accepted"


async def test_the_next_ranked_bid_when_the_winner_drops_out(world: World) -> None:
    setting = await reviewed(world)
    cid = setting["challenge"]["id"]
    bid_a, _, _ = setting["bids"]
    await world.post(f"/{cid}/propose", world.staff)
    await world.move(cid, publicity_ends_at=datetime.now(UTC) - timedelta(seconds=1))
    first = (await world.post(f"/{cid}/award", world.staff, {"reason": "评分第一"})).json()
    answer = await world.post(f"/{cid}/award_next", world.staff, {"reason": "原揭榜方放弃"})
    assert answer.status_code == 200, answer.text
    second = answer.json()
    assert second["winner_organization_name"] == "山西省镁合金材料研究院"
    assert second["project_id"] != first["project_id"]
    old = (
        await world.client.get(f"/api/v1/projects/{first['project_id']}", headers=world.staff)
    ).json()
    assert old["status"] == "terminated"
    assert old["termination_reason"] == "原揭榜方放弃"
    a_bid = (await world.get(f"/{cid}/bids/{bid_a['id']}", world.staff)).json()
    assert a_bid["status"] == "not_awarded"
    assert a_bid["decision_reason"] == "原揭榜方放弃"
    nothing_left = await world.post(f"/{cid}/award_next", world.staff, {"reason": "再次放弃"})
    assert nothing_left.json()["code"] == "challenge.no_next_bid"


async def test_competitive_with_too_few_valid_bids_is_unawarded(world: World) -> None:
    challenge = await world.published(mode="competitive", min_valid_bids=2)
    cid = challenge["id"]
    _, a = await world.add_bidder("运城学院")
    bid = await world.submitted_bid(cid, a)
    await world.pass_deadline(cid)
    await world.post(f"/{cid}/bids/{bid['id']}/mark_eligible", world.staff, {"reason": "符合"})
    answer = await world.post(f"/{cid}/start_review", world.staff)
    assert answer.json()["code"] == "challenge.too_few_valid_bids"
    assert answer.json()["needed"] == 2
    answer = await world.post(
        f"/{cid}/declare_unawarded", world.staff, {"reason": "有效揭榜方不足两家"}
    )
    assert answer.json()["status"] == "unawarded"


async def test_search_finds_published_challenges_only(
    world: World, app: FastAPI, connection: AsyncConnection, session: AsyncSession
) -> None:
    published = await world.published(title="碳化硅功率器件封装散热技术攻关", keywords=["碳化硅"])
    draft = await world.post("", world.issuer, challenge_body(title="碳化硅衬底缺陷检测"))
    maker = async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )
    worker = OutboxWorker(maker, topic_handlers(maker, app.state.settings, app.state.search))
    for _ in range(10):
        await worker.run_once()
        if not await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == "search")
        ):
            break
    answer = await world.client.get("/api/v1/search", params={"q": "碳化硅", "types": "challenge"})
    assert answer.status_code == 200, answer.text
    found = [hit["id"] for hit in answer.json()["hits"]]
    assert found == [published["id"]]
    assert draft.json()["id"] not in found


async def test_demo_challenges(session: AsyncSession, client: AsyncClient) -> None:
    assert await seed_demo(session=session)  # the test's database has no organisation yet
    made = await seed_demo_challenges(session=session)
    statuses = sorted(str(c.status) for c in made)
    assert len(made) == 8
    assert {"published", "closed", "publicity", "awarded", "in_progress", "accepted"} <= set(
        statuses
    )
    board = (await client.get("/api/v1/challenges/board", params={"limit": 50})).json()["items"]
    assert {e["id"] for e in board} >= {str(c.id) for c in made if str(c.status) != "draft"}
    won = await challenges_won_by_organization(session)
    assert sum(won.values()) >= 1
    assert all(isinstance(k, uuid.UUID) for k in won)
    league = (await client.get("/api/v1/stats/league", params={"limit": 100})).json()["items"]
    shown = {row["organization_id"]: row["challenges_won"] for row in league}
    assert {str(k): v for k, v in won.items()}.items() <= shown.items(), "the league counts them"


async def test_an_expert_accepts_or_declines_and_a_declined_review_does_not_count(
    world: World,
) -> None:
    challenge = await world.published()
    cid = challenge["id"]
    _, a = await world.add_bidder("运城学院")
    bid = await world.submitted_bid(cid, a)
    await world.pass_deadline(cid)
    await world.post(f"/{cid}/bids/{bid['id']}/mark_eligible", world.staff, {"reason": "符合"})
    await world.post(f"/{cid}/start_review", world.staff)
    (willing, willing_headers), (busy, busy_headers) = (
        await world.expert("李专家"),
        await world.expert("陈专家"),
    )
    panel = await world.post(
        f"/{cid}/panel", world.staff, {"expert_ids": [str(willing), str(busy)]}
    )
    assert panel.json()["bids"][0]["reviews_assigned"] == 2
    [mine] = (
        await world.client.get("/api/v1/reviews/assignments/mine", headers=busy_headers)
    ).json()["items"]
    path = f"/api/v1/reviews/assignments/{mine['id']}"
    assert (
        await world.client.post(f"{path}/decline", json={}, headers=busy_headers)
    ).status_code == 422
    declined = await world.client.post(
        f"{path}/decline", json={"reason": "与申报团队有合作课题"}, headers=busy_headers
    )
    assert declined.json()["status"] == "declined"
    assert declined.json()["decline_reason"] == "与申报团队有合作课题"
    refused = await world.client.put(path, json={"scores": []}, headers=busy_headers)
    assert refused.json()["code"] == "review.declined"
    [other] = (
        await world.client.get("/api/v1/reviews/assignments/mine", headers=willing_headers)
    ).json()["items"]
    accepted = await world.client.post(
        f"/api/v1/reviews/assignments/{other['id']}/accept", headers=willing_headers
    )
    assert accepted.json()["status"] == "accepted"
    await score(world, willing_headers, bid["id"], (8, 8, 8, 8))
    ranking = (await world.get(f"/{cid}/ranking", world.staff)).json()
    assert ranking["bids"][0]["reviews_assigned"] == 1
    proposed = await world.post(f"/{cid}/propose", world.staff)
    assert proposed.json()["status"] == "publicity", proposed.text
