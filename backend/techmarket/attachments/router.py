"""Attachments of entries: upload by the owner, download by whoever may see the entry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, UploadFile, status
from fastapi.responses import FileResponse

from techmarket.attachments import service
from techmarket.attachments.schemas import AttachmentRead
from techmarket.core.deps import Anyone, CurrentUser
from techmarket.core.errors import problem_responses
from techmarket.core.uploads import read_chunks
from techmarket.db import SessionDep

router = APIRouter(tags=["attachments"])


async def get_storage(request: Request) -> service.Storage:
    settings = request.app.state.settings
    return service.Storage(settings.attachments_dir, settings.attachment_max_mb * 2**20)


StorageDep = Annotated[service.Storage, Depends(get_storage)]


@router.post(
    "/{entity_type}/{entity_id}/attachments",
    response_model=AttachmentRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 404, 413),
)
async def upload_attachment(
    entity_type: service.EntityType,
    entity_id: uuid.UUID,
    file: UploadFile,
    principal: CurrentUser,
    session: SessionDep,
    storage: StorageDep,
) -> AttachmentRead:
    """Attach a pdf, docx, xlsx, png or jpg (checked by content) to one's own entry."""
    attachment = await service.store(
        session=session,
        principal=principal,
        storage=storage,
        entity_type=entity_type,
        entity_id=entity_id,
        filename=file.filename or "file",
        chunks=read_chunks(file),
    )
    return AttachmentRead.model_validate(attachment)


@router.get(
    "/{entity_type}/{entity_id}/attachments",
    response_model=list[AttachmentRead],
    responses=problem_responses(404),
)
async def list_attachments(
    entity_type: service.EntityType, entity_id: uuid.UUID, principal: Anyone, session: SessionDep
) -> list[AttachmentRead]:
    """The attachments of an entry the caller may see."""
    attachments = await service.list_attachments(
        session=session, principal=principal, entity_type=entity_type, entity_id=entity_id
    )
    return [AttachmentRead.model_validate(a) for a in attachments]


@router.get(
    "/attachments/{attachment_id}",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}, **problem_responses(404)},
)
async def download_attachment(
    attachment_id: uuid.UUID, principal: Anyone, session: SessionDep, storage: StorageDep
) -> FileResponse:
    """The file, for those who may see its entry; always as a download, never rendered inline."""
    attachment, path = await service.open_attachment(
        session=session, principal=principal, storage=storage, attachment_id=attachment_id
    )
    return FileResponse(
        path,
        media_type=attachment.content_type,
        filename=attachment.filename,
        content_disposition_type="attachment",
        headers={"X-Content-Type-Options": "nosniff", "Digest": f"sha-256={attachment.sha256}"},
    )


@router.delete(
    "/attachments/{attachment_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(403, 404),
)
async def delete_attachment(
    attachment_id: uuid.UUID, principal: CurrentUser, session: SessionDep, storage: StorageDep
) -> None:
    """Remove an attachment (the owning organisation)."""
    path = await service.delete_attachment(
        session=session, principal=principal, storage=storage, attachment_id=attachment_id
    )
    service.remove_file(path)
