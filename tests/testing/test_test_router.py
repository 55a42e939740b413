"""``/api/v1/_test``: browser tests end a publicity now, only on a platform started for testing;
the act is audited as a test act."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.main import create_app
from techmarket.settings import Environment, JWTSettings, Settings
from tests.apps import running
from tests.challenges.world import World, make_world
from tests.core.test_route_policies import _api_routes

PATH = "/api/v1/_test/challenges/{}/end-publicity"
BIDDING = "/api/v1/_test/challenges/{}/end-bidding"


@pytest.fixture
async def world(client: AsyncClient, session: AsyncSession) -> World:
    return await make_world(client, session)


async def under_publicity(world: World) -> str:
    """A challenge with one valid bid, scored by one expert, its result under publicity."""
    challenge = await world.published()
    cid = challenge["id"]
    _, bidder = await world.add_bidder("运城学院")
    bid = await world.submitted_bid(cid, bidder)
    await world.pass_deadline(cid)
    await world.post(f"/{cid}/bids/{bid['id']}/mark_eligible", world.staff, {"reason": "资质齐全"})
    assert (await world.post(f"/{cid}/start_review", world.staff)).status_code == 200
    expert, headers = await world.expert("周专家")
    panel = await world.post(f"/{cid}/panel", world.staff, {"expert_ids": [str(expert)]})
    assert panel.is_success, panel.text
    mine = (await world.client.get("/api/v1/reviews/assignments/mine", headers=headers)).json()
    [assignment] = mine["items"]
    scores = [{"criterion_id": c["id"], "score": "8"} for c in assignment["criteria"]]
    reviews = f"/api/v1/reviews/assignments/{assignment['id']}"
    await world.client.put(reviews, json={"scores": scores}, headers=headers)
    assert (await world.client.post(f"{reviews}/submit", headers=headers)).is_success
    proposed = await world.post(f"/{cid}/propose", world.staff)
    assert proposed.json()["status"] == "publicity", proposed.text
    return cid  # type: ignore[no-any-return]


async def test_staff_end_publicity_so_that_the_award_can_follow(
    world: World, session: AsyncSession
) -> None:
    cid = await under_publicity(world)
    early = await world.post(f"/{cid}/award", world.staff, {"reason": "评分第一"})
    assert early.json()["code"] == "challenge.publicity_not_over"
    bidder = world.bidders[0]
    for who in (bidder, world.issuer):
        refused = await world.client.post(PATH.format(cid), headers=who)
        assert refused.status_code == 403

    ended = await world.client.post(PATH.format(cid), headers=world.staff)

    assert ended.status_code == 200, ended.text
    assert datetime.fromisoformat(ended.json()["publicity_ends_at"]) < datetime.now(UTC)
    logged = await session.scalar(
        select(AuditLog).where(
            AuditLog.action == "testing.end_publicity", AuditLog.entity_id == cid
        )
    )
    assert logged is not None
    assert logged.reason is not None
    assert "test act" in logged.reason
    awarded = await world.post(f"/{cid}/award", world.staff, {"reason": "评分第一，公示无异议"})
    assert awarded.json()["status"] == "awarded", awarded.text


async def test_only_a_challenge_under_publicity(world: World) -> None:
    challenge = await world.published()
    answer = await world.client.post(PATH.format(challenge["id"]), headers=world.staff)
    assert answer.status_code == 409
    assert answer.json()["code"] == "testing.not_in_publicity"


async def test_staff_pass_the_bid_deadline_now(world: World, session: AsyncSession) -> None:
    challenge = await world.published()
    cid = challenge["id"]
    _, bidder = await world.add_bidder("运城学院")
    bid = await world.submitted_bid(cid, bidder)
    assert (await world.client.post(BIDDING.format(cid), headers=bidder)).status_code == 403

    ended = await world.client.post(BIDDING.format(cid), headers=world.staff)

    assert ended.status_code == 200, ended.text
    assert ended.json()["status"] == "closed"
    assert ended.json()["bid_count"] == 1
    late = await world.post(f"/{cid}/bids/{bid['id']}/withdraw", bidder)
    assert late.json()["code"] == "bid.deadline_passed"
    again = await world.client.post(BIDDING.format(cid), headers=world.staff)
    assert again.json()["code"] == "testing.not_open_for_bids"
    logged = await session.scalar(
        select(AuditLog).where(AuditLog.action == "testing.end_bidding", AuditLog.entity_id == cid)
    )
    assert logged is not None


def _test_routes(app: FastAPI) -> list[str]:
    return [route.path for route in _api_routes(app) if "/_test" in route.path]


async def test_mounted_in_testing_and_nowhere_else(
    app: FastAPI, client: AsyncClient, settings: Settings
) -> None:
    assert sorted(_test_routes(app)) == [
        "/_test/challenges/{challenge_id}/end-bidding",
        "/_test/challenges/{challenge_id}/end-publicity",
    ]
    assert "/_test" not in str(app.openapi()["paths"])  # never in the published API
    anyone = PATH.format(uuid.uuid4())
    assert (await client.post(anyone)).status_code == 401  # there: it asks who you are
    for env in (Environment.LOCAL, Environment.PRODUCTION):
        other = create_app(
            settings.model_copy(update={"env": env, "jwt": JWTSettings(secret="s" * 48)})
        )
        assert _test_routes(other) == []
        async with running(other) as elsewhere:
            # Nothing answers: only the SPA's static files, which refuse a POST.
            assert (await elsewhere.post(anyone)).status_code in (404, 405)
