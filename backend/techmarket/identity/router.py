"""Sign-in, accounts, organisations, invitations and API keys."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from techmarket.core.deps import Anyone, AuthConfigDep, CurrentUser, Expert, Reader
from techmarket.core.errors import problem_responses
from techmarket.core.request_context import current_client_ip
from techmarket.db import SessionDep
from techmarket.identity import api_keys, service, sessions
from techmarket.identity.models import OrganizationAction
from techmarket.identity.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    ExpertProfileRead,
    ExpertProfileWrite,
    InvitationAcceptance,
    InvitationCreate,
    InvitationCreated,
    Me,
    OptionalReasonBody,
    OrganizationPublic,
    OrganizationRead,
    OrganizationUpdate,
    PasswordChange,
    RefreshRequest,
    Registration,
    TokenPair,
    UserRead,
    UserUpdate,
    WhoAmI,
)

router = APIRouter()
auth = APIRouter(prefix="/auth", tags=["auth"])
users = APIRouter(prefix="/users", tags=["users"])
organizations = APIRouter(prefix="/organizations", tags=["organizations"])


async def get_login_limits(request: Request) -> sessions.LoginLimits:
    limits: sessions.LoginLimits = request.app.state.login_limits
    return limits


@auth.post(
    "/register",
    response_model=Me,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(409),
)
async def register(data: Registration, session: SessionDep, _: Anyone) -> Me:
    """Register a user with a new organisation (pending verification); the user owns it."""
    user = await service.register(session=session, data=data)
    return await _me(session, user.id)


@auth.post("/token", response_model=TokenPair, responses=problem_responses(401, 429))
async def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    config: AuthConfigDep,
    limits: Annotated[sessions.LoginLimits, Depends(get_login_limits)],
    _: Anyone,
) -> TokenPair:
    """Sign in (OAuth2 password flow; `username` is the email): an access and a refresh token."""
    return await sessions.login(
        session=session,
        config=config,
        limits=limits,
        email=form.username,
        password=form.password,
        ip=current_client_ip() or "unknown",
        user_agent=request.headers.get("user-agent"),
    )


@auth.post("/refresh", response_model=TokenPair, responses=problem_responses(401))
async def refresh_token(
    data: RefreshRequest, session: SessionDep, config: AuthConfigDep, _: Anyone
) -> TokenPair:
    """Exchange a refresh token for a new pair; each refresh token works once."""
    return await sessions.refresh(session=session, config=config, refresh_token=data.refresh_token)


@auth.get("/whoami", response_model=WhoAmI)
async def who_am_i(principal: Reader) -> WhoAmI:
    """Who the credentials belong to: a user, or an API key and its organisation and scopes."""
    return WhoAmI(
        kind="api_key" if principal.api_key_id else "user",
        user_id=principal.user_id,
        api_key_id=principal.api_key_id,
        organization_id=principal.organization_id,
        organization_verified=principal.organization_verified,
        roles=sorted(principal.roles),
        scopes=sorted(principal.scopes),
    )


@auth.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(principal: CurrentUser, session: SessionDep) -> None:
    """End the current session: its access and refresh tokens stop working."""
    assert principal.session_id
    await sessions.logout(session=session, session_id=principal.session_id)


@auth.post(
    "/invitations/{token}/accept",
    response_model=Me,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404, 409),
)
async def accept_invitation(
    token: str, data: InvitationAcceptance, session: SessionDep, _: Anyone
) -> Me:
    """Join an organisation as a member with the token its owner sent."""
    user = await service.accept_invitation(session=session, token=token, data=data)
    return await _me(session, user.id)


async def _me(session: SessionDep, user_id: uuid.UUID) -> Me:
    user = await service.get_user(session=session, user_id=user_id)
    organization = None
    if user.organization_id is not None:
        organization = await service.get_organization(
            session=session, organization_id=user.organization_id
        )
    return Me.model_validate(
        {
            **UserRead.model_validate(user).model_dump(),
            "organization": organization and OrganizationRead.model_validate(organization),
        }
    )


@users.get("/me", response_model=Me)
async def read_me(principal: CurrentUser, session: SessionDep) -> Me:
    """The signed-in user, their organisation and roles."""
    assert principal.user_id
    return await _me(session, principal.user_id)


@users.patch("/me", response_model=Me)
async def update_me(data: UserUpdate, principal: CurrentUser, session: SessionDep) -> Me:
    """Change one's display name or mobile number."""
    user = await service.update_me(session=session, principal=principal, data=data)
    return await _me(session, user.id)


@users.post(
    "/me/password", status_code=status.HTTP_204_NO_CONTENT, responses=problem_responses(422)
)
async def change_password(
    data: PasswordChange, principal: CurrentUser, session: SessionDep
) -> None:
    """Change one's password; every other session of the user ends at once."""
    await service.change_password(
        session=session,
        principal=principal,
        current_password=data.current_password,
        new_password=data.new_password,
    )


