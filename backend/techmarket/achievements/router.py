"""科技成果: technology achievements offered to the market."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import JSONResponse

from techmarket.achievements import service
from techmarket.achievements.schemas import (
    AchievementAction,
    AchievementCreate,
    AchievementFilters,
    AchievementRead,
    AchievementUpdate,
)
from techmarket.core import idempotency
from techmarket.core.deps import Anyone
from techmarket.core.entries import ActionBody, if_match_version
from techmarket.core.errors import problem_responses
from techmarket.core.idempotency import IdempotencyKey
from techmarket.core.pagination import Page, PageDep
from techmarket.core.policy import writer
from techmarket.core.principal import Principal, Scope
from techmarket.db import SessionDep

router = APIRouter(prefix="/achievements", tags=["achievements"])
AchievementWriter = Annotated[Principal, Depends(writer(Scope.ACHIEVEMENTS_WRITE))]


@router.post(
    "",
    response_model=AchievementRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 422),
)
async def create_achievement(
    data: AchievementCreate,
    principal: AchievementWriter,
    session: SessionDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """List an achievement as a draft of one's organisation; submit it for review when ready.
    With `Idempotency-Key`, a retry gets the first answer and creates nothing."""
    answer = await idempotency.create_once(
        session=session,
        principal=principal,
        key=idempotency_key,
        operation="achievements.create",
        request=data,
        add=lambda: service.add_achievement(session=session, principal=principal, data=data),
        render=lambda achievement: service.to_read(achievement, principal),
    )
    return idempotency.as_response(answer)


@router.get("", response_model=Page[AchievementRead])
async def list_achievements(
    principal: Anyone,
    session: SessionDep,
    page: PageDep,
    filters: Annotated[AchievementFilters, Query()],
) -> Page[AchievementRead]:
    """Achievements the caller may see: published and transferred ones for everyone, plus one's
    own, plus what awaits review for bureau staff."""
    items, next_cursor = await service.list_achievements(
        session=session, principal=principal, filters=filters, limit=page.limit, cursor=page.cursor
    )
    return Page(items=[service.to_read(a, principal) for a in items], next_cursor=next_cursor)


@router.get("/{achievement_id}", response_model=AchievementRead, responses=problem_responses(404))
async def read_achievement(
    achievement_id: uuid.UUID, principal: Anyone, session: SessionDep, response: Response
) -> AchievementRead:
    """One achievement; its `ETag` is the version to send back in `If-Match` when changing it."""
    achievement = await service.get_achievement(
        session=session, principal=principal, achievement_id=achievement_id
    )
    response.headers["ETag"] = f'"{achievement.version}"'
    return service.to_read(achievement, principal)


@router.patch(
    "/{achievement_id}",
    response_model=AchievementRead,
    responses=problem_responses(403, 404, 409, 412, 428),
)
async def update_achievement(
    achievement_id: uuid.UUID,
    data: AchievementUpdate,
    version: Annotated[int, Depends(if_match_version)],
    principal: AchievementWriter,
    session: SessionDep,
    response: Response,
) -> AchievementRead:
    """Change a draft or rejected achievement (a published one: contact details only)."""
    achievement = await service.update_achievement(
        session=session,
        principal=principal,
        achievement_id=achievement_id,
        version=version,
        data=data,
    )
    response.headers["ETag"] = f'"{achievement.version}"'
    return service.to_read(achievement, principal)


@router.post(
    "/{achievement_id}/{action}",
    response_model=AchievementRead,
    responses=problem_responses(403, 404, 409),
)
async def act_on_achievement(
    achievement_id: uuid.UUID,
    action: AchievementAction,
    principal: AchievementWriter,
    session: SessionDep,
    body: ActionBody | None = None,
) -> AchievementRead:
    """Move an achievement through review and the market: submit, recall, approve, reject (with
    a reason), withdraw, mark_transferred (已转化)."""
    achievement = await service.act_on_achievement(
        session=session,
        principal=principal,
        achievement_id=achievement_id,
        action=action,
        reason=body.reason if body else None,
    )
    return service.to_read(achievement, principal)
