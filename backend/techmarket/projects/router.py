"""申报批次 and 科技创新项目: calls for applications and innovation projects."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status
from fastapi.responses import JSONResponse

from techmarket.core import idempotency
from techmarket.core.deps import Anyone, Staff
from techmarket.core.entries import ActionBody, if_match_version
from techmarket.core.errors import problem_responses
from techmarket.core.idempotency import IdempotencyKey
from techmarket.core.pagination import Page, PageDep
from techmarket.core.policy import writer
from techmarket.core.principal import Principal, Scope
from techmarket.db import SessionDep
from techmarket.projects import service
from techmarket.projects.schemas import (
    ProjectAction,
    ProjectActionBody,
    ProjectCallCreate,
    ProjectCallRead,
    ProjectCallUpdate,
    ProjectCreate,
    ProjectFilters,
    ProjectRead,
    ProjectUpdate,
)

calls_router = APIRouter(prefix="/project-calls", tags=["projects"])
router = APIRouter(prefix="/projects", tags=["projects"])
ProjectWriter = Annotated[Principal, Depends(writer(Scope.PROJECTS_WRITE))]
Version = Annotated[int, Depends(if_match_version)]


@calls_router.post(
    "",
    response_model=ProjectCallRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403),
)
async def create_project_call(
    data: ProjectCallCreate, principal: Staff, session: SessionDep
) -> ProjectCallRead:
    """Open a call 申报批次 (staff): the kinds it takes, optionally the fields, and a window or
    `rolling` (常态制, always open)."""
    call = await service.create_call(session=session, principal=principal, data=data)
    return service.call_to_read(call)


@calls_router.get("", response_model=list[ProjectCallRead])
async def list_project_calls(
    principal: Anyone,
    session: SessionDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    open_only: bool = False,
) -> list[ProjectCallRead]:
    """Calls, those open now first."""
    calls = await service.list_calls(session=session, year=year, open_only=open_only)
    return [service.call_to_read(call) for call in calls]


@calls_router.get("/{call_id}", response_model=ProjectCallRead, responses=problem_responses(404))
async def read_project_call(
    call_id: uuid.UUID, principal: Anyone, session: SessionDep, response: Response
) -> ProjectCallRead:
    """One call; its `ETag` is the version to send back in `If-Match` when changing it."""
    call = await service.get_call(session=session, call_id=call_id)
    response.headers["ETag"] = f'"{call.version}"'
    return service.call_to_read(call)


@calls_router.patch(
    "/{call_id}", response_model=ProjectCallRead, responses=problem_responses(403, 404, 412, 428)
)
async def update_project_call(
    call_id: uuid.UUID,
    data: ProjectCallUpdate,
    version: Version,
    principal: Staff,
    session: SessionDep,
    response: Response,
) -> ProjectCallRead:
    """Change a call (staff): name, kinds, fields, guide, window or rolling."""
    call = await service.update_call(
        session=session, principal=principal, call_id=call_id, version=version, data=data
    )
    response.headers["ETag"] = f'"{call.version}"'
    return service.call_to_read(call)


@calls_router.post(
    "/{call_id}/close", response_model=ProjectCallRead, responses=problem_responses(403, 404, 409)
)
async def close_project_call(
    call_id: uuid.UUID,
    principal: Staff,
    session: SessionDep,
    body: ActionBody | None = None,
) -> ProjectCallRead:
    """Close a call now (staff); applications already submitted go on."""
    call = await service.close_call(
        session=session, principal=principal, call_id=call_id, reason=body.reason if body else None
    )
    return service.call_to_read(call)


@router.post(
    "",
    response_model=ProjectRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409, 422),
)
async def create_project(
    data: ProjectCreate,
    principal: ProjectWriter,
    session: SessionDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Draft an application of one's organisation, to a call or as a directed project (定向委托);
    submit it when ready. With `Idempotency-Key`, a retry gets the first answer and creates
    nothing."""
    answer = await idempotency.create_once(
        session=session,
        principal=principal,
        key=idempotency_key,
        operation="projects.create",
        request=data,
        add=lambda: service.add_project(session=session, principal=principal, data=data),
        render=ProjectRead.model_validate,
    )
    return idempotency.as_response(answer)


@router.get("", response_model=Page[ProjectRead])
async def list_projects(
    principal: Anyone,
    session: SessionDep,
    page: PageDep,
    filters: Annotated[ProjectFilters, Query()],
) -> Page[ProjectRead]:
    """Projects the caller may see: approved ones (立项) for everyone, plus one's own
    applications, plus all submitted ones for staff, plus those an expert reviews."""
    items, next_cursor = await service.list_projects(
        session=session, principal=principal, filters=filters, limit=page.limit, cursor=page.cursor
    )
    return Page(items=[ProjectRead.model_validate(p) for p in items], next_cursor=next_cursor)


@router.get("/{project_id}", response_model=ProjectRead, responses=problem_responses(404))
async def read_project(
    project_id: uuid.UUID, principal: Anyone, session: SessionDep, response: Response
) -> ProjectRead:
    """One project; its `ETag` is the version to send back in `If-Match` when changing it."""
    project = await service.get_project(session=session, principal=principal, project_id=project_id)
    response.headers["ETag"] = f'"{project.version}"'
    return ProjectRead.model_validate(project)


@router.patch(
    "/{project_id}",
    response_model=ProjectRead,
    responses=problem_responses(403, 404, 409, 412, 428),
)
async def update_project(
    project_id: uuid.UUID,
    data: ProjectUpdate,
    version: Version,
    principal: ProjectWriter,
    session: SessionDep,
    response: Response,
) -> ProjectRead:
    """Change a draft application."""
    project = await service.update_project(
        session=session, principal=principal, project_id=project_id, version=version, data=data
    )
    response.headers["ETag"] = f'"{project.version}"'
    return ProjectRead.model_validate(project)


@router.post(
    "/{project_id}/{action}",
    response_model=ProjectRead,
    responses=problem_responses(403, 404, 409),
)
async def act_on_project(
    project_id: uuid.UUID,
    action: ProjectAction,
    principal: ProjectWriter,
    session: SessionDep,
    body: ProjectActionBody | None = None,
) -> ProjectRead:
    """Move a project on. The applicant: submit (call open), withdraw, start. Staff:
    start_formal_check, pass_formal_check (opens the expert review, optional `criteria`),
    fail_formal_check and reject (`reason`), approve (`budget_granted`, once every review is in;
    gives the project code), begin_midterm, pass_midterm, begin_acceptance, complete, terminate
    (`reason`)."""
    project = await service.act_on_project(
        session=session,
        principal=principal,
        project_id=project_id,
        action=action,
        body=body or ProjectActionBody(),
    )
    return ProjectRead.model_validate(project)
