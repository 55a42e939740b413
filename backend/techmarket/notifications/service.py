"""Messages to users: written in the transaction of what they announce, read in the workspace."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.errors import AppError
from techmarket.core.pagination import keyset_page
from techmarket.core.principal import STAFF_ROLES, Principal
from techmarket.db import transactional
from techmarket.identity.models import User
from techmarket.notifications.models import Notification


class NotificationNotFound(AppError):
    code = "notification.not_found"
    status = 404
    title = "Notification not found"


async def notify_organization(
    session: AsyncSession,
    *,
    organization_id: uuid.UUID,
    kind: str,
    title: str,
    body: str | None = None,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
) -> int:
    """Give every active member of the organisation the message; answer how many got it."""
    members = list(
        await session.scalars(
            select(User.id).where(User.organization_id == organization_id, User.is_active)
        )
    )
    notify_users(
        session, user_ids=members, kind=kind, title=title, body=body, entity_type=entity_type,
        entity_id=entity_id,
    )  # fmt: skip
    return len(members)


def notify_users(
    session: AsyncSession,
    *,
    user_ids: Iterable[uuid.UUID],
    kind: str,
    title: str,
    body: str | None = None,
    entity_type: str | None = None,
    entity_id: uuid.UUID | None = None,
) -> None:
    """Give each user the message (experts, staff: people rather than organisations)."""
    for user_id in dict.fromkeys(user_ids):
        session.add(
            Notification(
                user_id=user_id,
                kind=kind,
                title=title,
                body=body,
                entity_type=entity_type,
                entity_id=entity_id,
            )
        )


async def staff_ids(session: AsyncSession) -> list[uuid.UUID]:
    """Active bureau staff (admins and reviewers), who act on what awaits them."""
    return list(
        await session.scalars(
            select(User.id).where(
                User.is_active, User.roles.overlap([role.value for role in STAFF_ROLES])
            )
        )
    )


async def list_mine(
    *,
    session: AsyncSession,
    principal: Principal,
    unread_only: bool,
    limit: int,
    cursor: str | None,
) -> tuple[list[Notification], str | None]:
    statement = select(Notification).where(Notification.user_id == principal.user_id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return await keyset_page(
        session,
        statement,
        key=Notification.created_at,
        id_column=Notification.id,
        limit=limit,
        cursor=cursor,
    )


async def unread_count(*, session: AsyncSession, principal: Principal) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == principal.user_id, Notification.read_at.is_(None))
    )
    return int(count or 0)


@transactional
async def mark_read(
    *, session: AsyncSession, principal: Principal, notification_id: uuid.UUID | None
) -> int:
    """Mark one notification (or, without an id, all of them) as read."""
    statement = update(Notification).where(
        Notification.user_id == principal.user_id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        mine = await session.scalar(
            select(Notification.id).where(
                Notification.id == notification_id, Notification.user_id == principal.user_id
            )
        )
        if mine is None:
            raise NotificationNotFound()
        statement = statement.where(Notification.id == notification_id)
    result = await session.execute(statement.values(read_at=datetime.now(UTC)))
    return int(result.rowcount)  # type: ignore[attr-defined]
