"""Readiness: can this process serve requests right now?"""

from __future__ import annotations

import asyncio

from meilisearch_python_sdk import AsyncClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from techmarket.migrate import applied_revisions
from techmarket.system.schemas import Components, ComponentState, ComponentStatus, Readiness

CHECK_TIMEOUT_SECONDS = 3.0
OK = ComponentState(status=ComponentStatus.OK)


def _error(detail: str) -> ComponentState:
    return ComponentState(status=ComponentStatus.ERROR, detail=detail)


def _describe(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {CHECK_TIMEOUT_SECONDS:.0f} s"
    return f"{type(error).__name__}: {error}".strip()[:300]


async def _check_database(
    engine: AsyncEngine, heads: set[str]
) -> tuple[ComponentState, ComponentState]:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            applied = await applied_revisions(connection)
    except Exception as error:  # noqa: BLE001 - any failure is "not ready", reported as such
        return _error(_describe(error)), _error("unknown: the database does not answer")
    if applied != heads:
        have = ", ".join(sorted(applied)) or "none"
        return OK, _error(
            f"schema at {have}, code expects {', '.join(sorted(heads))}: run techmarket migrate"
        )
    return OK, OK


async def _check_search(client: AsyncClient) -> ComponentState:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            health = await client.health()
            if health.status != "available":
                return _error(f"Meilisearch reports {health.status}")
            await client.get_version()  # needs the key: proves we are authorised, not just alive
    except Exception as error:  # noqa: BLE001
        return _error(_describe(error))
    return OK


async def check_readiness(
    *, engine: AsyncEngine, search: AsyncClient, heads: set[str]
) -> Readiness:
    (database, migrations), search_state = await asyncio.gather(
        _check_database(engine, heads), _check_search(search)
    )
    components = Components(database=database, migrations=migrations, search=search_state)
    ready = all(
        state.status is ComponentStatus.OK for state in (database, migrations, search_state)
    )
    return Readiness(status="ok" if ready else "unavailable", components=components)