@users.get("/me/expert-profile", response_model=ExpertProfileRead | None)
async def read_expert_profile(principal: Expert, session: SessionDep) -> ExpertProfileRead | None:
    """An expert's fields, keywords and declared conflicts of interest."""
    profile = await service.get_expert_profile(session=session, principal=principal)
    return None if profile is None else ExpertProfileRead.model_validate(profile)


@users.put("/me/expert-profile", response_model=ExpertProfileRead)
async def write_expert_profile(
    data: ExpertProfileWrite, principal: Expert, session: SessionDep
) -> ExpertProfileRead:
    """Set an expert's fields, keywords and declared conflicts of interest."""
    profile = await service.set_expert_profile(session=session, principal=principal, data=data)
    return ExpertProfileRead.model_validate(profile)


@organizations.get(
    "/{organization_id}",
    response_model=OrganizationRead | OrganizationPublic,
    responses=problem_responses(404),
)
async def read_organization(
    organization_id: uuid.UUID, principal: Anyone, session: SessionDep
) -> OrganizationRead | OrganizationPublic:
    """An organisation: the whole record for its members and staff, the public profile else."""
    organization = await service.get_organization_for(
        session=session, principal=principal, organization_id=organization_id
    )
    if service.sees_organization_details(principal, organization):
        return OrganizationRead.model_validate(organization)
    return OrganizationPublic.model_validate(organization)


@organizations.patch(
    "/{organization_id}", response_model=OrganizationRead, responses=problem_responses(403, 404)
)
async def update_organization(
    organization_id: uuid.UUID,
    data: OrganizationUpdate,
    principal: CurrentUser,
    session: SessionDep,
) -> OrganizationRead:
    """Change an organisation's profile (its owner, or an admin)."""
    organization = await service.update_organization(
        session=session, principal=principal, organization_id=organization_id, data=data
    )
    return OrganizationRead.model_validate(organization)


@organizations.post(
    "/{organization_id}/invitations",
    response_model=InvitationCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 404),
)
async def invite_member(
    organization_id: uuid.UUID,
    data: InvitationCreate,
    principal: CurrentUser,
    session: SessionDep,
    config: AuthConfigDep,
) -> InvitationCreated:
    """Invite someone to join the organisation as a member (its owner)."""
    invitation, token = await service.create_invitation(
        session=session,
        principal=principal,
        organization_id=organization_id,
        email=str(data.email),
        lifetime=config.invitation_lifetime,
    )
    return InvitationCreated(
        id=invitation.id, email=invitation.email, expires_at=invitation.expires_at, token=token
    )


@organizations.post(
    "/{organization_id}/api-keys",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 404),
)
async def create_api_key(
    organization_id: uuid.UUID, data: ApiKeyCreate, principal: CurrentUser, session: SessionDep
) -> ApiKeyCreated:
    """Create an API key for the organisation; the key is shown in this answer only."""
    api_key, secret = await api_keys.create_api_key(
        session=session, principal=principal, organization_id=organization_id, data=data
    )
    return ApiKeyCreated.model_validate(
        {**ApiKeyRead.model_validate(api_key).model_dump(), "key": secret}
    )


@organizations.get(
    "/{organization_id}/api-keys", response_model=list[ApiKeyRead], responses=problem_responses(403)
)
async def list_api_keys(
    organization_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> list[ApiKeyRead]:
    """The organisation's API keys, without their secrets."""
    keys = await api_keys.list_api_keys(
        session=session, principal=principal, organization_id=organization_id
    )
    return [ApiKeyRead.model_validate(key) for key in keys]


@organizations.post(
    "/{organization_id}/api-keys/{key_id}/revoke",
    response_model=ApiKeyRead,
    responses=problem_responses(403, 404),
)
async def revoke_api_key(
    organization_id: uuid.UUID, key_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> ApiKeyRead:
    """Revoke an API key: it stops working at once."""
    api_key = await api_keys.revoke_api_key(
        session=session, principal=principal, organization_id=organization_id, key_id=key_id
    )
    return ApiKeyRead.model_validate(api_key)


@organizations.post(
    "/{organization_id}/{action}",
    response_model=OrganizationRead,
    responses=problem_responses(403, 404, 409),
)
async def act_on_organization(
    organization_id: uuid.UUID,
    action: OrganizationAction,
    principal: CurrentUser,
    session: SessionDep,
    body: OptionalReasonBody | None = None,
) -> OrganizationRead:
    """Verification: `verify` or `reject` (bureau staff; reject needs a reason), `submit` again
    after a rejection (the owner). Declared last: the fixed sub-paths above take precedence."""
    organization = await service.transition_organization(
        session=session,
        principal=principal,
        organization_id=organization_id,
        action=action,
        reason=body.reason if body else None,
    )
    return OrganizationRead.model_validate(organization)


router.include_router(auth)
router.include_router(users)
router.include_router(organizations)
