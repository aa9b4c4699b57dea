"""When to try a failed send again: exponential backoff with full jitter, bounded attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field


class RetryPolicy(BaseModel):
    """Delays grow as base * 2^(attempt-1), capped; full jitter spreads a thundering herd."""

    model_config = ConfigDict(frozen=True)

    max_attempts: int = Field(default=6, ge=1)
    base_delay: dt.timedelta = dt.timedelta(seconds=30)
    max_delay: dt.timedelta = dt.timedelta(minutes=30)

    def next_delay(
        self, attempts_made: int, *, permanent: bool, random: Callable[[], float]
    ) -> dt.timedelta | None:
        """The wait before the next attempt, or None when giving up (permanent or exhausted)."""
        if permanent or attempts_made >= self.max_attempts:
            return None
        doubling = 1 << min(max(attempts_made - 1, 0), 30)
        ceiling = min(self.max_delay, self.base_delay * doubling)
        fraction = min(max(random(), 0.0), 1.0)
        return ceiling * fraction
