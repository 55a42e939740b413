"""No password, token or key reaches the logs, whatever the request carried."""

from __future__ import annotations

import logging

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import PASSWORD, make_organization, make_user, sign_in

NEW_PASSWORD = "Brand-new-2027"


async def test_credentials_and_secrets_never_reach_the_logs(
    client: AsyncClient, session: AsyncSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    organization = await make_organization(session)
    owner = await make_user(session, organization=organization)
    signed_in = await sign_in(client, owner.email)
    headers = signed_in.headers
    wrong = await client.post(
        "/api/v1/auth/token", data={"username": owner.email, "password": "Wrong-pass-9"}
    )
    assert wrong.status_code == 401
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": signed_in.refresh_token}
    )
    key = await client.post(
        f"/api/v1/organizations/{organization.id}/api-keys",
        json={"name": "ERP", "scopes": ["read"]},
        headers=headers,
    )
    by_key = await client.get("/api/v1/auth/whoami", headers={"X-API-Key": key.json()["key"]})
    assert by_key.status_code == 200
    invitation = await client.post(
        f"/api/v1/organizations/{organization.id}/invitations",
        json={"email": "new.member@example.cn"},
        headers=headers,
    )
    token = invitation.json()["token"]
    joined = await client.post(
        f"/api/v1/auth/invitations/{token}/accept",
        json={"password": PASSWORD, "display_name": "新成员"},
    )
    assert joined.status_code == 201
    changed = await client.post(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"},
    )
    assert changed.status_code == 204

    secrets = {
        "password": PASSWORD,
        "wrong password": "Wrong-pass-9",
        "new password": NEW_PASSWORD,
        "access token": signed_in.access_token,
        "refresh token": signed_in.refresh_token,
        "rotated refresh token": refreshed.json()["refresh_token"],
        "API key": key.json()["key"],
        "invitation token": token,
    }
    assert any("/invitations/inv_[redacted]/accept" in r.getMessage() for r in caplog.records)
    server_records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    for record in server_records:  # (the test's own HTTP client logs the URLs it calls)
        logged = record.getMessage() + repr(record.__dict__)
        for name, secret in secrets.items():
            assert secret not in logged, f"the {name} was logged: {record.getMessage()}"
