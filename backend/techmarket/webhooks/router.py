"""Webhooks 事件推送 (admins): subscriptions, the event types, the delivery log, redelivery."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from techmarket.core.deps import Admin
from techmarket.core.errors import problem_responses
from techmarket.core.pagination import Page, PageDep
from techmarket.db import SessionDep
from techmarket.webhooks import service
from techmarket.webhooks.schemas import (
    WebhookDeliveryFilters,
    WebhookDeliveryRead,
    WebhookEventTypeRead,
    WebhookSubscriptionCreate,
    WebhookSubscriptionCreated,
    WebhookSubscriptionRead,
    WebhookSubscriptionUpdate,
)

router = APIRouter(prefix="/admin/webhooks", tags=["webhooks"])


@router.get("/event-types", response_model=list[WebhookEventTypeRead])
async def list_webhook_event_types(principal: Admin) -> list[WebhookEventTypeRead]:
    """The event types one may subscribe to: `<entity>.<status>` for every status a workflow
    transition reaches (e.g. `demand.published`, `connection.contracted`)."""
    return service.list_event_types()


@router.get("", response_model=Page[WebhookSubscriptionRead])
async def list_webhooks(
    principal: Admin, session: SessionDep, page: PageDep
) -> Page[WebhookSubscriptionRead]:
    """Webhook subscriptions, newest first (never their secrets)."""
    items, next_cursor = await service.list_subscriptions(
        session=session, limit=page.limit, cursor=page.cursor
    )
    return Page(
        items=[WebhookSubscriptionRead.model_validate(i) for i in items], next_cursor=next_cursor
    )


@router.post(
    "",
    response_model=WebhookSubscriptionCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(422),
)
async def create_webhook(
    data: WebhookSubscriptionCreate, principal: Admin, session: SessionDep
) -> WebhookSubscriptionCreated:
    """Subscribe a URL to event types. The answer holds the signing secret, shown only once:
    each delivery carries `X-Techmarket-Signature: sha256=<HMAC-SHA256 of the body>`."""
    subscription, secret = await service.create_subscription(
        session=session, principal=principal, data=data
    )
    read = WebhookSubscriptionRead.model_validate(subscription)
    return WebhookSubscriptionCreated(**read.model_dump(), secret=secret)


@router.get(
    "/{subscription_id}", response_model=WebhookSubscriptionRead, responses=problem_responses(404)
)
async def read_webhook(
    subscription_id: uuid.UUID, principal: Admin, session: SessionDep
) -> WebhookSubscriptionRead:
    """One subscription (without its secret)."""
    subscription = await service.get_subscription(session=session, subscription_id=subscription_id)
    return WebhookSubscriptionRead.model_validate(subscription)


@router.patch(
    "/{subscription_id}",
    response_model=WebhookSubscriptionRead,
    responses=problem_responses(404, 422),
)
async def update_webhook(
    subscription_id: uuid.UUID,
    data: WebhookSubscriptionUpdate,
    principal: Admin,
    session: SessionDep,
) -> WebhookSubscriptionRead:
    """Change the URL, the event types or the description; `active: false` pauses deliveries
    (new events are not queued for it; queued ones wait until it is active again)."""
    subscription = await service.update_subscription(
        session=session, principal=principal, subscription_id=subscription_id, data=data
    )
    return WebhookSubscriptionRead.model_validate(subscription)


@router.delete(
    "/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(404),
)
async def delete_webhook(subscription_id: uuid.UUID, principal: Admin, session: SessionDep) -> None:
    """Remove a subscription with its delivery log."""
    await service.delete_subscription(
        session=session, principal=principal, subscription_id=subscription_id
    )


@router.get(
    "/{subscription_id}/deliveries",
    response_model=Page[WebhookDeliveryRead],
    responses=problem_responses(404),
)
async def list_webhook_deliveries(
    subscription_id: uuid.UUID,
    principal: Admin,
    session: SessionDep,
    page: PageDep,
    filters: Annotated[WebhookDeliveryFilters, Query()],
) -> Page[WebhookDeliveryRead]:
    """The delivery log of a subscription, newest first: status, attempts, the last response
    code or error and its duration."""
    items, next_cursor = await service.list_deliveries(
        session=session,
        subscription_id=subscription_id,
        status=filters.status,
        limit=page.limit,
        cursor=page.cursor,
    )
    return Page(
        items=[WebhookDeliveryRead.model_validate(i) for i in items], next_cursor=next_cursor
    )


@router.post(
    "/deliveries/{delivery_id}/redeliver",
    response_model=WebhookDeliveryRead,
    responses=problem_responses(404),
)
async def redeliver_webhook(
    delivery_id: uuid.UUID, principal: Admin, session: SessionDep
) -> WebhookDeliveryRead:
    """Send a delivery again now (same delivery id), with a fresh budget of attempts."""
    delivery = await service.redeliver(
        session=session, principal=principal, delivery_id=delivery_id
    )
    return WebhookDeliveryRead.model_validate(delivery)
