"""Calls 申报批次 and innovation projects 科技创新项目: applications, their formal check and
expert review, approval (立项) with a project code, and the project's life until completion."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import Taxonomy
from techmarket.core import audit, outbox
from techmarket.core.entries import (
    add_entry,
    check_terms,
    check_version,
    entry_page,
    filter_entries,
    save_changes,
    validate_whole,
    visible_to,
)
from techmarket.core.errors import AppError, FieldError
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import transactional
from techmarket.projects.models import (
    PUBLIC_STATUSES,
    Project,
    ProjectCall,
    ProjectOrigin,
    ProjectStatus,
)
from techmarket.projects.schemas import (
    ProjectAction,
    ProjectActionBody,
    ProjectCallCreate,
    ProjectCallFields,
    ProjectCallRead,
    ProjectCallUpdate,
    ProjectCreate,
    ProjectFields,
    ProjectFilters,
    ProjectUpdate,
)
from techmarket.projects.workflow import project_workflow
from techmarket.reviews import service as reviews
from techmarket.reviews.models import ReviewSubjectType
from techmarket.reviews.schemas import CriterionIn


class ProjectNotFound(AppError):
    code = "project.not_found"
    status = 404
    title = "Project not found"


class ProjectNotEditable(AppError):
    code = "project.not_editable"
    status = 409
    title = "Only a draft project can be changed"


class ProjectCallNotFound(AppError):
    code = "project_call.not_found"
    status = 404
    title = "Call not found"


class ProjectCallClosed(AppError):
    code = "project_call.closed"
    status = 409
    title = "The call does not take applications now"


class InvalidProjectInput(AppError):
    """A value that is well-formed but does not fit (the call, the request, the origin)."""

    code = "project.invalid_input"
    status = 422
    title = "Unprocessable content"


class ReviewsIncomplete(AppError):
    code = "project.reviews_incomplete"
    status = 409
    title = "Every assigned expert must submit a review first"


class ProjectNotCompleted(AppError):
    code = "project.not_completed"
    status = 409
    title = "The project is not completed"


class BudgetExceedsRequest(AppError):
    code = "project.budget_exceeds_request"
    status = 422
    title = "The grant exceeds the budget requested"


def _invalid(field: str, message: str, error: type[AppError] = InvalidProjectInput) -> AppError:
    return error(message, fields=[FieldError(field=field, message=message)])


# ---------------------------------------------------------------------------------------------
# Calls 申报批次


def _now() -> datetime:
    return datetime.now(UTC)


def call_to_read(call: ProjectCall) -> ProjectCallRead:
    names = set(ProjectCallRead.model_fields) - {"is_open"}
    values = {name: getattr(call, name) for name in names}
    return ProjectCallRead.model_validate(values | {"is_open": call.is_open(_now())})


_CALL_TAXONOMIES = {"kinds": Taxonomy.PROJECT_KIND, "fields": Taxonomy.FIELD}


@transactional
async def create_call(
    *, session: AsyncSession, principal: Principal, data: ProjectCallCreate
) -> ProjectCall:
    values = data.model_dump()
    await check_terms(session, values, _CALL_TAXONOMIES)
    call = ProjectCall(**values)
    session.add(call)
    await session.flush()
    audit.record(
        session,
        principal=principal,
        action="project_call.create",
        entity_type="project_call",
        entity_id=call.id,
        after=values,
    )
    return call


async def get_call(*, session: AsyncSession, call_id: uuid.UUID) -> ProjectCall:
    call = await session.get(ProjectCall, call_id)
    if call is None:
        raise ProjectCallNotFound()
    return call


async def list_calls(
    *, session: AsyncSession, year: int | None, open_only: bool
) -> list[ProjectCall]:
    """Calls open now first, then the latest; a city runs a handful a year, so no paging."""
    now = _now()
    is_open = and_(
        ProjectCall.closed_at.is_(None),
        or_(
            ProjectCall.rolling,
            and_(ProjectCall.opens_at <= now, ProjectCall.closes_at > now),
        ),
    )
    statement = select(ProjectCall).order_by(
        case((is_open, 0), else_=1), ProjectCall.year.desc(), ProjectCall.created_at.desc()
    )
    if year is not None:
        statement = statement.where(ProjectCall.year == year)
    if open_only:
        statement = statement.where(is_open)
    return list(await session.scalars(statement.limit(200)))


@transactional
async def update_call(
    *,
    session: AsyncSession,
    principal: Principal,
    call_id: uuid.UUID,
    version: int,
    data: ProjectCallUpdate,
) -> ProjectCall:
    call = await get_call(session=session, call_id=call_id)
    check_version(call, version)
    updates = data.model_dump(exclude_unset=True)
    validate_whole(ProjectCallCreate, call, ProjectCallFields.model_fields, updates)
    await check_terms(session, updates, _CALL_TAXONOMIES)
    await save_changes(
        session, call, principal=principal, entity_type="project_call", updates=updates
    )
    return call


@transactional
async def close_call(
    *, session: AsyncSession, principal: Principal, call_id: uuid.UUID, reason: str | None
) -> ProjectCall:
    """Stop a call early (a rolling one included); applications already submitted go on."""
    call = await get_call(session=session, call_id=call_id)
    if call.closed_at is not None:
        raise ProjectCallClosed("this call is already closed")
    call.closed_at = _now()
    call.updated_at = call.closed_at
    await session.flush()
    audit.record(
        session,
        principal=principal,
        action="project_call.close",
        entity_type="project_call",
        entity_id=call.id,
        after={"closed_at": call.closed_at},
        reason=reason,
    )
    return call


# ---------------------------------------------------------------------------------------------
# Projects 科技创新项目

_TAXONOMY_OF = {"field": Taxonomy.FIELD, "region": Taxonomy.REGION, "kind": Taxonomy.PROJECT_KIND}

DEFAULT_CRITERIA = [
    CriterionIn(name="技术先进性", weight=Decimal(30), max_score=Decimal(10)),
    CriterionIn(name="可行性", weight=Decimal(30), max_score=Decimal(10)),
    CriterionIn(name="团队能力", weight=Decimal(20), max_score=Decimal(10)),
    CriterionIn(name="经济社会效益", weight=Decimal(20), max_score=Decimal(10)),
]

# 项目编号 YC{year}-{prefix}-{sequence}: the prefix says the kind (基础 JC, 攻关 GG, ...).
KIND_PREFIXES = {
    "basic_research": "JC",
    "key_technology": "GG",
    "major_program": "ZX",
    "platform": "PT",
    "transformation": "ZH",
}


def _fits_call(call: ProjectCall, kind: str, field: str) -> None:
    if kind not in call.kinds:
        raise _invalid("body.kind", f"the call takes the kinds {', '.join(call.kinds)}")
    if call.fields and field not in call.fields:
        raise _invalid("body.field", f"the call takes the fields {', '.join(call.fields)}")


async def _check_call(session: AsyncSession, values: dict[str, Any]) -> None:
    """A project of origin call names a call still to come or open that takes its kind and
    field; other origins name none."""
    if values["origin"] is not ProjectOrigin.CALL:
        if values.get("call_id") is not None:
            raise _invalid("body.call_id", "only projects of origin call belong to a call")
        return
    if values.get("call_id") is None:
        raise _invalid("body.call_id", "a project of origin call names its call")
    call = await session.get(ProjectCall, values["call_id"])
    if call is None:
        raise _invalid("body.call_id", "no such call")
    if call.is_over(_now()):
        raise ProjectCallClosed(f"the call {call.name} is closed", call_id=str(call.id))
    _fits_call(call, values["kind"], values["field"])


async def add_project(
    *,
    session: AsyncSession,
    principal: Principal,
    data: ProjectCreate,
    status: ProjectStatus = ProjectStatus.DRAFT,
) -> Project:
    """Add an application to the caller's unit of work (imports add many in one)."""
    if data.origin is ProjectOrigin.CHALLENGE:
        raise _invalid(
            "body.origin", "projects from a challenge are created when its bid is awarded"
        )
    values = data.model_dump(exclude_none=True)
    await check_terms(session, values, _TAXONOMY_OF)
    await _check_call(session, values | {"origin": data.origin})
    project: Project = await add_entry(
        session, Project, principal=principal, values=values, status=status
    )
    return project


