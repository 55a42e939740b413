"""The workspace's matching summary: for each of one's own entries on a page, how many matches
and the best one, in one request instead of one per entry."""

from __future__ import annotations

import time
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.core.principal import Principal
from techmarket.demands.models import Demand, DemandStatus
from techmarket.matching.schemas import EntryMatches, MineAnswer, OwnKind
from techmarket.matching.service import entry_text, rank
from techmarket.search.engine import SearchReader
from techmarket.search.indexes import Indexes, SearchType

# Entries whose matches the workspace shows: those still on the market.
MATCHABLE = {
    OwnKind.DEMAND: frozenset({DemandStatus.PUBLISHED, DemandStatus.IN_PROGRESS}),
    OwnKind.ACHIEVEMENT: frozenset({AchievementStatus.PUBLISHED}),
}


async def _own_entries(
    session: AsyncSession, principal: Principal, kind: OwnKind, ids: list[uuid.UUID]
) -> dict[uuid.UUID, Demand | Achievement]:
    """The caller's organisation's matchable entries among ``ids``; others are left out."""
    if principal.organization_id is None:
        return {}
    model = Demand if kind is OwnKind.DEMAND else Achievement
    rows: list[Demand | Achievement] = list(
        await session.scalars(
            select(model).where(
                model.id.in_(ids),
                model.organization_id == principal.organization_id,
                model.status.in_(list(MATCHABLE[kind])),
            )
        )
    )
    return {entry.id: entry for entry in rows}


async def summarize_mine(
    *,
    session: AsyncSession,
    reader: SearchReader,
    indexes: Indexes,
    principal: Principal,
    kind: OwnKind,
    ids: list[uuid.UUID],
    limit: int,
) -> MineAnswer:
    """Each entry is ranked as on its own page (one more than ``limit``, to tell "10+")."""
    started = time.perf_counter()
    entries = await _own_entries(session, principal, kind, ids)
    items = []
    for entry_id in dict.fromkeys(ids):
        entry = entries.get(entry_id)
        if entry is None:
            continue
        if isinstance(entry, Demand):
            target, summary = SearchType.ACHIEVEMENT, entry.description
        else:
            target, summary = SearchType.DEMAND, entry.abstract
        answer = await rank(
            session=session,
            reader=reader,
            indexes=indexes,
            kind=target,
            text=entry_text(entry.title, summary, entry.keywords),
            field=entry.field,
            limit=limit + 1,
        )
        found = answer.matches
        items.append(
            EntryMatches(
                id=entry_id,
                count=min(len(found), limit),
                more=len(found) > limit,
                best=found[0] if found else None,
            )
        )
    return MineAnswer(items=items, took_ms=round(1000 * (time.perf_counter() - started)))
