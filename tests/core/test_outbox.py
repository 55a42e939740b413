"""The outbox loses nothing: events commit with their write and leave only once delivered."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from techmarket.core.outbox import OutboxEvent, OutboxWorker, enqueue
from techmarket.db import create_sessionmaker
from techmarket.main import create_app
from techmarket.settings import Settings
from tests.apps import running


class Receiver:
    """A handler that records what it was given, and fails while told to."""

    def __init__(self, *, failing: bool = False, delay: float = 0.0) -> None:
        self.received: list[Mapping[str, Any]] = []
        self.failing = failing
        self.delay = delay
        self.called = asyncio.Event()

    async def __call__(self, payloads: Sequence[Mapping[str, Any]]) -> None:
        self.called.set()
        await asyncio.sleep(self.delay)
        if self.failing:
            raise ConnectionError("receiver is down")
        self.received.extend(payloads)


@pytest.fixture
async def sessionmaker(engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Real, committing sessions: the worker's locking is what is under test."""
    maker = create_sessionmaker(engine)
    async with maker() as session:
        await session.execute(delete(OutboxEvent))
        await session.commit()
    yield maker
    async with maker() as session:
        await session.execute(delete(OutboxEvent))
        await session.commit()


async def _add(maker: async_sessionmaker[AsyncSession], topic: str, *ids: int) -> None:
    async with maker() as session:
        for number in ids:
            enqueue(session, topic=topic, payload={"id": number})
        await session.commit()


async def _remaining(maker: async_sessionmaker[AsyncSession]) -> list[OutboxEvent]:
    async with maker() as session:
        return list(await session.scalars(select(OutboxEvent).order_by(OutboxEvent.id)))


