"""Imports run in the background (the outbox worker), row by row through the same service code
as the API, so an imported entry is checked exactly as a typed-in one. Bulk JSON and exports
live here too: they are the same traffic in other clothes."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import false, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from techmarket.catalog.models import Taxonomy, Term
from techmarket.core import audit, outbox
from techmarket.core.errors import AppError, FieldError, InvalidInput
from techmarket.core.pagination import keyset_page
from techmarket.core.policy import Forbidden
from techmarket.core.principal import Principal
from techmarket.core.tabular import UnreadableTable, read_table, write_xlsx
from techmarket.db import transactional
from techmarket.identity.authentication import principal_for_user
from techmarket.identity.models import Organization, User
from techmarket.imports.models import ImportJob, ImportMode, ImportStatus
from techmarket.imports.schemas import ImportJobSummary
from techmarket.imports.specs import SPECS, Collection, Column, Kind, Spec, add_entry

TOPIC = "import"
MAX_FILE_BYTES = 20 * 2**20
PROGRESS_EVERY = 200
BULK_LIMIT = 1000
_LIST_SEPARATORS = re.compile(r"[,，;；、\n]+")


class ImportNotFound(AppError):
    code = "import.not_found"
    status = 404
    title = "Import not found"


class ImportFileRefused(AppError):
    code = "import.file_refused"
    status = 422
    title = "The file cannot be imported"


@dataclass(frozen=True)
class RowError:
    row: int  # as Excel numbers it: the header is row 1
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


async def _term_lookup(session: AsyncSession, spec: Spec) -> dict[Taxonomy, dict[str, str]]:
    """For each taxonomy of the spec: Chinese name or code (any case) → code."""
    taxonomies = {c.taxonomy for c in spec.columns if c.taxonomy is not None}
    rows = await session.execute(
        select(Term.taxonomy, Term.code, Term.name).where(
            Term.taxonomy.in_(taxonomies), Term.is_active
        )
    )
    lookup: dict[Taxonomy, dict[str, str]] = {t: {} for t in taxonomies}
    for taxonomy, code, name in rows:
        lookup[taxonomy][name] = code
        lookup[taxonomy][code.lower()] = code
    return lookup


def _cell(column: Column, raw: Any, terms: Mapping[Taxonomy, Mapping[str, str]]) -> Any:
    """The field value of one cell; ValueError says what is wrong with it."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return [] if column.kind in (Kind.LIST, Kind.TERMS) else None
    text = str(raw).strip()
    match column.kind:
        case Kind.TEXT:
            return text
        case Kind.INTEGER:
            try:
                return int(Decimal(text))
            except (InvalidOperation, ValueError):
                raise ValueError(f"“{text}” is not a whole number") from None
        case Kind.CHOICE:
            for choice, label in column.choices:
                if text in (choice, label):
                    return choice
            labels = "、".join(label for _, label in column.choices)
            raise ValueError(f"“{text}” is not one of {labels}")
        case Kind.DECIMAL:
            try:
                return Decimal(text.replace(",", "").replace("元", "").strip())
            except InvalidOperation:
                raise ValueError(f"“{text}” is not an amount") from None
        case Kind.DATE:
            if isinstance(raw, datetime):
                return raw.date()
            if isinstance(raw, date):
                return raw
            try:
                return date.fromisoformat(text.replace("/", "-")[:10])
            except ValueError:
                raise ValueError(f"“{text}” is not a date (use 2027-06-30)") from None
        case Kind.BOOL:
            if text.lower() in {"是", "true", "1", "yes", "y"}:
                return True
            if text.lower() in {"否", "false", "0", "no", "n"}:
                return False
            raise ValueError(f"“{text}” is not 是 or 否")
        case Kind.LIST:
            return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]
        case Kind.TERM | Kind.TERMS:
            assert column.taxonomy is not None
            known = terms[column.taxonomy]
            values = _LIST_SEPARATORS.split(text) if column.kind is Kind.TERMS else [text]
            codes = []
            for value in (v.strip() for v in values if v.strip()):
                code = known.get(value) or known.get(value.lower())
                if code is None:
                    raise ValueError(f"unknown value “{value}”")
                codes.append(code)
            return codes if column.kind is Kind.TERMS else codes[0]


def _row_values(
    spec: Spec,
    positions: Mapping[str, int],
    row: Sequence[Any],
    number: int,
    terms: Mapping[Taxonomy, Mapping[str, str]],
) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column in spec.columns:
        index = positions.get(column.header)
        raw = row[index] if index is not None and index < len(row) else None
        try:
            value = _cell(column, raw, terms)
        except ValueError as error:
            errors.append(RowError(number, column.header, str(error)))
            continue
        if value is not None and value != []:
            values[column.field] = value
    return values, errors


def _header_of(spec: Spec, field: str) -> str:
    column = spec.column(field)
    return column.header if column else field


def _validation_errors(spec: Spec, error: ValidationError, number: int) -> list[RowError]:
    return [
        RowError(number, _header_of(spec, str(item["loc"][0]) if item["loc"] else ""), item["msg"])
        for item in error.errors()
    ]


