"""The life of an achievement: draft → pending_review → published → transferred | withdrawn;
rejected goes back to the owner with the reviewer's reason."""

from __future__ import annotations

from techmarket.achievements.models import Achievement, AchievementStatus
from techmarket.achievements.schemas import AchievementAction
from techmarket.core.principal import Principal
from techmarket.core.workflow import Transition, Workflow

S = AchievementStatus


def _owner(principal: Principal, achievement: Achievement) -> bool:
    return principal.acts_for(achievement.organization_id)


def _staff(principal: Principal, achievement: Achievement) -> bool:
    return principal.is_staff


def _owner_or_staff(principal: Principal, achievement: Achievement) -> bool:
    return _owner(principal, achievement) or principal.is_staff


def _maturity_stated(achievement: Achievement) -> str | None:
    """Reviewers judge an achievement by how far it has come: a maturity or a TRL is needed."""
    if achievement.maturity is None and achievement.trl is None:
        return "state the maturity or the TRL before submitting"
    return None


achievement_workflow: Workflow[Achievement] = Workflow(
    entity_type="achievement",
    transitions=[
        Transition(AchievementAction.SUBMIT, frozenset({S.DRAFT, S.REJECTED}), S.PENDING_REVIEW,
                   may=_owner, needs_verified_organization=True, guard=_maturity_stated),
        Transition(AchievementAction.RECALL, frozenset({S.PENDING_REVIEW}), S.DRAFT, may=_owner),
        Transition(AchievementAction.APPROVE, frozenset({S.PENDING_REVIEW}), S.PUBLISHED,
                   may=_staff),
        Transition(AchievementAction.REJECT, frozenset({S.PENDING_REVIEW}), S.REJECTED,
                   may=_staff, reason_required=True),
        Transition(AchievementAction.WITHDRAW, frozenset({S.PUBLISHED}), S.WITHDRAWN,
                   may=_owner_or_staff),
        Transition(AchievementAction.MARK_TRANSFERRED, frozenset({S.PUBLISHED}), S.TRANSFERRED,
                   may=_owner),
    ],
    topics=("search",),
    organization_of=lambda achievement: achievement.organization_id,
)  # fmt: skip
