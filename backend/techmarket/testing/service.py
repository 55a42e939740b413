"""Acts that only browser tests may take, to skip waits that last days in real life.

Mounted only when ``TECHMARKET_ENV=testing`` (``main.api_router``); every act is audited as a
test act, so a testing database never passes one off as a real decision.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.challenges.models import Challenge, ChallengeStatus
from techmarket.challenges.service import get_challenge, now
from techmarket.core import audit
from techmarket.core.errors import AppError
from techmarket.core.principal import Principal
from techmarket.db import transactional


class NotInPublicity(AppError):
    code = "testing.not_in_publicity"
    status = 409
    title = "The challenge is not under publicity"


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
    audit.record(
        session,
        principal=principal,
        action="testing.end_publicity",
        entity_type="challenge",
        entity_id=challenge.id,
        before={"publicity_ends_at": before},
        after={"publicity_ends_at": challenge.publicity_ends_at},
        reason="test act: publicity ended early by a browser test (TECHMARKET_ENV=testing)",
        organization_id=challenge.organization_id,
    )
    await session.flush()
    return challenge
