"""Webhooks: admins subscribe receivers to workflow events; each event reaches every active
subscription that wants it, signed, through a real HTTP receiver on 127.0.0.1; failures are
retried with back-off, a hanging receiver holds up neither the others nor the API."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import AsyncClient
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from techmarket.core.audit import AuditLog
from techmarket.core.outbox import OutboxEvent, OutboxWorker
from techmarket.settings import WebhookSettings
from techmarket.webhooks import service
from techmarket.webhooks.delivery import Dispatcher
from techmarket.webhooks.models import WebhookDelivery
from techmarket.worker import topic_handlers
from tests.challenges.world import make_world
from tests.entries import Actors, act_on_demand, create_demand, published_demand
from tests.factories import make_user, sign_in
from tests.webhooks.receiver import HANG, Receiver

WEBHOOKS = "/api/v1/admin/webhooks"
SETTINGS = WebhookSettings(
    timeout_seconds=1.0, max_attempts=3, retry_base_seconds=60, concurrency=4
)

# Room for the API's answers on a busy machine while a receiver hangs.
PATIENT = SETTINGS.model_copy(update={"timeout_seconds": 3.0})


@pytest.fixture
async def admin(client: AsyncClient, session: AsyncSession) -> dict[str, str]:
    user = await make_user(session, roles=["admin"])
    return (await sign_in(client, user.email)).headers


@pytest.fixture
def maker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions of the worker, on the test's connection (as `drain` in the search tests)."""
    return async_sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
    )


@pytest.fixture
async def dispatcher(maker: async_sessionmaker[AsyncSession]) -> AsyncIterator[Dispatcher]:
    async with Dispatcher(maker, SETTINGS) as running:
        yield running