def _app_error_rows(spec: Spec, error: AppError, number: int) -> list[RowError]:
    if not error.fields:
        return [RowError(number, "", error.detail or error.title)]
    return [
        RowError(number, _header_of(spec, f.field.rsplit(".", 1)[-1]), f.message)
        for f in error.fields
    ]


async def _add_checked(
    spec: Spec, session: AsyncSession, principal: Principal, values: dict[str, Any], publish: bool
) -> BaseModel:
    """Validate and add one entry inside a savepoint: a refusal undoes only this entry."""
    data = spec.schema.model_validate(values)
    async with session.begin_nested():
        await add_entry(spec, session, principal, data, publish)
    return data


@dataclass(frozen=True)
class Storage:
    root: Path

    def path(self, key: str) -> Path:
        return self.root / key


@transactional
async def create_job(
    *,
    session: AsyncSession,
    principal: Principal,
    storage: Storage,
    collection: Collection,
    mode: ImportMode,
    filename: str,
    chunks: AsyncIterator[bytes],
) -> ImportJob:
    if principal.organization_id is None or principal.user_id is None:
        raise Forbidden("imports are made by users of an organisation")
    if Path(filename).suffix.lower() not in {".xlsx", ".csv"}:
        raise ImportFileRefused("upload an .xlsx or a .csv file (download the template first)")
    key = secrets.token_hex(16)
    target = storage.path(key)
    target.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with target.open("wb") as handle:
        async for chunk in chunks:
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                target.unlink(missing_ok=True)
                raise ImportFileRefused(f"the limit is {MAX_FILE_BYTES // 2**20} MB")
            handle.write(chunk)
    job = ImportJob(
        collection=collection.value,
        mode=mode,
        status=ImportStatus.QUEUED,
        filename=Path(filename).name[:255],
        storage_key=key,
        processed=0,
        created_count=0,
        errors=[],
        organization_id=principal.organization_id,
        created_by_id=principal.user_id,
    )
    session.add(job)
    await session.flush()
    outbox.enqueue(session, topic=TOPIC, payload={"job_id": str(job.id)})
    audit.record(
        session,
        principal=principal,
        action="import.create",
        entity_type="import_job",
        entity_id=job.id,
        after={"collection": collection.value, "mode": mode, "filename": job.filename},
    )
    return job


async def get_job(*, session: AsyncSession, principal: Principal, job_id: uuid.UUID) -> ImportJob:
    job = await session.get(ImportJob, job_id)
    if job is None or not (principal.acts_for(job.organization_id) or principal.is_admin):
        raise ImportNotFound()
    return job


def to_summary(job: ImportJob) -> ImportJobSummary:
    values = {
        name: getattr(job, name) for name in ImportJobSummary.model_fields if hasattr(job, name)
    }
    return ImportJobSummary.model_validate(values | {"error_count": len(job.errors)})


async def list_jobs(
    *,
    session: AsyncSession,
    principal: Principal,
    status: ImportStatus | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[ImportJob], str | None]:
    """Jobs newest first: the caller's organisation's, or every organisation's for admins."""
    statement = select(ImportJob)
    if not principal.is_admin:
        statement = statement.where(
            ImportJob.organization_id == principal.organization_id
            if principal.organization_id is not None
            else false()
        )
    if status is not None:
        statement = statement.where(ImportJob.status == status)
    return await keyset_page(
        session,
        statement,
        key=ImportJob.created_at,
        id_column=ImportJob.id,
        limit=limit,
        cursor=cursor,
    )


async def _progress(
    sessionmaker: async_sessionmaker[AsyncSession], job_id: uuid.UUID, **values: Any
) -> None:
    """Progress is committed on its own, so that the job's page moves while rows are checked."""
    async with sessionmaker() as session, session.begin():
        job = await session.get(ImportJob, job_id)
        assert job is not None
        for name, value in values.items():
            setattr(job, name, value)


