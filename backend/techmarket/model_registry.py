"""Imports every collection's models so that the metadata is complete (Alembic, mappers)."""

from techmarket.attachments import models as attachment_models
from techmarket.catalog import models as catalog_models
from techmarket.core import audit, outbox
from techmarket.db import Base
from techmarket.demands import models as demand_models
from techmarket.identity import models as identity_models

metadata = Base.metadata

__all__ = [
    "attachment_models",
    "audit",
    "catalog_models",
    "demand_models",
    "identity_models",
    "metadata",
    "outbox",
]
