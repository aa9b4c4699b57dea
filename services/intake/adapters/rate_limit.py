"""Per-address rate limit against form spam: a sliding window with the clock passed in."""

from __future__ import annotations

import datetime as dt
from collections import deque


class SlidingWindowRateLimiter:
    """At most `limit` accepted attempts per key in any window; refused ones do not count."""

    def __init__(self, limit: int, window: dt.timedelta) -> None:
        if limit < 1 or window <= dt.timedelta(0):
            raise ValueError("limit must be >= 1 and window positive")
        self._limit = limit
        self._window = window
        self._hits: dict[str, deque[dt.datetime]] = {}

    def allow(self, key: str, now: dt.datetime) -> bool:
        hits = self._hits.setdefault(key, deque())
        self._drop_expired(hits, now)
        if len(hits) >= self._limit:
            return False
        hits.append(now)
        return True

    def count(self, key: str, now: dt.datetime) -> int:
        """Attempts of `key` accepted within the window ending at `now`."""
        hits = self._hits.get(key)
        if hits is None:
            return 0
        self._drop_expired(hits, now)
        return len(hits)

    def forget_idle(self, now: dt.datetime) -> None:
        """Drop keys with no recent attempts, so memory does not grow with every address seen."""
        for key in list(self._hits):
            self._drop_expired(self._hits[key], now)
            if not self._hits[key]:
                del self._hits[key]

    def tracked_keys(self) -> int:
        return len(self._hits)

    def _drop_expired(self, hits: deque[dt.datetime], now: dt.datetime) -> None:
        while hits and hits[0] <= now - self._window:
            hits.popleft()


class AllowAll:
    """A limiter that never limits: for tests of everything but the limit."""

    def allow(self, key: str, now: dt.datetime) -> bool:
        return True


class FailureThrottle:
    """Slows guessing: after `limit` failures of a key within the window, that key must wait.

    Only failures count, so staff who sign in often are never held up. In-process: each
    replica keeps its own count (a guesser spread over replicas gets `limit` per replica).
    """

    def __init__(self, limit: int, window: dt.timedelta) -> None:
        self._failures = SlidingWindowRateLimiter(limit, window)
        self._limit = limit

    def blocked(self, key: str, now: dt.datetime) -> bool:
        """Whether this key has used up its failures for now."""
        self._failures.forget_idle(now)
        return len(self._failures._hits.get(key, ())) >= self._limit

    def failed(self, key: str, now: dt.datetime) -> None:
        self._failures.allow(key, now)
