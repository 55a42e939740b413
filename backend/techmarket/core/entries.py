"""What every catalogue entry shares (demands, achievements, projects): owner, author, field,
region, keywords, review, publication and optimistic locking; who sees which entries; and the
``If-Match`` precondition for updates.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import Header
from pydantic import BaseModel, Field, StringConstraints, ValidationError
from sqlalchemy import (
    ColumnElement,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Text,
    Uuid,
    bindparam,
    false,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql.elements import BindParameter

from techmarket.catalog.models import Taxonomy
from techmarket.catalog.service import active_codes, ensure_terms
from techmarket.core import audit, outbox
from techmarket.core.errors import AppError, InvalidInput
from techmarket.core.pagination import keyset_page
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import utcnow_column

if TYPE_CHECKING:
    from techmarket.core.workflow import Workflow

# Input types every collection's schemas share.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Keyword = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=30)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{5,20}$")]
ContactName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
# 100 billion CNY: more than any technology contract; larger is a typo, not an amount.
MAX_AMOUNT = Decimal("100000000000")
Amount = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT, max_digits=14, decimal_places=2)]
# A bound in a list filter: beyond what any stored amount can reach, PostgreSQL would overflow.
AmountBound = Annotated[Decimal, Field(ge=0, le=MAX_AMOUNT)]


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


def public_list_index(model: Any, public: Collection[StrEnum]) -> Index:
    """The public lists, newest first, read public rows only, however many drafts and entries
    awaiting review lie on top of them: through the index of every row, PostgreSQL skipped
    18,800 pending demands one by one (12-23 ms; about 1 ms with this one, bench/RESULTS.md).
    One column: the planner discounts a multi-column index's correlation with the table and
    preferred the index of every row over a (created_at, id) one."""
    return Index(
        f"ix_{model.__tablename__}_public_created_at",
        model.created_at,
        postgresql_where=model.status.in_(sorted(public)),
    )


def visible_to(
    model: Any, principal: Principal, *, public: Collection[StrEnum], draft: StrEnum
) -> ColumnElement[bool]:
    """Who sees an entry: everyone its public statuses; its organisation all of it; bureau
    staff everything but drafts (what awaits review included)."""
    # The statuses are written into the SQL, not sent as parameters: a prepared statement's
    # generic plan could not prove that they match the partial index of public rows.
    statuses: BindParameter[list[str]] = bindparam(
        "public", sorted(public), expanding=True, literal_execute=True, unique=True
    )
    clauses: list[ColumnElement[bool]] = [model.status.in_(statuses)]
    if principal.organization_id is not None:
        clauses.append(model.organization_id == principal.organization_id)
    if principal.is_staff:
        clauses.append(model.status != draft)
    return or_(*clauses) if clauses else false()


async def get_visible(
    session: AsyncSession,
    model: type[Any],
    entry_id: uuid.UUID,
    *,
    principal: Principal,
    public: Collection[StrEnum],
    draft: StrEnum,
    not_found: type[AppError],
) -> Any:
    """The entry if ``principal`` may see it; ``not_found`` otherwise, so that drafts and
    applications stay unknown even to someone who has their id."""
    entry = await session.scalar(
        select(model).where(
            model.id == entry_id, visible_to(model, principal, public=public, draft=draft)
        )
    )
    if entry is None:
        raise not_found()
    return entry


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


async def if_match_version(
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


def validate_whole(
    schema: type[BaseModel], entity: Any, names: Iterable[str], updates: dict[str, Any]
) -> None:
    """Validate a partial update together with what is stored: required fields are kept and
    rules across fields (a range, a period) still hold. Answers 422 like request validation."""
    stored = {name: getattr(entity, name) for name in names}
    try:
        schema.model_validate(stored | updates)
    except ValidationError as error:
        raise InvalidInput.from_validation(error) from error


async def save_changes(
    session: AsyncSession,
    entity: Any,
    *,
    principal: Principal,
    entity_type: str,
    updates: dict[str, Any],
) -> None:
    """Write the fields that really change, under the version check, with their audit row."""
    before, after = audit.changes(entity, updates)
    if not after:
        return
    for name, value in after.items():
        setattr(entity, name, value)
    entity.updated_at = datetime.now(UTC)
    try:
        await session.flush()
    except StaleDataError as error:
        raise PreconditionFailed(
            f"the {entity_type} was changed at the same moment: reload it"
        ) from error
    _changed(session, entity)
    audit.record(
        session,
        principal=principal,
        action=f"{entity_type}.update",
        entity_type=entity_type,
        entity_id=entity.id,
        before=before,
        after=after,
        organization_id=getattr(entity, "organization_id", None),
    )


def _changed(session: AsyncSession, entry: Any) -> None:
    """Tell the search index (through the outbox) that an entry changed outside a transition."""
    outbox.enqueue(
        session,
        topic="search",
        payload={"entity_type": entry.__tablename__, "id": str(entry.id), "action": "update"},
    )


async def add_entry(
    session: AsyncSession,
    model: type[Any],
    *,
    principal: Principal,
    values: dict[str, Any],
    status: StrEnum,
    published: bool = False,
) -> Any:
    """Add an entry of ``principal``'s organisation to the caller's unit of work, audited.

    Creating is not a transition: a new entry starts as a draft, or, for an admin's bulk
    publication, as published. Nothing is flushed here, so a bulk creation inserts its entries,
    outbox events and audit rows in a few batched statements, not three per entry.
    """
    if principal.organization_id is None:
        raise Forbidden(f"only members of an organisation add a {model.__tablename__}")
    entry = model(
        **values,
        id=uuid.uuid4(),
        organization_id=principal.organization_id,
        author_id=principal.user_id,
        status=status,
        published_at=datetime.now(UTC) if published else None,
    )
    session.add(entry)
    if published:
        _changed(session, entry)
    audit.record(
        session,
        principal=principal,
        action=f"{model.__tablename__}.create",
        entity_type=model.__tablename__,
        entity_id=entry.id,
        after={"title": entry.title, "status": status},
    )
    return entry


class EntryContact(BaseModel):
    """联系人 of an entry: only for whom ``sees_contact`` allows."""

    name: str | None
    phone: str | None
    email: str | None


R = TypeVar("R", bound=BaseModel)


def entry_read(schema: type[R], entry: Any, principal: Principal, **extra: Any) -> R:
    """``schema`` filled from ``entry``, with its ``contact`` only for whom may see it."""
    values = {name: getattr(entry, name) for name in schema.model_fields if hasattr(entry, name)}
    contact = None
    if sees_contact(principal, entry.organization_id):
        contact = EntryContact(
            name=entry.contact_name, phone=entry.contact_phone, email=entry.contact_email
        )
    return schema.model_validate(values | {"contact": contact} | extra)


class ActionBody(BaseModel):
    reason: str | None = Field(
        default=None, max_length=2000, description="Required to reject; kept in the audit log."
    )


class EntryFilters(BaseModel):
    """Filters every entry list offers; each collection adds its status, kinds, amounts, sort."""

    field: str | None = None
    region: str | None = None
    organization_id: uuid.UUID | None = None
    created_from: datetime | None = None
    created_until: datetime | None = None


def filter_entries(
    statement: Select[Any], model: Any, filters: EntryFilters, *, equal: Iterable[str] = ()
) -> Select[Any]:
    """The shared filters, and equality on the collection's own fields named in ``equal``."""
    for name in ("field", "region", "organization_id", *equal):
        if (value := getattr(filters, name)) is not None:
            statement = statement.where(getattr(model, name) == value)
    if filters.created_from is not None:
        statement = statement.where(model.created_at >= filters.created_from)
    if filters.created_until is not None:
        statement = statement.where(model.created_at < filters.created_until)
    return statement


