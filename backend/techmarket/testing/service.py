"""Acts that only browser tests may take, to skip waits that last minutes or days in real life.

Mounted only when ``TECHMARKET_ENV=testing`` (``main.api_routers``); every act is audited as a
test act, so a testing database never passes one off as a real decision.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.challenges.models import Challenge, ChallengeStatus
from techmarket.challenges.service import effective_status, get_challenge, now
from techmarket.core import audit
from techmarket.core.errors import AppError
from techmarket.core.principal import Principal
from techmarket.db import transactional


class NotOpenForBids(AppError):
    code = "testing.not_open_for_bids"
    status = 409
    title = "The challenge is not open for bids"


class NotInPublicity(AppError):
    code = "testing.not_in_publicity"
    status = 409
    title = "The challenge is not under publicity"


def _record(
    session: AsyncSession,
    principal: Principal,
    challenge: Challenge,
    *,
    action: str,
    field: str,
    before: object,
) -> None:
    audit.record(
        session,
        principal=principal,
        action=action,
        entity_type="challenge",
        entity_id=challenge.id,
        before={field: before},
        after={field: getattr(challenge, field)},
        reason=f"test act: {field} moved into the past by a browser test (TECHMARKET_ENV=testing)",
        organization_id=challenge.organization_id,
    )


@transactional
async def end_bidding(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> Challenge:
    """Move the bid deadline of a published challenge one second into the past, as time would:
    reads see it closed at once, and the next write (or the scheduler) settles it."""
    challenge = await get_challenge(
        session=session, principal=principal, challenge_id=challenge_id, lock=True
    )
    if effective_status(challenge) is not ChallengeStatus.PUBLISHED:
        raise NotOpenForBids(f"a {effective_status(challenge)} challenge takes no bids")
    before = challenge.deadline
    challenge.deadline = now() - timedelta(seconds=1)
    _record(
        session, principal, challenge, action="testing.end_bidding", field="deadline", before=before
    )
    await session.flush()
    return challenge


@transactional
async def end_publicity(
    *, session: AsyncSession, principal: Principal, challenge_id: uuid.UUID
) -> Challenge:
    """Move the end of a challenge's publicity (公示, at least a day) one second into the past,
    so that a browser test can go on to the award."""
    challenge = await get_challenge(
        session=session, principal=principal, challenge_id=challenge_id, lock=True
    )
    if challenge.status is not ChallengeStatus.PUBLICITY or challenge.publicity_ends_at is None:
        raise NotInPublicity(f"a {challenge.status} challenge has no publicity to end")
    before = challenge.publicity_ends_at
    challenge.publicity_ends_at = now() - timedelta(seconds=1)
    _record(
        session,
        principal,
        challenge,
        action="testing.end_publicity",
        field="publicity_ends_at",
        before=before,
    )
    await session.flush()
    return challenge
