"""The async engine, the session factory and the declarative base."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from enum import StrEnum
from functools import wraps
from typing import Annotated, Any, ParamSpec, TypeVar

import asyncpg  # type: ignore[import-untyped]
import sqlalchemy as sa
from fastapi import Depends, Request
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, mapped_column

from techmarket.core.errors import DatabaseUnavailable

# Stable constraint names make migrations reviewable and reversible.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def str_enum(enum: type[StrEnum], name: str) -> sa.Enum:
    """A status or kind stored as text with a CHECK constraint, not a PostgreSQL ENUM type:
    adding a value is then one ordinary migration."""
    return sa.Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        # Room to grow: a new, longer value must not need a column change.
        length=max(32, *(len(member.value) for member in enum)),
        values_callable=lambda members: [member.value for member in members],
    )


def utcnow_column(**options: Any) -> Any:
    return mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now(), **options)


# What asyncpg raises, untranslated by SQLAlchemy, when no connection can be made at all.
_CANNOT_CONNECT = (OSError, TimeoutError, asyncpg.CannotConnectNowError)


def _connect_or_unavailable(
    dialect: Dialect, _record: Any, cargs: tuple[Any, ...], cparams: dict[str, Any]
) -> Any:
    """Open a connection as SQLAlchemy would; a refused one becomes ``DatabaseUnavailable``
    (a 503 for the API) instead of a bare ``OSError`` that nothing could tell from a bug."""
    try:
        return dialect.connect(*cargs, **cparams)
    except _CANNOT_CONNECT as error:
        raise DatabaseUnavailable(f"cannot connect: {type(error).__name__}") from error


def create_engine(url: str, **options: Any) -> AsyncEngine:
    """No ``pool_pre_ping``: with asyncpg it costs three round trips (BEGIN, a ping, ROLLBACK)
    on every checkout, the most of any request under load. A connection found dead fails its
    request (503) and SQLAlchemy then discards the whole pool's older connections; connections
    are renewed every half hour anyway, ahead of any server or proxy idle timeout."""
    options.setdefault("pool_recycle", 1800)
    engine = create_async_engine(url, **options)
    event.listen(engine.sync_engine, "do_connect", _connect_or_unavailable)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request; services commit, this only closes (never commits after send)."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    async with sessionmaker() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session)]

P = ParamSpec("P")
R = TypeVar("R")


def transactional(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """Make a public service function one unit of work: the only place that commits.

    The wrapped function takes the session as its keyword argument ``session``; on success the
    session is committed, on any error it is rolled back and the error propagates.
    """

    @wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        session = kwargs["session"]
        assert isinstance(session, AsyncSession)
        try:
            result = await func(*args, **kwargs)
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        return result

    return wrapper
