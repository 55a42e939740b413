"""Webhooks 事件推送: admins subscribe third-party systems to workflow events.

Every workflow transition adds a ``webhook`` outbox event in its own transaction
(``core/workflow.py``); the worker fans each event out to the active subscriptions that want its
type, one delivery row per subscription (``fan_out``), and ``delivery.Dispatcher`` sends them.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core import audit, workflow
from techmarket.core.errors import AppError, FieldError
from techmarket.core.pagination import keyset_page
from techmarket.core.principal import Principal
from techmarket.core.security import new_secret
from techmarket.db import transactional
from techmarket.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from techmarket.webhooks.schemas import (
    WebhookEventTypeRead,
    WebhookSubscriptionCreate,
    WebhookSubscriptionUpdate,
)

SECRET_PREFIX = "whsec"  # noqa: S105 - the prefix of generated secrets, not a secret


class SubscriptionNotFound(AppError):
    code = "webhook.not_found"
    status = 404
    title = "Webhook subscription not found"


class DeliveryNotFound(AppError):
    code = "webhook.delivery_not_found"
    status = 404
    title = "Webhook delivery not found"


class UnknownEventType(AppError):
    code = "webhook.unknown_event_type"
    status = 422
    title = "Unknown event type"


def list_event_types() -> list[WebhookEventTypeRead]:
    """Every `<entity>.<status>` a workflow transition can emit."""
    return [
        WebhookEventTypeRead(type=name, entity_type=name.split(".")[0], status=name.split(".")[1])
        for name in workflow.event_types()
    ]


def _check_event_types(event_types: Sequence[str]) -> list[str]:
    known = set(workflow.event_types())
    unknown = [name for name in event_types if name not in known]
    if unknown:
        raise UnknownEventType(
            f"no workflow emits {', '.join(unknown)}; see /admin/webhooks/event-types",
            fields=[
                FieldError(field=f"body.event_types.{i}", message=f"unknown event type {name}")
                for i, name in enumerate(event_types)
                if name in unknown
            ],
        )
    return sorted(set(event_types))


def _described(subscription: WebhookSubscription) -> dict[str, Any]:
    """What the audit log keeps of a subscription: never its secret."""
    return {
        "url": subscription.url,
        "event_types": subscription.event_types,
        "active": subscription.active,
        "description": subscription.description,
    }


@transactional
async def create_subscription(
    *, session: AsyncSession, principal: Principal, data: WebhookSubscriptionCreate
) -> tuple[WebhookSubscription, str]:
    """Answer the subscription and its secret, which is not shown again."""
    secret = new_secret(SECRET_PREFIX)
    subscription = WebhookSubscription(
        url=str(data.url),
        event_types=_check_event_types(data.event_types),
        description=data.description or None,
        active=data.active,
        secret=secret,
        created_by_id=principal.user_id,
    )
    session.add(subscription)
    await session.flush()
    audit.record(
        session,
        principal=principal,
        action="webhook.create",
        entity_type="webhook_subscription",
        entity_id=subscription.id,
        after=_described(subscription),
    )
    return subscription, secret


async def list_subscriptions(
    *, session: AsyncSession, limit: int, cursor: str | None
) -> tuple[list[WebhookSubscription], str | None]:
    return await keyset_page(
        session,
        select(WebhookSubscription),
        key=WebhookSubscription.created_at,
        id_column=WebhookSubscription.id,
        limit=limit,
        cursor=cursor,
    )


async def get_subscription(
    *, session: AsyncSession, subscription_id: uuid.UUID
) -> WebhookSubscription:
    subscription = await session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        raise SubscriptionNotFound()
    return subscription


@transactional
async def update_subscription(
    *,
    session: AsyncSession,
    principal: Principal,
    subscription_id: uuid.UUID,
    data: WebhookSubscriptionUpdate,
) -> WebhookSubscription:
    subscription = await get_subscription(session=session, subscription_id=subscription_id)
    updates = data.model_dump(exclude_unset=True)
    if updates.get("url") is not None:
        updates["url"] = str(data.url)
    if updates.get("event_types") is not None:
        updates["event_types"] = _check_event_types(updates["event_types"])
    if "description" in updates:
        updates["description"] = updates["description"] or None
    updates = {k: v for k, v in updates.items() if v is not None or k == "description"}
    before, after = audit.changes(subscription, updates)
    if after:
        for name, value in after.items():
            setattr(subscription, name, value)
        subscription.updated_at = datetime.now(UTC)
        audit.record(
            session,
            principal=principal,
            action="webhook.update",
            entity_type="webhook_subscription",
            entity_id=subscription.id,
            before=before,
            after=after,
        )
    await session.flush()
    return subscription


@transactional
async def delete_subscription(
    *, session: AsyncSession, principal: Principal, subscription_id: uuid.UUID
) -> None:
    """Remove a subscription and its delivery log; deactivating keeps the log."""
    subscription = await get_subscription(session=session, subscription_id=subscription_id)
    audit.record(
        session,
        principal=principal,
        action="webhook.delete",
        entity_type="webhook_subscription",
        entity_id=subscription.id,
        before=_described(subscription),
    )
    await session.delete(subscription)
    await session.flush()


async def list_deliveries(
    *,
    session: AsyncSession,
    subscription_id: uuid.UUID,
    status: DeliveryStatus | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[WebhookDelivery], str | None]:
    """The delivery log 推送记录 of a subscription, newest first."""
    await get_subscription(session=session, subscription_id=subscription_id)
    statement = select(WebhookDelivery).where(WebhookDelivery.subscription_id == subscription_id)
    if status is not None:
        statement = statement.where(WebhookDelivery.status == status)
    return await keyset_page(
        session,
        statement,
        key=WebhookDelivery.created_at,
        id_column=WebhookDelivery.id,
        limit=limit,
        cursor=cursor,
    )


@transactional
async def redeliver(
    *, session: AsyncSession, principal: Principal, delivery_id: uuid.UUID
) -> WebhookDelivery:
    """Send a delivery again now, with a fresh budget of attempts and the same delivery id
    (receivers that already handled it recognise it)."""
    delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None:
        raise DeliveryNotFound()
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = await _database_now(session)
    audit.record(
        session,
        principal=principal,
        action="webhook.redeliver",
        entity_type="webhook_delivery",
        entity_id=delivery.id,
        after={"event_type": delivery.event_type, "subscription_id": delivery.subscription_id},
    )
    await session.flush()
    return delivery


async def _database_now(session: AsyncSession) -> datetime:
    now: datetime | None = await session.scalar(select(func.now()))
    assert now is not None
    return now


def delivery_body(event: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON a receiver gets for a workflow event (see ``core.workflow.Workflow.apply``)."""
    data = {
        key: event.get(key)
        for key in (
            "entity_type",
            "id",
            "status",
            "previous_status",
            "action",
            "organization_id",
            "title",
        )
    }
    return {
        "id": event["event_id"],
        "type": event["type"],
        "occurred_at": event["occurred_at"],
        "data": {key: value for key, value in data.items() if value is not None},
    }


async def fan_out(session: AsyncSession, events: Sequence[Mapping[str, Any]]) -> int:
    """Queue one delivery per (event, active subscription that wants it); answer how many.

    Idempotent: an outbox event handled twice (a worker died before deleting it) queues nothing
    new, thanks to the unique (event, subscription).
    """
    types = {event["type"] for event in events}
    subscriptions = list(
        await session.scalars(
            select(WebhookSubscription).where(
                WebhookSubscription.active.is_(True),
                WebhookSubscription.event_types.overlap(sorted(types)),
            )
        )
    )
    now = await _database_now(session)  # the clock the dispatcher compares with
    rows = [
        {
            "id": uuid.uuid4(),
            "subscription_id": subscription.id,
            "event_id": uuid.UUID(event["event_id"]),
            "event_type": event["type"],
            "payload": delivery_body(event),
            "status": DeliveryStatus.PENDING,
            "next_attempt_at": now,
        }
        for event in events
        for subscription in subscriptions
        if event["type"] in subscription.event_types
    ]
    if rows:
        await session.execute(
            insert(WebhookDelivery)
            .values(rows)
            .on_conflict_do_nothing(constraint="uq_webhook_delivery_event")
        )
    return len(rows)
