"""Imports every collection's models so that the metadata is complete (Alembic, mappers)."""

from techmarket.achievements import models as achievement_models
from techmarket.attachments import models as attachment_models
from techmarket.catalog import models as catalog_models
from techmarket.challenges import models as challenge_models
from techmarket.connections import models as connection_models
from techmarket.core import audit, idempotency, outbox, ratelimit, scheduler
from techmarket.db import Base
from techmarket.demands import models as demand_models
from techmarket.identity import models as identity_models
from techmarket.imports import models as import_models
from techmarket.notifications import models as notification_models
from techmarket.projects import models as project_models
from techmarket.reviews import models as review_models
from techmarket.search import corpus as search_corpus
from techmarket.search import vocabulary as search_vocabulary
from techmarket.webhooks import models as webhook_models

metadata = Base.metadata

__all__ = [
    "achievement_models",
    "attachment_models",
    "audit",
    "catalog_models",
    "challenge_models",
    "connection_models",
    "demand_models",
    "idempotency",
    "identity_models",
    "import_models",
    "metadata",
    "notification_models",
    "outbox",
    "project_models",
    "ratelimit",
    "review_models",
    "scheduler",
    "search_corpus",
    "search_vocabulary",
    "webhook_models",
]
