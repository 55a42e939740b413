from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, ForeignKey, Integer, String, Uuid
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from techmarket.db import Base, str_enum, utcnow_column


class ImportMode(StrEnum):
    ALL_OR_NOTHING = "all_or_nothing"  # one bad row: nothing is stored
    VALID_ROWS_ONLY = "valid_rows_only"  # good rows are stored, bad ones reported


class ImportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    PARTIAL = "partial"  # valid rows stored, errors reported
    FAILED = "failed"  # nothing stored


class ImportJob(Base):
    """A spreadsheet being imported in the background, with its progress and its errors."""

    __tablename__ = "import_job"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    collection: Mapped[str] = mapped_column(String(30))
    mode: Mapped[ImportMode] = mapped_column(str_enum(ImportMode, "import_mode"))
    status: Mapped[ImportStatus] = mapped_column(str_enum(ImportStatus, "import_status"))
    filename: Mapped[str] = mapped_column(String(255))
    storage_key: Mapped[str] = mapped_column(String(64))
    total: Mapped[int | None] = mapped_column(Integer)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organization.id"), index=True)
    created_by_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[datetime] = utcnow_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