async def entry_page(
    session: AsyncSession,
    statement: Select[Any],
    model: Any,
    *,
    sort: StrEnum,
    limit: int,
    cursor: str | None,
) -> tuple[list[Any], str | None]:
    """One page in the order of ``sort``, an allow-listed column name (``-`` first: descending)."""
    return await keyset_page(
        session,
        statement,
        key=getattr(model, sort.value.removeprefix("-")),
        id_column=model.id,
        limit=limit,
        cursor=cursor,
        descending=sort.value.startswith("-"),
    )


async def check_terms(
    session: AsyncSession, values: Mapping[str, Any], taxonomies: Mapping[str, Taxonomy]
) -> None:
    """Refuse codes, single or in a list, that are not active values of their taxonomy."""
    named = [taxonomy for name, taxonomy in taxonomies.items() if values.get(name) is not None]
    await active_codes(session, named)  # one query; the checks below read the session's cache
    for name, taxonomy in taxonomies.items():
        if (value := values.get(name)) is not None:
            codes = value if isinstance(value, list) else [value]
            await ensure_terms(
                session=session, taxonomy=taxonomy, codes=codes, field=f"body.{name}"
            )


def ensure_editable(
    entry: Any,
    updates: Iterable[str],
    *,
    entity_type: str,
    editable: Collection[StrEnum],
    live: Collection[StrEnum],
    live_fields: Collection[str],
    error: type[AppError],
) -> None:
    """Drafts and rejected entries change freely; a live one only in ``live_fields``, since the
    rest is what reviewers approved; in any other status nothing changes."""
    if entry.status in editable:
        return
    locked = sorted(set(updates) - set(live_fields))
    if entry.status not in live or locked:
        raise error(
            f"a {entry.status} {entity_type} cannot change {', '.join(locked) or 'anything'}",
            current_status=str(entry.status),
        )


async def apply_entry_action(
    session: AsyncSession,
    workflow: Workflow[Any],
    entry: Any,
    action: str,
    *,
    principal: Principal,
    reason: str | None,
) -> None:
    """Take ``action`` through the entry's workflow: approving publishes it, rejecting sends it
    back to its owner with the reason."""
    changes: dict[str, Any] = {}
    if action == "approve":
        changes = {"published_at": datetime.now(UTC), "rejection_reason": None}
    elif action == "reject":
        changes = {"rejection_reason": (reason or "").strip() or None}
    workflow.apply(session, entry, action, principal=principal, reason=reason, changes=changes)
    entry.updated_at = datetime.now(UTC)
    await session.flush()
