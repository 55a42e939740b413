"""Bids: sealed for every role before the deadline, readable by staff and assigned experts after
it; receipts anyone can check; the deadline judged by the server; one active bid per
organisation; eligibility rules and directed challenges."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from techmarket.core.audit import AuditLog
from techmarket.identity.models import OrganizationKind, VerificationStatus
from tests.challenges.world import API, World, bid_body, make_world


@pytest.fixture
async def world(client: AsyncClient, session: AsyncSession) -> World:
    return await make_world(client, session)


def canonical_sha256(content: dict[str, Any]) -> str:
    """What a bidder does to check a receipt: canonical JSON (sorted keys, no whitespace)."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def sealed_setting(world: World) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """A published challenge with one submitted bid and a rival bidder."""
    challenge = await world.published()
    _, bidder = await world.add_bidder("运城学院")
    _, rival = await world.add_bidder("山西省镁合金材料研究院", kind=OrganizationKind.INSTITUTE)
    await world.submitted_bid(challenge["id"], rival, approach="竞争方案")
    bid = await world.submitted_bid(challenge["id"], bidder)
    return challenge, bid, rival


class TestSealedBeforeTheDeadline:
    async def test_only_the_bidders_organisation_reads_it(self, world: World) -> None:
        challenge, bid, rival = await sealed_setting(world)
        path = f"/{challenge['id']}/bids/{bid['id']}"
        bidder = world.bidders[0]
        assert (await world.get(path, bidder)).json()["content"]["approach"].startswith("微弧氧化")
        for who in (world.issuer, rival, world.staff, world.admin):
            answer = await world.get(path, who)
            assert answer.status_code == 404, answer.text
            listed = await world.get(f"/{challenge['id']}/bids", who)
            assert bid["id"] not in [b["id"] for b in listed.json()]
        assert (await world.get(path)).status_code == 401  # anonymous
        read = await world.get(f"/{challenge['id']}", world.staff)
        assert read.json()["bid_count"] is None  # not even the number
        assert (await world.get(f"/{challenge['id']}/receipts")).status_code == 409

    async def test_admin_breaks_the_seal_only_with_a_reason_audited(
        self, world: World, session: AsyncSession
    ) -> None:
        challenge, bid, _ = await sealed_setting(world)
        path = f"/{challenge['id']}/bids/{bid['id']}/break-glass"
        assert (await world.post(path, world.admin, {})).status_code == 422
        assert (await world.post(path, world.staff, {"reason": "投诉核查"})).status_code == 403
        answer = await world.post(path, world.admin, {"reason": "纪检投诉核查"})
        assert answer.status_code == 200
        assert answer.json()["content"]["leader_name"] == "王教授"
        logged = await session.scalar(
            select(AuditLog).where(
                AuditLog.action == "challenge_bid.break_glass_read",
                AuditLog.entity_id == bid["id"],
            )
        )
        assert logged is not None
        assert logged.reason == "纪检投诉核查"

    async def test_the_audit_log_never_holds_a_bids_content(
        self, world: World, session: AsyncSession
    ) -> None:
        challenge, bid, _ = await sealed_setting(world)
        read = await world.get(f"/{challenge['id']}/bids/{bid['id']}", world.bidders[0])
        changed = await world.client.patch(
            f"{API}/{challenge['id']}/bids/{bid['id']}",
            json={"approach": "保密的新方案：激光熔覆"},
            headers=world.bidders[0] | {"If-Match": read.headers["ETag"]},
        )
        assert changed.status_code == 200, changed.text
        rows = list(await session.scalars(select(AuditLog).where(AuditLog.entity_id == bid["id"])))
        assert rows
        assert not [r for r in rows if "激光熔覆" in json.dumps(r.after, ensure_ascii=False)]


class TestAfterTheDeadline:
    async def test_staff_read_the_bids_others_still_do_not(self, world: World) -> None:
        challenge, bid, rival = await sealed_setting(world)
        await world.pass_deadline(challenge["id"])
        path = f"/{challenge['id']}/bids/{bid['id']}"
        assert (await world.get(path, world.staff)).status_code == 200
        assert (await world.get(path, world.admin)).status_code == 200
        assert len((await world.get(f"/{challenge['id']}/bids", world.staff)).json()) == 2
        for who in (world.issuer, rival):
            assert (await world.get(path, who)).status_code == 404
        assert (await world.get(path)).status_code == 401
        assert (await world.get(f"/{challenge['id']}")).json()["bid_count"] == 2

    async def test_receipts_are_published_and_verifiable(self, world: World) -> None:
        challenge, bid, _ = await sealed_setting(world)
        assert bid["receipt"]["sha256"] == canonical_sha256(bid["content"])
        await world.pass_deadline(challenge["id"])
        published = (await world.get(f"/{challenge['id']}/receipts")).json()
        assert len(published["receipts"]) == 2
        mine = [r for r in published["receipts"] if r["bid_id"] == bid["id"]]
        assert mine == [bid["receipt"]]
        assert set(published["receipts"][0]) == {"bid_id", "sha256", "submitted_at"}

    async def test_an_amendment_gets_a_new_receipt(self, world: World) -> None:
        challenge, bid, _ = await sealed_setting(world)
        bidder = world.bidders[0]
        read = await world.get(f"/{challenge['id']}/bids/{bid['id']}", bidder)
        amended = await world.client.patch(
            f"{API}/{challenge['id']}/bids/{bid['id']}",
            json={"price": "2500000"},
            headers=bidder | {"If-Match": read.headers["ETag"]},
        )
        body = amended.json()
        assert body["status"] == "submitted"
        assert body["receipt"]["sha256"] != bid["receipt"]["sha256"]
        assert body["receipt"]["sha256"] == canonical_sha256(body["content"])


class TestDeadline:
    async def test_nothing_is_submitted_or_changed_after_it(self, world: World) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        draft = (await world.post(f"/{challenge['id']}/bids", bidder, bid_body())).json()
        _, late = await world.add_bidder("运城职业技术大学")
        await world.pass_deadline(challenge["id"])
        for answer in (
            await world.post(f"/{challenge['id']}/bids/{draft['id']}/submit", bidder),
            await world.post(f"/{challenge['id']}/bids/{draft['id']}/withdraw", bidder),
            await world.post(f"/{challenge['id']}/bids", late, bid_body()),
            await world.client.patch(
                f"{API}/{challenge['id']}/bids/{draft['id']}",
                json={"price": "1"},
                headers=bidder | {"If-Match": '"1"'},
            ),
        ):
            assert answer.status_code == 409, answer.text
            assert answer.json()["code"] == "bid.deadline_passed"

    async def test_a_bid_just_before_it_is_in(self, world: World) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        deadline = datetime.now(UTC) + timedelta(seconds=5)
        await world.move(challenge["id"], deadline=deadline)
        bid = await world.submitted_bid(challenge["id"], bidder)
        assert datetime.fromisoformat(bid["receipt"]["submitted_at"]) < deadline
        await world.pass_deadline(challenge["id"])
        receipts = (await world.get(f"/{challenge['id']}/receipts")).json()["receipts"]
        assert [r["bid_id"] for r in receipts] == [bid["id"]]

    async def test_withdrawn_before_it_is_not_counted(self, world: World) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        bid = await world.submitted_bid(challenge["id"], bidder)
        answer = await world.post(f"/{challenge['id']}/bids/{bid['id']}/withdraw", bidder)
        assert answer.json()["status"] == "withdrawn"
        again = await world.submitted_bid(challenge["id"], bidder)  # room for a new one
        await world.pass_deadline(challenge["id"])
        receipts = (await world.get(f"/{challenge['id']}/receipts")).json()["receipts"]
        assert [r["bid_id"] for r in receipts] == [again["id"]]


class TestWhoMayBid:
    async def test_one_active_bid_per_organisation(self, world: World) -> None:
        challenge = await world.published()
        _, bidder = await world.add_bidder("运城学院")
        await world.submitted_bid(challenge["id"], bidder)
        answer = await world.post(f"/{challenge['id']}/bids", bidder, bid_body())
        assert answer.status_code == 409
        assert answer.json()["code"] == "bid.already_exists"

    async def test_the_issuer_does_not_bid(self, world: World) -> None:
        challenge = await world.published()
        answer = await world.post(f"/{challenge['id']}/bids", world.issuer, bid_body())
        assert answer.json()["code"] == "bid.own_challenge"

    async def test_directed_refuses_an_uninvited_bidder(self, world: World) -> None:
        invited, invited_headers = await world.add_bidder("运城学院")
        _, stranger = await world.add_bidder("运城职业技术大学")
        challenge = await world.published(
            mode="directed",
            justification="涉及企业核心产线，定向委托。",
            invited_organization_ids=[str(invited.id)],
        )
        answer = await world.post(f"/{challenge['id']}/bids", stranger, bid_body())
        assert answer.status_code == 403
        assert answer.json()["code"] == "bid.not_invited"
        assert (await world.submitted_bid(challenge["id"], invited_headers))[
            "status"
        ] == "submitted"

    async def test_eligibility_rules_are_checked_at_submission(self, world: World) -> None:
        challenge = await world.published(
            eligible_kinds=["university", "institute"], eligible_regions=["yanhu"]
        )
        _, company = await world.add_bidder("运城某民营企业")  # an enterprise
        draft = (await world.post(f"/{challenge['id']}/bids", company, bid_body())).json()
        answer = await world.post(f"/{challenge['id']}/bids/{draft['id']}/submit", company)
        assert answer.status_code == 403
        assert answer.json()["code"] == "bid.not_eligible"
        assert answer.json()["rules"] == ["kind"]
        _, pending = await world.add_bidder(
            "新建研究院",
            kind=OrganizationKind.INSTITUTE,
            status=VerificationStatus.PENDING,
            region="wenxi",
        )
        draft = (await world.post(f"/{challenge['id']}/bids", pending, bid_body())).json()
        answer = await world.post(f"/{challenge['id']}/bids/{draft['id']}/submit", pending)
        assert answer.json()["rules"] == ["verified", "region"]
        _, university = await world.add_bidder("运城学院", kind=OrganizationKind.UNIVERSITY)
        assert (await world.submitted_bid(challenge["id"], university))["status"] == "submitted"
