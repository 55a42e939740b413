"""What every catalogue entry shares (demands, achievements, projects): owner, author, field,
region, keywords, review, publication and optimistic locking; who sees which entries; and the
``If-Match`` precondition for updates.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Header
from sqlalchemy import ColumnElement, DateTime, ForeignKey, Integer, String, Text, Uuid, false, or_
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from techmarket.core.errors import AppError
from techmarket.core.principal import Principal
from techmarket.db import utcnow_column


class EntryColumns:
    """Columns of every entry; each collection adds its own fields and its ``status``."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    title: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(50), index=True)
    region: Mapped[str] = mapped_column(String(50), index=True)
    keywords: Mapped[list[str]] = mapped_column(ARRAY(String(50)), default=list)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = utcnow_column(index=True)
    updated_at: Mapped[datetime] = utcnow_column()
    version: Mapped[int] = mapped_column(Integer, default=1)

    @declared_attr
    def organization_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(ForeignKey("organization.id", ondelete="RESTRICT"), index=True)

    @declared_attr
    def author_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        # SQLAlchemy adds "AND version = :old" to every UPDATE: a concurrent write fails loudly.
        return {"version_id_col": cls.version}


def visible_to(
    model: Any, principal: Principal, *, public: Collection[StrEnum], draft: StrEnum
) -> ColumnElement[bool]:
    """Who sees an entry: everyone its public statuses; its organisation all of it; bureau
    staff everything but drafts (what awaits review included)."""
    clauses: list[ColumnElement[bool]] = [model.status.in_(list(public))]
    if principal.organization_id is not None:
        clauses.append(model.organization_id == principal.organization_id)
    if principal.is_staff:
        clauses.append(model.status != draft)
    return or_(*clauses) if clauses else false()


def sees_contact(principal: Principal, organization_id: uuid.UUID) -> bool:
    """Contact details are for signed-in users of verified organisations, the owner and staff."""
    return (
        principal.acts_for(organization_id)
        or principal.is_staff
        or (principal.user_id is not None and principal.organization_verified)
    )


class PreconditionRequired(AppError):
    code = "precondition.required"
    status = 428
    title = "Send If-Match with the version you are changing"


class PreconditionFailed(AppError):
    code = "precondition.failed"
    status = 412
    title = "The entry changed since you read it"


def if_match_version(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description='The `version` (ETag) you read: `"3"` or `3`.'),
    ] = None,
) -> int:
    """The version a client read, from ``If-Match``; absent or unreadable is 428."""
    value = (if_match or "").strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionRequired("updates need If-Match: the version of the entry you read")
    return int(value)


def check_version(entity: Any, expected: int) -> None:
    if entity.version != expected:
        raise PreconditionFailed(
            f"you changed version {expected}, the entry is at version {entity.version}: "
            "reload it and apply your change again",
            current_version=entity.version,
        )
