"""Storing, listing and serving attachments, with the visibility of the entry they belong to."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.achievements.service import get_achievement
from techmarket.attachments.filetypes import detect
from techmarket.attachments.models import Attachment
from techmarket.core import audit
from techmarket.core.errors import AppError, FieldError
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.db import transactional
from techmarket.demands.service import get_demand
from techmarket.projects.service import get_project


class EntityType(StrEnum):
    DEMANDS = "demands"
    ACHIEVEMENTS = "achievements"
    PROJECTS = "projects"


class AttachmentNotFound(AppError):
    code = "attachment.not_found"
    status = 404
    title = "Attachment not found"


class AttachmentTooLarge(AppError):
    code = "attachment.too_large"
    status = 413
    title = "The file is too large"


class AttachmentTypeRefused(AppError):
    code = "attachment.type_refused"
    status = 422
    title = "This kind of file is not accepted"


async def _demand_organization(
    session: AsyncSession, principal: Principal, entity_id: uuid.UUID
) -> uuid.UUID:
    return (
        await get_demand(session=session, principal=principal, demand_id=entity_id)
    ).organization_id


async def _achievement_organization(
    session: AsyncSession, principal: Principal, entity_id: uuid.UUID
) -> uuid.UUID:
    achievement = await get_achievement(
        session=session, principal=principal, achievement_id=entity_id
    )
    return achievement.organization_id


async def _project_organization(
    session: AsyncSession, principal: Principal, entity_id: uuid.UUID
) -> uuid.UUID:
    project = await get_project(session=session, principal=principal, project_id=entity_id)
    return project.organization_id


# Each collection answers the owning organisation of an entry the principal may see (404 else).
OWNER_OF: dict[EntityType, Callable[[AsyncSession, Principal, uuid.UUID], Awaitable[uuid.UUID]]] = {
    EntityType.DEMANDS: _demand_organization,
    EntityType.ACHIEVEMENTS: _achievement_organization,
    EntityType.PROJECTS: _project_organization,
}


@dataclass(frozen=True)
class Storage:
    root: Path
    max_bytes: int

    def path(self, key: str) -> Path:
        return self.root / key[:2] / key


def _clean_filename(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name.strip() or "file"
    return "".join(c for c in name if c.isprintable() and c not in '<>:"|?*')[:255] or "file"


async def _receive(chunks: AsyncIterator[bytes], storage: Storage, target: Path) -> tuple[int, str]:
    """Write the upload to ``target``, counting and hashing; refuse past the size limit."""
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as handle:
        async for chunk in chunks:
            size += len(chunk)
            if size > storage.max_bytes:
                raise AttachmentTooLarge(f"the limit is {storage.max_bytes // 2**20} MB")
            digest.update(chunk)
            handle.write(chunk)
    return size, digest.hexdigest()


@transactional
async def store(
    *,
    session: AsyncSession,
    principal: Principal,
    storage: Storage,
    entity_type: EntityType,
    entity_id: uuid.UUID,
    filename: str,
    chunks: AsyncIterator[bytes],
) -> Attachment:
    organization_id = await OWNER_OF[entity_type](session, principal, entity_id)
    if not principal.acts_for(organization_id):
        raise Forbidden("only the organisation that owns the entry adds attachments")
    filename = _clean_filename(filename)
    key = secrets.token_hex(16)
    target = storage.path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        size, sha256 = await _receive(chunks, storage, target)
        content_type, why_not = detect(target, filename)
        if content_type is None:
            raise AttachmentTypeRefused(
                why_not, fields=[FieldError(field="body.file", message=why_not)]
            )
        attachment = Attachment(
            entity_type=entity_type.value,
            entity_id=entity_id,
            organization_id=organization_id,
            filename=filename,
            content_type=content_type,
            size=size,
            sha256=sha256,
            storage_key=key,
            uploaded_by_id=principal.user_id,
        )
        session.add(attachment)
        await session.flush()
        audit.record(
            session,
            principal=principal,
            action="attachment.add",
            entity_type=entity_type.value,
            entity_id=entity_id,
            after={"attachment_id": attachment.id, "filename": filename, "sha256": sha256},
            organization_id=organization_id,
        )
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-stored: no row means no file
        raise
    return attachment


async def list_attachments(
    *, session: AsyncSession, principal: Principal, entity_type: EntityType, entity_id: uuid.UUID
) -> list[Attachment]:
    await OWNER_OF[entity_type](session, principal, entity_id)
    statement = (
        select(Attachment)
        .where(Attachment.entity_type == entity_type.value, Attachment.entity_id == entity_id)
        .order_by(Attachment.created_at)
    )
    return list(await session.scalars(statement))


async def open_attachment(
    *, session: AsyncSession, principal: Principal, storage: Storage, attachment_id: uuid.UUID
) -> tuple[Attachment, Path]:
    """The attachment and its file, if the principal may see the entry it belongs to."""
    attachment = await session.get(Attachment, attachment_id)
    if attachment is None:
        raise AttachmentNotFound()
    try:
        await OWNER_OF[EntityType(attachment.entity_type)](session, principal, attachment.entity_id)
    except AppError as error:
        raise AttachmentNotFound() from error
    path = storage.path(attachment.storage_key)
    if not path.exists():
        raise AttachmentNotFound("the file is missing from storage")
    return attachment, path


@transactional
async def delete_attachment(
    *, session: AsyncSession, principal: Principal, storage: Storage, attachment_id: uuid.UUID
) -> Path:
    """Delete the row; answer the file, to be removed by ``remove_file`` once this committed."""
    attachment, path = await open_attachment(
        session=session, principal=principal, storage=storage, attachment_id=attachment_id
    )
    if not principal.acts_for(attachment.organization_id):
        raise Forbidden("only the organisation that owns the entry removes attachments")
    await session.delete(attachment)
    audit.record(
        session,
        principal=principal,
        action="attachment.remove",
        entity_type=attachment.entity_type,
        entity_id=attachment.entity_id,
        before={"attachment_id": attachment.id, "filename": attachment.filename},
        organization_id=attachment.organization_id,
    )
    await session.flush()
    return path


def remove_file(path: Path) -> None:
    path.unlink(missing_ok=True)
