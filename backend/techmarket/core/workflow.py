"""The one workflow engine: every status change of every collection goes through ``apply``.

A collection declares its transitions (from, action, to, who may, guard); ``apply`` checks them
and, in the caller's transaction, changes the status, writes the audit row and adds the outbox
events: the collection's own topics, and always one ``webhook`` event named
``<entity_type>.<target status>``. Nothing else changes a status.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core import audit, outbox
from techmarket.core.errors import AppError, FieldError
from techmarket.core.principal import Principal

WEBHOOK_TOPIC = "webhook"


class Stateful(Protocol):
    id: Any
    status: Any


E = TypeVar("E", bound=Stateful)


class TransitionNotAllowed(AppError):
    code = "workflow.transition_not_allowed"
    status = 409
    title = "This action is not allowed in the current status"


class ActionForbidden(AppError):
    code = "workflow.forbidden"
    status = 403
    title = "You may not take this action"


class OrganizationNotVerified(AppError):
    code = "organization.not_verified"
    status = 403
    title = "Your organisation is not verified yet"


class ReasonRequired(AppError):
    code = "workflow.reason_required"
    status = 422
    title = "A reason is required"


@dataclass(frozen=True)
class Transition(Generic[E]):
    action: str
    sources: frozenset[StrEnum]
    target: StrEnum
    may: Callable[[Principal, E], bool]
    reason_required: bool = False
    guard: Callable[[E], str | None] | None = None  # answers why not, or None
    # Until the bureau verifies an organisation, its users may draft but not submit for review.
    needs_verified_organization: bool = False


@dataclass
class Workflow(Generic[E]):
    entity_type: str
    transitions: Iterable[Transition[E]]
    topics: tuple[str, ...] = ()
    organization_of: Callable[[E], Any] = field(default=lambda entity: None)

    def __post_init__(self) -> None:
        self._by_action = {t.action: t for t in self.transitions}
        _REGISTRY[self.entity_type] = self

    def event_types(self) -> list[str]:
        """The webhook event types this workflow emits: one per status a transition reaches."""
        targets = dict.fromkeys(str(t.target) for t in self._by_action.values())
        return [f"{self.entity_type}.{target}" for target in targets]

    def actions(self) -> list[str]:
        return list(self._by_action)

    def transition(self, action: str) -> Transition[E]:
        return self._by_action[action]

    def permitted(self, entity: E, *, principal: Principal) -> list[str]:
        """The actions ``principal`` may take on ``entity`` in its status, for a UI to offer;
        ``check`` still decides (guards and reasons) when one is taken."""
        return [
            t.action
            for t in self._by_action.values()
            if entity.status in t.sources and t.may(principal, entity)
        ]

    def check(
        self, entity: E, action: str, *, principal: Principal, reason: str | None = None
    ) -> Transition[E]:
        """Refuse ``action`` unless ``apply`` would take it; changes nothing.

        A service calls this first when its own rule needs the database (an open call, finished
        reviews): a stranger then gets 403 and a wrong status 409, before any hint of that rule.
        """
        transition = self._by_action[action]
        if not transition.may(principal, entity):
            raise ActionForbidden(f"you may not {action} this {self.entity_type}")
        if transition.needs_verified_organization and not principal.organization_verified:
            raise OrganizationNotVerified(
                "drafts are kept; submitting waits for the bureau to verify your organisation"
            )
        if entity.status not in transition.sources:
            raise TransitionNotAllowed(
                f"cannot {action} a {self.entity_type} that is {entity.status}",
                current_status=str(entity.status),
                action=action,
            )
        if transition.guard and (why_not := transition.guard(entity)):
            raise TransitionNotAllowed(why_not, current_status=str(entity.status), action=action)
        if transition.reason_required and not (reason or "").strip():
            raise ReasonRequired(
                f"{action} needs a reason",
                fields=[
                    FieldError(field="body.reason", message="a reason is required", type="missing")
                ],
            )
        return transition

    def apply(
        self,
        session: AsyncSession,
        entity: E,
        action: str,
        *,
        principal: Principal,
        reason: str | None = None,
        changes: dict[str, Any] | None = None,
    ) -> E:
        """Check and apply ``action`` in the caller's unit of work, which commits it."""
        transition = self.check(entity, action, principal=principal, reason=reason)
        reason = (reason or "").strip() or None
        before = {"status": str(entity.status)}
        entity.status = transition.target
        for name, value in (changes or {}).items():
            setattr(entity, name, value)
        audit.record(
            session,
            principal=principal,
            action=f"{self.entity_type}.{action}",
            entity_type=self.entity_type,
            entity_id=entity.id,
            before=before,
            after={"status": str(transition.target), **(changes or {})},
            reason=reason,
            organization_id=self.organization_of(entity),
        )
        for topic in self.topics:
            outbox.enqueue(
                session,
                topic=topic,
                payload={"entity_type": self.entity_type, "id": str(entity.id), "action": action},
            )
        # A webhook reports a fact (this transition happened), so it carries what was true then.
        outbox.enqueue(
            session,
            topic=WEBHOOK_TOPIC,
            payload={
                "event_id": str(uuid.uuid4()),
                "type": f"{self.entity_type}.{transition.target}",
                "occurred_at": datetime.now(UTC).isoformat(),
                "entity_type": self.entity_type,
                "id": str(entity.id),
                "action": action,
                "status": str(transition.target),
                "previous_status": before["status"],
                "organization_id": _text(self.organization_of(entity)),
                "title": getattr(entity, "title", None),
            },
        )
        return entity


_REGISTRY: dict[str, Workflow[Any]] = {}


def event_types() -> list[str]:
    """Every webhook event type of the workflows declared so far (all, once the app is built)."""
    return sorted(t for workflow in _REGISTRY.values() for t in workflow.event_types())


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
