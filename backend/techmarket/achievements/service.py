"""Achievements: create, read with visibility, list, update under If-Match, and move through
review to the market and out of it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.models import PUBLIC_STATUSES, Achievement, AchievementStatus
from techmarket.achievements.schemas import (
    AchievementAction,
    AchievementCreate,
    AchievementFields,
    AchievementFilters,
    AchievementRead,
    AchievementUpdate,
)
from techmarket.achievements.workflow import achievement_workflow
from techmarket.catalog.models import Taxonomy
from techmarket.core.entries import (
    add_entry,
    apply_entry_action,
    check_terms,
    check_version,
    ensure_editable,
    entry_page,
    entry_read,
    filter_entries,
    get_visible,
    save_changes,
    validate_whole,
    visible_to,
)
from techmarket.core.errors import AppError, FieldError
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import transactional
from techmarket.projects.service import completed_project_of


class AchievementNotFound(AppError):
    code = "achievement.not_found"
    status = 404
    title = "Achievement not found"


class AchievementNotEditable(AppError):
    code = "achievement.not_editable"
    status = 409
    title = "This achievement cannot be changed in its current status"


# Once published, the owner may still correct the contact details; anything else would change
# what reviewers approved.
EDITABLE_WHEN_LIVE = frozenset({"contact_name", "contact_phone", "contact_email"})
EDITABLE_STATUSES = frozenset({AchievementStatus.DRAFT, AchievementStatus.REJECTED})
LIVE_STATUSES = frozenset({AchievementStatus.PUBLISHED})

_TAXONOMY_OF = {
    "field": Taxonomy.FIELD,
    "region": Taxonomy.REGION,
    "maturity": Taxonomy.MATURITY,
    "ip_type": Taxonomy.IP_TYPE,
    "transfer_modes": Taxonomy.TRANSFER_MODE,
}


class ProjectLinkRefused(AppError):
    code = "achievement.project_link_refused"
    status = 422
    title = "Only a completed project of your organisation can be named as the source"


async def _check_project(
    session: AsyncSession, principal: Principal, values: dict[str, Any]
) -> None:
    """An achievement may name only a completed project of its own organisation as its source."""
    if values.get("project_id") is None:
        return
    try:
        await completed_project_of(
            session=session, principal=principal, project_id=values["project_id"]
        )
    except AppError as error:
        why = error.detail or error.title
        raise ProjectLinkRefused(
            why, fields=[FieldError(field="body.project_id", message=why)]
        ) from error


def to_read(achievement: Achievement, principal: Principal) -> AchievementRead:
    return entry_read(AchievementRead, achievement, principal)


async def add_achievement(
    *,
    session: AsyncSession,
    principal: Principal,
    data: AchievementCreate,
    status: AchievementStatus = AchievementStatus.DRAFT,
) -> Achievement:
    """Add an achievement to the caller's unit of work (imports add many in one)."""
    values = data.model_dump(exclude_none=True)
    await check_terms(session, values, _TAXONOMY_OF)
    await _check_project(session, principal, values)
    achievement: Achievement = await add_entry(
        session,
        Achievement,
        principal=principal,
        values=values,
        status=status,
        published=status is AchievementStatus.PUBLISHED,
    )
    return achievement


async def get_achievement(
    *, session: AsyncSession, principal: Principal, achievement_id: uuid.UUID
) -> Achievement:
    achievement: Achievement = await get_visible(
        session,
        Achievement,
        achievement_id,
        principal=principal,
        public=PUBLIC_STATUSES,
        draft=AchievementStatus.DRAFT,
        not_found=AchievementNotFound,
    )
    return achievement


def _filtered(statement: Select[Any], filters: AchievementFilters) -> Select[Any]:
    statement = filter_entries(
        statement, Achievement, filters, equal=("status", "maturity", "project_id")
    )
    if filters.transfer_mode is not None:
        statement = statement.where(Achievement.transfer_modes.contains([filters.transfer_mode]))
    if filters.price_min is not None:
        statement = statement.where(Achievement.asking_price >= filters.price_min)
    if filters.price_max is not None:
        statement = statement.where(Achievement.asking_price <= filters.price_max)
    return statement


async def list_achievements(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: AchievementFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Achievement], str | None]:
    statement = select(Achievement).where(
        visible_to(Achievement, principal, public=PUBLIC_STATUSES, draft=AchievementStatus.DRAFT)
    )
    return await entry_page(
        session,
        _filtered(statement, filters),
        Achievement,
        sort=filters.sort,
        limit=limit,
        cursor=cursor,
    )


@transactional
async def update_achievement(
    *,
    session: AsyncSession,
    principal: Principal,
    achievement_id: uuid.UUID,
    version: int,
    data: AchievementUpdate,
) -> Achievement:
    achievement = await get_achievement(
        session=session, principal=principal, achievement_id=achievement_id
    )
    if not principal.acts_for(achievement.organization_id):
        raise Forbidden("only the organisation that listed the achievement can change it")
    check_version(achievement, version)
    updates = data.model_dump(exclude_unset=True)
    ensure_editable(
        achievement,
        updates,
        entity_type="achievement",
        editable=EDITABLE_STATUSES,
        live=LIVE_STATUSES,
        live_fields=EDITABLE_WHEN_LIVE,
        error=AchievementNotEditable,
    )
    validate_whole(AchievementCreate, achievement, AchievementFields.model_fields, updates)
    await check_terms(session, updates, _TAXONOMY_OF)
    await _check_project(session, principal, updates)
    await save_changes(
        session, achievement, principal=principal, entity_type="achievement", updates=updates
    )
    return achievement


@transactional
async def act_on_achievement(
    *,
    session: AsyncSession,
    principal: Principal,
    achievement_id: uuid.UUID,
    action: AchievementAction,
    reason: str | None,
) -> Achievement:
    achievement = await get_achievement(
        session=session, principal=principal, achievement_id=achievement_id
    )
    await apply_entry_action(
        session, achievement_workflow, achievement, action, principal=principal, reason=reason
    )
    return achievement
