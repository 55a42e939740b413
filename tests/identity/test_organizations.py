"""Organisation verification by bureau staff, and what each user sees of an organisation."""

from __future__ import annotations

from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.core.principal import MembershipRole
from techmarket.identity.models import VerificationStatus
from tests.factories import make_organization, make_user, sign_in


async def _staff(
    client: AsyncClient, session: AsyncSession, role: str = "reviewer"
) -> dict[str, str]:
    bureau = await make_organization(session, name="运城市科学技术局", kind="government")  # type: ignore[arg-type]
    user = await make_user(session, organization=bureau, roles=[role])
    return (await sign_in(client, user.email)).headers


class TestVerification:
    async def test_staff_verify_a_pending_organisation_and_it_is_audited(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        pending = await make_organization(session, status=VerificationStatus.PENDING)
        owner = await make_user(session, organization=pending)
        owner_headers = (await sign_in(client, owner.email)).headers
        whoami = await client.get("/api/v1/auth/whoami", headers=owner_headers)
        assert whoami.json()["organization_verified"] is False

        staff = await _staff(client, session)
        queue = await client.get("/api/v1/admin/organizations?status=pending", headers=staff)
        assert str(pending.id) in [o["id"] for o in queue.json()["items"]]

        answer = await client.post(f"/api/v1/organizations/{pending.id}/verify", headers=staff)
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "verified"
        assert answer.json()["verified_at"] is not None

        whoami = await client.get("/api/v1/auth/whoami", headers=owner_headers)
        assert whoami.json()["organization_verified"] is True
        row = await session.scalar(
            select(AuditLog).where(
                AuditLog.action == "organization.verify", AuditLog.entity_id == str(pending.id)
            )
        )
        assert row is not None
        assert row.before == {"status": "pending"}
        assert row.after is not None
        assert row.after["status"] == "verified"
        assert row.request_id == answer.headers["x-request-id"]
        assert row.ip == "127.0.0.1"

    async def test_reject_needs_a_reason_and_the_owner_sees_it(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        pending = await make_organization(session, status=VerificationStatus.PENDING)
        owner = await make_user(session, organization=pending)
        staff = await _staff(client, session)
        url = f"/api/v1/organizations/{pending.id}/reject"

        answer = await client.post(url, json={"reason": "  "}, headers=staff)
        assert answer.status_code == 422
        assert answer.json()["fields"][0]["field"] == "body.reason"

        answer = await client.post(url, json={"reason": "营业执照照片不清晰"}, headers=staff)
        assert answer.json()["status"] == "rejected"

        owner_headers = (await sign_in(client, owner.email)).headers
        mine = await client.get(f"/api/v1/organizations/{pending.id}", headers=owner_headers)
        assert mine.json()["rejection_reason"] == "营业执照照片不清晰"

        resubmitted = await client.post(
            f"/api/v1/organizations/{pending.id}/submit", headers=owner_headers
        )
        assert resubmitted.status_code == 200
        assert resubmitted.json()["status"] == "pending"

    async def test_refused_transition_names_the_current_status(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        verified = await make_organization(session, status=VerificationStatus.VERIFIED)
        staff = await _staff(client, session)
        answer = await client.post(f"/api/v1/organizations/{verified.id}/verify", headers=staff)
        assert answer.status_code == 409
        assert answer.json()["code"] == "workflow.transition_not_allowed"
        assert answer.json()["current_status"] == "verified"

    async def test_only_staff_verify(self, client: AsyncClient, session: AsyncSession) -> None:
        pending = await make_organization(session, status=VerificationStatus.PENDING)
        owner = await make_user(session, organization=pending)
        expert = await make_user(
            session, organization=await make_organization(session), roles=["expert"]
        )
        url = f"/api/v1/organizations/{pending.id}/verify"
        answer = await client.post(url, headers=(await sign_in(client, owner.email)).headers)
        assert answer.status_code == 403
        assert answer.json()["code"] == "workflow.forbidden"
        # Others do not even learn that an unverified organisation exists.
        answer = await client.post(url, headers=(await sign_in(client, expert.email)).headers)
        assert answer.status_code == 404
        assert (await client.post(url)).status_code == 401


class TestVisibility:
    async def test_public_sees_verified_profile_without_private_fields(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        verified = await make_organization(session)
        answer = await client.get(f"/api/v1/organizations/{verified.id}")
        assert answer.status_code == 200
        assert answer.json()["name"] == verified.name
        for private in ("credit_code", "contact_phone", "contact_email", "rejection_reason"):
            assert private not in answer.json()

    async def test_unverified_organisation_is_hidden_from_others(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        pending = await make_organization(session, status=VerificationStatus.PENDING)
        member = await make_user(session, organization=pending, membership=MembershipRole.MEMBER)
        stranger = await make_user(session, organization=await make_organization(session))
        url = f"/api/v1/organizations/{pending.id}"
        assert (await client.get(url)).status_code == 404
        answer = await client.get(url, headers=(await sign_in(client, stranger.email)).headers)
        assert answer.status_code == 404
        answer = await client.get(url, headers=(await sign_in(client, member.email)).headers)
        assert answer.status_code == 200
        assert answer.json()["credit_code"] == pending.credit_code

    async def test_only_the_owner_edits_and_changes_are_audited(
        self, client: AsyncClient, session: AsyncSession
    ) -> None:
        organization = await make_organization(session)
        owner = await make_user(session, organization=organization)
        member = await make_user(
            session, organization=organization, membership=MembershipRole.MEMBER
        )
        url = f"/api/v1/organizations/{organization.id}"
        refused = await client.patch(
            url,
            json={"contact_name": "某人"},
            headers=(await sign_in(client, member.email)).headers,
        )
        assert refused.status_code == 403
        answer = await client.patch(
            url,
            json={"contact_name": "新联系人", "region": "hejin"},
            headers=(await sign_in(client, owner.email)).headers,
        )
        assert answer.status_code == 200
        assert answer.json()["region"] == "hejin"
        row = await session.scalar(select(AuditLog).where(AuditLog.action == "organization.update"))
        assert row is not None
        assert row.before == {"contact_name": "联系人", "region": "yanhu"}
        assert row.after == {"contact_name": "新联系人", "region": "hejin"}
