"""``/api/v1/_test``: shortcuts for browser tests, mounted only when TECHMARKET_ENV=testing and
never part of the published API (the template's ``private`` router)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from techmarket.challenges import service as challenges
from techmarket.challenges.schemas import ChallengeRead
from techmarket.core.deps import Staff
from techmarket.core.errors import problem_responses
from techmarket.db import SessionDep
from techmarket.testing import service

router = APIRouter(prefix="/_test", tags=["testing"], include_in_schema=False)


@router.post(
    "/challenges/{challenge_id}/end-bidding",
    response_model=ChallengeRead,
    responses=problem_responses(403, 404, 409),
)
async def end_challenge_bidding(
    challenge_id: uuid.UUID, principal: Staff, session: SessionDep
) -> ChallengeRead:
    """Pass a published challenge's bid deadline now (staff, testing only), audited as a test
    act: slow machines need not race a deadline a few minutes ahead."""
    challenge = await service.end_bidding(
        session=session, principal=principal, challenge_id=challenge_id
    )
    return await challenges.to_read(session, challenge)


@router.post(
    "/challenges/{challenge_id}/end-publicity",
    response_model=ChallengeRead,
    responses=problem_responses(403, 404, 409),
)
async def end_challenge_publicity(
    challenge_id: uuid.UUID, principal: Staff, session: SessionDep
) -> ChallengeRead:
    """End a challenge's publicity now (staff, testing only), audited as a test act."""
    challenge = await service.end_publicity(
        session=session, principal=principal, challenge_id=challenge_id
    )
    return await challenges.to_read(session, challenge)
