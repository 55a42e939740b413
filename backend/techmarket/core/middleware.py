"""Request id, access log and the last line of defence against unhandled errors.

A pure ASGI middleware (not ``BaseHTTPMiddleware``): it costs little on every request and it can
answer a problem+json 500 carrying the request id, which Starlette's outermost handler cannot.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from techmarket.core.errors import PROBLEM_MEDIA_TYPE, Problem
from techmarket.core.request_context import set_client_ip, set_request_id

log = logging.getLogger("techmarket.access")

# Accept a caller's id only if it is short and harmless in logs and headers.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
# Our secrets (core.security.new_secret: a short prefix, then 43 URL-safe characters) can sit in
# a path, e.g. an invitation token; whoever reads the logs must not be able to use them.
_SECRET_IN_PATH = re.compile(r"\b([a-z]{2,8})_[A-Za-z0-9_-]{40,}")


def loggable_path(path: str) -> str:
    return _SECRET_IN_PATH.sub(r"\1_[redacted]", path)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex
        set_request_id(request_id)
        client = scope.get("client")
        set_client_ip(client[0] if client else None)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error on %s %s", scope["method"], loggable_path(scope["path"]))
            if not response_started:
                await _send_internal_error(send_with_id, scope["path"], request_id)
        finally:
            log.info(
                "%s %s %s",
                scope["method"],
                loggable_path(scope["path"]),
                status,
                extra={
                    "status": status,
                    "duration_ms": round(1000 * (time.perf_counter() - started), 1),
                },
            )
            set_request_id(None)


async def _send_internal_error(send: Send, path: str, request_id: str) -> None:
    problem = Problem(
        status=500,
        code="server.internal_error",
        title="Internal server error",
        detail="an unexpected error occurred; quote the request id when reporting it",
        instance=path,
        request_id=request_id,
    )
    body = problem.model_dump_json(exclude_none=True).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
