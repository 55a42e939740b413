"""Imports from spreadsheets, their templates and error reports; bulk JSON; exports."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response, UploadFile, status
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements import service as achievement_service
from techmarket.achievements.schemas import AchievementFilters
from techmarket.core.deps import Anyone, CurrentUser
from techmarket.core.errors import problem_responses
from techmarket.core.pagination import Page, PageDep
from techmarket.core.policy import writer
from techmarket.core.principal import Principal, Scope
from techmarket.core.uploads import read_chunks
from techmarket.db import SessionDep
from techmarket.demands import service as demand_service
from techmarket.demands.schemas import DemandFilters
from techmarket.imports import service
from techmarket.imports.models import ImportMode, ImportStatus
from techmarket.imports.schemas import BulkRequest, BulkResult, ImportJobRead, ImportJobSummary
from techmarket.imports.specs import Collection
from techmarket.projects import service as project_service
from techmarket.projects.schemas import ProjectFilters

router = APIRouter(tags=["imports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 10_000
DemandWriter = Annotated[Principal, Depends(writer(Scope.DEMANDS_WRITE))]
AchievementWriter = Annotated[Principal, Depends(writer(Scope.ACHIEVEMENTS_WRITE))]


async def get_storage(request: Request) -> service.Storage:
    return service.Storage(request.app.state.settings.data_dir / "imports")


def _xlsx(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/imports/templates/{collection}.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
async def download_import_template(collection: Collection, _: Anyone) -> Response:
    """The spreadsheet to fill in: one column per field, with Chinese headers."""
    return _xlsx(service.template(collection), f"{collection}-template.xlsx")


@router.post(
    "/imports",
    response_model=ImportJobRead,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(403),
)
async def start_import(
    file: UploadFile,
    collection: Annotated[Collection, Form()],
    mode: Annotated[ImportMode, Form()],
    principal: CurrentUser,
    session: SessionDep,
    storage: Annotated[service.Storage, Depends(get_storage)],
) -> ImportJobRead:
    """Upload an .xlsx or .csv; it is checked and imported in the background (drafts of one's
    organisation). Follow it at `GET /imports/{id}`."""
    job = await service.create_job(
        session=session,
        principal=principal,
        storage=storage,
        collection=collection,
        mode=mode,
        filename=file.filename or "upload",
        chunks=read_chunks(file),
    )
    return ImportJobRead.model_validate(job)


@router.get("/imports", response_model=Page[ImportJobSummary])
async def list_imports(
    principal: CurrentUser,
    session: SessionDep,
    page: PageDep,
    status: ImportStatus | None = None,
) -> Page[ImportJobSummary]:
    """Import jobs, newest first: one's organisation's (every organisation's for admins)."""
    jobs, next_cursor = await service.list_jobs(
        session=session, principal=principal, status=status, limit=page.limit, cursor=page.cursor
    )
    return Page(
        items=[service.to_summary(job) for job in jobs],
        next_cursor=next_cursor,
    )


@router.get("/imports/{job_id}", response_model=ImportJobRead, responses=problem_responses(404))
async def read_import(
    job_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ImportJobRead:
    """Status, progress (processed of total) and the errors found so far."""
    return ImportJobRead.model_validate(
        await service.get_job(session=session, principal=principal, job_id=job_id)
    )


@router.get(
    "/imports/{job_id}/errors.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}, **problem_responses(404)},
)
async def download_import_errors(
    job_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Response:
    """The error report: row, column and problem, one line each."""
    job = await service.get_job(session=session, principal=principal, job_id=job_id)
    return _xlsx(service.error_report(job), f"import-{job.id}-errors.xlsx")


@router.post(
    "/demands/bulk",
    response_model=BulkResult,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403),
)
async def create_demands_in_bulk(
    data: BulkRequest, principal: DemandWriter, session: SessionDep
) -> BulkResult:
    """Up to 1,000 demands at once (admins, or API keys with demands:write); all or none."""
    return await _bulk(session, principal, Collection.DEMANDS, data)


@router.post(
    "/achievements/bulk",
    response_model=BulkResult,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403),
)
async def create_achievements_in_bulk(
    data: BulkRequest, principal: AchievementWriter, session: SessionDep
) -> BulkResult:
    """Up to 1,000 achievements at once (admins, or API keys with achievements:write)."""
    return await _bulk(session, principal, Collection.ACHIEVEMENTS, data)


async def _bulk(
    session: AsyncSession, principal: Principal, collection: Collection, data: BulkRequest
) -> BulkResult:
    created = await service.bulk_create(
        session=session,
        principal=principal,
        collection=collection,
        items=data.items,
        publish=data.publish,
    )
    return BulkResult(created=len(created), ids=[entry.id for entry in created])


Fetch = Callable[[str | None], Awaitable[tuple[Sequence[Any], str | None]]]


async def _export(session: AsyncSession, collection: Collection, fetch: Fetch) -> Response:
    """Every page of a list, up to EXPORT_LIMIT rows, as the collection's spreadsheet."""
    entries: list[Any] = []
    cursor: str | None = None
    while len(entries) < EXPORT_LIMIT:
        page, cursor = await fetch(cursor)
        entries += page
        if cursor is None:
            break
    content = await service.export_table(session=session, collection=collection, entries=entries)
    return _xlsx(content, f"{collection}.xlsx")


EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX: {}}}}


@router.get("/exports/demands.xlsx", response_class=Response, responses=EXPORT_RESPONSES)
async def export_demands(
    principal: Anyone, session: SessionDep, filters: Annotated[DemandFilters, Query()]
) -> Response:
    """The demands the caller may see, filtered as in the list, as .xlsx (imports back)."""

    async def fetch(cursor: str | None) -> tuple[Sequence[Any], str | None]:
        return await demand_service.list_demands(
            session=session, principal=principal, filters=filters, limit=100, cursor=cursor
        )

    return await _export(session, Collection.DEMANDS, fetch)


@router.get("/exports/achievements.xlsx", response_class=Response, responses=EXPORT_RESPONSES)
async def export_achievements(
    principal: Anyone, session: SessionDep, filters: Annotated[AchievementFilters, Query()]
) -> Response:
    """The achievements the caller may see, filtered as in the list, as .xlsx (imports back)."""

    async def fetch(cursor: str | None) -> tuple[Sequence[Any], str | None]:
        return await achievement_service.list_achievements(
            session=session, principal=principal, filters=filters, limit=100, cursor=cursor
        )

    return await _export(session, Collection.ACHIEVEMENTS, fetch)


@router.get("/exports/projects.xlsx", response_class=Response, responses=EXPORT_RESPONSES)
async def export_projects(
    principal: Anyone, session: SessionDep, filters: Annotated[ProjectFilters, Query()]
) -> Response:
    """The projects the caller may see, filtered as in the list, as .xlsx (imports back)."""

    async def fetch(cursor: str | None) -> tuple[Sequence[Any], str | None]:
        return await project_service.list_projects(
            session=session, principal=principal, filters=filters, limit=100, cursor=cursor
        )

    return await _export(session, Collection.PROJECTS, fetch)
