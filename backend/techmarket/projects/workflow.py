"""The life of a project: draft → submitted → formal_check (形式审查) → expert_review →
approved (立项) | rejected → in_progress (在研) ⇄ midterm (中期检查) → acceptance (结题验收) →
completed | terminated.

Rules that need the database (the call is open, every review is in) are checked by the service
between ``check`` and ``apply``.
"""

from __future__ import annotations

from techmarket.core.principal import Principal
from techmarket.core.workflow import Transition, Workflow
from techmarket.projects.models import Project, ProjectStatus
from techmarket.projects.schemas import ProjectAction

S = ProjectStatus
A = ProjectAction


def _owner(principal: Principal, project: Project) -> bool:
    return principal.acts_for(project.organization_id)


def _staff(principal: Principal, project: Project) -> bool:
    return principal.is_staff


RUNNING = frozenset({S.APPROVED, S.IN_PROGRESS, S.MIDTERM, S.ACCEPTANCE})

project_workflow: Workflow[Project] = Workflow(
    entity_type="project",
    transitions=[
        Transition(A.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, may=_owner,
                   needs_verified_organization=True),
        Transition(A.WITHDRAW, frozenset({S.SUBMITTED}), S.DRAFT, may=_owner),
        Transition(A.START_FORMAL_CHECK, frozenset({S.SUBMITTED}), S.FORMAL_CHECK, may=_staff),
        Transition(A.PASS_FORMAL_CHECK, frozenset({S.FORMAL_CHECK}), S.EXPERT_REVIEW, may=_staff),
        Transition(A.FAIL_FORMAL_CHECK, frozenset({S.FORMAL_CHECK}), S.REJECTED, may=_staff,
                   reason_required=True),
        Transition(A.APPROVE, frozenset({S.EXPERT_REVIEW}), S.APPROVED, may=_staff),
        Transition(A.REJECT, frozenset({S.EXPERT_REVIEW}), S.REJECTED, may=_staff,
                   reason_required=True),
        Transition(A.START, frozenset({S.APPROVED}), S.IN_PROGRESS, may=_owner),
        Transition(A.BEGIN_MIDTERM, frozenset({S.IN_PROGRESS}), S.MIDTERM, may=_staff),
        Transition(A.PASS_MIDTERM, frozenset({S.MIDTERM}), S.IN_PROGRESS, may=_staff),
        Transition(A.BEGIN_ACCEPTANCE, frozenset({S.IN_PROGRESS}), S.ACCEPTANCE, may=_staff),
        Transition(A.COMPLETE, frozenset({S.ACCEPTANCE}), S.COMPLETED, may=_staff),
        Transition(A.TERMINATE, RUNNING, S.TERMINATED, may=_staff, reason_required=True),
    ],
    topics=("search",),
    organization_of=lambda project: project.organization_id,
)  # fmt: skip
