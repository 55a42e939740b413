from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from techmarket.core.principal import MembershipRole, PlatformRole, Scope
from techmarket.identity.credit_code import credit_code_problem
from techmarket.identity.models import EnterpriseFlag, OrganizationKind, VerificationStatus


def _credit_code(value: str) -> str:
    value = value.strip().upper()
    if problem := credit_code_problem(value):
        raise PydanticCustomError(
            "credit_code_invalid",
            "invalid unified social credit code: {problem}",
            {"problem": problem},
        )
    return value


CreditCode = Annotated[
    str,
    AfterValidator(_credit_code),
    Field(description="统一社会信用代码: 18 characters with a GB 32100-2015 check character."),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Mobile = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 -]{5,20}$")
]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Password = Annotated[
    str, Field(min_length=1, max_length=200, description="See the password rules.")
]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class OrganizationCreate(BaseModel):
    name: Name
    kind: OrganizationKind = Field(
        description="企业 / 高校 / 科研院所 / 新型研发机构 / 政府部门 / 服务机构"
    )
    credit_code: CreditCode
    region: Code = Field(description="A region code from /catalog/region.")
    fields: list[Code] = Field(
        default_factory=list, max_length=11, description="Codes from /catalog/field."
    )
    flags: list[EnterpriseFlag] = Field(
        default_factory=list, description="Enterprise flags; enterprises only."
    )
    description: str | None = Field(default=None, max_length=5000)
    contact_name: str | None = Field(default=None, max_length=100)
    contact_phone: Mobile | None = None
    contact_email: EmailStr | None = None


class OrganizationUpdate(BaseModel):
    name: Name | None = None
    region: Code | None = None
    fields: list[Code] | None = Field(default=None, max_length=11)
    flags: list[EnterpriseFlag] | None = None
    description: str | None = Field(default=None, max_length=5000)
    contact_name: str | None = Field(default=None, max_length=100)
    contact_phone: Mobile | None = None
    contact_email: EmailStr | None = None


class OrganizationPublic(BaseModel):
    """What anyone may see of a verified organisation."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    kind: OrganizationKind
    flags: list[EnterpriseFlag]
    region: str
    fields: list[str]
    description: str | None
    status: VerificationStatus


class OrganizationRead(OrganizationPublic):
    """The whole record, for its members and bureau staff."""

    credit_code: str
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    rejection_reason: str | None
    verified_at: datetime | None
    created_at: datetime
    version: int


class Registration(BaseModel):
    """Register a user together with a new organisation, which then awaits verification."""

    email: EmailStr
    password: Password
    display_name: Name
    mobile: Mobile | None = None
    organization: OrganizationCreate


class InvitationAcceptance(BaseModel):
    password: Password
    display_name: Name
    mobile: Mobile | None = None


class InvitationCreate(BaseModel):
    email: EmailStr


class InvitationCreated(BaseModel):
    id: uuid.UUID
    email: str
    expires_at: datetime
    token: str = Field(description="Shown once: the invitee accepts with it.")


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    mobile: str | None
    display_name: str
    organization_id: uuid.UUID | None
    membership: MembershipRole | None
    roles: list[PlatformRole]
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class Me(UserRead):
    organization: OrganizationRead | None


class UserUpdate(BaseModel):
    display_name: Name | None = None
    mobile: Mobile | None = None

    @field_validator("display_name")
    @classmethod
    def _name_stays(cls, value: str | None) -> str:
        """Omit it to keep it; ``null`` would remove a name every user must have."""
        if value is None:
            raise ValueError("the display name cannot be removed")
        return value


class PasswordChange(BaseModel):
    current_password: Password
    new_password: Password


class ExpertProfileWrite(BaseModel):
    fields: list[Code] = Field(default_factory=list, max_length=11)
    keywords: list[
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
    ] = Field(default_factory=list, max_length=30)
    conflict_organization_ids: list[uuid.UUID] = Field(
        default_factory=list,
        description="Organisations whose bids or entries this expert must not review.",
    )
    conflict_note: str | None = Field(default=None, max_length=2000)


class ExpertProfileRead(ExpertProfileWrite):
    model_config = ConfigDict(from_attributes=True)

    user_id: uuid.UUID
    updated_at: datetime


class TokenPair(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str


class WhoAmI(BaseModel):
    kind: Literal["user", "api_key"]
    user_id: uuid.UUID | None
    api_key_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    organization_verified: bool
    roles: list[PlatformRole]
    scopes: list[Scope]


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=10, max_length=200)


class ReasonBody(BaseModel):
    reason: Reason


class OptionalReasonBody(BaseModel):
    reason: str | None = Field(default=None, max_length=2000)


class RoleGrant(BaseModel):
    role: PlatformRole


class ApiKeyCreate(BaseModel):
    name: Name
    scopes: list[Scope] = Field(min_length=1)
    expires_at: datetime | None = None


class ApiKeyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    name: str
    prefix: str = Field(description="The first characters of the key, to recognise it.")
    scopes: list[Scope]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(
        description="Shown once; store it now. Send as `Authorization: Bearer` or `X-API-Key`."
    )


class AuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_user_id: uuid.UUID | None
    actor_api_key_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    action: str
    entity_type: str
    entity_id: str | None
    before: dict[str, object] | None
    after: dict[str, object] | None
    reason: str | None
    request_id: str | None
    ip: str | None
