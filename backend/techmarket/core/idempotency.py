"""Idempotency-Key for creation: a retried request gets the first answer, never a second entry.

Third-party systems retry when a connection breaks; without a key a retry may post the same
demand twice. With ``Idempotency-Key`` the first request reserves (principal, key) in the same
transaction that creates the entry and stores its answer there too; so the key exists exactly
when the entry does. A concurrent duplicate's INSERT waits on the unique key until the first
commits, then finds the stored answer; if the first failed, nothing was kept and the duplicate
runs as a first request. Errors are not stored: retrying a refused request is asking again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeVar

from fastapi import Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import (
    DateTime,
    Integer,
    PrimaryKeyConstraint,
    String,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.core.errors import AppError, FieldError
from techmarket.core.principal import Principal
from techmarket.core.scheduler import Periodic
from techmarket.db import Base, transactional

T = TypeVar("T")
RETENTION = timedelta(hours=24)


class IdempotencyRecord(Base):
    """The first answer to a request sent with an ``Idempotency-Key``, kept for a day."""

    __tablename__ = "idempotency_record"
    __table_args__ = (PrimaryKeyConstraint("principal", "key"),)

    principal: Mapped[str] = mapped_column(String(60))  # "api_key:<id>" or "user:<id>"
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Written in the same transaction as the reservation: a committed record always has them.
    status_code: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[Any] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Any unique string (e.g. a UUID): a retry with the same key and body gets "
        "the first answer instead of creating again. Kept for 24 hours.",
    ),
]


class KeyReused(AppError):
    code = "idempotency.key_reused"
    status = 422
    title = "This Idempotency-Key was used for another request"


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: Any
    replayed: bool


def _principal_key(principal: Principal) -> str:
    if principal.api_key_id is not None:
        return f"api_key:{principal.api_key_id}"
    return f"user:{principal.user_id}"


def fingerprint(operation: str, request: BaseModel) -> str:
    """What makes two requests "the same": the operation and the validated body (so spacing or
    key order in the JSON does not matter)."""
    canonical = json.dumps(
        {"operation": operation, "body": request.model_dump(mode="json")},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


async def _added(session: AsyncSession, add: Callable[[], Awaitable[T]]) -> T:
    """What ``add`` created, stored: the answer shows the database's timestamps and version."""
    result = await add()
    await session.flush()
    return result


@transactional
async def create_once(
    *,
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    operation: str,
    request: BaseModel,
    add: Callable[[], Awaitable[T]],
    render: Callable[[T], BaseModel],
    status_code: int = 201,
) -> Answer:
    """Run ``add`` (a flush-only service function) in this unit of work and answer its rendered
    result; with a ``key``, answer the stored first answer to a retry instead."""
    if key is None:
        result = render(await _added(session, add))
        return Answer(status_code, result.model_dump(mode="json", by_alias=True), replayed=False)
    owner = _principal_key(principal)
    digest = fingerprint(operation, request)
    reserved = await session.scalar(
        insert(IdempotencyRecord)
        .values(principal=owner, key=key, fingerprint=digest)
        .on_conflict_do_nothing(index_elements=["principal", "key"])
        .returning(IdempotencyRecord.key)
    )
    if reserved is None:
        first = (
            await session.execute(
                select(IdempotencyRecord.fingerprint, IdempotencyRecord.status_code,
                       IdempotencyRecord.body)
                .where(IdempotencyRecord.principal == owner, IdempotencyRecord.key == key)
            )
        ).one()  # fmt: skip
        if first.fingerprint != digest:
            raise KeyReused(
                "send a new Idempotency-Key for a different request",
                fields=[FieldError(field="header.Idempotency-Key", message="already used")],
            )
        return Answer(first.status_code, first.body, replayed=True)
    body = render(await _added(session, add)).model_dump(mode="json", by_alias=True)
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.principal == owner, IdempotencyRecord.key == key)
        .values(status_code=status_code, body=body)
    )
    return Answer(status_code, body, replayed=False)


async def _forget_old_keys(session: AsyncSession) -> None:
    await session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.created_at < func.now() - RETENTION)
    )


FORGET_OLD_KEYS = Periodic(
    name="idempotency.forget", every=timedelta(hours=1), run=_forget_old_keys
)


def as_response(answer: Answer) -> JSONResponse:
    """The answer as HTTP; a replay says so in `Idempotent-Replayed`."""
    headers = {"Idempotent-Replayed": "true"} if answer.replayed else None
    return JSONResponse(answer.body, status_code=answer.status_code, headers=headers)
