"""Accounts and organisations: registration, invitations, profiles, verification, admin acts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.catalog.models import Taxonomy
from techmarket.catalog.service import ensure_terms
from techmarket.core import audit
from techmarket.core.errors import AppError, FieldError
from techmarket.core.pagination import keyset_page
from techmarket.core.policy import Forbidden
from techmarket.core.principal import MembershipRole, PlatformRole, Principal
from techmarket.core.security import digest, hash_password, new_secret, verify_password
from techmarket.core.workflow import Transition, Workflow
from techmarket.db import transactional
from techmarket.identity import sessions
from techmarket.identity.models import (
    ExpertProfile,
    Invitation,
    Organization,
    OrganizationAction,
    OrganizationKind,
    User,
    VerificationStatus,
)
from techmarket.identity.passwords import check_password
from techmarket.identity.schemas import (
    ExpertProfileWrite,
    InvitationAcceptance,
    OrganizationUpdate,
    Registration,
    UserUpdate,
)


class EmailTaken(AppError):
    code = "user.email_taken"
    status = 409
    title = "This email is already registered"


class CreditCodeTaken(AppError):
    code = "organization.credit_code_taken"
    status = 409
    title = "An organisation with this credit code is already registered"


class OrganizationNotFound(AppError):
    code = "organization.not_found"
    status = 404
    title = "Organisation not found"


class UserNotFound(AppError):
    code = "user.not_found"
    status = 404
    title = "User not found"


class InvitationInvalid(AppError):
    code = "invitation.invalid"
    status = 404
    title = "The invitation is unknown, used or expired"


class FlagsOnlyForEnterprises(AppError):
    code = "organization.flags_only_for_enterprises"
    status = 422
    title = "Enterprise flags apply to enterprises only"


class WrongPassword(AppError):
    code = "auth.wrong_password"
    status = 422
    title = "The current password is wrong"


class CannotChangeOwnAdminRole(AppError):
    code = "user.cannot_change_own_admin"
    status = 409
    title = "Admins cannot remove their own admin role or disable themselves"


# Organisation verification (机构认证), decided by bureau staff.
organization_workflow: Workflow[Organization] = Workflow(
    entity_type="organization",
    transitions=[
        Transition(
            action=OrganizationAction.SUBMIT,
            sources=frozenset({VerificationStatus.UNVERIFIED, VerificationStatus.REJECTED}),
            target=VerificationStatus.PENDING,
            may=lambda principal, org: principal.owns_organization(org.id),
        ),
        Transition(
            action=OrganizationAction.VERIFY,
            sources=frozenset({VerificationStatus.PENDING}),
            target=VerificationStatus.VERIFIED,
            may=lambda principal, org: principal.is_staff,
        ),
        Transition(
            action=OrganizationAction.REJECT,
            sources=frozenset({VerificationStatus.PENDING}),
            target=VerificationStatus.REJECTED,
            may=lambda principal, org: principal.is_staff,
            reason_required=True,
        ),
    ],
    organization_of=lambda org: org.id,
)


def _field_error(error: type[AppError], field: str, detail: str) -> AppError:
    return error(detail, fields=[FieldError(field=field, message=detail, type="conflict")])


async def _email_exists(session: AsyncSession, email: str) -> bool:
    found = await session.scalar(select(User.id).where(func.lower(User.email) == email.lower()))
    return found is not None


async def _check_organization_terms(
    session: AsyncSession, *, region: str | None, fields: list[str] | None, prefix: str
) -> None:
    if region is not None:
        await ensure_terms(
            session=session, taxonomy=Taxonomy.REGION, codes=[region], field=f"{prefix}.region"
        )
    if fields is not None:
        await ensure_terms(
            session=session, taxonomy=Taxonomy.FIELD, codes=fields, field=f"{prefix}.fields"
        )


def _check_flags(kind: OrganizationKind, flags: list[Any] | None, field: str) -> None:
    if flags and kind is not OrganizationKind.ENTERPRISE:
        raise FlagsOnlyForEnterprises(
            "only an enterprise (企业) can carry enterprise flags",
            fields=[FieldError(field=field, message="enterprises only")],
        )


async def _new_user(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    display_name: str,
    mobile: str | None,
    organization_id: uuid.UUID | None,
    membership: MembershipRole | None,
    inputs: tuple[str, str],
) -> User:
    """``inputs`` name the request fields that carry the email and the password."""
    email_field, password_input = inputs
    check_password(password, email=email, field=password_input)
    if await _email_exists(session, email):
        raise _field_error(EmailTaken, email_field, "an account with this email already exists")
    user = User(
        email=email.lower(),
        password_hash=hash_password(password),
        display_name=display_name,
        mobile=mobile,
        organization_id=organization_id,
        membership=membership,
        roles=[],
    )
    session.add(user)
    return user


async def _flush_unique(session: AsyncSession) -> None:
    """Turn a lost race on a unique column into the same answer as the early check gives."""
    try:
        await session.flush()
    except IntegrityError as error:
        message = str(error.orig)
        if "credit_code" in message:
            raise _field_error(
                CreditCodeTaken, "body.organization.credit_code", "already registered"
            ) from error
        if "email" in message:
            raise _field_error(
                EmailTaken, "body.email", "an account with this email already exists"
            ) from error
        raise


@transactional
async def register(*, session: AsyncSession, data: Registration) -> User:
    """A new user with a new organisation; the user owns it and it awaits verification."""
    org = data.organization
    _check_flags(org.kind, org.flags, "body.organization.flags")
    await _check_organization_terms(
        session, region=org.region, fields=org.fields, prefix="body.organization"
    )
    if await session.scalar(
        select(Organization.id).where(Organization.credit_code == org.credit_code)
    ):
        raise _field_error(CreditCodeTaken, "body.organization.credit_code", "already registered")
    organization = Organization(**org.model_dump(), status=VerificationStatus.PENDING)
    session.add(organization)
    await _flush_unique(session)
    user = await _new_user(
        session,
        email=data.email,
        password=data.password,
        display_name=data.display_name,
        mobile=data.mobile,
        organization_id=organization.id,
        membership=MembershipRole.OWNER,
        inputs=("body.email", "body.password"),
    )
    await _flush_unique(session)
    principal = Principal(user_id=user.id, organization_id=organization.id)
    audit.record(
        session,
        principal=principal,
        action="user.register",
        entity_type="user",
        entity_id=user.id,
        after={"email": user.email, "organization_id": organization.id},
    )
    return user


@transactional
async def create_invitation(
    *,
    session: AsyncSession,
    principal: Principal,
    organization_id: uuid.UUID,
    email: str,
    lifetime: timedelta,
) -> tuple[Invitation, str]:
    if not (principal.owns_organization(organization_id) or principal.is_admin):
        raise Forbidden("only the owner of the organisation can invite members")
    await get_organization_for(
        session=session, principal=principal, organization_id=organization_id
    )
    token = new_secret("inv")
    invitation = Invitation(
        organization_id=organization_id,
        email=email.lower(),
        token_digest=digest(token),
        invited_by_id=principal.user_id,
        expires_at=datetime.now(UTC) + lifetime,
    )
    session.add(invitation)
    await session.flush()
    audit.record(
        session,
        principal=principal,
        action="invitation.create",
        entity_type="invitation",
        entity_id=invitation.id,
        after={"email": invitation.email},
        organization_id=organization_id,
    )
    return invitation, token


@transactional
async def accept_invitation(
    *, session: AsyncSession, token: str, data: InvitationAcceptance
) -> User:
    invitation = await session.scalar(
        select(Invitation).where(Invitation.token_digest == digest(token)).with_for_update()
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= datetime.now(UTC)
    ):
        raise InvitationInvalid("ask the organisation's owner for a new invitation")
    user = await _new_user(
        session,
        email=invitation.email,
        password=data.password,
        display_name=data.display_name,
        mobile=data.mobile,
        organization_id=invitation.organization_id,
        membership=MembershipRole.MEMBER,
        inputs=("path.token", "body.password"),
    )
    invitation.accepted_at = datetime.now(UTC)
    await _flush_unique(session)
    audit.record(
        session,
        principal=Principal(user_id=user.id, organization_id=invitation.organization_id),
        action="invitation.accept",
        entity_type="invitation",
        entity_id=invitation.id,
    )
    return user


async def get_user(*, session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise UserNotFound()
    return user


async def get_organization(*, session: AsyncSession, organization_id: uuid.UUID) -> Organization:
    organization = await session.get(Organization, organization_id)
    if organization is None:
        raise OrganizationNotFound()
    return organization


def sees_organization_details(principal: Principal, organization: Organization) -> bool:
    return principal.acts_for(organization.id) or principal.is_staff


async def get_organization_for(
    *, session: AsyncSession, principal: Principal, organization_id: uuid.UUID
) -> Organization:
    """The organisation if ``principal`` may see it: the public sees verified ones only."""
    organization = await get_organization(session=session, organization_id=organization_id)
    if organization.status is not VerificationStatus.VERIFIED and not sees_organization_details(
        principal, organization
    ):
        raise OrganizationNotFound()
    return organization


@transactional
async def update_me(*, session: AsyncSession, principal: Principal, data: UserUpdate) -> User:
    assert principal.user_id
    user = await get_user(session=session, user_id=principal.user_id)
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(user, name, value)
    return user


@transactional
async def change_password(
    *, session: AsyncSession, principal: Principal, current_password: str, new_password: str
) -> None:
    """Change the password and end every other session of the user."""
    assert principal.user_id
    user = await get_user(session=session, user_id=principal.user_id)
    if not verify_password(user.password_hash, current_password):
        raise WrongPassword(
            "the current password is wrong",
            fields=[FieldError(field="body.current_password", message="wrong password")],
        )
    check_password(new_password, email=user.email, field="body.new_password")
    user.password_hash = hash_password(new_password)
    await sessions.revoke_sessions(
        session, user_id=user.id, reason="password_changed", keep=principal.session_id
    )
    audit.record(
        session,
        principal=principal,
        action="user.change_password",
        entity_type="user",
        entity_id=user.id,
    )


@transactional
async def set_expert_profile(
    *, session: AsyncSession, principal: Principal, data: ExpertProfileWrite
) -> ExpertProfile:
    assert principal.user_id
    await ensure_terms(
        session=session, taxonomy=Taxonomy.FIELD, codes=data.fields, field="body.fields"
    )
    profile = await session.get(ExpertProfile, principal.user_id)
    if profile is None:
        profile = ExpertProfile(
            user_id=principal.user_id, fields=[], keywords=[], conflict_organization_ids=[]
        )
        session.add(profile)
    # Declared conflicts decide who may review whom: every change is kept in the audit log.
    before, after = audit.changes(profile, data.model_dump())
    for name, value in after.items():
        setattr(profile, name, value)
    if after:
        audit.record(
            session,
            principal=principal,
            action="expert_profile.update",
            entity_type="user",
            entity_id=principal.user_id,
            before=before,
            after=after,
        )
    await session.flush()
    await session.refresh(profile)
    return profile


async def get_expert_profile(
    *, session: AsyncSession, principal: Principal
) -> ExpertProfile | None:
    assert principal.user_id
    return await session.get(ExpertProfile, principal.user_id)


@transactional
async def update_organization(
    *,
    session: AsyncSession,
    principal: Principal,
    organization_id: uuid.UUID,
    data: OrganizationUpdate,
) -> Organization:
    organization = await get_organization_for(
        session=session, principal=principal, organization_id=organization_id
    )
    if not (principal.owns_organization(organization.id) or principal.is_admin):
        raise Forbidden("only the owner of the organisation or an admin can change it")
    updates = data.model_dump(exclude_unset=True)
    _check_flags(organization.kind, updates.get("flags"), "body.flags")
    await _check_organization_terms(
        session, region=updates.get("region"), fields=updates.get("fields"), prefix="body"
    )
    before, after = audit.changes(organization, updates)
    for name, value in after.items():
        setattr(organization, name, value)
    if after:
        audit.record(
            session,
            principal=principal,
            action="organization.update",
            entity_type="organization",
            entity_id=organization.id,
            before=before,
            after=after,
            organization_id=organization.id,
        )
        await session.flush()
    return organization


@transactional
async def transition_organization(
    *,
    session: AsyncSession,
    principal: Principal,
    organization_id: uuid.UUID,
    action: OrganizationAction,
    reason: str | None,
) -> Organization:
    organization = await get_organization_for(
        session=session, principal=principal, organization_id=organization_id
    )
    changes: dict[str, Any] = {}
    if action is OrganizationAction.VERIFY:
        changes = {"verified_at": datetime.now(UTC), "rejection_reason": None}
    elif action is OrganizationAction.REJECT:
        changes = {"rejection_reason": reason}
    organization_workflow.apply(
        session, organization, action, principal=principal, reason=reason, changes=changes
    )
    await session.flush()
    return organization


async def list_organizations(
    *, session: AsyncSession, status: VerificationStatus | None, limit: int, cursor: str | None
) -> tuple[list[Organization], str | None]:
    statement = select(Organization)
    if status is not None:
        statement = statement.where(Organization.status == status)
    return await keyset_page(
        session,
        statement,
        key=Organization.created_at,
        id_column=Organization.id,
        limit=limit,
        cursor=cursor,
    )


async def list_users(
    *,
    session: AsyncSession,
    email: str | None,
    role: PlatformRole | None,
    organization_id: uuid.UUID | None,
    limit: int,
    cursor: str | None,
) -> tuple[list[User], str | None]:
    statement = select(User)
    if email:
        pattern = email.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(func.lower(User.email).contains(pattern, autoescape=False))
    if role is not None:
        statement = statement.where(User.roles.contains([role.value]))
    if organization_id is not None:
        statement = statement.where(User.organization_id == organization_id)
    return await keyset_page(
        session, statement, key=User.created_at, id_column=User.id, limit=limit, cursor=cursor
    )


def _refuse_self_demotion(principal: Principal, user: User, role: str | None) -> None:
    if user.id == principal.user_id and role in (None, PlatformRole.ADMIN):
        raise CannotChangeOwnAdminRole("ask another admin")


@transactional
async def set_role(
    *,
    session: AsyncSession,
    principal: Principal,
    user_id: uuid.UUID,
    role: PlatformRole,
    granted: bool,
) -> User:
    user = await get_user(session=session, user_id=user_id)
    before = sorted(user.roles)
    if not granted:
        _refuse_self_demotion(principal, user, role)
    roles = (set(user.roles) | {role.value}) if granted else (set(user.roles) - {role.value})
    if roles != set(user.roles):
        user.roles = sorted(roles)
        audit.record(
            session,
            principal=principal,
            action="user.grant_role" if granted else "user.revoke_role",
            entity_type="user",
            entity_id=user.id,
            before={"roles": before},
            after={"roles": user.roles},
            organization_id=user.organization_id,
        )
    await session.flush()
    return user


@transactional
async def set_user_active(
    *,
    session: AsyncSession,
    principal: Principal,
    user_id: uuid.UUID,
    active: bool,
    reason: str | None,
) -> User:
    """Disabling ends every session of the user at once, access tokens included."""
    user = await get_user(session=session, user_id=user_id)
    if not active:
        _refuse_self_demotion(principal, user, None)
    if user.is_active != active:
        user.is_active = active
        if not active:
            await sessions.revoke_sessions(session, user_id=user.id, reason="user_disabled")
        audit.record(
            session,
            principal=principal,
            action="user.enable" if active else "user.disable",
            entity_type="user",
            entity_id=user.id,
            before={"is_active": not active},
            after={"is_active": active},
            reason=reason,
            organization_id=user.organization_id,
        )
    await session.flush()
    return user