@pytest.fixture
async def patient_dispatcher(
    maker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[Dispatcher]:
    async with Dispatcher(maker, PATIENT) as running:
        yield running


async def receiver(*answers: int, then: int = 204) -> Receiver:
    """A started receiver that answers ``answers`` in turn, then ``then``."""
    return await Receiver(*answers, then=then).start()


@pytest.fixture
async def receivers() -> AsyncIterator[list[Receiver]]:
    """Receivers a test starts; all stopped (and released, if hanging) at its end."""
    started: list[Receiver] = []
    yield started
    for one in started:
        await one.stop()


async def subscribe(
    client: AsyncClient, admin: dict[str, str], url: str, *types: str, **body: Any
) -> dict[str, Any]:
    answer = await client.post(
        WEBHOOKS,
        json={"url": url, "event_types": list(types or ["demand.published"])} | body,
        headers=admin,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


async def queue_events(app: FastAPI, maker: async_sessionmaker[AsyncSession]) -> None:
    """Run the outbox worker until every webhook event is fanned out into deliveries."""
    worker = OutboxWorker(maker, topic_handlers(maker, app.state.settings, app.state.search))
    for _ in range(10):
        await worker.run_once()
        async with maker() as session:
            waiting = await session.scalar(
                select(func.count()).select_from(OutboxEvent).where(OutboxEvent.topic == "webhook")
            )
        if not waiting:
            return
    pytest.fail("the webhook events were not fanned out")


async def deliveries(
    client: AsyncClient, admin: dict[str, str], subscription: dict[str, Any], **params: Any
) -> list[dict[str, Any]]:
    answer = await client.get(
        f"{WEBHOOKS}/{subscription['id']}/deliveries", params=params, headers=admin
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


async def time_passes(session: AsyncSession) -> None:
    """Make every back-off due now, as if its delay had passed."""
    await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.next_attempt_at.is_not(None))
        .values(next_attempt_at=func.now())
    )
    await session.commit()


class TestSubscriptions:
    async def test_only_admins_manage_subscriptions(
        self, client: AsyncClient, session: AsyncSession, actors: Actors, admin: dict[str, str]
    ) -> None:
        body = {"url": "https://erp.example.cn/hook", "event_types": ["demand.published"]}
        assert (await client.post(WEBHOOKS, json=body)).status_code == 401
        for headers in (actors.owner, actors.reviewer):
            answer = await client.post(WEBHOOKS, json=body, headers=headers)
            assert answer.status_code == 403
            assert (await client.get(WEBHOOKS, headers=headers)).status_code == 403
        created = await subscribe(client, admin, body["url"])
        for headers in (actors.owner, actors.reviewer):
            for method, path in (
                ("GET", f"{WEBHOOKS}/{created['id']}/deliveries"),
                ("PATCH", f"{WEBHOOKS}/{created['id']}"),
                ("DELETE", f"{WEBHOOKS}/{created['id']}"),
            ):
                answer = await client.request(method, path, json={}, headers=headers)
                assert answer.status_code == 403, (method, path)
        listed = await client.get(WEBHOOKS, headers=admin)
        assert [s["id"] for s in listed.json()["items"]] == [created["id"]]

    async def test_event_types_cover_every_workflow_transition(
        self, client: AsyncClient, admin: dict[str, str]
    ) -> None:
        answer = await client.get(f"{WEBHOOKS}/event-types", headers=admin)
        assert answer.status_code == 200
        types = {t["type"]: t for t in answer.json()}
        for wanted in (
            "demand.published",
            "demand.pending_review",
            "achievement.published",
            "project.approved",
            "connection.contracted",
            "organization.verified",
        ):
            assert wanted in types, wanted
        assert types["connection.contracted"] == {
            "type": "connection.contracted",
            "entity_type": "connection",
            "status": "contracted",
        }

    async def test_bad_urls_and_unknown_event_types_are_refused_by_field(
        self, client: AsyncClient, admin: dict[str, str]
    ) -> None:
        for url in ("ftp://erp.example.cn/hook", "erp.example.cn/hook", "javascript:alert(1)"):
            answer = await client.post(
                WEBHOOKS, json={"url": url, "event_types": ["demand.published"]}, headers=admin
            )
            assert answer.status_code == 422, url
            assert [f["field"] for f in answer.json()["fields"]] == ["body.url"]
        answer = await client.post(
            WEBHOOKS,
            json={"url": "https://a.cn/h", "event_types": ["demand.published", "demand.eaten"]},
            headers=admin,
        )
        assert answer.status_code == 422
        assert answer.json()["code"] == "webhook.unknown_event_type"
        assert answer.json()["fields"][0]["field"] == "body.event_types.1"
        answer = await client.post(
            WEBHOOKS, json={"url": "https://a.cn/h", "event_types": []}, headers=admin
        )
        assert answer.status_code == 422
        assert (await client.get(WEBHOOKS, headers=admin)).json()["items"] == []

    async def test_the_secret_is_shown_once(
        self, client: AsyncClient, session: AsyncSession, admin: dict[str, str]
    ) -> None:
        created = await subscribe(client, admin, "https://erp.example.cn/hook")
        secret = created["secret"]
        assert secret.startswith("whsec_")
        assert len(secret) > 40
        for path in (WEBHOOKS, f"{WEBHOOKS}/{created['id']}"):
            answer = await client.get(path, headers=admin)
            assert answer.status_code == 200
            assert secret not in answer.text
        patched = await client.patch(
            f"{WEBHOOKS}/{created['id']}", json={"active": False}, headers=admin
        )
        assert patched.json()["active"] is False
        assert secret not in patched.text
        audited = list(
            await session.scalars(select(AuditLog).where(AuditLog.action.like("webhook.%")))
        )
        assert {row.action for row in audited} == {"webhook.create", "webhook.update"}
        assert all(secret not in json.dumps([row.before, row.after]) for row in audited)

    async def test_unknown_subscriptions_answer_404_and_delete_removes_one(
        self, client: AsyncClient, admin: dict[str, str]
    ) -> None:
        created = await subscribe(client, admin, "https://erp.example.cn/hook")
        assert (
            await client.delete(f"{WEBHOOKS}/{created['id']}", headers=admin)
        ).status_code == 204
        for method, path in (
            ("GET", f"{WEBHOOKS}/{created['id']}"),
            ("GET", f"{WEBHOOKS}/{created['id']}/deliveries"),
            ("DELETE", f"{WEBHOOKS}/{created['id']}"),
            ("POST", f"{WEBHOOKS}/deliveries/{created['id']}/redeliver"),
        ):
            answer = await client.request(method, path, headers=admin)
            assert answer.status_code == 404, (method, path)
            assert answer.json()["code"].startswith("webhook.")


class TestDelivery:
    async def test_a_signed_delivery_reaches_only_active_subscribers_of_its_type(
        self,
        client: AsyncClient,
        app: FastAPI,
        session: AsyncSession,
        maker: async_sessionmaker[AsyncSession],
        dispatcher: Dispatcher,
        receivers: list[Receiver],
        actors: Actors,
        admin: dict[str, str],
    ) -> None:
        wanted, paused, other = (await receiver(), await receiver(), await receiver())
        receivers.extend([wanted, paused, other])
        subscription = await subscribe(client, admin, wanted.url, "demand.published")
        paused_subscription = await subscribe(
            client, admin, paused.url, "demand.published", active=False
        )
        await subscribe(client, admin, other.url, "achievement.published")

        demand = await published_demand(client, actors, title="镁合金压铸件 webhook")
        await queue_events(app, maker)
        assert await dispatcher.run_once() == 1

        [arrived] = wanted.received
        assert paused.received == []
        assert other.received == []
        assert await deliveries(client, admin, paused_subscription) == []
        signature = hmac.new(
            subscription["secret"].encode(), arrived.body, hashlib.sha256
        ).hexdigest()
        assert arrived.headers["X-Techmarket-Signature"] == f"sha256={signature}"
        assert arrived.headers["X-Techmarket-Event"] == "demand.published"
        assert arrived.headers["Content-Type"] == "application/json"
        assert abs(int(arrived.headers["X-Techmarket-Timestamp"]) - time.time()) < 60
        body = json.loads(arrived.body)
        assert body["type"] == "demand.published"
        assert datetime.fromisoformat(body["occurred_at"]) > datetime.now(UTC) - timedelta(
            minutes=1
        )
        assert body["data"] == {
            "entity_type": "demand",
            "id": demand["id"],
            "status": "published",
            "previous_status": "pending_review",
            "action": "approve",
            "organization_id": demand["organization_id"],
            "title": "镁合金压铸件 webhook",
        }

        [logged] = await deliveries(client, admin, subscription)
        assert arrived.headers["X-Techmarket-Delivery"] == logged["id"]
        assert logged["event_id"] == body["id"]
        assert logged["status"] == "succeeded"
        assert logged["attempts"] == 1
        assert logged["last_response_code"] == 204
        assert logged["last_error"] is None
        assert logged["last_duration_ms"] is not None
        assert logged["next_attempt_at"] is None
        assert logged["payload"] == body

        assert await dispatcher.run_once() == 0, "a delivered event is not sent again"

    async def test_a_refused_delivery_is_retried_after_its_back_off_until_it_succeeds(
        self,
        client: AsyncClient,
        app: FastAPI,
        session: AsyncSession,
        maker: async_sessionmaker[AsyncSession],
        dispatcher: Dispatcher,
        receivers: list[Receiver],
        actors: Actors,
        admin: dict[str, str],
    ) -> None:
        flaky = await receiver(500, then=200)
        receivers.append(flaky)
        subscription = await subscribe(client, admin, flaky.url, "demand.pending_review")
        demand = await create_demand(client, actors.owner)
        assert (
            await act_on_demand(client, demand["id"], "submit", actors.owner)
        ).status_code == 200
        await queue_events(app, maker)

        assert await dispatcher.run_once() == 1
        [logged] = await deliveries(client, admin, subscription)
        assert logged["status"] == "pending"
        assert (logged["attempts"], logged["last_response_code"]) == (1, 500)
        assert logged["last_error"] == "HTTP 500"
        due = datetime.fromisoformat(logged["next_attempt_at"])
        assert due > datetime.now(UTC) + timedelta(seconds=30), "it waits for its back-off"
        assert await dispatcher.run_once() == 0
        assert len(flaky.received) == 1

        await time_passes(session)
        assert await dispatcher.run_once() == 1
        [logged] = await deliveries(client, admin, subscription)
        assert (logged["status"], logged["attempts"], logged["last_response_code"]) == (
            "succeeded",
            2,
            200,
        )
        first, second = flaky.received
        assert first.body == second.body
        for header in ("X-Techmarket-Delivery", "X-Techmarket-Signature"):
            assert first.headers[header] == second.headers[header], "receivers can deduplicate"

    async def test_a_delivery_fails_after_its_attempts_and_an_admin_redelivers_it(
        self,
        client: AsyncClient,
        app: FastAPI,
        session: AsyncSession,
        maker: async_sessionmaker[AsyncSession],
        dispatcher: Dispatcher,
        receivers: list[Receiver],
        actors: Actors,
        admin: dict[str, str],
    ) -> None:
        down = await receiver(503, 503, 503, then=200)
        receivers.append(down)
        subscription = await subscribe(client, admin, down.url, "demand.pending_review")
        demand = await create_demand(client, actors.owner)
        await act_on_demand(client, demand["id"], "submit", actors.owner)
        await queue_events(app, maker)
        for _ in range(SETTINGS.max_attempts):
            assert await dispatcher.run_once() == 1
            await time_passes(session)
        assert await dispatcher.run_once() == 0, "no attempt after the last"
        [logged] = await deliveries(client, admin, subscription, status="failed")
        assert (logged["attempts"], logged["last_response_code"]) == (3, 503)
        assert logged["next_attempt_at"] is None
        assert await deliveries(client, admin, subscription, status="succeeded") == []

        redeliver = f"{WEBHOOKS}/deliveries/{logged['id']}/redeliver"
        assert (await client.post(redeliver, headers=actors.reviewer)).status_code == 403
        answer = await client.post(redeliver, headers=admin)
        assert answer.status_code == 200
        assert (answer.json()["status"], answer.json()["attempts"]) == ("pending", 0)
        assert await dispatcher.run_once() == 1
        [logged] = await deliveries(client, admin, subscription)
        assert (logged["status"], logged["attempts"], logged["last_response_code"]) == (
            "succeeded",
            1,
            200,
        )
        assert len({r.headers["X-Techmarket-Delivery"] for r in down.received}) == 1

    async def test_a_hanging_receiver_times_out_without_holding_up_others_or_the_api(
        self,
        client: AsyncClient,
        app: FastAPI,
        session: AsyncSession,
        maker: async_sessionmaker[AsyncSession],
        patient_dispatcher: Dispatcher,
        receivers: list[Receiver],
        actors: Actors,
        admin: dict[str, str],
    ) -> None:
        dispatcher = patient_dispatcher
        hanging = await receiver(HANG, then=200)
        # The healthy receiver answers only once the hanging one holds its request: sending one
        # after the other, whichever the order, would fail this test.
        healthy = await Receiver(answer_after=hanging.arrived).start()
        receivers.extend([hanging, healthy])
        stuck = await subscribe(client, admin, hanging.url, "demand.pending_review")
        fine = await subscribe(client, admin, healthy.url, "demand.pending_review")
        demand = await create_demand(client, actors.owner)
        await act_on_demand(client, demand["id"], "submit", actors.owner)
        await queue_events(app, maker)

        started = time.monotonic()
        sending = asyncio.create_task(dispatcher.run_once())
        await asyncio.wait_for(hanging.arrived.wait(), timeout=5)
        await asyncio.wait_for(healthy.arrived.wait(), timeout=5)
        assert healthy.received[0].at - started < PATIENT.timeout_seconds

        # While the receiver hangs, the API answers, reads and writes (a transition included).
        asked = time.monotonic()
        assert (await client.get("/api/v1/demands", headers=actors.owner)).status_code == 200
        other = await create_demand(client, actors.owner, title="另一个需求")
        answer = await act_on_demand(client, other["id"], "submit", actors.owner)
        assert answer.status_code == 200
        assert not sending.done(), "the API answered while the receiver still hung"
        assert time.monotonic() - asked < PATIENT.timeout_seconds

        assert await sending == 2
        assert time.monotonic() - started < PATIENT.timeout_seconds + 2
        [timed_out] = await deliveries(client, admin, stuck)
        assert timed_out["status"] == "pending"
        assert timed_out["attempts"] == 1
        assert timed_out["last_response_code"] is None
        assert timed_out["last_error"] == "timed out after 3 s"
        assert [d["status"] for d in await deliveries(client, admin, fine)] == ["succeeded"]

        await time_passes(session)  # the receiver answers again (then=200)
        assert await dispatcher.run_once() == 1
        [retried] = await deliveries(client, admin, stuck)
        assert (retried["status"], retried["attempts"]) == ("succeeded", 2)

    async def test_an_outbox_event_handled_twice_queues_one_delivery(
        self,
        client: AsyncClient,
        session: AsyncSession,
        receivers: list[Receiver],
        admin: dict[str, str],
    ) -> None:
        await subscribe(client, admin, "https://erp.example.cn/hook", "demand.published")
        event = {
            "event_id": "6f1c4a52-1111-4c8e-9f0e-8d8f2a3b4c5d",
            "type": "demand.published",
            "occurred_at": datetime.now(UTC).isoformat(),
            "entity_type": "demand",
            "id": "0b8f2a3b-2222-4c8e-9f0e-8d8f2a3b4c5d",
            "status": "published",
        }
        assert await service.fan_out(session, [event]) == 1
        await service.fan_out(session, [event])
        count = await session.scalar(select(func.count()).select_from(WebhookDelivery))
        assert count == 1

    async def test_the_delivery_log_pages_newest_first(
        self,
        client: AsyncClient,
        session: AsyncSession,
        admin: dict[str, str],
    ) -> None:
        subscription = await subscribe(client, admin, "https://erp.example.cn/hook")
        for n in range(3):
            await service.fan_out(
                session,
                [
                    {
                        "event_id": f"6f1c4a52-1111-4c8e-9f0e-8d8f2a3b4c5{n}",
                        "type": "demand.published",
                        "occurred_at": datetime.now(UTC).isoformat(),
                        "entity_type": "demand",
                        "id": f"0b8f2a3b-2222-4c8e-9f0e-8d8f2a3b4c5{n}",
                    }
                ],
            )
            await session.commit()
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2} | ({"cursor": cursor} if cursor else {})
            answer = await client.get(
                f"{WEBHOOKS}/{subscription['id']}/deliveries", params=params, headers=admin
            )
            page = answer.json()
            seen += [d["payload"]["data"]["id"] for d in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 3

    async def test_secrets_never_reach_the_logs(
        self,
        client: AsyncClient,
        app: FastAPI,
        session: AsyncSession,
        maker: async_sessionmaker[AsyncSession],
        dispatcher: Dispatcher,
        receivers: list[Receiver],
        actors: Actors,
        admin: dict[str, str],
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        caplog.set_level(logging.DEBUG)
        flaky = await receiver(500, then=200)
        receivers.append(flaky)
        created = await subscribe(client, admin, flaky.url, "demand.pending_review")
        demand = await create_demand(client, actors.owner)
        await act_on_demand(client, demand["id"], "submit", actors.owner)
        await queue_events(app, maker)
        await dispatcher.run_once()
        await time_passes(session)
        await dispatcher.run_once()
        assert len(flaky.received) == 2
        signature = flaky.received[0].headers["X-Techmarket-Signature"]
        assert any("webhook delivery attempted" in r.getMessage() for r in caplog.records)
        for record in caplog.records:
            logged = record.getMessage() + repr(record.__dict__)
            assert created["secret"] not in logged
            assert signature.removeprefix("sha256=") not in logged


async def test_a_published_challenge_reaches_its_subscriber_signed_after_a_first_failure(
    client: AsyncClient, app: FastAPI, session: AsyncSession,
    maker: async_sessionmaker[AsyncSession], dispatcher: Dispatcher,
    receivers: list[Receiver], admin: dict[str, str],
) -> None:  # fmt: skip
    """揭榜挂帅 events are workflow events like any other: 张榜 reaches a third-party board."""
    flaky = await receiver(502, then=200)
    receivers.append(flaky)
    subscription = await subscribe(client, admin, flaky.url, "challenge.published")
    challenge = await (await make_world(client, session)).published()
    await queue_events(app, maker)

    assert await dispatcher.run_once() == 1
    await time_passes(session)
    assert await dispatcher.run_once() == 1
    [logged] = await deliveries(client, admin, subscription)
    assert (logged["status"], logged["attempts"]) == ("succeeded", 2)
    arrived = flaky.received[-1]
    signature = hmac.new(subscription["secret"].encode(), arrived.body, hashlib.sha256).hexdigest()
    assert arrived.headers["X-Techmarket-Signature"] == f"sha256={signature}"
    event = json.loads(arrived.body)
    assert event["type"] == "challenge.published"
    assert event["data"]["id"] == challenge["id"]
