"""The life of a demand: draft → pending_review → published → in_progress → resolved | closed."""

from __future__ import annotations

from datetime import date

from techmarket.core.principal import Principal
from techmarket.core.workflow import Transition, Workflow
from techmarket.demands.models import Demand, DemandStatus
from techmarket.demands.schemas import DemandAction

S = DemandStatus


def _owner(principal: Principal, demand: Demand) -> bool:
    return principal.acts_for(demand.organization_id)


def _staff(principal: Principal, demand: Demand) -> bool:
    return principal.is_staff


def _owner_or_staff(principal: Principal, demand: Demand) -> bool:
    return _owner(principal, demand) or principal.is_staff


def _still_valid(demand: Demand) -> str | None:
    today = date.today()
    if demand.valid_until < today:
        return "the validity (valid_until) has passed: extend it before submitting"
    if demand.deadline is not None and demand.deadline < today:
        return "the deadline has passed: set a new one before submitting"
    return None


demand_workflow: Workflow[Demand] = Workflow(
    entity_type="demand",
    transitions=[
        Transition(DemandAction.SUBMIT, frozenset({S.DRAFT, S.REJECTED}), S.PENDING_REVIEW,
                   may=_owner, needs_verified_organization=True, guard=_still_valid),
        Transition(DemandAction.WITHDRAW, frozenset({S.PENDING_REVIEW}), S.DRAFT, may=_owner),
        Transition(DemandAction.APPROVE, frozenset({S.PENDING_REVIEW}), S.PUBLISHED, may=_staff),
        Transition(DemandAction.REJECT, frozenset({S.PENDING_REVIEW}), S.REJECTED, may=_staff,
                   reason_required=True),
        Transition(DemandAction.START, frozenset({S.PUBLISHED}), S.IN_PROGRESS, may=_owner),
        Transition(DemandAction.RESOLVE, frozenset({S.PUBLISHED, S.IN_PROGRESS}), S.RESOLVED,
                   may=_owner),
        Transition(DemandAction.CLOSE,
                   frozenset({S.DRAFT, S.REJECTED, S.PUBLISHED, S.IN_PROGRESS}), S.CLOSED,
                   may=_owner_or_staff),
    ],
    topics=("search",),
    organization_of=lambda demand: demand.organization_id,
)  # fmt: skip