async def test_event_exists_only_if_its_write_commits(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    async with sessionmaker() as session:
        enqueue(session, topic="search", payload={"id": 1})
        await session.rollback()
    assert await _remaining(sessionmaker) == []

    await _add(sessionmaker, "search", 2)
    assert [e.payload for e in await _remaining(sessionmaker)] == [{"id": 2}]


async def test_delivered_events_arrive_in_order_and_are_deleted(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "search", 1, 2, 3)
    receiver = Receiver()
    worker = OutboxWorker(sessionmaker, {"search": receiver})
    assert await worker.run_once() == 3
    assert receiver.received == [{"id": 1}, {"id": 2}, {"id": 3}]
    assert await _remaining(sessionmaker) == []
    assert worker.last_success_at is not None


async def test_failed_delivery_is_kept_and_retried_later(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "search", 1)
    receiver = Receiver(failing=True)
    worker = OutboxWorker(sessionmaker, {"search": receiver})
    await worker.run_once()
    [event] = await _remaining(sessionmaker)
    assert event.attempts == 1
    assert "receiver is down" in (event.last_error or "")
    async with sessionmaker() as session:
        assert event.available_at > await session.scalar(select(func.now()))

    receiver.failing = False
    assert await worker.run_once() == 0, "not due yet: back-off is respected"
    async with sessionmaker() as session:
        await session.execute(
            OutboxEvent.__table__.update().values(available_at=func.now())  # type: ignore[attr-defined]
        )
        await session.commit()
    assert await worker.run_once() == 1
    assert receiver.received == [{"id": 1}]
    assert await _remaining(sessionmaker) == []


async def test_a_failing_topic_does_not_hold_back_the_others(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "webhook", 1)
    await _add(sessionmaker, "search", 2)
    search = Receiver()
    worker = OutboxWorker(sessionmaker, {"webhook": Receiver(failing=True), "search": search})
    await worker.run_once()
    assert search.received == [{"id": 2}]
    assert [e.topic for e in await _remaining(sessionmaker)] == ["webhook"]


async def test_event_without_handler_is_kept_with_the_reason(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "unknown", 1)
    await OutboxWorker(sessionmaker, {}).run_once()
    [event] = await _remaining(sessionmaker)
    assert "no handler for topic 'unknown'" in (event.last_error or "")


async def test_two_workers_never_deliver_the_same_event(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "search", *range(40))
    first, second = Receiver(delay=0.3), Receiver(delay=0.3)
    workers = [
        OutboxWorker(sessionmaker, {"search": first}, batch_size=10),
        OutboxWorker(sessionmaker, {"search": second}, batch_size=10),
    ]
    while await _remaining(sessionmaker):
        await asyncio.gather(*(worker.run_once() for worker in workers))
    delivered = [p["id"] for p in first.received + second.received]
    assert sorted(delivered) == list(range(40))
    assert first.received, "both workers took batches at the same time"
    assert second.received, "both workers took batches at the same time"


async def test_concurrent_claims_take_at_most_a_batch_each_and_never_the_same_event(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    # Statistics of a large table that has been emptied, as after a bulk import: with them
    # PostgreSQL once ran a claim's LIMIT subquery repeatedly and leased 40 events of 10.
    await _add(sessionmaker, "search", *range(5000))
    async with sessionmaker() as session, session.begin():
        await session.execute(delete(OutboxEvent))
    async with sessionmaker() as session:
        await session.execute(text("COMMIT"))
        await session.execute(text("ANALYZE outbox_event"))
    workers = [OutboxWorker(sessionmaker, {"search": Receiver()}, batch_size=10) for _ in range(3)]
    for round_ in range(10):
        await _add(sessionmaker, "search", *range(40 * round_, 40 * round_ + 40))
        taken = await asyncio.gather(*(worker.run_once() for worker in workers))
        assert all(count <= 10 for count in taken), taken
        assert sum(taken) == 30
        async with sessionmaker() as session, session.begin():
            await session.execute(delete(OutboxEvent))
    delivered = [p["id"] for w in workers for p in w.handlers["search"].received]  # type: ignore[attr-defined]
    assert len(delivered) == len(set(delivered)) == 300


async def test_a_dead_workers_events_come_back_when_its_lease_ends(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "search", 1, 2)
    taken = asyncio.Event()

    async def take_then_hang(payloads: Sequence[Mapping[str, Any]]) -> None:
        taken.set()
        await asyncio.Event().wait()

    lease = timedelta(seconds=1)
    dying = OutboxWorker(sessionmaker, {"search": take_then_hang}, lease=lease)
    batch = asyncio.create_task(dying.run_once())
    await asyncio.wait_for(taken.wait(), timeout=10)
    batch.cancel()
    with pytest.raises(asyncio.CancelledError):
        await batch

    receiver = Receiver()
    survivor = OutboxWorker(sessionmaker, {"search": receiver})
    assert await survivor.run_once() == 0, "leased to the dead worker until the lease ends"
    await asyncio.sleep(lease.total_seconds() + 0.2)
    assert await survivor.run_once() == 2
    assert receiver.received == [{"id": 1}, {"id": 2}]
    assert await _remaining(sessionmaker) == []


async def test_a_live_worker_keeps_its_events_beyond_one_lease(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "search", 1)
    slow, other = Receiver(delay=2.0), Receiver()
    working = OutboxWorker(sessionmaker, {"search": slow}, lease=timedelta(seconds=0.6))
    batch = asyncio.create_task(working.run_once())
    await asyncio.wait_for(slow.called.wait(), timeout=10)
    poller = OutboxWorker(sessionmaker, {"search": other})
    while not batch.done():
        await poller.run_once()
        await asyncio.sleep(0.1)
    assert batch.result() == 1
    assert slow.received == [{"id": 1}]
    assert other.received == [], "the lease was renewed while the handler worked"
    assert await _remaining(sessionmaker) == []


async def test_running_worker_delivers_and_stops_on_request(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    receiver = Receiver()
    worker = OutboxWorker(sessionmaker, {"search": receiver}, idle_seconds=0.05)
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    await _add(sessionmaker, "search", 7)
    for _ in range(100):
        if receiver.received:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert receiver.received == [{"id": 7}]


async def test_running_worker_delivers_several_batches_at_once(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    await _add(sessionmaker, "search", *range(30))
    delivering, most, received = 0, 0, []

    async def slow(payloads: Sequence[Mapping[str, Any]]) -> None:
        nonlocal delivering, most
        delivering += 1
        most = max(most, delivering)
        await asyncio.sleep(0.5)
        received.extend(p["id"] for p in payloads)
        delivering -= 1

    worker = OutboxWorker(
        sessionmaker, {"search": slow}, batch_size=10, in_flight=3, idle_seconds=0.05
    )
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    for _ in range(100):
        if len(received) == 30:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(task, timeout=5)
    assert sorted(received) == list(range(30)), "each event once"
    assert most == 3, "three batches were delivered at the same time"
    assert await _remaining(sessionmaker) == []


async def _wait_for_attempt(maker: async_sessionmaker[AsyncSession]) -> OutboxEvent:
    for _ in range(100):
        events = await _remaining(maker)
        if events and events[0].attempts:
            return events[0]
        await asyncio.sleep(0.1)
    pytest.fail("no worker took the event")


async def test_api_process_runs_the_worker_when_asked(
    settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    async with running(create_app(settings.model_copy(update={"worker_in_process": True}))):
        await _add(sessionmaker, "no-such-topic", 1)
        event = await _wait_for_attempt(sessionmaker)
    assert "no handler" in (event.last_error or "")


async def test_worker_command_works_and_stops_on_sigterm(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    subprocess_env: dict[str, str],
) -> None:
    assert settings.database_url
    worker = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "techmarket.cli",
        "worker",
        env={**subprocess_env, "DATABASE_URL": settings.database_url},
    )
    try:
        await _add(sessionmaker, "no-such-topic", 1)
        await _wait_for_attempt(sessionmaker)
    finally:
        worker.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(worker.wait(), timeout=30) == 0
