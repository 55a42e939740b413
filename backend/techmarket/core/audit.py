"""The audit log: an append-only record of every status change and privileged act.

Nothing in the application updates or deletes audit rows, and the database refuses it too: a
trigger (see the migration) raises on UPDATE and DELETE of ``audit_log``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic_core import to_jsonable_python
from sqlalchemy import BigInteger, DateTime, Identity, String, Uuid, func, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core.pagination import keyset_page
from techmarket.core.request_context import current_client_ip, current_request_id
from techmarket.db import Base

if TYPE_CHECKING:
    from techmarket.core.principal import Principal


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    actor_api_key_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(100), index=True)
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    reason: Mapped[str | None] = mapped_column(String(2000))
    request_id: Mapped[str | None] = mapped_column(String(128))
    ip: Mapped[str | None] = mapped_column(String(64))


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """UUIDs, datetimes, enums and lists of them, as JSON (the audit columns are JSONB)."""
    return None if values is None else dict(to_jsonable_python(values))


def record(
    session: AsyncSession,
    *,
    principal: Principal | None,
    action: str,
    entity_type: str,
    entity_id: object | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    organization_id: uuid.UUID | None = None,
) -> None:
    """Add an audit row to the caller's transaction: it is kept exactly when the act is."""
    session.add(
        AuditLog(
            actor_user_id=principal.user_id if principal else None,
            actor_api_key_id=principal.api_key_id if principal else None,
            organization_id=organization_id or (principal.organization_id if principal else None),
            action=action,
            entity_type=entity_type,
            entity_id=None if entity_id is None else str(entity_id),
            before=_jsonable(before),
            after=_jsonable(after),
            reason=reason,
            request_id=current_request_id(),
            ip=current_client_ip(),
        )
    )


def changes(entity: object, updates: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Before and after values of the fields that ``updates`` really changes."""
    changed = {k: v for k, v in updates.items() if getattr(entity, k) != v}
    return {k: getattr(entity, k) for k in changed}, changed


async def query(
    session: AsyncSession,
    *,
    actor_user_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
    action: str | None = None,
    entity_type: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int,
    cursor: str | None,
) -> tuple[list[AuditLog], str | None]:
    statement = select(AuditLog)
    for column, value in (
        (AuditLog.actor_user_id, actor_user_id),
        (AuditLog.organization_id, organization_id),
        (AuditLog.action, action),
        (AuditLog.entity_type, entity_type),
        (AuditLog.entity_id, entity_id),
    ):
        if value is not None:
            statement = statement.where(column == value)
    if since is not None:
        statement = statement.where(AuditLog.at >= since)
    if until is not None:
        statement = statement.where(AuditLog.at < until)
    return await keyset_page(
        session, statement, key=AuditLog.at, id_column=AuditLog.id, limit=limit, cursor=cursor
    )
