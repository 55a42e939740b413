"""In-memory sliding-window limits (one API process; Redis would share them between replicas)."""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque

from techmarket.core.errors import AppError


class TooManyAttempts(AppError):
    code = "auth.too_many_attempts"
    status = 429
    title = "Too many attempts"


class SlidingWindowLimiter:
    """At most ``limit`` hits per ``window`` seconds per key."""

    def __init__(self, *, limit: int, window: float, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def retry_after(self, key: str) -> int | None:
        """Seconds until ``key`` may try again, or None when it may now."""
        now = time.monotonic()
        hits = self._recent(key, now)
        if len(hits) < self.limit:
            return None
        return max(1, math.ceil(hits[0] + self.window - now))

    def hit(self, key: str) -> None:
        if len(self._hits) > self.max_keys:  # bounded memory under a spray of keys
            self._hits.clear()
        self._hits[key].append(time.monotonic())

    def reset(self, key: str) -> None:
        self._hits.pop(key, None)
