"""A real HTTP receiver on 127.0.0.1 for webhook tests: it records what arrives and answers as
told (a status code, or hang until released)."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass

from aiohttp import web

HANG = 0  # an "answer" that never comes (until the test releases the receiver)


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() on arrival


class Receiver:
    def __init__(
        self, *answers: int, then: int = 204, answer_after: asyncio.Event | None = None
    ) -> None:
        self.answers = deque(answers)
        self.answer_after = answer_after
        self.then = then
        self.received: list[Received] = []
        self.arrived = asyncio.Event()
        self.released = asyncio.Event()
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def _handle(self, request: web.Request) -> web.Response:
        self.received.append(
            Received(dict(request.headers), await request.read(), time.monotonic())
        )
        self.arrived.set()
        answer = self.answers.popleft() if self.answers else self.then
        if self.answer_after is not None:
            await self.answer_after.wait()
        if answer == HANG:
            await self.released.wait()
            answer = 204
        return web.Response(status=answer)

    async def start(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/hook"
        return self

    async def stop(self) -> None:
        self.released.set()
        if self._runner is not None:
            await self._runner.cleanup()
