from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from techmarket.imports.models import ImportMode, ImportStatus


class ImportRowError(BaseModel):
    row: int = Field(description="The spreadsheet's row number (the header is row 1).")
    column: str = Field(description="The column header, e.g. 有效期至.")
    message: str


class ImportJobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    collection: str
    mode: ImportMode
    status: ImportStatus
    filename: str
    total: int | None
    processed: int
    created_count: int
    errors: list[ImportRowError]
    created_at: datetime
    finished_at: datetime | None


class ImportJobSummary(BaseModel):
    """A job in a list: its progress and how many errors, without the errors themselves."""

    id: uuid.UUID
    collection: str
    mode: ImportMode
    status: ImportStatus
    filename: str
    total: int | None
    processed: int
    created_count: int
    error_count: int
    created_at: datetime
    finished_at: datetime | None


class BulkRequest(BaseModel):
    items: list[dict[str, Any]] = Field(
        min_length=1, max_length=1000, description="Up to 1,000 entries, as for a single create."
    )
    publish: bool = Field(default=False, description="Admins only: publish at once.")


class BulkResult(BaseModel):
    created: int
    ids: list[uuid.UUID]
