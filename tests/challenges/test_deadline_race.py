"""Bids submitted at the very moment of the deadline, while the scheduler closes the challenge:
each is wholly in (a receipt before the deadline, counted, published) or wholly out (409
``bid.deadline_passed``, still a draft). Real concurrent transactions need real commits, so this
runs in a database of its own."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from techmarket.challenges import bids, service
from techmarket.challenges.models import (
    BidStatus,
    Challenge,
    ChallengeBid,
    ChallengeBoard,
    ChallengeMode,
    ChallengeStatus,
)
from techmarket.challenges.schemas import DEFAULT_CRITERIA, BidAction
from techmarket.core.principal import ANONYMOUS, MembershipRole, Principal
from techmarket.db import create_engine, create_sessionmaker
from techmarket.identity.models import Organization
from techmarket.migrate import upgrade
from techmarket.settings import Settings
from tests.databases import fresh_database
from tests.factories import make_organization, make_user

# How long before the deadline each round sends its submissions: from surely in to surely out.
LEAD = (0.08, 0.04, 0.02, 0.01, 0.0)
ROUNDS = len(LEAD)


@pytest.fixture
async def race_engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    assert settings.database_url
    url = await fresh_database(settings.database_url, "techmarket_test_bid_race")
    engine = create_engine(url)
    await upgrade(engine)
    yield engine
    await engine.dispose()


async def _bidder(session: AsyncSession, name: str) -> Principal:
    organization = await make_organization(session, name=name)
    user = await make_user(session, organization=organization)
    return Principal(
        user_id=user.id,
        organization_id=organization.id,
        organization_verified=True,
        membership=MembershipRole.OWNER,
    )


async def _challenge(session: AsyncSession, issuer: Organization, deadline: datetime) -> Challenge:
    challenge = Challenge(
        organization_id=issuer.id, status=ChallengeStatus.PUBLISHED, title="截止时刻的竞速",
        description="问题", indicators="指标", field="special_metal", region="yanhu",
        keywords=[], board=ChallengeBoard.ENTERPRISE, mode=ChallengeMode.OPEN_CALL,
        bounty=Decimal(100000), payer="发榜方", deadline=deadline, duration_months=6,
        criteria=[c.model_dump(mode="json") for c in DEFAULT_CRITERIA],
        published_at=datetime.now(UTC),
    )  # fmt: skip
    session.add(challenge)
    await session.commit()
    return challenge


async def _draft(session: AsyncSession, challenge: Challenge, bidder: Principal) -> ChallengeBid:
    assert bidder.organization_id is not None
    bid = ChallengeBid(
        challenge_id=challenge.id, organization_id=bidder.organization_id,
        status=BidStatus.DRAFT, leader_name="负责人", team=[], approach="方案", milestones=[],
        price=Decimal(90000),
    )  # fmt: skip
    session.add(bid)
    await session.commit()
    return bid


async def _submit(
    maker: async_sessionmaker[AsyncSession], bidder: Principal, bid: ChallengeBid
) -> bool:
    """Answer whether the submission was taken."""
    async with maker() as session:
        try:
            await bids.act_on_bid(
                session=session, principal=bidder, challenge_id=bid.challenge_id, bid_id=bid.id,
                action=BidAction.SUBMIT, reason=None,
            )  # fmt: skip
        except bids.DeadlinePassed:
            return False
    return True


async def _close(maker: async_sessionmaker[AsyncSession], deadline: datetime) -> None:
    """The scheduler, trying from just before the deadline until it has closed. A bid being
    submitted holds the challenge's row, which the scheduler skips (SKIP LOCKED) and takes on a
    later try: on a loaded machine that can be well past the deadline (bounded at 10 s)."""
    while True:
        async with maker() as session, session.begin():
            closed = await service.close_due_challenges(session)
        if closed or datetime.now(UTC) > deadline + timedelta(seconds=10):
            return
        await asyncio.sleep(0.001)


async def test_a_bid_at_the_deadline_is_wholly_in_or_wholly_out(race_engine: AsyncEngine) -> None:
    maker = create_sessionmaker(race_engine)
    async with maker() as session:
        issuer = await make_organization(session, name="发榜企业")
        first, second = await _bidder(session, "甲研究院"), await _bidder(session, "乙大学")
    outcomes = []
    for number in range(ROUNDS):
        deadline = datetime.now(UTC) + timedelta(milliseconds=300)
        async with maker() as session:
            challenge = await _challenge(session, issuer, deadline)
            one, two = (
                await _draft(session, challenge, first),
                await _draft(session, challenge, second),
            )
        # Aim the submissions at the deadline itself, a little earlier or later each round.
        await asyncio.sleep(max(0.0, (deadline - datetime.now(UTC)).total_seconds() - LEAD[number]))
        taken = await asyncio.gather(
            _submit(maker, first, one), _submit(maker, second, two), _close(maker, deadline)
        )
        async with maker() as session:
            stored = await session.get(Challenge, challenge.id)
            assert stored is not None
            assert stored.status in (ChallengeStatus.CLOSED, ChallengeStatus.UNAWARDED)
            published = await bids.receipts(
                session=session, principal=ANONYMOUS, challenge_id=challenge.id
            )
            counted = {r.bid_id: r for r in published.receipts}
            for bid, was_taken in zip((one, two), taken[:2], strict=True):
                row = await session.scalar(select(ChallengeBid).where(ChallengeBid.id == bid.id))
                assert row is not None
                if was_taken:
                    assert row.status is BidStatus.SUBMITTED
                    assert row.submitted_at is not None
                    assert row.submitted_at < deadline
                    assert bid.id in counted
                else:
                    assert row.status is BidStatus.DRAFT
                    assert row.receipt_sha256 is None
                    assert bid.id not in counted
            # 流榜 exactly when nothing was in.
            assert (stored.status is ChallengeStatus.UNAWARDED) == (not counted)
            outcomes.extend(taken[:2])
    assert len(outcomes) == 2 * ROUNDS
