"""Registering with a new organisation, and joining one by invitation."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.identity.models import Organization, User
from tests.factories import PASSWORD, credit_code, make_organization, make_user, sign_in


def registration(**changes: Any) -> dict[str, Any]:
    organization = {
        "name": "运城市晋南精工机械有限公司",
        "kind": "enterprise",
        "credit_code": credit_code(),
        "region": "hejin",
        "fields": ["rail_intelligent_equipment"],
        "flags": ["tech_sme", "private"],
        "contact_name": "马强",
        "contact_phone": "13800001111",
    }
    organization.update(changes.pop("organization", {}))
    return {
        "email": "Ma.Qiang@JinNan.cn",
        "password": PASSWORD,
        "display_name": "马强",
        "organization": organization,
    } | changes


async def _counts(session: AsyncSession) -> tuple[int, int]:
    users = await session.scalar(select(func.count()).select_from(User))
    organizations = await session.scalar(select(func.count()).select_from(Organization))
    return int(users or 0), int(organizations or 0)


class TestRegister:
    async def test_creates_owner_and_pending_organization(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        answer = await client.post("/api/v1/auth/register", json=registration())
        assert answer.status_code == 201, answer.text
        me = answer.json()
        assert me["email"] == "ma.qiang@jinnan.cn"
        assert me["membership"] == "owner"
        assert me["organization"]["status"] == "pending"
        assert me["organization"]["region"] == "hejin"
        assert "password" not in answer.text

        signed_in = await sign_in(client, "MA.QIANG@jinnan.cn")
        answer = await client.get("/api/v1/users/me", headers=signed_in.headers)
        assert answer.json()["id"] == me["id"]
        logged = await session.scalar(select(AuditLog).where(AuditLog.action == "user.register"))
        assert logged is not None
        assert logged.entity_id == me["id"]

    async def test_email_is_unique_whatever_its_case(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        await make_user(session, email="taken@example.cn")
        before = await _counts(session)
        answer = await client.post(
            "/api/v1/auth/register", json=registration(email="TAKEN@Example.cn")
        )
        assert answer.status_code == 409
        assert answer.json()["code"] == "user.email_taken"
        assert answer.json()["fields"][0]["field"] == "body.email"
        assert await _counts(session) == before, "nothing may be created"

    async def test_credit_code_is_unique(self, client: AsyncClient, session: AsyncSession) -> None:
        existing = await make_organization(session)
        before = await _counts(session)
        answer = await client.post(
            "/api/v1/auth/register",
            json=registration(organization={"credit_code": existing.credit_code}),
        )
        assert answer.status_code == 409
        assert answer.json()["code"] == "organization.credit_code_taken"
        assert await _counts(session) == before

    async def test_invalid_credit_code_names_the_field_and_the_fault(
        self, client: AsyncClient
    ) -> None:
        answer = await client.post(
            "/api/v1/auth/register",
            json=registration(organization={"credit_code": "91350100M000100Y44"}),
        )
        assert answer.status_code == 422
        [field] = answer.json()["fields"]
        assert field["field"] == "body.organization.credit_code"
        assert field["type"] == "credit_code_invalid", "a stable type the UI can translate"
        assert "check character" in field["message"]

    async def test_weak_password_says_which_rule(self, client: AsyncClient) -> None:
        for password, rule in [
            ("short1", "at least 10 characters"),
            ("onlyletterslong", "letters and digits"),
            ("maqiang2026x", "must not contain the email"),
        ]:
            answer = await client.post(
                "/api/v1/auth/register",
                json=registration(email="maqiang@example.cn", password=password),
            )
            assert answer.status_code == 422, password
            assert answer.json()["code"] == "auth.weak_password"
            assert rule in answer.json()["detail"]
            assert answer.json()["fields"][0]["field"] == "body.password"

    async def test_unknown_region_or_field_is_refused(self, client: AsyncClient) -> None:
        answer = await client.post(
            "/api/v1/auth/register", json=registration(organization={"region": "atlantis"})
        )
        assert answer.status_code == 422
        assert answer.json()["code"] == "catalog.unknown_term"
        assert answer.json()["fields"][0]["field"] == "body.organization.region"

        answer = await client.post(
            "/api/v1/auth/register", json=registration(organization={"fields": ["alchemy"]})
        )
        assert answer.json()["fields"][0]["field"] == "body.organization.fields"

    async def test_enterprise_flags_only_for_enterprises(self, client: AsyncClient) -> None:
        answer = await client.post(
            "/api/v1/auth/register",
            json=registration(organization={"kind": "university", "flags": ["high_tech"]}),
        )
        assert answer.status_code == 422
        assert answer.json()["code"] == "organization.flags_only_for_enterprises"


class TestInvitation:
    async def test_owner_invites_and_invitee_joins_as_member(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        organization = await make_organization(session)
        owner = await make_user(session, organization=organization)
        headers = (await sign_in(client, owner.email)).headers

        answer = await client.post(
            f"/api/v1/organizations/{organization.id}/invitations",
            json={"email": "New.Member@example.cn"},
            headers=headers,
        )
        assert answer.status_code == 201, answer.text
        token = answer.json()["token"]

        answer = await client.post(
            f"/api/v1/auth/invitations/{token}/accept",
            json={"password": PASSWORD, "display_name": "新成员"},
        )
        assert answer.status_code == 201, answer.text
        member = answer.json()
        assert member["email"] == "new.member@example.cn"
        assert member["membership"] == "member"
        assert member["organization"]["id"] == str(organization.id)

        again = await client.post(
            f"/api/v1/auth/invitations/{token}/accept",
            json={"password": PASSWORD, "display_name": "又一次"},
        )
        assert again.status_code == 404
        assert again.json()["code"] == "invitation.invalid"

    async def test_only_the_owner_invites(self, client: AsyncClient, session: AsyncSession) -> None:
        organization = await make_organization(session)
        member = await make_user(session, organization=organization, membership="member")  # type: ignore[arg-type]
        outsider = await make_user(session, organization=await make_organization(session))
        url = f"/api/v1/organizations/{organization.id}/invitations"
        for email in (member.email, outsider.email):
            answer = await client.post(
                url, json={"email": "x@example.cn"}, headers=(await sign_in(client, email)).headers
            )
            assert answer.status_code == 403

    async def test_unknown_token_is_refused(self, client: AsyncClient) -> None:
        answer = await client.post(
            "/api/v1/auth/invitations/inv_nonsense/accept",
            json={"password": PASSWORD, "display_name": "某人"},
        )
        assert answer.status_code == 404
