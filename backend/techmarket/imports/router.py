"""Imports from spreadsheets, their templates and error reports; bulk JSON; exports."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response, UploadFile, status

from techmarket.core.deps import Anyone, CurrentUser
from techmarket.core.errors import problem_responses
from techmarket.core.policy import writer
from techmarket.core.principal import Principal, Scope
from techmarket.db import SessionDep
from techmarket.demands import service as demand_service
from techmarket.demands.schemas import DemandFilters
from techmarket.imports import service
from techmarket.imports.models import ImportMode
from techmarket.imports.schemas import BulkRequest, BulkResult, ImportJobRead
from techmarket.imports.specs import Collection

router = APIRouter(tags=["imports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_LIMIT = 10_000
DemandWriter = Annotated[Principal, Depends(writer(Scope.DEMANDS_WRITE))]


def get_storage(request: Request) -> service.Storage:
    return service.Storage(request.app.state.settings.data_dir / "imports")


def _xlsx(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(1024 * 1024):
        yield chunk


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
        chunks=_chunks(file),
    )
    return ImportJobRead.model_validate(job)


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
    created = await service.bulk_create(
        session=session,
        principal=principal,
        collection=Collection.DEMANDS,
        items=data.items,
        publish=data.publish,
    )
    return BulkResult(created=len(created), ids=[entry.id for entry in created])


@router.get(
    "/exports/demands.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
async def export_demands(
    principal: Anyone, session: SessionDep, filters: Annotated[DemandFilters, Query()]
) -> Response:
    """The demands the caller may see, filtered as in the list, as .xlsx (imports back)."""
    entries: list[Any] = []
    cursor: str | None = None
    while len(entries) < EXPORT_LIMIT:
        page, cursor = await demand_service.list_demands(
            session=session, principal=principal, filters=filters, limit=100, cursor=cursor
        )
        entries += page
        if cursor is None:
            break
    content = await service.export_table(
        session=session, collection=Collection.DEMANDS, entries=entries
    )
    return _xlsx(content, "demands.xlsx")
