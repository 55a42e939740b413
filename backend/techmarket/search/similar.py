"""Entries that look like one being written or reviewed, so that the same achievement is not
listed twice: titles compared by trigram similarity (pg_trgm) across the three databases,
among what the caller may see (their own drafts included)."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import String, cast, func, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import PUBLIC_STATUSES as ACHIEVEMENT_PUBLIC
from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.core.entries import visible_to
from techmarket.core.principal import Principal
from techmarket.demands.models import PUBLIC_STATUSES as DEMAND_PUBLIC
from techmarket.demands.models import Demand, DemandStatus
from techmarket.projects.models import PUBLIC_STATUSES as PROJECT_PUBLIC
from techmarket.projects.models import Project, ProjectStatus

THRESHOLD = 0.3  # below this, titles share only common words
SOURCES: list[tuple[str, Any, Any, Any]] = [
    ("demand", Demand, DEMAND_PUBLIC, DemandStatus.DRAFT),
    ("achievement", Achievement, ACHIEVEMENT_PUBLIC, AchievementStatus.DRAFT),
    ("project", Project, PROJECT_PUBLIC, ProjectStatus.DRAFT),
]


class SimilarEntry(BaseModel):
    type: str
    id: uuid.UUID
    title: str
    status: str
    organization_id: uuid.UUID
    same_organization: bool = Field(description="Listed by the caller's own organisation.")
    similarity: float = Field(description="Title trigram similarity, 0..1.")


async def similar_entries(
    *,
    session: AsyncSession,
    principal: Principal,
    title: str,
    exclude: uuid.UUID | None = None,
    limit: int = 10,
) -> list[SimilarEntry]:
    branches = []
    for kind, model, public, draft in SOURCES:
        score = func.similarity(model.title, title)
        statement = select(
            literal(kind).label("type"),
            model.id,
            model.title,
            # As text: a union of three status types would read every row with the first one's.
            cast(model.status, String(32)).label("status"),
            model.organization_id,
            score.label("similarity"),
        ).where(
            model.title.op("%")(title),  # uses the trigram index
            score >= THRESHOLD,
            visible_to(model, principal, public=public, draft=draft),
        )
        if exclude is not None:
            statement = statement.where(model.id != exclude)
        branches.append(statement)
    combined = union_all(*branches).subquery()
    rows = await session.execute(
        select(combined).order_by(combined.c.similarity.desc()).limit(limit)
    )
    return [
        SimilarEntry(
            type=row.type,
            id=row.id,
            title=row.title,
            status=row.status,
            organization_id=row.organization_id,
            same_organization=principal.acts_for(row.organization_id),
            similarity=round(float(row.similarity), 3),
        )
        for row in rows
    ]
