"""统计: the public dashboard's figures and the organisation league 组织榜."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from techmarket.core.deps import Anyone
from techmarket.core.pagination import MAX_LIMIT
from techmarket.db import SessionDep
from techmarket.stats import service
from techmarket.stats.schemas import League, LeagueSort, StatsOverview

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("/overview", response_model=StatsOverview)
async def read_stats_overview(_: Anyone, session: SessionDep) -> StatsOverview:
    """Key figures, public entries by field, region and month (the last 12 months),
    connections by status and contract turnover by month."""
    return await service.overview(session=session)


@router.get("/league", response_model=League)
async def read_stats_league(
    _: Anyone,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    sort: LeagueSort = LeagueSort.OUTCOMES,
) -> League:
    """Organisations ranked by verifiable outcomes (achievements transferred under a contract,
    challenges won, contract turnover); each row lists the records behind its figures."""
    return League(items=await service.league(session=session, limit=limit, sort=sort))
