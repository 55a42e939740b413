"""Imports every collection's models so that the metadata is complete (Alembic, mappers)."""

from techmarket.core import outbox
from techmarket.db import Base

metadata = Base.metadata

__all__ = ["metadata", "outbox"]