async def run_job(
    sessionmaker: async_sessionmaker[AsyncSession], storage: Storage, job_id: uuid.UUID
) -> None:
    """Check every row; store all, none, or the valid ones, as the job's mode says."""
    async with sessionmaker() as session:
        job = await session.get(ImportJob, job_id)
        if job is None or job.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
            return  # already done: a redelivered event changes nothing
        spec = SPECS[Collection(job.collection)]
        row = (
            await session.execute(
                select(User, Organization.status)
                .join(Organization, Organization.id == User.organization_id)
                .where(User.id == job.created_by_id)
            )
        ).one()
        user = row.User
        principal = principal_for_user(
            user_id=user.id,
            organization_id=user.organization_id,
            membership=user.membership,
            roles=user.roles,
            organization_status=row.status,
        )
        path = storage.path(job.storage_key)
        try:
            headers, rows = read_table(path, job.filename)
            table = list(rows)
        except (UnreadableTable, OSError) as error:
            await session.rollback()
            await _finish(
                sessionmaker, job_id, ImportStatus.FAILED, [RowError(1, "", str(error))], 0, 0
            )
            return
        positions = {header: index for index, header in enumerate(headers) if header}
        missing = [c.header for c in spec.columns if c.required and c.header not in positions]
        if missing:
            await session.rollback()
            refused = [RowError(1, header, "this column is missing") for header in missing]
            await _finish(sessionmaker, job_id, ImportStatus.FAILED, refused, len(table), 0)
            return
        await _progress(sessionmaker, job_id, status=ImportStatus.RUNNING, total=len(table))
        terms = await _term_lookup(session, spec)
        errors: list[RowError] = []
        created = 0
        for offset, cells in enumerate(table):
            number = offset + 2
            if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
                continue  # blank lines at the end of a sheet are not rows
            values, row_errors = _row_values(spec, positions, cells, number, terms)
            if not row_errors:
                try:
                    await _add_checked(spec, session, principal, values, publish=False)
                    created += 1
                except ValidationError as error:
                    row_errors = _validation_errors(spec, error, number)
                except AppError as error:
                    row_errors = _app_error_rows(spec, error, number)
            errors += row_errors
            if (offset + 1) % PROGRESS_EVERY == 0:
                await _progress(sessionmaker, job_id, processed=offset + 1)
        if errors and job.mode is ImportMode.ALL_OR_NOTHING:
            await session.rollback()
            await _finish(sessionmaker, job_id, ImportStatus.FAILED, errors, len(table), 0)
            return
        await session.commit()
    status = ImportStatus.PARTIAL if errors else ImportStatus.SUCCEEDED
    await _finish(sessionmaker, job_id, status, errors, len(table), created)


async def _finish(
    sessionmaker: async_sessionmaker[AsyncSession],
    job_id: uuid.UUID,
    status: ImportStatus,
    errors: Iterable[RowError],
    processed: int,
    created: int,
) -> None:
    await _progress(
        sessionmaker,
        job_id,
        status=status,
        errors=[e.as_dict() for e in errors],
        processed=processed,
        created_count=created,
        finished_at=datetime.now(UTC),
    )


def error_report(job: ImportJob) -> bytes:
    rows = ((e["row"], e["column"], e["message"]) for e in job.errors)
    return write_xlsx(["行", "列", "问题"], rows, title="错误报告")


def template(collection: Collection) -> bytes:
    return write_xlsx([c.header for c in SPECS[collection].columns], [], title="导入模板")


async def export_table(
    *, session: AsyncSession, collection: Collection, entries: Sequence[Any]
) -> bytes:
    """The entries with the template's columns (so the file imports back), then id and status."""
    spec = SPECS[collection]
    names: dict[tuple[Taxonomy | None, str], str] = {
        (t.taxonomy, t.code): t.name for t in await session.scalars(select(Term))
    }

    def cell(column: Column, entry: Any) -> Any:
        value = getattr(entry, column.field)
        if column.kind is Kind.TERM and value is not None:
            return names.get((column.taxonomy, value), value)
        if column.kind is Kind.TERMS:
            return "、".join(names.get((column.taxonomy, v), v) for v in value)
        if column.kind is Kind.LIST:
            return "、".join(value)
        if column.kind is Kind.BOOL:
            return "是" if value else "否"
        if column.kind is Kind.CHOICE:
            return dict(column.choices).get(value, value)
        if isinstance(value, uuid.UUID):
            return str(value)
        return value

    headers = [c.header for c in spec.columns] + ["编号", "状态"]
    rows = ([cell(c, e) for c in spec.columns] + [str(e.id), str(e.status)] for e in entries)
    return write_xlsx(headers, rows, title="导出")


@transactional
async def bulk_create(
    *,
    session: AsyncSession,
    principal: Principal,
    collection: Collection,
    items: Sequence[dict[str, Any]],
    publish: bool,
) -> list[Any]:
    """All items or none: the answer names every failing item and field."""
    if principal.user_id is not None and not principal.is_admin:
        raise Forbidden("bulk creation is for admins and API keys")
    if publish and not principal.is_admin:
        raise Forbidden("only an admin publishes at once")
    spec = SPECS[collection]
    created: list[Any] = []
    fields: list[FieldError] = []
    for index, values in enumerate(items):
        try:
            data = spec.schema.model_validate(values)
            # Refusals come before anything is added, and any refusal undoes everything: no
            # savepoint per item.
            created.append(await add_entry(spec, session, principal, data, publish))
        except ValidationError as error:
            fields += InvalidInput.from_validation(error, prefix=f"body.items.{index}").fields or []
        except AppError as error:
            for field in error.fields or [FieldError(field="body", message=error.title)]:
                name = field.field.removeprefix("body.")
                fields.append(
                    FieldError(
                        field=f"body.items.{index}.{name}", message=field.message, type=field.type
                    )
                )
    if fields:
        failing = len({f.field.split(".")[2] for f in fields})
        raise InvalidInput(f"{failing} items are invalid; none was stored", fields=fields)
    return created
