"""Who is acting: a user, an API key acting for its organisation, or nobody."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class PlatformRole(StrEnum):
    """Roles given by the platform, on top of organisation membership."""

    ADMIN = "admin"
    REVIEWER = "reviewer"  # bureau staff (科技局) who review entries
    EXPERT = "expert"  # 评审专家
    BROKER = "broker"  # 技术经理人


STAFF_ROLES = frozenset({PlatformRole.ADMIN, PlatformRole.REVIEWER})


class Scope(StrEnum):
    """What an API key may do for its organisation."""

    READ = "read"
    DEMANDS_WRITE = "demands:write"
    ACHIEVEMENTS_WRITE = "achievements:write"
    PROJECTS_WRITE = "projects:write"
    CHALLENGES_WRITE = "challenges:write"


class MembershipRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID | None = None
    session_id: uuid.UUID | None = None
    api_key_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    organization_verified: bool = False
    membership: MembershipRole | None = None
    roles: frozenset[PlatformRole] = field(default_factory=frozenset)
    scopes: frozenset[Scope] = field(default_factory=frozenset)

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None and self.api_key_id is None

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_admin(self) -> bool:
        return PlatformRole.ADMIN in self.roles

    def owns_organization(self, organization_id: uuid.UUID) -> bool:
        return (
            self.user_id is not None
            and self.organization_id == organization_id
            and self.membership is MembershipRole.OWNER
        )

    def acts_for(self, organization_id: uuid.UUID | None) -> bool:
        return organization_id is not None and self.organization_id == organization_id


ANONYMOUS = Principal()
