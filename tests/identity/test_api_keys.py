"""API keys act for their organisation, within their scopes, until revoked or expired."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.core.principal import MembershipRole
from techmarket.identity.models import ApiKey
from tests.factories import make_organization, make_user, sign_in

WHOAMI = "/api/v1/auth/whoami"


async def _owner_headers(client: AsyncClient, session: AsyncSession) -> tuple[str, dict[str, str]]:
    organization = await make_organization(session)
    owner = await make_user(session, organization=organization)
    return str(organization.id), (await sign_in(client, owner.email)).headers


async def _create(
    client: AsyncClient, org_id: str, headers: dict[str, str], **body: object
) -> dict:  # type: ignore[type-arg]
    answer = await client.post(
        f"/api/v1/organizations/{org_id}/api-keys",
        json={"name": "ERP 对接", "scopes": ["read"]} | body,
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


class TestApiKeys:
    async def test_key_is_shown_once_and_acts_for_its_organisation(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        org_id, headers = await _owner_headers(client, session)
        created = await _create(client, org_id, headers)
        key = created["key"]
        assert key.startswith("tmk_")
        assert created["prefix"] == key[:12]

        listed = await client.get(f"/api/v1/organizations/{org_id}/api-keys", headers=headers)
        assert [k["id"] for k in listed.json()] == [created["id"]]
        assert key not in listed.text

        stored = await session.scalar(select(ApiKey).where(ApiKey.id == created["id"]))
        assert stored is not None
        assert key not in (stored.key_digest, stored.prefix), "only a digest is stored"

        for credentials in ({"X-API-Key": key}, {"Authorization": f"Bearer {key}"}):
            answer = await client.get(WHOAMI, headers=credentials)
            assert answer.status_code == 200
            assert answer.json()["kind"] == "api_key"
            assert answer.json()["organization_id"] == org_id
            assert answer.json()["scopes"] == ["read"]

        last_used = await session.scalar(select(ApiKey.last_used_at).where(ApiKey.id == stored.id))
        assert last_used is not None

    async def test_key_never_exceeds_its_scopes(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        org_id, headers = await _owner_headers(client, session)
        key = (await _create(client, org_id, headers, scopes=["demands:write"]))["key"]
        answer = await client.get(WHOAMI, headers={"X-API-Key": key})
        assert answer.status_code == 403
        assert answer.json()["code"] == "auth.scope_missing"

    async def test_key_cannot_act_as_a_user(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        org_id, headers = await _owner_headers(client, session)
        key = (await _create(client, org_id, headers))["key"]
        for method, path in (
            ("GET", "/api/v1/users/me"),
            ("POST", f"/api/v1/organizations/{org_id}/api-keys"),
            ("GET", "/api/v1/admin/users"),
        ):
            answer = await client.request(
                method, path, headers={"X-API-Key": key}, json={"name": "x", "scopes": ["read"]}
            )
            assert answer.status_code == 403, path

    async def test_revoked_key_stops_at_once(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        org_id, headers = await _owner_headers(client, session)
        created = await _create(client, org_id, headers)
        answer = await client.post(
            f"/api/v1/organizations/{org_id}/api-keys/{created['id']}/revoke", headers=headers
        )
        assert answer.status_code == 200
        assert answer.json()["revoked_at"] is not None
        refused = await client.get(WHOAMI, headers={"X-API-Key": created["key"]})
        assert refused.status_code == 401
        assert "revoked" in refused.json()["detail"]
        actions = list(
            await session.scalars(
                select(AuditLog.action).where(AuditLog.entity_id == created["id"])
            )
        )
        assert actions == ["api_key.create", "api_key.revoke"]

    async def test_expired_key_is_refused(self, client: AsyncClient, session: AsyncSession) -> None:
        org_id, headers = await _owner_headers(client, session)
        soon = datetime.now(UTC) + timedelta(minutes=5)
        created = await _create(client, org_id, headers, expires_at=soon.isoformat())
        await session.execute(
            update(ApiKey)
            .where(ApiKey.id == created["id"])
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await session.commit()
        answer = await client.get(WHOAMI, headers={"X-API-Key": created["key"]})
        assert answer.status_code == 401
        assert "expired" in answer.json()["detail"]

    async def test_expiry_in_the_past_is_refused(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        org_id, headers = await _owner_headers(client, session)
        answer = await client.post(
            f"/api/v1/organizations/{org_id}/api-keys",
            json={"name": "x", "scopes": ["read"], "expires_at": "2020-01-01T00:00:00Z"},
            headers=headers,
        )
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.expires_at"

    async def test_unknown_scope_is_refused(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        org_id, headers = await _owner_headers(client, session)
        answer = await client.post(
            f"/api/v1/organizations/{org_id}/api-keys",
            json={"name": "x", "scopes": ["everything"]},
            headers=headers,
        )
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"].startswith("body.scopes")

    async def test_members_and_other_organisations_cannot_manage_keys(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        org_id, owner_headers = await _owner_headers(client, session)
        created = await _create(client, org_id, owner_headers)
        organization = await session.get(type(await make_organization(session)), org_id)
        member = await make_user(
            session, organization=organization, membership=MembershipRole.MEMBER
        )
        _, stranger_headers = await _owner_headers(client, session)
        for headers in ((await sign_in(client, member.email)).headers, stranger_headers):
            for method, path in (
                ("GET", f"/api/v1/organizations/{org_id}/api-keys"),
                ("POST", f"/api/v1/organizations/{org_id}/api-keys/{created['id']}/revoke"),
            ):
                answer = await client.request(method, path, headers=headers)
                assert answer.status_code == 403, (method, path)

    async def test_unknown_key_is_401(self, client: AsyncClient) -> None:
        answer = await client.get(WHOAMI, headers={"X-API-Key": "tmk_" + "A" * 43})
        assert answer.status_code == 401