def _visible(principal: Principal) -> Any:
    """Public statuses for everyone, all of its own for the applicant, everything submitted for
    staff, and to an expert the projects they are assigned to review."""
    clause = visible_to(Project, principal, public=PUBLIC_STATUSES, draft=ProjectStatus.DRAFT)
    if principal.user_id is not None:
        assigned = reviews.subjects_assigned_to(principal.user_id, ReviewSubjectType.PROJECT)
        clause = or_(clause, Project.id.in_(assigned))
    return clause


async def get_project(
    *, session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> Project:
    """The project if ``principal`` may see it; 404 otherwise, so that applications stay unknown."""
    project = await session.scalar(
        select(Project).where(Project.id == project_id, _visible(principal))
    )
    if project is None:
        raise ProjectNotFound()
    return project


async def list_projects(
    *,
    session: AsyncSession,
    principal: Principal,
    filters: ProjectFilters,
    limit: int,
    cursor: str | None,
) -> tuple[list[Project], str | None]:
    statement = filter_entries(
        select(Project).where(_visible(principal)),
        Project,
        filters,
        equal=("status", "kind", "origin", "call_id"),
    )
    return await entry_page(
        session, statement, Project, sort=filters.sort, limit=limit, cursor=cursor
    )


@transactional
async def update_project(
    *,
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    version: int,
    data: ProjectUpdate,
) -> Project:
    project = await get_project(session=session, principal=principal, project_id=project_id)
    if not principal.acts_for(project.organization_id):
        raise Forbidden("only the applicant organisation can change its project")
    check_version(project, version)
    if project.status is not ProjectStatus.DRAFT:
        raise ProjectNotEditable(
            f"a {project.status} project cannot be changed", current_status=str(project.status)
        )
    updates = data.model_dump(exclude_unset=True)
    validate_whole(ProjectCreate, project, [*ProjectFields.model_fields, "origin"], updates)
    await check_terms(session, updates, _TAXONOMY_OF)
    stored = {name: getattr(project, name) for name in ("kind", "field", "origin", "call_id")}
    await _check_call(session, stored | updates)
    await save_changes(
        session, project, principal=principal, entity_type="project", updates=updates
    )
    return project


async def _next_code(session: AsyncSession, project: Project, year: int) -> str:
    prefix = f"YC{year}-{KIND_PREFIXES.get(project.kind, project.kind[:2].upper())}-"
    # Two approvals at the same moment must not draw the same number: one at a time per prefix.
    await session.execute(select(func.pg_advisory_xact_lock(func.hashtext(prefix))))
    last = await session.scalar(
        select(func.max(cast(func.split_part(Project.code, "-", 3), Integer))).where(
            Project.code.startswith(prefix, autoescape=True)
        )
    )
    return f"{prefix}{(last or 0) + 1:04d}"


def _only_for(action: ProjectAction, body: ProjectActionBody) -> None:
    allowed = {
        ProjectAction.APPROVE: {"budget_granted"},
        ProjectAction.PASS_FORMAL_CHECK: {"criteria"},
    }
    if extra := sorted(set(body.given()) - allowed.get(action, set())):
        raise _invalid(f"body.{extra[0]}", f"{action} takes no {', '.join(extra)}")


async def _approval(
    session: AsyncSession, principal: Principal, project: Project, body: ProjectActionBody
) -> dict[str, Any]:
    if body.budget_granted is None:
        message = "approving needs the budget granted"
        raise InvalidProjectInput(
            message,
            fields=[FieldError(field="body.budget_granted", message=message, type="missing")],
        )
    if body.budget_granted > project.budget_requested:
        raise _invalid(
            "body.budget_granted",
            f"at most the {project.budget_requested} CNY requested",
            BudgetExceedsRequest,
        )
    review_round = await reviews.latest_round(
        session, subject_type=ReviewSubjectType.PROJECT, subject_id=project.id
    )
    progress = (
        await reviews.round_progress(session, round_id=review_round.id) if review_round else None
    )
    if review_round is None or progress is None or not progress.assigned:
        raise ReviewsIncomplete("approval waits for the reviews: no expert is assigned yet")
    if not progress.complete:
        raise ReviewsIncomplete(
            f"approval waits for the reviews: {progress.submitted} of {progress.assigned} submitted"
        )
    await reviews.close_round(session, principal=principal, review_round=review_round)
    call = await session.get(ProjectCall, project.call_id) if project.call_id else None
    now = _now()
    return {
        "budget_granted": body.budget_granted,
        "code": await _next_code(session, project, call.year if call else now.year),
        "published_at": now,
        "rejection_reason": None,
    }


@transactional
async def act_on_project(
    *,
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    action: ProjectAction,
    body: ProjectActionBody,
) -> Project:
    project = await get_project(session=session, principal=principal, project_id=project_id)
    project_workflow.check(project, action, principal=principal, reason=body.reason)
    _only_for(action, body)
    changes: dict[str, Any] = {}
    if action is ProjectAction.SUBMIT and project.call_id is not None:
        call = await get_call(session=session, call_id=project.call_id)
        if not call.is_open(_now()):
            raise ProjectCallClosed(
                f"the call {call.name} does not take applications now", call_id=str(call.id)
            )
        _fits_call(call, project.kind, project.field)
    elif action is ProjectAction.PASS_FORMAL_CHECK:
        await reviews.open_round(
            session,
            principal=principal,
            subject=_subject(project),
            criteria=body.criteria or DEFAULT_CRITERIA,
        )
    elif action is ProjectAction.APPROVE:
        changes = await _approval(session, principal, project, body)
    elif action in (ProjectAction.FAIL_FORMAL_CHECK, ProjectAction.REJECT):
        changes = {"rejection_reason": (body.reason or "").strip()}
        await _close_review(session, principal, project)
    elif action is ProjectAction.TERMINATE:
        changes = {"termination_reason": (body.reason or "").strip()}
    project_workflow.apply(
        session, project, action, principal=principal, reason=body.reason, changes=changes
    )
    project.updated_at = _now()
    await session.flush()
    return project


def _subject(project: Project) -> reviews.ReviewSubject:
    return reviews.ReviewSubject(
        type=ReviewSubjectType.PROJECT,
        id=project.id,
        title=project.title,
        organization_id=project.organization_id,
        field=project.field,
        keywords=list(project.keywords),
    )


async def _close_review(session: AsyncSession, principal: Principal, project: Project) -> None:
    review_round = await reviews.latest_round(
        session, subject_type=ReviewSubjectType.PROJECT, subject_id=project.id
    )
    if review_round is not None:
        await reviews.close_round(session, principal=principal, review_round=review_round)


async def completed_project_of(
    *, session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> Project:
    """Hook for the achievements collection: the completed project whose results the caller's
    organisation may publish as achievements linked back to it (``achievement.project_id``)."""
    project = await get_project(session=session, principal=principal, project_id=project_id)
    if not principal.acts_for(project.organization_id):
        raise Forbidden("only the project's organisation publishes its results")
    if project.status is not ProjectStatus.COMPLETED:
        raise ProjectNotCompleted(
            f"a {project.status} project has no results to publish yet",
            current_status=str(project.status),
        )
    return project


async def add_challenge_project(
    *,
    session: AsyncSession,
    principal: Principal,
    challenge_id: uuid.UUID,
    organization_id: uuid.UUID,
    values: dict[str, Any],
) -> Project:
    """Hook for the challenges collection: the project 立项 for the winner of an awarded
    challenge (origin challenge), in the caller's unit of work. It is approved at once: the
    award, after expert review and publicity, is the approval."""
    now = _now()
    project = Project(
        **values,
        kind="key_technology",  # 关键技术攻关
        origin=ProjectOrigin.CHALLENGE,
        challenge_id=challenge_id,
        organization_id=organization_id,
        status=ProjectStatus.APPROVED,
        published_at=now,
    )
    session.add(project)
    await session.flush()
    project.code = await _next_code(session, project, now.year)
    outbox.enqueue(
        session,
        topic="search",
        payload={"entity_type": "project", "id": str(project.id), "action": "create"},
    )
    audit.record(
        session,
        principal=principal,
        action="project.create",
        entity_type="project",
        entity_id=project.id,
        after={"title": project.title, "origin": "challenge", "challenge_id": challenge_id},
        organization_id=organization_id,
    )
    await session.flush()
    return project


async def terminate_challenge_project(
    *, session: AsyncSession, principal: Principal, project_id: uuid.UUID, reason: str
) -> None:
    """Hook for the challenges collection: the winner declined or failed before the work began,
    so its project ends (终止) before another bid is awarded."""
    project = await session.get(Project, project_id)
    if project is None or project.status not in (ProjectStatus.APPROVED, ProjectStatus.IN_PROGRESS):
        return
    project_workflow.apply(
        session, project, ProjectAction.TERMINATE, principal=principal, reason=reason,
        changes={"termination_reason": reason},
    )  # fmt: skip
    project.updated_at = _now()
    await session.flush()
