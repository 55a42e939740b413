"""Keyset pagination: ``limit`` + an opaque ``cursor``, answered as ``{items, next_cursor}``.

The cursor is the sort key and id of the last item, so the last page costs what the first does.
Sort keys are allow-listed per list (an enum), never free strings from the client.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from techmarket.core.errors import AppError, FieldError

T = TypeVar("T")
MAX_LIMIT = 100


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null at the end."
    )


@dataclass(frozen=True)
class PageParams:
    limit: int
    cursor: str | None


async def page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = 20,
    cursor: Annotated[str | None, Query(max_length=500, description="From `next_cursor`.")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageDep = Annotated[PageParams, Depends(page_params)]


class InvalidCursor(AppError):
    code = "pagination.invalid_cursor"
    status = 422
    title = "Invalid cursor"


def _encode(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else str(v) for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != 2:
            raise ValueError(cursor)
        return [str(v) for v in values]
    except ValueError as error:
        raise InvalidCursor(
            "the cursor is not one this API issued",
            fields=[FieldError(field="query.cursor", message="invalid cursor")],
        ) from error


async def keyset_page(
    session: AsyncSession,
    statement: Select[T],
    *,
    key: InstrumentedAttribute[Any],
    id_column: InstrumentedAttribute[Any],
    limit: int,
    cursor: str | None,
    descending: bool = True,
) -> tuple[list[T], str | None]:
    """Answer one page of ``statement`` ordered by ``key`` then ``id_column``."""
    if cursor:
        last_key, last_id = _decode(cursor)
        try:
            key_value = (
                key.type.python_type(last_key)
                if key.type.python_type is not datetime
                else datetime.fromisoformat(last_key)
            )
            id_value = id_column.type.python_type(last_id)
        except (ValueError, TypeError) as error:
            raise InvalidCursor("the cursor does not fit this list") from error
        if descending:
            statement = statement.where(
                or_(key < key_value, and_(key == key_value, id_column < id_value))
            )
        else:
            statement = statement.where(
                or_(key > key_value, and_(key == key_value, id_column > id_value))
            )
    order = (key.desc(), id_column.desc()) if descending else (key.asc(), id_column.asc())
    rows = list((await session.scalars(statement.order_by(*order).limit(limit + 1))).all())
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = _encode([getattr(last, key.key), getattr(last, id_column.key)])
    return items, next_cursor
