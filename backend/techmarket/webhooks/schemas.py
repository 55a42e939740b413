from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, UrlConstraints

from techmarket.webhooks.models import DeliveryStatus

TargetUrl = Annotated[
    HttpUrl,
    UrlConstraints(max_length=2000, allowed_schemes=["http", "https"]),
    Field(description="Where deliveries are POSTed (http or https)."),
]
EventType = Annotated[
    str,
    StringConstraints(min_length=3, max_length=100, pattern=r"^[a-z_]+\.[a-z_]+$"),
    Field(description="`<entity>.<status>`, one of `/admin/webhooks/event-types`."),
]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class WebhookSubscriptionCreate(BaseModel):
    """A receiver 事件订阅 for the workflow events a third-party system wants."""

    url: TargetUrl
    event_types: list[EventType] = Field(min_length=1, max_length=100)
    description: Description | None = None
    active: bool = True


class WebhookSubscriptionUpdate(BaseModel):
    url: TargetUrl | None = None
    event_types: list[EventType] | None = Field(default=None, min_length=1, max_length=100)
    description: Description | None = None
    active: bool | None = None


class WebhookSubscriptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    description: str | None
    event_types: list[str]
    active: bool
    created_at: datetime
    updated_at: datetime


class WebhookSubscriptionCreated(WebhookSubscriptionRead):
    secret: str = Field(
        description="Signs every delivery (`X-Techmarket-Signature`). Shown only in this answer."
    )


class WebhookDeliveryRead(BaseModel):
    """One event sent, or being sent, to one subscription 推送记录."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="Also sent as `X-Techmarket-Delivery`.")
    subscription_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: datetime | None = Field(description="When the next attempt is due.")
    last_attempt_at: datetime | None
    last_response_code: int | None
    last_error: str | None
    last_duration_ms: int | None
    created_at: datetime
    payload: dict[str, Any] = Field(description="The JSON body POSTed to the receiver.")


class WebhookDeliveryFilters(BaseModel):
    status: DeliveryStatus | None = None


class WebhookEventTypeRead(BaseModel):
    type: str = Field(description="`<entity>.<status>`, e.g. `demand.published`.")
    entity_type: str
    status: str
