"""The workflow engine: who may, from which status, with which reason; audit and outbox rows
are written in the caller's transaction, so they exist exactly when the change does."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.core.outbox import OutboxEvent
from techmarket.core.principal import PlatformRole, Principal
from techmarket.core.workflow import (
    ActionForbidden,
    OrganizationNotVerified,
    ReasonRequired,
    Transition,
    TransitionNotAllowed,
    Workflow,
)


class Status(StrEnum):
    DRAFT = "draft"
    PENDING = "pending_review"
    PUBLISHED = "published"
    REJECTED = "rejected"


@dataclass
class Entry:
    owner: uuid.UUID
    status: Status = Status.DRAFT
    title: str = "镁合金压铸件表面处理"
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    rejection_reason: str | None = None


def _is_owner(principal: Principal, entry: Entry) -> bool:
    return principal.organization_id == entry.owner


WORKFLOW: Workflow[Entry] = Workflow(
    entity_type="entry",
    transitions=[
        Transition("submit", frozenset({Status.DRAFT, Status.REJECTED}), Status.PENDING,
                   may=_is_owner, needs_verified_organization=True,
                   guard=lambda e: None if e.title.strip() else "a title is needed first"),
        Transition("approve", frozenset({Status.PENDING}), Status.PUBLISHED,
                   may=lambda p, e: p.is_staff),
        Transition("reject", frozenset({Status.PENDING}), Status.REJECTED,
                   may=lambda p, e: p.is_staff, reason_required=True),
    ],
    topics=("search",),
    organization_of=lambda entry: entry.owner,
)  # fmt: skip

ORG = uuid.uuid4()
OWNER = Principal(user_id=uuid.uuid4(), organization_id=ORG, organization_verified=True)
STAFF = Principal(user_id=uuid.uuid4(), roles=frozenset({PlatformRole.REVIEWER}))


async def test_a_transition_writes_audit_and_outbox_in_the_same_transaction(
    session: AsyncSession,
) -> None:
    entry = Entry(owner=ORG)
    WORKFLOW.apply(session, entry, "submit", principal=OWNER)
    assert entry.status is Status.PENDING
    await session.flush()
    audit = await session.scalar(select(AuditLog).where(AuditLog.entity_id == str(entry.id)))
    assert audit is not None
    assert audit.action == "entry.submit"
    assert audit.before == {"status": "draft"}
    assert audit.after == {"status": "pending_review"}
    assert audit.organization_id == ORG
    event = await session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "search"))
    assert event is not None
    assert event.payload == {"entity_type": "entry", "id": str(entry.id), "action": "submit"}
    hook = await session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "webhook"))
    assert hook is not None
    assert hook.payload["type"] == "entry.pending_review"
    assert hook.payload["id"] == str(entry.id)
    assert hook.payload["previous_status"] == "draft"
    assert hook.payload["organization_id"] == str(ORG)

    await session.rollback()
    assert await session.scalar(select(AuditLog).where(AuditLog.entity_id == str(entry.id))) is None
    assert await session.scalar(select(OutboxEvent).where(OutboxEvent.topic == "webhook")) is None


def test_every_status_a_transition_reaches_is_an_event_type() -> None:
    assert WORKFLOW.event_types() == [
        "entry.pending_review",
        "entry.published",
        "entry.rejected",
    ]


def test_refusal_names_the_current_status(session: AsyncSession) -> None:
    entry = Entry(owner=ORG, status=Status.PUBLISHED)
    with pytest.raises(TransitionNotAllowed) as refused:
        WORKFLOW.apply(session, entry, "approve", principal=STAFF)
    assert refused.value.extra["current_status"] == "published"
    assert entry.status is Status.PUBLISHED


def test_roles_and_ownership_decide(session: AsyncSession) -> None:
    stranger = Principal(
        user_id=uuid.uuid4(), organization_id=uuid.uuid4(), organization_verified=True
    )
    with pytest.raises(ActionForbidden):
        WORKFLOW.apply(session, Entry(owner=ORG), "submit", principal=stranger)
    with pytest.raises(ActionForbidden):
        WORKFLOW.apply(session, Entry(owner=ORG, status=Status.PENDING), "approve", principal=OWNER)


def test_unverified_organisation_drafts_but_cannot_submit(session: AsyncSession) -> None:
    unverified = Principal(user_id=uuid.uuid4(), organization_id=ORG, organization_verified=False)
    entry = Entry(owner=ORG)
    with pytest.raises(OrganizationNotVerified):
        WORKFLOW.apply(session, entry, "submit", principal=unverified)
    assert entry.status is Status.DRAFT


def test_reason_is_required_and_kept(session: AsyncSession) -> None:
    entry = Entry(owner=ORG, status=Status.PENDING)
    with pytest.raises(ReasonRequired):
        WORKFLOW.apply(session, entry, "reject", principal=STAFF, reason="   ")
    assert entry.status is Status.PENDING
    WORKFLOW.apply(
        session, entry, "reject", principal=STAFF, reason="技术指标不明确",
        changes={"rejection_reason": "技术指标不明确"},
    )  # fmt: skip
    assert entry.status is Status.REJECTED
    assert entry.rejection_reason == "技术指标不明确"


def test_guard_explains_why_not(session: AsyncSession) -> None:
    with pytest.raises(TransitionNotAllowed, match="a title is needed first"):
        WORKFLOW.apply(session, Entry(owner=ORG, title=" "), "submit", principal=OWNER)
