"""Matching: what could answer a demand, who could use an achievement, and free text."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from techmarket.core.deps import Anyone, CurrentUser, IndexesDep, Reader, SearchReaderDep
from techmarket.core.errors import problem_responses
from techmarket.db import SessionDep
from techmarket.matching import mine, service
from techmarket.matching.schemas import MatchAnswer, MatchRequest, MineAnswer, OwnKind
from techmarket.search.indexes import SearchType

router = APIRouter(tags=["matching"])
Limit = Annotated[int, Query(ge=1, le=50)]


@router.get(
    "/demands/{demand_id}/matches",
    response_model=MatchAnswer,
    responses=problem_responses(404, 503),
)
async def match_demand(
    demand_id: uuid.UUID,
    principal: Anyone,
    session: SessionDep,
    reader: SearchReaderDep,
    indexes: IndexesDep,
    limit: Limit = 10,
) -> MatchAnswer:
    """Published achievements that could answer the demand, best first, each with its reasons."""
    return await service.achievements_for_demand(
        session=session,
        reader=reader,
        indexes=indexes,
        principal=principal,
        demand_id=demand_id,
        limit=limit,
    )


@router.get(
    "/achievements/{achievement_id}/matches",
    response_model=MatchAnswer,
    responses=problem_responses(404, 503),
)
async def match_achievement(
    achievement_id: uuid.UUID,
    principal: Anyone,
    session: SessionDep,
    reader: SearchReaderDep,
    indexes: IndexesDep,
    limit: Limit = 10,
) -> MatchAnswer:
    """Published demands the achievement could answer, best first, each with its reasons."""
    return await service.demands_for_achievement(
        session=session,
        reader=reader,
        indexes=indexes,
        principal=principal,
        achievement_id=achievement_id,
        limit=limit,
    )


@router.get("/matching/mine", response_model=MineAnswer, responses=problem_responses(503))
async def summarize_my_matches(
    kind: OwnKind,
    ids: Annotated[list[uuid.UUID], Query(min_length=1, max_length=20)],
    principal: CurrentUser,
    session: SessionDep,
    reader: SearchReaderDep,
    indexes: IndexesDep,
    limit: Limit = 10,
) -> MineAnswer:
    """For each of one's organisation's entries listed (a workspace page), the number of
    matches and the best one: one request instead of one per entry."""
    return await mine.summarize_mine(
        session=session,
        reader=reader,
        indexes=indexes,
        principal=principal,
        kind=kind,
        ids=ids,
        limit=limit,
    )


@router.post("/matching/achievements", response_model=MatchAnswer, responses=problem_responses(503))
async def match_text_to_achievements(
    data: MatchRequest,
    _: Reader,
    session: SessionDep,
    reader: SearchReaderDep,
    indexes: IndexesDep,
) -> MatchAnswer:
    """Published achievements for a need described in free text (third-party systems)."""
    return await service.rank(
        session=session,
        reader=reader,
        indexes=indexes,
        kind=SearchType.ACHIEVEMENT,
        text=data.text,
        field=data.field,
        limit=data.limit,
    )
