"""站内消息: what happened to one's entries, reviews and connections."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from techmarket.core.deps import CurrentUser
from techmarket.core.errors import problem_responses
from techmarket.core.pagination import Page, PageDep
from techmarket.db import SessionDep
from techmarket.notifications import service
from techmarket.notifications.schemas import NotificationRead, UnreadCount

router = APIRouter(prefix="/notifications", tags=["notifications"])


@router.get("", response_model=Page[NotificationRead])
async def list_notifications(
    principal: CurrentUser, session: SessionDep, page: PageDep, unread_only: bool = False
) -> Page[NotificationRead]:
    """One's notifications, newest first."""
    items, next_cursor = await service.list_mine(
        session=session,
        principal=principal,
        unread_only=unread_only,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(items=[NotificationRead.model_validate(n) for n in items], next_cursor=next_cursor)


@router.get("/unread-count", response_model=UnreadCount)
async def count_unread_notifications(principal: CurrentUser, session: SessionDep) -> UnreadCount:
    """How many notifications are unread (the badge in the workspace)."""
    return UnreadCount(unread=await service.unread_count(session=session, principal=principal))


@router.post(
    "/{notification_id}/read",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404),
)
async def mark_notification_read(
    notification_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> None:
    """Mark one notification as read."""
    await service.mark_read(session=session, principal=principal, notification_id=notification_id)


@router.post("/read-all", status_code=status.HTTP_204_NO_CONTENT)
async def mark_all_notifications_read(principal: CurrentUser, session: SessionDep) -> None:
    """Mark every notification as read."""
    await service.mark_read(session=session, principal=principal, notification_id=None)
