"""Admins manage users and roles; every privileged act leaves an audit row nobody can change."""

from __future__ import annotations

import pytest
from httpx import AsyncClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from tests.factories import make_organization, make_user, sign_in


async def _admin(client: AsyncClient, session: AsyncSession) -> tuple[str, dict[str, str]]:
    admin = await make_user(session, roles=["admin"])
    return str(admin.id), (await sign_in(client, admin.email)).headers


class TestUsersAndRoles:
    async def test_grant_and_revoke_roles_with_audit(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        admin_id, headers = await _admin(client, session)
        user = await make_user(session, organization=await make_organization(session))
        granted = await client.post(
            f"/api/v1/admin/users/{user.id}/roles", json={"role": "expert"}, headers=headers
        )
        assert granted.status_code == 200
        assert granted.json()["roles"] == ["expert"]
        signed_in = await sign_in(client, user.email)
        profile = await client.put(
            "/api/v1/users/me/expert-profile",
            json={
                "fields": ["semiconductor"],
                "keywords": ["碳化硅", "外延"],
                "conflict_organization_ids": [str(user.organization_id)],
            },
            headers=signed_in.headers,
        )
        assert profile.status_code == 200, profile.text
        declared = await session.scalar(
            select(AuditLog).where(AuditLog.action == "expert_profile.update")
        )
        assert declared is not None
        assert declared.after == {
            "fields": ["semiconductor"],
            "keywords": ["碳化硅", "外延"],
            "conflict_organization_ids": [str(user.organization_id)],
        }

        revoked = await client.delete(
            f"/api/v1/admin/users/{user.id}/roles/expert", headers=headers
        )
        assert revoked.json()["roles"] == []
        refused = await client.get("/api/v1/users/me/expert-profile", headers=signed_in.headers)
        assert refused.status_code == 403, "the role is gone at once, not at the next sign-in"

        rows = list(
            await session.scalars(
                select(AuditLog)
                .where(AuditLog.entity_id == str(user.id), AuditLog.action.like("user.%"))
                .order_by(AuditLog.id)
            )
        )
        assert [(r.action, r.after) for r in rows] == [
            ("user.grant_role", {"roles": ["expert"]}),
            ("user.revoke_role", {"roles": []}),
        ]
        assert {str(r.actor_user_id) for r in rows} == {admin_id}

    async def test_disabling_kills_the_access_token_within_its_lifetime(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        _, headers = await _admin(client, session)
        user = await make_user(session)
        victim = await sign_in(client, user.email)
        assert (await client.get("/api/v1/users/me", headers=victim.headers)).status_code == 200
        answer = await client.post(
            f"/api/v1/admin/users/{user.id}/disable", json={"reason": "离职"}, headers=headers
        )
        assert answer.status_code == 200
        assert answer.json()["is_active"] is False
        assert (await client.get("/api/v1/users/me", headers=victim.headers)).status_code == 401
        refreshed = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": victim.refresh_token}
        )
        assert refreshed.status_code == 401
        row = await session.scalar(select(AuditLog).where(AuditLog.action == "user.disable"))
        assert row is not None
        assert row.reason == "离职"

        await client.post(f"/api/v1/admin/users/{user.id}/enable", headers=headers)
        await sign_in(client, user.email)

    async def test_admin_cannot_lock_themselves_out(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        admin_id, headers = await _admin(client, session)
        answer = await client.post(
            f"/api/v1/admin/users/{admin_id}/disable", json={"reason": "x"}, headers=headers
        )
        assert answer.status_code == 409
        answer = await client.delete(f"/api/v1/admin/users/{admin_id}/roles/admin", headers=headers)
        assert answer.status_code == 409

    async def test_only_admins_manage_users(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        reviewer = await make_user(session, roles=["reviewer"])
        user = await make_user(session)
        headers = (await sign_in(client, reviewer.email)).headers
        assert (await client.get("/api/v1/admin/users", headers=headers)).status_code == 403
        answer = await client.post(
            f"/api/v1/admin/users/{user.id}/roles", json={"role": "admin"}, headers=headers
        )
        assert answer.status_code == 403
        assert (await client.get("/api/v1/admin/audit-log", headers=headers)).status_code == 403

    async def test_user_list_pages_without_gaps_or_repeats(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        _, headers = await _admin(client, session)
        made = {str((await make_user(session, email=f"page{n}@paging.cn")).id) for n in range(5)}
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2, "email": "@paging.cn"} | ({"cursor": cursor} if cursor else {})
            page = (await client.get("/api/v1/admin/users", params=params, headers=headers)).json()
            seen += [item["id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(made)

    async def test_bad_cursor_and_limit_are_422(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        _, headers = await _admin(client, session)
        answer = await client.get("/api/v1/admin/users?cursor=garbage", headers=headers)
        assert answer.status_code == 422
        assert answer.json()["code"] == "pagination.invalid_cursor"
        answer = await client.get("/api/v1/admin/users?limit=101", headers=headers)
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "query.limit"


class TestAuditLog:
    async def test_admins_filter_the_audit_log(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        _, headers = await _admin(client, session)
        user = await make_user(session)
        await client.post(
            f"/api/v1/admin/users/{user.id}/roles", json={"role": "broker"}, headers=headers
        )
        answer = await client.get(
            "/api/v1/admin/audit-log",
            params={"action": "user.grant_role", "entity_id": str(user.id)},
            headers=headers,
        )
        assert answer.status_code == 200
        [entry] = answer.json()["items"]
        assert entry["after"] == {"roles": ["broker"]}

    async def test_the_database_refuses_to_change_or_delete_audit_rows(
        self, session: AsyncSession
    ) -> None:
        await make_user(session)  # any write path; then try to tamper with the log
        session.add(AuditLog(action="test.act", entity_type="test"))
        await session.commit()
        for statement in (
            "UPDATE audit_log SET action = 'forged'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(DBAPIError, match="append-only"):
                async with session.begin_nested():
                    await session.execute(text(statement))
